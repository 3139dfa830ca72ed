//! The page for an address the app does not know: inside the shell, a sentence saying so and
//! the way home.

use crate::ui::components::Icon;
use crate::ui::i18n::{use_i18n, Key};
use crate::ui::router::Page;
use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="empty-state not-found">
            <Icon name="alert" />
            <h1>{move || i18n.t(Key::NotFoundTitle)}</h1>
            <p>{move || i18n.t(Key::NotFoundBody)}</p>
            <a class="btn btn-primary" href=Page::Dashboard.href()>{move || i18n.t(Key::BackToDashboard)}</a>
        </div>
    }
}
