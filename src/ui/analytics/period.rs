//! The one period picker of the Analytics page: named periods (this/last month, quarter,
//! year, last 12 months, all time) or a custom range, with the dates it stands for.

use crate::domain::period::{Period, PeriodChoice, Span};
use crate::service::today;
use crate::ui::components::date_input;
use crate::ui::i18n::{period_label, use_i18n, Key};
use chrono::NaiveDate;
use leptos::prelude::*;

const CUSTOM: &str = "custom";

#[component]
pub fn PeriodPicker(span: RwSignal<Span>) -> impl IntoView {
    let i18n = use_i18n();
    // Custom is open from the moment it is chosen, before its dates make a valid range.
    let custom = RwSignal::new(matches!(span.get_untracked(), Span::Custom(_)));
    let start = span.get_untracked().period(today());
    let fallback = PeriodChoice::Last12Months.period(today());
    let shown = move |p: Period| if p.is_open_start() { fallback } else { p };
    let from = RwSignal::new(shown(start).from.to_string());
    let to = RwSignal::new(start.to.to_string());
    let bad_input = RwSignal::new(false);
    // The custom range as typed, or why it is not one.
    let range = Memo::new(move |_| -> Result<Period, Key> {
        if bad_input.get() {
            return Err(Key::RangeIncomplete);
        }
        let (f, t) = (from.get().parse::<NaiveDate>(), to.get().parse::<NaiveDate>());
        match (f, t) {
            (Ok(f), Ok(t)) if f <= t => Ok(Period { from: f, to: t }),
            (Ok(_), Ok(_)) => Err(Key::RangeBackwards),
            _ => Err(Key::RangeIncomplete),
        }
    });
    Effect::new(move |_| {
        if custom.get() {
            if let Ok(p) = range.get() {
                if span.get_untracked() != Span::Custom(p) {
                    span.set(Span::Custom(p));
                }
            }
        }
    });
    // A pasted address may change the span under the picker: show it.
    Effect::new(move |_| {
        let s = span.get();
        custom.set(matches!(s, Span::Custom(_)) || (custom.get_untracked() && range.get_untracked().is_err()));
        if let Span::Custom(p) = s {
            from.set(p.from.to_string());
            to.set(p.to.to_string());
        }
    });
    let choose = move |ev: leptos::ev::Event| {
        let v = event_target_value(&ev);
        if v == CUSTOM {
            let now = span.get_untracked().period(today());
            from.set(shown(now).from.to_string());
            to.set(now.to.to_string());
            bad_input.set(false);
            custom.set(true);
        } else if let Some(c) = PeriodChoice::from_code(&v) {
            custom.set(false);
            span.set(Span::Named(c));
        }
    };
    let dates = move || {
        let p = span.get().period(today());
        if p.is_open_start() {
            match i18n.get() {
                crate::domain::Locale::Zh => format!("截至 {}", p.to),
                crate::domain::Locale::En => format!("up to {}", p.to),
            }
        } else {
            format!("{} – {}", p.from, p.to)
        }
    };
    view! {
        <div class="toolbar period-picker" data-testid="period-picker">
            <label class="field-inline">
                <span class="hint">{move || i18n.t(Key::AnPeriod)}" "</span>
                <select class="select" aria-label=move || i18n.t(Key::AnPeriod) data-testid="period" on:change=choose
                    prop:value=move || if custom.get() { CUSTOM.to_string() } else {
                        match span.get() { Span::Named(c) => c.code().to_string(), Span::Custom(_) => CUSTOM.to_string() }
                    }>
                    {PeriodChoice::ALL.map(|p| view! { <option value=p.code()>{move || i18n.t(period_label(p))}</option> })}
                    <option value=CUSTOM>{move || i18n.t(Key::CustomRange)}</option>
                </select>
            </label>
            <Show when=move || custom.get()>
                <label class="field-inline">
                    <span class="hint">{move || i18n.t(Key::RangeFrom)}" "</span>
                    <input type="date" class="input" data-testid="range-from" aria-label=move || i18n.t(Key::RangeFrom)
                        class:invalid=move || range.with(|r| r.is_err())
                        prop:value=move || from.get()
                        on:change=move |ev| { let (v, bad) = date_input(&ev); bad_input.set(bad); from.set(v); } />
                </label>
                <label class="field-inline">
                    <span class="hint">{move || i18n.t(Key::RangeTo)}" "</span>
                    <input type="date" class="input" data-testid="range-to" aria-label=move || i18n.t(Key::RangeTo)
                        class:invalid=move || range.with(|r| r.is_err())
                        prop:value=move || to.get()
                        on:change=move |ev| { let (v, bad) = date_input(&ev); bad_input.set(bad); to.set(v); } />
                </label>
                {move || range.get().err().map(|k| view! { <span class="field-error" role="alert" data-testid="range-error">{move || i18n.t(k)}</span> })}
            </Show>
            <span class="hint period-dates" data-testid="period-dates">{dates}</span>
        </div>
    }
}
