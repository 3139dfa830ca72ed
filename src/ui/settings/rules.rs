//! Settings → codes and grading rules: every threshold of DOMAIN.md's grading, the code
//! rules, the churn window and CLV years, validated before they are saved.

use crate::domain::settings::{Order, Rule, RuleGroup, Settings};
use crate::domain::validation::Problem;
use crate::ui::actions;
use crate::ui::components::{live_unless, loaded};
use crate::ui::i18n::{problem_text, rule_hint, rule_label, use_i18n, Key};
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The rules in three sections of Settings (one form: grades are recomputed from all of
/// them at once), saved by the bar under the last.
#[component]
pub fn RulesPanel() -> impl IntoView {
    let dirty = RwSignal::new(false);
    let settings = live_unless(dirty, |s| async move { s.settings().await });
    view! { {loaded(settings, move |s| view! { <RulesForm settings=s dirty=dirty /> })} }
}

/// What is wrong with a rule as typed: a number outside its range says the range.
fn refused(rule: Rule, typed: &str) -> Problem {
    let t = typed.trim().trim_end_matches('%').trim();
    let whole = !t.is_empty() && t.strip_prefix('-').unwrap_or(t).chars().all(|c| c.is_ascii_digit());
    let bounds = match rule {
        Rule::TaxRate => Some((0, 100)),
        _ => rule.bounds(),
    };
    let number = whole || (rule == Rule::TaxRate && t.parse::<rust_decimal::Decimal>().is_ok());
    match bounds {
        _ if typed.trim().is_empty() => Problem::Required,
        Some((min, max)) if number => Problem::OutOfRange { min: i64::from(min), max: i64::from(max) },
        _ if rule.is_amount() && t.starts_with('-') => Problem::Negative,
        _ => Problem::Malformed(typed.to_string()),
    }
}

#[component]
fn RulesForm(settings: Settings, dirty: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let values: Vec<(Rule, RwSignal<String>)> = Rule::ALL.into_iter().map(|r| (r, RwSignal::new(r.show(&settings)))).collect();
    let values = StoredValue::new(values);
    let invalid = RwSignal::new(Vec::<(Rule, Problem)>::new());
    let reduce_stock = RwSignal::new(settings.reduce_stock_on_win);
    let base = StoredValue::new(settings);
    // While a save runs, another click does nothing (a double click is one save).
    let busy = RwSignal::new(false);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let mut s = base.get_value();
        let mut bad: Vec<(Rule, Problem)> = values.with_value(|vs| {
            vs.iter()
                .filter_map(|(r, v)| {
                    let typed = v.get_untracked();
                    (!r.apply(&mut s, &typed)).then(|| (*r, refused(*r, &typed)))
                })
                .collect()
        });
        // A's bar and B's, each fine alone, may have crossed.
        // Both fields say it: the one just changed may be either.
        let crossed: Vec<(Rule, Problem)> = Rule::out_of_order(&s)
            .into_iter()
            .filter(|o| !bad.iter().any(|(r, _)| *r == o.rule || *r == o.other))
            .flat_map(|o| {
                let at_most = o.order == Order::AtMost;
                [
                    (o.rule, Problem::Crosses { at_most, other: o.other.id() }),
                    (o.other, Problem::Crosses { at_most: !at_most, other: o.rule.id() }),
                ]
            })
            .collect();
        bad.extend(crossed);
        invalid.set(bad.clone());
        if !bad.is_empty() || !s.validate().is_empty() {
            return;
        }
        s.reduce_stock_on_win = reduce_stock.get_untracked();
        s.updated_at = Some(chrono::Utc::now());
        busy.set(true);
        spawn_local(async move {
            if actions::save(state, i18n.lang.get_untracked(), s).await {
                // Saved (or the stored version chosen): show what is stored now.
                dirty.set(false);
            }
            busy.set(false);
        });
    };
    let field = move |rule: Rule, value: RwSignal<String>| {
        let id = format!("rule-{}", rule.id());
        let hint_id = format!("{id}-hint");
        let problem = move || invalid.with(|b| b.iter().find(|(r, _)| *r == rule).map(|(_, p)| p.clone()));
        let numeric = rule.bounds().is_some() || rule.is_amount();
        view! {
            <div class="field" class:invalid=move || problem().is_some()>
                <label for=id.clone()>{move || {
                    let label = i18n.t(rule_label(rule));
                    if rule.is_amount() { format!("{label} ({})", crate::ui::components::currency_symbol()) } else { label.to_string() }
                }}</label>
                <input id=id type="text" inputmode=if numeric { "decimal" } else { "text" } aria-describedby=hint_id.clone()
                    prop:value=move || value.get() on:input=move |ev| { dirty.set(true); value.set(event_target_value(&ev)); } />
                <span class="hint" id=hint_id>{move || i18n.t(rule_hint(rule))}</span>
                {move || problem().map(|p| view! {
                    <span class="field-error" role="alert">{move || {
                        let text = problem_text(i18n.get(), &p);
                        match rule {
                            Rule::Currency => format!("{text} {}", i18n.t(Key::CurrencyFormatHint)),
                            _ => text,
                        }
                    }}</span>
                })}
            </div>
        }
    };
    let section = move |group: RuleGroup, title: Key, hint: Option<Key>| {
        let fields = values.with_value(|vs| vs.iter().filter(|(r, _)| r.group() == group).map(|&(r, v)| field(r, v)).collect_view());
        view! {
            <section class="panel" aria-labelledby=format!("rules-{title:?}")>
                <h2 class="panel-title" id=format!("rules-{title:?}")>{move || i18n.t(title)}</h2>
                {hint.map(|h| view! { <p class="hint">{move || i18n.t(h)}</p> })}
                <div class="rule-grid">{fields}</div>
                {(group == RuleGroup::Documents).then(|| view! {
                    <div class="field">
                        <label class="check">
                            <input type="checkbox" data-testid="reduce-stock" prop:checked=move || reduce_stock.get()
                                on:change=move |ev| { dirty.set(true); reduce_stock.set(event_target_checked(&ev)); } />
                            {move || i18n.t(Key::RReduceStock)}
                        </label>
                        <span class="hint">{move || i18n.t(Key::RReduceStockHint)}</span>
                    </div>
                })}
            </section>
        }
    };
    view! {
        <form class="rules" novalidate on:submit=save data-testid="rules">
            {section(RuleGroup::Documents, Key::SetRulesDocuments, None)}
            {section(RuleGroup::Grading, Key::SetRulesGrading, Some(Key::SetRulesGradingHint))}
            {section(RuleGroup::Prospects, Key::SetRulesProspects, None)}
            // The button on the left: the floating quick-lead button of tablets sits on the right.
            <div class="rules-save" class:unsaved=move || dirty.get()>
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{move || i18n.t(Key::SaveRules)}</button>
                <span class="hint">{move || dirty.get().then(|| i18n.t(Key::RulesUnsaved))}</span>
                {move || invalid.with(|b| !b.is_empty()).then(|| view! { <span class="error" role="alert">{move || i18n.t(Key::FixErrors)}</span> })}
            </div>
        </form>
    }
}
