//! Settings → seller profile 卖方信息: who sells, as every printed quote and contract shows it
//! (name, address, phone, e-mail, tax number 税号, bank 开户行 and account 账号, a logo).

use crate::domain::settings::{LogoRefused, SellerProfile, Settings, LOGO_MAX};
use crate::ui::actions;
use crate::ui::browser::read_data_url;
use crate::ui::components::{live_unless, loaded, Panel};
use crate::ui::i18n::{use_i18n, Key};
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use wasm_bindgen::JsCast;

#[component]
pub fn SellerPanel() -> impl IntoView {
    let i18n = use_i18n();
    let dirty = RwSignal::new(false);
    let settings = live_unless(dirty, |s| async move { s.settings().await });
    view! {
        <Panel title=Signal::derive(move || i18n.t(Key::SetSeller).to_string())>
            <p class="hint">{move || i18n.t(Key::SetSellerHint)}</p>
            {loaded(settings, move |s| view! { <SellerForm settings=s dirty=dirty /> })}
        </Panel>
    }
}

#[component]
fn SellerForm(settings: Settings, dirty: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let profile = RwSignal::new(settings.seller.clone());
    let logo_error = RwSignal::new(None::<String>);
    let busy = RwSignal::new(false);
    let base = StoredValue::new(settings);
    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if busy.get_untracked() {
            return;
        }
        let mut s = base.get_value();
        s.seller = profile.get_untracked();
        s.updated_at = Some(chrono::Utc::now());
        busy.set(true);
        spawn_local(async move {
            if actions::save(state, i18n.lang.get_untracked(), s).await {
                dirty.set(false);
            }
            busy.set(false);
        });
    };
    let pick_logo = move |ev: leptos::ev::Event| {
        let Some(input) = ev.target().and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok()) else { return };
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        let lang = i18n.lang.get_untracked();
        // Refused before reading when the file alone is too big.
        if file.size() > (LOGO_MAX * 3 / 4) as f64 {
            logo_error.set(Some(crate::ui::i18n::logo_refused(lang, &LogoRefused::TooLarge(file.size() as usize))));
            return;
        }
        spawn_local(async move {
            match read_data_url(&file).await.map_err(|_| LogoRefused::NotAnImage).and_then(|url| SellerProfile::check_logo(&url).map(|()| url)) {
                Ok(url) => {
                    logo_error.set(None);
                    dirty.set(true);
                    profile.update(|p| p.logo = url);
                }
                Err(why) => logo_error.set(Some(crate::ui::i18n::logo_refused(lang, &why))),
            }
        });
    };
    let field = move |label: Key, id: &'static str, get: fn(&SellerProfile) -> String, set: fn(&mut SellerProfile, String)| {
        view! {
            <div class="field">
                <label for=format!("seller-{id}")>{move || i18n.t(label)}</label>
                <input id=format!("seller-{id}") type="text" prop:value=move || profile.with(get)
                    on:input=move |ev| { dirty.set(true); let v = event_target_value(&ev); profile.update(|p| set(p, v)); } />
            </div>
        }
    };
    view! {
        <form novalidate on:submit=save data-testid="seller">
            <div class="form-grid">
                {field(Key::SellerName, "name", |p| p.name.clone(), |p, v| p.name = v)}
                {field(Key::SellerPhone, "phone", |p| p.phone.clone(), |p, v| p.phone = v)}
                {field(Key::SellerAddress, "address", |p| p.address.clone(), |p, v| p.address = v)}
                {field(Key::SellerEmail, "email", |p| p.email.clone(), |p, v| p.email = v)}
                {field(Key::SellerTaxNumber, "tax", |p| p.tax_number.clone(), |p, v| p.tax_number = v)}
                {field(Key::SellerBank, "bank", |p| p.bank.clone(), |p, v| p.bank = v)}
                {field(Key::SellerAccount, "account", |p| p.account.clone(), |p, v| p.account = v)}
            </div>
            <div class="logo-row">
                {move || profile.with(|p| (!p.logo.is_empty()).then(|| p.logo.clone())).map(|src| view! { <img class="logo-preview" src=src alt=move || i18n.t(Key::SellerLogo) /> })}
                <label class="btn" for="seller-logo">{move || i18n.t(Key::ChooseLogo)}</label>
                <input id="seller-logo" class="visually-hidden" type="file" accept="image/png,image/jpeg,image/webp" on:change=pick_logo />
                {move || profile.with(|p| !p.logo.is_empty()).then(|| view! {
                    <button type="button" class="btn" on:click=move |_| { dirty.set(true); profile.update(|p| p.logo.clear()); }>{i18n.t(Key::RemoveLogo)}</button>
                })}
            </div>
            {move || logo_error.get().map(|e| view! { <p class="field-error" role="alert">{e}</p> })}
            <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{move || i18n.t(Key::Save)}</button>
        </form>
    }
}
