//! Settings → codes and grading rules: every threshold of DOMAIN.md's grading, the code
//! rules, the churn window and CLV years, validated before they are saved.

use crate::domain::money::Money;
use crate::domain::settings::Settings;
use crate::ui::actions;
use crate::ui::components::Panel;
use crate::ui::i18n::{use_i18n, Key};
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// One editable rule: its label, text, and how to write it into the settings.
struct Rule {
    label: Key,
    id: &'static str,
    value: RwSignal<String>,
    apply: fn(&mut Settings, &str) -> bool,
}

fn pair<T: std::str::FromStr>(text: &str) -> Option<[T; 2]> {
    let mut parts = text.split(['/', ',']).map(str::trim);
    let a = parts.next()?.parse().ok()?;
    let b = parts.next()?.parse().ok()?;
    parts.next().is_none().then_some([a, b])
}

#[component]
pub fn RulesPanel() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let settings = LocalResource::new(move || {
        state.revision.track();
        async move { state.db()?.get_all::<Settings>().await.ok().map(|v| v.into_iter().next().unwrap_or_default()) }
    });
    view! {
        <Panel title=Signal::derive(move || i18n.t(Key::SetRules).to_string())>
            <p class="hint">{move || i18n.t(Key::SetRulesHint)}</p>
            <Transition fallback=|| ()>
                {move || settings.get().flatten().map(|s| view! { <RulesForm settings=s /> })}
            </Transition>
        </Panel>
    }
}

#[component]
fn RulesForm(settings: Settings) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let t = &settings.grade_thresholds;
    let rule = |label, id, value: String, apply| Rule { label, id, value: RwSignal::new(value), apply };
    let rules = vec![
        rule(Key::RCustomerPrefix, "customer_code_prefix", settings.customer_code_prefix.clone(), |s, v| { s.customer_code_prefix = v.trim().into(); !v.trim().is_empty() }),
        rule(Key::RProductPattern, "product_code_pattern", settings.product_code_pattern.clone(), |s, v| { s.product_code_pattern = v.trim().into(); v.contains("{seq}") }),
        rule(Key::RRecency, "recency", format!("{} / {}", t.recency_days[0], t.recency_days[1]), |s, v| pair::<u32>(v).filter(|p| p[0] <= p[1]).map(|p| s.grade_thresholds.recency_days = p).is_some()),
        rule(Key::RFrequency, "frequency", format!("{} / {}", t.frequency[0], t.frequency[1]), |s, v| pair::<u32>(v).filter(|p| p[0] >= p[1]).map(|p| s.grade_thresholds.frequency = p).is_some()),
        rule(Key::RMonetary, "monetary", format!("{} / {}", t.monetary[0], t.monetary[1]), |s, v| {
            let parts: Vec<&str> = v.split('/').map(str::trim).collect();
            match parts.as_slice() {
                [a, b] => match (Money::parse(a), Money::parse(b)) {
                    (Ok(a), Ok(b)) if a >= b && !b.is_negative() => { s.grade_thresholds.monetary = [a, b]; true }
                    _ => false,
                },
                _ => false,
            }
        }),
        rule(Key::RGradeMins, "grade_mins", format!("{} / {}", t.grade_a_min, t.grade_b_min), |s, v| pair::<u8>(v).filter(|p| p[0] >= p[1] && p[0] <= 9 && p[1] >= 3).map(|p| { s.grade_thresholds.grade_a_min = p[0]; s.grade_thresholds.grade_b_min = p[1]; }).is_some()),
        rule(Key::RAtRisk, "at_risk_days", t.at_risk_days.to_string(), |s, v| v.trim().parse::<u32>().ok().filter(|d| (1..=3650).contains(d)).map(|d| s.grade_thresholds.at_risk_days = d).is_some()),
        rule(Key::RProspectMonths, "prospect_months", format!("{} / {}", t.prospect_months[0], t.prospect_months[1]), |s, v| pair::<u32>(v).filter(|p| p[0] <= p[1] && p[1] <= 120).map(|p| s.grade_thresholds.prospect_months = p).is_some()),
        rule(Key::RProspectProb, "prospect_probability", t.prospect_a_min_probability.to_string(), |s, v| v.trim().parse::<u8>().ok().filter(|p| *p <= 100).map(|p| s.grade_thresholds.prospect_a_min_probability = p).is_some()),
        rule(Key::RChurnWindow, "churn_window_days", settings.churn_window_days.to_string(), |s, v| v.trim().parse::<u32>().ok().filter(|d| (1..=3650).contains(d)).map(|d| s.churn_window_days = d).is_some()),
        rule(Key::RClvYears, "clv_years", settings.clv_years.to_string(), |s, v| v.trim().parse::<u32>().ok().filter(|y| (1..=100).contains(y)).map(|y| s.clv_years = y).is_some()),
    ];
    let rules = StoredValue::new_local(rules);
    let invalid = RwSignal::new(Vec::<&'static str>::new());
    let base = StoredValue::new(settings);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let mut s = base.get_value();
        let bad: Vec<&'static str> = rules.with_value(|rs| rs.iter().filter(|r| !(r.apply)(&mut s, &r.value.get_untracked())).map(|r| r.id).collect());
        invalid.set(bad.clone());
        if !bad.is_empty() || !s.validate().is_empty() {
            return;
        }
        s.updated_at = Some(chrono::Utc::now());
        spawn_local(async move { actions::save(state, i18n.lang.get_untracked(), s).await; });
    };
    view! {
        <form class="rules" novalidate on:submit=save data-testid="rules">
            {rules.with_value(|rs| rs.iter().map(|r| {
                let (id, value, label) = (r.id, r.value, r.label);
                view! {
                    <div class="field" class:invalid=move || invalid.with(|b| b.contains(&id))>
                        <label for=format!("rule-{id}")>{move || i18n.t(label)}</label>
                        <input id=format!("rule-{id}") type="text" prop:value=move || value.get() on:input=move |ev| value.set(event_target_value(&ev)) />
                        {move || invalid.with(|b| b.contains(&id)).then(|| view! {
                            <span class="field-error" role="alert">{crate::ui::i18n::problem_text(i18n.get(), &crate::domain::validation::Problem::Malformed(value.get()))}</span>
                        })}
                    </div>
                }
            }).collect_view())}
            <button type="submit" class="btn btn-primary">{move || i18n.t(Key::SaveRules)}</button>
        </form>
    }
}
