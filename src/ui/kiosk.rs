//! Kiosk mode 展会模式: the tablet on a stand shows only a visitor self-registration form for
//! one event. It is kept in this browser's local storage (every tab of the app, reloads and
//! restarts show the kiosk, whatever the address), and only the PIN set when it started
//! leaves it — the PIN itself is never kept: a PBKDF2/AES-GCM check made from it is
//! (`domain::sealed`, WebCrypto).

use crate::domain::events::{Event, Registration};
use crate::domain::products::Product;
use crate::domain::sealed::{open, seal_with, SealError, ITERATIONS};
use crate::domain::Locale;
use crate::ui::components::{Icon, Modal, ModalKind};
use crate::ui::crypto::WebCrypto;
use crate::ui::i18n::{problem_text, service_error, use_i18n, Key};
use crate::ui::state::{use_app, DbStatus};
use leptos::prelude::*;
use leptos::task::spawn_local;
use serde::{Deserialize, Serialize};
use std::time::Duration;
use wasm_bindgen::JsCast;

/// The local-storage key of the kiosk lock.
const LOCK_KEY: &str = "salesdesk-kiosk";
/// What the PIN check seals: opening it proves the PIN.
const PIN_PLAIN: &str = "salesdesk-kiosk-pin";
/// Without a touch for this long, the form clears itself.
pub const IDLE: Duration = Duration::from_secs(60);
/// The thank-you screen stays this long.
const THANKS: Duration = Duration::from_secs(10);

/// The kiosk while it runs: its event and the check its PIN opens.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct KioskLock {
    pub event_id: String,
    pub pin_check: String,
    /// The staff's language when it started: a visitor's choice does not outlast the kiosk.
    #[serde(default)]
    pub lang: Option<Locale>,
}

fn storage() -> Option<web_sys::Storage> {
    window().local_storage().ok().flatten()
}

fn read_lock() -> Option<KioskLock> {
    storage()?.get_item(LOCK_KEY).ok().flatten().and_then(|t| serde_json::from_str(&t).ok())
}

/// Keeps (or, with `None`, removes) the lock; false when the browser refused to store it.
fn write_lock(lock: Option<&KioskLock>) -> bool {
    let Some(s) = storage() else { return false };
    match lock {
        Some(l) => serde_json::to_string(l).ok().is_some_and(|t| s.set_item(LOCK_KEY, &t).is_ok()),
        None => s.remove_item(LOCK_KEY).is_ok(),
    }
}

/// The kiosk lock as a signal for the whole app, following other tabs (a kiosk started or
/// left in one is started or left in all).
pub fn provide_kiosk() -> RwSignal<Option<KioskLock>> {
    let lock = RwSignal::new(read_lock());
    let handle = window_event_listener(leptos::ev::storage, move |_| {
        let now = read_lock();
        if now != lock.get_untracked() {
            lock.set(now);
        }
    });
    on_cleanup(move || handle.remove());
    provide_context(lock);
    lock
}

fn use_kiosk() -> RwSignal<Option<KioskLock>> {
    expect_context::<RwSignal<Option<KioskLock>>>()
}

/// The local-storage key of the wrong PINs in a row: (count, time of the last, ms).
const TRIES_KEY: &str = "salesdesk-kiosk-tries";

/// Seconds to wait before another PIN after `wrong` wrong ones in a row: none for the first
/// four, then 30 s, doubling, at most 15 minutes — a 4-digit PIN cannot be ground through.
pub fn pin_wait(wrong: u32) -> u64 {
    if wrong < 5 {
        0
    } else {
        (30u64 << (wrong - 5).min(5)).min(900)
    }
}

fn read_tries() -> (u32, f64) {
    storage().and_then(|s| s.get_item(TRIES_KEY).ok().flatten()).and_then(|t| serde_json::from_str(&t).ok()).unwrap_or((0, 0.0))
}

fn write_tries(tries: Option<(u32, f64)>) {
    if let Some(s) = storage() {
        let _ = match tries {
            Some(t) => s.set_item(TRIES_KEY, &serde_json::to_string(&t).unwrap_or_default()),
            None => s.remove_item(TRIES_KEY),
        };
    }
}

/// A PIN of 4 to 8 digits.
pub fn pin_ok(pin: &str) -> bool {
    (4..=8).contains(&pin.len()) && pin.bytes().all(|b| b.is_ascii_digit())
}

fn request_fullscreen() {
    let Some(root) = document().document_element() else { return };
    // A browser or a standalone app that refuses keeps the page as it is. The refusal comes
    // as a rejected promise (web-sys's binding drops it): it is caught here, not left unhandled.
    let Ok(request) = js_sys::Reflect::get(&root, &"requestFullscreen".into()).and_then(|f| f.dyn_into::<js_sys::Function>()) else { return };
    if let Ok(promise) = request.call0(&root).and_then(|p| p.dyn_into::<js_sys::Promise>()) {
        spawn_local(async move {
            let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
        });
    }
}

fn leave_fullscreen() {
    if document().fullscreen_element().is_some() {
        document().exit_fullscreen();
    }
}

/// The dialog that starts kiosk mode for `event`: what it does, and the PIN typed twice.
#[component]
pub fn StartKiosk(event: Event, on_close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let kiosk = use_kiosk();
    let (pin, pin2) = (RwSignal::new(String::new()), RwSignal::new(String::new()));
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let first = NodeRef::<leptos::html::Input>::new();
    let problem = move || {
        if !pin_ok(pin.get().trim()) {
            Some(("pin", Key::PinFormat))
        } else if pin.get().trim() != pin2.get().trim() {
            Some(("pin2", Key::PinMismatch))
        } else {
            None
        }
    };
    let error_for = move |field: &'static str| move || tried.get().then(problem).flatten().filter(|(f, _)| *f == field).map(|(_, k)| view! { <span class="field-error" role="alert">{i18n.t(k)}</span> });
    let event_id = event.id.clone();
    let start = move || {
        tried.set(true);
        if problem().is_some() || busy.get_untracked() {
            if let Some(i) = first.get_untracked() {
                if problem().is_some_and(|(f, _)| f == "pin") {
                    let _ = i.focus();
                }
            }
            return;
        }
        // Asked for while the click is still a user gesture.
        request_fullscreen();
        busy.set(true);
        let (pin, event_id) = (pin.get_untracked().trim().to_string(), event_id.clone());
        spawn_local(async move {
            let sealed = seal_with(&WebCrypto::new(), &pin, PIN_PLAIN, ITERATIONS).await;
            busy.set(false);
            match sealed {
                Ok(check) => {
                    let lock = KioskLock { event_id, pin_check: check, lang: Some(i18n.lang.get_untracked()) };
                    write_tries(None);
                    if write_lock(Some(&lock)) {
                        kiosk.set(Some(lock));
                        let _ = on_close.try_run(());
                    } else {
                        leave_fullscreen();
                        failed.set(Some(i18n.t(Key::StoreError).to_string()));
                    }
                }
                Err(e) => {
                    leave_fullscreen();
                    failed.set(Some(format!("{e:?}")));
                }
            }
        });
    };

    view! {
        <Modal kind=ModalKind::Dialog title_id="kiosk-start-title" on_close=on_close testid="start-kiosk">
            <form novalidate on:submit=move |ev| { ev.prevent_default(); start(); }>
                <h2 id="kiosk-start-title">{move || i18n.t(Key::StartKiosk)}" · "<span class="cell-text">{event.name.clone()}</span></h2>
                <p>{move || i18n.t(Key::KioskStartBody)}</p>
                <div class="form-grid">
                    <div class="field" class:invalid=move || error_for("pin")().is_some()>
                        <label for="kiosk-pin">{move || i18n.t(Key::KioskPin)}</label>
                        <input id="kiosk-pin" node_ref=first type="password" inputmode="numeric" autocomplete="off" maxlength="8" pattern="[0-9]*"
                            prop:value=move || pin.get() on:input=move |ev| pin.set(event_target_value(&ev)) />
                        {error_for("pin")}
                    </div>
                    <div class="field" class:invalid=move || error_for("pin2")().is_some()>
                        <label for="kiosk-pin2">{move || i18n.t(Key::KioskPin2)}</label>
                        <input id="kiosk-pin2" type="password" inputmode="numeric" autocomplete="off" maxlength="8" pattern="[0-9]*"
                            prop:value=move || pin2.get() on:input=move |ev| pin2.set(event_target_value(&ev)) />
                        {error_for("pin2")}
                    </div>
                </div>
                {move || failed.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                <div class="dialog-actions">
                    <button type="button" class="btn btn-large" on:click=move |_| on_close.run(())>{move || i18n.t(Key::Cancel)}</button>
                    <button type="submit" class="btn btn-primary btn-large" disabled=move || busy.get()>
                        <Icon name="lock" />{move || if busy.get() { i18n.t(Key::KChecking) } else { i18n.t(Key::StartKiosk) }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}

/// What the kiosk shows: the form, the thank-you after a registration, or the staff's PIN.
#[derive(Clone, Copy, PartialEq)]
enum Phase {
    Form,
    Thanks,
}

/// The kiosk's event and the products shown at its stand, as last read.
#[derive(Clone, PartialEq)]
enum Stand {
    Loading,
    Ready(Event, Vec<Product>),
    /// The event is not in the book (erased, replaced by a backup).
    Gone,
    Failed(String),
}

/// The whole screen in kiosk mode: nothing of the rest of the app is rendered.
#[component]
pub fn KioskScreen() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let exiting = RwSignal::new(false);
    let message = move |text: String| view! {
        <KioskHeader event=None />
        <p class="kiosk-message" role="alert">{text}</p>
    };
    view! {
        <div class="kiosk" data-testid="kiosk">
            {move || match state.status.get() {
                DbStatus::Ready => view! { <KioskStand exiting=exiting /> }.into_any(),
                DbStatus::Failed(e) => message(crate::ui::i18n::storage_error(i18n.get(), &e)).into_any(),
                DbStatus::ClosedByOtherTab => message(i18n.t(Key::OtherTabUpgraded).to_string()).into_any(),
                DbStatus::Opening => message(i18n.t(Key::Opening).to_string()).into_any(),
            }}
            <footer class="kiosk-footer">
                <button type="button" class="kiosk-exit" on:click=move |_| exiting.set(true)><Icon name="lock" />{move || i18n.t(Key::KExit)}</button>
            </footer>
            <Show when=move || exiting.get()>
                <ExitKiosk on_close=Callback::new(move |_| exiting.set(false)) />
            </Show>
        </div>
    }
}

/// The kiosk's top bar: the event, and the visitor's choice of language.
#[component]
fn KioskHeader(event: Option<Event>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <header class="kiosk-header">
            <div class="kiosk-event">
                <span class="brand-mark">"销"</span>
                {event.map(|e| view! { <div><strong class="cell-text">{e.name.clone()}</strong><small class="cell-text">{e.place.clone()}</small></div> })}
            </div>
            <div class="kiosk-langs" role="group" aria-label="Language / 语言">
                {[(Locale::Zh, "中文"), (Locale::En, "English")].into_iter().map(|(l, label)| view! {
                    <button type="button" class="btn kiosk-lang" aria-pressed=move || (i18n.lang.get() == l).to_string() on:click=move |_| i18n.lang.set(l)>{label}</button>
                }).collect_view()}
            </div>
        </header>
    }
}

/// The kiosk's event read from the book (once it is open), and its form.
#[component]
fn KioskStand(exiting: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let kiosk = use_kiosk();
    let event_id = move || kiosk.with(|k| k.as_ref().map(|k| k.event_id.clone()).unwrap_or_default());
    let stand = crate::ui::components::live(move |s| {
        let id = event_id();
        async move {
            let event = s.stored::<Event>(&id).await?;
            let products = s.products().await?;
            Ok(event.map(|e| {
                let shown: Vec<Product> = e.products.iter().filter_map(|id| products.iter().find(|p| &p.id == id).cloned()).collect();
                (e, shown)
            }))
        }
    });
    // Rebuilt only when what it shows changed: a write (this registration's, another tab's)
    // re-reads the book but must not clear a form being filled in.
    let shown = Memo::new(move |_| match stand.get() {
        None => Stand::Loading,
        Some(Ok(Some((e, p)))) => Stand::Ready(e, p),
        Some(Ok(None)) => Stand::Gone,
        Some(Err(e)) => Stand::Failed(service_error(i18n.get(), &e)),
    });
    move || match shown.get() {
        Stand::Ready(event, products) => view! { <KioskHeader event=Some(event.clone()) /><KioskForm event=event products=products exiting=exiting /> }.into_any(),
        Stand::Gone => view! { <KioskHeader event=None /><p class="kiosk-message" role="alert">{move || i18n.t(Key::KNotReady)}</p> }.into_any(),
        Stand::Failed(e) => view! { <KioskHeader event=None /><p class="kiosk-message" role="alert">{e}</p> }.into_any(),
        Stand::Loading => view! { <KioskHeader event=None /><p class="kiosk-message muted">{move || i18n.t(Key::Opening)}</p> }.into_any(),
    }
}

/// The registration form, its thank-you screen, and the inactivity reset.
#[component]
fn KioskForm(event: Event, products: Vec<Product>, exiting: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let name = RwSignal::new(String::new());
    let company = RwSignal::new(String::new());
    let title = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let email = RwSignal::new(String::new());
    let note = RwSignal::new(String::new());
    let interests = RwSignal::new(Vec::<String>::new());
    let consent = RwSignal::new(false);
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let failed = RwSignal::new(None::<String>);
    let phase = RwSignal::new(Phase::Form);
    let reg = move || Registration {
        name: name.get(),
        company: company.get(),
        title: title.get(),
        phone: phone.get(),
        email: email.get(),
        interests: interests.get(),
        note: note.get(),
        consent: consent.get(),
    };
    let blank = move || {
        for s in [name, company, title, phone, email, note] {
            s.set(String::new());
        }
        interests.set(Vec::new());
        consent.set(false);
        tried.set(false);
        failed.set(None);
        phase.set(Phase::Form);
        exiting.set(false);
        window().scroll_to_with_x_and_y(0.0, 0.0);
        // Nobody's focus or on-screen keyboard is left behind.
        if let Some(el) = document().active_element() {
            if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                let _ = el.blur();
            }
        }
    };
    // One timer: the inactivity reset, or the end of the thank-you screen.
    let timer = StoredValue::new(None::<TimeoutHandle>);
    let arm = move |after: Duration| {
        if let Some(t) = timer.get_value() {
            t.clear();
        }
        timer.set_value(set_timeout_with_handle(blank, after).ok());
    };
    arm(IDLE);
    on_cleanup(move || {
        if let Some(t) = timer.try_get_value().flatten() {
            t.clear();
        }
    });
    // Any touch or key anywhere on the screen (the header, the staff's PIN dialog too) counts.
    let touched = move || {
        if phase.get_untracked() == Phase::Form {
            arm(IDLE);
        }
    };
    let listeners = [
        window_event_listener(leptos::ev::pointerdown, move |_| touched()),
        window_event_listener(leptos::ev::keydown, move |_| touched()),
        window_event_listener(leptos::ev::input, move |_| touched()),
    ];
    on_cleanup(move || listeners.into_iter().for_each(|l| l.remove()));
    let error_for = move |field: &'static str| {
        move || {
            if !tried.get() {
                return None;
            }
            let r = reg();
            r.validate().into_iter().find(|p| p.field == field).map(|p| match (field, &p.problem) {
                ("phone", crate::domain::validation::Problem::Required) => i18n.t(Key::KReachRequired).to_string(),
                ("consent", _) => i18n.t(Key::KConsentRequired).to_string(),
                _ => problem_text(i18n.get(), &p.problem),
            })
        }
    };
    let event_id = event.id.clone();
    let submit = move || {
        tried.set(true);
        failed.set(None);
        let r = reg();
        if let Some(first) = r.validate().first() {
            if let Some(el) = document().get_element_by_id(&format!("k-{}", first.field)) {
                if let Ok(el) = wasm_bindgen::JsCast::dyn_into::<web_sys::HtmlElement>(el) {
                    let _ = el.focus();
                }
            }
            return;
        }
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        let (lang, event_id) = (i18n.lang.get_untracked(), event_id.clone());
        spawn_local(async move {
            let result = match state.service() {
                Ok(s) => s.register_visitor(&event_id, &r, lang).await,
                Err(e) => Err(e),
            };
            busy.set(false);
            match result {
                Ok(Some(_)) => {
                    state.changed();
                    blank();
                    phase.set(Phase::Thanks);
                    arm(THANKS);
                }
                Ok(None) => tried.set(true),
                // Said here: the kiosk shows no toasts. What was typed stays.
                Err(e) => failed.set(Some(service_error(lang, &e))),
            }
        });
    };
    // A public form: the browser keeps nothing typed here to offer the next visitor (no
    // autofill, no form history); the keyboard still fits each field. The e-mail is a text
    // field with the e-mail keyboard, so an international domain stays as typed.
    let text_field = move |id: &'static str, label: Key, signal: RwSignal<String>, kind: &'static str, mode: &'static str| {
        let field = id.trim_start_matches("k-");
        view! {
            <div class="field kiosk-field" class:invalid=move || error_for(field)().is_some()>
                <label for=id>{move || i18n.t(label)}</label>
                <input id=id type=kind inputmode=mode autocomplete="off" spellcheck="false" enterkeyhint="next"
                    autocapitalize=if kind == "text" { "words" } else { "off" }
                    aria-invalid=move || error_for(field)().is_some().to_string()
                    prop:value=move || signal.get() on:input=move |ev| signal.set(event_target_value(&ev)) />
                {move || error_for(field)().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
            </div>
        }
    };
    let has_products = !products.is_empty();
    let consent_text = event.consent_text.clone();
    view! {
        <main class="kiosk-main">
            <section class="kiosk-thanks" role="status" data-testid="kiosk-thanks" hidden=move || phase.get() != Phase::Thanks>
                    <div class="kiosk-thanks-mark"><Icon name="check" /></div>
                    <h1>{move || i18n.t(Key::KThanks)}</h1>
                    <p>{move || i18n.t(Key::KThanksBody)}</p>
                    <button type="button" class="btn btn-primary btn-kiosk" on:click=move |_| { blank(); arm(IDLE); }>{move || i18n.t(Key::KNext)}</button>
            </section>
                <form class="kiosk-form" autocomplete="off" hidden=move || phase.get() != Phase::Form novalidate on:submit=move |ev| { ev.prevent_default(); submit(); }>
                    <h1>{move || i18n.t(Key::KioskWelcome)}</h1>
                    <p class="kiosk-intro">{move || i18n.t(Key::KioskIntro)}</p>
                    <div class="kiosk-grid">
                        {text_field("k-name", Key::KName, name, "text", "text")}
                        {text_field("k-company", Key::KCompany, company, "text", "text")}
                        {text_field("k-phone", Key::KPhone, phone, "tel", "tel")}
                        {text_field("k-email", Key::KEmail, email, "text", "email")}
                        <p class="hint kiosk-reach">{move || i18n.t(Key::KReachHint)}</p>
                        {text_field("k-title", Key::KTitle, title, "text", "text")}
                    </div>
                    {has_products.then(|| view! {
                        <fieldset class="kiosk-interests">
                            <legend>{move || i18n.t(Key::KInterests)}</legend>
                            <div class="chips chips-large">
                                {products.iter().map(|p| {
                                    let id = p.id.clone();
                                    let on = { let id = id.clone(); move || interests.with(|k| k.contains(&id)) };
                                    view! {
                                        <button type="button" class="chip chip-large" aria-pressed=move || on().to_string()
                                            on:click=move |_| interests.update(|k| if k.contains(&id) { k.retain(|x| x != &id) } else { k.push(id.clone()) })>
                                            <span class="chip-tick" aria-hidden="true"><Icon name="check" /></span>
                                            <span class="cell-text">{p.name.clone()}</span>
                                        </button>
                                    }
                                }).collect_view()}
                            </div>
                        </fieldset>
                    })}
                    <div class="field kiosk-field" class:invalid=move || error_for("note")().is_some()>
                        <label for="k-note">{move || i18n.t(Key::KNote)}</label>
                        <textarea id="k-note" rows="3" autocomplete="off" prop:value=move || note.get() on:input=move |ev| note.set(event_target_value(&ev))></textarea>
                        {move || error_for("note")().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
                    </div>
                    <section class="kiosk-consent" class:invalid=move || error_for("consent")().is_some()>
                        <h2>{move || i18n.t(Key::KConsentTitle)}</h2>
                        <p class="consent-text" data-testid="consent-text">{consent_text.clone()}</p>
                        <label class="kiosk-check" for="k-consent">
                            <input id="k-consent" type="checkbox" prop:checked=move || consent.get() on:change=move |ev| consent.set(event_target_checked(&ev)) />
                            <span>{move || i18n.t(Key::KConsent)}</span>
                        </label>
                        {move || error_for("consent")().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
                    </section>
                    {move || failed.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
                    <button type="submit" class="btn btn-primary btn-kiosk" disabled=move || busy.get()>{move || i18n.t(Key::KSubmit)}</button>
                </form>
        </main>
    }
}

/// The staff's way out: the PIN, checked against the lock; right, the app comes back on the
/// event's report.
#[component]
fn ExitKiosk(on_close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let kiosk = use_kiosk();
    let route = crate::ui::router::use_route();
    let pin = RwSignal::new(String::new());
    let wrong = RwSignal::new(false);
    let waiting = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let input = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(i) = input.get() {
            let _ = i.focus();
        }
    });
    let check = move || {
        let Some(lock) = kiosk.get_untracked() else { return };
        if busy.get_untracked() {
            return;
        }
        wrong.set(false);
        let (tries, last) = read_tries();
        let now = js_sys::Date::now();
        waiting.set(now < last + pin_wait(tries) as f64 * 1000.0);
        if waiting.get_untracked() {
            return;
        }
        busy.set(true);
        let typed = pin.get_untracked().trim().to_string();
        spawn_local(async move {
            let opened = open(&WebCrypto::new(), &typed, &lock.pin_check).await;
            busy.set(false);
            match opened {
                Ok(text) if text == PIN_PLAIN => {
                    write_tries(None);
                    write_lock(None);
                    leave_fullscreen();
                    // The route first: the page the kiosk covered would otherwise come back
                    // and write its own address over this one.
                    let href = format!("#/events?report={}", String::from(js_sys::encode_uri_component(&lock.event_id)));
                    let _ = window().location().set_hash(&href);
                    route.set(crate::ui::router::Route::parse(&href));
                    if let Some(l) = lock.lang {
                        i18n.lang.set(l);
                    }
                    kiosk.set(None);
                }
                Ok(_) | Err(SealError::WrongPassword) | Err(_) => {
                    write_tries(Some((tries + 1, js_sys::Date::now())));
                    wrong.set(true);
                    pin.set(String::new());
                    if let Some(i) = input.get_untracked() {
                        let _ = i.focus();
                    }
                }
            }
        });
    };
    view! {
        <Modal kind=ModalKind::Dialog title_id="kiosk-exit-title" on_close=on_close testid="exit-kiosk">
            <form novalidate on:submit=move |ev| { ev.prevent_default(); check(); }>
                <h2 id="kiosk-exit-title">{move || i18n.t(Key::KExitTitle)}</h2>
                <p>{move || i18n.t(Key::KExitBody)}</p>
                <div class="field" class:invalid=move || wrong.get()>
                    <label for="kiosk-exit-pin">{move || i18n.t(Key::KEnterPin)}</label>
                    <input id="kiosk-exit-pin" node_ref=input type="password" inputmode="numeric" autocomplete="off" maxlength="8" pattern="[0-9]*"
                        prop:value=move || pin.get() on:input=move |ev| pin.set(event_target_value(&ev)) />
                    {move || wrong.get().then(|| view! { <span class="field-error" role="alert">{i18n.t(Key::KWrongPin)}</span> })}
                    {move || waiting.get().then(|| view! { <span class="field-error" role="alert">{i18n.t(Key::PinWait)}</span> })}
                </div>
                <div class="dialog-actions">
                    <button type="button" class="btn btn-large" on:click=move |_| on_close.run(())>{move || i18n.t(Key::Cancel)}</button>
                    <button type="submit" class="btn btn-primary btn-large" disabled=move || busy.get()>
                        {move || if busy.get() { i18n.t(Key::KChecking) } else { i18n.t(Key::KLeave) }}
                    </button>
                </div>
            </form>
        </Modal>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pins_are_four_to_eight_digits_and_wrong_ones_slow_down() {
        assert!(pin_ok("1357") && pin_ok("12345678"));
        assert!(!pin_ok("123") && !pin_ok("123456789") && !pin_ok("12a4") && !pin_ok("２４６８") && !pin_ok(""));
        assert_eq!((0..5).map(pin_wait).collect::<Vec<_>>(), [0, 0, 0, 0, 0]);
        assert_eq!((5..13).map(pin_wait).collect::<Vec<_>>(), [30, 60, 120, 240, 480, 900, 900, 900]);
        assert_eq!(pin_wait(u32::MAX), 900);
    }
}
