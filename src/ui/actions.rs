//! What the UI does with data, in one place: every page goes through these, not the database.

use super::browser::download;
use super::i18n::{restore_error, storage_error, Key};
use super::state::{AppState, ToastAction, ToastKind};
use crate::domain::backup::{backup_file_name, export_json, restore, RestoreError, Restored};
use crate::domain::dataset::{merge, MergeReport};
use crate::domain::demo::{generate, DemoSize, DEMO_SEED};
use crate::domain::{Dataset, Locale};
use crate::storage::{Db, StorageError};
use chrono::Utc;
use std::sync::Arc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportMode {
    Merge,
    Replace,
}

pub fn today() -> chrono::NaiveDate {
    chrono::Local::now().date_naive()
}

fn db(state: &AppState) -> Result<Db, StorageError> {
    state.db().ok_or(StorageError::Closed)
}

fn fail(state: &AppState, lang: Locale, e: &StorageError) {
    state.toast(ToastKind::Error, storage_error(lang, e), None);
}

/// Replaces everything with `data`; offers undo when something was there before.
async fn replace_with_undo(state: AppState, lang: Locale, data: &Dataset, done: Key) -> Result<(), StorageError> {
    let db = db(&state)?;
    let previous = db.load_all().await?;
    db.replace_all(data).await?;
    state.changed();
    let undo = (previous.total() > 0).then(|| ToastAction::RestoreData(Arc::new(previous)));
    state.toast(ToastKind::Success, done.text(lang), undo);
    Ok(())
}

pub async fn load_demo(state: AppState, lang: Locale) {
    let data = generate(DemoSize::STANDARD, lang, today(), DEMO_SEED);
    if let Err(e) = replace_with_undo(state, lang, &data, Key::DemoLoaded).await {
        fail(&state, lang, &e);
    }
}

pub async fn erase_all(state: AppState, lang: Locale) {
    if let Err(e) = replace_with_undo(state, lang, &Dataset::default(), Key::Erased).await {
        fail(&state, lang, &e);
    }
}

pub async fn restore_previous(state: AppState, lang: Locale, data: Arc<Dataset>) {
    let result = async { db(&state)?.replace_all(&data).await }.await;
    match result {
        Ok(()) => {
            state.changed();
            state.toast(ToastKind::Success, Key::Restored.text(lang), None);
        }
        Err(e) => fail(&state, lang, &e),
    }
}

async fn download_backup(state: &AppState) -> Result<(), StorageError> {
    let data = db(state)?.load_all().await?;
    let now = Utc::now();
    download(&backup_file_name(now), "application/json", &export_json(&data, now)).map_err(StorageError::Failed)
}

pub async fn export_backup(state: AppState, lang: Locale) {
    match download_backup(&state).await {
        Ok(()) => state.toast(ToastKind::Success, Key::ExportDone.text(lang), None),
        Err(e) => fail(&state, lang, &e),
    }
}

/// Checks a backup file for the chosen mode without writing anything.
pub async fn check_backup(state: AppState, text: Arc<String>, mode: ImportMode) -> Result<Restored, CheckError> {
    match mode {
        ImportMode::Replace => restore(&text, None).map_err(CheckError::File),
        ImportMode::Merge => {
            let existing = db(&state)?.load_all().await?;
            restore(&text, Some(&existing)).map_err(CheckError::File)
        }
    }
}

#[derive(Clone, Debug, PartialEq)]
pub enum CheckError {
    File(RestoreError),
    Storage(StorageError),
}

impl From<StorageError> for CheckError {
    fn from(e: StorageError) -> Self {
        CheckError::Storage(e)
    }
}

pub enum ImportOutcome {
    Replaced,
    Merged(MergeReport),
}

/// Validates again, then writes in one transaction. Replace downloads a backup of the
/// current data first (when there is any).
pub async fn import_backup(state: AppState, lang: Locale, text: Arc<String>, mode: ImportMode) -> Option<ImportOutcome> {
    let result: Result<ImportOutcome, CheckError> = async {
        let db = db(&state)?;
        let existing = db.load_all().await?;
        match mode {
            ImportMode::Replace => {
                let restored = restore(&text, None).map_err(CheckError::File)?;
                if existing.total() > 0 {
                    download_backup(&state).await?;
                }
                db.replace_all(&restored.data).await?;
                Ok(ImportOutcome::Replaced)
            }
            ImportMode::Merge => {
                let restored = restore(&text, Some(&existing)).map_err(CheckError::File)?;
                let (writes, report) = merge(&existing, restored.data);
                db.put_all(&writes).await?;
                Ok(ImportOutcome::Merged(report))
            }
        }
    }
    .await;
    match result {
        Ok(outcome) => {
            state.changed();
            let text = match &outcome {
                ImportOutcome::Replaced => Key::ImportDone.text(lang).to_string(),
                ImportOutcome::Merged(r) => format!(
                    "{} · {} {} · {} {} · {} {}",
                    Key::ImportDone.text(lang),
                    r.created, Key::MergeCreated.text(lang),
                    r.updated, Key::MergeUpdated.text(lang),
                    r.skipped, Key::MergeSkipped.text(lang)
                ),
            };
            state.toast(ToastKind::Success, text, None);
            Some(outcome)
        }
        Err(CheckError::File(e)) => {
            state.toast(ToastKind::Error, restore_error(lang, &e), None);
            None
        }
        Err(CheckError::Storage(e)) => {
            fail(&state, lang, &e);
            None
        }
    }
}

pub async fn put_back(state: AppState, lang: Locale, data: Arc<Dataset>) {
    let result = async { db(&state)?.put_all(&data).await }.await;
    match result {
        Ok(()) => {
            state.changed();
            state.toast(ToastKind::Success, Key::Restored.text(lang), None);
        }
        Err(e) => fail(&state, lang, &e),
    }
}

/// Writes one record (create or update) and says so.
pub async fn save<T: crate::domain::dataset::Record>(state: AppState, lang: Locale, record: T) -> bool {
    match async { db(&state)?.put(&record).await }.await {
        Ok(()) => {
            state.changed();
            state.toast(ToastKind::Success, Key::Saved.text(lang), None);
            true
        }
        Err(e) => {
            fail(&state, lang, &e);
            false
        }
    }
}

/// Writes `puts` and deletes `deletes` in one transaction, then refreshes the views and says
/// `done`, or says what failed (nothing is written then). True when written.
pub async fn apply(state: AppState, lang: Locale, puts: Dataset, deletes: Vec<(crate::domain::StoreKind, String)>, done: Key) -> bool {
    match async { db(&state)?.apply(&puts, &deletes).await }.await {
        Ok(()) => {
            state.changed();
            state.toast(ToastKind::Success, done.text(lang), None);
            true
        }
        Err(e) => {
            fail(&state, lang, &e);
            false
        }
    }
}

/// Deletes a customer with their follow-ups, service cases, deals and contracts in one
/// transaction; the toast offers to put them all back.
pub async fn delete_customer(state: AppState, lang: Locale, customer_id: String) {
    let result = async {
        let db = db(&state)?;
        let part = db.load_all().await?.customer_with_records(&customer_id);
        db.delete_records(&part.keys()).await?;
        Ok::<_, StorageError>(part)
    }
    .await;
    match result {
        Ok(part) => {
            state.changed();
            state.toast(ToastKind::Success, Key::CustomerDeleted.text(lang), Some(ToastAction::PutBack(Arc::new(part))));
        }
        Err(e) => fail(&state, lang, &e),
    }
}

/// Deletes a product unless a deal's quote uses it (then says how many and keeps it); the toast
/// offers to put it back. Returns whether it was deleted.
pub async fn delete_product(state: AppState, lang: Locale, product: crate::domain::product::Product) -> bool {
    let result = async {
        let db = db(&state)?;
        let deals: Vec<crate::domain::pipeline::Deal> = db.get_all().await?;
        let used = deals.iter().filter(|d| d.line_items.iter().any(|l| l.product_id == product.id)).count();
        if used == 0 {
            db.delete::<crate::domain::product::Product>(&product.id).await?;
        }
        Ok::<_, StorageError>(used)
    }
    .await;
    match result {
        Ok(0) => {
            state.changed();
            let back = Dataset { products: vec![product], ..Dataset::default() };
            state.toast(ToastKind::Success, Key::ProductDeleted.text(lang), Some(ToastAction::PutBack(Arc::new(back))));
            true
        }
        Ok(used) => {
            let text = match lang {
                Locale::Zh => format!("有 {used} 个商机的报价单使用了此商品，不能删除。可以改为“停售”。"),
                Locale::En => format!("{used} deal quotes use this product, so it cannot be deleted. Mark it discontinued instead."),
            };
            state.toast(ToastKind::Error, text, None);
            false
        }
        Err(e) => {
            fail(&state, lang, &e);
            false
        }
    }
}

/// The pipeline's stages; a book without any gets the default pipeline (DOMAIN.md) in the
/// current language, written once.
pub async fn stages_or_default(db: &crate::storage::Db, lang: Locale) -> Result<Vec<crate::domain::pipeline::Stage>, StorageError> {
    let mut stages: Vec<crate::domain::pipeline::Stage> = db.get_all().await?;
    if stages.is_empty() {
        stages = crate::domain::pipeline::default_stages(lang, chrono::Utc::now());
        db.put_all(&Dataset { stages: stages.clone(), ..Dataset::default() }).await?;
    }
    stages.sort_by_key(|s| s.order);
    Ok(stages)
}

pub fn new_id(prefix: &str) -> String {
    let uuid = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("{:x}", js_sys::Date::now() as u64));
    format!("{prefix}-{uuid}")
}

/// Customers with everything grading needs, read in one place for the pages that show grades.
pub struct GradedBook {
    pub customers: Arc<Vec<crate::domain::customer::Customer>>,
    pub deals: Arc<Vec<crate::domain::pipeline::Deal>>,
    pub stages: Vec<crate::domain::pipeline::Stage>,
    pub contracts: Vec<crate::domain::contract::Contract>,
    pub settings: crate::domain::settings::Settings,
    pub purchases: Vec<crate::domain::grading::Purchase>,
    pub grades: std::collections::HashMap<String, crate::domain::grading::CustomerGrade>,
}

/// One cached read: the value with the data version and day it was read for.
type Slot<T> = std::cell::RefCell<Option<((u64, chrono::NaiveDate), T)>>;

thread_local! {
    static CUSTOMERS: Slot<Arc<Vec<crate::domain::customer::Customer>>> = const { std::cell::RefCell::new(None) };
    static FOLLOW_UPS: Slot<Arc<Vec<crate::domain::customer::FollowUp>>> = const { std::cell::RefCell::new(None) };
    static GRADED: Slot<Arc<GradedBook>> = const { std::cell::RefCell::new(None) };
}

/// `read`'s value from `slot` while no write happened since it was read (today); moving between
/// pages of a large book then does not read (and grade) every customer again.
async fn through_cache<T: Clone, F: std::future::Future<Output = Result<T, StorageError>>>(
    slot: &'static std::thread::LocalKey<Slot<T>>,
    state: AppState,
    read: impl FnOnce() -> F,
) -> Result<T, StorageError> {
    let key = (state.data_version(), today());
    if let Some(hit) = slot.with(|c| c.borrow().as_ref().filter(|(k, _)| *k == key).map(|(_, v)| v.clone())) {
        return Ok(hit);
    }
    let value = read().await?;
    // Only kept if nothing was written while it was being read.
    if state.data_version() == key.0 {
        slot.with(|c| *c.borrow_mut() = Some((key, value.clone())));
    }
    Ok(value)
}

/// Every customer, shared by the pages that need them all.
pub async fn load_customers(state: AppState) -> Result<Arc<Vec<crate::domain::customer::Customer>>, StorageError> {
    through_cache(&CUSTOMERS, state, || async move { Ok(Arc::new(db(&state)?.get_all().await?)) }).await
}

/// Every follow-up, shared by the dashboard and reminders.
pub async fn load_follow_ups(state: AppState) -> Result<Arc<Vec<crate::domain::customer::FollowUp>>, StorageError> {
    through_cache(&FOLLOW_UPS, state, || async move { Ok(Arc::new(db(&state)?.get_all().await?)) }).await
}

/// The graded book, shared by the customers list, a customer's page, the pipeline and
/// analytics.
pub async fn load_graded(state: AppState) -> Result<Arc<GradedBook>, StorageError> {
    through_cache(&GRADED, state, || async move { Ok(Arc::new(read_graded(state, today()).await?)) }).await
}

async fn read_graded(state: AppState, day: chrono::NaiveDate) -> Result<GradedBook, StorageError> {
    use crate::domain::grading::{grade_customers, purchases};
    let db = db(&state)?;
    let customers = load_customers(state).await?;
    let deals: Vec<crate::domain::pipeline::Deal> = db.get_all().await?;
    let stages: Vec<crate::domain::pipeline::Stage> = db.get_all().await?;
    let contracts: Vec<crate::domain::contract::Contract> = db.get_all().await?;
    let settings = db.get_all::<crate::domain::settings::Settings>().await?.into_iter().next().unwrap_or_default();
    let bought = purchases(&deals, &stages, &contracts);
    let grades = grade_customers(&customers, &bought, &deals, &stages, &settings.grade_thresholds, day);
    Ok(GradedBook { customers, deals: Arc::new(deals), stages, contracts, settings, purchases: bought, grades })
}
