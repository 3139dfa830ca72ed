//! Funnel analytics on the pipeline page: conversion from stage history, win rate, cycle, deal
//! size, weighted pipeline and the weighted forecast by close month, for a chosen period.

use crate::service::PipelineBook;
use crate::ui::components::money_text;
use crate::domain::pipeline::funnel::{funnel, Ratio};
use crate::domain::period::PeriodChoice;
use crate::ui::i18n::period_label;
use crate::domain::pipeline::Deal;
use crate::domain::Locale;
use crate::service::today;
use crate::ui::i18n::{use_i18n, Key};
use leptos::prelude::*;

fn pct(r: Ratio) -> String {
    r.percent().map_or_else(|| "—".into(), |p| format!("{p}%"))
}

#[component]
pub fn FunnelView(book: PipelineBook, deals: RwSignal<Vec<Deal>>) -> impl IntoView {
    let i18n = use_i18n();
    let choice = RwSignal::new(PeriodChoice::Last12Months);
    let stages = book.stages.clone();
    let result = Memo::new(move |_| {
        let period = choice.get().period(today());
        deals.with(|d| funnel(&stages, d, period))
    });
    let kpi = move |key: Key, value: Box<dyn Fn() -> String + Send + Sync>| view! {
        <div class="kpi"><div><div class="kpi-value">{value}</div><div class="kpi-label">{move || i18n.t(key)}</div></div></div>
    };
    view! {
        <div class="toolbar">
            <label class="field-inline">
                <span>{move || i18n.t(Key::Period)}</span>
                <select aria-label=move || i18n.t(Key::Period)
                    on:change=move |ev| choice.set(PeriodChoice::from_code(&event_target_value(&ev)).unwrap_or(PeriodChoice::Last12Months))>
                    {[PeriodChoice::Last12Months, PeriodChoice::ThisMonth, PeriodChoice::ThisQuarter, PeriodChoice::ThisYear, PeriodChoice::LastYear, PeriodChoice::AllTime]
                        .map(|p| view! { <option value=p.code() selected=move || choice.get() == p>{move || i18n.t(period_label(p))}</option> })}
                </select>
            </label>
        </div>
        <div class="kpis" data-testid="funnel-kpis">
            {kpi(Key::WinRate, Box::new(move || { let r = result.get().win_rate; format!("{} ({}/{})", pct(r), r.part, r.whole) }))}
            {kpi(Key::AvgCycle, Box::new(move || result.get().avg_cycle_days.map_or_else(|| "—".into(), |d| match i18n.get() { Locale::Zh => format!("{d} 天"), Locale::En => format!("{d} days") })))}
            {kpi(Key::AvgDealSize, Box::new(move || result.get().avg_won_amount.map_or_else(|| "—".into(), money_text)))}
            {kpi(Key::KpiPipeline, Box::new(move || money_text(result.get().weighted_pipeline)))}
        </div>
        // A period without a deal says so, and offers all time (a book imported from another
        // CRM may hold only deals closed years ago).
        {move || {
            let f = result.get();
            let empty = f.win_rate.whole == 0 && f.steps.iter().all(|s| s.reached == 0);
            (empty && choice.get() != PeriodChoice::AllTime).then(|| view! {
                <div class="empty-note" data-testid="funnel-empty">
                    {move || i18n.t(Key::NoDealsInPeriod)}" "
                    <button class="btn btn-small" on:click=move |_| choice.set(PeriodChoice::AllTime)>{move || i18n.t(Key::ShowAllTime)}</button>
                </div>
            })
        }}
        <div class="panel">
            <h2 class="panel-title">{move || i18n.t(Key::FunnelChart)}</h2>
            <div class="funnel-chart" role="img" aria-label=move || i18n.t(Key::FunnelChart)>
                {move || {
                    let f = result.get();
                    let top = f.steps.first().map(|s| s.reached).unwrap_or(0).max(1);
                    f.steps.iter().map(|s| {
                        let width = 12.0 + 88.0 * s.reached as f64 / top as f64;
                        view! {
                            <div class="funnel-row">
                                <span class="funnel-label">{s.name.clone()}</span>
                                <div class="funnel-bar-wrap"><div class="funnel-bar" style=format!("width:{width:.1}%;background:{}", s.color)>{s.reached}</div></div>
                            </div>
                        }
                    }).collect_view()
                }}
            </div>
            <table class="table" data-testid="funnel-table">
                <thead><tr>
                    <th>{move || i18n.t(Key::ColStage)}</th>
                    <th class="num">{move || i18n.t(Key::Reached)}</th>
                    <th class="num">{move || i18n.t(Key::ToNextStage)}</th>
                </tr></thead>
                <tbody>
                    {move || result.get().steps.into_iter().map(|s| view! {
                        <tr><td>{s.name}</td><td class="num">{s.reached}</td><td class="num">{if s.to_next.whole == 0 && s.to_next.part == 0 { "—".to_string() } else { pct(s.to_next) }}</td></tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        <div class="panel">
            <h2 class="panel-title">{move || i18n.t(Key::ForecastByMonth)}</h2>
            <table class="table" data-testid="forecast-table">
                <thead><tr><th>{move || i18n.t(Key::CloseMonth)}</th><th class="num">{move || i18n.t(Key::Weighted)}</th><th></th></tr></thead>
                <tbody>
                    {move || {
                        let f = result.get();
                        let max = f.forecast.iter().map(|(_, m)| *m).max().unwrap_or_default();
                        f.forecast.into_iter().map(|(month, m)| {
                            let share = if max == crate::domain::Money::ZERO { 0.0 } else { (m.value() / max.value()).to_string().parse::<f64>().unwrap_or(0.0) * 100.0 };
                            view! {
                                <tr>
                                    <td>{month.map_or_else(|| i18n.t(Key::CloseUndated).to_string(), |(y, mo)| format!("{y}-{mo:02}"))}</td>
                                    <td class="num">{money_text(m)}</td>
                                    <td class="bar-cell"><div class="bar"><span style=format!("width:{share:.1}%;background:var(--primary)")></span></div></td>
                                </tr>
                            }
                        }).collect_view()
                    }}
                </tbody>
            </table>
        </div>
        <div class="panel">
            <h2 class="panel-title">{move || i18n.t(Key::WhyLost)}</h2>
            {move || {
                let f = result.get();
                if f.lost_reasons.is_empty() {
                    return view! { <p class="muted">{i18n.t(Key::NoLostInPeriod)}</p> }.into_any();
                }
                let total: usize = f.lost_reasons.iter().map(|r| r.1).sum();
                view! {
                    <table class="table" data-testid="lost-reasons-table">
                        <thead><tr>
                            <th>{i18n.t(Key::LostReason)}</th>
                            <th class="num">{i18n.t(Key::DealsLost)}</th>
                            <th class="num">{i18n.t(Key::Share)}</th>
                            <th class="num">{i18n.t(Key::ColAmount)}</th>
                        </tr></thead>
                        <tbody>
                            {f.lost_reasons.into_iter().map(|(reason, n, amount)| view! {
                                <tr>
                                    <td>{reason.unwrap_or_else(|| i18n.t(Key::NoReasonGiven).to_string())}</td>
                                    <td class="num">{n}</td>
                                    <td class="num">{pct(Ratio { part: n, whole: total })}</td>
                                    <td class="num">{money_text(amount)}</td>
                                </tr>
                            }).collect_view()}
                        </tbody>
                    </table>
                }.into_any()
            }}
        </div>
    }
}
