//! App-wide state as one `Copy` context: the database connection, its status, a revision
//! counter that every data view tracks, and toasts.

use crate::domain::Dataset;
use crate::storage::{ChangeFeed, Db, Persistence, StorageError};
use leptos::prelude::*;
use std::sync::Arc;

#[derive(Clone, Debug, PartialEq)]
pub enum DbStatus {
    Opening,
    Ready,
    Failed(StorageError),
    /// Another tab upgraded the schema; this tab must reload.
    ClosedByOtherTab,
}

#[derive(Clone, Debug, PartialEq)]
pub enum ToastKind {
    Success,
    Error,
    Info,
}

/// What a toast's button does; kept as data so toasts stay plain values.
#[derive(Clone, Debug)]
pub enum ToastAction {
    /// Put this dataset back (undo of a replace or erase).
    RestoreData(Arc<Dataset>),
    /// Write these records back (undo of a delete).
    PutBack(Arc<Dataset>),
    Reload,
}

#[derive(Clone, Debug)]
pub struct Toast {
    pub id: u64,
    pub kind: ToastKind,
    pub text: String,
    pub action: Option<ToastAction>,
}

#[derive(Clone, Copy)]
pub struct AppState {
    db: StoredValue<Option<Db>, LocalStorage>,
    feed: StoredValue<Option<ChangeFeed>, LocalStorage>,
    pub status: RwSignal<DbStatus>,
    /// Bumped after every write here or in another tab; data views refetch on it.
    pub revision: RwSignal<u64>,
    /// Counts writes (here or in another tab), including those that do not reload views; a
    /// cached read is good while this is unchanged.
    writes: StoredValue<u64>,
    pub persistence: RwSignal<Option<Persistence>>,
    pub toasts: RwSignal<Vec<Toast>>,
    next_toast: StoredValue<u64>,
}

impl AppState {
    pub fn new() -> Self {
        AppState {
            db: StoredValue::new_local(None),
            feed: StoredValue::new_local(None),
            status: RwSignal::new(DbStatus::Opening),
            revision: RwSignal::new(0),
            writes: StoredValue::new(0),
            persistence: RwSignal::new(None),
            toasts: RwSignal::new(Vec::new()),
            next_toast: StoredValue::new(0),
        }
    }

    pub fn set_db(&self, db: Db, feed: ChangeFeed) {
        self.db.set_value(Some(db));
        self.feed.set_value(Some(feed));
        self.status.set(DbStatus::Ready);
    }

    /// The open database. Pages render only once it is ready.
    pub fn db(&self) -> Option<Db> {
        self.db.get_value()
    }

    /// Call after this tab wrote data: refreshes views here and in other tabs.
    pub fn changed(&self) {
        self.writes.update_value(|w| *w += 1);
        self.revision.update(|r| *r += 1);
        if let Some(feed) = self.feed.get_value() {
            feed.announce();
        }
    }

    /// Call after a write this view already shows (an optimistic board move): tells other
    /// tabs without reloading this one.
    pub fn announce(&self) {
        self.writes.update_value(|w| *w += 1);
        if let Some(feed) = self.feed.get_value() {
            feed.announce();
        }
    }

    /// Another tab wrote: reload the views here.
    pub fn changed_elsewhere(&self) {
        self.writes.update_value(|w| *w += 1);
        self.revision.update(|r| *r += 1);
    }

    /// Changes with every write: every commit through this tab's connection (whether or not
    /// the writer remembered to call `changed`) and every write another tab announced.
    pub fn data_version(&self) -> u64 {
        self.writes.get_value() + self.db().map_or(0, |db| db.commits())
    }

    pub fn toast(&self, kind: ToastKind, text: impl Into<String>, action: Option<ToastAction>) {
        let id = self.next_toast.get_value();
        self.next_toast.set_value(id + 1);
        let keep_ms = if action.is_some() || kind == ToastKind::Error { 10_000 } else { 4_000 };
        self.toasts.update(|t| t.push(Toast { id, kind, text: text.into(), action }));
        let toasts = self.toasts;
        set_timeout(
            move || toasts.update(|t| t.retain(|x| x.id != id)),
            std::time::Duration::from_millis(keep_ms),
        );
    }

    pub fn dismiss(&self, id: u64) {
        self.toasts.update(|t| t.retain(|x| x.id != id));
    }
}

impl Default for AppState {
    fn default() -> Self {
        Self::new()
    }
}

pub fn use_app() -> AppState {
    expect_context::<AppState>()
}
