//! Generic building blocks. Nothing here knows about a feature.

use crate::service::{Service, ServiceError};
use leptos::prelude::*;

/// Line icons drawn for this app on a 24×24 grid.
#[component]
pub fn Icon(name: &'static str) -> impl IntoView {
    let d = match name {
        "dashboard" => "M3 3h8v10H3zM13 3h8v6h-8zM13 11h8v10h-8zM3 15h8v6H3z",
        "customers" => "M9 11a4 4 0 1 0 0-8 4 4 0 0 0 0 8zM1 21v-1a6 6 0 0 1 6-6h4a6 6 0 0 1 6 6v1M17 3.5a4 4 0 0 1 0 7M23 21v-1a6 6 0 0 0-4-5.6",
        "products" => "M3 7l9-4 9 4-9 4-9-4zM3 7v10l9 4 9-4V7M12 11v10",
        "pipeline" => "M3 4h18l-7 8v6l-4 2v-8L3 4z",
        "contracts" => "M6 2h9l5 5v15H6zM14 2v6h6M9 13h8M9 17h8",
        "analytics" => "M4 20V10M10 20V4M16 20v-7M22 20H2",
        "settings" => "M12 15a3 3 0 1 0 0-6 3 3 0 0 0 0 6zM19.4 15a1.7 1.7 0 0 0 .3 1.8l.1.1a2 2 0 1 1-2.8 2.8l-.1-.1a1.7 1.7 0 0 0-1.8-.3 1.7 1.7 0 0 0-1 1.5V21a2 2 0 1 1-4 0v-.1a1.7 1.7 0 0 0-1.1-1.5 1.7 1.7 0 0 0-1.8.3l-.1.1a2 2 0 1 1-2.8-2.8l.1-.1a1.7 1.7 0 0 0 .3-1.8 1.7 1.7 0 0 0-1.5-1H3a2 2 0 1 1 0-4h.1a1.7 1.7 0 0 0 1.5-1.1 1.7 1.7 0 0 0-.3-1.8l-.1-.1a2 2 0 1 1 2.8-2.8l.1.1a1.7 1.7 0 0 0 1.8.3H9a1.7 1.7 0 0 0 1-1.5V3a2 2 0 1 1 4 0v.1a1.7 1.7 0 0 0 1 1.5 1.7 1.7 0 0 0 1.8-.3l.1-.1a2 2 0 1 1 2.8 2.8l-.1.1a1.7 1.7 0 0 0-.3 1.8V9a1.7 1.7 0 0 0 1.5 1H21a2 2 0 1 1 0 4h-.1a1.7 1.7 0 0 0-1.5 1z",
        "download" => "M12 3v12M7 10l5 5 5-5M4 21h16",
        "upload" => "M12 21V9M7 14l5-5 5 5M4 3h16",
        "trash" => "M3 6h18M8 6V4h8v2M6 6l1 15h10l1-15",
        "sparkles" => "M12 3l1.8 5.2L19 10l-5.2 1.8L12 17l-1.8-5.2L5 10l5.2-1.8zM19 15l.8 2.2L22 18l-2.2.8L19 21l-.8-2.2L16 18l2.2-.8z",
        "globe" => "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM2 12h20M12 2a15 15 0 0 1 0 20M12 2a15 15 0 0 0 0 20",
        "shield" => "M12 2l8 3v6c0 5-3.5 9.5-8 11-4.5-1.5-8-6-8-11V5z",
        "alert" => "M12 3l10 18H2zM12 10v5M12 18v.5",
        "check" => "M4 12l5 5L20 6",
        "plus" => "M12 5v14M5 12h14",
        "targets" => "M12 22a10 10 0 1 0 0-20 10 10 0 0 0 0 20zM12 17a5 5 0 1 0 0-10 5 5 0 0 0 0 10zM12 13a1 1 0 1 0 0-2 1 1 0 0 0 0 2z",
        "bell" => "M6 8a6 6 0 1 1 12 0c0 7 3 9 3 9H3s3-2 3-9M10 21h4",
        "events" => "M5 21V4M5 4h13l-3 4.5L18 13H5",
        "lock" => "M6 11h12v10H6zM8 11V7a4 4 0 0 1 8 0v4",
        "camera" => "M3 8h4l2-3h6l2 3h4v12H3zM12 17a4 4 0 1 0 0-8 4 4 0 0 0 0 8z",
        _ => "M4 4h16v16H4z",
    };
    view! {
        <svg class="icon" viewBox="0 0 24 24" aria-hidden="true" fill="none" stroke="currentColor"
            stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round">
            <path d=d />
        </svg>
    }
}

/// The keys of a modal dialog or drawer: Escape runs `escape`; Tab and Shift+Tab stay inside
/// it (past its last focusable element focus comes back to the first, and the reverse).
pub fn modal_keys(ev: &leptos::ev::KeyboardEvent, escape: impl FnOnce()) {
    use wasm_bindgen::JsCast;
    match ev.key().as_str() {
        "Escape" => escape(),
        "Tab" => {
            let Some(root) = ev.current_target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()) else { return };
            let Ok(list) = root.query_selector_all(
                "button:not([disabled]), input:not([disabled]):not([type=file]):not([type=hidden]), select:not([disabled]), textarea:not([disabled]), a[href], summary, [tabindex]:not([tabindex='-1'])",
            ) else {
                return;
            };
            // Only what Tab can reach: shown (hidden parts of a dialog have no boxes).
            let items: Vec<web_sys::HtmlElement> = (0..list.length())
                .filter_map(|i| list.item(i)?.dyn_into::<web_sys::HtmlElement>().ok())
                .filter(|e| e.tab_index() >= 0 && e.get_client_rects().length() > 0)
                .collect();
            let (Some(first), Some(last)) = (items.first(), items.last()) else { return };
            let active = document().active_element();
            let is = |e: &web_sys::HtmlElement| active.as_ref().is_some_and(|a| a == e.unchecked_ref::<web_sys::Element>());
            if !ev.shift_key() && is(last) {
                ev.prevent_default();
                let _ = first.focus();
            } else if ev.shift_key() && is(first) {
                ev.prevent_default();
                let _ = last.focus();
            }
        }
        _ => {}
    }
}

thread_local! {
    /// The open overlays, innermost last: each one's id, and what had focus when it opened.
    static OVERLAYS: std::cell::RefCell<Vec<(u64, Option<web_sys::HtmlElement>)>> = const { std::cell::RefCell::new(Vec::new()) };
    static NEXT_OVERLAY: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
}

/// Whether a dialog or drawer is open (the [`Modal`]s keep the list).
pub fn overlay_open() -> bool {
    OVERLAYS.with(|o| !o.borrow().is_empty())
}

/// What a [`Modal`] looks like.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum ModalKind {
    /// A small centred box.
    Dialog,
    /// A centred box for a table (scrolls inside).
    WideDialog,
    /// A side panel.
    Drawer,
    /// A wider side panel.
    WideDrawer,
}

/// How an open [`Modal`] is closed from inside it (a drawer's ×): asks first when the user has
/// typed something there that is not saved.
#[derive(Clone, Copy)]
pub struct Dismiss(Callback<()>);

/// Every dialog and drawer of the app: the backdrop, the panel with its role, focus moved
/// into it when it opens (to an `[autofocus]` element or the panel) and back to what opened it
/// when it closes, Tab kept inside, and Escape or a tap on the backdrop closing it — after
/// asking, when something was typed in it (or `unsaved` says so) and not saved. Only the
/// innermost open overlay hears Escape, wherever focus is.
#[component]
pub fn Modal(
    kind: ModalKind,
    /// The id of the element that names it.
    title_id: &'static str,
    /// Closes it (Escape, the backdrop and a drawer's × come here once nothing unsaved is lost).
    on_close: Callback<()>,
    /// A question that must be answered: `role="alertdialog"`.
    #[prop(optional)]
    alert: bool,
    /// Shown over an open drawer.
    #[prop(optional)]
    over: bool,
    /// Extra classes of the panel.
    #[prop(optional)]
    class: &'static str,
    #[prop(optional)]
    testid: &'static str,
    /// Whether it holds unsaved edits; without it, anything typed in it counts.
    #[prop(optional, into)]
    unsaved: Option<Signal<bool>>,
    children: Children,
) -> impl IntoView {
    use crate::ui::i18n::{use_i18n, Key};
    use wasm_bindgen::JsCast;
    let i18n = use_i18n();
    let id = NEXT_OVERLAY.with(|n| {
        n.set(n.get() + 1);
        n.get()
    });
    let opener = document().active_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    OVERLAYS.with(|o| o.borrow_mut().push((id, opener)));
    on_cleanup(move || {
        let opener = OVERLAYS.with(|o| {
            let mut o = o.borrow_mut();
            let at = o.iter().position(|(i, _)| *i == id)?;
            o.remove(at).1
        });
        if let Some(e) = opener.filter(|e| e.is_connected()) {
            let _ = e.focus();
        }
    });
    let typed = RwSignal::new(false);
    let asking = RwSignal::new(false);
    let panel = NodeRef::<leptos::html::Div>::new();
    let keep_ref = NodeRef::<leptos::html::Button>::new();
    let has_unsaved = move || unsaved.map_or_else(|| typed.get_untracked(), |u| u.get_untracked());
    // Where the user was when the question came: "Keep editing" goes back there.
    let was_at = StoredValue::new_local(None::<web_sys::HtmlElement>);
    let to_question = move || {
        if let Some(b) = keep_ref.get_untracked() {
            let _ = b.focus();
        }
    };
    let dismiss = move || {
        if asking.get_untracked() {
            // A second tap beside it: the question keeps the focus.
            to_question();
            return;
        }
        if has_unsaved() {
            was_at.set_value(document().active_element().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok()));
            asking.set(true);
        } else {
            on_close.run(());
        }
    };
    let keep_editing = move || {
        asking.set(false);
        let back = was_at.with_value(|w| w.clone()).filter(|e| e.is_connected() && panel.get_untracked().is_some_and(|p| p.contains(Some(e))));
        match (back, panel.get_untracked()) {
            (Some(e), _) => {
                let _ = e.focus();
            }
            (None, Some(p)) => {
                let _ = p.focus();
            }
            _ => {}
        }
    };
    provide_context(Dismiss(Callback::new(move |_| dismiss())));
    // The question, once shown, has the focus on its safe answer.
    Effect::new(move |_| {
        if let Some(b) = keep_ref.get() {
            let _ = b.focus();
        }
    });
    // Focus moves in (unless something inside already took it), so the keyboard works at once.
    Effect::new(move |_| {
        let Some(p) = panel.get() else { return };
        if document().active_element().is_some_and(|a| p.contains(Some(&a))) {
            return;
        }
        let first = p.query_selector("[autofocus]").ok().flatten().and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
        let _ = first.map_or_else(|| p.focus(), |e| e.focus());
    });
    // Escape, wherever focus is (on the page behind, after a click on a toast), goes to the
    // innermost overlay; Tab from outside comes back in.
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.default_prevented() || OVERLAYS.with(|o| o.borrow().last().map(|l| l.0)) != Some(id) {
            return;
        }
        let Some(p) = panel.get_untracked() else { return };
        match ev.key().as_str() {
            "Escape" => {
                ev.prevent_default();
                if asking.get_untracked() { keep_editing() } else { dismiss() }
            }
            "Tab" if asking.get_untracked() && !document().active_element().is_some_and(|a| a.closest(".modal-ask").ok().flatten().is_some()) => {
                ev.prevent_default();
                to_question();
            }
            "Tab" if !document().active_element().is_some_and(|a| p.contains(Some(&a))) => {
                ev.prevent_default();
                let _ = p.focus();
            }
            _ => {}
        }
    });
    on_cleanup(move || handle.remove());
    let panel_class = format!(
        "{}{}{}{}",
        match kind {
            ModalKind::Dialog => "dialog",
            ModalKind::WideDialog => "dialog dialog-wide",
            ModalKind::Drawer => "drawer",
            ModalKind::WideDrawer => "drawer drawer-wide",
        },
        if over { " over-drawer" } else { "" },
        if class.is_empty() { "" } else { " " },
        class
    );
    view! {
        <div class=if over { "backdrop over-drawer" } else { "backdrop" } on:click=move |_| dismiss()></div>
        <div class=panel_class role=if alert { "alertdialog" } else { "dialog" } aria-modal="true" aria-labelledby=title_id
            data-testid=(!testid.is_empty()).then_some(testid) tabindex="-1" node_ref=panel
            on:keydown=move |ev| if !asking.get_untracked() { modal_keys(&ev, || ()) }
            // While the question is open, nothing behind it takes the focus (a click on the
            // form under it, say).
            on:focusin=move |ev| {
                let outside = ev.target().and_then(|t| t.dyn_into::<web_sys::Element>().ok()).is_none_or(|t| t.closest(".modal-ask").ok().flatten().is_none());
                if asking.get_untracked() && outside { to_question() }
            }
            on:input=move |_| typed.set(true)>
            {children()}
            {move || asking.get().then(|| view! {
                <div class="modal-ask" role="alertdialog" aria-modal="true" aria-labelledby=format!("{title_id}-ask")
                    on:keydown=move |ev| modal_keys(&ev, || ())>
                    <div class="modal-ask-box">
                        <h3 id=format!("{title_id}-ask")>{move || i18n.t(Key::DiscardTitle)}</h3>
                        <p>{move || i18n.t(Key::DiscardBody)}</p>
                        <div class="dialog-actions">
                            <button type="button" class="btn btn-primary" node_ref=keep_ref on:click=move |_| keep_editing()>{move || i18n.t(Key::ConflictKeepEditing)}</button>
                            <button type="button" class="btn btn-danger" on:click=move |_| { asking.set(false); on_close.run(()); }>{move || i18n.t(Key::Discard)}</button>
                        </div>
                    </div>
                </div>
            })}
        </div>
    }
}

/// A drawer's title bar with its close button, and the toasts shown while it is open.
#[component]
pub fn DrawerHeader(title_id: &'static str, #[prop(into)] title: Signal<String>, on_close: Callback<()>) -> impl IntoView {
    use crate::ui::i18n::{use_i18n, Key};
    let i18n = use_i18n();
    let close = use_context::<Dismiss>().map_or(on_close, |d| d.0);
    view! {
        <header class="drawer-header">
            <h2 id=title_id>{move || title.get()}</h2>
            <button type="button" class="toast-close dark" aria-label=move || i18n.t(Key::Close) on:click=move |_| close.run(())>"×"</button>
        </header>
        <crate::ui::DrawerToasts />
    }
}

/// A side panel holding one form: its title and close button, the fields, "fix the marked
/// fields" while `show_fix`, and Delete (when offered), Cancel and Save. Escape, × or the backdrop
/// close it (asking first when something typed is unsaved).
#[component]
pub fn FormDrawer(
    /// The title's element id (the dialog is labelled by it).
    title_id: &'static str,
    #[prop(into)] title: Signal<String>,
    #[prop(optional)] wide: bool,
    on_close: Callback<()>,
    on_save: Callback<()>,
    #[prop(into)] show_fix: Signal<bool>,
    #[prop(default = None)] on_delete: Option<Callback<()>>,
    #[prop(optional, into)] busy: Signal<bool>,
    children: Children,
) -> impl IntoView {
    use crate::ui::i18n::{use_i18n, Key};
    let i18n = use_i18n();
    view! {
        <Modal kind=if wide { ModalKind::WideDrawer } else { ModalKind::Drawer } title_id=title_id on_close=on_close>
            // Our own messages, next to the field and in both languages, replace the browser's.
            <form novalidate on:submit=move |ev| { ev.prevent_default(); on_save.run(()); }>
                <DrawerHeader title_id=title_id title=title on_close=on_close />
                <div class="drawer-body">
                    {children()}
                    {move || show_fix.get().then(|| view! { <p class="error" role="alert">{i18n.t(Key::FixErrors)}</p> })}
                </div>
                <footer class="drawer-footer">
                    {on_delete.map(|delete| view! {
                        <button type="button" class="btn btn-danger-outline" on:click=move |_| delete.run(())>{move || i18n.t(Key::Delete)}</button>
                    })}
                    <span class="spacer"></span>
                    <button type="button" class="btn" on:click=move |_| on_close.run(())>{move || i18n.t(Key::Cancel)}</button>
                    <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{move || i18n.t(Key::Save)}</button>
                </footer>
            </form>
        </Modal>
    }
}

/// A modal confirmation. Escape or the backdrop cancels. The confirm button gets focus, except
/// in a destructive (`danger`) dialog: there Cancel has it, so Enter never destroys anything.
#[component]
pub fn ConfirmDialog(
    open: RwSignal<bool>,
    #[prop(into)] title: Signal<String>,
    #[prop(into)] body: Signal<String>,
    #[prop(into)] confirm_label: Signal<String>,
    #[prop(into)] cancel_label: Signal<String>,
    #[prop(optional)] danger: bool,
    on_confirm: Callback<()>,
) -> impl IntoView {
    let confirm_ref = NodeRef::<leptos::html::Button>::new();
    let cancel_ref = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if open.get() {
            if let Some(b) = if danger { cancel_ref.get() } else { confirm_ref.get() } {
                let _ = b.focus();
            }
        }
    });
    view! {
        <Show when=move || open.get()>
            <Modal kind=ModalKind::Dialog alert=true over=true title_id="dialog-title" on_close=Callback::new(move |_| open.set(false))>
                <h2 id="dialog-title">{move || title.get()}</h2>
                <p>{move || body.get()}</p>
                <div class="dialog-actions">
                    <button class="btn" node_ref=cancel_ref on:click=move |_| open.set(false)>{move || cancel_label.get()}</button>
                    <button
                        class=if danger { "btn btn-danger" } else { "btn btn-primary" }
                        node_ref=confirm_ref
                        on:click=move |_| {
                            open.set(false);
                            on_confirm.run(());
                        }
                    >
                        {move || confirm_label.get()}
                    </button>
                </div>
            </Modal>
        </Show>
    }
}

/// A titled card section.
#[component]
pub fn Panel(#[prop(into)] title: Signal<String>, children: Children) -> impl IntoView {
    view! {
        <section class="panel">
            <h2 class="panel-title">{move || title.get()}</h2>
            {children()}
        </section>
    }
}

/// Under a long list shown a page at a time: how many of how many show, and a button adding
/// `step` more. Nothing while every row shows.
#[component]
pub fn ShowMore(#[prop(into)] total: Signal<usize>, shown: RwSignal<usize>, step: usize) -> impl IntoView {
    use crate::ui::i18n::{showing_of, use_i18n, Key};
    let i18n = use_i18n();
    move || {
        let (total, now) = (total.get(), shown.get());
        (total > now).then(|| view! {
            <div class="list-more">
                <span class="hint">{showing_of(i18n.get(), now, total)}</span>
                <button type="button" class="btn" on:click=move |_| shown.update(|n| *n += step)>{i18n.t(Key::ShowMore)}</button>
            </div>
        })
    }
}

/// A headline figure.
#[component]
pub fn Kpi(
    #[prop(into)] label: Signal<String>,
    #[prop(into)] value: Signal<String>,
    icon: &'static str,
    #[prop(optional, into)] tone: Option<&'static str>,
) -> impl IntoView {
    view! {
        <div class=format!("kpi {}", tone.unwrap_or(""))>
            <div class="kpi-icon"><Icon name=icon /></div>
            <div>
                <div class="kpi-value">{move || value.get()}</div>
                <div class="kpi-label">{move || label.get()}</div>
            </div>
        </div>
    }
}

/// A read through the service, read again after every write the views should show.
pub fn live<T: 'static, F: std::future::Future<Output = Result<T, ServiceError>> + 'static>(
    read: impl Fn(Service) -> F + 'static,
) -> LocalResource<Result<T, ServiceError>> {
    let state = crate::ui::state::use_app();
    LocalResource::new(move || {
        state.revision.track();
        let pending = state.service().map(&read);
        async move { pending?.await }
    })
}

/// A button's action that needs the page's read: run at once when the read has arrived, else
/// as soon as it does. A click while the page still says "loading…" (a first visit, a big
/// book, a busy tablet) is kept, not dropped; if the read fails, the page already says why.
/// A kept click is let go when the user has moved on: Escape pressed, or another dialog or
/// drawer opened meanwhile (a form must not open over it and take the focus from its typing).
pub fn once_loaded<T, A>(
    resource: LocalResource<Result<T, ServiceError>>,
    act: impl Fn(A, T) + Send + Sync + 'static,
) -> Callback<A>
where
    T: Clone + 'static,
    A: Send + Sync + 'static,
{
    let act = std::sync::Arc::new(act);
    let wish = RwSignal::new(None::<A>);
    let later = act.clone();
    let escape = window_event_listener(leptos::ev::keydown, move |e| {
        if e.key() == "Escape" && wish.with_untracked(Option::is_some) {
            wish.set(None);
        }
    });
    on_cleanup(move || escape.remove());
    Effect::new(move |_| {
        if wish.with(Option::is_none) {
            return;
        }
        match resource.get() {
            Some(Ok(value)) => {
                if let Some(a) = wish.try_update_untracked(Option::take).flatten() {
                    if !overlay_open() {
                        later(a, value);
                    }
                }
            }
            Some(Err(_)) => wish.set(None),
            None => {}
        }
    });
    Callback::new(move |a: A| match resource.get_untracked() {
        Some(Ok(value)) => act(a, value),
        _ => wish.set(Some(a)),
    })
}

/// [`live`] for a form: while `dirty` (the user has typed), writes elsewhere do not reload it —
/// what they typed stays, and a save over another tab's change is refused with the conflict
/// dialog. Once clean again (saved, or discarded), it catches up with what is stored.
pub fn live_unless<T: 'static, F: std::future::Future<Output = Result<T, ServiceError>> + 'static>(
    dirty: impl Into<Signal<bool>>,
    read: impl Fn(Service) -> F + 'static,
) -> LocalResource<Result<T, ServiceError>> {
    let state = crate::ui::state::use_app();
    let dirty = dirty.into();
    count_unsaved(dirty);
    let gate = Memo::new(move |prev: Option<&u64>| if dirty.get() { prev.copied().unwrap_or(0) } else { state.revision.get() });
    LocalResource::new(move || {
        gate.track();
        let pending = state.service().map(&read);
        async move { pending?.await }
    })
}

/// How many forms on the page hold typing that is not saved ([`live_unless`] counts them).
static UNSAVED_FORMS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);

/// Keeps [`UNSAVED_FORMS`] while the form of `dirty` is on the page ([`live_unless`] does it
/// for its forms; a form without one calls it itself).
pub fn count_unsaved(dirty: Signal<bool>) {
    use std::sync::atomic::{AtomicBool, Ordering};
    let counted = std::sync::Arc::new(AtomicBool::new(false));
    let set = {
        let counted = counted.clone();
        move |now: bool| {
            if counted.swap(now, Ordering::Relaxed) != now {
                if now {
                    UNSAVED_FORMS.fetch_add(1, Ordering::Relaxed);
                } else {
                    UNSAVED_FORMS.fetch_sub(1, Ordering::Relaxed);
                }
            }
        }
    };
    let on_leave = set.clone();
    Effect::new(move |_| set(dirty.get()));
    on_cleanup(move || on_leave(false));
}

/// Whether reloading the page now would lose something typed: an open dialog or drawer, or a
/// form with unsaved changes.
pub fn unsaved_work() -> bool {
    overlay_open() || UNSAVED_FORMS.load(std::sync::atomic::Ordering::Relaxed) > 0
}

/// A screen that shows one live read: its title, then the data (or "loading", or why not).
pub fn screen<T: Clone + 'static, V: IntoView + 'static>(
    title: crate::ui::i18n::Key,
    data: LocalResource<Result<T, ServiceError>>,
    render: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView {
    let i18n = crate::ui::i18n::use_i18n();
    view! {
        <header class="page-header"><h1>{move || i18n.t(title)}</h1></header>
        {loaded(data, render)}
    }
}


/// A storage read on a page: "loading…" while it runs, the error in words if it failed,
/// else `render` of the value.
pub fn loaded<T, V>(
    resource: LocalResource<Result<T, ServiceError>>,
    render: impl Fn(T) -> V + Send + Sync + 'static,
) -> impl IntoView
where
    T: Clone + 'static,
    V: IntoView + 'static,
{
    use crate::ui::i18n::{service_error, use_i18n, Key};
    let i18n = use_i18n();
    view! {
        <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Key::Loading)}</p> }>
            {move || resource.get().map(|r| match r {
                Err(e) => view! { <p class="error" role="alert">{service_error(i18n.get(), &e)}</p> }.into_any(),
                Ok(value) => render(value).into_any(),
            })}
        </Transition>
    }
}

thread_local! {
    /// The book's currency (Settings → rules), read by every amount on screen and in print.
    static CURRENCY: std::cell::RefCell<crate::domain::money::Currency> = std::cell::RefCell::new(Default::default());
}

/// Makes `c` the currency amounts are shown in; true when it changed.
pub fn set_currency(c: &crate::domain::money::Currency) -> bool {
    CURRENCY.with(|cur| {
        let changed = *cur.borrow() != *c;
        if changed {
            *cur.borrow_mut() = c.clone();
        }
        changed
    })
}

/// The symbol of the book's currency: ¥, $, HK$.
pub fn currency_symbol() -> String {
    CURRENCY.with(|c| c.borrow().symbol.clone())
}

/// The code of the book's currency: CNY, USD.
pub fn currency_code() -> String {
    CURRENCY.with(|c| c.borrow().code.clone())
}

/// A label written for yuan ("Credit limit (¥)", "信用额度（元）") in the book's currency.
pub fn in_currency(label: &str) -> String {
    let symbol = currency_symbol();
    if symbol == "¥" {
        return label.to_string();
    }
    label.replace("(¥)", &format!("({symbol})")).replace("（元）", &format!("（{symbol}）"))
}

/// An amount in the book's currency: ¥1,234.50, $1,234.50.
pub fn money_text(m: crate::domain::Money) -> String {
    CURRENCY.with(|c| c.borrow().amount(m))
}

/// What a date field holds: its value, and whether the browser could not read what was typed
/// (then the value is empty, which must not pass for "no date").
pub fn date_input(ev: &leptos::ev::Event) -> (String, bool) {
    use wasm_bindgen::JsCast;
    match ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) {
        Some(input) => (input.value(), input.validity().bad_input()),
        None => (String::new(), false),
    }
}
