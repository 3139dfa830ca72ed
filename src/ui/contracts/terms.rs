//! A draft's terms as a form: title, type, amount, term, the payment plan with its total
//! against the amount shown live, and the body. Saved as the fields it changed, so another
//! tab's change to a field left alone here is kept.

use super::Apply;
use crate::domain::contracts::edit::{edit_terms, EditRefused, Terms};
use crate::domain::contracts::{Contract, Installment};
use crate::domain::money::Money;
use crate::domain::validation::Problem;
use crate::ui::i18n::{edit_refused, plan_total, problem_text, use_i18n, Key};
use chrono::{Duration, NaiveDate};
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

/// One installment row as typed.
#[derive(Clone, Copy)]
struct Row {
    key: usize,
    due: RwSignal<String>,
    amount: RwSignal<String>,
}

fn row(key: usize, due: String, amount: String) -> Row {
    Row { key, due: RwSignal::new(due), amount: RwSignal::new(amount) }
}

fn date(s: &str) -> Result<Option<NaiveDate>, Problem> {
    let s = s.trim();
    if s.is_empty() { Ok(None) } else { s.parse().map(Some).map_err(|_| Problem::InvalidDate) }
}

fn money(s: &str) -> Result<Money, Problem> {
    match Money::parse(s) {
        Ok(m) if m.is_negative() => Err(Problem::Negative),
        Ok(m) => Ok(m),
        Err(_) if s.trim().is_empty() => Err(Problem::Required),
        Err(_) => Err(Problem::Malformed(s.to_string())),
    }
}

#[component]
pub(super) fn TermsForm(contract: Contract, kinds: Vec<String>, busy: RwSignal<bool>, apply: Apply) -> impl IntoView {
    let i18n = use_i18n();
    let base = Terms::of(&contract);
    let title = RwSignal::new(base.title.clone());
    let kind = RwSignal::new(base.kind.clone());
    let amount = RwSignal::new(base.amount.to_string());
    let start = RwSignal::new(base.start_date.map(|d| d.to_string()).unwrap_or_default());
    let end = RwSignal::new(base.end_date.map(|d| d.to_string()).unwrap_or_default());
    let body = RwSignal::new(base.body.clone());
    let rows = RwSignal::new(base.payments.iter().enumerate().map(|(i, p)| row(i, p.due.to_string(), p.amount.to_string())).collect::<Vec<_>>());
    let next_key = StoredValue::new(base.payments.len());
    let tried = RwSignal::new(false);
    let error = RwSignal::new(None::<String>);
    // The terms as typed, or what is wrong where (field name → problem).
    let stored = contract.clone();
    let read = move || -> (Option<Terms>, HashMap<String, Problem>) {
        let mut problems = HashMap::new();
        let mut note = |field: String, r: Result<(), Problem>| {
            if let Err(p) = r {
                problems.insert(field, p);
            }
        };
        let amount_v = money(&amount.get());
        note("amount".into(), amount_v.clone().map(drop));
        let start_v = date(&start.get());
        note("start_date".into(), start_v.clone().map(drop));
        let end_v = date(&end.get());
        note("end_date".into(), end_v.clone().map(drop));
        let mut payments = Vec::new();
        for (i, r) in rows.get().iter().enumerate() {
            let due = date(&r.due.get()).and_then(|d| d.ok_or(Problem::Required));
            let m = money(&r.amount.get());
            note(format!("payments[{i}].due"), due.clone().map(drop));
            note(format!("payments[{i}].amount"), m.clone().map(drop));
            if let (Ok(due), Ok(m)) = (due, m) {
                payments.push(Installment::new(due, m));
            }
        }
        if !problems.is_empty() {
            return (None, problems);
        }
        let terms = Terms {
            title: title.get(),
            kind: kind.get(),
            amount: amount_v.unwrap_or_default(),
            start_date: start_v.unwrap_or_default(),
            end_date: end_v.unwrap_or_default(),
            payments,
            body: body.get(),
        };
        // The record's own checks (a title, the term's order, lengths) on what would be saved.
        if let Ok(c) = edit_terms(&stored, &Terms::of(&stored), &terms) {
            for p in c.validate() {
                problems.entry(p.field).or_insert(p.problem);
            }
        }
        (problems.is_empty().then_some(terms), problems)
    };
    let read = Memo::new(move |_| read());
    let planned = Memo::new(move |_| rows.get().iter().filter_map(|r| Money::parse(&r.amount.get()).ok()).sum::<Money>());
    let difference = move || Money::parse(&amount.get()).ok().map(|a| a - planned.get());
    let error_for = move |field: String| {
        move || {
            let field = field.clone();
            tried.get().then(|| read.with(|(_, p)| p.get(&field).cloned())).flatten().map(|p| view! { <span class="field-error" role="alert">{problem_text(i18n.get(), &p)}</span> })
        }
    };
    let invalid = move |field: &'static str| move || tried.get() && read.with(|(_, p)| p.contains_key(field));
    let add_row = move |_| {
        let last = rows.with_untracked(|r| r.last().and_then(|r| r.due.get_untracked().parse::<NaiveDate>().ok()));
        let due = last.map(|d| d + Duration::days(30)).unwrap_or_else(crate::service::today);
        // The new installment takes what the plan still misses.
        let rest = difference().filter(|d| !d.is_negative()).unwrap_or_default();
        let key = next_key.get_value();
        next_key.set_value(key + 1);
        rows.update(|r| r.push(row(key, due.to_string(), rest.to_string())));
    };
    // What the form started from; after a clash with another tab, what is stored then (so
    // saving again keeps the user's values).
    let base = StoredValue::new(base);
    let save = move || {
        tried.set(true);
        let Some(edited) = read.get_untracked().0 else { return };
        let lang = i18n.lang.get_untracked();
        apply.run((
            Arc::new(move |c: &Contract| {
                edit_terms(c, &base.get_value(), &edited).map_err(|e| {
                    if matches!(e, EditRefused::ChangedElsewhere(_)) {
                        base.set_value(Terms::of(c));
                    }
                    edit_refused(lang, &e)
                })
            }),
            error,
        ));
    };
    let field = move |label: Key, name: &'static str, signal: RwSignal<String>, kind: &'static str| {
        let id = format!("terms-{name}");
        view! {
            <div class="field" class:invalid=invalid(name)>
                <label for=id.clone()>{move || i18n.t(label)}</label>
                <input id=id type=kind inputmode=if name == "amount" { "decimal" } else { "text" } prop:value=move || signal.get() on:input=move |ev| signal.set(event_target_value(&ev)) />
                {error_for(name.to_string())}
            </div>
        }
    };
    view! {
        <section class="terms" data-testid="terms-form">
            <h3>{move || i18n.t(Key::ContractTerms)}</h3>
            <p class="hint">{move || i18n.t(Key::DraftTermsHint)}</p>
            <form novalidate on:submit=move |ev| { ev.prevent_default(); save(); }>
                <div class="form-grid">
                    {field(Key::ContractTitle, "title", title, "text")}
                    <div class="field">
                        <label for="terms-kind">{move || i18n.t(Key::ContractKind)}</label>
                        <input id="terms-kind" type="text" list="terms-kinds" prop:value=move || kind.get() on:input=move |ev| kind.set(event_target_value(&ev)) />
                        <datalist id="terms-kinds">{kinds.into_iter().map(|k| view! { <option value=k></option> }).collect_view()}</datalist>
                    </div>
                    {field(Key::ContractAmount, "amount", amount, "text")}
                    {field(Key::StartDate, "start_date", start, "date")}
                    {field(Key::EndDate, "end_date", end, "date")}
                </div>
                <h4>{move || i18n.t(Key::PaymentPlan)}</h4>
                <table class="table plan-table">
                    <thead><tr><th>{move || i18n.t(Key::DueDate)}</th><th class="num">{move || i18n.t(Key::ContractAmount)}</th><th></th></tr></thead>
                    <tbody>
                        <For each=move || rows.get() key=|r| r.key let:r>
                            {
                                let index = move || rows.with(|all| all.iter().position(|x| x.key == r.key).unwrap_or(0));
                                let due_field = move || format!("payments[{}].due", index());
                                let amount_field = move || format!("payments[{}].amount", index());
                                view! {
                                    <tr data-testid="plan-row">
                                        <td class:invalid=move || tried.get() && read.with(|(_, p)| p.contains_key(&due_field()))>
                                            <input type="date" aria-label=move || format!("{} {}", i18n.t(Key::DueDate), index() + 1) prop:value=move || r.due.get() on:input=move |ev| r.due.set(event_target_value(&ev)) />
                                            {move || error_for(due_field())()}
                                        </td>
                                        <td class="num" class:invalid=move || tried.get() && read.with(|(_, p)| p.contains_key(&amount_field()))>
                                            <input type="text" inputmode="decimal" aria-label=move || format!("{} {}", i18n.t(Key::ContractAmount), index() + 1) prop:value=move || r.amount.get() on:input=move |ev| r.amount.set(event_target_value(&ev)) />
                                            {move || error_for(amount_field())()}
                                        </td>
                                        <td><button type="button" class="btn btn-small" on:click=move |_| rows.update(|all| all.retain(|x| x.key != r.key))>{move || i18n.t(Key::RemoveInstallment)}</button></td>
                                    </tr>
                                }
                            }
                        </For>
                    </tbody>
                </table>
                <div class="actions">
                    <button type="button" class="btn" on:click=add_row>{move || i18n.t(Key::AddInstallment)}</button>
                </div>
                <p data-testid="plan-total" class=move || if difference() == Some(Money::ZERO) { "hint ok" } else { "field-error" }>
                    {move || plan_total(i18n.get(), planned.get(), difference().unwrap_or_default())}
                </p>
                <div class="field">
                    <label for="terms-body">{move || i18n.t(Key::ContractBody)}</label>
                    <textarea id="terms-body" rows="10" prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                    {error_for("body".to_string())}
                </div>
                {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                <div class="actions">
                    <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{move || i18n.t(Key::SaveTerms)}</button>
                </div>
            </form>
        </section>
    }
}
