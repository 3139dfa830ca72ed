//! A contract's drawer: its facts and risk with the reasons, the next allowed moves, approval
//! steps, the terms of a draft, milestones, amendments, dispute and risk override, the
//! payment plan with its receipts, the timeline, and its printed page.

use super::sections::{Amendments, DisputeAndRisk, Milestones};
use super::terms::TermsForm;
use super::{risk_class, status_class, Apply, Op};
use crate::domain::contracts::lifecycle::{decide, move_to, next_statuses, plan_difference, Policy};
use crate::domain::contracts::query::ContractRow;
use crate::domain::contracts::receivables::record_receipt;
use crate::domain::contracts::{Contract, ContractStatus, Decision, Receipt};
use crate::domain::money::Money;
use crate::service::today;
use crate::domain::settings::SellerProfile;
use crate::ui::actions;
use crate::ui::components::ConfirmDialog;
use crate::ui::documents::Letterhead;
use crate::ui::components::money_text;
use crate::ui::i18n::{contract_move_label, contract_status_label, move_refused, receipt_refused, risk_label, risk_reason, use_i18n, Key};
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

#[component]
pub(super) fn ContractDrawer(row: ContractRow, policy: Policy, kinds: Vec<String>, seller: SellerProfile, dirty: RwSignal<bool>, on_close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let contract = row.contract.clone();
    let error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let reason = RwSignal::new(String::new());
    let comment = RwSignal::new(String::new());
    // Runs an action (a move, a decision, a payment) and saves the result. When another tab
    // changed the contract meanwhile, the action runs again on what is stored now: a payment
    // or an approval made there is kept, never overwritten; if the action no longer fits (an
    // over-payment now, a move no longer allowed), it says why and nothing is saved.
    let start = StoredValue::new(contract.clone());
    let apply = move |op: Op, err: RwSignal<Option<String>>| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        err.set(None);
        error.set(None);
        let lang = i18n.lang.get_untracked();
        let mut current = start.get_value();
        spawn_local(async move {
            let service = match state.service() {
                Ok(s) => s,
                Err(e) => {
                    actions::fail(&state, lang, &e);
                    busy.set(false);
                    return;
                }
            };
            for _ in 0..3 {
                let next = match op(&current) {
                    // Dated, so a merge import elsewhere takes this version as the newer one.
                    Ok(next) => Contract { updated_at: chrono::Utc::now(), ..next },
                    Err(why) => {
                        err.set(Some(why));
                        break;
                    }
                };
                match service.save(&next).await {
                    Ok(_) => {
                        // Saved: the drawer shows what is stored now.
                        dirty.set(false);
                        state.changed();
                        state.toast(crate::ui::state::ToastKind::Success, Key::Saved.text(lang), None);
                        break;
                    }
                    Err(crate::service::ServiceError::Stale(_)) => match service.stored::<Contract>(&next.id).await {
                        Ok(Some(stored)) => {
                            // The next action here starts from this version too.
                            start.try_set_value(stored.clone());
                            current = stored;
                        }
                        Ok(None) => {
                            err.set(Some(Key::ConflictDeletedTitle.text(lang).to_string()));
                            state.changed_elsewhere();
                            break;
                        }
                        Err(e) => {
                            actions::fail(&state, lang, &e);
                            break;
                        }
                    },
                    Err(e) => {
                        actions::fail(&state, lang, &e);
                        break;
                    }
                }
            }
            busy.set(false);
        });
    };
    let apply_cb: Apply = Callback::new(move |(op, err): (Op, RwSignal<Option<String>>)| apply(op, err));
    let on_close = Callback::new(move |_| {
        dirty.set(false);
        on_close.run(())
    });
    let confirm_delete = RwSignal::new(false);
    let doomed = StoredValue::new(contract.clone());
    let lang = i18n.lang.get_untracked();
    let moves = next_statuses(&contract, policy);
    let move_buttons = moves.into_iter().map(|to| {
        let danger = to == ContractStatus::Terminated;
        view! {
            <button type="button" class=if danger { "btn btn-danger-outline" } else { "btn btn-primary" } disabled=move || busy.get() on:click=move |_| {
                let note = reason.get_untracked();
                let lang = i18n.lang.get_untracked();
                apply(Arc::new(move |c: &Contract| move_to(c, to, policy, today(), &note).map_err(|e| move_refused(lang, &e))), error);
            }>{contract_move_label(lang, to)}</button>
        }
    }).collect_view();
    let terminable = contract.status != ContractStatus::Completed && contract.status != ContractStatus::Terminated;
    let pending_step = (contract.status == ContractStatus::PendingApproval)
        .then(|| contract.approvals.iter().find(|s| s.decision == Decision::Pending).map(|s| s.approver.clone()))
        .flatten();
    let decide_with = move |approve: bool| {
        let note = comment.get_untracked();
        let lang = i18n.lang.get_untracked();
        apply(Arc::new(move |c: &Contract| decide(c, approve, today(), &note).map_err(|e| move_refused(lang, &e))), error);
    };
    let diff = plan_difference(&contract);
    let today = today();
    let installments = contract.payments.iter().enumerate().map(|(i, p)| {
        let amount = RwSignal::new(String::new());
        let date = RwSignal::new(today.to_string());
        let note = RwSignal::new(String::new());
        let problem = RwSignal::new(None::<String>);
        let record = move |_| {
            let lang = i18n.lang.get_untracked();
            use crate::domain::validation::Problem;
            let typed = amount.get_untracked();
            let Ok(money) = Money::parse(&typed) else {
                let p = if typed.trim().is_empty() { Problem::Required } else { Problem::Malformed(typed) };
                problem.set(Some(format!("{}: {}", Key::ReceiptAmount.text(lang), crate::ui::i18n::problem_text(lang, &p))));
                return;
            };
            let typed = date.get_untracked();
            let Ok(day) = typed.parse() else {
                let p = if typed.trim().is_empty() { Problem::Required } else { Problem::InvalidDate };
                problem.set(Some(format!("{}: {}", Key::ReceiptDate.text(lang), crate::ui::i18n::problem_text(lang, &p))));
                return;
            };
            let receipt = Receipt { date: day, amount: money, note: note.get_untracked().trim().to_string() };
            apply(Arc::new(move |c: &Contract| record_receipt(c, i, receipt.clone(), crate::service::today()).map_err(|e| receipt_refused(lang, &e))), problem);
        };
        let owed = p.outstanding();
        // Only a binding contract has overdue payments (as in the list and the aging).
        let overdue = if contract.status.binding() { p.overdue_days(today) } else { 0 };
        let amount_id = format!("receipt-{i}-amount");
        let date_id = format!("receipt-{i}-date");
        let note_id = format!("receipt-{i}-note");
        view! {
            <li class="installment" data-testid="installment">
                <div class="installment-head">
                    <strong>{format!("{} · {}", p.due, money_text(p.amount))}</strong>
                    <span class="hint">{format!("{} {} · {} {}", i18n.t(Key::Received), money_text(p.received()), i18n.t(Key::Outstanding), money_text(owed))}</span>
                    {(overdue > 0).then(|| view! { <span class="tag tag-danger">{crate::ui::i18n::days_overdue(lang, overdue)}</span> })}
                </div>
                {(!p.receipts.is_empty()).then(|| view! {
                    <ul class="receipts">{p.receipts.iter().map(|r| view! {
                        <li>{format!("{} · {}", r.date, money_text(r.amount))}{(!r.note.is_empty()).then(|| format!(" · {}", r.note))}</li>
                    }).collect_view()}</ul>
                })}
                {(owed != Money::ZERO && contract.status.binding()).then(|| view! {
                    <div class="receipt-form" class:invalid=move || problem.with(Option::is_some)>
                        <div class="field">
                            <label for=amount_id.clone()>{i18n.t(Key::ReceiptAmount)}</label>
                            <input id=amount_id.clone() type="text" inputmode="decimal" prop:value=move || amount.get() on:input=move |ev| amount.set(event_target_value(&ev)) />
                        </div>
                        <div class="field">
                            <label for=date_id.clone()>{i18n.t(Key::ReceiptDate)}</label>
                            <input id=date_id.clone() type="date" prop:value=move || date.get() on:input=move |ev| date.set(event_target_value(&ev)) />
                        </div>
                        <div class="field">
                            <label for=note_id.clone()>{i18n.t(Key::ReceiptNote)}</label>
                            <input id=note_id.clone() type="text" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev)) />
                        </div>
                        <button type="button" class="btn" disabled=move || busy.get() on:click=record>{i18n.t(Key::RecordReceipt)}</button>
                        {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
                    </div>
                })}
            </li>
        }
    }).collect_view();
    let risk_lines = if row.risk.reasons.is_empty() {
        vec![i18n.t(Key::NoRiskReasons).to_string()]
    } else {
        row.risk.reasons.iter().map(|r| risk_reason(lang, r)).collect()
    };
    let overridden = row.risk.override_reason.clone();
    let printing = RwSignal::new(false);
    let print_row = row.clone();
    view! {
        <Show when=move || printing.get()>
            <PrintContract row=print_row.clone() seller=seller.clone() on_done=Callback::new(move |_| printing.set(false)) />
        </Show>
        <crate::ui::components::Modal kind=crate::ui::components::ModalKind::WideDrawer title_id="contract-title" on_close=on_close unsaved=dirty>
            <div class="contents" on:input=move |_| dirty.set(true)>
            <crate::ui::components::DrawerHeader title_id="contract-title" on_close=on_close
                title=format!("{} · {}", contract.number, contract.title) />
            <div class="drawer-body">
                <dl class="facts">
                    <dt>{i18n.t(Key::ColStatus)}</dt><dd><span class=status_class(contract.status) data-testid="contract-status">{contract_status_label(lang, contract.status)}</span></dd>
                    <dt>{i18n.t(Key::FCustomer)}</dt><dd>{row.customer.clone()}</dd>
                    <dt>{i18n.t(Key::ContractAmount)}</dt><dd>{money_text(contract.amount)}</dd>
                    <dt>{i18n.t(Key::SignDate)}</dt><dd>{contract.sign_date.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</dd>
                    <dt>{i18n.t(Key::ContractTerm)}</dt><dd>{format!("{} – {}", contract.start_date.map(|d| d.to_string()).unwrap_or_default(), contract.end_date.map(|d| d.to_string()).unwrap_or_default())}</dd>
                    <dt>{i18n.t(Key::RiskCol)}</dt><dd>
                        <span class=risk_class(row.risk.level) data-testid="contract-risk">{risk_label(lang, row.risk.level)}</span>
                        <ul class="reasons">{risk_lines.into_iter().map(|l| view! { <li>{l}</li> }).collect_view()}</ul>
                        {overridden.map(|r| view! { <p class="hint" data-testid="risk-overridden">{format!("{} {} · {r}", i18n.t(Key::OverriddenFrom), risk_label(lang, row.risk.computed))}</p> })}
                        {contract.disputed.then(|| view! { <p><span class="tag tag-danger">{i18n.t(Key::Disputed)}</span>" "{contract.dispute_note.clone()}</p> })}
                    </dd>
                </dl>
                {(contract.status == ContractStatus::Draft).then(|| view! {
                    <TermsForm contract=contract.clone() kinds=kinds.clone() busy=busy apply=apply_cb />
                    <Approvers contract=contract.clone() busy=busy apply=Callback::new(move |op: Op| apply(op, error)) />
                })}
                {pending_step.map(|approver| view! {
                    <section class="approval" data-testid="approval">
                        <h3>{format!("{} · {approver}", i18n.t(Key::ApprovalSteps))}</h3>
                        <label for="approval-comment">{i18n.t(Key::ApprovalComment)}</label>
                        <input id="approval-comment" type="text" prop:value=move || comment.get() on:input=move |ev| comment.set(event_target_value(&ev)) />
                        <div class="actions">
                            <button type="button" class="btn btn-primary" disabled=move || busy.get() on:click=move |_| decide_with(true)>{i18n.t(Key::ApproveStep)}</button>
                            <button type="button" class="btn" disabled=move || busy.get() on:click=move |_| decide_with(false)>{i18n.t(Key::RejectStep)}</button>
                        </div>
                    </section>
                })}
                <div class="actions contract-moves" data-testid="contract-moves">
                    {move_buttons}
                    {(contract.status == ContractStatus::Draft).then(|| view! {
                        <button type="button" class="btn btn-danger-outline" on:click=move |_| confirm_delete.set(true)>{i18n.t(Key::DeleteDraft)}</button>
                    })}
                </div>
                {terminable.then(|| view! {
                    <div class="field terminate-reason">
                        <label for="terminate-reason">{i18n.t(Key::TerminateReason)}</label>
                        <input id="terminate-reason" type="text" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                    </div>
                })}
                {move || error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                {(contract.status != ContractStatus::Draft).then(|| view! {
                    <h3>{i18n.t(Key::ContractBody)}</h3>
                    {if contract.body.is_empty() {
                        view! { <p class="hint">"—"</p> }.into_any()
                    } else {
                        view! { <div class="contract-body" data-testid="contract-body">{contract.body.clone()}</div> }.into_any()
                    }}
                })}
                <div class="actions">
                    <button type="button" class="btn" on:click=move |_| {
                        printing.set(true);
                        request_animation_frame(move || {
                            if let Some(w) = web_sys::window() { let _ = w.print(); }
                        });
                    }>{i18n.t(Key::PrintContract)}</button>
                </div>
                {(contract.status != ContractStatus::Draft).then(|| view! {
                    <h3>{i18n.t(Key::PaymentPlan)}</h3>
                    {(diff != Money::ZERO).then(|| view! { <p class="error" data-testid="plan-difference">{move_refused(lang, &crate::domain::contracts::lifecycle::MoveRefused::PlanDoesNotAddUp(diff))}</p> })}
                    <ul class="installments">{installments}</ul>
                })}
                <Milestones contract=contract.clone() busy=busy apply=apply_cb />
                {(contract.status != ContractStatus::Draft).then(|| view! { <Amendments contract=contract.clone() busy=busy apply=apply_cb /> })}
                <DisputeAndRisk contract=contract.clone() busy=busy apply=apply_cb />
                <h3>{i18n.t(Key::ContractTimeline)}</h3>
                {contract.timeline.is_empty().then(|| view! { <p class="hint">"—"</p> })}
                <ol class="timeline" data-testid="timeline">
                    {contract.timeline.iter().rev().map(|t| view! {
                        <li>{format!("{} · {} → {}", t.date, contract_status_label(lang, t.from), contract_status_label(lang, t.to))}
                            {(!t.note.is_empty()).then(|| view! { <span class="hint">{format!(" · {}", t.note)}</span> })}</li>
                    }).collect_view()}
                </ol>
            </div>
            </div>
        </crate::ui::components::Modal>
        <ConfirmDialog open=confirm_delete danger=true
            title=Signal::derive(move || i18n.t(Key::DeleteDraftTitle).to_string())
            body=Signal::derive(move || i18n.t(Key::DeleteDraftBody).to_string())
            confirm_label=Signal::derive(move || i18n.t(Key::Delete).to_string())
            cancel_label=Signal::derive(move || i18n.t(Key::Cancel).to_string())
            on_confirm=Callback::new(move |_| {
                let doomed = doomed.get_value();
                let lang = i18n.lang.get_untracked();
                spawn_local(async move {
                    if actions::delete_draft_contract(state, lang, doomed).await {
                        let _ = on_close.try_run(());
                    }
                });
            }) />
    }
}

/// The contract as a printed page (print CSS shows only this; the browser's dialog can save
/// it as PDF): parties, amount in figures and words, the body, the payment plan, signatures.
#[component]
fn PrintContract(row: ContractRow, seller: SellerProfile, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang.get_untracked();
    let handle = window_event_listener(leptos::ev::afterprint, move |_| on_done.run(()));
    on_cleanup(move || handle.remove());
    let c = row.contract;
    let words = crate::domain::contracts::words::amount_in_words(c.amount, lang).unwrap_or_default();
    view! {
        <section class="print-quote print-doc print-contract" data-testid="print-contract" lang=if lang == crate::domain::Locale::Zh { "zh-CN" } else { "en" }>
            <Letterhead seller=seller.clone() />
            <h1>{format!("{} · {}", c.kind, c.number)}</h1>
            <div class="parties">
                <div><h2>{i18n.t(Key::PartyBuyer)}</h2><strong>{row.customer.clone()}</strong></div>
                <div><h2>{i18n.t(Key::PartySeller)}</h2><strong>{seller.name.clone()}</strong>
                    {(!seller.address.is_empty()).then(|| view! { <div>{seller.address.clone()}</div> })}
                    {(!seller.tax_number.is_empty()).then(|| view! { <div>{format!("{} {}", i18n.t(Key::SellerTaxNumber), seller.tax_number)}</div> })}
                    {(!seller.bank.is_empty() || !seller.account.is_empty()).then(|| view! { <div>{format!("{} {}", seller.bank, seller.account)}</div> })}
                </div>
            </div>
            <p>{format!("{}: {} ({words})", i18n.t(Key::ContractAmount), money_text(c.amount))}</p>
            <div class="contract-body">{c.body.clone()}</div>
            <h2>{i18n.t(Key::PaymentPlan)}</h2>
            <table class="table">
                <thead><tr><th>{i18n.t(Key::DueDate)}</th><th class="num">{i18n.t(Key::ContractAmount)}</th></tr></thead>
                <tbody>{c.payments.iter().map(|p| view! { <tr><td>{p.due.to_string()}</td><td class="num">{money_text(p.amount)}</td></tr> }).collect_view()}</tbody>
            </table>
            <div class="signatures">
                <p>{i18n.t(Key::SignatureBuyer)}</p>
                <p>{i18n.t(Key::SignatureSeller)}</p>
            </div>
        </section>
    }
}

/// A draft's approvers: added by name, removed, in the order they will decide.
#[component]
fn Approvers(contract: Contract, busy: RwSignal<bool>, apply: Callback<Op>) -> impl IntoView {
    let i18n = use_i18n();
    let name = RwSignal::new(String::new());
    let steps = contract.approvals.clone();
    let add = move || {
        let n = name.get_untracked().trim().to_string();
        if n.is_empty() {
            return;
        }
        name.set(String::new());
        apply.run(Arc::new(move |c: &Contract| {
            let mut c = c.clone();
            c.approvals.push(crate::domain::contracts::ApprovalStep { approver: n.clone(), decision: Decision::Pending, date: None, comment: String::new() });
            Ok(c)
        }));
    };
    view! {
        <section class="approval" data-testid="approvers">
            <h3>{i18n.t(Key::Approvers)}</h3>
            <ol class="timeline">
                {steps.iter().map(|s| {
                    let who = s.approver.clone();
                    view! {
                        <li>{s.approver.clone()}" "
                            <button type="button" class="btn btn-small" aria-label=format!("{} {}", i18n.t(Key::RemoveApprover), s.approver) on:click=move |_| {
                                let who = who.clone();
                                // By name: on a version another tab changed, the same approver goes.
                                apply.run(Arc::new(move |c: &Contract| {
                                    let mut c = c.clone();
                                    if let Some(i) = c.approvals.iter().position(|a| a.approver == who) {
                                        c.approvals.remove(i);
                                    }
                                    Ok(c)
                                }));
                            }>{i18n.t(Key::RemoveApprover)}</button>
                        </li>
                    }
                }).collect_view()}
            </ol>
            <label for="approver-name">{i18n.t(Key::ApproverName)}</label>
            <div class="actions">
                <input id="approver-name" type="text" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev))
                    on:keydown=move |ev| if ev.key() == "Enter" { ev.prevent_default(); add() } />
                <button type="button" class="btn" disabled=move || busy.get() on:click=move |_| add()>{i18n.t(Key::AddApprover)}</button>
            </div>
        </section>
    }
}

