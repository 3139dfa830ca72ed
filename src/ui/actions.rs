//! The UI side of commands: run one through the service, then refresh the views and say how it
//! went in the user's language, or say what failed (nothing is written then).

use super::browser::download;
use super::i18n::{service_error, Key};
use super::state::{AppState, ConflictChoice, ToastAction, ToastKind};
use crate::domain::conflict::changed_fields;
use crate::domain::dataset::Record;
use crate::domain::{Dataset, Locale};
use crate::service::{ImportMode, Result, Service, ServiceError, Undo};
use leptos::prelude::{RwSignal, Set};
use std::sync::Arc;

/// Runs `command` on the service. On success the views reload; on failure the user is told
/// why. `None` when it failed.
pub async fn command<T>(state: AppState, lang: Locale, command: impl AsyncFnOnce(Service) -> Result<T>) -> Option<T> {
    let result = match state.service() {
        Ok(service) => command(service).await,
        Err(e) => Err(e),
    };
    match result {
        Ok(value) => {
            state.changed();
            Some(value)
        }
        Err(e) => {
            fail(&state, lang, &e);
            None
        }
    }
}

/// A read for a page: the service's answer, or the reason there is none.
pub async fn read<T>(state: AppState, query: impl AsyncFnOnce(Service) -> Result<T>) -> Result<T> {
    query(state.service()?).await
}

pub fn fail(state: &AppState, lang: Locale, e: &ServiceError) {
    if matches!(e, ServiceError::Stale(_)) {
        // What this tab read is out of date: forget it and show what is stored.
        state.changed_elsewhere();
    }
    state.toast(ToastKind::Error, service_error(lang, e), None);
}

/// [`command`], then a toast saying `done` (with an undo button when `undo` holds data).
async fn command_with_toast<T>(state: AppState, lang: Locale, done: Key, undo: impl FnOnce(T) -> Option<ToastAction>, run: impl AsyncFnOnce(Service) -> Result<T>) -> bool {
    match command(state, lang, run).await {
        Some(data) => {
            state.toast(ToastKind::Success, done.text(lang), undo(data));
            true
        }
        None => false,
    }
}

/// Replaces everything with the demo data; undo puts back what was there.
pub async fn load_demo(state: AppState, lang: Locale) {
    command_with_toast(state, lang, Key::DemoLoaded, restore_undo, async move |s| s.load_demo(lang).await).await;
}

pub async fn erase_all(state: AppState, lang: Locale) {
    command_with_toast(state, lang, Key::Erased, restore_undo, async move |s| s.replace_all(&Dataset::default()).await).await;
}

fn restore_undo(previous: Dataset) -> Option<ToastAction> {
    (previous.total() > 0).then(|| ToastAction::RestoreData(Arc::new(previous)))
}

fn put_back_undo(removed: Undo) -> Option<ToastAction> {
    Some(ToastAction::PutBack(Arc::new(removed)))
}

pub async fn restore_previous(state: AppState, lang: Locale, data: Arc<Dataset>) {
    command_with_toast(state, lang, Key::Restored, |_| None, async move |s| s.replace_all(&data).await).await;
}

/// Undo of a delete or merge; refused (and said so) when another tab saved over it since.
pub async fn put_back(state: AppState, lang: Locale, undo: Arc<Undo>) {
    command_with_toast(state, lang, Key::PutBackDone, |()| None, async move |s| s.put_back(&undo).await).await;
}

/// Offers `text` as a file download; says so when the browser refuses. True when offered.
pub fn offer_download(state: AppState, lang: Locale, name: &str, mime: &str, text: &str) -> bool {
    match download(name, mime, text) {
        Ok(()) => true,
        Err(detail) => {
            state.toast(ToastKind::Error, format!("{} {detail}", Key::DownloadFailed.text(lang)), None);
            false
        }
    }
}

/// A CSV file named `stem-20261124-153000.csv`, as Excel opens it.
pub fn offer_csv(state: AppState, lang: Locale, stem: &str, header: &[impl AsRef<str>], rows: &[Vec<String>]) -> bool {
    let stamp = chrono::Local::now().format("%Y%m%d-%H%M%S");
    let header: Vec<&str> = header.iter().map(AsRef::as_ref).collect();
    offer_download(state, lang, &format!("{stem}-{stamp}.csv"), "text/csv;charset=utf-8", &crate::domain::csv::write(&header, rows))
}

/// A report's column titles with the book's currency code after those of amounts
/// ("Revenue (USD)", "Lifetime value (CLV, USD)"), at the positions `money`: a file read
/// elsewhere says what its amounts are in.
pub fn priced(header: &[&str], money: &[usize]) -> Vec<String> {
    let code = super::components::currency_code();
    header
        .iter()
        .enumerate()
        .map(|(i, h)| match h.strip_suffix(')') {
            _ if !money.contains(&i) => h.to_string(),
            Some(open) => format!("{open}, {code})"),
            None => format!("{h} ({code})"),
        })
        .collect()
}

/// Downloads a backup of everything stored now — sealed with `password` when one is given
/// (`domain::sealed`, WebCrypto; named `…-protected.json`) — and remembers it. False when it
/// could not be saved.
async fn download_backup(state: AppState, lang: Locale, password: Option<&str>) -> bool {
    let read_at = read(state, async |s| s.book_stamps().await).await.ok().flatten();
    let (mut name, mut json) = match read(state, async |s| s.export_backup().await).await {
        Ok(exported) => exported,
        Err(e) => {
            fail(&state, lang, &e);
            return false;
        }
    };
    if let Some(password) = password {
        match crate::domain::sealed::seal(&super::crypto::WebCrypto::new(), password, &json).await {
            Ok(sealed) => json = sealed,
            Err(e) => {
                state.toast(ToastKind::Error, super::i18n::seal_error(lang, &e), None);
                return false;
            }
        }
        name = name.strip_suffix(".json").map_or_else(|| format!("{name}-protected"), |stem| format!("{stem}-protected.json"));
    }
    let offered = offer_download(state, lang, &name, "application/json", &json);
    if offered {
        note_backup(state, read_at).await;
    }
    offered
}

/// Remembers a backup of the book as read at `read_at` (Settings shows when; the dashboard
/// stops reminding until the book changes again).
async fn note_backup(state: AppState, read_at: Option<crate::storage::Stamps>) {
    let Some(read_at) = read_at else { return };
    if read(state, async move |s| s.note_backup(&read_at, chrono::Utc::now()).await).await.is_ok() {
        state.changed();
    }
}

pub async fn export_backup(state: AppState, lang: Locale) {
    if download_backup(state, lang, None).await {
        state.toast(ToastKind::Success, Key::ExportDone.text(lang), None);
    }
}

/// The same backup sealed with `password`. True when offered for download.
pub async fn export_sealed_backup(state: AppState, lang: Locale, password: &str) -> bool {
    let offered = download_backup(state, lang, Some(password)).await;
    if offered {
        state.toast(ToastKind::Success, Key::ExportSealedDone.text(lang), None);
    }
    offered
}

/// Checks a backup file for the chosen mode without writing anything.
pub async fn check_backup(state: AppState, text: Arc<String>, mode: ImportMode, progress: RwSignal<Option<(usize, usize)>>) -> Result<crate::domain::backup::Restored> {
    let result = read(state, async move |s| s.check_backup(text, mode, &|done, total| progress.set(Some((done, total)))).await).await;
    progress.set(None);
    result
}

/// Validates again, then writes in one transaction. Replace downloads a backup of the
/// current data first (when there is any). True when written.
pub async fn import_backup(state: AppState, lang: Locale, text: Arc<String>, mode: ImportMode, progress: RwSignal<Option<(usize, usize)>>) -> bool {
    if mode == ImportMode::Replace {
        let has_data = match read(state, async |s| s.counts().await).await {
            Ok(counts) => counts.total() > 0,
            Err(e) => {
                fail(&state, lang, &e);
                return false;
            }
        };
        if has_data && !download_backup(state, lang, None).await {
            return false;
        }
    }
    let report = command(state, lang, async move |s| s.import_backup(text, mode, &|done, total| progress.set(Some((done, total)))).await).await;
    progress.set(None);
    let Some(report) = report else { return false };
    let text = match report {
        None => Key::ImportDone.text(lang).to_string(),
        Some(r) => format!(
            "{} · {} {} · {} {} · {} {}",
            Key::ImportDone.text(lang),
            r.created, Key::MergeCreated.text(lang),
            r.updated, Key::MergeUpdated.text(lang),
            r.skipped, Key::MergeSkipped.text(lang)
        ),
    };
    state.toast(ToastKind::Success, text, None);
    true
}

/// Writes one record a form edited (create or update) and says so. True when written (or
/// when the user chose the stored version over theirs).
pub async fn save<T: Record>(state: AppState, lang: Locale, record: T) -> bool {
    save_edited(state, lang, record, async |s, r| s.save(&r).await.map(drop)).await
}

/// Writes a new customer or product whose code the app proposed; when another tab took the
/// code meanwhile, the next free one is used and the toast says which. True when written.
pub async fn create_numbered<T: Record>(state: AppState, lang: Locale, record: T) -> bool {
    let proposed = record.unique_code().map(|(_, c)| c.to_string());
    let Some(stored) = command(state, lang, async move |s| s.create_numbered(&record).await).await else { return false };
    let code = stored.unique_code().map(|(_, c)| c.to_string());
    let text = match code.filter(|c| Some(c) != proposed.as_ref()) {
        Some(code) => match lang {
            Locale::Zh => format!("已保存。原编号已被占用（可能在另一个标签页中），改用 {code}。"),
            Locale::En => format!("Saved. The proposed code was taken meanwhile (in another tab?), so it is {code}."),
        },
        None => Key::Saved.text(lang).to_string(),
    };
    state.toast(ToastKind::Success, text, None);
    true
}

/// Runs `run` to save `record` as a form edited it. When the stored record changed (or was
/// deleted) since the form read it, nothing is written and the user sees what differs and
/// chooses: overwrite it with theirs, take the stored version, or go back to the form.
pub async fn save_edited<T: Record>(state: AppState, lang: Locale, mut record: T, run: impl AsyncFn(Service, T) -> Result<()>) -> bool {
    loop {
        let service = match state.service() {
            Ok(s) => s,
            Err(e) => {
                fail(&state, lang, &e);
                return false;
            }
        };
        match run(service.clone(), record.clone()).await {
            Ok(()) => {
                state.changed();
                state.toast(ToastKind::Success, Key::Saved.text(lang), None);
                return true;
            }
            Err(ServiceError::Stale(stale)) if stale.iter().any(|s| s.store == T::STORE && s.id == record.id()) => {
                let stored = match service.stored::<T>(record.id()).await {
                    Ok(stored) => stored,
                    Err(e) => {
                        fail(&state, lang, &e);
                        return false;
                    }
                };
                let changes = stored.as_ref().map(|s| changed_fields(s, &record)).unwrap_or_default();
                match state.ask_conflict(T::STORE, stored.is_none(), changes).await {
                    ConflictChoice::Overwrite => record.set_rev(stored.map_or(0, |s| s.rev())),
                    ConflictChoice::Discard => {
                        state.changed_elsewhere();
                        state.toast(ToastKind::Info, Key::ConflictDiscarded.text(lang), None);
                        return true;
                    }
                    ConflictChoice::KeepEditing => return false,
                }
            }
            Err(e) => {
                fail(&state, lang, &e);
                return false;
            }
        }
    }
}

/// Runs a command that saves something and says "Saved". True when written.
pub async fn saved(state: AppState, lang: Locale, run: impl AsyncFnOnce(Service) -> Result<()>) -> bool {
    command_with_toast(state, lang, Key::Saved, |()| None, run).await
}

/// Deletes a customer with their follow-ups, service cases, deals and contracts; the toast
/// offers to put them all back.
pub async fn delete_customer(state: AppState, lang: Locale, customer_id: String) {
    command_with_toast(state, lang, Key::CustomerDeleted, put_back_undo, async move |s| s.delete_customer(&customer_id).await).await;
}

/// Deletes a product unless a deal's quote uses it (then says how many and keeps it); the
/// toast offers to put it back. True when deleted.
pub async fn delete_product(state: AppState, lang: Locale, product: crate::domain::products::Product) -> bool {
    command_with_toast(state, lang, Key::ProductDeleted, put_back_undo, async move |s| s.delete_product(product).await).await
}

/// Deletes a deal; the toast offers to put it back. True when deleted.
pub async fn delete_deal(state: AppState, lang: Locale, deal: crate::domain::pipeline::Deal) -> bool {
    command_with_toast(state, lang, Key::DealDeleted, put_back_undo, async move |s| s.delete_deal(deal).await).await
}

/// Deletes a business-card photo; the toast offers to put it back.
pub async fn delete_photo(state: AppState, lang: Locale, photo: crate::domain::photos::CardPhoto) -> bool {
    command_with_toast(state, lang, Key::PhotoDeleted, put_back_undo, async move |s| s.delete_photo(photo).await).await
}

/// Deletes an event no lead was captured at; the toast offers to put it back. True when deleted.
pub async fn delete_event(state: AppState, lang: Locale, event: crate::domain::events::Event) -> bool {
    command_with_toast(state, lang, Key::EventDeleted, put_back_undo, async move |s| s.delete_event(event).await).await
}

/// Deletes a contract template (its contracts keep their text); the toast offers to put it back.
pub async fn delete_template(state: AppState, lang: Locale, template: crate::domain::contracts::ContractTemplate) -> bool {
    command_with_toast(state, lang, Key::TemplateDeleted, put_back_undo, async move |s| s.delete_template(template).await).await
}

/// Deletes a draft contract; the toast offers to put it back. True when deleted.
pub async fn delete_draft_contract(state: AppState, lang: Locale, contract: crate::domain::contracts::Contract) -> bool {
    command_with_toast(state, lang, Key::ContractDeleted, put_back_undo, async move |s| s.delete_draft_contract(contract).await).await
}
