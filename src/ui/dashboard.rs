use crate::ui::components::money_text;
use crate::domain::dashboard::Overview;
use crate::domain::{Money, StoreKind};
use crate::service::{Service, ServiceError};
use crate::ui::actions;
use crate::ui::components::{live_unless, screen, Icon, Kpi, Panel};
use crate::ui::i18n::{use_i18n, Key};
use crate::ui::router::Page;
use crate::ui::state::use_app;
use crate::ui::tasks::{provide_task_hold, FollowUpTask};

use leptos::prelude::*;
use leptos::task::spawn_local;


/// The dashboard's figures and the record counts behind the KPIs.
#[derive(Clone, PartialEq)]
struct Dashboard {
    customers: usize,
    products: usize,
    contracts: usize,
    figures: Overview,
}

async fn load(s: Service) -> Result<Dashboard, ServiceError> {
    let (counts, figures) = s.overview().await?;
    Ok(Dashboard {
        customers: counts.get(StoreKind::Customers),
        products: counts.get(StoreKind::Products),
        contracts: counts.get(StoreKind::Contracts),
        figures,
    })
}

#[component]
pub fn DashboardPage() -> impl IntoView {
    let hold = provide_task_hold();
    screen(Key::NavDashboard, live_unless(hold, load), |o| if o.customers + o.products + o.figures.open_deals + o.contracts == 0 {
        view! { <Welcome /> }.into_any()
    } else {
        view! { <OverviewView o=o /> }.into_any()
    })
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

/// A book with records that changed since its last backup, a week ago or never: say so, with
/// the backup one click away. Shown only on a dashboard with data.
#[component]
fn BackupReminder() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let status = crate::ui::components::live(|s| async move { s.backup_status().await });
    let busy = RwSignal::new(false);
    view! {
        <Transition fallback=|| ()>
            {move || status.get().and_then(Result::ok).filter(|b| b.reminder_due(true, chrono::Utc::now())).map(|b| view! {
                <div class="app-notice warn" role="status" data-testid="backup-reminder">
                    <Icon name="shield" />
                    <div class="app-notice-text">
                        <strong>{move || i18n.t(if b.last.is_none() { Key::BackupDueNever } else { Key::BackupDueDays })}</strong>
                        <span class="hint">{move || i18n.t(Key::BackupDueHint)}</span>
                    </div>
                    <button type="button" class="btn btn-primary" disabled=busy on:click=move |_| {
                        busy.set(true);
                        let lang = i18n.lang.get_untracked();
                        spawn_local(async move {
                            actions::export_backup(state, lang).await;
                            busy.set(false);
                        });
                    }>
                        <Icon name="download" />{move || i18n.t(Key::BackupNow)}
                    </button>
                    <a class="btn" href=Page::Settings.href()>{move || i18n.t(Key::GoToSettings)}</a>
                </div>
            })}
        </Transition>
    }
}

#[component]
fn OverviewView(o: Dashboard) -> impl IntoView {
    let (customers, o) = (o.customers, o.figures);
    let i18n = use_i18n();
    let kpis = [
        (Key::KpiCustomers, customers.to_string(), "customers", ""),
        (Key::KpiOpenDeals, o.open_deals.to_string(), "pipeline", ""),
        (Key::KpiPipeline, money_text(o.weighted), "analytics", "accent"),
        (Key::KpiWonThisYear, money_text(o.won_this_year), "check", "good"),
        (Key::KpiReceivable, money_text(o.receivables.outstanding), "contracts", ""),
        (Key::KpiFollowUpsDue, o.due_count.to_string(), "bell", if o.due_count > 0 { "warn" } else { "" }),
    ];
    let (aging, outstanding, payments_due) = (o.receivables.overdue, o.receivables.outstanding, o.payments_due);
    let max_amount = o.stages.iter().map(|s| s.amount).max().unwrap_or(Money::ZERO);
    let targets = o.targets.clone();
    let reorder = o.reorder.clone();
    view! {
        <BackupReminder />
        <div class="kpis">
            {kpis.into_iter().map(|(k, v, icon, tone)| view! {
                <Kpi label=Signal::derive(move || i18n.t(k).to_string()) value=v icon=icon tone=tone />
            }).collect_view()}
        </div>
        <div class="grid-2">
            <Panel title=Signal::derive(move || i18n.t(Key::TargetsWhereWeStand).to_string())>
                <a class="panel-link" href=Page::Targets.href()>{move || i18n.t(Key::NavTargets)}" →"</a>
                {if targets.is_empty() {
                    view! {
                        <p class="muted" data-testid="dash-no-targets">{move || i18n.t(Key::DashNoTargets)}" "
                            <a href=Page::Targets.href()>{move || i18n.t(Key::SetTargets)}</a>
                        </p>
                    }.into_any()
                } else {
                    view! { <crate::ui::targets::TargetProgress rows=targets testid="dash-targets" /> }.into_any()
                }}
            </Panel>
            <Panel title=Signal::derive(move || i18n.t(Key::DashPipelineByStage).to_string())>
                <table class="table">
                    <thead><tr>
                        <th>{move || i18n.t(Key::ColStage)}</th>
                        <th class="num">{move || i18n.t(Key::ColDeals)}</th>
                        <th class="num">{move || i18n.t(Key::ColAmount)}<div class="hint">{move || i18n.t(Key::ColWeighted)}</div></th>
                    </tr></thead>
                    <tbody>
                        {o.stages.into_iter().map(|s| {
                            let share = if max_amount.is_negative() || max_amount == Money::ZERO { 0.0 } else {
                                (s.amount.value() / max_amount.value()).to_string().parse::<f64>().unwrap_or(0.0) * 100.0
                            };
                            view! {
                                <tr>
                                    <td class="stage-cell">
                                        <span class="dot" style=format!("background:{}", s.color)></span>
                                        {s.name.clone()}
                                        <div class="bar"><span style=format!("width:{share:.0}%;background:{}", s.color)></span></div>
                                    </td>
                                    <td class="num">{s.deals}</td>
                                    <td class="num">{money_text(s.amount)}<div class="hint">{money_text(s.weighted)}</div></td>
                                </tr>
                            }
                        }).collect_view()}
                    </tbody>
                </table>
            </Panel>
            <Panel title=Signal::derive(move || i18n.t(Key::AgingTitle).to_string())>
                <a class="panel-link" href=Page::Contracts.href()>{move || i18n.t(Key::NavContracts)}" →"</a>
                <crate::ui::contracts::AgingTable aging=aging testid="dash-aging" />
                <p class="hint">
                    {move || crate::ui::i18n::overdue_of_outstanding(i18n.get(), aging.total(), outstanding)}
                    " · "
                    <a href=Page::Reminders.href()>{move || crate::ui::i18n::payments_due(i18n.get(), payments_due)}</a>
                </p>
            </Panel>
            <Panel title=Signal::derive(move || i18n.t(Key::ReorderList).to_string())>
                <a class="panel-link" href="#/analytics">{move || i18n.t(Key::NavAnalytics)}" →"</a>
                {if reorder.is_empty() {
                    view! { <p class="muted" data-testid="reorder-none">{move || i18n.t(Key::ReorderNone)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="due-list" data-testid="reorder-list">
                            {reorder.into_iter().map(|(_, name, stock, rop)| view! {
                                <li>
                                    <span class="badge badge-danger">{move || i18n.t(Key::ReorderNow)}</span>
                                    <div>
                                        <strong>{name}</strong>
                                        <small>{move || match i18n.get() {
                                            crate::domain::Locale::Zh => format!("库存 {stock} · 再订货点 {rop}"),
                                            crate::domain::Locale::En => format!("{stock} in stock · reorder point {rop}"),
                                        }}</small>
                                    </div>
                                </li>
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
            </Panel>
            <Panel title=Signal::derive(move || i18n.t(Key::DashDueFollowUps).to_string())>
                <a class="panel-link" href=Page::Reminders.href()>{move || i18n.t(Key::AllReminders)}" →"</a>
                {if o.due.is_empty() && o.care.is_empty() {
                    view! { <p class="muted">{move || i18n.t(Key::DashNothingDue)}</p> }.into_any()
                } else {
                    view! {
                        <ul class="due-list">
                            {o.due.into_iter().map(|(planned, customer)| view! { <FollowUpTask planned=planned customer=customer /> }).collect_view()}
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
