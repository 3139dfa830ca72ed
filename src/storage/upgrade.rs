//! Schema upgrades with the version-change transaction in hand.
//!
//! `indexed_db_futures` 0.6 runs the upgrade callback without that transaction (its issue #66),
//! so an index cannot be added to an existing store nor records rewritten there. The upgrade
//! therefore runs here first, through the raw `IDBOpenDBRequest`; the connection the app uses
//! is opened afterwards at the same version, when nothing is left to upgrade.

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// What one migration step works with: the database and its version-change transaction.
pub struct Upgrade {
    db: web_sys::IdbDatabase,
    tx: web_sys::IdbTransaction,
}

/// One failed request or step, as the browser described it.
#[derive(Debug)]
pub struct UpgradeError {
    pub name: Option<String>,
    pub message: String,
}

impl From<JsValue> for UpgradeError {
    fn from(v: JsValue) -> Self {
        match v.dyn_ref::<web_sys::DomException>() {
            Some(d) => UpgradeError { name: Some(d.name()), message: d.message() },
            None => UpgradeError { name: None, message: format!("{v:?}") },
        }
    }
}

pub type StepResult = Result<(), UpgradeError>;

impl Upgrade {
    /// A new store keyed by `id`.
    pub fn create_store(&self, name: &str) -> Result<Store, UpgradeError> {
        let params = web_sys::IdbObjectStoreParameters::new();
        params.set_key_path(&JsValue::from_str("id"));
        Ok(Store(self.db.create_object_store_with_optional_parameters(name, &params)?))
    }

    /// Puts what `make` returns for each record of the existing store `from` into `to` (a
    /// store just created in this step), e.g. the first records of a new store.
    pub fn derive(&self, from: &str, to: &Store, make: impl Fn(JsValue) -> Option<JsValue> + 'static) -> StepResult {
        let target = to.0.clone();
        each_record(&self.tx.object_store(from)?, move |cursor| {
            if let Some(new) = cursor.value().ok().and_then(&make) {
                let _ = target.put(&new);
            }
        })
    }

    /// A store that already exists (with its records), to add indexes to or rewrite.
    pub fn store(&self, name: &str) -> Result<Store, UpgradeError> {
        Ok(Store(self.tx.object_store(name)?))
    }
}

pub struct Store(web_sys::IdbObjectStore);

impl Store {
    pub fn index(&self, name: &str, key_path: &str) -> Result<&Self, UpgradeError> {
        self.0.create_index_with_str(name, key_path)?;
        Ok(self)
    }

    pub fn unique_index(&self, name: &str, key_path: &str) -> Result<&Self, UpgradeError> {
        let params = web_sys::IdbIndexParameters::new();
        params.set_unique(true);
        self.0.create_index_with_str_and_optional_parameters(name, key_path, &params)?;
        Ok(self)
    }

    /// Runs `rewrite` over every record; a `Some` replaces the record. The requests belong to
    /// the version-change transaction, so a failure aborts the whole upgrade.
    pub fn rewrite(&self, rewrite: impl Fn(JsValue) -> Option<JsValue> + 'static) -> StepResult {
        each_record(&self.0, move |cursor| {
            if let Some(new) = cursor.value().ok().and_then(&rewrite) {
                let _ = cursor.update(&new);
            }
        })
    }
}

/// Calls `visit` with a cursor on each record of `store`, inside the version-change
/// transaction.
fn each_record(store: &web_sys::IdbObjectStore, visit: impl Fn(&web_sys::IdbCursorWithValue) + 'static) -> StepResult {
    let request = store.open_cursor()?;
    let on_success = Closure::<dyn FnMut(web_sys::Event)>::new({
        let request = request.clone();
        move |_| {
            let Ok(cursor) = request.result() else { return };
            let Ok(cursor) = cursor.dyn_into::<web_sys::IdbCursorWithValue>() else { return };
            visit(&cursor);
            let _ = cursor.continue_();
        }
    });
    request.set_onsuccess(Some(on_success.as_ref().unchecked_ref()));
    // The cursor lives as long as the transaction; the closure is small and freed with the page.
    on_success.forget();
    Ok(())
}

/// How opening ended, before the app's own connection is made.
pub enum Opened {
    Ready,
    /// The stored database is newer than `version` (left untouched).
    Newer,
    Failed(UpgradeError),
    Unavailable(String),
}

/// Opens `name` at `version`, running `steps[old..version]` inside the version-change
/// transaction, and closes the connection again.
pub async fn upgrade(name: &str, version: u32, steps: &'static [fn(&Upgrade) -> StepResult]) -> Opened {
    let Some(factory) = web_sys::window().and_then(|w| w.indexed_db().ok().flatten()) else {
        return Opened::Unavailable("indexedDB".into());
    };
    let request = match factory.open_with_u32(name, version) {
        Ok(r) => r,
        Err(e) => return Opened::Unavailable(UpgradeError::from(e).message),
    };
    let failure: Rc<RefCell<Option<UpgradeError>>> = Rc::new(RefCell::new(None));
    let on_upgrade = Closure::<dyn FnMut(web_sys::IdbVersionChangeEvent)>::new({
        let request = request.clone();
        let failure = failure.clone();
        move |event: web_sys::IdbVersionChangeEvent| {
            let (Some(db), Some(tx)) = (request.result().ok().and_then(|r| r.dyn_into().ok()), request.transaction()) else { return };
            let upgrade = Upgrade { db, tx };
            let from = event.old_version() as usize;
            for step in &steps[from..version as usize] {
                if let Err(e) = step(&upgrade) {
                    *failure.borrow_mut() = Some(e);
                    let _ = upgrade.tx.abort();
                    return;
                }
            }
        }
    });
    request.set_onupgradeneeded(Some(on_upgrade.as_ref().unchecked_ref()));
    let done = js_sys::Promise::new(&mut |resolve, _| {
        request.set_onsuccess(Some(&resolve));
        request.set_onerror(Some(&resolve));
    });
    let _ = wasm_bindgen_futures::JsFuture::from(done).await;
    request.set_onupgradeneeded(None);
    // A failed open leaves `result` undefined.
    if let Some(db) = request.result().ok().and_then(|r| r.dyn_into::<web_sys::IdbDatabase>().ok()) {
        db.close();
        return Opened::Ready;
    }
    if let Some(e) = failure.borrow_mut().take() {
        return Opened::Failed(e);
    }
    match request.error() {
        Ok(Some(e)) if e.name() == "VersionError" => Opened::Newer,
        Ok(Some(e)) if e.name() == "InvalidStateError" || e.name() == "SecurityError" => Opened::Unavailable(e.message()),
        Ok(Some(e)) => Opened::Failed(UpgradeError { name: Some(e.name()), message: e.message() }),
        _ => Opened::Failed(UpgradeError { name: None, message: "open failed".into() }),
    }
}
