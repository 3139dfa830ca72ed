//! The installable, offline app as the page sees it: a new version waiting, the browser's
//! offer to install, whether this page works without a network. The page's own script
//! (public/index.html) keeps them in `window.salesdeskPwa` — some happen before the app has
//! loaded — and tells every change with a `salesdesk-pwa` event; the service worker
//! (public/sw.js) caches every file of the build.

use crate::ui::components::{unsaved_work, Icon, Panel};
use crate::ui::i18n::{use_i18n, Key};
use js_sys::{Function, Promise, Reflect};
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::{JsCast, JsValue};

/// What the page script knows, as signals.
#[derive(Clone, Copy)]
pub struct Pwa {
    /// A new version is installed and waits to be taken.
    pub update: RwSignal<bool>,
    /// The browser offers to install the app (`beforeinstallprompt`).
    pub offer: RwSignal<bool>,
    /// Installed (just now, or running as the installed app).
    pub installed: RwSignal<bool>,
}

fn script() -> Option<JsValue> {
    Reflect::get(&window(), &"salesdeskPwa".into()).ok().filter(JsValue::is_object)
}

fn field(name: &str) -> bool {
    script().and_then(|p| Reflect::get(&p, &name.into()).ok()).is_some_and(|v| v.is_truthy())
}

fn call(name: &str) -> Option<JsValue> {
    let pwa = script()?;
    let f: Function = Reflect::get(&pwa, &name.into()).ok()?.dyn_into().ok()?;
    f.call0(&pwa).ok()
}

async fn call_async(name: &str) -> Option<JsValue> {
    let promise: Promise = call(name)?.dyn_into().ok()?;
    wasm_bindgen_futures::JsFuture::from(promise).await.ok()
}

/// Running as the installed app (its own window, no browser address bar).
fn standalone() -> bool {
    window()
        .match_media("(display-mode: standalone)")
        .ok()
        .flatten()
        .is_some_and(|m| m.matches())
}

/// Reads the page script's state now and after each of its events, for the whole app.
pub fn provide_pwa() {
    let pwa = Pwa { update: RwSignal::new(false), offer: RwSignal::new(false), installed: RwSignal::new(false) };
    let read = move || {
        pwa.update.set(field("waiting"));
        pwa.offer.set(field("offer"));
        pwa.installed.set(field("installed") || standalone());
    };
    read();
    gloo::events::EventListener::new(&window(), "salesdesk-pwa", move |_| read()).forget();
    provide_context(pwa);
}

pub fn use_pwa() -> Pwa {
    expect_context::<Pwa>()
}

/// "A new version is ready": taken only when the user asks, and not while something typed
/// would be lost by the reload (an open form, unsaved changes) — then it says so instead.
#[component]
pub fn UpdateBar() -> impl IntoView {
    let i18n = use_i18n();
    let pwa = use_pwa();
    let later = RwSignal::new(false);
    let blocked = RwSignal::new(false);
    let reload = move |_| {
        if unsaved_work() {
            blocked.set(true);
        } else {
            call("update");
        }
    };
    view! {
        <Show when=move || pwa.update.get() && !later.get()>
            <div class="app-notice" role="status" data-testid="update-bar">
                <Icon name="download" />
                <div class="app-notice-text">
                    <strong>{move || i18n.t(Key::UpdateReady)}</strong>
                    <span class="hint" class:error=blocked>{move || i18n.t(if blocked.get() { Key::UpdateFinishFirst } else { Key::UpdateWhen })}</span>
                </div>
                <button type="button" class="btn btn-primary" on:click=reload>{move || i18n.t(Key::Reload)}</button>
                <button type="button" class="btn" on:click=move |_| later.set(true)>{move || i18n.t(Key::UpdateLater)}</button>
            </div>
        </Show>
    }
}

/// The browser's install offer as a button; shown only while there is one.
#[component]
pub fn InstallButton(class: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    let pwa = use_pwa();
    let install = move |_| {
        spawn_local(async move {
            if call_async("install").await.and_then(|o| o.as_string()).as_deref() == Some("accepted") {
                pwa.installed.set(true);
            }
        });
    };
    view! {
        <Show when=move || pwa.offer.get() && !pwa.installed.get()>
            <button type="button" class=class data-testid="install-app" on:click=install>
                <Icon name="download" />
                <span>{move || i18n.t(Key::InstallApp)}</span>
            </button>
        </Show>
    }
}

/// Settings: works offline or not (and the version it keeps), and installing.
#[component]
pub fn AppPanel() -> impl IntoView {
    let i18n = use_i18n();
    let pwa = use_pwa();
    let version = LocalResource::new(|| async { call_async("version").await.and_then(|v| v.as_string()) });
    let supported = Reflect::has(&window().navigator(), &"serviceWorker".into()).unwrap_or(false);
    view! {
        <Panel title=Signal::derive(move || i18n.t(Key::SetApp).to_string())>
            <Transition fallback=|| ()>
                {move || version.get().map(|v| {
                    let ready = v.is_some();
                    view! {
                        <p class="persist" class:persist-warn=!ready data-testid="offline-status">
                            <Icon name="shield" />
                            {move || i18n.t(match (ready, supported) {
                                (true, _) => Key::OfflineReady,
                                (false, true) => Key::OfflineNotYet,
                                (false, false) => Key::OfflineUnsupported,
                            })}
                        </p>
                        {v.map(|v| view! { <p class="hint" data-testid="app-version">{move || i18n.t(Key::AppVersion)}": "<span class="mono">{v.clone()}</span></p> })}
                    }
                })}
            </Transition>
            {move || if pwa.installed.get() {
                view! { <p class="hint ok" data-testid="app-installed">{i18n.t(Key::AppInstalled)}</p> }.into_any()
            } else if pwa.offer.get() {
                view! {
                    <InstallButton class="btn btn-primary" />
                    <p class="hint">{i18n.t(Key::InstallHint)}</p>
                }.into_any()
            } else {
                view! { <p class="hint">{i18n.t(Key::InstallElsewhere)}</p> }.into_any()
            }}
        </Panel>
    }
}
