//! Logging a follow-up 跟进: one set of fields for a customer's page and a deal's drawer. In the
//! drawer it sits inside the deal's own form, so it is not a form itself: its button and the
//! Enter key log the follow-up without submitting the deal.

use crate::domain::customers::{Channel, FollowUp};
use crate::domain::validation::Problem;
use crate::service::{new_id, today};
use crate::ui::actions;
use crate::ui::components::date_input;
use crate::ui::i18n::*;
use crate::ui::state::use_app;
use chrono::{NaiveDate, Utc};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The customer's page with a follow-up begun: `channel`, and a summary naming `who` was
/// called or written to.
pub fn log_href(customer_id: &str, channel: Channel, who: &str) -> String {
    format!(
        "{}?log={}&who={}",
        crate::ui::router::customer_href(customer_id),
        crate::domain::enum_code(&channel),
        String::from(js_sys::encode_uri_component(who))
    )
}

/// A phone number (`tel:`) or e-mail address (`mailto:`) of a customer's contact: one tap
/// calls or writes, and the app then offers to log it (the offer stays until answered, as the
/// call may take a while).
#[component]
pub fn ContactLink(
    href: crate::domain::links::Href,
    text: String,
    customer_id: String,
    /// The contact's name (or the customer's).
    who: String,
    #[prop(optional)] class: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let channel = if href.as_str().starts_with("mailto:") { Channel::Email } else { Channel::Call };
    let offer = move |_| {
        let text = match (i18n.lang.get_untracked(), channel) {
            (crate::domain::Locale::Zh, Channel::Email) => format!("给 \u{2068}{who}\u{2069} 发了邮件？记录这次跟进。"),
            (crate::domain::Locale::Zh, _) => format!("给 \u{2068}{who}\u{2069} 打了电话？记录这次跟进。"),
            (crate::domain::Locale::En, Channel::Email) => format!("Wrote to \u{2068}{who}\u{2069}? Log the follow-up."),
            (crate::domain::Locale::En, _) => format!("Called \u{2068}{who}\u{2069}? Log the follow-up."),
        };
        let action = crate::ui::state::ToastAction::LogFollowUp { customer_id: customer_id.clone(), channel, who: who.clone() };
        state.toast(crate::ui::state::ToastKind::Info, text, Some(action));
    };
    view! {
        <a class=if class.is_empty() { "contact-link" } else { class } href=href.as_str().to_string() on:click=offer>{text}</a>
    }
}

/// What a follow-up entry starts with: the channel and the summary.
#[derive(Clone, Debug, PartialEq)]
pub struct Begun {
    pub channel: Channel,
    pub summary: String,
}

/// Fields for one follow-up of `customer_id` (about `deal_id` when given). `on_logged` runs with
/// the stored record; the fields then clear for the next one.
#[component]
pub fn FollowUpEntry(
    customer_id: String,
    #[prop(optional)] deal_id: Option<String>,
    /// Keeps element ids unique when two entries could be on one page.
    id_prefix: &'static str,
    #[prop(optional)] on_logged: Option<Callback<FollowUp>>,
    /// Where a follow-up begun elsewhere arrives (a call from the app): taken once, it fills
    /// the channel and summary and focuses the outcome — unless something is being typed here.
    #[prop(optional)] begun: Option<RwSignal<Option<Begun>>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let outcome_ref = NodeRef::<leptos::html::Input>::new();
    let channel = RwSignal::new(Channel::Call);
    let date = RwSignal::new(today().to_string());
    let summary = RwSignal::new(String::new());
    let outcome = RwSignal::new(String::new());
    let next = RwSignal::new(String::new());
    if let Some(arriving) = begun {
        // The summary last filled in for the user: still theirs to replace.
        let filled = StoredValue::new(String::new());
        Effect::new(move |_| {
            let Some(b) = arriving.get() else { return };
            let Some(input) = outcome_ref.get() else { return };
            arriving.update_untracked(|b| *b = None);
            let typing = !outcome.get_untracked().trim().is_empty()
                || !next.get_untracked().is_empty()
                || (!summary.get_untracked().trim().is_empty() && summary.get_untracked() != filled.get_value());
            if typing {
                state.toast(crate::ui::state::ToastKind::Info, i18n.t(Key::FinishFollowUpFirst), None);
                return;
            }
            channel.set(b.channel);
            filled.set_value(b.summary.clone());
            summary.set(b.summary);
            // Not from under an open dialog or drawer.
            if !crate::ui::components::overlay_open() {
                input.scroll_into_view_with_bool(false);
                let _ = input.focus();
            }
        });
    }
    // Set while a date field holds something the browser cannot read as a date.
    let (date_bad, next_bad) = (RwSignal::new(false), RwSignal::new(false));
    let tried = RwSignal::new(false);
    // While a follow-up is being written, another click or Enter does not log it twice.
    let busy = RwSignal::new(false);
    let log = move || {
        tried.set(true);
        if next_bad.get_untracked() || busy.get_untracked() {
            return;
        }
        let Ok(day) = date.get_untracked().parse::<NaiveDate>() else { return };
        let now = Utc::now();
        let f = FollowUp {
            id: new_id("fu"),
            customer_id: customer_id.clone(),
            deal_id: deal_id.clone(),
            channel: channel.get_untracked(),
            date: day,
            summary: summary.get_untracked().trim().into(),
            outcome: outcome.get_untracked().trim().into(),
            next_date: next.get_untracked().parse().ok(),
            next_time: None,
            next_done: false,
            created_at: now,
            updated_at: now, rev: 0,
        };
        if !f.validate().is_empty() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            let saved = actions::save(state, i18n.lang.get_untracked(), f.clone()).await;
            busy.set(false);
            if saved {
                summary.set(String::new());
                outcome.set(String::new());
                next.set(String::new());
                tried.set(false);
                if let Some(cb) = on_logged {
                    let _ = cb.try_run(f);
                }
            }
        });
    };
    let log = StoredValue::new_local(log);
    let on_enter = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" {
            ev.prevent_default();
            log.with_value(|l| l());
        }
    };
    let summary_missing = move || tried.get() && summary.get().trim().is_empty();
    let date_problem = move || {
        if date_bad.get() {
            Some(Problem::InvalidDate)
        } else if tried.get() && date.get().parse::<NaiveDate>().is_err() {
            Some(Problem::Required)
        } else {
            None
        }
    };
    let next_before = move || {
        let (d, n) = (date.get().parse::<NaiveDate>().ok(), next.get().parse::<NaiveDate>().ok());
        matches!((d, n), (Some(d), Some(n)) if n < d)
    };
    let id = move |name: &str| format!("{id_prefix}-{name}");
    view! {
        <div class="form-grid follow-up-entry" data-testid=format!("{id_prefix}-entry")>
            <div class="field">
                <label for=id("channel")>{move || i18n.t(Key::FChannel)}</label>
                <ChannelSelect id=id("channel") channel=channel />
            </div>
            <div class="field" class:invalid=move || date_problem().is_some()>
                <label for=id("date")>{move || i18n.t(Key::FDate)}</label>
                <input id=id("date") type="date" prop:value=move || date.get()
                    on:input=move |ev| { let (v, bad) = date_input(&ev); date_bad.set(bad); date.set(v); } />
                {move || date_problem().map(|p| view! { <span class="field-error" role="alert">{problem_text(i18n.get(), &p)}</span> })}
            </div>
            <div class="field wide" class:invalid=summary_missing>
                <label for=id("summary")>{move || i18n.t(Key::FSummary)}" *"</label>
                <input id=id("summary") type="text" prop:value=move || summary.get() on:input=move |ev| summary.set(event_target_value(&ev)) on:keydown=on_enter />
                {move || summary_missing().then(|| view! {
                    <span class="field-error" role="alert">{problem_text(i18n.get(), &Problem::Required)}</span>
                })}
            </div>
            <div class="field">
                <label for=id("outcome")>{move || i18n.t(Key::FOutcome)}</label>
                <input id=id("outcome") type="text" node_ref=outcome_ref prop:value=move || outcome.get() on:input=move |ev| outcome.set(event_target_value(&ev)) on:keydown=on_enter />
            </div>
            <div class="field" class:invalid=move || next_before() || next_bad.get()>
                <label for=id("next")>{move || i18n.t(Key::FNextDate)}</label>
                <input id=id("next") type="date" prop:value=move || next.get()
                    on:input=move |ev| { let (v, bad) = date_input(&ev); next_bad.set(bad); next.set(v); } />
                {move || next_bad.get().then(|| view! {
                    <span class="field-error" role="alert">{problem_text(i18n.get(), &Problem::InvalidDate)}</span>
                })}
                {move || next_before().then(|| view! {
                    <span class="field-error" role="alert">{problem_text(i18n.get(), &Problem::BeforeDate { other: "date" })}</span>
                })}
            </div>
            <div class="field wide">
                <button type="button" class="btn" disabled=move || busy.get() on:click=move |_| log.with_value(|l| l())>{move || i18n.t(Key::LogIt)}</button>
            </div>
        </div>
    }
}

/// One line of a follow-up list: date, channel, what was said, the outcome and the next date.
pub fn follow_up_line(lang: crate::domain::Locale, f: &FollowUp) -> String {
    let mut line = format!("{} · {} · {}", f.date, channel_label(lang, f.channel), f.summary);
    if !f.outcome.is_empty() {
        line.push_str(&format!(" — {}", f.outcome));
    }
    if let Some(n) = f.next_date {
        line.push_str(&format!(" → {} {n}", Key::FNextDate.text(lang)));
    }
    line
}

/// The channel of a follow-up (call, visit, …), as a select with element id `id`.
#[component]
pub fn ChannelSelect(id: String, channel: RwSignal<Channel>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <select id=id on:change=move |ev| {
            let v = event_target_value(&ev);
            if let Some(c) = Channel::ALL.into_iter().find(|c| format!("{c:?}") == v) { channel.set(c) }
        }>
            {Channel::ALL.into_iter().map(|c| view! {
                <option value=format!("{c:?}") selected=move || channel.get() == c>{move || channel_label(i18n.get(), c)}</option>
            }).collect_view()}
        </select>
    }
}
