//! Analytics → sales in the period: revenue, purchases, average order and new customers with
//! growth against the period before; revenue by month against target; top customers and
//! revenue by source 来源. Every figure comes from the same purchases, so they add up.

use crate::domain::customers::grading::Purchase;
use crate::service::CustomerList;
use crate::domain::money::Money;
use crate::domain::period::{Period, PeriodChoice, Span};
use crate::domain::sales::{by_source, growth, months_of, top_customers, total};
use crate::domain::targets::{first_purchases, target_for, Period as TargetPeriod, SalesTarget};
use crate::domain::Locale;
use crate::ui::actions;
use crate::ui::charts::{money_f64, BarChart, ChartData, Series};
use crate::ui::components::{money_text, Icon, Panel};
use crate::ui::i18n::{source_label, use_i18n, Key};
use crate::ui::router::customer_href;
use crate::ui::state::use_app;
use crate::ui::targets::month_label;
use leptos::prelude::*;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;

/// How many customers the ranking lists (the export holds them all).
const TOP: usize = 10;

fn share(part: Money, whole: Money) -> String {
    if whole.value() > Decimal::ZERO {
        format!("{}%", (part.value() / whole.value() * Decimal::ONE_HUNDRED).round_dp(1).normalize())
    } else {
        "—".into()
    }
}

fn signed_percent(g: Option<Decimal>) -> String {
    g.map_or_else(|| "—".into(), |g| {
        let v = (g * Decimal::ONE_HUNDRED).round_dp(1).normalize();
        if v > Decimal::ZERO { format!("+{v}%") } else { format!("{v}%") }
    })
}

#[component]
pub fn SalesPanels(
    purchases: Arc<Vec<Purchase>>,
    customers: Arc<CustomerList>,
    targets: Arc<Vec<SalesTarget>>,
    span: RwSignal<Span>,
    period: Signal<Period>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let names: Arc<HashMap<String, String>> = Arc::new(customers.rows.iter().map(|c| (c.id.clone(), c.name.clone())).collect());
    let first: Arc<Vec<chrono::NaiveDate>> = Arc::new(first_purchases(&purchases).into_values().collect());
    let ps = purchases.clone();
    let summary = Memo::new(move |_| {
        let p = period.get();
        let now = total(&ps, p);
        let before = p.previous().map(|prev| (prev, total(&ps, prev).revenue));
        let new_customers = first.iter().filter(|d| p.contains(**d)).count();
        (now, before, new_customers)
    });
    let ps = purchases.clone();
    let chart = Signal::derive(move || {
        let lang = i18n.get();
        let months = months_of(&ps, period.get());
        let target: Vec<Option<Money>> = months.iter().map(|(y, m, _)| target_for(&targets, TargetPeriod::Month { year: *y, month: *m }).map(|t| t.0)).collect();
        let line = target.iter().any(Option::is_some).then(|| Series::new(
            Key::Target.text(lang),
            target.iter().map(|t| t.map_or(0.0, money_f64)).collect(),
            target.iter().map(|t| t.map_or_else(|| "—".to_string(), money_text)).collect(),
        ));
        ChartData {
            title: Key::AnRevenueByMonth.text(lang).to_string(),
            x_title: Key::Month.text(lang).to_string(),
            y_title: Key::Revenue.text(lang).to_string(),
            labels: months.iter().map(|(y, m, _)| if *m == 1 || months.first().is_some_and(|f| f.0 == *y && f.1 == *m) {
                match lang { Locale::Zh => format!("{y}年{m}月"), Locale::En => format!("{} {y}", month_label(lang, *m)) }
            } else { month_label(lang, *m) }).collect(),
            bars: Series::money(Key::Revenue.text(lang), &months.iter().map(|x| x.2).collect::<Vec<_>>()),
            line,
            line_scale: Default::default(),
        }
    });
    let ps = purchases.clone();
    let ranking = Memo::new(move |_| top_customers(&ps, period.get(), usize::MAX));
    let ps = purchases.clone();
    let cs = customers.clone();
    let sources = Memo::new(move |_| by_source(&ps, &cs.rows, period.get()));
    let customer_name = {
        let names = names.clone();
        move |id: &str, lang: Locale| if id.is_empty() { Key::NoCustomer.text(lang).to_string() } else { names.get(id).cloned().unwrap_or_else(|| id.to_string()) }
    };
    let export_name = customer_name.clone();
    let export_top = move |_| {
        let lang = i18n.lang.get_untracked();
        let (rows, all) = ranking.get_untracked();
        let header = [Key::Rank, Key::KpiCustomers, Key::Revenue, Key::SharePct, Key::Purchases].map(|k| k.text(lang));
        let body: Vec<Vec<String>> = rows.iter().enumerate().map(|(i, r)| vec![
            (i + 1).to_string(), export_name(&r.key, lang), r.revenue.to_string(), share(r.revenue, all.revenue), r.purchases.to_string(),
        ]).collect();
        actions::offer_csv(state, lang, "top-customers", &actions::priced(&header, &[2]), &body);
    };
    let export_sources = move |_| {
        let lang = i18n.lang.get_untracked();
        let all = summary.get_untracked().0.revenue;
        let header = [Key::ColSource, Key::Revenue, Key::SharePct, Key::Purchases].map(|k| k.text(lang));
        let body: Vec<Vec<String>> = sources.get_untracked().iter().map(|r| vec![
            source_label(lang, r.key).to_string(), r.revenue.to_string(), share(r.revenue, all), r.purchases.to_string(),
        ]).collect();
        actions::offer_csv(state, lang, "revenue-by-source", &actions::priced(&header, &[1]), &body);
    };
    view! {
        <Panel title=Signal::derive(move || i18n.t(Key::AnSales).to_string())>
            {move || {
                let (now, before, new_customers) = summary.get();
                let compared = before.map(|(p, _)| format!(" ({} {} – {})", i18n.t(Key::GrowthVs), p.from, p.to));
                let before = before.map(|(_, revenue)| revenue);
                let average = if now.purchases == 0 { Money::ZERO } else { Money::new(now.revenue.value() / Decimal::from(now.purchases)) };
                view! {
                    <div class="kpis compact four" data-testid="sales-summary">
                        <div class="kpi"><div>
                            <div class="kpi-value" data-testid="period-revenue">{money_text(now.revenue)}</div>
                            <div class="kpi-label">{i18n.t(Key::Revenue)}" · "<span data-testid="period-growth" title=i18n.t(Key::GrowthHow)>{signed_percent(growth(now.revenue, before))}</span><span class="muted growth-against" data-testid="growth-against">{compared}</span></div>
                        </div></div>
                        <div class="kpi"><div><div class="kpi-value" data-testid="period-purchases">{now.purchases}</div><div class="kpi-label">{i18n.t(Key::Purchases)}</div></div></div>
                        <div class="kpi"><div><div class="kpi-value">{money_text(average)}</div><div class="kpi-label">{i18n.t(Key::AnAvgOrder)}</div></div></div>
                        <div class="kpi"><div><div class="kpi-value" data-testid="period-new">{new_customers}</div><div class="kpi-label">{i18n.t(Key::NewCustomersActual)}</div></div></div>
                    </div>
                    {(now.purchases == 0).then(|| view! {
                        <div class="empty-note" data-testid="no-sales">
                            {i18n.t(Key::NoDataInPeriod)}" "
                            {(span.get_untracked() != Span::Named(PeriodChoice::AllTime)).then(|| view! {
                                <button class="btn btn-small" on:click=move |_| span.set(Span::Named(PeriodChoice::AllTime))>{i18n.t(Key::ShowAllTime)}</button>
                            })}
                        </div>
                    })}
                }
            }}
            <BarChart data=chart testid="revenue-chart" />
            <p class="hint">{move || i18n.t(Key::AnSalesHow)}</p>
        </Panel>
        <div class="grid-2">
            <Panel title=Signal::derive(move || i18n.t(Key::AnTopCustomers).to_string())>
                <button class="btn btn-small panel-link-btn" on:click=export_top><Icon name="download" />"CSV"</button>
                <div class="scroll-x"><table class="table" data-testid="top-customers">
                    <thead><tr>
                        <th class="num">{move || i18n.t(Key::Rank)}</th>
                        <th>{move || i18n.t(Key::KpiCustomers)}</th>
                        <th class="num">{move || i18n.t(Key::Revenue)}</th>
                        <th class="num">{move || i18n.t(Key::SharePct)}</th>
                        <th class="num">{move || i18n.t(Key::Purchases)}</th>
                    </tr></thead>
                    <tbody>
                        {move || {
                            let (rows, all) = ranking.get();
                            let lang = i18n.get();
                            rows.into_iter().take(TOP).enumerate().map(|(i, r)| {
                                let name = customer_name(&r.key, lang);
                                view! {
                                    <tr>
                                        <td class="num">{i + 1}</td>
                                        <td>{if r.key.is_empty() { view! { <span class="muted">{name}</span> }.into_any() } else { view! { <a class="row-link" href=customer_href(&r.key)>{name}</a> }.into_any() }}</td>
                                        <td class="num">{money_text(r.revenue)}</td>
                                        <td class="num">{share(r.revenue, all.revenue)}</td>
                                        <td class="num">{r.purchases}</td>
                                    </tr>
                                }
                            }).collect_view()
                        }}
                    </tbody>
                    <tfoot><tr>
                        <th colspan="2">{move || match i18n.get() {
                            // "No customer" is a row, not a customer.
                            Locale::Zh => format!("合计（{} 位客户）", ranking.with(|r| r.0.iter().filter(|s| !s.key.is_empty()).count())),
                            Locale::En => format!("Total ({} customers)", ranking.with(|r| r.0.iter().filter(|s| !s.key.is_empty()).count())),
                        }}</th>
                        <th class="num">{move || money_text(ranking.with(|r| r.1.revenue))}</th>
                        <th></th>
                        <th class="num">{move || ranking.with(|r| r.1.purchases)}</th>
                    </tr></tfoot>
                </table></div>
            </Panel>
            <Panel title=Signal::derive(move || i18n.t(Key::AnBySource).to_string())>
                <button class="btn btn-small panel-link-btn" on:click=export_sources><Icon name="download" />"CSV"</button>
                <table class="table" data-testid="by-source">
                    <thead><tr>
                        <th>{move || i18n.t(Key::ColSource)}</th>
                        <th class="num">{move || i18n.t(Key::Revenue)}</th>
                        <th class="num">{move || i18n.t(Key::SharePct)}</th>
                        <th class="num">{move || i18n.t(Key::Purchases)}</th>
                    </tr></thead>
                    <tbody>
                        {move || {
                            let all = summary.with(|s| s.0.revenue);
                            let rows = sources.get();
                            let max = rows.first().map_or(Money::ZERO, |r| r.revenue);
                            rows.into_iter().map(|r| {
                                let width = if max.value() > Decimal::ZERO { money_f64(r.revenue) / money_f64(max) * 100.0 } else { 0.0 };
                                view! {
                                    <tr>
                                        <td>{move || source_label(i18n.get(), r.key)}<div class="bar"><span style=format!("width:{width:.0}%;background:var(--primary)")></span></div></td>
                                        <td class="num">{money_text(r.revenue)}</td>
                                        <td class="num">{share(r.revenue, all)}</td>
                                        <td class="num">{r.purchases}</td>
                                    </tr>
                                }
                            }).collect_view()
                        }}
                    </tbody>
                </table>
                <p class="hint">{move || i18n.t(Key::AnBySourceHow)}</p>
            </Panel>
        </div>
    }
}
