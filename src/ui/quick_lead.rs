//! Quick lead 快速记录线索, one tap from every page: a button in the navigation on desktop, a
//! floating button on touch screens, and the Q key outside text fields. The dialog takes a
//! person, their company (optional), a phone and the need.

use crate::domain::pipeline::lead::QuickLead;
use crate::domain::Locale;
use crate::ui::actions;
use crate::ui::components::{Icon, Modal, ModalKind};
use crate::ui::i18n::{problem_text, use_i18n, Key};
use crate::ui::state::{use_app, ToastKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

/// The key that opens the quick lead outside text fields.
pub const SHORTCUT: &str = "q";

/// The dialog while it is open, and the Q shortcut that opens it.
#[component]
pub fn QuickLeadHost() -> impl IntoView {
    let state = use_app();
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.default_prevented() || ev.ctrl_key() || ev.meta_key() || ev.alt_key() || ev.shift_key() || !ev.key().eq_ignore_ascii_case(SHORTCUT) {
            return;
        }
        // Not while typing, nor over another dialog or drawer.
        let typing = document().active_element().is_some_and(|e| {
            matches!(e.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT") || e.get_attribute("contenteditable").is_some()
        });
        let modal_open = crate::ui::components::overlay_open();
        if !typing && !modal_open && !state.quick_lead.get_untracked() {
            ev.prevent_default();
            state.quick_lead.set(true);
        }
    });
    on_cleanup(move || handle.remove());
    view! {
        <Show when=move || state.quick_lead.get()>
            <QuickCapture on_close=Callback::new(move |_| state.quick_lead.set(false)) />
        </Show>
    }
}

/// The button that opens the quick lead: `class` places it (in the navigation, or floating).
#[component]
pub fn QuickLeadButton(class: &'static str) -> impl IntoView {
    let state = use_app();
    let i18n = use_i18n();
    view! {
        <button type="button" class=class aria-keyshortcuts="q" title=move || format!("{} (Q)", i18n.t(Key::QuickCapture))
            on:click=move |_| state.quick_lead.set(true)>
            <Icon name="plus" />
            <span>{move || i18n.t(Key::QuickCapture)}</span>
        </button>
    }
}

/// Trade-show capture: the customer is found by phone or name (the person joins its contacts
/// when new to it), or created, and the deal lands in the first stage with source "trade show".
#[component]
fn QuickCapture(on_close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let person = RwSignal::new(String::new());
    let company = RwSignal::new(String::new());
    let phone = RwSignal::new(String::new());
    let need = RwSignal::new(String::new());
    let event = RwSignal::new(None::<String>);
    let photo = RwSignal::new(None::<crate::domain::photos::Picture>);
    let preparing = RwSignal::new(false);
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let first_ref = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(i) = first_ref.get() {
            let _ = i.focus();
        }
    });
    let lead = move || QuickLead { person: person.get(), company: company.get(), phone: phone.get(), need: need.get(), event_id: event.get() };
    let error_for = move |field: &str| {
        if !tried.get() {
            return None;
        }
        lead().validate().into_iter().find(|p| p.field == field).map(|p| problem_text(i18n.get(), &p.problem))
    };
    let save = move || {
        tried.set(true);
        let lead = lead();
        let problems = lead.validate();
        if problems.iter().any(|p| p.field == "person") {
            // The one field that must be filled gets the focus back.
            if let Some(i) = first_ref.get_untracked() {
                let _ = i.focus();
            }
        }
        // A photo still being prepared is waited for, never dropped.
        if !problems.is_empty() || busy.get_untracked() || preparing.get_untracked() {
            return;
        }
        busy.set(true);
        let lang = i18n.lang.get_untracked();
        spawn_local(async move {
            let picture = photo.get_untracked();
            let planned = actions::command(state, lang, async move |s| s.capture_lead(&lead, lang, picture).await).await;
            busy.set(false);
            if let Some(Some(plan)) = planned {
                // Isolated: a name with right-to-left marks cannot reorder the sentence around it.
                let who = format!("\u{2068}{}\u{2069}", plan.customer.name);
                let text = match (lang, plan.is_new, plan.contact_added) {
                    (Locale::Zh, true, _) => format!("已记录线索：{who}（新客户）"),
                    (Locale::Zh, false, true) => format!("已记录线索：{who}（已有客户，已添加联系人）"),
                    (Locale::Zh, false, false) => format!("已记录线索：{who}（已有客户）"),
                    (Locale::En, true, _) => format!("Lead captured: {who} (new customer)"),
                    (Locale::En, false, true) => format!("Lead captured: {who} (existing customer, contact added)"),
                    (Locale::En, false, false) => format!("Lead captured: {who} (existing customer)"),
                };
                // The phone found a customer of another name: say so, with what was typed.
                let text = match (lang, &plan.company_differs) {
                    (_, None) => text,
                    (Locale::Zh, Some(typed)) => format!("{text}。按电话号码匹配到该客户；填写的公司为“\u{2068}{typed}\u{2069}”"),
                    (Locale::En, Some(typed)) => format!("{text}. Matched by phone number; the company typed was “\u{2068}{typed}\u{2069}”"),
                };
                state.toast(ToastKind::Success, text, None);
                let _ = on_close.try_run(());
            }
        });
    };
    let field = move |id: &'static str, name: &'static str, label: Key, input: AnyView| {
        view! {
            <div class="field" class:invalid=move || error_for(name).is_some()>
                <label for=id>{move || i18n.t(label)}</label>
                {input}
                {move || error_for(name).map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
            </div>
        }
    };
    view! {
        <Modal kind=ModalKind::Dialog class="quick-capture" title_id="qc-title" on_close=on_close>
            <form novalidate on:submit=move |ev| { ev.prevent_default(); save(); }>
                <h2 id="qc-title">{move || i18n.t(Key::QuickCapture)}</h2>
                <p class="hint">{move || i18n.t(Key::QuickCaptureHint)}</p>
                {field("qc-person", "person", Key::QcPerson, view! {
                    <input id="qc-person" type="text" autocomplete="off" autocapitalize="words" node_ref=first_ref enterkeyhint="next"
                        prop:value=move || person.get() on:input=move |ev| person.set(event_target_value(&ev)) />
                }.into_any())}
                {field("qc-company", "company", Key::QcCompany, view! {
                    <input id="qc-company" type="text" autocomplete="off" enterkeyhint="next"
                        prop:value=move || company.get() on:input=move |ev| company.set(event_target_value(&ev)) />
                }.into_any())}
                {field("qc-phone", "phone", Key::FPhone, view! {
                    <input id="qc-phone" type="tel" inputmode="tel" autocomplete="off" enterkeyhint="next"
                        prop:value=move || phone.get() on:input=move |ev| phone.set(event_target_value(&ev)) />
                }.into_any())}
                {field("qc-need", "need", Key::QcNeed, view! {
                    <input id="qc-need" type="text" autocomplete="off" enterkeyhint="done"
                        prop:value=move || need.get() on:input=move |ev| need.set(event_target_value(&ev)) />
                }.into_any())}
                <crate::ui::events::EventPicker chosen=event />
                <div class="field">
                    {move || match photo.get() {
                        Some(p) => view! {
                            <div class="photo-preview">
                                <img src=p.src() alt=move || i18n.t(Key::CardPhotoAlt) />
                                <span class="hint">{move || i18n.t(Key::CardPhotoReady)}</span>
                                <button type="button" class="btn btn-small" on:click=move |_| photo.set(None)>{move || i18n.t(Key::RemovePhoto)}</button>
                            </div>
                        }.into_any(),
                        None => view! {
                            <crate::ui::photo::PhotoButton id="qc-photo" busy=preparing on_pick=Callback::new(move |p| photo.set(Some(p))) label=Signal::derive(move || i18n.t(Key::AddCardPhoto).to_string()) />
                        }.into_any(),
                    }}
                </div>
                <div class="dialog-actions">
                    <button type="button" class="btn btn-large" on:click=move |_| on_close.run(())>{move || i18n.t(Key::Cancel)}</button>
                    <button type="submit" class="btn btn-primary btn-large" disabled=move || busy.get() || preparing.get()>{move || i18n.t(Key::SaveLead)}</button>
                </div>
            </form>
        </Modal>
    }
}
