//! The Leptos UI: the shell, one module (or folder) per screen of the navigation, and the
//! generic components they use. Screens read and write through the service (`actions` runs
//! its commands), never the database.

pub mod actions;
pub mod browser;
pub mod components;
pub mod crypto;
pub mod i18n;
pub mod router;
pub mod state;

pub mod analytics;
pub mod contracts;
pub mod customers;
pub mod dashboard;
pub mod events;
pub mod kiosk;
pub mod documents;
pub mod import;
pub mod pipeline;
pub mod quick_lead;
pub mod products;
pub mod photo;
pub mod pwa;
pub mod reminders;
pub mod section;
pub mod settings;
pub mod targets;
pub mod tasks;
pub mod charts;

use crate::domain::Locale;
use crate::service::Service;
use crate::storage::{request_persistence, ChangeFeed, Db, DB_NAME};
use components::Icon;
use i18n::{storage_error, stored_field_label, use_i18n, I18n, Key};
use leptos::prelude::*;
use leptos::task::spawn_local;
use router::{provide_router, use_route, Page};
use state::{use_app, AppState, ConflictChoice, DbStatus, ToastAction, ToastKind};

pub fn mount() {
    leptos::mount::mount_to_body(App);
}

#[component]
pub fn App() -> impl IntoView {
    let lang = RwSignal::new(browser::initial_locale());
    provide_context(I18n { lang });
    Effect::new(move |_| browser::remember_locale(lang.get()));
    let state = AppState::new();
    provide_context(state);
    provide_router();
    pwa::provide_pwa();
    let kiosk = kiosk::provide_kiosk();
    let in_kiosk = Memo::new(move |_| kiosk.with(Option::is_some));

    spawn_local(async move {
        match Db::open(DB_NAME).await {
            Ok(db) => {
                db.close_on_version_change(move || state.status.set(DbStatus::ClosedByOtherTab));
                let service = Service::new(db);
                service.announce_on(ChangeFeed::new(move |_stores| {
                    state.changed_elsewhere();
                    state.toast(ToastKind::Info, Key::OtherTabChanged.text(lang.get_untracked()), None);
                }));
                // Amounts are shown in the book's currency from the first page on.
                if let Ok(settings) = service.settings().await {
                    components::set_currency(&settings.currency);
                }
                state.set_service(service);
            }
            Err(e) => state.status.set(DbStatus::Failed(e)),
        }
        state.persistence.set(Some(request_persistence().await));
    });

    // A currency changed in Settings (here or in another tab): every view shows it.
    let currency = components::live(|s| async move { s.settings().await.map(|s| s.currency) });
    Effect::new(move |_| {
        if let Some(Ok(c)) = currency.get() {
            if components::set_currency(&c) {
                state.changed();
            }
        }
    });

    // In kiosk mode nothing else of the app is rendered, whatever the address says.
    move || if in_kiosk.get() { view! { <kiosk::KioskScreen /> }.into_any() } else { view! {
        <div class="app">
            <Nav />
            <main class="main" id="main">
                <pwa::UpdateBar />
                {move || match state.status.get() {
                    DbStatus::Opening => view! { <div class="center muted">{move || use_i18n().t(Key::Opening)}</div> }.into_any(),
                    DbStatus::Ready => view! { <PageView /> }.into_any(),
                    DbStatus::Failed(e) => view! { <Blocked title=Key::StoreError detail=storage_error(lang.get(), &e) /> }.into_any(),
                    DbStatus::ClosedByOtherTab => view! { <Blocked title=Key::OtherTabUpgraded detail=String::new() /> }.into_any(),
                }}
            </main>
            <Show when=move || state.status.get() == DbStatus::Ready>
                <quick_lead::QuickLeadButton class="btn btn-primary fab" />
                <quick_lead::QuickLeadHost />
            </Show>
            <Show when=move || state.drawers.get() == 0><Toasts inline=false /></Show>
            <ConflictDialog />
        </div>
    }.into_any() }
}

#[component]
fn PageView() -> impl IntoView {
    let route = use_route();
    let page = Memo::new(move |_| route.with(|r| (r.page, r.id.clone())));
    move || match page.get().0 {
        Page::Dashboard => dashboard::DashboardPage().into_any(),
        Page::Settings => settings::SettingsPage().into_any(),
        Page::Customers => customers::CustomersPage().into_any(),
        Page::Customer => customers::detail::CustomerDetailPage().into_any(),
        Page::Reminders => reminders::RemindersPage().into_any(),
        Page::Products => products::ProductsPage().into_any(),
        Page::Analytics => analytics::AnalyticsPage().into_any(),
        Page::Targets => targets::TargetsPage().into_any(),
        Page::Events => events::EventsPage().into_any(),
        Page::Pipeline => pipeline::PipelinePage().into_any(),
        Page::Contracts => contracts::ContractsPage().into_any(),
        Page::NotFound => section::NotFoundPage().into_any(),
    }
}

pub fn page_title(page: Page) -> Key {
    match page {
        Page::Dashboard | Page::NotFound => Key::NavDashboard,
        Page::Reminders => Key::NavReminders,
        Page::Customers | Page::Customer => Key::NavCustomers,
        Page::Products => Key::NavProducts,
        Page::Pipeline => Key::NavPipeline,
        Page::Contracts => Key::NavContracts,
        Page::Analytics => Key::NavAnalytics,
        Page::Targets => Key::NavTargets,
        Page::Events => Key::NavEvents,
        Page::Settings => Key::NavSettings,
    }
}

/// The page's icon: named like its path, except these two.
pub fn page_icon_name(page: Page) -> &'static str {
    match page {
        Page::Dashboard | Page::NotFound => "dashboard",
        Page::Reminders => "bell",
        other => other.path(),
    }
}

#[component]
fn Nav() -> impl IntoView {
    let i18n = use_i18n();
    let route = use_route();
    view! {
        <nav class="nav" aria-label=move || i18n.t(Key::NavMenu)>
            <div class="brand">
                <span class="brand-mark">"销"</span>
                <span class="brand-text">
                    <strong>{move || i18n.t(Key::AppName)}</strong>
                    <small>{move || i18n.t(Key::AppTagline)}</small>
                </span>
            </div>
            <quick_lead::QuickLeadButton class="btn btn-primary nav-quick" />
            <ul>
                {Page::NAV
                    .into_iter()
                    .map(|p| {
                        let current = move || route.with(|r| r.page == p || (p == Page::Customers && r.page == Page::Customer));
                        view! {
                            <li>
                                <a
                                    href=p.href()
                                    class="nav-link"
                                    class:active=current
                                    aria-current=move || current().then_some("page")
                                >
                                    <Icon name=page_icon_name(p) />
                                    <span>{move || i18n.t(page_title(p))}</span>
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
            <pwa::InstallButton class="nav-link nav-install" />
        </nav>
    }
}

#[component]
fn Blocked(title: Key, detail: String) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="blocked" role="alert">
            <Icon name="alert" />
            <h1>{move || i18n.t(title)}</h1>
            <p>{detail}</p>
            <button class="btn btn-primary" on:click=|_| { let _ = window().location().reload(); }>
                {move || i18n.t(Key::Reload)}
            </button>
        </div>
    }
}

/// The reload-or-overwrite question of a save that found its record changed elsewhere: what
/// differs, field by field. Escape or the backdrop keeps editing; nothing is saved without a
/// choice.
#[component]
fn ConflictDialog() -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    let keep_ref = NodeRef::<leptos::html::Button>::new();
    Effect::new(move |_| {
        if state.conflict.with(Option::is_some) {
            if let Some(b) = keep_ref.get() {
                let _ = b.focus();
            }
        }
    });
    let answer = move |choice: ConflictChoice| {
        if let Some(prompt) = state.conflict.get_untracked() {
            prompt.answer(choice);
        }
    };
    view! {
        <Show when=move || state.conflict.with(Option::is_some)>
            {move || state.conflict.get().map(|prompt| {
                let lang = i18n.lang.get();
                let store = prompt.store;
                let (title, body) = if prompt.deleted {
                    (Key::ConflictDeletedTitle, Key::ConflictDeletedBody)
                } else {
                    (Key::ConflictTitle, Key::ConflictBody)
                };
                let table = (!prompt.deleted).then(|| if prompt.changes.is_empty() {
                    view! { <p>{i18n.t(Key::ConflictNoFieldDiffers)}</p> }.into_any()
                } else {
                    view! {
                        <div class="table-wrap">
                            <table class="table conflict-table">
                                <thead><tr>
                                    <th scope="col">{i18n.t(Key::ConflictField)}</th>
                                    <th scope="col">{i18n.t(Key::ConflictStored)}</th>
                                    <th scope="col">{i18n.t(Key::ConflictMine)}</th>
                                </tr></thead>
                                <tbody>
                                    {prompt.changes.iter().map(|c| view! {
                                        <tr>
                                            <th scope="row">{stored_field_label(lang, store, &c.field)}</th>
                                            <td>{c.stored.clone()}</td>
                                            <td>{c.mine.clone()}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        </div>
                    }.into_any()
                });
                let overwrite = if prompt.deleted { Key::ConflictRecreate } else { Key::ConflictOverwrite };
                view! {
                    <crate::ui::components::Modal kind=crate::ui::components::ModalKind::WideDialog alert=true over=true title_id="conflict-title"
                        on_close=Callback::new(move |_| answer(ConflictChoice::KeepEditing))>
                        <h2 id="conflict-title">{i18n.t(title)}</h2>
                        <p>{i18n.t(body)}</p>
                        {table}
                        <div class="dialog-actions">
                            <button class="btn" node_ref=keep_ref on:click=move |_| answer(ConflictChoice::KeepEditing)>{i18n.t(Key::ConflictKeepEditing)}</button>
                            <button class="btn" on:click=move |_| answer(ConflictChoice::Discard)>{i18n.t(Key::ConflictDiscard)}</button>
                            <button class="btn btn-primary" on:click=move |_| answer(ConflictChoice::Overwrite)>{i18n.t(overwrite)}</button>
                        </div>
                    </crate::ui::components::Modal>
                }
            })}
        </Show>
    }
}

/// The toasts of an open drawer, under its title (counted while it is open, so the page's own
/// toasts make way).
#[component]
pub fn DrawerToasts() -> impl IntoView {
    let state = use_app();
    state.drawers.update(|n| *n += 1);
    on_cleanup(move || {
        state.drawers.try_update(|n| *n = n.saturating_sub(1));
    });
    view! { <Toasts inline=true /> }
}

#[component]
fn Toasts(inline: bool) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    view! {
        <div class=if inline { "toasts inline" } else { "toasts" } role="status" aria-live="polite">
            <For each=move || state.toasts.get() key=|t| t.id let:toast>
                {
                    let id = toast.id;
                    let class = match toast.kind {
                        ToastKind::Success => "toast toast-success",
                        ToastKind::Error => "toast toast-error",
                        ToastKind::Info => "toast",
                    };
                    let action = toast.action.clone().map(|action| {
                        let label = match action {
                            ToastAction::RestoreData(_) | ToastAction::PutBack(_) => Key::Undo,
                            ToastAction::Reload => Key::Reload,
                            ToastAction::LogFollowUp { .. } => Key::LogIt,
                        };
                        view! {
                            <button class="btn btn-small" on:click=move |_| {
                                state.dismiss(id);
                                match action.clone() {
                                    ToastAction::RestoreData(data) => {
                                        let lang: Locale = i18n.lang.get_untracked();
                                        spawn_local(actions::restore_previous(state, lang, data));
                                    }
                                    ToastAction::PutBack(data) => {
                                        let lang: Locale = i18n.lang.get_untracked();
                                        spawn_local(actions::put_back(state, lang, data));
                                    }
                                    ToastAction::Reload => { let _ = window().location().reload(); }
                                    ToastAction::LogFollowUp { customer_id, channel, who } => {
                                        let href = crate::ui::customers::log_href(&customer_id, channel, &who);
                                        let _ = window().location().set_hash(&href);
                                    }
                                }
                            }>{move || i18n.t(label)}</button>
                        }
                    });
                    view! {
                        <div class=class>
                            <span>{toast.text.clone()}</span>
                            {action}
                            <button class="toast-close" aria-label=move || i18n.t(Key::DismissMessage) on:click=move |_| state.dismiss(id)>"×"</button>
                        </div>
                    }
                }
            </For>
        </div>
    }
}
