//! App-wide state as one `Copy` context: the service (the one door to the data), the
//! database's status, a revision counter that every data view tracks, and toasts.

use crate::domain::{Dataset, StoreKind};
use crate::service::{Service, ServiceError};
use crate::storage::{Persistence, StorageError};
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
    PutBack(Arc<crate::service::Undo>),
    Reload,
    /// Open the customer's page with a follow-up of this channel begun (after a call or an
    /// e-mail started from the app).
    LogFollowUp { customer_id: String, channel: crate::domain::customers::Channel, who: String },
}

#[derive(Clone, Debug)]
pub struct Toast {
    pub id: u64,
    pub kind: ToastKind,
    pub text: String,
    pub action: Option<ToastAction>,
}

/// What the user chose when a save found the record changed elsewhere.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ConflictChoice {
    /// Save mine over the stored version (or store it again, when it was deleted).
    Overwrite,
    /// Drop my changes and show the stored version.
    Discard,
    /// Back to the form, nothing saved.
    KeepEditing,
}

/// A save refused because the record changed (or was deleted) since the form read it: what
/// differs, and where the answer goes.
#[derive(Clone)]
pub struct ConflictPrompt {
    pub store: StoreKind,
    pub deleted: bool,
    pub changes: Vec<crate::domain::conflict::FieldChange>,
    reply: Arc<std::sync::Mutex<Option<futures_channel::oneshot::Sender<ConflictChoice>>>>,
}

impl ConflictPrompt {
    pub fn answer(&self, choice: ConflictChoice) {
        if let Some(tx) = self.reply.lock().ok().and_then(|mut r| r.take()) {
            let _ = tx.send(choice);
        }
    }
}

#[derive(Clone, Copy)]
pub struct AppState {
    service: StoredValue<Option<Service>, LocalStorage>,
    pub status: RwSignal<DbStatus>,
    /// Bumped after a write here or in another tab that views should show; they refetch on it.
    pub revision: RwSignal<u64>,
    pub persistence: RwSignal<Option<Persistence>>,
    pub toasts: RwSignal<Vec<Toast>>,
    /// Drawers open now: while one is, toasts show inside it, under its title, instead of
    /// over it.
    pub drawers: RwSignal<u32>,
    next_toast: StoredValue<u64>,
    /// The open reload-or-overwrite question, if any.
    pub conflict: RwSignal<Option<ConflictPrompt>>,
    /// The quick-lead dialog is open (it can be opened from every page).
    pub quick_lead: RwSignal<bool>,
}

impl AppState {
    pub fn new() -> Self {
        AppState {
            service: StoredValue::new_local(None),
            status: RwSignal::new(DbStatus::Opening),
            revision: RwSignal::new(0),
            persistence: RwSignal::new(None),
            toasts: RwSignal::new(Vec::new()),
            drawers: RwSignal::new(0),
            next_toast: StoredValue::new(0),
            conflict: RwSignal::new(None),
            quick_lead: RwSignal::new(false),
        }
    }

    pub fn set_service(&self, service: Service) {
        self.service.set_value(Some(service));
        self.status.set(DbStatus::Ready);
    }

    /// The service. Pages render only once the database is open.
    pub fn service(&self) -> Result<Service, ServiceError> {
        self.service.get_value().ok_or(ServiceError::Storage(StorageError::Closed))
    }

    /// Call after this tab wrote data the views should show (other tabs are told by the
    /// service itself).
    pub fn changed(&self) {
        self.revision.update(|r| *r += 1);
    }

    /// Another tab wrote: reload the views (what the service keeps goes by the stores' write
    /// stamps, which that write renewed).
    pub fn changed_elsewhere(&self) {
        self.revision.update(|r| *r += 1);
    }

    pub fn toast(&self, kind: ToastKind, text: impl Into<String>, action: Option<ToastAction>) {
        let id = self.next_toast.get_value();
        self.next_toast.set_value(id + 1);
        // An offer to log a call waits for the call to end: it stays until answered or closed.
        let offer = matches!(action, Some(ToastAction::LogFollowUp { .. }));
        let keep_ms = if action.is_some() || kind == ToastKind::Error { 10_000 } else { 4_000 };
        self.toasts.update(|t| {
            if offer {
                t.retain(|x| !matches!(x.action, Some(ToastAction::LogFollowUp { .. })));
            }
            t.push(Toast { id, kind, text: text.into(), action })
        });
        if offer {
            return;
        }
        let toasts = self.toasts;
        set_timeout(
            move || toasts.update(|t| t.retain(|x| x.id != id)),
            std::time::Duration::from_millis(keep_ms),
        );
    }

    /// Asks the user what to do about a save that found the record changed elsewhere.
    pub async fn ask_conflict(&self, store: StoreKind, deleted: bool, changes: Vec<crate::domain::conflict::FieldChange>) -> ConflictChoice {
        let (tx, rx) = futures_channel::oneshot::channel();
        self.conflict.set(Some(ConflictPrompt { store, deleted, changes, reply: Arc::new(std::sync::Mutex::new(Some(tx))) }));
        let choice = rx.await.unwrap_or(ConflictChoice::KeepEditing);
        self.conflict.set(None);
        choice
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
