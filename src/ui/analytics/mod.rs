//! Analytics: customers by grade with CLV (seed 000's table shape), churn for a chosen period
//! with the customers about to churn and why, complaints by cause, products (ABC and stock
//! figures), and contracts (type,
//! amount, sign date, progress, risk) with receivables aging.

mod contracts;
mod products;

use crate::ui::components::yuan;
use crate::domain::csv;
use crate::domain::customers::{ComplaintCause, Customer, ServiceCase, ServiceKind};
use crate::domain::customers::grading::{at_risk, churn, grade_table, GradeRow, Purchase};
use crate::service::{today, Service, ServiceError};
use crate::ui::components::{live, screen, Icon, Panel};
use crate::ui::i18n::{cause_label, use_i18n, Key};
use crate::ui::router::customer_href;
use crate::domain::period::{Period, PeriodChoice};
use crate::ui::i18n::period_label;
use leptos::prelude::*;
use std::collections::HashMap;
use std::sync::Arc;

struct Data {
    customers: Arc<Vec<Customer>>,
    purchases: Vec<Purchase>,
    rows: Vec<GradeRow>,
    cases: Vec<ServiceCase>,
    window: u32,
}

async fn load(s: Service) -> Result<Arc<Data>, ServiceError> {
    let book = s.graded().await?;
    let rows = grade_table(&book.grades, &book.purchases, today(), book.settings.clv_years);
    let cases = s.service_cases().await?;
    Ok(Arc::new(Data { customers: book.customers.clone(), purchases: book.purchases.clone(), rows, cases, window: book.settings.churn_window_days }))
}

#[component]
pub fn AnalyticsPage() -> impl IntoView {
    screen(Key::NavAnalytics, live(load), |d| view! { <AnalyticsView d=d /> })
}

#[component]
fn AnalyticsView(d: Arc<Data>) -> impl IntoView {
    let i18n = use_i18n();
    let period = RwSignal::new(PeriodChoice::LastQuarter);
    let rows = d.rows.clone();
    let export_rows = rows.clone();
    let state = crate::ui::state::use_app();
    let export = move |_| {
        let lang = i18n.lang.get_untracked();
        let header = [Key::ColGrade, Key::KpiCustomers, Key::AnFrequency, Key::AnAvgOrder, Key::Clv].map(|k| k.text(lang));
        let body: Vec<Vec<String>> = export_rows.iter().map(|r| vec![
            r.grade.map_or_else(|| Key::Prospects.text(lang).to_string(), |g| g.letter().to_string()), r.customers.to_string(), r.frequency.to_string(), r.average_order.to_string(), r.clv.to_string(),
        ]).collect();
        crate::ui::actions::offer_download(state, lang, "customer-grades.csv", "text/csv;charset=utf-8", &csv::write(&header, &body));
    };
    let churn_data = d.clone();
    let report = Memo::new(move |_| {
        let Period { from: start, to: end } = period.get().period(today());
        let r = churn(&churn_data.purchases, start, end, churn_data.window);
        (start, end, r.active_at_start, r.churned.len(), r.rate)
    });
    let risk = at_risk(&d.customers, &d.purchases, today(), d.window, 30);
    let names: HashMap<&str, &str> = d.customers.iter().map(|c| (c.id.as_str(), c.name.as_str())).collect();
    let risk_rows: Vec<_> = risk.iter().map(|a| (a.customer_id.clone(), names.get(a.customer_id.as_str()).copied().unwrap_or_default().to_string(), a.last_purchase, a.crosses_on)).collect();
    let window = d.window;
    let mut causes: Vec<(ComplaintCause, usize)> = ComplaintCause::ALL
        .into_iter()
        .map(|c| (c, d.cases.iter().filter(|s| s.kind == ServiceKind::Complaint && s.cause == Some(c)).count()))
        .filter(|(_, n)| *n > 0)
        .collect();
    causes.sort_by(|a, b| b.1.cmp(&a.1));
    let max_cause = causes.first().map_or(1, |c| c.1);
    view! {
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
                        {rows.into_iter().map(|r| view! {
                            <tr>
                                <td>{match r.grade {
                                    Some(g) => view! { <span class=format!("grade grade-{}", g.letter().to_lowercase())>{g.letter()}</span> }.into_any(),
                                    None => view! { <span>{move || i18n.t(Key::Prospects)}</span> }.into_any(),
                                }}</td>
                                <td class="num">{r.customers}</td>
                                <td class="num">{r.frequency.to_string()}</td>
                                <td class="num">{yuan(r.average_order)}</td>
                                <td class="num">{yuan(r.clv)}</td>
                            </tr>
                        }).collect_view()}
                    </tbody>
                </table></div>
            </Panel>
            <Panel title=Signal::derive(move || i18n.t(Key::AnChurn).to_string())>
                <label class="field-inline">
                    <span class="hint">{move || i18n.t(Key::AnPeriod)}" "</span>
                    <select class="select" aria-label=move || i18n.t(Key::AnPeriod)
                        on:change=move |ev| period.set(PeriodChoice::from_code(&event_target_value(&ev)).unwrap_or(PeriodChoice::LastQuarter))>
                        {[PeriodChoice::LastQuarter, PeriodChoice::ThisQuarter, PeriodChoice::ThisYear, PeriodChoice::Last12Months]
                            .map(|p| view! { <option value=p.code()>{move || i18n.t(period_label(p))}</option> })}
                    </select>
                </label>
                {move || {
                    let (start, end, active, churned, rate) = report.get();
                    view! {
                        <div class="kpis compact" data-testid="churn">
                            <div class="kpi"><div><div class="kpi-value" data-testid="churn-rate">{rate.map(|r| format!("{}%", (r * rust_decimal::Decimal::ONE_HUNDRED).round_dp(1))).unwrap_or_else(|| "—".into())}</div><div class="kpi-label">{i18n.t(Key::ChurnRate)}</div></div></div>
                            <div class="kpi"><div><div class="kpi-value">{active}</div><div class="kpi-label">{i18n.t(Key::ActiveAtStart)}</div></div></div>
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
                {if causes.is_empty() {
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
                }}
            </Panel>
        </div>
        <products::ProductAnalysis />
        <contracts::ContractAnalysis />
    }
}
