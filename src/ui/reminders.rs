//! Who to call today and why: overdue, today's and this week's planned follow-ups, payments
//! to chase (回款: overdue or due within 7 days), contracts to renew (ending within 30 days)
//! and contact birthdays (客户关怀). A follow-up is done (asking how it went and what next) or
//! rescheduled from its row.

use crate::domain::contracts::receivables::payment_reminders;
use crate::domain::contracts::Contract;
use crate::domain::customers::{reminders, Customer, FollowUp};
use crate::ui::components::money_text;
use crate::service::{today, Service, ServiceError};
use crate::ui::components::{live_unless, screen, Panel};
use crate::ui::i18n::{use_i18n, Key};
use crate::ui::tasks::{provide_task_hold, FollowUpTask};
use crate::ui::router::{contract_href, customer_href};
use crate::domain::links::Href;
use leptos::prelude::*;
use std::collections::HashMap;

#[derive(Clone)]
struct Data {
    follow_ups: std::sync::Arc<Vec<FollowUp>>,
    customers: std::sync::Arc<Vec<Customer>>,
    contracts: std::sync::Arc<Vec<Contract>>,
}

async fn load(s: Service) -> Result<Data, ServiceError> {
    Ok(Data { follow_ups: s.follow_ups().await?, customers: s.customers().await?, contracts: std::sync::Arc::new(s.contracts().await?) })
}

#[component]
pub fn RemindersPage() -> impl IntoView {
    let hold = provide_task_hold();
    screen(Key::NavReminders, live_unless(hold, load), |d| view! { <RemindersView d=d /> })
}

#[component]
fn RemindersView(d: Data) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get();
    let today = today();
    let r = reminders(&d.follow_ups, &d.customers, today, 14);
    let names: HashMap<&str, &str> = d.customers.iter().map(|c| (c.id.as_str(), c.name.as_str())).collect();
    let section = |title: Key, testid: &'static str, list: Vec<&FollowUp>| {
        let n = list.len();
        let rows = list.into_iter().map(|f| {
            let name = names.get(f.customer_id.as_str()).copied().unwrap_or_default().to_string();
            view! { <FollowUpTask planned=f.clone() customer=name /> }
        }).collect::<Vec<_>>();
        let empty = rows.is_empty();
        view! {
            <Panel title=Signal::derive(move || format!("{} · {n}", i18n.t(title)))>
                <ul class="reminders" data-testid=testid>{rows}</ul>
                {empty.then(|| view! { <p class="muted">{i18n.t(Key::RemNone)}</p> })}
            </Panel>
        }
    };
    let birthdays = r.birthdays.iter().map(|(c, k, date)| view! {
        <li>
            <div class="reminder-main">
                <a class="row-link" href=customer_href(&c.id)>{c.name.clone()}</a>
                <div class="hint">{format!("{} · {}", k.name, date)}</div>
            </div>
            {Href::tel(&k.phone).map(|href| view! { <crate::ui::customers::ContactLink href=href text=k.phone.clone() customer_id=c.id.clone() who=k.name.clone() class="btn btn-small" /> })}
        </li>
    }).collect::<Vec<_>>();
    let no_birthdays = birthdays.is_empty();
    let (payments, renewals) = payment_reminders(&d.contracts, today, 7, 30);
    let (n_pay, n_renew) = (payments.len(), renewals.len());
    let payments = payments.into_iter().map(|p| {
        let name = names.get(p.contract.customer_id.as_str()).copied().unwrap_or_default().to_string();
        let when = if p.overdue_days > 0 { crate::ui::i18n::days_overdue(lang, p.overdue_days) } else { format!("{} {}", i18n.t(Key::DueIn), p.due) };
        view! {
            <li>
                <div class="reminder-main">
                    <a class="row-link" href=contract_href(&p.contract.id)>{format!("{} · {}", p.contract.number, name)}</a>
                    <div class="hint">{format!("{} · {} {}", when, i18n.t(Key::Outstanding), money_text(p.outstanding))}</div>
                </div>
                {(p.overdue_days > 0).then(|| view! { <span class="tag tag-danger">{i18n.t(Key::Overdue)}</span> })}
            </li>
        }
    }).collect::<Vec<_>>();
    let renewals = renewals.into_iter().map(|c| {
        let name = names.get(c.customer_id.as_str()).copied().unwrap_or_default().to_string();
        view! {
            <li>
                <div class="reminder-main">
                    <a class="row-link" href=contract_href(&c.id)>{format!("{} · {}", c.number, name)}</a>
                    <div class="hint">{format!("{} · {}", c.title, c.end_date.map(|e| e.to_string()).unwrap_or_default())}</div>
                </div>
            </li>
        }
    }).collect::<Vec<_>>();
    view! {
        <div class="grid-2">
            <div class="stack">
                {section(Key::RemOverdue, "rem-overdue", r.overdue)}
                {section(Key::RemToday, "rem-today", r.today)}
                {section(Key::RemThisWeek, "rem-week", r.this_week)}
            </div>
            <div class="stack">
                <Panel title=Signal::derive(move || format!("{} · {n_pay}", i18n.t(Key::RemPayments)))>
                    <ul class="reminders" data-testid="rem-payments">{payments}</ul>
                    {(n_pay == 0).then(|| view! { <p class="muted">{i18n.t(Key::RemNone)}</p> })}
                </Panel>
                <Panel title=Signal::derive(move || format!("{} · {n_renew}", i18n.t(Key::RemRenewals)))>
                    <ul class="reminders" data-testid="rem-renewals">{renewals}</ul>
                    {(n_renew == 0).then(|| view! { <p class="muted">{i18n.t(Key::RemNone)}</p> })}
                </Panel>
                <Panel title=Signal::derive(move || i18n.t(Key::RemBirthdays).to_string())>
                    <ul class="reminders" data-testid="rem-birthdays">{birthdays}</ul>
                    {no_birthdays.then(|| view! { <p class="muted">{i18n.t(Key::RemNone)}</p> })}
                </Panel>
            </div>
        </div>
    }
}
