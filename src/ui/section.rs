//! The page for an address the app does not know.

use crate::ui::i18n::{use_i18n, Key};
use crate::ui::router::Page;
use leptos::prelude::*;

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
