//! Analytics → contracts: seed 000's third table (合同类型 | 合同金额 | 签订日期 | 执行进度 |
//! 风险等级) for every contract, filtered by type and risk, with the filtered set's totals and
//! receivables aging, and a CSV export.

use crate::domain::contracts::query::{totals, ContractRow};
use crate::domain::contracts::risk::progress;
use crate::domain::contracts::RiskLevel;
use crate::domain::period::Period;
use crate::domain::{enum_code, enum_from_code};
use crate::ui::actions;
use crate::ui::components::{live, loaded, money_text, Icon, Panel};
use crate::ui::i18n::{risk_label, use_i18n, Key};
use crate::ui::contracts::AgingTable;
use crate::ui::router::contract_href;
use crate::ui::state::use_app;
use leptos::prelude::*;
use std::sync::Arc;
use crate::domain::sorting::SortShared;

/// Contract rows drawn at first (and added by Show more).
const PAGE: usize = 50;

#[component]
pub fn ContractAnalysis(period: Signal<Period>) -> impl IntoView {
    let i18n = use_i18n();
    let rows = live(|s| async move { s.contract_rows().await });
    view! {
        <Panel title=Signal::derive(move || i18n.t(Key::AnContracts).to_string())>
            <p class="hint">{move || i18n.t(Key::AnContractsPeriod)}</p>
            {loaded(rows, move |rows: Vec<ContractRow>| view! { <ContractTable rows=Arc::new(rows) period=period /> })}
        </Panel>
    }
}

/// Signed within the period; with "all time", every contract (unsigned ones too).
fn in_period(r: &ContractRow, p: Period) -> bool {
    match r.contract.sign_date {
        Some(d) => p.contains(d),
        None => p.is_open_start(),
    }
}

fn progress_text(r: &ContractRow) -> String {
    progress(&r.contract).map(|p| format!("{p} %")).unwrap_or_else(|| "—".into())
}

#[component]
fn ContractTable(rows: Arc<Vec<ContractRow>>, period: Signal<Period>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let kinds: Vec<String> = {
        let mut k: Vec<String> = rows.iter().map(|r| r.contract.kind.clone()).filter(|k| !k.is_empty()).collect();
        k.sort_shared();
        k.dedup();
        k
    };
    let kind = RwSignal::new(String::new());
    let risk = RwSignal::new(None::<RiskLevel>);
    let all = rows.clone();
    // Newest signature first; unsigned contracts last.
    let shown = Memo::new(move |_| {
        let mut hits: Vec<usize> = (0..all.len())
            .filter(|&i| kind.with(|k| k.is_empty() || all[i].contract.kind == *k) && risk.get().is_none_or(|r| all[i].risk.level == r))
            .filter(|&i| in_period(&all[i], period.get()))
            .collect();
        hits.sort_by_shared(|&a, &b| all[b].contract.sign_date.cmp(&all[a].contract.sign_date));
        hits
    });
    // Thousands of contracts in a period: the first page, then more on request (the totals,
    // the aging and the CSV count every one).
    let page = RwSignal::new(PAGE);
    Effect::new(move |_| {
        shown.track();
        page.set(PAGE);
    });
    let sum_rows = rows.clone();
    let sums = Memo::new(move |_| shown.with(|h| totals(h.iter().map(|&i| &sum_rows[i]))));
    let export_rows = rows.clone();
    let export = move |_| {
        let lang = i18n.lang.get_untracked();
        let header = [Key::ContractKind, Key::ContractNumber, Key::ContractAmount, Key::SignDate, Key::ProgressPct, Key::RiskCol, Key::Outstanding].map(|k| k.text(lang));
        let body: Vec<Vec<String>> = shown.get_untracked().iter().map(|&i| {
            let r = &export_rows[i];
            vec![
                r.contract.kind.clone(), r.contract.number.clone(), r.contract.amount.to_string(),
                r.contract.sign_date.map(|d| d.to_string()).unwrap_or_default(),
                progress(&r.contract).map(|p| p.to_string()).unwrap_or_default(),
                risk_label(lang, r.risk.level).to_string(), r.receivables.outstanding.to_string(),
            ]
        }).collect();
        actions::offer_csv(state, lang, "contract-analysis", &actions::priced(&header, &[2, 6]), &body);
    };
    let table_rows = rows.clone();
    view! {
        <div class="toolbar">
            <select class="select" aria-label=move || i18n.t(Key::ContractKind) on:change=move |ev| kind.set(event_target_value(&ev))>
                <option value="">{move || i18n.t(Key::AllKinds)}</option>
                {kinds.into_iter().map(|k| view! { <option value=k.clone()>{k.clone()}</option> }).collect_view()}
            </select>
            <select class="select" aria-label=move || i18n.t(Key::RiskCol) on:change=move |ev| risk.set(enum_from_code(&event_target_value(&ev)))>
                <option value="">{move || i18n.t(Key::AllRisks)}</option>
                {[RiskLevel::High, RiskLevel::Medium, RiskLevel::Low].into_iter().map(|r| view! { <option value=enum_code(&r)>{move || risk_label(i18n.get(), r)}</option> }).collect_view()}
            </select>
            <button class="btn" on:click=export><Icon name="download" />{move || i18n.t(Key::ExportCsv)}</button>
        </div>
        <div class="table-wrap">
            <table class="table" data-testid="contract-analysis">
                <thead><tr>
                    <th>{move || i18n.t(Key::ContractKind)}</th>
                    <th>{move || i18n.t(Key::ContractNumber)}</th>
                    <th class="num">{move || i18n.t(Key::ContractAmount)}</th>
                    <th>{move || i18n.t(Key::SignDate)}</th>
                    <th class="num">{move || i18n.t(Key::ProgressPct)}</th>
                    <th>{move || i18n.t(Key::RiskCol)}</th>
                </tr></thead>
                <tbody>
                    {move || shown.get().into_iter().take(page.get()).map(|i| {
                        let r = &table_rows[i];
                        view! {
                            <tr>
                                <td>{r.contract.kind.clone()}</td>
                                <td class="mono"><a href=contract_href(&r.contract.id)>{r.contract.number.clone()}</a></td>
                                <td class="num">{money_text(r.contract.amount)}</td>
                                <td>{r.contract.sign_date.map(|d| d.to_string()).unwrap_or_else(|| "—".into())}</td>
                                <td class="num">{progress_text(r)}</td>
                                <td>{risk_label(i18n.get(), r.risk.level)}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
                <tfoot><tr>
                    <th colspan="2">{move || format!("{} · {}", i18n.t(Key::TotalCol), shown.with(Vec::len))}</th>
                    <th class="num" data-testid="analysis-amount">{move || money_text(sums.get().amount)}</th>
                    <th colspan="3" class="num">{move || format!("{} {} · {} {}", i18n.t(Key::Received), money_text(sums.get().received), i18n.t(Key::Outstanding), money_text(sums.get().outstanding))}</th>
                </tr></tfoot>
            </table>
        </div>
        <crate::ui::components::ShowMore total=Signal::derive(move || shown.with(Vec::len)) shown=page step=PAGE />
        <h3 class="section-title">{move || i18n.t(Key::AgingTitle)}</h3>
        <AgingTable aging=Signal::derive(move || sums.get().aging) testid="analysis-aging" total=true />
    }
}
