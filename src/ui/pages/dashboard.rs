use super::yuan;
use crate::domain::contract::{Contract, ContractStatus};
use crate::domain::customer::{due_follow_ups, reminders};
use crate::domain::pipeline::{stage_summaries, Deal, Stage, StageKind, StageSummary};
use crate::domain::{Money, StoreKind};
use crate::storage::StorageError;
use crate::ui::actions::{self, today};
use crate::ui::components::{loaded, Icon, Kpi, Panel};
use crate::ui::i18n::{use_i18n, Key};
use crate::ui::router::Page;
use crate::ui::state::{use_app, AppState};
use chrono::{Datelike, NaiveDate};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;

#[derive(Clone, PartialEq)]
struct Overview {
    customers: usize,
    products: usize,
    contracts: usize,
    open_deals: usize,
    weighted: Money,
    won_this_year: Money,
    receivable: Money,
    stages: Vec<StageSummary>,
    due: Vec<(NaiveDate, String, String)>,
    due_count: usize,
    /// Contact birthdays in the next 14 days: (date, customer, contact).
    care: Vec<(NaiveDate, String, String)>,
}

async fn load_overview(state: AppState) -> Result<Overview, StorageError> {
    let db = state.db().ok_or(StorageError::Closed)?;
    let counts = db.counts().await?;
    let stages: Vec<Stage> = db.get_all().await?;
    let deals: Vec<Deal> = db.get_all().await?;
    let follow_ups = crate::ui::actions::load_follow_ups(state).await?;
    let contracts: Vec<Contract> = db.get_all().await?;
    let today = today();
    let kind: HashMap<&str, StageKind> = stages.iter().map(|s| (s.id.as_str(), s.kind)).collect();
    let open_deals = deals.iter().filter(|d| kind.get(d.stage_id.as_str()) == Some(&StageKind::Open)).count();
    let summaries = stage_summaries(&stages, &deals);
    let weighted = summaries.iter().filter(|s| kind.get(s.stage_id.as_str()) == Some(&StageKind::Open)).map(|s| s.weighted).sum();
    let won_this_year = deals
        .iter()
        .filter(|d| kind.get(d.stage_id.as_str()) == Some(&StageKind::Won))
        .filter(|d| d.stage_history.last().is_some_and(|h| h.at.year() == today.year()))
        .map(|d| d.amount)
        .sum();
    let receivable = contracts
        .iter()
        .filter(|c| matches!(c.status, ContractStatus::Signed | ContractStatus::Executing))
        .map(Contract::outstanding)
        .sum();
    let due = due_follow_ups(&follow_ups, today);
    let due_count = due.len();
    let customers = crate::ui::actions::load_customers(state).await?;
    let care = reminders(&[], &customers, today, 14)
        .birthdays
        .into_iter()
        .map(|(c, k, d)| (d, c.name.clone(), k.name.clone()))
        .collect();
    let names: HashMap<&str, &str> = customers.iter().map(|c| (c.id.as_str(), c.name.as_str())).collect();
    let due = due
        .into_iter()
        .take(8)
        .map(|f| (f.next_date.unwrap_or(today), names.get(f.customer_id.as_str()).copied().unwrap_or_default().to_string(), f.summary.clone()))
        .collect();
    Ok(Overview {
        customers: counts.get(StoreKind::Customers),
        products: counts.get(StoreKind::Products),
        contracts: counts.get(StoreKind::Contracts),
        open_deals,
        weighted,
        won_this_year,
        receivable,
        stages: summaries,
        due,
        due_count,
        care,
    })
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let overview = LocalResource::new(move || {
        state.revision.track();
        load_overview(state)
    });
    view! {
        <header class="page-header">
            <h1>{move || i18n.t(Key::NavDashboard)}</h1>
        </header>
        {loaded(overview, |o| if o.customers + o.products + o.open_deals + o.contracts == 0 {
            view! { <Welcome /> }.into_any()
        } else {
            view! { <OverviewView o=o /> }.into_any()
        })}
    }
}

#[component]
fn Welcome() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let busy = RwSignal::new(false);
    view! {
        <div class="welcome">
            <div class="welcome-icon"><Icon name="sparkles" /></div>
            <h2>{move || i18n.t(Key::DashWelcome)}</h2>
            <p>{move || i18n.t(Key::DashEmptyBody)}</p>
            <div class="actions">
                <button class="btn btn-primary btn-large" disabled=move || busy.get() on:click=move |_| {
                    busy.set(true);
                    let lang = i18n.lang.get_untracked();
                    spawn_local(async move {
                        actions::load_demo(state, lang).await;
                        busy.set(false);
                    });
                }>
                    <Icon name="sparkles" />
                    {move || i18n.t(Key::LoadDemo)}
                </button>
                <a class="btn btn-large" href=Page::Settings.href()>{move || i18n.t(Key::GoToSettings)}</a>
            </div>
        </div>
    }
}

#[component]
fn OverviewView(o: Overview) -> impl IntoView {
    let i18n = use_i18n();
    let today = today();
    let kpis = [
        (Key::KpiCustomers, o.customers.to_string(), "customers", ""),
        (Key::KpiOpenDeals, o.open_deals.to_string(), "pipeline", ""),
        (Key::KpiPipeline, yuan(o.weighted), "analytics", "accent"),
        (Key::KpiWonThisYear, yuan(o.won_this_year), "check", "good"),
        (Key::KpiReceivable, yuan(o.receivable), "contracts", ""),
        (Key::KpiFollowUpsDue, o.due_count.to_string(), "bell", if o.due_count > 0 { "warn" } else { "" }),
    ];
    let max_amount = o.stages.iter().map(|s| s.amount).max().unwrap_or(Money::ZERO);
    view! {
        <div class="kpis">
            {kpis.into_iter().map(|(k, v, icon, tone)| view! {
                <Kpi label=Signal::derive(move || i18n.t(k).to_string()) value=v icon=icon tone=tone />
            }).collect_view()}
        </div>
        <div class="grid-2">
            <Panel title=Signal::derive(move || i18n.t(Key::DashPipelineByStage).to_string())>
                <table class="table">
                    <thead><tr>
                        <th>{move || i18n.t(Key::ColStage)}</th>
                        <th class="num">{move || i18n.t(Key::ColDeals)}</th>
                        <th class="num">{move || i18n.t(Key::ColAmount)}</th>
                        <th class="num">{move || i18n.t(Key::ColWeighted)}</th>
                    </tr></thead>
                    <tbody>
                        {o.stages.into_iter().map(|s| {
                            let share = if max_amount.is_negative() || max_amount == Money::ZERO { 0.0 } else {
                                (s.amount.value() / max_amount.value()).to_string().parse::<f64>().unwrap_or(0.0) * 100.0
                            };
                            view! {
                                <tr>
                                    <td>
                                        <span class="dot" style=format!("background:{}", s.color)></span>
                                        {s.name.clone()}
                                        <div class="bar"><span style=format!("width:{share:.0}%;background:{}", s.color)></span></div>
                                    </td>
                                    <td class="num">{s.deals}</td>
                                    <td class="num">{yuan(s.amount)}</td>
                                    <td class="num">{yuan(s.weighted)}</td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </Panel>
            <Panel title=Signal::derive(move || i18n.t(Key::DashDueFollowUps).to_string())>
                <a class="panel-link" href=Page::Reminders.href()>{move || i18n.t(Key::AllReminders)}" →"</a>
                {if o.due.is_empty() && o.care.is_empty() {
                    view! { <p class="muted">{move || i18n.t(Key::DashNothingDue)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="due-list">
                            {o.due.into_iter().map(|(date, customer, summary)| {
                                let overdue = date < today;
                                view! {
                                    <li>
                                        <span class=if overdue { "badge badge-danger" } else { "badge badge-warn" }>
                                            {move || i18n.t(if overdue { Key::Overdue } else { Key::Today })}
                                        </span>
                                        <div>
                                            <strong>{customer.clone()}</strong>
                                            <small>{format!("{date} · {summary}")}</small>
                                        </div>
                                    </li>
                                }
                            }).collect_view()}
                            {o.care.into_iter().map(|(date, customer, contact)| view! {
                                <li data-testid="care-date">
                                    <span class="badge badge-good">{move || i18n.t(Key::Birthday)}</span>
                                    <div>
                                        <strong>{customer.clone()}</strong>
                                        <small>{format!("{date} · {contact}")}</small>
                                    </div>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </Panel>
        </div>
    }
}
