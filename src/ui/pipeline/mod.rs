//! The pipeline 销售漏斗: a board with one column per open stage, the same deals as a sortable
//! list, and the funnel analytics. Moves show at once and are written in the background; a
//! failed write puts the card back and says so.

pub mod board;
pub mod deal_form;
pub mod funnel;
pub mod moves;

use crate::ui::pipeline::board::Board;
use crate::ui::pipeline::moves::{Moves, PendingClose};
use crate::ui::pipeline::deal_form::DealForm;
use crate::ui::pipeline::funnel::FunnelView;
use crate::ui::components::money_text;
use crate::domain::customers::LeadSource;
use crate::domain::pipeline::query::{sort_deals, ClosePeriod, DealFilter, DealSort};
use crate::domain::customers::grading::Grade;
use crate::domain::money::Money;
use crate::domain::pipeline::{Deal, StageKind};
use crate::domain::Locale;
use crate::service::{new_id, today, PipelineBook};
use crate::ui::components::{live_unless, loaded, once_loaded, Icon, Modal, ModalKind};
use crate::ui::i18n::{source_label, use_i18n, Key};
use crate::ui::actions;
use crate::ui::state::use_app;
use leptos::prelude::*;

/// Rows the list view renders at a time.
const LIST_PAGE: usize = 200;

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Board,
    List,
    Funnel,
}

#[component]
pub fn PipelinePage() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let dragging = RwSignal::new(false);
    let data = live_unless(dragging, move |s| {
        let lang = i18n.lang.get_untracked();
        async move { s.pipeline_book(lang).await }
    });
    let deals = RwSignal::new(Vec::<Deal>::new());
    let book = StoredValue::new(None::<PipelineBook>);
    let route = crate::ui::router::use_route();
    let editing = RwSignal::new(None::<(Deal, bool)>);
    Effect::new(move |_| {
        if let Some(Ok(b)) = data.get() {
            deals.set(b.deals.as_ref().clone());
            // From a customer's page: a new deal for them.
            let for_customer = route.with_untracked(|r| r.query.iter().find(|(k, _)| k == "new_deal_for").map(|(_, v)| v.clone()));
            if let Some(customer) = for_customer.filter(|c| b.customers.contains_key(c)) {
                let stage = b.open_stages().first().map(|s| s.id.clone()).unwrap_or_default();
                let mut deal = Deal::blank(new_id("deal"), &stage, chrono::Utc::now());
                deal.customer_id = customer;
                editing.set(Some((deal, true)));
                route.update(|r| r.query.retain(|(k, _)| k != "new_deal_for"));
                let _ = web_sys::window().and_then(|w| w.history().ok()).map(|h| h.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some("#/pipeline")));
            }
            book.set_value(Some(b));
        }
    });
    let moves = Moves { deals, book, closing: RwSignal::new(None), announcement: RwSignal::new(String::new()), dragging, state, i18n };
    let mode = RwSignal::new(Mode::Board);
    let filter = RwSignal::new(DealFilter::default());
    let importing = RwSignal::new(false);
    let new_deal = once_loaded(data, move |stage_id: Option<String>, b: PipelineBook| {
        let stage = stage_id.or_else(|| b.open_stages().first().map(|s| s.id.clone())).unwrap_or_default();
        editing.set(Some((Deal::blank(new_id("deal"), &stage, chrono::Utc::now()), true)));
    });
    let open_deal = Callback::new(move |id: String| {
        if let Some(d) = deals.with_untracked(|all| all.iter().find(|d| d.id == id).cloned()) {
            editing.set(Some((d, false)));
        }
    });
    let tab = move |m: Mode, key: Key| {
        view! {
            <button role="tab" class="tab" class:active=move || mode.get() == m aria-selected=move || (mode.get() == m).to_string()
                on:click=move |_| mode.set(m)>{move || i18n.t(key)}</button>
        }
    };
    view! {
        <header class="page-header">
            <h1>{move || i18n.t(Key::NavPipeline)}</h1>
            <div class="actions">
                <button class="btn" on:click=move |_| importing.set(true)><Icon name="upload" />{move || i18n.t(Key::ImportCsv)}</button>
                <button class="btn btn-primary" on:click=move |_| new_deal.run(None)><Icon name="pipeline" />{move || i18n.t(Key::NewDeal)}</button>
            </div>
        </header>
        {loaded(data, move |b: PipelineBook| {
            if b.customers.is_empty() && b.deals.is_empty() {
                return view! {
                    <div class="empty-state"><Icon name="pipeline" /><p>{i18n.t(Key::NoDealsYet)}</p>
                        <div class="actions">
                            <button class="btn btn-primary" on:click=move |_| state.quick_lead.set(true)>{i18n.t(Key::QuickCapture)}</button>
                            <button class="btn" on:click=move |_| {
                                let lang = i18n.lang.get_untracked();
                                leptos::task::spawn_local(crate::ui::actions::load_demo(state, lang));
                            }>{i18n.t(Key::LoadDemo)}</button>
                        </div>
                    </div>
                }.into_any();
            }
            let list_book = b.clone();
            let board_book = b.clone();
            let funnel_book = b.clone();
            view! {
                <div class="tabs" role="tablist">
                    {tab(Mode::Board, Key::BoardView)}
                    {tab(Mode::List, Key::ListView)}
                    {tab(Mode::Funnel, Key::FunnelView)}
                </div>
                <Show when=move || mode.get() != Mode::Funnel>
                    <Filters filter=filter />
                </Show>
                {move || match mode.get() {
                    Mode::Board => view! { <Board book=board_book.clone() moves=moves filter=filter on_open=open_deal on_new=new_deal /> }.into_any(),
                    Mode::List => view! { <DealList book=list_book.clone() deals=deals filter=filter on_open=open_deal /> }.into_any(),
                    Mode::Funnel => view! { <FunnelView book=funnel_book.clone() deals=deals /> }.into_any(),
                }}
            }.into_any()
        })}
        <div class="visually-hidden" aria-live="polite" data-testid="announcement">{move || moves.announcement.get()}</div>
        {move || moves.closing.get().map(|p| view! { <CloseDialog pending=p moves=moves /> })}
        {move || editing.get().and_then(|(d, is_new)| book.get_value().or_else(|| data.get_untracked().and_then(Result::ok)).map(|b| view! {
            <DealForm initial=d is_new=is_new book=b on_close=Callback::new(move |_| editing.set(None)) />
        }))}
        <Show when=move || importing.get()>
            {crate::ui::import::csv_import::<crate::ui::import::DealSpec>(Callback::new(move |_| importing.set(false)))}
        </Show>
    }
}

#[component]
fn Filters(filter: RwSignal<DealFilter>) -> impl IntoView {
    let i18n = use_i18n();
    let money = |v: String| (!v.trim().is_empty()).then(|| Money::parse(&v).ok()).flatten();
    view! {
        <div class="toolbar deal-filters">
            <input class="search" type="search" placeholder=move || i18n.t(Key::SearchDeals) aria-label=move || i18n.t(Key::SearchDeals)
                prop:value=move || filter.with(|f| f.text.clone())
                on:input=move |ev| { let v = event_target_value(&ev); filter.update(|f| f.text = v); } />
            <select class="select" aria-label=move || i18n.t(Key::ColGrade) on:change=move |ev| {
                let v = event_target_value(&ev);
                filter.update(|f| f.grade = Grade::from_letter(&v));
            }>
                <option value="" selected=move || filter.with(|f| f.grade.is_none())>{move || i18n.t(Key::AllGrades)}</option>
                {["A", "B", "C", "D"].map(|g| view! { <option value=g selected=move || filter.with(|f| f.grade.map(|x| x.letter()) == Some(g))>{g}</option> })}
            </select>
            <select class="select" aria-label=move || i18n.t(Key::ColSource) on:change=move |ev| {
                let v = event_target_value(&ev);
                filter.update(|f| f.source = LeadSource::ALL.into_iter().find(|s| crate::domain::enum_code(s) == v));
            }>
                <option value="" selected=move || filter.with(|f| f.source.is_none())>{move || i18n.t(Key::AllSources)}</option>
                {LeadSource::ALL.map(|s| view! {
                    <option value=crate::domain::enum_code(&s) selected=move || filter.with(|f| f.source == Some(s))>{move || source_label(i18n.get(), s)}</option>
                })}
            </select>
            <input class="amount" type="text" inputmode="decimal" placeholder=move || i18n.t(Key::MinAmount) aria-label=move || i18n.t(Key::MinAmount)
                on:change=move |ev| { let v = money(event_target_value(&ev)); filter.update(|f| f.min = v); } />
            <input class="amount" type="text" inputmode="decimal" placeholder=move || i18n.t(Key::MaxAmount) aria-label=move || i18n.t(Key::MaxAmount)
                on:change=move |ev| { let v = money(event_target_value(&ev)); filter.update(|f| f.max = v); } />
            <select class="select" aria-label=move || i18n.t(Key::ExpectedClose) on:change=move |ev| {
                let v = event_target_value(&ev);
                filter.update(|f| f.close = match v.as_str() {
                    "overdue" => ClosePeriod::Overdue, "this_month" => ClosePeriod::ThisMonth, "next_month" => ClosePeriod::NextMonth,
                    "this_quarter" => ClosePeriod::ThisQuarter, "undated" => ClosePeriod::Undated, _ => ClosePeriod::Any,
                });
            }>
                {[("", Key::AnyClose), ("overdue", Key::Overdue), ("this_month", Key::CloseThisMonth), ("next_month", Key::CloseNextMonth),
                  ("this_quarter", Key::CloseThisQuarter), ("undated", Key::CloseUndated)]
                    .map(|(v, k)| view! { <option value=v>{move || i18n.t(k)}</option> })}
            </select>
            <label class="check">
                <input type="checkbox" prop:checked=move || filter.with(|f| f.stale_only)
                    on:change=move |ev| { let on = event_target_checked(&ev); filter.update(|f| f.stale_only = on); } />
                {move || i18n.t(Key::StaleOnly)}
            </label>
        </div>
    }
}


#[component]
fn DealList(book: PipelineBook, deals: RwSignal<Vec<Deal>>, filter: RwSignal<DealFilter>, on_open: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let sort = RwSignal::new(DealSort::Stage);
    let b = book.clone();
    let rows = Memo::new(move |_| {
        let f = filter.get();
        let s = sort.get();
        deals.with(|all| {
            b.with_context(|ctx| {
                let mut hits: Vec<&Deal> = all.iter().filter(|d| f.matches(d, ctx)).collect();
                sort_deals(&mut hits, s, ctx);
                hits.into_iter().cloned().collect::<Vec<_>>()
            })
        })
    });
    let header = move |key: Key, by: Option<DealSort>, num: bool| view! {
        <th class:num=num aria-sort=move || if by.is_some() && by == Some(sort.get()) { "descending" } else { "none" }>
            {match by {
                Some(s) => view! { <button class="th-sort" class:active=move || sort.get() == s on:click=move |_| sort.set(s)>{move || crate::ui::components::in_currency(i18n.t(key))}</button> }.into_any(),
                None => view! { <span>{move || crate::ui::components::in_currency(i18n.t(key))}</span> }.into_any(),
            }}
        </th>
    };
    let today = today();
    // Rows rendered: a page, and a page more on request (filters and sorting cover all rows).
    let shown = RwSignal::new(LIST_PAGE);
    let state = use_app();
    let export_book = book.clone();
    // The filtered list as shown, with customer, product and stage names.
    let export = move |_| {
        let lang = i18n.get();
        let b = &export_book;
        let name = |id: &str| b.customers.get(id).map(|c| (c.name.clone(), c.code.clone())).unwrap_or_default();
        let stages: Vec<_> = b.stages.iter().cloned().collect();
        let csv = rows.with_untracked(|list| crate::domain::pipeline::export::rows(list, name, &b.products, &stages, |s| source_label(lang, s).to_string()));
        actions::offer_csv(state, lang, "deals", &crate::domain::pipeline::export::HEADER, &csv);
    };
    view! {
        <div class="list-head">
            <p class="result-count" data-testid="deal-count">{move || crate::ui::i18n::count(i18n.get(), rows.with(Vec::len), crate::ui::i18n::Counted::Deals)}</p>
            <button class="btn" on:click=export><Icon name="download" />{move || i18n.t(Key::ExportCsv)}</button>
        </div>
        <div class="table-wrap">
            <table class="table deal-table">
                <thead><tr>
                    {header(Key::DealTitle, Some(DealSort::Title), false)}
                    {header(Key::FCustomer, None, false)}
                    {header(Key::ColStage, Some(DealSort::Stage), false)}
                    {header(Key::DealAmount, Some(DealSort::AmountHigh), true)}
                    {header(Key::Weighted, None, true)}
                    {header(Key::ExpectedClose, Some(DealSort::CloseSoon), false)}
                    {header(Key::DaysInStage, Some(DealSort::LongestInStage), true)}
                    {header(Key::LeadScore, None, true)}
                </tr></thead>
                <tbody>
                    {move || rows.get().into_iter().take(shown.get()).map(|d| {
                        let stage = book.stage_map.get(&d.stage_id).cloned();
                        let id = d.id.clone();
                        let stale = stage.as_ref().is_some_and(|s| d.is_stale(s, today));
                        let overdue = stage.as_ref().is_some_and(|s| d.is_overdue(s, today));
                        view! {
                            <tr data-testid="deal-row">
                                <td><button class="link-button" on:click=move |_| on_open.run(id.clone())>{d.title.clone()}</button>
                                    {stale.then(|| view! { <span class="tag tag-warn">{i18n.t(Key::Stale)}</span> })}
                                    {overdue.then(|| view! { <span class="tag tag-danger">{i18n.t(Key::Overdue)}</span> })}
                                </td>
                                <td>{book.customer_name(&d.customer_id)}</td>
                                <td class="nowrap">{stage.as_ref().map(|s| view! { <span class="stage-dot" style=format!("background:{}", s.color)></span>{s.name.clone()} })}</td>
                                <td class="num">{money_text(d.amount)}</td>
                                <td class="num">{stage.as_ref().map(|s| money_text(d.weighted_in(s)))}</td>
                                <td class="nowrap">{d.expected_close.map(|c| c.to_string()).unwrap_or_else(|| "—".into())}</td>
                                <td class="num">{d.days_in_stage(today)}</td>
                                <td class="num">{d.lead_score()}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
        {move || {
            let (total, n) = (rows.with(Vec::len), shown.get());
            (total > n).then(|| view! {
                <div class="list-more">
                    <span class="hint">{match i18n.get() {
                        Locale::Zh => format!("显示前 {n} 个，共 {total} 个；可用筛选缩小范围。"),
                        Locale::En => format!("Showing the first {n} of {total}; filters narrow the list."),
                    }}</span>
                    <button type="button" class="btn" on:click=move |_| shown.update(|s| *s += LIST_PAGE)>{i18n.t(Key::ShowMore)}</button>
                </div>
            })
        }}
    }
}

/// Asks for the final amount (won) or the lost reason before a deal is closed.
#[component]
fn CloseDialog(pending: PendingClose, moves: Moves) -> impl IntoView {
    let i18n = use_i18n();
    let won = pending.stage.kind == StageKind::Won;
    let deal = pending.puts[0].clone();
    let amount = RwSignal::new(deal.amount.to_string());
    let reason = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let reasons: Vec<String> = moves
        .book
        .with_value(|b| b.as_ref().map(|b| b.lost_reasons_offered(i18n.lang.get_untracked())))
        .unwrap_or_else(|| crate::domain::pipeline::lost_reasons::default_reasons(i18n.lang.get_untracked()));
    let amount_ok = move || Money::parse(&amount.get()).ok().filter(|m| *m >= Money::ZERO);
    let cancel = move || {
        moves.closing.set(None);
        moves.dragging.set(false);
    };
    let pending = StoredValue::new(pending);
    let input_ref = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(i) = input_ref.get() {
            let _ = i.focus();
        }
    });
    let confirm = move |draft_contract: bool| {
        tried.set(true);
        let mut puts = pending.get_value().puts;
        if won {
            let Some(m) = amount_ok() else { return };
            puts[0].amount = m;
        } else {
            let r = reason.get_untracked().trim().to_string();
            if r.is_empty() {
                return;
            }
            // A new reason joins the list for next time (written with the move).
            puts[0].lost_reason = Some(r);
        }
        moves.closing.set(None);
        moves.commit(puts, draft_contract);
    };
    view! {
        <Modal kind=ModalKind::Dialog title_id="close-title" on_close=Callback::new(move |_| cancel())>
            <form novalidate on:submit=move |ev| { ev.prevent_default(); confirm(false); }>
                <h2 id="close-title">{move || i18n.t(if won { Key::MarkWonTitle } else { Key::MarkLostTitle })}</h2>
                <p>{deal.title.clone()}</p>
                {if won {
                    view! {
                        <div class="field" class:invalid=move || tried.get() && amount_ok().is_none()>
                            <label for="final-amount">{move || crate::ui::components::in_currency(i18n.t(Key::FinalAmount))}</label>
                            <input id="final-amount" type="text" inputmode="decimal" node_ref=input_ref
                                prop:value=move || amount.get() on:input=move |ev| amount.set(event_target_value(&ev)) />
                            {move || (tried.get() && amount_ok().is_none()).then(|| {
                                // Say what is wrong: nothing typed, a negative, or not a number.
                                let lang = i18n.get();
                                let text = match Money::parse(&amount.get()) {
                                    _ if amount.get().trim().is_empty() => i18n.t(Key::EnterAmount).to_string(),
                                    Ok(_) => crate::ui::i18n::problem_text(lang, &crate::domain::validation::Problem::Negative),
                                    Err(_) => crate::ui::i18n::problem_text(lang, &crate::domain::validation::Problem::Malformed(amount.get())),
                                };
                                view! { <span class="field-error" role="alert">{text}</span> }
                            })}
                        </div>

                    }.into_any()
                } else {
                    view! {
                        <div class="field" class:invalid=move || tried.get() && reason.get().trim().is_empty()>
                            <label for="lost-reason">{move || i18n.t(Key::LostReason)}</label>
                            <input id="lost-reason" type="text" list="lost-reasons" node_ref=input_ref
                                prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                            <datalist id="lost-reasons">{reasons.iter().map(|r| view! { <option value=r.clone()></option> }).collect_view()}</datalist>
                            {move || (tried.get() && reason.get().trim().is_empty()).then(|| view! { <span class="field-error" role="alert">{problem_required(i18n.get())}</span> })}
                        </div>
                        <div class="chips">
                            {reasons.iter().map(|r| {
                                let v = r.clone();
                                view! { <button type="button" class="chip" class:checked={let v = v.clone(); move || reason.get() == v} on:click=move |_| reason.set(v.clone())>{r.clone()}</button> }
                            }).collect_view()}
                        </div>
                    }.into_any()
                }}
                <div class="dialog-actions">
                    <button type="button" class="btn" on:click=move |_| cancel()>{move || i18n.t(Key::Cancel)}</button>
                    {won.then(|| view! { <button type="button" class="btn" on:click=move |_| confirm(true)>{move || i18n.t(Key::CreateContractToo)}</button> })}
                    <button type="submit" class=if won { "btn btn-primary" } else { "btn btn-danger" }>
                        {move || i18n.t(if won { Key::MarkWon } else { Key::MarkLost })}
                    </button>
                </div>
            </form>
        </Modal>
    }
}

fn problem_required(lang: Locale) -> String {
    crate::ui::i18n::problem_text(lang, &crate::domain::validation::Problem::Required)
}

