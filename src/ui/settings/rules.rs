//! Settings → codes and grading rules: every threshold of DOMAIN.md's grading, the code
//! rules, the churn window and CLV years, validated before they are saved.

use crate::domain::settings::{Rule, Settings};
use crate::domain::validation::Problem;
use crate::ui::actions;
use crate::ui::components::{live_unless, loaded, Panel};
use crate::ui::i18n::{use_i18n, Key};
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;

fn label(rule: Rule) -> Key {
    match rule {
        Rule::CustomerPrefix => Key::RCustomerPrefix,
        Rule::ProductPattern => Key::RProductPattern,
        Rule::Recency => Key::RRecency,
        Rule::Frequency => Key::RFrequency,
        Rule::Monetary => Key::RMonetary,
        Rule::GradeMins => Key::RGradeMins,
        Rule::AtRisk => Key::RAtRisk,
        Rule::ProspectMonths => Key::RProspectMonths,
        Rule::ProspectProbability => Key::RProspectProb,
        Rule::ChurnWindow => Key::RChurnWindow,
        Rule::ClvYears => Key::RClvYears,
        Rule::ContractApproval => Key::RContractApproval,
        Rule::ContractNumber => Key::RContractNumber,
        Rule::QuoteNumber => Key::RQuoteNumber,
        Rule::QuoteValidity => Key::RQuoteValidity,
        Rule::TaxRate => Key::RTaxRate,
        Rule::Currency => Key::RCurrency,
    }
}

#[component]
pub fn RulesPanel() -> impl IntoView {
    let i18n = use_i18n();
    let dirty = RwSignal::new(false);
    let settings = live_unless(dirty, |s| async move { s.settings().await });
    view! {
        <Panel title=Signal::derive(move || i18n.t(Key::SetRules).to_string())>
            <p class="hint">{move || i18n.t(Key::SetRulesHint)}</p>
            {loaded(settings, move |s| view! { <RulesForm settings=s dirty=dirty /> })}
        </Panel>
    }
}

#[component]
fn RulesForm(settings: Settings, dirty: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let values: Vec<(Rule, RwSignal<String>)> = Rule::ALL.into_iter().map(|r| (r, RwSignal::new(r.show(&settings)))).collect();
    let values = StoredValue::new(values);
    let invalid = RwSignal::new(Vec::<Rule>::new());
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
        let bad: Vec<Rule> = values.with_value(|vs| vs.iter().filter(|(r, v)| !r.apply(&mut s, &v.get_untracked())).map(|(r, _)| *r).collect());
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
    view! {
        <form class="rules" novalidate on:submit=save data-testid="rules">
            {values.with_value(|vs| vs.iter().map(|&(rule, value)| {
                let id = rule.id();
                view! {
                    <div class="field" class:invalid=move || invalid.with(|b| b.contains(&rule))>
                        <label for=format!("rule-{id}")>{move || i18n.t(label(rule))}</label>
                        <input id=format!("rule-{id}") type="text" prop:value=move || value.get() on:input=move |ev| { dirty.set(true); value.set(event_target_value(&ev)); } />
                        {move || invalid.with(|b| b.contains(&rule)).then(|| view! {
                            <span class="field-error" role="alert">{move || {
                                let typed = value.get();
                                let problem = if typed.trim().is_empty() { Problem::Required } else { Problem::Malformed(typed) };
                                let text = crate::ui::i18n::problem_text(i18n.get(), &problem);
                                match rule {
                                    Rule::Currency => format!("{text} {}", i18n.t(Key::CurrencyFormatHint)),
                                    _ => text,
                                }
                            }}</span>
                        })}
                    </div>
                }
            }).collect_view())}
            <div class="field">
                <label class="check">
                    <input type="checkbox" data-testid="reduce-stock" prop:checked=move || reduce_stock.get()
                        on:change=move |ev| { dirty.set(true); reduce_stock.set(event_target_checked(&ev)); } />
                    {move || i18n.t(Key::RReduceStock)}
                </label>
                <span class="hint">{move || i18n.t(Key::RReduceStockHint)}</span>
            </div>
            <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{move || i18n.t(Key::SaveRules)}</button>
        </form>
    }
}
