//! Small browser helpers for the UI: downloads, reading picked files, remembered preferences.

use crate::domain::Locale;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

const LANG_KEY: &str = "salesdesk.lang";

/// Saves `text` as a file through the browser's download.
pub fn download(file_name: &str, mime: &str, text: &str) -> Result<(), String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).map_err(|e| format!("{e:?}"))?;
    let url = web_sys::Url::create_object_url_with_blob(&blob).map_err(|e| format!("{e:?}"))?;
    let document = leptos::prelude::document();
    let a: web_sys::HtmlAnchorElement =
        document.create_element("a").map_err(|e| format!("{e:?}"))?.unchecked_into();
    a.set_href(&url);
    a.set_download(file_name);
    a.style().set_property("display", "none").ok();
    document.body().map(|b| b.append_child(&a));
    a.click();
    a.remove();
    // Revoke later: revoking at once can cancel the download in some browsers.
    gloo::timers::callback::Timeout::new(30_000, move || {
        let _ = web_sys::Url::revoke_object_url(&url);
    })
    .forget();
    Ok(())
}

pub async fn read_text(file: &web_sys::File) -> Result<String, String> {
    let text = JsFuture::from(file.text()).await.map_err(|e| format!("{e:?}"))?;
    text.as_string().ok_or_else(|| "not text".to_string())
}

fn local_storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The remembered language, else the browser's.
pub fn initial_locale() -> Locale {
    if let Some(code) = local_storage().and_then(|s| s.get_item(LANG_KEY).ok().flatten()) {
        if let Some(l) = Locale::from_code(&code) {
            return l;
        }
    }
    let tag = web_sys::window().and_then(|w| w.navigator().language()).unwrap_or_default();
    Locale::from_browser(&tag)
}

pub fn remember_locale(locale: Locale) {
    if let Some(s) = local_storage() {
        let _ = s.set_item(LANG_KEY, locale.code());
    }
    if let Some(html) = leptos::prelude::document().document_element() {
        let _ = html.set_attribute("lang", if locale == Locale::Zh { "zh-CN" } else { "en" });
    }
}
