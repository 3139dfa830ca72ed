//! Planned follow-ups as tasks 待办: a row with Done — which asks how it went and what comes
//! next — and Reschedule (tomorrow, next week, or a day and time). The Reminders page and the
//! dashboard both list them with this row.

use crate::domain::customers::{Completion, FollowUp, Snooze};
use crate::domain::validation::Problem;
use crate::service::today;
use crate::ui::actions;
use crate::ui::components::{date_input, Icon, Modal, ModalKind};
use crate::ui::customers::follow_up::ChannelSelect;
use crate::ui::i18n::{channel_label, problem_text, use_i18n, Key};
use crate::ui::router::customer_href;
use crate::ui::state::{use_app, ToastKind};
use chrono::{NaiveDate, NaiveTime};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Set while a row's dialog is open: the page listing the rows does not reload then (a
/// write in another tab would otherwise close the dialog and lose what was typed); it
/// catches up when the dialog closes.
#[derive(Clone, Copy)]
pub struct TaskHold(pub RwSignal<bool>);

/// For a page that lists tasks: the hold its rows set, to pass to `live_unless`.
pub fn provide_task_hold() -> RwSignal<bool> {
    let hold = RwSignal::new(false);
    provide_context(TaskHold(hold));
    hold
}

#[derive(Clone, Copy, PartialEq)]
enum Open {
    Done,
    Reschedule,
}

/// One planned follow-up of `customer` (the customer's name), with its actions.
#[component]
pub fn FollowUpTask(planned: FollowUp, customer: String) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(None::<Open>);
    let today = today();
    let when = planned.next_date.unwrap_or(today);
    let overdue = when < today;
    let time = planned.next_time.map(|t| format!(" {}", t.format("%H:%M"))).unwrap_or_default();
    let (channel, summary) = (planned.channel, planned.summary.clone());
    let planned = StoredValue::new(planned);
    let hold = use_context::<TaskHold>();
    let show = move |which: Option<Open>| {
        if let Some(TaskHold(h)) = hold {
            h.set(which.is_some());
        }
        open.set(which);
    };
    let close = Callback::new(move |_| show(None));
    view! {
        <li class="task" data-testid="task">
            <span class=if overdue { "badge badge-danger" } else { "badge badge-warn" }>
                {move || if overdue { i18n.t(Key::Overdue).to_string() } else if when == today { i18n.t(Key::Today).to_string() } else { when.format("%m-%d").to_string() }}
            </span>
            <div class="reminder-main">
                <a class="row-link" href=customer_href(&planned.with_value(|p| p.customer_id.clone()))>{customer.clone()}</a>
                <div class="hint">{move || format!("{} {when}{time} · {} · {summary}", i18n.t(Key::Planned), channel_label(i18n.get(), channel))}</div>
            </div>
            <div class="task-actions">
                <button type="button" class="btn btn-small" on:click=move |_| show(Some(Open::Reschedule))>
                    {move || i18n.t(Key::Reschedule)}
                </button>
                <button type="button" class="btn btn-small btn-primary" on:click=move |_| show(Some(Open::Done))>
                    <Icon name="check" />{move || i18n.t(Key::MarkDone)}
                </button>
            </div>
            {move || match open.get() {
                Some(Open::Done) => Some(view! { <CompleteDialog planned=planned.get_value() customer=customer.clone() on_close=close /> }.into_any()),
                Some(Open::Reschedule) => Some(view! { <RescheduleDialog planned=planned.get_value() customer=customer.clone() on_close=close /> }.into_any()),
                None => None,
            }}
        </li>
    }
}

/// The local date and time.
fn now() -> chrono::NaiveDateTime {
    chrono::Local::now().naive_local()
}

/// A day and an optional time of day, as typed: (the day's text, the time's text, the day is
/// unreadable).
#[derive(Clone, Copy)]
struct When {
    day: RwSignal<String>,
    time: RwSignal<String>,
    bad: RwSignal<bool>,
}

impl When {
    fn new(day: String, time: Option<NaiveTime>) -> When {
        When { day: RwSignal::new(day), time: RwSignal::new(time.map(|t| t.format("%H:%M").to_string()).unwrap_or_default()), bad: RwSignal::new(false) }
    }

    /// The day and time, or why they cannot be used (a day, or a time today, already past).
    fn read(self, now: chrono::NaiveDateTime) -> Result<(NaiveDate, Option<NaiveTime>), Problem> {
        if self.bad.get() {
            return Err(Problem::InvalidDate);
        }
        let day = self.day.get().parse::<NaiveDate>().map_err(|_| Problem::Required)?;
        let time = NaiveTime::parse_from_str(&self.time.get(), "%H:%M").ok();
        let past = day < now.date() || (day == now.date() && time.is_some_and(|t| t < now.time()));
        if past {
            return Err(Problem::BeforeDate { other: "today" });
        }
        Ok((day, time))
    }
}

/// The day and time fields of a next step, with the day's error under it.
#[component]
fn WhenFields(when: When, id_prefix: &'static str, #[prop(into)] error: Signal<Option<Problem>>, #[prop(into)] disabled: Signal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="when-fields">
            <div class="field" class:invalid=move || error.get().is_some()>
                <label for=format!("{id_prefix}-day")>{move || i18n.t(Key::FNextDate)}</label>
                <input id=format!("{id_prefix}-day") type="date" min=today().to_string() disabled=move || disabled.get() prop:value=move || when.day.get()
                    on:input=move |ev| { let (v, bad) = date_input(&ev); when.bad.set(bad); when.day.set(v); } />
                {move || error.get().map(|p| view! { <span class="field-error" role="alert">{problem_text(i18n.get(), &p)}</span> })}
            </div>
            <div class="field">
                <label for=format!("{id_prefix}-time")>{move || i18n.t(Key::TimeOptional)}</label>
                <input id=format!("{id_prefix}-time") type="time" disabled=move || disabled.get() prop:value=move || when.time.get()
                    on:input=move |ev| when.time.set(event_target_value(&ev)) />
            </div>
        </div>
    }
}

/// "Done": what happened (channel, outcome) and the next step — a day, or no further
/// follow-up — in one small dialog.
#[component]
fn CompleteDialog(planned: FollowUp, customer: String, on_close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let today = today();
    let channel = RwSignal::new(planned.channel);
    let outcome = RwSignal::new(String::new());
    let plan_next = RwSignal::new(true);
    let next = When::new(String::new(), None);
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let outcome_ref = NodeRef::<leptos::html::Textarea>::new();
    Effect::new(move |_| {
        if let Some(t) = outcome_ref.get() {
            let _ = t.focus();
        }
    });
    // The outcome's problem (missing, or longer than a follow-up keeps), once a save was tried.
    let outcome_problem = move || {
        let done = Completion { channel: channel.get(), outcome: outcome.get(), next: None };
        tried.get().then(|| done.validate(today).into_iter().find(|p| p.field == "outcome").map(|p| p.problem)).flatten()
    };
    let next_error = Signal::derive(move || (tried.get() && plan_next.get()).then(|| next.read(now()).err()).flatten());
    let summary = planned.summary.clone();
    let planned = StoredValue::new(planned);
    let save = move || {
        tried.set(true);
        let next_step = if plan_next.get_untracked() {
            match next.read(now()) {
                Ok(n) => Some(n),
                Err(_) => return,
            }
        } else {
            None
        };
        let done = Completion { channel: channel.get_untracked(), outcome: outcome.get_untracked(), next: next_step };
        if done.validate(today).iter().any(|p| p.field == "outcome") {
            if let Some(t) = outcome_ref.get_untracked() {
                let _ = t.focus();
            }
        }
        if !done.validate(today).is_empty() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        let lang = i18n.lang.get_untracked();
        let planned = planned.get_value();
        spawn_local(async move {
            if actions::command(state, lang, async move |s| s.complete_follow_up(planned, &done).await).await.is_some() {
                state.toast(ToastKind::Success, Key::FollowUpLogged.text(lang), None);
                let _ = on_close.try_run(());
            } else {
                busy.set(false);
            }
        });
    };
    view! {
        <Modal kind=ModalKind::Dialog title_id="done-title" testid="complete-dialog" on_close=on_close>
            <form novalidate on:submit=move |ev| { ev.prevent_default(); save(); }>
                <h2 id="done-title">{move || format!("{} · {customer}", i18n.t(Key::CompleteTitle))}</h2>
                <p class="hint">{move || match i18n.get() {
                    crate::domain::Locale::Zh => format!("{}：{summary}", i18n.t(Key::Planned)),
                    crate::domain::Locale::En => format!("{}: {summary}", i18n.t(Key::Planned)),
                }}</p>
                <div class="field">
                    <label for="done-channel">{move || i18n.t(Key::FChannel)}</label>
                    <ChannelSelect id="done-channel".to_string() channel=channel />
                </div>
                <div class="field" class:invalid=move || outcome_problem().is_some()>
                    <label for="done-outcome">{move || i18n.t(Key::FOutcome)}" *"</label>
                    <textarea id="done-outcome" rows="3" node_ref=outcome_ref prop:value=move || outcome.get()
                        on:input=move |ev| outcome.set(event_target_value(&ev))></textarea>
                    {move || outcome_problem().map(|p| view! { <span class="field-error" role="alert">{problem_text(i18n.get(), &p)}</span> })}
                </div>
                <fieldset class="next-step">
                    <legend>{move || i18n.t(Key::NextStep)}</legend>
                    <label class="check">
                        <input type="radio" name="next-step" prop:checked=move || plan_next.get() on:change=move |_| plan_next.set(true) />
                        {move || i18n.t(Key::PlanNextFollowUp)}
                    </label>
                    <WhenFields when=next id_prefix="done-next" error=next_error disabled=Signal::derive(move || !plan_next.get()) />
                    <label class="check">
                        <input type="radio" name="next-step" prop:checked=move || !plan_next.get() on:change=move |_| plan_next.set(false) />
                        {move || i18n.t(Key::NoFurtherFollowUp)}
                    </label>
                </fieldset>
                <div class="dialog-actions">
                    <button type="button" class="btn" on:click=move |_| on_close.run(())>{move || i18n.t(Key::Cancel)}</button>
                    <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{move || i18n.t(Key::SaveFollowUp)}</button>
                </div>
            </form>
        </Modal>
    }
}

/// "Reschedule": tomorrow, next Monday, or a day (and time) picked.
#[component]
fn RescheduleDialog(planned: FollowUp, customer: String, on_close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let today = today();
    let when = When::new(planned.next_date.filter(|d| *d >= today).map(|d| d.to_string()).unwrap_or_default(), planned.next_time);
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let planned = StoredValue::new(planned);
    let first_ref = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if let Some(b) = first_ref.get() {
            let _ = b.focus();
        }
    });
    let move_to = move |day: NaiveDate, time: Option<NaiveTime>| {
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let lang = i18n.lang.get_untracked();
        let planned = planned.get_value();
        spawn_local(async move {
            if actions::command(state, lang, async move |s| s.reschedule_follow_up(planned, day, time).await).await.is_some() {
                let text = match lang {
                    crate::domain::Locale::Zh => format!("已改到 {day}"),
                    crate::domain::Locale::En => format!("Moved to {day}"),
                };
                state.toast(ToastKind::Success, text, None);
                let _ = on_close.try_run(());
            } else {
                busy.set(false);
            }
        });
    };
    let error = Signal::derive(move || tried.get().then(|| when.read(now()).err()).flatten());
    let keep_time = planned.with_value(|p| p.next_time);
    view! {
        <Modal kind=ModalKind::Dialog title_id="resched-title" testid="reschedule-dialog" on_close=on_close>
            <form novalidate on:submit=move |ev| {
                ev.prevent_default();
                tried.set(true);
                if let Ok((day, time)) = when.read(now()) { move_to(day, time) }
            }>
                <h2 id="resched-title">{move || format!("{} · {customer}", i18n.t(Key::Reschedule))}</h2>
                <div class="snooze-choices">
                    <button type="button" class="btn" node_ref=first_ref disabled=move || busy.get() on:click=move |_| move_to(Snooze::Tomorrow.date(today), keep_time)>
                        {move || format!("{} ({})", i18n.t(Key::Tomorrow), Snooze::Tomorrow.date(today).format("%m-%d"))}
                    </button>
                    // On a Sunday next Monday is tomorrow: one button for it.
                    {(Snooze::NextWeek.date(today) != Snooze::Tomorrow.date(today)).then(|| view! {
                        <button type="button" class="btn" disabled=move || busy.get() on:click=move |_| move_to(Snooze::NextWeek.date(today), keep_time)>
                            {move || format!("{} ({})", i18n.t(Key::NextWeek), Snooze::NextWeek.date(today).format("%m-%d"))}
                        </button>
                    })}
                </div>
                <WhenFields when=when id_prefix="resched" error=error disabled=Signal::derive(|| false) />
                <div class="dialog-actions">
                    <button type="button" class="btn" on:click=move |_| on_close.run(())>{move || i18n.t(Key::Cancel)}</button>
                    <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{move || i18n.t(Key::MoveToDay)}</button>
                </div>
            </form>
        </Modal>
    }
}
