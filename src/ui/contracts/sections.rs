//! The parts of a contract that change while it runs: milestones with their progress,
//! amendments (an amount change recorded with both amounts), the dispute flag and a manual
//! risk override with its reason.

use super::Apply;
use crate::domain::contracts::edit::{add_milestone, amend, override_risk, remove_milestone, set_dispute, set_progress};
use crate::domain::contracts::risk::progress;
use crate::domain::contracts::{Contract, ContractStatus, RiskLevel};
use crate::domain::money::Money;
use crate::domain::validation::Problem;
use crate::domain::{enum_code, enum_from_code};
use crate::service::today;
use crate::ui::components::money_text;
use crate::ui::i18n::{edit_refused, problem_text, risk_label, use_i18n, Key};
use leptos::prelude::*;
use std::sync::Arc;

#[component]
pub(super) fn Milestones(contract: Contract, busy: RwSignal<bool>, apply: Apply) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let name = RwSignal::new(String::new());
    let due = RwSignal::new(String::new());
    let open = !contract.status.is_final();
    let add = move || {
        let lang = i18n.lang.get_untracked();
        let n = name.get_untracked();
        let d = due.get_untracked().parse().ok();
        apply.run((Arc::new(move |c: &Contract| add_milestone(c, &n, d).map_err(|e| edit_refused(lang, &e))), error));
    };
    let overall = progress(&contract);
    let items = contract.milestones.iter().map(|m| {
        let who = m.name.clone();
        let typed = RwSignal::new(m.progress.to_string());
        let set = {
            let who = who.clone();
            move || {
                let lang = i18n.lang.get_untracked();
                let who = who.clone();
                match typed.get_untracked().trim().parse::<u8>() {
                    Ok(p) => apply.run((Arc::new(move |c: &Contract| set_progress(c, &who, p).map_err(|e| edit_refused(lang, &e))), error)),
                    Err(_) => error.set(Some(edit_refused(lang, &crate::domain::contracts::edit::EditRefused::ProgressOutOfRange))),
                }
            }
        };
        let label = format!("{} · {}", m.name, i18n.t(Key::ProgressPct));
        view! {
            <li class="milestone" data-testid="milestone">
                <span class="milestone-name">{m.name.clone()}{m.due.map(|d| format!(" · {d}"))}</span>
                <progress max="100" value=m.progress.to_string()></progress>
                {if open {
                    let set2 = set.clone();
                    view! {
                        <input class="progress-input" type="number" min="0" max="100" step="5" aria-label=label prop:value=move || typed.get()
                            on:input=move |ev| typed.set(event_target_value(&ev))
                            on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); set2() } />
                        <button type="button" class="btn btn-small" disabled=move || busy.get() on:click=move |_| set()>{i18n.t(Key::Save)}</button>
                        <button type="button" class="btn btn-small" disabled=move || busy.get() aria-label=format!("{} {}", i18n.t(Key::Remove), m.name) on:click=move |_| {
                            let lang = i18n.lang.get_untracked();
                            let who = who.clone();
                            apply.run((Arc::new(move |c: &Contract| remove_milestone(c, &who).map_err(|e| edit_refused(lang, &e))), error));
                        }>{i18n.t(Key::Remove)}</button>
                    }.into_any()
                } else {
                    view! { <span>{format!("{} %", m.progress)}</span> }.into_any()
                }}
            </li>
        }
    }).collect_view();
    view! {
        <section class="milestones" data-testid="milestones">
            <h3>{i18n.t(Key::Milestones)}</h3>
            {match overall {
                Some(p) => view! { <p data-testid="overall-progress">{format!("{}: {p} %", i18n.t(Key::OverallProgress))}</p> }.into_any(),
                None => view! { <p class="hint">{i18n.t(Key::NoMilestones)}</p> }.into_any(),
            }}
            <ul class="milestone-list">{items}</ul>
            {open.then(|| view! {
                <div class="inline-form">
                    <div class="field">
                        <label for="milestone-name">{i18n.t(Key::MilestoneName)}</label>
                        <input id="milestone-name" type="text" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))
                            on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); add() } />
                    </div>
                    <div class="field">
                        <label for="milestone-due">{i18n.t(Key::DueDate)}</label>
                        <input id="milestone-due" type="date" prop:value=move || due.get() on:input=move |ev| due.set(event_target_value(&ev)) />
                    </div>
                    <button type="button" class="btn" disabled=move || busy.get() on:click=move |_| add()>{i18n.t(Key::AddMilestone)}</button>
                </div>
            })}
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </section>
    }
}

#[component]
pub(super) fn Amendments(contract: Contract, busy: RwSignal<bool>, apply: Apply) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let what = RwSignal::new(String::new());
    let on = RwSignal::new(today().to_string());
    let amount = RwSignal::new(String::new());
    let allowed = matches!(contract.status, ContractStatus::Approved | ContractStatus::Signed | ContractStatus::Executing);
    let record = move || {
        let lang = i18n.lang.get_untracked();
        let Ok(date) = on.get_untracked().parse() else {
            error.set(Some(problem_text(lang, &Problem::InvalidDate)));
            return;
        };
        let typed = amount.get_untracked();
        let new_amount = match Money::parse(&typed) {
            _ if typed.trim().is_empty() => None,
            Ok(m) if !m.is_negative() => Some(m),
            Ok(_) => return error.set(Some(problem_text(lang, &Problem::Negative))),
            Err(_) => return error.set(Some(problem_text(lang, &Problem::Malformed(typed)))),
        };
        let description = what.get_untracked();
        apply.run((Arc::new(move |c: &Contract| amend(c, date, &description, new_amount).map_err(|e| edit_refused(lang, &e))), error));
    };
    let list = contract.amendments.iter().rev().map(|a| {
        let change = a.new_amount.map(|to| format!(" · {} → {}", a.previous_amount.map(money_text).unwrap_or_default(), money_text(to)));
        view! { <li>{format!("{} · {}", a.date, a.description)}{change.map(|c| view! { <strong>{c}</strong> })}</li> }
    }).collect_view();
    let empty = contract.amendments.is_empty();
    view! {
        <section class="amendments" data-testid="amendments">
            <h3>{i18n.t(Key::Amendments)}</h3>
            {empty.then(|| view! { <p class="hint">{i18n.t(Key::NoAmendments)}</p> })}
            <ol class="timeline">{list}</ol>
            {allowed.then(|| view! {
                <div class="inline-form">
                    <div class="field grow">
                        <label for="amend-what">{i18n.t(Key::AmendmentWhat)}</label>
                        <input id="amend-what" type="text" prop:value=move || what.get() on:input=move |ev| what.set(event_target_value(&ev)) />
                    </div>
                    <div class="field">
                        <label for="amend-date">{i18n.t(Key::AmendmentDate)}</label>
                        <input id="amend-date" type="date" prop:value=move || on.get() on:input=move |ev| on.set(event_target_value(&ev)) />
                    </div>
                    <div class="field">
                        <label for="amend-amount">{i18n.t(Key::NewAmountOptional)}</label>
                        <input id="amend-amount" type="text" inputmode="decimal" prop:value=move || amount.get() on:input=move |ev| amount.set(event_target_value(&ev)) />
                    </div>
                    <button type="button" class="btn" disabled=move || busy.get() on:click=move |_| record()>{i18n.t(Key::RecordAmendment)}</button>
                </div>
            })}
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </section>
    }
}

/// The dispute flag with its note, and the risk level set by hand (with a reason) or left to
/// the rules.
#[component]
pub(super) fn DisputeAndRisk(contract: Contract, busy: RwSignal<bool>, apply: Apply) -> impl IntoView {
    let i18n = use_i18n();
    let error = RwSignal::new(None::<String>);
    let disputed = RwSignal::new(contract.disputed);
    let note = RwSignal::new(contract.dispute_note.clone());
    let level = RwSignal::new(contract.risk_override.as_ref().map(|o| enum_code(&o.level)).unwrap_or_default());
    let reason = RwSignal::new(contract.risk_override.as_ref().map(|o| o.reason.clone()).unwrap_or_default());
    let open = !contract.status.is_final();
    let save_dispute = move || {
        let lang = i18n.lang.get_untracked();
        let (on, n) = (disputed.get_untracked(), note.get_untracked());
        apply.run((Arc::new(move |c: &Contract| set_dispute(c, on, &n).map_err(|e| edit_refused(lang, &e))), error));
    };
    let save_risk = move || {
        let lang = i18n.lang.get_untracked();
        let l: Option<RiskLevel> = enum_from_code(&level.get_untracked());
        let r = reason.get_untracked();
        apply.run((Arc::new(move |c: &Contract| override_risk(c, l, &r).map_err(|e| edit_refused(lang, &e))), error));
    };
    view! {
        <section class="dispute-risk" data-testid="dispute-risk">
            {open.then(|| view! {
                <h3>{i18n.t(Key::Dispute)}</h3>
                <div class="inline-form">
                    <label class="check">
                        <input type="checkbox" prop:checked=move || disputed.get() on:change=move |ev| disputed.set(event_target_checked(&ev)) />
                        {i18n.t(Key::Disputed)}
                    </label>
                    <div class="field grow">
                        <label for="dispute-note">{i18n.t(Key::DisputeNote)}</label>
                        <input id="dispute-note" type="text" disabled=move || !disputed.get() prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
                    </div>
                    <button type="button" class="btn" disabled=move || busy.get() on:click=move |_| save_dispute()>{i18n.t(Key::SaveDispute)}</button>
                </div>
            })}
            <h3>{i18n.t(Key::RiskOverride)}</h3>
            <div class="inline-form">
                <div class="field">
                    <label for="risk-level">{i18n.t(Key::RiskCol)}</label>
                    <select id="risk-level" on:change=move |ev| level.set(event_target_value(&ev))>
                        <option value="" selected=move || level.with(String::is_empty)>{i18n.t(Key::RiskByRules)}</option>
                        {[RiskLevel::High, RiskLevel::Medium, RiskLevel::Low].into_iter().map(|r| {
                            let code = enum_code(&r);
                            let c2 = code.clone();
                            view! { <option value=code selected=move || level.with(|l| *l == c2)>{risk_label(i18n.get(), r)}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field grow">
                    <label for="risk-reason">{i18n.t(Key::Reason)}</label>
                    <input id="risk-reason" type="text" disabled=move || level.with(String::is_empty) prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                </div>
                <button type="button" class="btn" disabled=move || busy.get() on:click=move |_| save_risk()>{i18n.t(Key::Save)}</button>
            </div>
            {move || error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
        </section>
    }
}
