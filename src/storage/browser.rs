//! Browser storage services around the database: the cross-tab change feed and the
//! persistent-storage request.

use crate::domain::StoreKind;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;

const CHANNEL: &str = "salesdesk-changes";

/// Tells other open tabs which stores changed, and hears when they change some.
#[derive(Clone)]
pub struct ChangeFeed {
    channel: Option<web_sys::BroadcastChannel>,
    _listener: Rc<RefCell<Option<Closure<dyn FnMut(web_sys::MessageEvent)>>>>,
}

impl ChangeFeed {
    pub fn new(on_remote_change: impl Fn(Vec<StoreKind>) + 'static) -> ChangeFeed {
        let channel = web_sys::BroadcastChannel::new(CHANNEL).ok();
        let listener = channel.as_ref().map(|ch| {
            let cb = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(move |ev: web_sys::MessageEvent| {
                // A message names the stores written, comma-separated; anything else means all.
                let text = ev.data().as_string().unwrap_or_default();
                let kinds: Option<Vec<StoreKind>> = text.split(',').map(StoreKind::from_name).collect();
                on_remote_change(kinds.filter(|k| !k.is_empty()).unwrap_or_else(|| StoreKind::ALL.to_vec()));
            });
            ch.set_onmessage(Some(cb.as_ref().unchecked_ref()));
            cb
        });
        ChangeFeed { channel, _listener: Rc::new(RefCell::new(listener)) }
    }

    pub fn announce(&self, kinds: &[StoreKind]) {
        if let Some(ch) = &self.channel {
            let names: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
            let _ = ch.post_message(&JsValue::from_str(&names.join(",")));
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Persistence {
    Granted,
    Denied,
    Unsupported,
}

/// Asks the browser not to evict this site's data under storage pressure.
pub async fn request_persistence() -> Persistence {
    let Some(window) = web_sys::window() else { return Persistence::Unsupported };
    let storage = window.navigator().storage();
    if !js_sys::Reflect::has(&storage, &JsValue::from_str("persist")).unwrap_or(false) {
        return Persistence::Unsupported;
    }
    let already = match storage.persisted() {
        Ok(p) => JsFuture::from(p).await.ok().and_then(|v| v.as_bool()).unwrap_or(false),
        Err(_) => false,
    };
    if already {
        return Persistence::Granted;
    }
    match storage.persist() {
        Ok(p) => match JsFuture::from(p).await.ok().and_then(|v| v.as_bool()) {
            Some(true) => Persistence::Granted,
            Some(false) => Persistence::Denied,
            None => Persistence::Unsupported,
        },
        Err(_) => Persistence::Unsupported,
    }
}
