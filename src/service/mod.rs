//! The one door between the UI and the database: named queries (`queries.rs`) and commands
//! (`commands.rs`) in domain types. Pages render and dispatch; they never hold a `Db`.
//!
//! Reads of the whole book are cached here, per store: a cached value is good while no write
//! (in this tab or, as announced, in another) touched a store it was read from, and only on
//! the day it was read where grades and reminders depend on the date.

mod commands;
mod queries;

pub use commands::ImportMode;
pub use queries::{ContractsPage, CustomerDetail, CustomerInfo, CustomerList, GradedBook, PipelineBook, TargetsPage};

use crate::domain::backup::RestoreError;
use crate::domain::customers::{Customer, FollowUp};
use crate::domain::StoreKind;
pub use crate::storage::new_revision;
use crate::storage::{ChangeFeed, Db, StorageError};
use chrono::NaiveDate;
use std::cell::RefCell;
use std::future::Future;
use std::rc::Rc;
use std::sync::Arc;

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Storage(#[from] StorageError),
    /// A backup file that cannot be restored (nothing was written).
    #[error("backup refused: {0}")]
    Backup(RestoreError),
    /// A product a deal's quote uses cannot be deleted.
    #[error("{deals} deal quotes use this product")]
    ProductInUse { deals: usize },
    /// Records that cannot be stored as they are (the same checks as restoring a backup);
    /// nothing was written.
    #[error("{} problems", .0.len())]
    Invalid(Vec<crate::domain::dataset::RecordProblem>),
    /// The pipeline has no open stage to put a new deal in.
    #[error("no open stage")]
    NoOpenStage,
    /// A contract template uses placeholders this app cannot fill (listed); nothing was
    /// written.
    #[error("unknown placeholders")]
    UnknownPlaceholders(Vec<String>),
    /// Records changed or deleted (in another tab, say) since they were read; nothing was
    /// written. The caller offers to reload or to overwrite.
    #[error("{} records changed since they were read", .0.len())]
    Stale(Vec<StaleRecord>),
}

/// What an undo puts back, and the revisions it expects to find: a record the command deleted
/// must still be gone, one it wrote must be as it wrote it. Otherwise (another tab saved over
/// it since) the undo is refused rather than overwriting that.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Undo {
    pub data: crate::domain::Dataset,
    pub expect: Vec<(StoreKind, String, u32)>,
}

impl Undo {
    /// Undo of a delete: every record back, each expected still deleted.
    pub fn of_deleted(data: crate::domain::Dataset) -> Undo {
        let expect = data.keys().into_iter().map(|(k, id)| (k, id, 0)).collect();
        Undo { data, expect }
    }
}

/// A record a write expected at another revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaleRecord {
    pub store: StoreKind,
    pub id: String,
    /// False when it was deleted.
    pub stored: bool,
}

pub type Result<T> = std::result::Result<T, ServiceError>;

/// Today in the user's time zone.
pub fn today() -> NaiveDate {
    chrono::Local::now().date_naive()
}

/// A new record id: `prefix` and a random UUID.
pub fn new_id(prefix: &str) -> String {
    let uuid = web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| format!("{:x}", js_sys::Date::now() as u64));
    format!("{prefix}-{uuid}")
}

/// One cached read: the value with the version of its stores and the day it was read for.
type Slot<T> = RefCell<Option<((u64, NaiveDate), T)>>;

#[derive(Default)]
struct Cache {
    customers: Slot<Arc<Vec<Customer>>>,
    follow_ups: Slot<Arc<Vec<FollowUp>>>,
    graded: Slot<Arc<GradedBook>>,
    customer_list: Slot<Arc<CustomerList>>,
    overview: Slot<crate::domain::dashboard::Overview>,
}

#[derive(Clone)]
pub struct Service {
    db: Db,
    /// Writes other tabs announced, per store.
    remote: Rc<RefCell<[u64; StoreKind::ALL.len()]>>,
    cache: Rc<Cache>,
}

impl Service {
    pub fn new(db: Db) -> Service {
        Service { db, remote: Rc::new(RefCell::new([0; StoreKind::ALL.len()])), cache: Rc::new(Cache::default()) }
    }

    /// Every commit through this connection is announced to other tabs with the stores it
    /// touched.
    pub fn announce_on(&self, feed: ChangeFeed) {
        self.db.on_commit(move |kinds| feed.announce(kinds));
    }

    /// Another tab wrote to `kinds`: what was read from them is stale.
    pub fn written_elsewhere(&self, kinds: &[StoreKind]) {
        let mut remote = self.remote.borrow_mut();
        for k in kinds {
            remote[*k as usize] += 1;
        }
    }

    /// Changes whenever a store in `deps` is written, here or in another tab.
    fn version(&self, deps: &[StoreKind]) -> u64 {
        let remote = self.remote.borrow();
        deps.iter().map(|k| self.db.commits(*k) + remote[*k as usize]).sum()
    }

    /// `read`'s value from `slot` while none of `deps` was written since it was read (today).
    async fn cached<T: Clone, F: Future<Output = Result<T>>>(
        &self,
        slot: fn(&Cache) -> &Slot<T>,
        deps: &[StoreKind],
        read: impl FnOnce() -> F,
    ) -> Result<T> {
        let key = (self.version(deps), today());
        if let Some(hit) = slot(&self.cache).borrow().as_ref().filter(|(k, _)| *k == key).map(|(_, v)| v.clone()) {
            return Ok(hit);
        }
        let value = read().await?;
        // Only kept if nothing was written while it was being read.
        if self.version(deps) == key.0 {
            *slot(&self.cache).borrow_mut() = Some((key, value.clone()));
        }
        Ok(value)
    }
}
