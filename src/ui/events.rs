//! Events 展会活动: the trade shows a consultant exhibits at, their form, kiosk mode started
//! from here, and each event's report (leads by hour and interest, qualified share, what was
//! won) with a CSV export.

use crate::domain::events::{report, running, Event, EventReport, Tally};
use crate::domain::products::ProductStatus;
use crate::domain::validation::Problem;
use crate::domain::Locale;
use crate::service::EventsPage as Page;
use crate::service::new_id;
use crate::ui::actions;
use crate::ui::components::{live, loaded, money_text, ConfirmDialog, FormDrawer, Icon, Kpi};
use crate::ui::i18n::{problem_text, use_i18n, Key};
use crate::ui::router::{replace_href, use_route};
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;

/// The device's time zone now: the report's hours are read in it.
pub fn local_offset() -> chrono::FixedOffset {
    *chrono::Local::now().offset()
}

/// [`dates`] for a table cell: a line may break between the two days, never inside one.
fn date_cell(e: &Event) -> impl IntoView {
    let dash = if e.ends_on != e.starts_on { " –" } else { "" };
    let end = (e.ends_on != e.starts_on).then(|| view! { " "<span class="nowrap">{e.ends_on.to_string()}</span> });
    view! { <span class="nowrap">{e.starts_on.to_string()}{dash}</span>{end} }
}

fn dates(e: &Event) -> String {
    if e.starts_on == e.ends_on {
        e.starts_on.to_string()
    } else {
        format!("{} – {}", e.starts_on, e.ends_on)
    }
}

fn pct(t: &Tally) -> String {
    t.qualified_pct().map(|p| format!("{p:.0} %")).unwrap_or_else(|| "—".into())
}

#[component]
pub fn EventsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = live(|s| async move { s.events_page().await });
    let editing = RwSignal::new(None::<(Event, bool)>);
    let starting = RwSignal::new(None::<Event>);
    let route = use_route();
    let shown = Memo::new(move |_| route.with(|r| r.query.iter().find(|(k, _)| k == "report").map(|(_, v)| v.clone())));
    let open_new = move |_| {
        let lang = i18n.lang.get_untracked();
        editing.set(Some((Event::new(new_id("evt"), crate::service::today(), Key::ConsentDefault.text(lang).to_string(), chrono::Utc::now()), true)));
    };
    view! {
        <header class="page-header">
            <h1>{move || i18n.t(Key::NavEvents)}</h1>
            <div class="page-actions">
                <button class="btn btn-primary" on:click=open_new><Icon name="plus" />{move || i18n.t(Key::NewEvent)}</button>
            </div>
        </header>
        {loaded(data, move |page: Page| {
            let today = crate::service::today();
            if page.events.is_empty() {
                return view! { <div class="empty-state"><Icon name="events" /><p>{move || i18n.t(Key::EventsEmpty)}</p></div> }.into_any();
            }
            let on_now: Vec<String> = running(&page.events, today).into_iter().map(|e| e.id.clone()).collect();
            let rows = page.events.iter().map(|e| {
                let r = report(e, &page.deals, &page.stages, local_offset());
                let (edit_e, start_e, id) = (e.clone(), e.clone(), e.id.clone());
                let is_on = on_now.contains(&e.id);
                let href = format!("#/events?report={}", String::from(js_sys::encode_uri_component(&e.id)));
                let current = { let id = id.clone(); move || shown.get().as_deref() == Some(id.as_str()) };
                let current2 = current.clone();
                view! {
                    <tr class:selected=current2>
                        <td>
                            <strong class="cell-text">{e.name.clone()}</strong>
                            {is_on.then(|| view! { <span class="badge badge-live">{move || i18n.t(Key::RunningNow)}</span> })}
                        </td>
                        <td>{e.place.clone()}</td>
                        <td>{date_cell(e)}</td>
                        <td class="num">{r.total.leads}</td>
                        <td class="num">{pct(&r.total)}</td>
                        <td class="num">{r.total.won}</td>
                        <td class="num">{money_text(r.total.revenue)}</td>
                        <td><div class="row-actions">
                            <a class="btn btn-small" href=href aria-current=move || current().then_some("true")>{move || i18n.t(Key::EvReport)}</a>
                            <button class="btn btn-small" on:click=move |_| editing.set(Some((edit_e.clone(), false)))>{move || i18n.t(Key::Edit)}</button>
                            <button class="btn btn-small btn-primary" on:click=move |_| starting.set(Some(start_e.clone()))>
                                <Icon name="lock" />{move || i18n.t(Key::StartKiosk)}
                            </button>
                        </div></td>
                    </tr>
                }
            }).collect_view();
            let report_view = {
                let page = page.clone();
                move || shown.get().and_then(|id| page.events.iter().find(|e| e.id == id).cloned()).map(|e| view! { <ReportPanel event=e page=page.clone() /> })
            };
            view! {
                <div class="table-wrap">
                    <table class="table events-table">
                        <thead><tr>
                            <th scope="col">{move || i18n.t(Key::EvName)}</th>
                            <th scope="col">{move || i18n.t(Key::EvPlace)}</th>
                            <th scope="col">{move || i18n.t(Key::EvDates)}</th>
                            <th scope="col" class="num">{move || i18n.t(Key::EvLeads)}</th>
                            <th scope="col" class="num">{move || i18n.t(Key::EvQualified)}</th>
                            <th scope="col" class="num">{move || i18n.t(Key::EvWon)}</th>
                            <th scope="col" class="num">{move || crate::ui::components::in_currency(i18n.t(Key::EvRevenue))}</th>
                            <th scope="col"><span class="visually-hidden">{move || i18n.t(Key::Edit)}</span></th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                {report_view}
            }.into_any()
        })}
        {move || editing.get().map(|(event, is_new)| view! { <EventForm event=event is_new=is_new on_close=Callback::new(move |_| editing.set(None)) /> })}
        {move || starting.get().map(|event| view! { <crate::ui::kiosk::StartKiosk event=event on_close=Callback::new(move |_| starting.set(None)) /> })}
    }
}

/// One event's report: totals, leads by hour of each day and by product of interest, and the
/// CSV of those tables.
#[component]
fn ReportPanel(event: Event, page: Page) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let r: EventReport = report(&event, &page.deals, &page.stages, local_offset());
    let names: HashMap<String, String> = page.products.iter().map(|p| (p.id.clone(), p.name.clone())).collect();
    let interest_name = move |id: &str, lang: Locale| if id.is_empty() { Key::NoInterest.text(lang).to_string() } else { names.get(id).cloned().unwrap_or_else(|| id.to_string()) };
    let hour = |h: u32| format!("{h:02}:00–{:02}:00", h + 1);
    let cells = |t: &Tally| vec![t.leads.to_string(), t.qualified.to_string(), pct(t), t.won.to_string(), t.revenue.to_string()];
    let export = {
        let (r, event, interest_name) = (r.clone(), event.clone(), interest_name.clone());
        move |_| {
            let lang = i18n.lang.get_untracked();
            let header = [Key::EvReport, Key::CsvDayOrProduct, Key::EvHour, Key::EvLeads, Key::EvQualified, Key::CsvQualifiedShare, Key::EvWon, Key::EvRevenue].map(|k| k.text(lang));
            let mut body = vec![[vec![event.name.clone(), dates(&event), String::new()], cells(&r.total)].concat()];
            body.extend(r.by_hour.iter().map(|((d, h), t)| [vec![Key::ByHour.text(lang).to_string(), d.to_string(), hour(*h)], cells(t)].concat()));
            body.extend(r.by_interest.iter().map(|(p, t)| [vec![Key::ByInterest.text(lang).to_string(), interest_name(p, lang), String::new()], cells(t)].concat()));
            actions::offer_csv(state, lang, &format!("event-report-{}", event.starts_on), &actions::priced(&header, &[7]), &body);
        }
    };
    let tally_cells = |t: &Tally| view! {
        <td class="num">{t.leads}</td>
        <td class="num">{pct(t)}</td>
        <td class="num">{t.won}</td>
        <td class="num">{money_text(t.revenue)}</td>
    };
    let head = move |first: Key, second: Option<Key>| view! {
        <thead><tr>
            <th scope="col">{move || i18n.t(first)}</th>
            {second.map(|k| view! { <th scope="col">{move || i18n.t(k)}</th> })}
            <th scope="col" class="num">{move || i18n.t(Key::EvLeads)}</th>
            <th scope="col" class="num">{move || i18n.t(Key::EvQualified)}</th>
            <th scope="col" class="num">{move || i18n.t(Key::EvWon)}</th>
            <th scope="col" class="num">{move || crate::ui::components::in_currency(i18n.t(Key::EvRevenue))}</th>
        </tr></thead>
    };
    let most = r.by_hour.iter().map(|(_, t)| t.leads).max().unwrap_or(1).max(1);
    let empty = r.total.leads == 0;
    view! {
        <section class="panel event-report" id="event-report" data-testid="event-report">
            <header class="report-header">
                <h2 class="panel-title">{move || i18n.t(Key::ReportTitle)}" · "<span class="cell-text">{event.name.clone()}</span></h2>
                <button class="btn btn-small" on:click=export disabled=empty><Icon name="download" />{move || i18n.t(Key::ExportCsv)}</button>
            </header>
            <div class="kpis compact four" data-testid="report-kpis">
                <Kpi label=Signal::derive(move || i18n.t(Key::EvLeads).to_string()) value=r.total.leads.to_string() icon="customers" />
                <Kpi label=Signal::derive(move || i18n.t(Key::EvQualified).to_string()) value=pct(&r.total) icon="check" tone="good" />
                <Kpi label=Signal::derive(move || i18n.t(Key::EvWon).to_string()) value=r.total.won.to_string() icon="targets" tone="accent" />
                <Kpi label=Signal::derive(move || crate::ui::components::in_currency(i18n.t(Key::EvRevenue))) value=money_text(r.total.revenue) icon="analytics" />
            </div>
            {if empty {
                view! { <p class="muted">{move || i18n.t(Key::ReportEmpty)}</p> }.into_any()
            } else {
                view! {
                    <div class="report-tables">
                        <div>
                            <h3>{move || i18n.t(Key::ByHour)}</h3>
                            <div class="table-wrap"><table class="table" data-testid="report-hours">
                                {head(Key::EvDay, Some(Key::EvHour))}
                                <tbody>{r.by_hour.iter().map(|((d, h), t)| view! {
                                    <tr>
                                        <td class="nowrap">{d.to_string()}</td>
                                        <td class="nowrap"><span class="hour-bar" style=format!("--share:{}%", t.leads * 100 / most)></span>{hour(*h)}</td>
                                        {tally_cells(t)}
                                    </tr>
                                }).collect_view()}</tbody>
                            </table></div>
                        </div>
                        <div>
                            <h3>{move || i18n.t(Key::ByInterest)}</h3>
                            <div class="table-wrap"><table class="table" data-testid="report-interests">
                                {head(Key::EvProduct, None)}
                                <tbody>{r.by_interest.iter().map(|(p, t)| {
                                    let (p, name) = (p.clone(), interest_name.clone());
                                    view! { <tr><td class="cell-text">{move || name(&p, i18n.get())}</td>{tally_cells(t)}</tr> }
                                }).collect_view()}</tbody>
                            </table></div>
                        </div>
                    </div>
                }.into_any()
            }}
            <p class="hint">{move || i18n.t(Key::ReportNote)}" "{move || i18n.t(Key::ProductRevenueNote)}</p>
        </section>
    }
}

/// The event's form: name, place, days, the products shown at the stand, the consent text.
#[component]
fn EventForm(event: Event, is_new: bool, on_close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let products = live(|s| async move { s.products().await });
    let name = RwSignal::new(event.name.clone());
    let place = RwSignal::new(event.place.clone());
    let starts = RwSignal::new(event.starts_on.to_string());
    let ends = RwSignal::new(event.ends_on.to_string());
    let picked = RwSignal::new(event.products.clone());
    let consent = RwSignal::new(event.consent_text.clone());
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let confirm_delete = RwSignal::new(false);
    let base = StoredValue::new(event.clone());
    let build = move || {
        let mut e = base.get_value();
        let mut problems: HashMap<String, Problem> = HashMap::new();
        e.name = name.get().trim().to_string();
        e.place = place.get().trim().to_string();
        e.consent_text = consent.get().trim().to_string();
        e.products = picked.get();
        for (field, text, slot) in [("starts_on", starts.get(), &mut e.starts_on), ("ends_on", ends.get(), &mut e.ends_on)] {
            match text.trim().parse() {
                Ok(d) => *slot = d,
                Err(_) if text.trim().is_empty() => {
                    problems.insert(field.into(), Problem::Required);
                }
                Err(_) => {
                    problems.insert(field.into(), Problem::InvalidDate);
                }
            }
        }
        for fp in e.validate() {
            problems.entry(fp.field).or_insert(fp.problem);
        }
        (e, problems)
    };
    let problems = Memo::new(move |_| build().1);
    let error_for = move |field: &'static str| {
        move || tried.get().then(|| problems.with(|p| p.get(field).cloned())).flatten().map(|p| {
            let text = match p {
                Problem::OutOfRange { .. } if field == "ends_on" => i18n.t(Key::EvTooLong).to_string(),
                p => problem_text(i18n.get(), &p),
            };
            view! { <span class="field-error" role="alert">{text}</span> }
        })
    };
    let field = move |label: Key, field: &'static str, input: AnyView| view! {
        <div class="field" class:invalid=move || tried.get() && problems.with(|p| p.contains_key(field))>
            <label for=format!("ev-{field}")>{move || i18n.t(label)}</label>
            {input}
            {error_for(field)}
        </div>
    };
    let text = move |field: &'static str, signal: RwSignal<String>| view! {
        <input id=format!("ev-{field}") type="text" prop:value=move || signal.get() on:input=move |ev| signal.set(event_target_value(&ev)) />
    }.into_any();
    let date = move |field: &'static str, signal: RwSignal<String>| view! {
        <input id=format!("ev-{field}") type="date" prop:value=move || signal.get() on:input=move |ev| signal.set(crate::ui::components::date_input(&ev).0) />
    }.into_any();
    let save = move || {
        tried.set(true);
        let (mut e, problems) = build();
        if !problems.is_empty() || busy.get_untracked() {
            return;
        }
        e.updated_at = chrono::Utc::now();
        let lang = i18n.lang.get_untracked();
        busy.set(true);
        spawn_local(async move {
            let id = e.id.clone();
            if actions::save(state, lang, e).await {
                let _ = on_close.try_run(());
                if is_new {
                    let _ = window().location().set_hash(&format!("#/events?report={}", String::from(js_sys::encode_uri_component(&id))));
                }
            } else {
                busy.set(false);
            }
        });
    };
    let title = Signal::derive(move || i18n.t(if is_new { Key::NewEvent } else { Key::EditEvent }).to_string());
    let deleted = event.clone();
    view! {
        <FormDrawer title_id="event-form-title" title=title wide=true on_close=on_close on_save=Callback::new(move |_| save())
            show_fix=Signal::derive(move || tried.get() && !problems.with(HashMap::is_empty))
            on_delete=(!is_new).then(|| Callback::new(move |_| confirm_delete.set(true))) busy=busy>
            <div class="form-grid">
                {field(Key::EvName, "name", text("name", name))}
                {field(Key::EvPlace, "place", text("place", place))}
                {field(Key::EvStarts, "starts_on", date("starts_on", starts))}
                {field(Key::EvEnds, "ends_on", date("ends_on", ends))}
            </div>
            <fieldset class="field chips-field">
                <legend>{move || i18n.t(Key::EvProducts)}</legend>
                {move || products.get().map(|r| {
                    let on_sale: Vec<_> = r.unwrap_or_default().into_iter().filter(|p| p.status == ProductStatus::OnSale || picked.with(|k| k.contains(&p.id))).collect();
                    if on_sale.is_empty() {
                        return view! { <p class="hint">{move || i18n.t(Key::EvNoProducts)}</p> }.into_any();
                    }
                    view! { <div class="chips">{on_sale.into_iter().map(|p| {
                        let id = p.id.clone();
                        let on = { let id = id.clone(); move || picked.with(|k| k.contains(&id)) };
                        let on2 = on.clone();
                        view! {
                            <label class="chip" class:on=on2>
                                <input type="checkbox" prop:checked=on on:change=move |ev| {
                                    let checked = event_target_checked(&ev);
                                    picked.update(|k| { k.retain(|x| x != &id); if checked { k.push(id.clone()); } });
                                } />
                                <span class="cell-text">{p.name.clone()}</span>
                            </label>
                        }
                    }).collect_view()}</div> }.into_any()
                })}
            </fieldset>
            {field(Key::EvConsent, "consent_text", view! {
                <textarea id="ev-consent_text" rows="5" prop:value=move || consent.get() on:input=move |ev| consent.set(event_target_value(&ev))></textarea>
            }.into_any())}
        </FormDrawer>
        <ConfirmDialog
            open=confirm_delete
            danger=true
            title=Signal::derive(move || i18n.t(Key::ConfirmDeleteEventTitle).to_string())
            body=Signal::derive(move || match i18n.get() {
                Locale::Zh => format!("“{}”将被删除，删除后可立即撤销。已有线索的展会不能删除。", deleted.name),
                Locale::En => format!("“{}” will be deleted; you can undo right after. An event with leads cannot be deleted.", deleted.name),
            })
            confirm_label=Signal::derive(move || i18n.t(Key::Delete).to_string())
            cancel_label=Signal::derive(move || i18n.t(Key::Cancel).to_string())
            on_confirm=Callback::new(move |_| {
                let lang = i18n.lang.get_untracked();
                let e = base.get_value();
                spawn_local(async move {
                    if actions::delete_event(state, lang, e).await {
                        let _ = on_close.try_run(());
                        replace_href("#/events");
                    }
                });
            })
        />
    }
}

/// The pick of an event for a quick lead: the events on today (the latest started first), or
/// none. Hidden when no event is on.
#[component]
pub fn EventPicker(chosen: RwSignal<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let events = live(|s| async move { s.events().await });
    let on_now = Memo::new(move |_| {
        let all = events.get().and_then(Result::ok).unwrap_or_default();
        running(&all, crate::service::today()).into_iter().map(|e| (e.id.clone(), e.name.clone())).collect::<Vec<_>>()
    });
    // The latest event on today is picked until the user says otherwise.
    let touched = RwSignal::new(false);
    Effect::new(move |_| {
        let first = on_now.with(|e| e.first().map(|(id, _)| id.clone()));
        if !touched.get_untracked() {
            chosen.set(first);
        }
    });
    view! {
        <Show when=move || on_now.with(|e| !e.is_empty())>
            <div class="field">
                <label for="qc-event">{move || i18n.t(Key::QcEvent)}</label>
                <select id="qc-event" on:change=move |ev| {
                    touched.set(true);
                    let v = event_target_value(&ev);
                    chosen.set((!v.is_empty()).then_some(v));
                }>
                    {move || on_now.get().into_iter().map(|(id, name)| {
                        let selected = chosen.get().as_deref() == Some(id.as_str());
                        view! { <option value=id selected=selected>{name}</option> }
                    }).collect_view()}
                    <option value="" selected=move || chosen.get().is_none()>{move || i18n.t(Key::QcNoEvent)}</option>
                </select>
            </div>
        </Show>
    }
}
