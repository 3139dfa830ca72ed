//! The one door between the UI and the database: named queries (`queries.rs`) and commands
//! (`commands.rs`) in domain types. Pages render and dispatch; they never hold a `Db`.
//!
//! Reads of the whole book are cached here: a cached value is good while the write stamps of
//! the stores it was read from (renewed by every write transaction, in this tab or another;
//! see [`crate::storage::Stamps`]) are unchanged, and only on the day it was read where grades
//! and reminders depend on the date. What is slow to derive from a large book (the dashboard's
//! figures, the customer list, the board's customers) is also kept in the database the same
//! way, for the next visit ([`Service::kept`]).

mod commands;
mod queries;

pub use commands::ImportMode;
pub use queries::{ContractsPage, CustomerDetail, CustomerInfo, CustomerList, EventsPage, GradedBook, PipelineBook, TargetsPage};

use crate::domain::backup::RestoreError;
use crate::domain::customers::{Customer, FollowUp};
use crate::domain::StoreKind;
pub use crate::storage::new_revision;
use crate::storage::{ChangeFeed, Db, Stamps, StorageError};
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
    /// A product shown at events' stands (their kiosk's interests) cannot be deleted.
    #[error("shown at the stand of {}", .events.join(", "))]
    ProductAtEvents { events: Vec<String> },
    /// An event leads were captured at cannot be deleted.
    #[error("{deals} deals were captured at this event")]
    EventInUse { deals: usize },
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

/// One cached read: the value with the stamps of its stores and the day it was read for.
type Slot<T> = RefCell<Option<((Stamps, NaiveDate), T)>>;

/// This build of the app's code (a hash of `src/`, see `build.rs`): a value kept in the
/// database is only reused by the build that derived it.
const BUILD: &str = env!("SALESDESK_BUILD");

#[derive(Default)]
struct Cache {
    customers: Slot<Arc<Vec<Customer>>>,
    follow_ups: Slot<Arc<Vec<FollowUp>>>,
    deals: Slot<Arc<Vec<crate::domain::pipeline::Deal>>>,
    purchases: Slot<Arc<Vec<crate::domain::customers::grading::Purchase>>>,
    /// Every won quote line by day (products' sales for any period, and their demand).
    sales: Slot<Arc<crate::domain::products::analysis::SalesIndex>>,
    /// The last index made, with the won stages' ids it was made with: after a deal or stage
    /// write it is patched rather than made again (while the won stages are the same).
    sales_base: RefCell<Option<(Vec<String>, Arc<crate::domain::products::analysis::SalesIndex>)>>,
    contracts: Slot<Arc<Vec<crate::domain::contracts::Contract>>>,
    graded: Slot<Arc<GradedBook>>,
    customer_list: Slot<Arc<CustomerList>>,
    /// The pipeline cards' customers by id.
    cards: Slot<Arc<std::collections::HashMap<String, queries::CustomerInfo>>>,
    overview: Slot<Arc<(Vec<usize>, crate::domain::dashboard::Overview)>>,
}

#[derive(Clone)]
pub struct Service {
    db: Db,
    cache: Rc<Cache>,
}

impl Service {
    pub fn new(db: Db) -> Service {
        Service { db, cache: Rc::new(Cache::default()) }
    }

    /// Every commit through this connection is announced to other tabs with the stores it
    /// touched.
    pub fn announce_on(&self, feed: ChangeFeed) {
        self.db.on_commit(move |kinds| feed.announce(kinds));
    }

    /// `read`'s value from `slot` while none of `deps` was written since it was read (today).
    async fn cached<T: Clone, F: Future<Output = Result<T>>>(
        &self,
        slot: fn(&Cache) -> &Slot<T>,
        deps: &[StoreKind],
        read: impl FnOnce() -> F,
    ) -> Result<T> {
        let Some(stamps) = self.db.stamps(deps).await? else { return read().await };
        let key = (stamps, today());
        if let Some(hit) = slot(&self.cache).borrow().as_ref().filter(|(k, _)| *k == key).map(|(_, v)| v.clone()) {
            return Ok(hit);
        }
        let value = read().await?;
        // Only kept if nothing was written while it was being read.
        if self.db.stamps(deps).await?.as_ref() == Some(&key.0) {
            *slot(&self.cache).borrow_mut() = Some((key, value.clone()));
        }
        Ok(value)
    }

    /// `derive`'s value, kept in memory in `slot` and in the database as `name` (see
    /// [`Service::cached`] and [`Service::persisted`]).
    async fn kept<T: serde::Serialize + serde::de::DeserializeOwned, F: Future<Output = Result<T>>>(
        &self,
        slot: fn(&Cache) -> &Slot<Arc<T>>,
        name: &str,
        deps: &[StoreKind],
        derive: impl FnOnce() -> F,
    ) -> Result<Arc<T>> {
        self.cached(slot, deps, || async { Ok(Arc::new(self.persisted(name, deps, derive).await?)) }).await
    }

    /// `derive`'s value as kept in the database as `name` while none of `deps` was written
    /// since (and on the same day, by the same build); otherwise derived now and kept. A value
    /// that cannot be kept (storage full, say) is still returned.
    async fn persisted<T: serde::Serialize + serde::de::DeserializeOwned, F: Future<Output = Result<T>>>(
        &self,
        name: &str,
        deps: &[StoreKind],
        derive: impl FnOnce() -> F,
    ) -> Result<T> {
        self.persisted_as(name, deps, derive, |value| serde_json::to_vec(value).ok(), |bytes| serde_json::from_slice(bytes).ok()).await
    }

    /// [`Service::persisted`] with bytes of its own: `encode` (`None`: not kept) and `decode`
    /// (`None`: derived again).
    async fn persisted_as<T, F: Future<Output = Result<T>>>(
        &self,
        name: &str,
        deps: &[StoreKind],
        derive: impl FnOnce() -> F,
        encode: impl FnOnce(&T) -> Option<Vec<u8>>,
        decode: impl FnOnce(&[u8]) -> Option<T>,
    ) -> Result<T> {
        let Some(stamps) = self.db.stamps(deps).await? else { return derive().await };
        let key = format!("{BUILD}|{}|{}", today(), stamps.key());
        // Sealed with a checksum: a value changed after it was kept is derived again.
        if let Some(value) = self.db.kept(name, &key).await?.and_then(|bytes| decode(crate::domain::columns::unsealed(&bytes)?)) {
            return Ok(value);
        }
        // Everything `derive` reads was read after `stamps`; `keep` checks they still hold.
        let value = derive().await?;
        if let Some(bytes) = encode(&value) {
            let _ = self.db.keep(name, &key, deps, &stamps, &crate::domain::columns::sealed(bytes)).await;
        }
        Ok(value)
    }
}
