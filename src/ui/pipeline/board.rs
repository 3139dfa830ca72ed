//! The kanban board. Cards move with pointer events (mouse, pen and touch alike; the HTML5
//! drag-and-drop API does not work with touch): a mouse drags after a few pixels, a finger after
//! a short press-and-hold so that swiping still scrolls the board and its columns. A placeholder
//! shows where the card will land; the board scrolls near its edges. Every card also has a
//! "Move to…" menu for keyboards and screen readers.

use crate::ui::pipeline::moves::Moves;
use crate::service::PipelineBook;
use crate::ui::components::money_text;
use crate::domain::pipeline::query::{by_rank, DealFilter};
use crate::domain::pipeline::{Answer, Deal, Stage, StageKind};
use crate::domain::Locale;
use crate::service::today;
use crate::ui::i18n::{use_i18n, Key};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;

const HOLD_MS: u32 = 350;
/// Movement that cancels a touch hold (the finger is scrolling) or starts a mouse drag.
const SLOP_PX: f64 = 8.0;
const EDGE_PX: f64 = 56.0;
/// A click this soon after a drop belongs to the drop.
const CLICK_AFTER_DROP_MS: f64 = 300.0;
/// Cards a column renders at first and adds each time it is scrolled to its end: a board of
/// thousands of deals opens with a screenful per column, not every card.
const CARDS_PER_PAGE: usize = 20;

/// A press on a card that may become a drag.
struct Press {
    deal_id: String,
    pointer_id: i32,
    touch: bool,
    start: (f64, f64),
    last: (f64, f64),
    card: web_sys::HtmlElement,
    active: bool,
    /// Kept only so that dropping the press cancels the hold timer.
    _hold: Option<gloo::timers::callback::Timeout>,
    scroll: Option<gloo::timers::callback::Interval>,
}

#[derive(Clone, PartialEq)]
struct Ghost {
    title: String,
    amount: String,
    width: f64,
    height: f64,
    offset: (f64, f64),
}

/// Where a dragged card would land: a stage column (before a card, or at the end) or a
/// closing stage.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Target {
    stage_id: String,
    before: Option<String>,
}

#[component]
pub fn Board(book: PipelineBook, moves: Moves, filter: RwSignal<DealFilter>, on_open: Callback<String>, on_new: Callback<Option<String>>) -> impl IntoView {
    let i18n = use_i18n();
    let open = book.open_stages();
    let won = book.closing_stage(StageKind::Won);
    let lost = book.closing_stage(StageKind::Lost);
    let deals = moves.deals;
    let b = book.clone();
    // Visible deals per open stage, in rank order.
    let columns = Memo::new(move |_| {
        let f = filter.get();
        deals.with(|all| {
            b.with_context(|ctx| {
                let mut by_stage: std::collections::HashMap<String, Vec<Deal>> = Default::default();
                for d in by_rank(all.iter().filter(|d| f.matches(d, ctx))) {
                    by_stage.entry(d.stage_id.clone()).or_default().push(d.clone());
                }
                by_stage
            })
        })
    });

    let press: Rc<RefCell<Option<Press>>> = Rc::new(RefCell::new(None));
    let ghost = RwSignal::new(None::<Ghost>);
    let ghost_pos = RwSignal::new((0.0, 0.0));
    let dragged = RwSignal::new(None::<String>);
    let target = RwSignal::new(None::<Target>);
    let menu_for = RwSignal::new(None::<String>);
    // The card moved last stays rendered even when it lands past a column's rendered part.
    let last_moved = RwSignal::new(None::<String>);
    // When the last drag ended: the click a mouse sends right after a drop is not an "open".
    // (A finger sends none, so a flag would swallow the next real tap.)
    let suppress_click = StoredValue::new(f64::NEG_INFINITY);
    let board_ref = NodeRef::<leptos::html::Div>::new();
    let drop_before = Selector::new(move || target.with(|t| t.as_ref().and_then(|t| t.before.clone())));
    let dragged_sel = Selector::new(move || dragged.get());

    // Which column (or closing zone) and which card the point is over.
    let locate = move |x: f64, y: f64, moving: &str| -> Option<Target> {
        let el = document().element_from_point(x as f32, y as f32)?;
        let zone = el.closest("[data-drop-stage]").ok()??;
        let stage_id = zone.get_attribute("data-drop-stage")?;
        let cards = zone.query_selector_all("[data-deal-id]").ok()?;
        let mut items = Vec::with_capacity(cards.length() as usize);
        for i in 0..cards.length() {
            if let Some(c) = cards.item(i).and_then(|n| n.dyn_into::<web_sys::Element>().ok()) {
                if c.get_attribute("data-deal-id").as_deref() != Some(moving) {
                    items.push(c);
                }
            }
        }
        // Cards are stacked top to bottom: binary search for the first whose middle is below y.
        let (mut lo, mut hi) = (0, items.len());
        while lo < hi {
            let mid = (lo + hi) / 2;
            let r = items[mid].get_bounding_client_rect();
            if r.top() + r.height() / 2.0 > y { hi = mid } else { lo = mid + 1 }
        }
        // Below the last rendered card of a column that has more: land before the first card
        // not rendered yet (right under the last one in view), not at the very end.
        let before = match items.get(lo) {
            Some(c) => c.get_attribute("data-deal-id"),
            None => zone.query_selector("[data-more]").ok().flatten().and_then(|b| b.get_attribute("data-more")).filter(|m| m != moving),
        };
        Some(Target { stage_id, before })
    };

    let finish = {
        let press = press.clone();
        move |drop: bool| {
            let Some(p) = press.borrow_mut().take() else { return };
            let _ = p.card.release_pointer_capture(p.pointer_id);
            if p.active {
                suppress_click.set_value(js_sys::Date::now());
                if let Some(body) = document().body() {
                    let _ = body.class_list().remove_1("is-dragging");
                }
                let t = target.get_untracked();
                ghost.set(None);
                dragged.set(None);
                target.set(None);
                match (drop, t) {
                    (true, Some(t)) => {
                        last_moved.set(Some(p.deal_id.clone()));
                        // Clears `dragging` once the move is written.
                        moves.request(&p.deal_id, &t.stage_id, t.before.as_deref());
                    }
                    _ => moves.dragging.set(false),
                }
            }
        }
    };

    let activate = {
        let press = press.clone();
        move || {
            let mut guard = press.borrow_mut();
            let Some(p) = guard.as_mut() else { return };
            if p.active {
                return;
            }
            p.active = true;
            let _ = p.card.set_pointer_capture(p.pointer_id);
            let r = p.card.get_bounding_client_rect();
            let title = p.card.query_selector(".deal-title").ok().flatten().and_then(|e| e.text_content()).unwrap_or_default();
            let amount = p.card.query_selector(".deal-amount").ok().flatten().and_then(|e| e.text_content()).unwrap_or_default();
            ghost.set(Some(Ghost { title, amount, width: r.width(), height: r.height(), offset: (p.start.0 - r.left(), p.start.1 - r.top()) }));
            ghost_pos.set(p.last);
            moves.dragging.set(true);
            dragged.set(Some(p.deal_id.clone()));
            target.set(locate(p.last.0, p.last.1, &p.deal_id));
            if let Some(body) = document().body() {
                let _ = body.class_list().add_1("is-dragging");
            }
            if p.touch {
                if let Some(w) = web_sys::window() {
                    let _ = w.navigator().vibrate_with_duration(15);
                }
            }
            // Auto-scroll the board and the column under the pointer near their edges.
            let press_for_scroll = press.clone();
            p.scroll = Some(gloo::timers::callback::Interval::new(16, move || {
                let Ok(guard) = press_for_scroll.try_borrow() else { return };
                let Some(p) = guard.as_ref() else { return };
                let (x, y) = p.last;
                let mut moved = false;
                if let Some(board) = board_ref.get_untracked() {
                    let r = board.get_bounding_client_rect();
                    let dx = if x < r.left() + EDGE_PX { -14.0 } else if x > r.right() - EDGE_PX { 14.0 } else { 0.0 };
                    if dx != 0.0 {
                        board.scroll_by_with_x_and_y(dx, 0.0);
                        moved = true;
                    }
                }
                if let Some(col) = document().element_from_point(x as f32, y as f32).and_then(|e| e.closest(".column-body").ok().flatten()) {
                    let r = col.get_bounding_client_rect();
                    let dy = if y < r.top() + EDGE_PX { -12.0 } else if y > r.bottom() - EDGE_PX { 12.0 } else { 0.0 };
                    if dy != 0.0 {
                        col.scroll_by_with_x_and_y(0.0, dy);
                        moved = true;
                    }
                }
                if moved {
                    let t = locate(x, y, &p.deal_id);
                    if t != target.get_untracked() {
                        target.set(t);
                    }
                }
            }));
        }
    };

    let on_pointer_down = {
        let press = press.clone();
        let activate = activate.clone();
        move |ev: leptos::ev::PointerEvent| {
            if ev.button() != 0 || press.borrow().is_some() {
                return;
            }
            let Some(target_el) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
            if target_el.closest("button, a, input, select, [role=menu]").ok().flatten().is_some() {
                return;
            }
            let Some(card) = target_el.closest("[data-deal-id]").ok().flatten().and_then(|c| c.dyn_into::<web_sys::HtmlElement>().ok()) else { return };
            let Some(deal_id) = card.get_attribute("data-deal-id") else { return };
            let touch = ev.pointer_type() == "touch";
            let at = (f64::from(ev.client_x()), f64::from(ev.client_y()));
            let activate = activate.clone();
            let hold = touch.then(|| gloo::timers::callback::Timeout::new(HOLD_MS, move || activate()));
            *press.borrow_mut() = Some(Press { deal_id, pointer_id: ev.pointer_id(), touch, start: at, last: at, card, active: false, _hold: hold, scroll: None });
        }
    };

    let on_pointer_move = {
        let press = press.clone();
        let finish = finish.clone();
        move |ev: leptos::ev::PointerEvent| {
            let at = (f64::from(ev.client_x()), f64::from(ev.client_y()));
            let (start_drag, cancel, moving) = {
                let mut guard = press.borrow_mut();
                let Some(p) = guard.as_mut() else { return };
                if p.pointer_id != ev.pointer_id() {
                    return;
                }
                p.last = at;
                let far = (at.0 - p.start.0).hypot(at.1 - p.start.1) > SLOP_PX;
                (!p.active && !p.touch && far, !p.active && p.touch && far, p.active.then(|| p.deal_id.clone()))
            };
            if cancel {
                // The finger moved before the hold: it is scrolling.
                finish(false);
            } else if start_drag {
                activate();
            } else if let Some(id) = moving {
                ev.prevent_default();
                ghost_pos.set(at);
                let t = locate(at.0, at.1, &id);
                if t != target.get_untracked() {
                    target.set(t);
                }
            }
        }
    };

    let on_pointer_up = {
        let finish = finish.clone();
        move |_: leptos::ev::PointerEvent| finish(true)
    };
    let on_pointer_cancel = {
        let finish = finish.clone();
        move |_: leptos::ev::PointerEvent| finish(false)
    };
    // Once a touch drag has started, the finger must not scroll the page: a non-passive
    // touchmove listener on the board itself (delegated listeners at the document are passive).
    let touch_guard = StoredValue::new_local(None::<gloo::events::EventListener>);
    {
        let press = press.clone();
        Effect::new(move |_| {
            let Some(board) = board_ref.get() else { return };
            let press = press.clone();
            let listener = gloo::events::EventListener::new_with_options(
                &board,
                "touchmove",
                gloo::events::EventListenerOptions::enable_prevent_default(),
                move |ev| {
                    if press.borrow().as_ref().is_some_and(|p| p.active) {
                        ev.prevent_default();
                    }
                },
            );
            touch_guard.set_value(Some(listener));
        });
    }
    let on_key = {
        let finish = finish.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            if ev.key() == "Escape" {
                finish(false);
                menu_for.set(None);
            }
        }
    };

    let card_ctx = CardCtx { book: book.clone(), moves, menu_for, last_moved, dragged: dragged_sel, drop_before, suppress_click, on_open };
    let stages_for_summary = open.clone();
    let today = today();
    view! {
        <div class="board" node_ref=board_ref data-testid="board"
            on:pointerdown=on_pointer_down on:pointermove=on_pointer_move on:pointerup=on_pointer_up
            on:pointercancel=on_pointer_cancel on:keydown=on_key>
            {stages_for_summary.into_iter().map(|stage| {
                let sid = stage.id.clone();
                let sid_end = stage.id.clone();
                let sid_new = stage.id.clone();
                let st = stage.clone();
                let column = Memo::new(move |_| columns.with(|c| c.get(&sid).cloned().unwrap_or_default()));
                let shown = RwSignal::new(CARDS_PER_PAGE);
                // The rendered part: a page or more, always down to the card moved last.
                let rendered = Memo::new(move |_| column.with(|ds| {
                    let moved = last_moved.with(|m| m.as_ref().and_then(|m| ds.iter().position(|d| &d.id == m)).map_or(0, |i| i + 1));
                    let n = shown.get().max(moved).min(ds.len());
                    (ds[..n].to_vec(), ds.get(n).map(|d| d.id.clone()), ds.len() - n)
                }));
                let more = move || shown.update(|n| *n += CARDS_PER_PAGE);
                let on_scroll = move |ev: leptos::ev::Event| {
                    let Some(body) = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
                    let near_end = body.scroll_top() + body.client_height() + 300 >= body.scroll_height();
                    if near_end && rendered.with_untracked(|r| r.2 > 0) {
                        more();
                    }
                };
                let summary = Memo::new(move |_| column.with(|ds| {
                    let total: crate::domain::Money = ds.iter().map(|d| d.amount).sum();
                    let weighted: crate::domain::Money = ds.iter().map(|d| d.weighted_in(&st)).sum();
                    (ds.len(), total, weighted)
                }));
                let ctx = card_ctx.clone();
                let stage_for_cards = stage.clone();
                let stage_name = stage.name.clone();
                view! {
                    <section class="column" data-drop-stage=stage.id.clone() data-testid="column" aria-label=stage.name.clone()>
                        <header class="column-header" style=format!("border-top-color:{}", stage.color)>
                            <div class="column-title">
                                <h2>{stage.name.clone()}</h2>
                                <span class="count" data-testid="column-count">{move || summary.get().0}</span>
                                <button class="icon-button" aria-label=move || format!("{} · {}", i18n.t(Key::NewDeal), stage_name)
                                    on:click=move |_| on_new.run(Some(sid_new.clone()))>"+"</button>
                            </div>
                            <div class="column-sums">
                                <span data-testid="column-total">{move || money_text(summary.get().1)}</span>
                                <span class="muted" title=move || i18n.t(Key::Weighted)>{move || format!("{} {}", i18n.t(Key::WeightedShort), money_text(summary.get().2))}</span>
                            </div>
                        </header>
                        <div class="column-body" on:scroll=on_scroll class:drop-end=move || target.with(|t| t.as_ref().is_some_and(|t| t.stage_id == sid_end && t.before.is_none()))>
                            <For each=move || rendered.with(|r| r.0.clone()) key=|d| (d.id.clone(), d.updated_at) let:deal>
                                <Card deal=deal stage=stage_for_cards.clone() ctx=ctx.clone() today=today />
                            </For>
                            {move || rendered.with(|r| r.1.clone().map(|next| {
                                let hidden = r.2;
                                view! {
                                    <button type="button" class="btn show-more" data-more=next on:click=move |_| more()>
                                        {move || match i18n.get() { Locale::Zh => format!("再显示（还有 {hidden} 个）"), Locale::En => format!("Show more ({hidden} more)") }}
                                    </button>
                                }
                            }))}
                            <Show when=move || column.with(Vec::is_empty)>
                                <p class="column-empty">{move || i18n.t(Key::DropHere)}</p>
                            </Show>
                        </div>
                    </section>
                }
            }).collect_view()}
        </div>
        <div class="drop-bar" class:visible=move || dragged.with(Option::is_some) aria-hidden="true">
            {[won, lost].into_iter().flatten().map(|s| {
                let id = s.id.clone();
                let over = move || target.with(|t| t.as_ref().is_some_and(|t| t.stage_id == id));
                view! {
                    <div class=format!("drop-zone drop-{}", crate::domain::enum_code(&s.kind)) class:over=over data-drop-stage=s.id.clone() data-testid=format!("drop-{}", crate::domain::enum_code(&s.kind))>
                        {s.name.clone()}
                    </div>
                }
            }).collect_view()}
        </div>
        {move || ghost.get().map(|g| view! {
            <div class="deal-card ghost" aria-hidden="true"
                style=move || { let (x, y) = ghost_pos.get(); format!("width:{}px;height:{}px;transform:translate({}px,{}px)", g.width, g.height, x - g.offset.0, y - g.offset.1) }>
                <div class="deal-title">{g.title.clone()}</div>
                <div class="deal-amount">{g.amount.clone()}</div>
            </div>
        })}
    }
}

#[derive(Clone)]
struct CardCtx {
    book: PipelineBook,
    moves: Moves,
    menu_for: RwSignal<Option<String>>,
    last_moved: RwSignal<Option<String>>,
    dragged: Selector<Option<String>>,
    drop_before: Selector<Option<String>>,
    suppress_click: StoredValue<f64>,
    on_open: Callback<String>,
}

/// One MAN answer on a card: its initial (预/权/需 in 简体中文), named in full for screen
/// readers and on hover.
fn man_badge(which: Key, a: Answer) -> impl IntoView {
    let i18n = use_i18n();
    let class = match a {
        Answer::Yes => "man man-yes",
        Answer::No => "man man-no",
        Answer::Unknown => "man man-unknown",
    };
    let letter = move || match (i18n.get(), which) {
        (Locale::Zh, Key::ManMoney) => "预",
        (Locale::Zh, Key::ManAuthority) => "权",
        (Locale::Zh, _) => "需",
        (Locale::En, Key::ManMoney) => "M",
        (Locale::En, Key::ManAuthority) => "A",
        (Locale::En, _) => "N",
    };
    let answer = match a {
        Answer::Yes => Key::Yes,
        Answer::No => Key::No,
        Answer::Unknown => Key::Unknown,
    };
    let full = move || format!("{}: {}", i18n.t(which), i18n.t(answer));
    view! { <span class=class title=full aria-label=full>{letter}</span> }
}

#[component]
fn Card(deal: Deal, stage: Stage, ctx: CardCtx, today: chrono::NaiveDate) -> impl IntoView {
    let i18n = use_i18n();
    let id = deal.id.clone();
    let stale = deal.is_stale(&stage, today);
    let overdue = deal.is_overdue(&stage, today);
    let days = deal.days_in_stage(today);
    let customer = ctx.book.customer_name(&deal.customer_id);
    let (dragged, drop_before, menu_for, suppress, on_open) = (ctx.dragged.clone(), ctx.drop_before.clone(), ctx.menu_for, ctx.suppress_click, ctx.on_open);
    let key_some = Some(id.clone());
    let key_some2 = key_some.clone();
    let id_click = id.clone();
    let id_key = id.clone();
    let id_menu = id.clone();
    let id_menu2 = id.clone();
    let label = match i18n.lang.get_untracked() {
        Locale::Zh => format!("{}，{customer}，{}，{}，本阶段 {days} 天", deal.title, money_text(deal.amount), stage.name),
        Locale::En => format!("{}, {customer}, {}, {}, {days} days in stage", deal.title, money_text(deal.amount), stage.name),
    };
    let title = deal.title.clone();
    view! {
        <article class="deal-card" data-deal-id=id.clone() tabindex="0" aria-label=label data-testid="deal-card"
            class:stale=stale class:overdue=overdue
            class:drag-source=move || dragged.selected(&key_some)
            class:drop-before=move || drop_before.selected(&key_some2)
            on:click=move |ev| {
                if js_sys::Date::now() - suppress.get_value() < CLICK_AFTER_DROP_MS { return; }
                // Clicks on the menu button or in the menu are theirs.
                let inner = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|t| !t.is_connected() || t.closest("button, [role=menu]").ok().flatten().is_some());
                if !inner { on_open.run(id_click.clone()); }
            }
            on:keydown=move |ev| {
                let own = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok()).is_some_and(|t| t.get_attribute("data-deal-id").is_some());
                if own && ev.key() == "Enter" { on_open.run(id_key.clone()); }
            }>
            <div class="deal-top">
                <div class="deal-title">{deal.title.clone()}</div>
                <button class="card-menu" aria-haspopup="menu" aria-expanded=move || (menu_for.with(|m| m.as_deref() == Some(id_menu.as_str()))).to_string()
                    aria-label=move || format!("{} “{}”", i18n.t(Key::MoveTo), title)
                    on:click=move |ev| {
                        ev.stop_propagation();
                        menu_for.update(|m| *m = if m.as_deref() == Some(id_menu2.as_str()) { None } else { Some(id_menu2.clone()) });
                    }>"⋯"</button>
            </div>
            <div class="deal-customer">{customer}</div>
            <div class="deal-meta">
                <strong class="deal-amount">{money_text(deal.amount)}</strong>
                <span class:overdue-text=overdue>{deal.expected_close.map(|c| c.format("%Y-%m-%d").to_string()).unwrap_or_default()}</span>
            </div>
            <div class="deal-badges">
                {man_badge(Key::ManMoney, deal.man.money)}{man_badge(Key::ManAuthority, deal.man.authority)}{man_badge(Key::ManNeed, deal.man.need)}
                <span class="days" title=move || i18n.t(Key::DaysInStage)>{move || match i18n.get() { Locale::Zh => format!("{days} 天"), Locale::En => format!("{days}d") }}</span>
                {stale.then(|| view! { <span class="tag tag-warn" data-testid="stale">{move || i18n.t(Key::Stale)}</span> })}
                {overdue.then(|| view! { <span class="tag tag-danger" data-testid="overdue">{move || i18n.t(Key::Overdue)}</span> })}
                {deal.event_id.as_ref().and_then(|e| ctx.book.events.get(e)).map(|name| view! {
                    <span class="tag tag-event cell-text" data-testid="event-tag" title=move || i18n.t(Key::QcEvent)>{name.clone()}</span>
                })}
            </div>
            {
                let id = id.clone();
                move || (menu_for.get().as_deref() == Some(id.as_str())).then(|| view! { <MoveMenu deal_id=id.clone() stage_id=stage.id.clone() ctx=ctx.clone() /> })
            }
        </article>
    }
}

/// The keyboard and screen-reader way to move a card: up, down, or to another stage.
#[component]
fn MoveMenu(deal_id: String, stage_id: String, ctx: CardCtx) -> impl IntoView {
    let i18n = use_i18n();
    let menu_ref = NodeRef::<leptos::html::Div>::new();
    Effect::new(move |_| {
        if let Some(m) = menu_ref.get() {
            if let Ok(Some(first)) = m.query_selector("button") {
                let _ = first.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        }
    });
    let moves = ctx.moves;
    let menu_for = ctx.menu_for;
    // Neighbours in the full column (filters aside), for up and down.
    let column: Vec<String> = moves.deals.with_untracked(|all| by_rank(all.iter().filter(|d| d.stage_id == stage_id)).into_iter().map(|d| d.id.clone()).collect());
    let at = column.iter().position(|d| *d == deal_id).unwrap_or(0);
    let up_before = (at > 0).then(|| column[at - 1].clone());
    let down_before = (at + 1 < column.len()).then(|| column.get(at + 2).cloned());
    let close_and_focus = {
        let deal_id = deal_id.clone();
        move || {
            // Focus goes to the card before the menu goes (a dialog the move opens gives it back
            // there), and again once a move has drawn the card in its new place.
            let sel = format!("[data-deal-id=\"{deal_id}\"]");
            let focus_card = move || {
                if let Ok(Some(card)) = document().query_selector(&sel) {
                    let _ = card.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            };
            focus_card();
            menu_for.set(None);
            request_animation_frame(move || {
                let lost = document().active_element().is_none_or(|a| a.tag_name() == "BODY");
                if lost {
                    focus_card();
                }
            });
        }
    };
    let last_moved = ctx.last_moved;
    let go = {
        let deal_id = deal_id.clone();
        let close = close_and_focus.clone();
        move |stage: String, before: Option<String>| {
            close();
            last_moved.set(Some(deal_id.clone()));
            moves.request(&deal_id, &stage, before.as_deref());
        }
    };
    // Another stage: the card goes on top of its column, where it is seen at once.
    let top_of = move |stage: &str| moves.deals.with_untracked(|all| by_rank(all.iter().filter(|d| d.stage_id == stage)).first().map(|d| d.id.clone()));
    let on_key = {
        let close = close_and_focus.clone();
        move |ev: leptos::ev::KeyboardEvent| {
            let key = ev.key();
            if key == "Escape" {
                ev.stop_propagation();
                close();
                return;
            }
            if key != "ArrowDown" && key != "ArrowUp" {
                return;
            }
            ev.prevent_default();
            let Some(menu) = menu_ref.get_untracked() else { return };
            let Ok(items) = menu.query_selector_all("button") else { return };
            let n = items.length();
            let active = document().active_element();
            let current = (0..n).find(|&i| items.item(i).map(|x| x.unchecked_into::<web_sys::Element>()) == active).unwrap_or(0);
            let next = if key == "ArrowDown" { (current + 1) % n } else { (current + n - 1) % n };
            if let Some(el) = items.item(next) {
                let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
            }
        }
    };
    let stages: Vec<Stage> = ctx.book.stages.iter().filter(|s| s.id != stage_id).cloned().collect();
    let (sid_up, sid_down) = (stage_id.clone(), stage_id.clone());
    let (go_up, go_down) = (go.clone(), go.clone());
    view! {
        <div class="move-menu" role="menu" node_ref=menu_ref on:keydown=on_key on:click=|ev| ev.stop_propagation()>
            {up_before.map(|b| view! {
                <button role="menuitem" on:click=move |_| go_up(sid_up.clone(), Some(b.clone()))>{move || i18n.t(Key::MoveUp)}</button>
            })}
            {down_before.map(|b| view! {
                <button role="menuitem" on:click=move |_| go_down(sid_down.clone(), b.clone())>{move || i18n.t(Key::MoveDown)}</button>
            })}
            {stages.into_iter().map(|s| {
                let go = go.clone();
                let id = s.id.clone();
                view! {
                    <button role="menuitem" on:click=move |_| go(id.clone(), top_of(&id))>
                        <span class="stage-dot" style=format!("background:{}", s.color)></span>
                        {move || format!("{} {}", i18n.t(Key::MoveToStage), s.name)}
                    </button>
                }
            }).collect_view()}
        </div>
    }
}
