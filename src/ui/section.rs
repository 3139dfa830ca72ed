//! Contracts, whose features land in a later issue: the page already shows what is stored.

use crate::domain::StoreKind;
use crate::ui::actions;
use crate::ui::components::{Icon, live};
use crate::ui::i18n::{service_error, store_label, use_i18n, Key};
use crate::ui::router::Page;
use crate::ui::state::use_app;
use crate::ui::{page_title, page_icon_name};
use leptos::prelude::*;
use leptos::task::spawn_local;

fn stores_of(_page: Page) -> &'static [StoreKind] {
    &[StoreKind::Contracts, StoreKind::ContractTemplates]
}

#[component]
pub fn SectionPage(page: Page) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let counts = live(|s| async move { s.counts().await });
    let busy = RwSignal::new(false);
    view! {
        <header class="page-header">
            <h1>{move || i18n.t(page_title(page))}</h1>
        </header>
        <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Key::Loading)}</p> }>
            {move || counts.get().map(|result| match result {
                Err(e) => view! { <p class="error" role="alert">{service_error(i18n.get(), &e)}</p> }.into_any(),
                Ok(c) => {
                    let empty = c.total() == 0;
                    view! {
                        <div class="kpis">
                            {stores_of(page).iter().map(|k| {
                                let k = *k;
                                let n = c.get(k);
                                view! {
                                    <div class="kpi" data-store=k.name()>
                                        <div class="kpi-icon"><Icon name=page_icon_name(page) /></div>
                                        <div>
                                            <div class="kpi-value" data-testid=format!("count-{}", k.name())>{n}</div>
                                            <div class="kpi-label">{move || store_label(i18n.get(), k)}</div>
                                        </div>
                                    </div>
                                }
                            }).collect_view()}
                        </div>
                        <div class="empty-state">
                            <Icon name=page_icon_name(page) />
                            <p>{move || i18n.t(if empty { Key::EmptyHint } else { Key::PlaceholderContracts })}</p>
                            <Show when=move || empty>
                                <button class="btn btn-primary" disabled=move || busy.get() on:click=move |_| {
                                    busy.set(true);
                                    let lang = i18n.lang.get_untracked();
                                    spawn_local(async move {
                                        actions::load_demo(state, lang).await;
                                        busy.set(false);
                                    });
                                }>{move || i18n.t(Key::LoadDemo)}</button>
                            </Show>
                        </div>
                    }.into_any()
                }
            })}
        </Transition>
    }
}

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="empty-state">
            <h1>"404"</h1>
            <a class="btn btn-primary" href=Page::Dashboard.href()>{move || i18n.t(Key::NavDashboard)}</a>
        </div>
    }
}
