//! Sales targets 销售目标: a year's revenue and new-customer targets split into months
//! (evenly, by last year's seasonality, or typed per month), where this month, quarter and year
//! stand, and target against actual per month.

use crate::domain::money::Money;
use crate::domain::targets::{seasonal, Period, Progress, Split, YearPlan, EVEN};
use crate::domain::Locale;
use crate::service::{today, Service, TargetsPage as Page};
use crate::ui::actions;
use crate::ui::charts::{BarChart, ChartData, Series};
use crate::ui::components::{live_unless, screen, money_text, Panel};
use crate::ui::i18n::{use_i18n, Key};
use crate::ui::router::use_route;
use crate::ui::state::use_app;
use chrono::Datelike;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;

/// `#/targets?year=2027`
pub fn targets_href(year: i32) -> String {
    format!("#/targets?year={year}")
}

/// "11月" / "Nov"
pub fn month_label(lang: Locale, month: u32) -> String {
    const EN: [&str; 12] = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    match lang {
        Locale::Zh => format!("{month}月"),
        Locale::En => EN.get(month as usize - 1).copied().unwrap_or_default().to_string(),
    }
}

/// "2026年11月" / "Nov 2026", "2026年第4季度" / "Q4 2026", "2026年" / "2026".
pub fn period_name(lang: Locale, p: Period) -> String {
    match (p, lang) {
        (Period::Month { year, month }, Locale::Zh) => format!("{year}年{month}月"),
        (Period::Month { year, month }, Locale::En) => format!("{} {year}", month_label(lang, month)),
        (Period::Quarter { year, quarter }, Locale::Zh) => format!("{year}年第{quarter}季度"),
        (Period::Quarter { year, quarter }, Locale::En) => format!("Q{quarter} {year}"),
        (Period::Year { year }, Locale::Zh) => format!("{year}年"),
        (Period::Year { year }, Locale::En) => year.to_string(),
    }
}

fn percent(share: Option<Decimal>) -> String {
    // Thousands grouped, as amounts are (a tiny target makes a huge achievement).
    share.map_or_else(|| "—".to_string(), |s| format!("{}%", crate::domain::money::grouped(&(s * Decimal::ONE_HUNDRED).round_dp(1).normalize().to_string())))
}

/// This month, quarter and year against their targets: a bar per period (won so far, and the
/// projection behind it), achievement, gap and projection in words.
#[component]
pub fn TargetProgress(rows: Vec<Progress>, testid: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ul class="target-progress" data-testid=testid>
            {rows.into_iter().map(|p| {
                let pct = |s: Option<Decimal>| s.map_or(0.0, |s| (s * Decimal::ONE_HUNDRED).to_string().parse::<f64>().unwrap_or(0.0).clamp(0.0, 100.0));
                let (done, projected) = (pct(p.achievement()), pct(p.projected_share()));
                let now = p.achievement().map_or(0, |s| (s * Decimal::ONE_HUNDRED).round().to_string().parse::<i64>().unwrap_or(0)).clamp(0, 100_000);
                view! {
                    <li>
                        <div class="target-head">
                            <strong>{move || period_name(i18n.get(), p.period)}</strong>
                            <span class="target-rate" data-testid="achievement">{percent(p.achievement())}</span>
                        </div>
                        <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax="100" aria-valuenow=now.min(100)
                            aria-label=move || format!("{} {}", period_name(i18n.get(), p.period), i18n.t(Key::Achievement))>
                            <span class="progress-projected" style=format!("width:{projected:.1}%")></span>
                            <span class="progress-done" style=format!("width:{done:.1}%")></span>
                        </div>
                        // Each figure kept whole on its line: no separator left at a line's end or start.
                        <div class="hint target-figures">
                            {move || {
                                let (lang, pct) = (i18n.get(), percent(p.projected_share()));
                                let parts = match lang {
                                    Locale::Zh => [
                                        format!("实际 {} / 目标 {}", money_text(p.actual), money_text(p.target)),
                                        format!("差距 {}", money_text(p.gap())),
                                        format!("预计 {}（{pct}）", money_text(p.projected)),
                                        format!("新客户 {} / {}", p.new_customers, p.new_customers_target),
                                    ],
                                    Locale::En => [
                                        format!("{} of {}", money_text(p.actual), money_text(p.target)),
                                        format!("{} to go", money_text(p.gap())),
                                        format!("projected {} ({pct})", money_text(p.projected)),
                                        format!("new customers {} of {}", p.new_customers, p.new_customers_target),
                                    ],
                                };
                                parts.into_iter().map(|t| view! { <span>{t}</span> }).collect_view()
                            }}
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
}

#[component]
pub fn TargetsPage() -> impl IntoView {
    let route = use_route();
    let year = Memo::new(move |_| {
        route.with(|r| r.query.iter().find(|(k, _)| k == "year").and_then(|(_, v)| v.parse::<i32>().ok()))
            .filter(|y| (1900..=2200).contains(y))
            .unwrap_or_else(|| today().year())
    });
    // While the form holds unsaved changes, writes elsewhere do not reload it.
    let dirty = RwSignal::new(false);
    let data = live_unless(dirty, move |s: Service| {
        let y = year.get();
        async move { s.targets_page(y).await }
    });
    screen(Key::NavTargets, data, move |p: Page| view! { <TargetsView p=p dirty=dirty /> })
}

/// What the form has not accepted: the field and why.
#[derive(Clone, Debug, Default, PartialEq)]
struct Problems {
    total: Option<Key>,
    total_new: Option<Key>,
    /// Why a typed month's amount is refused.
    months: [Option<Key>; 12],
    months_new: [bool; 12],
}

fn money_field(text: &str, required: bool) -> Result<Money, Key> {
    if text.trim().is_empty() {
        return if required { Err(Key::TargetRequired) } else { Ok(Money::ZERO) };
    }
    match Money::parse(text) {
        Ok(m) if m.is_negative() => Err(Key::TargetNegative),
        Ok(m) if m.is_absurd() => Err(Key::TargetTooLarge),
        Ok(m) => Ok(m),
        Err(crate::domain::money::MoneyError::TooLarge) => Err(Key::TargetTooLarge),
        Err(_) => Err(Key::TargetNotAmount),
    }
}

fn count_field(text: &str) -> Result<u32, Key> {
    let t = text.trim();
    if t.is_empty() {
        return Ok(0);
    }
    t.parse::<u32>().ok().filter(|n| *n <= 1_000_000).ok_or(Key::TargetNotCount)
}

/// The split a stored plan was made with, as far as it can be told.
fn split_of(plan: &YearPlan, last_year: &[Money; 12]) -> Split {
    let total: Money = plan.revenue.iter().copied().sum();
    let customers: u32 = plan.new_customers.iter().sum();
    if *plan == YearPlan::split(plan.year, total, customers, &EVEN) {
        Split::Even
    } else if last_year.iter().any(|m| *m > Money::ZERO) && *plan == YearPlan::split(plan.year, total, customers, &seasonal(last_year)) {
        Split::Seasonal
    } else {
        Split::Typed
    }
}

#[component]
fn TargetsView(p: Page, dirty: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let year = p.year;
    let this_year = today().year();
    let last_year = p.last_year;
    let had_sales_last_year = last_year.iter().any(|m| *m > Money::ZERO);
    let stored = StoredValue::new(p.stored.clone());
    let split = RwSignal::new(p.plan.as_ref().map_or(Split::Even, |plan| split_of(plan, &last_year)));
    let total = RwSignal::new(p.plan.as_ref().map(|pl| pl.revenue.iter().copied().sum::<Money>().to_string()).unwrap_or_default());
    let total_new = RwSignal::new(p.plan.as_ref().map(|pl| pl.new_customers.iter().sum::<u32>().to_string()).unwrap_or_default());
    let typed = RwSignal::new(p.plan.as_ref().map_or_else(|| std::array::from_fn(|_| String::new()), |pl| pl.revenue.map(|m| m.to_string())));
    let typed_new = RwSignal::new(p.plan.as_ref().map_or_else(|| std::array::from_fn(|_| String::new()), |pl| pl.new_customers.map(|n| n.to_string())));
    let draft = Memo::new(move |_| -> Result<YearPlan, Problems> {
        let mut problems = Problems::default();
        let plan = match split.get() {
            Split::Typed => {
                let (t, tn) = (typed.get(), typed_new.get());
                let mut plan = YearPlan { year, revenue: [Money::ZERO; 12], new_customers: [0; 12] };
                for m in 0..12 {
                    match money_field(&t[m], false) {
                        Ok(v) => plan.revenue[m] = v,
                        Err(k) => problems.months[m] = Some(k),
                    }
                    match count_field(&tn[m]) {
                        Ok(v) => plan.new_customers[m] = v,
                        Err(_) => problems.months_new[m] = true,
                    }
                }
                if plan.revenue.iter().copied().sum::<Money>().is_absurd() {
                    problems.total = Some(Key::TargetTooLarge);
                }
                plan
            }
            s => {
                let revenue = money_field(&total.get(), true).map_err(|k| problems.total = Some(k)).unwrap_or_default();
                let customers = count_field(&total_new.get()).map_err(|k| problems.total_new = Some(k)).unwrap_or_default();
                let weights = if s == Split::Seasonal { seasonal(&last_year) } else { EVEN };
                YearPlan::split(year, revenue, customers, &weights)
            }
        };
        if problems == Problems::default() { Ok(plan) } else { Err(problems) }
    });
    let choose = move |s: Split| {
        if s == Split::Typed && split.get_untracked() != Split::Typed {
            // Typing starts from the months as they stand.
            if let Ok(plan) = draft.get_untracked() {
                typed.set(plan.revenue.map(|m| m.to_string()));
                typed_new.set(plan.new_customers.map(|n| n.to_string()));
            }
        } else if s != Split::Typed && split.get_untracked() == Split::Typed {
            if let Ok(plan) = draft.get_untracked() {
                total.set(plan.revenue.iter().copied().sum::<Money>().to_string());
                total_new.set(plan.new_customers.iter().sum::<u32>().to_string());
            }
        }
        split.set(s);
        dirty.set(true);
    };
    let busy = RwSignal::new(false);
    let save = move |_| {
        let Ok(plan) = draft.get_untracked() else { return };
        busy.set(true);
        let lang = i18n.lang.get_untracked();
        let stored = stored.get_value();
        spawn_local(async move {
            // Cleared first: the reload that follows a save must show what was stored.
            dirty.set(false);
            let result = match state.service() {
                Ok(s) => s.save_year_plan(&plan, &stored).await,
                Err(e) => Err(e),
            };
            match result {
                Ok(()) => {
                    state.changed();
                    state.toast(crate::ui::state::ToastKind::Success, Key::Saved.text(lang), None);
                }
                Err(e) => {
                    // Changed in another tab: the form now shows what is stored (nothing of
                    // what was typed is unsaved any more). Any other failure keeps the typing.
                    if !matches!(e, crate::service::ServiceError::Stale(_)) {
                        dirty.set(true);
                    }
                    actions::fail(&state, lang, &e);
                }
            }
            busy.set(false);
        });
    };
    let pick_year = move |ev: leptos::ev::Event| {
        let wanted = event_target_value(&ev);
        let lang = i18n.lang.get_untracked();
        if dirty.get_untracked() && !window().confirm_with_message(Key::TargetsDiscard.text(lang)).unwrap_or(false) {
            // Stay: put the select back on the year being edited.
            if let Some(sel) = ev.target().and_then(|t| wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlSelectElement>(t).ok()) {
                sel.set_value(&year.to_string());
            }
            return;
        }
        dirty.set(false);
        if let Ok(y) = wanted.parse::<i32>() {
            let _ = window().location().set_hash(&targets_href(y)[1..]);
        }
    };
    let actual = p.actual;
    let actual_new = p.new_customers;
    let last_year_new = p.last_year_new;
    let chart = Signal::derive(move || {
        let lang = i18n.get();
        let target = draft.get().ok();
        let labels = (1..=12).map(|m| month_label(lang, m)).collect();
        let bars = Series::money(i18n.t(Key::Actual), &actual);
        let line = target.map(|t| Series::money(i18n.t(Key::Target), &t.revenue));
        ChartData {
            title: match lang { Locale::Zh => format!("{year}年每月目标与实际"), Locale::En => format!("Target and actual by month, {year}") },
            x_title: i18n.t(Key::Month).to_string(),
            y_title: i18n.t(Key::Revenue).to_string(),
            labels,
            bars,
            line,
            line_scale: Default::default(),
        }
    });
    let progress = p.progress.clone();
    let show_progress = year == this_year && !progress.is_empty();
    let no_plan = p.plan.is_none();
    // Rebuilt only when the split or the language changes, so a month being typed into keeps
    // its focus; the figures in it follow the draft.
    let months_view = move || {
        let typed_mode = split.get() == Split::Typed;
        let lang = i18n.get();
        let month_target = move |m: usize| draft.with(|d| d.as_ref().ok().map(|pl| (pl.revenue[m], pl.new_customers[m])));
        let sum_target = move |r: std::ops::Range<usize>| {
            draft.with(|d| d.as_ref().ok().map(|pl| (pl.revenue[r.clone()].iter().copied().sum::<Money>(), pl.new_customers[r.clone()].iter().sum::<u32>())))
        };
        let achieved = |act: Money, target: Option<Money>| percent(target.filter(|t| *t > Money::ZERO).map(|t| act.value() / t.value()));
        let row = move |m: usize| {
            let label = month_label(lang, m as u32 + 1);
            let revenue_cell = if typed_mode {
                let why = move || draft.with(|d| d.as_ref().err().and_then(|p| p.months[m]));
                let bad = move || why().is_some();
                view! {
                    <input class="input input-num" class:invalid=bad inputmode="decimal" aria-invalid=move || bad().then_some("true")
                        aria-label=format!("{label} {}", Key::TargetRevenue.text(lang)) data-testid=format!("month-{}", m + 1)
                        prop:value=move || typed.with(|t| t[m].clone())
                        on:input=move |ev| { let v = event_target_value(&ev); typed.update(|t| t[m] = v); dirty.set(true); } />
                    {move || why().map(|k| view! { <div class="field-error" role="alert">{k.text(lang)}</div> })}
                }.into_any()
            } else {
                view! { <span data-testid=format!("month-{}", m + 1)>{move || month_target(m).map_or_else(|| "—".to_string(), |t| money_text(t.0))}</span> }.into_any()
            };
            let customers_cell = if typed_mode {
                let bad = move || draft.with(|d| d.as_ref().err().is_some_and(|p| p.months_new[m]));
                view! {
                    <input class="input input-num input-count" class:invalid=bad inputmode="numeric" aria-invalid=move || bad().then_some("true")
                        aria-label=format!("{label} {}", Key::TargetNewCustomers.text(lang))
                        prop:value=move || typed_new.with(|t| t[m].clone())
                        on:input=move |ev| { let v = event_target_value(&ev); typed_new.update(|t| t[m] = v); dirty.set(true); } />
                    <Show when=bad><div class="field-error" role="alert">{Key::TargetNotCount.text(lang)}</div></Show>
                }.into_any()
            } else {
                view! { <span>{move || month_target(m).map_or_else(|| "—".to_string(), |t| t.1.to_string())}</span> }.into_any()
            };
            view! {
                <tr>
                    <td>{label.clone()}</td>
                    <td class="num">{revenue_cell}</td>
                    <td class="num">{customers_cell}</td>
                    <td class="num hide-narrow">{money_text(last_year[m])}</td>
                    <td class="num">{money_text(actual[m])}</td>
                    <td class="num">{actual_new[m]}</td>
                    <td class="num">{move || achieved(actual[m], month_target(m).map(|t| t.0))}</td>
                </tr>
            }
        };
        let sum_row = move |name: String, months: std::ops::Range<usize>, class: &'static str, testid: String| {
            let act: Money = actual[months.clone()].iter().copied().sum();
            let (r1, r2, r3) = (months.clone(), months.clone(), months.clone());
            view! {
                <tr class=class>
                    <th scope="row">{name}</th>
                    <td class="num" data-testid=testid>{move || sum_target(r1.clone()).map_or_else(|| "—".to_string(), |t| money_text(t.0))}</td>
                    <td class="num">{move || sum_target(r2.clone()).map_or_else(|| "—".to_string(), |t| t.1.to_string())}</td>
                    <td class="num hide-narrow">{money_text(last_year[months.clone()].iter().copied().sum())}</td>
                    <td class="num">{money_text(act)}</td>
                    <td class="num">{actual_new[months.clone()].iter().sum::<u32>()}</td>
                    <td class="num">{move || achieved(act, sum_target(r3.clone()).map(|t| t.0))}</td>
                </tr>
            }
        };
        let mut rows = Vec::new();
        for q in 0..4usize {
            for m in q * 3..q * 3 + 3 {
                rows.push(row(m).into_any());
            }
            let name = match lang { Locale::Zh => format!("第{}季度", q + 1), Locale::En => format!("Q{}", q + 1) };
            rows.push(sum_row(name, q * 3..q * 3 + 3, "subtotal", format!("quarter-{}", q + 1)).into_any());
        }
        rows.push(sum_row(Key::YearTotal.text(lang).to_string(), 0..12, "total", "year-total".into()).into_any());
        rows
    };
    let export = move |_| {
        let lang = i18n.lang.get_untracked();
        let Ok(plan) = draft.get_untracked() else { return };
        let last_title = match lang { Locale::Zh => format!("{}年实际", year - 1), Locale::En => format!("Actual {}", year - 1) };
        let header = [Key::Month.text(lang), Key::TargetRevenue.text(lang), Key::TargetNewCustomers.text(lang), &last_title, Key::Actual.text(lang), Key::NewCustomersActual.text(lang), Key::Achievement.text(lang)];
        // The rows as on screen: three months, then their quarter.
        let row = |name: String, r: std::ops::Range<usize>| {
            let target: Money = plan.revenue[r.clone()].iter().copied().sum();
            let done: Money = actual[r.clone()].iter().copied().sum();
            vec![
                name,
                target.to_string(),
                plan.new_customers[r.clone()].iter().sum::<u32>().to_string(),
                last_year[r.clone()].iter().copied().sum::<Money>().to_string(),
                done.to_string(),
                actual_new[r].iter().sum::<u32>().to_string(),
                percent((target > Money::ZERO).then(|| done.value() / target.value())),
            ]
        };
        let mut body: Vec<Vec<String>> = Vec::new();
        for q in 0..4usize {
            for m in q * 3..q * 3 + 3 {
                body.push(row(format!("{year}-{:02}", m + 1), m..m + 1));
            }
            body.push(row(format!("{year} Q{}", q + 1), q * 3..q * 3 + 3));
        }
        let target: Money = plan.revenue.iter().copied().sum();
        let done: Money = actual.iter().copied().sum();
        body.push(vec![
            year.to_string(),
            target.to_string(),
            plan.new_customers.iter().sum::<u32>().to_string(),
            last_year.iter().copied().sum::<Money>().to_string(),
            done.to_string(),
            actual_new.iter().sum::<u32>().to_string(),
            percent((target > Money::ZERO).then(|| done.value() / target.value())),
        ]);
        actions::offer_csv(state, lang, &format!("targets-{year}"), &actions::priced(&header, &[1, 3, 4]), &body);
    };
    let split_label = |s: Split| match s {
        Split::Even => Key::SplitEven,
        Split::Seasonal => Key::SplitSeasonal,
        Split::Typed => Key::SplitTyped,
    };
    view! {
        <div class="toolbar">
            <label class="field-inline">
                <span class="hint">{move || i18n.t(Key::Year)}" "</span>
                <select class="select" aria-label=move || i18n.t(Key::Year) data-testid="target-year" on:change=pick_year>
                    {p.years.iter().map(|y| view! { <option value=y.to_string() selected=*y == year>{*y}</option> }).collect_view()}
                </select>
            </label>
        </div>
        {show_progress.then(|| view! {
            <Panel title=Signal::derive(move || i18n.t(Key::TargetsWhereWeStand).to_string())>
                <TargetProgress rows=progress.clone() testid="target-progress" />
            </Panel>
        })}
        <Panel title=Signal::derive(move || match i18n.get() { Locale::Zh => format!("{year}年销售目标"), Locale::En => format!("Sales targets for {year}") })>
            {no_plan.then(|| view! { <p class="empty-note" data-testid="no-target">{move || i18n.t(Key::TargetsNone)}</p> })}
            <div class="target-form">
                <fieldset class="split-choice">
                    <legend>{move || i18n.t(Key::SplitHow)}</legend>
                    {Split::ALL.into_iter().map(|s| {
                        let disabled = s == Split::Seasonal && !had_sales_last_year;
                        view! {
                            <label class="check" class:disabled=disabled>
                                <input type="radio" name="split" value=format!("{s:?}") prop:checked=move || split.get() == s disabled=disabled
                                    on:change=move |_| choose(s) />
                                {move || i18n.t(split_label(s))}
                            </label>
                        }
                    }).collect_view()}
                    {(!had_sales_last_year).then(|| view! { <p class="hint">{move || i18n.t(Key::SplitNoLastYear)}</p> })}
                </fieldset>
                <Show when=move || split.get() != Split::Typed>
                    <div class="form-grid">
                        <label class="field">
                            <span>{move || i18n.t(Key::TargetRevenue)}</span>
                            <input class="input" inputmode="decimal" data-testid="target-total" prop:value=move || total.get()
                                class:invalid=move || draft.with(|d| d.as_ref().err().is_some_and(|p| p.total.is_some()))
                                on:input=move |ev| { total.set(event_target_value(&ev)); dirty.set(true); } />
                            {move || draft.with(|d| d.as_ref().err().and_then(|p| p.total)).map(|k| view! { <div class="field-error" data-testid="total-error">{move || i18n.t(k)}</div> })}
                        </label>
                        <label class="field">
                            <span>{move || i18n.t(Key::TargetNewCustomers)}</span>
                            <input class="input" inputmode="numeric" data-testid="target-new" prop:value=move || total_new.get()
                                class:invalid=move || draft.with(|d| d.as_ref().err().is_some_and(|p| p.total_new.is_some()))
                                on:input=move |ev| { total_new.set(event_target_value(&ev)); dirty.set(true); } />
                            {move || draft.with(|d| d.as_ref().err().and_then(|p| p.total_new)).map(|k| view! { <div class="field-error">{move || i18n.t(k)}</div> })}
                        </label>
                    </div>
                </Show>
            </div>
            <div class="scroll-x">
                <table class="table target-table" data-testid="target-table">
                    <thead><tr>
                        <th>{move || i18n.t(Key::Month)}</th>
                        <th class="num">{move || i18n.t(Key::TargetRevenue)}</th>
                        <th class="num">{move || i18n.t(Key::TargetNewCustomers)}</th>
                        <th class="num hide-narrow">{move || match i18n.get() { Locale::Zh => format!("{}年实际", year - 1), Locale::En => format!("Actual {}", year - 1) }}</th>
                        <th class="num">{move || i18n.t(Key::Actual)}</th>
                        <th class="num">{move || i18n.t(Key::NewCustomersActual)}</th>
                        <th class="num">{move || i18n.t(Key::Achievement)}</th>
                    </tr></thead>
                    <tbody>{months_view}</tbody>
                </table>
            </div>
            <p class="hint how" data-testid="targets-how">{move || i18n.t(Key::TargetsHow)}</p>
            <div class="actions">
                <button class="btn btn-primary" data-testid="save-targets" disabled=move || busy.get() || draft.with(|d| d.is_err()) on:click=save>
                    {move || i18n.t(Key::SaveTargets)}
                </button>
                <Show when=move || dirty.get()>
                    <span class="hint">{move || i18n.t(Key::UnsavedChanges)}</span>
                </Show>
                <button class="btn" data-testid="export-targets" disabled=move || draft.with(|d| d.is_err()) on:click=export>
                    <crate::ui::components::Icon name="download" />{move || i18n.t(Key::ExportCsv)}
                </button>
            </div>
        </Panel>
        <section class="panel">
            <BarChart data=chart testid="target-chart" />
            {(year == this_year).then(|| view! { <p class="hint">{move || match i18n.get() {
                Locale::Zh => format!("{}年新客户：{} 个（去年 {} 个）", year, actual_new.iter().sum::<u32>(), last_year_new.iter().sum::<u32>()),
                Locale::En => format!("New customers in {}: {} (last year {})", year, actual_new.iter().sum::<u32>(), last_year_new.iter().sum::<u32>()),
            }}</p> })}
        </section>
    }
}
