//! Analytics, for one period picked at the top (kept in the address, so a view can be
//! bookmarked): sales in the period with revenue by month against target, top customers and
//! revenue by source; customers by grade with CLV (seed 000's table 2) and churn with the
//! customers about to churn and why; complaints by cause; products (ABC with a Pareto chart,
//! categories — seed table 1 — and stock figures); contracts (seed table 3) with receivables
//! aging.

mod contracts;
mod period;
mod products;
mod sales;

use crate::ui::components::money_text;
use crate::domain::customers::{ComplaintCause, ServiceCase, ServiceKind};
use crate::domain::customers::grading::{at_risk, churn, grade_table, Purchase};
use crate::domain::period::{Period, Span};
use crate::domain::targets::SalesTarget;
use crate::service::{today, CustomerList, Service, ServiceError};
use crate::ui::charts::{BarChart, ChartData, Series};
use crate::ui::components::{live, Icon, Panel};
use crate::ui::i18n::{cause_label, use_i18n, Key};
use crate::ui::router::{customer_href, use_route, Page};
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;
use crate::domain::sorting::SortShared;

pub use period::PeriodPicker;
pub use products::class_letter;

struct Data {
    /// The customer list (kept by the service, also in the database): ids, names, sources,
    /// statuses and grades without reading every customer after a reload.
    customers: Arc<CustomerList>,
    purchases: Arc<Vec<Purchase>>,
    clv_years: u32,
    cases: Vec<ServiceCase>,
    targets: Arc<Vec<SalesTarget>>,
    window: u32,
}

async fn load(s: Service) -> Result<Arc<Data>, ServiceError> {
    let customers = s.customer_list().await?;
    let purchases = s.purchases().await?;
    let settings = s.settings().await?;
    let cases = s.service_cases().await?;
    let targets = s.sales_targets().await?;
    Ok(Arc::new(Data {
        customers,
        purchases,
        clv_years: settings.clv_years,
        cases,
        targets: Arc::new(targets),
        window: settings.churn_window_days,
    }))
}

/// Writes the period into the address without adding a history entry.
fn write_span(span: Span) {
    let pairs: Vec<String> = span.to_query().into_iter().map(|(k, v)| format!("{k}={v}")).collect();
    crate::ui::router::replace_href(&format!("{}?{}", Page::Analytics.href(), pairs.join("&")));
}

#[component]
pub fn AnalyticsPage() -> impl IntoView {
    let route = use_route();
    let span = RwSignal::new(Span::from_query(&route.get_untracked().query).unwrap_or_default());
    // Back/forward or a pasted link changes the route; follow it.
    Effect::new(move |_| {
        let Some((wanted, pairs)) = route.with(|r| (r.page == Page::Analytics).then(|| (Span::from_query(&r.query).unwrap_or_default(), r.query.clone()))) else { return };
        if wanted != span.get_untracked() {
            span.set(wanted);
        } else if pairs != wanted.to_query() {
            // An address this page cannot read shows what is on screen instead.
            write_span(wanted);
        }
    });
    Effect::new(move |_| write_span(span.get()));
    let i18n = use_i18n();
    let period = Signal::derive(move || span.get().period(today()));
    provide_context(products::Choices::new());
    view! {
        <header class="page-header"><h1>{move || i18n.t(Key::NavAnalytics)}</h1></header>
        <PeriodPicker span=span />
        {crate::ui::components::loaded(live(load), move |d| view! { <AnalyticsView d=d span=span period=period /> })}
    }
}

#[component]
fn AnalyticsView(d: Arc<Data>, span: RwSignal<Span>, period: Signal<Period>) -> impl IntoView {
    let i18n = use_i18n();
    let (list, purchases, clv_years) = (d.customers.clone(), d.purchases.clone(), d.clv_years);
    let rows = Memo::new(move |_| grade_table(list.rows.iter().filter_map(|r| Some((r.id.as_str(), r.grade.as_ref()?))), &purchases, period.get(), clv_years));
    let state = crate::ui::state::use_app();
    let export = move |_| {
        let export_rows = rows.get_untracked();
        let lang = i18n.lang.get_untracked();
        let header = [Key::ColGrade, Key::KpiCustomers, Key::AnFrequency, Key::AnAvgOrder, Key::Clv].map(|k| k.text(lang));
        let body: Vec<Vec<String>> = export_rows.iter().map(|r| vec![
            r.grade.map_or_else(|| Key::Prospects.text(lang).to_string(), |g| g.letter().to_string()), r.customers.to_string(), r.frequency.to_string(), r.average_order.to_string(), r.clv.to_string(),
        ]).collect();
        crate::ui::actions::offer_csv(state, lang, "customer-grades", &crate::ui::actions::priced(&header, &[3, 4]), &body);
    };
    let grade_chart = Signal::derive(move || {
        let lang = i18n.get();
        let r = rows.get();
        let label = |g: Option<crate::domain::customers::grading::Grade>| g.map_or_else(|| Key::Prospects.text(lang).to_string(), |g| g.letter().to_string());
        ChartData {
            title: Key::GradeDistribution.text(lang).to_string(),
            x_title: Key::ColGrade.text(lang).to_string(),
            y_title: Key::KpiCustomers.text(lang).to_string(),
            labels: r.iter().map(|x| label(x.grade)).collect(),
            bars: Series::new(Key::KpiCustomers.text(lang), r.iter().map(|x| x.customers as f64).collect(), r.iter().map(|x| x.customers.to_string()).collect()),
            line: None,
            line_scale: Default::default(),
        }
    });
    let churn_data = d.clone();
    let report = Memo::new(move |_| {
        let p = period.get();
        let r = churn(&churn_data.purchases, p.from, p.to, churn_data.window);
        // All time shows from the first purchase, not from the first day there is.
        let start = if p.is_open_start() { churn_data.purchases.first().map_or(p.to, |first| first.date.min(p.to)) } else { p.from };
        (start, p.to, r.active_at_start, r.churned.len(), r.rate)
    });
    let risk = at_risk(&d.customers.rows, &d.purchases, today(), d.window, 30);
    let names: HashMap<&str, &str> = d.customers.rows.iter().map(|c| (c.id.as_str(), c.name.as_str())).collect();
    let risk_rows: Vec<_> = risk.iter().map(|a| (a.customer_id.clone(), names.get(a.customer_id.as_str()).copied().unwrap_or_default().to_string(), a.last_purchase, a.crosses_on)).collect();
    let window = d.window;
    let cases = d.cases.clone();
    let causes = move || {
        let p = period.get();
        let mut causes: Vec<(ComplaintCause, usize)> = ComplaintCause::ALL
            .into_iter()
            .map(|c| (c, cases.iter().filter(|s| s.kind == ServiceKind::Complaint && s.cause == Some(c) && p.contains(s.date)).count()))
            .filter(|(_, n)| *n > 0)
            .collect();
        causes.sort_by_shared(|a, b| b.1.cmp(&a.1));
        causes
    };
    let (all_purchases, all_customers, targets) = (d.purchases.clone(), d.customers.clone(), d.targets.clone());
    let export_cause_rows = causes.clone();
    let export_causes = move |_| {
        let lang = i18n.lang.get_untracked();
        let header = [Key::FCause, Key::Complaint].map(|k| k.text(lang));
        let body: Vec<Vec<String>> = export_cause_rows().into_iter().map(|(c, n)| vec![cause_label(lang, c).to_string(), n.to_string()]).collect();
        crate::ui::actions::offer_csv(state, lang, "complaints-by-cause", &header, &body);
    };
    view! {
        <sales::SalesPanels purchases=all_purchases customers=all_customers targets=targets span=span period=period />
        <div class="grid-2">
            <Panel title=Signal::derive(move || i18n.t(Key::AnGrades).to_string())>
                <button class="btn btn-small panel-link-btn" on:click=export><Icon name="download" />"CSV"</button>
                <div class="scroll-x"><table class="table" data-testid="grade-table">
                    <thead><tr>
                        <th>{move || i18n.t(Key::ColGrade)}</th>
                        <th class="num">{move || i18n.t(Key::KpiCustomers)}</th>
                        <th class="num">{move || i18n.t(Key::AnFrequency)}</th>
                        <th class="num">{move || i18n.t(Key::AnAvgOrder)}</th>
                        <th class="num">{move || i18n.t(Key::Clv)}</th>
                    </tr></thead>
                    <tbody>
                        {move || rows.get().into_iter().map(|r| view! {
                            <tr>
                                <td>{match r.grade {
                                    Some(g) => view! { <span class=format!("grade grade-{}", g.letter().to_lowercase())>{g.letter()}</span> }.into_any(),
                                    None => view! { <span>{move || i18n.t(Key::Prospects)}</span> }.into_any(),
                                }}</td>
                                <td class="num">{r.customers}</td>
                                <td class="num">{r.frequency.to_string()}</td>
                                <td class="num">{money_text(r.average_order)}</td>
                                <td class="num">{money_text(r.clv)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table></div>
                <p class="hint">{move || i18n.t(Key::AnGradesHow)}</p>
                <BarChart data=grade_chart testid="grade-chart" />
            </Panel>
            <Panel title=Signal::derive(move || i18n.t(Key::AnChurn).to_string())>
                {move || {
                    let (start, end, active, churned, rate) = report.get();
                    view! {
                        <div class="kpis compact" data-testid="churn">
                            <div class="kpi"><div><div class="kpi-value" data-testid="churn-rate">{rate.map(|r| format!("{}%", (r * rust_decimal::Decimal::ONE_HUNDRED).round_dp(1))).unwrap_or_else(|| "—".into())}</div><div class="kpi-label">{i18n.t(Key::ChurnRate)}</div></div></div>
                            <div class="kpi"><div><div class="kpi-value">{active}</div><div class="kpi-label">{i18n.t(if period.get().is_open_start() { Key::EverBought } else { Key::ActiveAtStart })}</div></div></div>
                            <div class="kpi"><div><div class="kpi-value">{churned}</div><div class="kpi-label">{i18n.t(Key::Churned)}</div></div></div>
                        </div>
                        <p class="hint" data-testid="churn-period">{format!("{start} – {end}")}</p>
                    }
                }}
                <h3 class="section-title">{move || i18n.t(Key::AtRisk)}</h3>
                {if risk_rows.is_empty() {
                    view! { <p class="muted">{move || i18n.t(Key::AtRiskNone)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="reminders" data-testid="at-risk">
                            {risk_rows.into_iter().map(|(id, name, last, crosses)| view! {
                                <li>
                                    <div class="reminder-main">
                                        <a class="row-link" href=customer_href(&id)>{name}</a>
                                        <div class="hint">{move || match i18n.get() {
                                            crate::domain::Locale::Zh => format!("最近购买 {last}；若不再购买，将于 {crosses} 超过 {window} 天流失窗口"),
                                            crate::domain::Locale::En => format!("Last purchase {last}; crosses the {window}-day window on {crosses} unless they buy"),
                                        }}</div>
                                    </div>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </Panel>
            <Panel title=Signal::derive(move || i18n.t(Key::ComplaintCauses).to_string())>
                <button class="btn btn-small panel-link-btn" on:click=export_causes><Icon name="download" />"CSV"</button>
                {move || { let causes = causes(); let max_cause = causes.first().map_or(1, |c| c.1); if causes.is_empty() {
                    view! { <p class="muted">{move || i18n.t(Key::NoComplaints)}</p> }.into_any()
                } else {
                    view! {
                        <table class="table" data-testid="complaint-causes">
                            <tbody>
                                {causes.into_iter().map(|(c, n)| view! {
                                    <tr>
                                        <td>{move || cause_label(i18n.get(), c)}<div class="bar"><span style=format!("width:{}%;background:#f59e0b", n * 100 / max_cause)></span></div></td>
                                        <td class="num">{n}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                }}}
            </Panel>
        </div>
        <products::ProductAnalysis period=period />
        <contracts::ContractAnalysis period=period />
    }
}
