//! The contracts page: every contract with what it received, what it still owes and its risk
//! (with the reasons), filters and totals, receivables aging, CSV export; a contract's drawer
//! moves it through its lifecycle, decides approval steps and records payments.

mod drawer;
mod new;
mod sections;
mod terms;

use crate::domain::contracts::lifecycle::Policy;
use crate::service::ContractsPage;
use crate::ui::router::{contract_href, replace_href};
use drawer::ContractDrawer;
use new::NewContractDialog;
use crate::domain::contracts::receivables::Aging;
use crate::domain::money::Money;
use crate::domain::contracts::query::{sort_rows, totals, ContractFilter, ContractSort};
use crate::domain::contracts::{Contract, ContractStatus, RiskLevel};
use crate::domain::{enum_code, enum_from_code};
use crate::ui::actions;
use crate::ui::components::{live_unless, loaded, money_text, Icon};
use crate::ui::i18n::{contract_sort_label, contract_status_label, risk_label, risk_reason, use_i18n, Key};
use crate::ui::state::use_app;
use leptos::prelude::*;
use std::sync::Arc;

/// An action on a contract: the changed contract, or why it cannot be done (in words).
pub(super) type Op = Arc<dyn Fn(&Contract) -> Result<Contract, String> + Send + Sync>;

/// Runs an [`Op`] on the contract and saves it; why not goes to the given message.
pub(super) type Apply = Callback<(Op, RwSignal<Option<String>>)>;

#[component]
pub fn ContractsPage() -> impl IntoView {
    let i18n = use_i18n();
    // While a drawer's form holds typing, other tabs' writes do not rebuild it.
    let dirty = RwSignal::new(false);
    // The new-contract dialog holds typing too (and must outlive its own save).
    let creating = RwSignal::new(None::<String>);
    let page = live_unless(Signal::derive(move || dirty.get() || creating.with(Option::is_some)), |s| async move { s.contracts_page().await });
    // Kept here, outside the list: a save reloads the list, the filter and the open contract stay.
    let filter = RwSignal::new(ContractFilter::default());
    let sort = RwSignal::new(ContractSort::default());
    // `#/contracts?open=<id>` (from a deal's drawer) opens that contract; `?new=<customer id>`
    // (from a customer's page) starts a new one for that customer.
    let route = crate::ui::router::use_route();
    let open = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        let query = |key: &str| route.with(|r| r.query.iter().find(|(k, _)| k == key).map(|(_, v)| v.clone()));
        if let Some(id) = query("open") {
            open.set(Some(id));
        }
        if let Some(customer) = query("new") {
            creating.set(Some(customer));
        }
    });
    view! {
        <header class="page-header">
            <h1>{move || i18n.t(Key::NavContracts)}</h1>
            <button type="button" class="btn btn-primary" on:click=move |_| creating.set(Some(String::new()))><Icon name="plus" />{move || i18n.t(Key::NewContract)}</button>
        </header>
        {loaded(page, move |page| {
            let page = Arc::new(page);
            let dialog_page = page.clone();
            view! {
                <ContractList page=page filter=filter sort=sort open=open dirty=dirty />
                {move || creating.get().map(|customer| view! {
                    <NewContractDialog customers=dialog_page.customers.clone() templates=dialog_page.templates.clone()
                        customer_id=Some(customer).filter(|c| !c.is_empty())
                        on_close=Callback::new(move |_| { creating.set(None); replace_href("#/contracts"); })
                        on_created=Callback::new(move |id: String| { creating.set(None); replace_href(&contract_href(&id)); open.set(Some(id)); }) />
                })}
            }
        })}
    }
}

/// Overdue amounts by age 账龄 (0–30 / 31–60 / 61–90 / > 90 days), with their total when
/// `total`; shown by the contracts page, the dashboard and Analytics.
#[component]
pub fn AgingTable(#[prop(into)] aging: Signal<Aging>, testid: &'static str, #[prop(optional)] total: bool) -> impl IntoView {
    let i18n = use_i18n();
    let cell = move |get: fn(&Aging) -> Money| view! { <td class="num">{move || money_text(aging.with(get))}</td> };
    view! {
        <div class="table-wrap">
            <table class="table" data-testid=testid>
                <thead><tr>
                    <th class="num">{move || i18n.t(Key::Aging0_30)}</th>
                    <th class="num">{move || i18n.t(Key::Aging31_60)}</th>
                    <th class="num">{move || i18n.t(Key::Aging61_90)}</th>
                    <th class="num">{move || i18n.t(Key::AgingOver90)}</th>
                    {total.then(|| view! { <th class="num">{move || i18n.t(Key::TotalCol)}</th> })}
                </tr></thead>
                <tbody><tr>
                    {cell(|a| a.days_0_30)}
                    {cell(|a| a.days_31_60)}
                    {cell(|a| a.days_61_90)}
                    {cell(|a| a.over_90)}
                    {total.then(|| view! { <td class="num"><strong>{move || money_text(aging.with(Aging::total))}</strong></td> })}
                </tr></tbody>
            </table>
        </div>
    }
}

pub(super) fn status_class(s: ContractStatus) -> &'static str {
    match s {
        ContractStatus::Completed | ContractStatus::Executing | ContractStatus::Signed => "status status-active",
        ContractStatus::Terminated => "status status-lost",
        _ => "status",
    }
}

pub(super) fn risk_class(r: RiskLevel) -> &'static str {
    match r {
        RiskLevel::High => "tag tag-danger",
        RiskLevel::Medium => "tag tag-warn",
        RiskLevel::Low => "tag",
    }
}

/// Rows shown at first, and added by "Show more".
const PAGE: usize = 100;

#[component]
fn ContractList(page: Arc<ContractsPage>, filter: RwSignal<ContractFilter>, sort: RwSignal<ContractSort>, open: RwSignal<Option<String>>, dirty: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let policy = Policy { approval_above: page.approval_above };
    let kinds = page.kinds();
    let seller = page.seller.clone();
    let rows = Arc::new(page.rows.clone());
    let total = rows.len();
    let list = rows.clone();
    let hits = Memo::new(move |_| {
        let mut kept = filter.with(|f| list.iter().enumerate().filter(|(_, r)| f.matches(r)).map(|(i, _)| i).collect::<Vec<_>>());
        sort_rows(&mut kept, &list, sort.get());
        kept
    });
    // Thousands of contracts: the first page, then more on request.
    let shown = RwSignal::new(PAGE);
    Effect::new(move |_| {
        filter.track();
        sort.track();
        shown.set(PAGE);
    });
    let sum_rows = rows.clone();
    let sums = Memo::new(move |_| hits.with(|h| totals(h.iter().map(|i| &sum_rows[*i]))));
    let export_rows = rows.clone();
    let export = move |_| {
        let lang = i18n.get();
        let header = ["number", "title", "type", "customer", "status", "amount", "sign_date", "received", "outstanding", "overdue", "risk"];
        let csv: Vec<Vec<String>> = hits.get_untracked().iter().map(|i| {
            let r = &export_rows[*i];
            let k = &r.contract;
            vec![
                k.number.clone(), k.title.clone(), k.kind.clone(), r.customer.clone(), contract_status_label(lang, k.status).to_string(),
                k.amount.to_string(), k.sign_date.map(|d| d.to_string()).unwrap_or_default(), r.receivables.received.to_string(),
                r.receivables.outstanding.to_string(), r.receivables.overdue.total().to_string(), risk_label(lang, r.risk.level).to_string(),
            ]
        }).collect();
        actions::offer_csv(state, lang, "contracts", &header, &csv);
    };
    let table_rows = rows.clone();
    let drawer_rows = rows.clone();
    view! {
        <div class="kpis">
            <div class="kpi"><div class="kpi-icon"><Icon name="contracts" /></div><div>
                <div class="kpi-value" data-testid="count-contracts">{move || hits.with(Vec::len)}</div>
                <div class="kpi-label">{move || i18n.t(Key::NavContracts)}</div>
            </div></div>
            <div class="kpi"><div><div class="kpi-value" data-testid="total-amount">{move || money_text(sums.get().amount)}</div><div class="kpi-label">{move || i18n.t(Key::ContractAmount)}</div></div></div>
            <div class="kpi"><div><div class="kpi-value" data-testid="total-received">{move || money_text(sums.get().received)}</div><div class="kpi-label">{move || i18n.t(Key::Received)}</div></div></div>
            <div class="kpi"><div><div class="kpi-value" data-testid="total-outstanding">{move || money_text(sums.get().outstanding)}</div><div class="kpi-label">{move || i18n.t(Key::Outstanding)}</div></div></div>
        </div>
        // What neither was received nor is owed, so the three figures above add up.
        {move || {
            let s = sums.get();
            let rest = s.amount - s.received - s.outstanding;
            (rest != crate::domain::Money::ZERO).then(|| view! { <p class="hint" data-testid="not-owed">{format!("{} {}", money_text(rest), i18n.t(Key::NotOwed))}</p> })
        }}
        <div class="toolbar">
            <input class="search" type="search" placeholder=move || i18n.t(Key::SearchContracts) aria-label=move || i18n.t(Key::SearchContracts)
                prop:value=move || filter.with(|f| f.text.clone())
                on:input=move |ev| { let v = event_target_value(&ev); filter.update(|f| f.text = v); } />
            <select class="select" aria-label=move || i18n.t(Key::ColStatus) on:change=move |ev| {
                let v = event_target_value(&ev);
                filter.update(|f| f.status = enum_from_code(&v));
            }>
                <option value="">{move || i18n.t(Key::AllStatuses)}</option>
                {ContractStatus::ALL.into_iter().map(|s| view! { <option value=enum_code(&s)>{move || contract_status_label(i18n.get(), s)}</option> }).collect_view()}
            </select>
            <select class="select" aria-label=move || i18n.t(Key::RiskCol) on:change=move |ev| {
                let v = event_target_value(&ev);
                filter.update(|f| f.risk = enum_from_code(&v));
            }>
                <option value="">{move || i18n.t(Key::AllRisks)}</option>
                {[RiskLevel::High, RiskLevel::Medium, RiskLevel::Low].into_iter().map(|r| view! { <option value=enum_code(&r)>{move || risk_label(i18n.get(), r)}</option> }).collect_view()}
            </select>
            <label class="check">
                <input type="checkbox" prop:checked=move || filter.with(|f| f.overdue_only) on:change=move |ev| { let on = event_target_checked(&ev); filter.update(|f| f.overdue_only = on); } />
                {move || i18n.t(Key::OverdueOnly)}
            </label>
            <label class="check">
                <input type="checkbox" prop:checked=move || filter.with(|f| f.ending_soon) on:change=move |ev| { let on = event_target_checked(&ev); filter.update(|f| f.ending_soon = on); } />
                {move || i18n.t(Key::EndingSoon)}
            </label>
            <select class="select" aria-label=move || i18n.t(Key::SortBy) on:change=move |ev| sort.set(enum_from_code(&event_target_value(&ev)).unwrap_or_default())>
                {ContractSort::ALL.into_iter().map(|o| view! { <option value=enum_code(&o) selected=move || sort.get() == o>{move || contract_sort_label(i18n.get(), o)}</option> }).collect_view()}
            </select>
            <button class="btn" on:click=export><Icon name="download" />{move || i18n.t(Key::ExportCsv)}</button>
        </div>
        {move || (hits.with(Vec::is_empty)).then(|| view! {
            <p class="empty-state" data-testid="no-contracts">{i18n.t(if total == 0 { Key::NoContracts } else { Key::NoContractMatches })}</p>
        })}
        <div class="table-wrap">
            <table class="table contract-table">
                <thead><tr>
                    <th>{move || i18n.t(Key::ContractNumber)}</th>
                    <th>{move || i18n.t(Key::ContractTitle)}</th>
                    <th class="hide-narrow">{move || i18n.t(Key::FCustomer)}</th>
                    <th>{move || i18n.t(Key::ColStatus)}</th>
                    <th class="num">{move || i18n.t(Key::ContractAmount)}</th>
                    <th class="num">{move || i18n.t(Key::Outstanding)}</th>
                    <th>{move || i18n.t(Key::RiskCol)}</th>
                </tr></thead>
                <tbody>
                    {move || hits.get().into_iter().take(shown.get()).map(|i| {
                        let r = table_rows[i].clone();
                        let id = r.contract.id.clone();
                        let lang = i18n.get();
                        let why = r.risk.reasons.iter().map(|x| risk_reason(lang, x)).collect::<Vec<_>>().join("; ");
                        view! {
                            <tr data-testid="contract-row">
                                <td class="mono"><button class="link-button" on:click=move |_| { replace_href(&contract_href(&id)); open.set(Some(id.clone())) }>{r.contract.number.clone()}</button></td>
                                <td>{r.contract.title.clone()}<div class="hint">{r.contract.kind.clone()}</div></td>
                                <td class="hide-narrow">{r.customer.clone()}</td>
                                <td><span class=status_class(r.contract.status)>{contract_status_label(lang, r.contract.status)}</span></td>
                                <td class="num">{money_text(r.contract.amount)}</td>
                                <td class="num">{money_text(r.receivables.outstanding)}</td>
                                <td><span class=risk_class(r.risk.level) title=why>{risk_label(lang, r.risk.level)}</span></td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <crate::ui::components::ShowMore total=Signal::derive(move || hits.with(Vec::len)) shown=shown step=PAGE />
        <section class="panel" data-testid="aging">
            <h2 class="panel-title">{move || i18n.t(Key::AgingTitle)}</h2>
            <AgingTable aging=Signal::derive(move || sums.get().aging) testid="aging-table" total=true />
        </section>
        {move || open.get().and_then(|id| drawer_rows.iter().find(|r| r.contract.id == id).cloned()).map(|row| view! {
            <ContractDrawer row=row policy=policy kinds=kinds.clone() seller=seller.clone() dirty=dirty on_close=Callback::new(move |_| { open.set(None); replace_href("#/contracts"); }) />
        })}
    }
}

