//! Small browser helpers for the UI: downloads, reading picked files, remembered preferences.

use crate::domain::sorting::SortShared;
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
    // As bytes, copied into wasm memory at once: a large backup is not first made a JS string
    // and then converted (half a second for 132 MB, with the page frozen).
    let bytes = read_bytes(file).await?;
    Ok(String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// A picked file's bytes.
pub async fn read_bytes(file: &web_sys::File) -> Result<Vec<u8>, String> {
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|e| format!("{e:?}"))?;
    Ok(js_sys::Uint8Array::new(&buffer).to_vec())
}

/// A picked file as a `data:` URL (`data:<its type>;base64,…`).
pub async fn read_data_url(file: &web_sys::File) -> Result<String, String> {
    let buffer = JsFuture::from(file.array_buffer()).await.map_err(|e| format!("{e:?}"))?;
    let bytes = js_sys::Uint8Array::new(&buffer).to_vec();
    Ok(format!("data:{};base64,{}", file.type_(), crate::domain::base64::encode(&bytes)))
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
    // The installed app's name in the same language (public/manifest*.webmanifest).
    if let Ok(Some(link)) = leptos::prelude::document().query_selector("link[rel=manifest]") {
        let _ = link.set_attribute("href", if locale == Locale::Zh { "manifest.webmanifest" } else { "manifest-en.webmanifest" });
    }
}


/// Sorts `items` by `name` in the reader's alphabetical order for `lang` (see [`name_order`]).
pub fn sort_by_name<T>(items: &mut [T], name: impl Fn(&T) -> &str, lang: Locale) {
    let order = name_order(items.iter().map(&name), lang);
    items.sort_by_shared(|a, b| order.cmp(name(a), name(b)));
}

/// `names` in the reader's alphabetical order for `lang`, by the browser's `Intl.Collator`
/// (pinyin for 简体中文): one sort inside the browser, however many names. Without a browser
/// (native tests) the order is empty and names compare by code point.
pub fn name_order<'a>(names: impl IntoIterator<Item = &'a str>, lang: Locale) -> crate::domain::collation::NameOrder {
    let list = js_sys::Array::new();
    let mut seen = rustc_hash::FxHashSet::default();
    for name in names {
        if seen.insert(name) {
            list.push(&wasm_bindgen::JsValue::from_str(name));
        }
    }
    let tag = match lang {
        Locale::Zh => "zh-CN",
        Locale::En => "en",
    };
    let collator = js_sys::Intl::Collator::new(&js_sys::Array::of1(&tag.into()), &js_sys::Object::new());
    let sorted = js_sys::Reflect::get(&list, &"sort".into())
        .ok()
        .and_then(|sort| sort.dyn_into::<js_sys::Function>().ok())
        .is_some_and(|sort| sort.call1(&list, &collator.compare()).is_ok());
    if !sorted {
        return Default::default();
    }
    crate::domain::collation::NameOrder::from_sorted(list.iter().filter_map(|v| v.as_string()))
}

/// The browser's own `TextDecoder` for GBK / GB18030 and Windows-1252 files: its tables ship
/// with the browser, so the app's wasm does not carry them.
pub struct BrowserCodec;

impl crate::domain::csv::Codec for BrowserCodec {
    fn decode_legacy(&self, bytes: &[u8], encoding: crate::domain::csv::Encoding, strict: bool) -> Option<String> {
        use crate::domain::csv::Encoding;
        let label = match encoding {
            Encoding::Gb18030 => "gb18030",
            Encoding::Windows1252 => "windows-1252",
            Encoding::Utf8 | Encoding::Utf8Bom => "utf-8",
        };
        let options = web_sys::TextDecoderOptions::new();
        options.set_fatal(strict);
        let decoder = web_sys::TextDecoder::new_with_label_and_options(label, &options).ok()?;
        // A strict decoder throws on the first invalid sequence: `None`, the user chooses.
        decoder.decode_with_u8_array(bytes).ok()
    }
}
