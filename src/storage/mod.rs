//! IndexedDB: the only place that touches `indexed_db_futures`. Exposes an async repository in
//! domain types; schema migrations run in order on open; each multi-record write is one
//! transaction.

mod browser;
pub mod upgrade;

pub use browser::{request_persistence, ChangeFeed, Persistence};

use crate::domain::dataset::{Counts, Dataset, Record, StoreKind, StoreVisitor};
use indexed_db_futures::database::Database;
use indexed_db_futures::error::{Error as IdbError, OpenDbError};
use indexed_db_futures::prelude::*;
use indexed_db_futures::transaction::{Transaction, TransactionMode};
use std::cell::{Cell, RefCell};
use std::rc::Rc;
use upgrade::{Opened, StepResult, Upgrade};
use wasm_bindgen::{JsCast, JsValue};

pub const DB_NAME: &str = "salesdesk";

/// A new revision for a record being written: random, never 0 (0 means never stored).
pub fn new_revision() -> u32 {
    1 + (js_sys::Math::random() * f64::from(u32::MAX - 1)) as u32
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum StorageError {
    /// No IndexedDB (some private modes, locked-down browsers).
    #[error("browser storage is unavailable: {0}")]
    Unavailable(String),
    /// The database was written by a newer build of the app; it is left untouched.
    #[error("database schema {found} is newer than this app ({supported})")]
    NewerSchema { found: u32, supported: u32 },
    #[error("storage quota exceeded")]
    QuotaExceeded,
    /// Another tab upgraded the database and this connection was closed.
    #[error("connection closed by another tab")]
    Closed,
    /// A write broke a uniqueness rule (e.g. two customers with one code); nothing was written.
    #[error("conflicting records: {0}")]
    Conflict(String),
    /// Records this write points at do not exist (another tab deleted them, say); their
    /// positions in the list of required records. Nothing was written.
    #[error("{} referenced records are missing", .0.len())]
    Missing(Vec<usize>),
    /// Records stored with another revision than the writer read (changed or deleted since,
    /// in another tab say): their positions in the expected revisions, and whether each is
    /// still stored. Nothing was written.
    #[error("{} records changed since they were read", .0.len())]
    Stale(Vec<(usize, bool)>),
    /// Codes that another record holds: (store, code). Nothing was written.
    #[error("{} codes are taken", .0.len())]
    CodeTaken(Vec<(StoreKind, String)>),
    #[error("storage error: {0}")]
    Failed(String),
}

pub type Result<T> = std::result::Result<T, StorageError>;

/// Records to write and (store, id) pairs to delete, together.
pub type Writes = (Dataset, Vec<(StoreKind, String)>);

/// What a write must find when its transaction runs, or it writes nothing.
#[derive(Default)]
pub struct Expect<'a> {
    /// Records that must be stored (what the write points at).
    pub required: &'a [(StoreKind, String)],
    /// (store, id, revision): the revision each record must be stored with; 0 means it must
    /// not be stored.
    pub revisions: &'a [(StoreKind, String, u32)],
}

/// The one field the revision check reads of a stored record.
#[derive(serde::Deserialize)]
struct Revision {
    #[serde(default)]
    rev: u32,
}

/// Records a planned write reads inside its transaction (see [`Db::apply_after_reads`]).
#[derive(Clone, Debug)]
pub enum Read<'a> {
    /// The records of a store's index holding a key (a deal's follow-ups: "by_deal", its id).
    Index(StoreKind, &'a str, String),
    /// One record by id, if it is stored.
    Key(StoreKind, String),
}

impl Read<'_> {
    fn kind(&self) -> StoreKind {
        match self {
            Read::Index(kind, ..) | Read::Key(kind, _) => *kind,
        }
    }
}

/// One schema step, run inside the version-change transaction. Ordered, never reordered:
/// append a step to change the schema.
type Migration = fn(&Upgrade) -> StepResult;

const MIGRATIONS: &[Migration] = &[
    // 1: customers, products and the pipeline
    |up| {
        // Unique code indexes back up validation: a duplicate aborts the whole write.
        up.create_store(StoreKind::Customers.name())?.unique_index("by_code", "code")?.index("by_status", "status")?;
        up.create_store(StoreKind::Products.name())?.unique_index("by_code", "code")?;
        up.create_store(StoreKind::Stages.name())?;
        up.create_store(StoreKind::Deals.name())?.index("by_stage", "stage_id")?.index("by_customer", "customer_id")?;
        up.create_store(StoreKind::Settings.name())?;
        Ok(())
    },
    // 2: customer relationship records
    |up| {
        up.create_store(StoreKind::FollowUps.name())?.index("by_customer", "customer_id")?.index("by_next_date", "next_date")?;
        up.create_store(StoreKind::ServiceCases.name())?.index("by_customer", "customer_id")?;
        Ok(())
    },
    // 3: contracts, templates and targets
    |up| {
        up.create_store(StoreKind::Contracts.name())?
            .index("by_customer", "customer_id")?
            .index("by_status", "status")?
            .unique_index("by_number", "number")?;
        up.create_store(StoreKind::ContractTemplates.name())?;
        up.create_store(StoreKind::SalesTargets.name())?;
        Ok(())
    },
    // 4: indexes on stores that already hold records: a deal's follow-ups and contracts
    |up| {
        up.store(StoreKind::FollowUps.name())?.index("by_deal", "deal_id")?;
        up.store(StoreKind::Contracts.name())?.index("by_deal", "deal_id")?;
        Ok(())
    },
    // 5: the book as it was before the last replace or erase (not part of backups)
    |up| {
        up.create_store(SNAPSHOTS)?;
        Ok(())
    },
    // 6: every record gets a revision (0 means "never stored", which a stored record is not)
    |up| {
        // The stores of schema 6, named once (a store added later starts with revisions of its
        // own, so this list never grows).
        const SCHEMA_6: [StoreKind; 10] = [
            StoreKind::Customers,
            StoreKind::FollowUps,
            StoreKind::ServiceCases,
            StoreKind::Products,
            StoreKind::Stages,
            StoreKind::Deals,
            StoreKind::Contracts,
            StoreKind::ContractTemplates,
            StoreKind::SalesTargets,
            StoreKind::Settings,
        ];
        for kind in SCHEMA_6 {
            up.store(kind.name())?.rewrite(|record| {
                let rev = js_sys::Reflect::get(&record, &"rev".into()).ok().and_then(|v| v.as_f64()).unwrap_or(0.0);
                (rev == 0.0).then(|| {
                    let _ = js_sys::Reflect::set(&record, &"rev".into(), &new_revision().into());
                    record
                })
            })?;
        }
        Ok(())
    },
    // 7: stock points; a book from before them starts with each product's stock today
    |up| {
        let points = up.create_store(StoreKind::StockPoints.name())?;
        points.index("by_product", "product_id")?;
        up.derive(StoreKind::Products.name(), &points, |product| {
            let id = js_sys::Reflect::get(&product, &"id".into()).ok()?.as_string()?;
            let stock = js_sys::Reflect::get(&product, &"stock".into()).ok()?.as_f64()?;
            let now = chrono::Utc::now();
            let point = crate::domain::products::stock::StockPoint {
                id: crate::domain::products::stock::point_id(&id, crate::service::today()),
                product_id: id,
                date: crate::service::today(),
                stock: stock as i64,
                cause: crate::domain::products::stock::StockCause::Opening,
                created_at: now,
                updated_at: now,
                rev: new_revision(),
            };
            js_sys::JSON::parse(&serde_json::to_string(&point).ok()?).ok()
        })
    },
    // 8: values derived from the records, kept between visits, and each store's write stamp
    // (see [`DERIVED`]). A later step that rewrites records must also clear this store.
    |up| {
        up.create_store(DERIVED)?;
        Ok(())
    },
    // 9: trade shows and other events, which deals captured there point at, and the
    // business-card photos taken for leads
    |up| {
        up.create_store(StoreKind::Events.name())?;
        up.create_store(StoreKind::CardPhotos.name())?.index("by_deal", "deal_id")?;
        Ok(())
    },
];

/// Values derived from the records and kept between visits (the dashboard's figures), and a
/// stamp per record store that every write transaction renews in that same transaction. A kept
/// value is good exactly while the stamps it was made at are unchanged, whoever wrote (this
/// tab, another tab, an older connection): see [`Db::stamps`] and [`Db::keep`].
const DERIVED: &str = "derived";

/// The write stamps of some record stores, as [`Db::stamps`] read them. A store not written
/// since the stamps began has none.
#[derive(Clone, Debug, PartialEq)]
pub struct Stamps(Vec<Option<f64>>);

impl Stamps {
    /// A text naming these stamps, for a kept value's key.
    pub fn key(&self) -> String {
        self.0.iter().map(|s| s.map(|s| format!("{s}")).unwrap_or_default()).collect::<Vec<_>>().join(",")
    }

    /// Of these stamps of every store ([`StoreKind::ALL`]), those of `kinds`, as
    /// [`Db::stamps`] reads them.
    pub fn of(&self, kinds: &[StoreKind]) -> Stamps {
        Stamps(kinds.iter().map(|k| StoreKind::ALL.iter().position(|a| a == k).and_then(|i| self.0.get(i).copied().flatten())).collect())
    }
}

fn kept_field(record: &JsValue, field: &str) -> Option<JsValue> {
    js_sys::Reflect::get(record, &field.into()).ok()
}

fn stamp_id(kind: StoreKind) -> String {
    format!("stamp:{}", kind.name())
}

/// The store that keeps the book as it was before the last replace or erase.
const SNAPSHOTS: &str = "snapshots";
const LAST_SNAPSHOT: &str = "before-last-replace";

/// The whole book as it was at `taken_at`, kept so a replace or erase can be undone.
#[derive(Clone, Debug, serde::Serialize, serde::Deserialize)]
pub struct Snapshot {
    pub id: String,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
    pub taken_at: chrono::DateTime<chrono::Utc>,
    pub data: Dataset,
}

pub const SCHEMA_VERSION: u32 = MIGRATIONS.len() as u32;

/// Called after every committed write through a connection, with the stores it touched.
type CommitHook = Rc<RefCell<Option<Box<dyn Fn(&[StoreKind])>>>>;

#[derive(Clone)]
pub struct Db {
    db: Database,
    closed: Rc<Cell<bool>>,
    /// Committed write transactions through this connection, per store: a cache built from a
    /// store's read is good while its count is unchanged (and no other tab wrote to it).
    commits: Rc<RefCell<[u64; StoreKind::ALL.len()]>>,
    on_commit: CommitHook,
    /// The schema has [`DERIVED`] (tests open older schemas, which have no stamps).
    stamped: bool,
}

impl Db {
    pub async fn open(name: &str) -> Result<Db> {
        Db::open_at(name, SCHEMA_VERSION).await
    }

    /// Opens with the first `version` migrations applied (older versions exist for tests).
    pub async fn open_at(name: &str, version: u32) -> Result<Db> {
        let db = Db::open_once(name, version).await?;
        // A first upgrade whose page went away before its migrations ran (a reload during
        // the first visit) leaves the database at the version with no store at all: Chromium
        // commits the empty version change. Nothing can be in it, so it is made again.
        if version > 0 && db.db.object_store_names().next().is_none() {
            db.db.close();
            Database::delete_by_name(name).map_err(|e| StorageError::Failed(e.to_string()))?.await.map_err(|e| StorageError::Failed(e.to_string()))?;
            return Db::open_once(name, version).await;
        }
        Ok(db)
    }

    async fn open_once(name: &str, version: u32) -> Result<Db> {
        match upgrade::upgrade(name, version, MIGRATIONS).await {
            Opened::Ready => {}
            Opened::Newer => {
                let found = match Database::open(name).await {
                    Ok(db) => {
                        let v = db.version() as u32;
                        db.close();
                        v
                    }
                    Err(_) => 0,
                };
                return Err(StorageError::NewerSchema { found, supported: version });
            }
            Opened::Unavailable(why) => return Err(StorageError::Unavailable(why)),
            Opened::Failed(e) => return Err(StorageError::Failed(format!("upgrade: {} {}", e.name.unwrap_or_default(), e.message))),
        }
        // Upgraded above; this connection only opens.
        let opened = Database::open(name).with_version(version).await;
        match opened {
            Ok(db) => Ok(Db {
                stamped: db.object_store_names().any(|n| n == DERIVED),
                db,
                closed: Rc::new(Cell::new(false)),
                commits: Rc::new(RefCell::new([0; StoreKind::ALL.len()])),
                on_commit: Rc::new(RefCell::new(None)),
            }),
            Err(e) if dom_name_open(&e).as_deref() == Some("VersionError") => {
                Err(StorageError::NewerSchema { found: 0, supported: version })
            }
            Err(OpenDbError::UnsupportedEnvironment | OpenDbError::NullFactory) => {
                Err(StorageError::Unavailable("indexedDB".into()))
            }
            Err(e) => match dom_name_open(&e).as_deref() {
                Some("InvalidStateError") | Some("SecurityError") => Err(StorageError::Unavailable(e.to_string())),
                _ => Err(StorageError::Failed(e.to_string())),
            },
        }
    }

    pub fn version(&self) -> u32 {
        self.db.version() as u32
    }

    /// How many write transactions touching `kind` this connection has committed.
    pub fn commits(&self, kind: StoreKind) -> u64 {
        self.commits.borrow()[kind as usize]
    }

    /// `hook` hears every commit through this connection with the stores it touched (the app
    /// tells other tabs with it).
    pub fn on_commit(&self, hook: impl Fn(&[StoreKind]) + 'static) {
        *self.on_commit.borrow_mut() = Some(Box::new(hook));
    }

    /// Commits `tx`, renewing the stamps of the stores it `touched` in it.
    async fn commit(&self, tx: Transaction<'_>, touched: &[StoreKind]) -> Result<()> {
        self.commit_reading(tx, touched, false).await.map(drop)
    }

    /// [`Db::commit`]; with `read_back`, also the stamps of every store ([`StoreKind::ALL`]) as
    /// it leaves them, read in its own transaction (`None` without stamps).
    async fn commit_reading(&self, tx: Transaction<'_>, touched: &[StoreKind], read_back: bool) -> Result<Option<Stamps>> {
        if self.stamped && !touched.is_empty() {
            let store = tx.object_store(DERIVED).map_err(|e| self.error(e))?;
            let stamp = js_sys::Math::random();
            for kind in touched {
                let record = js_sys::Object::new();
                let _ = js_sys::Reflect::set(&record, &"id".into(), &stamp_id(*kind).into());
                let _ = js_sys::Reflect::set(&record, &"stamp".into(), &stamp.into());
                store.put(record).primitive().map_err(|e| self.error(e))?;
            }
        }
        let after = if read_back && self.stamped { Some(self.stamps_in(&tx, &StoreKind::ALL).await?) } else { None };
        tx.commit().await.map_err(|e| self.error(e))?;
        {
            let mut commits = self.commits.borrow_mut();
            for kind in touched {
                commits[*kind as usize] += 1;
            }
        }
        if let Some(hook) = self.on_commit.borrow().as_ref() {
            hook(touched);
        }
        Ok(after)
    }

    /// The write stamps of `kinds` now; `None` for a schema without them (nothing derived can
    /// be known good then).
    pub async fn stamps(&self, kinds: &[StoreKind]) -> Result<Option<Stamps>> {
        if !self.stamped {
            return Ok(None);
        }
        let tx = self.db.transaction(DERIVED).build().map_err(|e| self.error(e))?;
        Ok(Some(self.stamps_in(&tx, kinds).await?))
    }

    async fn stamps_in(&self, tx: &Transaction<'_>, kinds: &[StoreKind]) -> Result<Stamps> {
        let store = tx.object_store(DERIVED).map_err(|e| self.error(e))?;
        // Every request goes out before the first answer is awaited.
        let mut requests = Vec::with_capacity(kinds.len());
        for kind in kinds {
            requests.push(store.get::<JsValue, _, _>(stamp_id(*kind)).primitive().map_err(|e| self.error(e))?);
        }
        let mut stamps = Vec::with_capacity(kinds.len());
        for request in requests {
            let found = request.await.map_err(|e| self.error(e))?;
            stamps.push(found.and_then(|r| js_sys::Reflect::get(&r, &"stamp".into()).ok()).and_then(|v| v.as_f64()));
        }
        Ok(Stamps(stamps))
    }

    /// The value kept as `name` if it was kept with `key` (which names the stamps and anything
    /// else it was derived from): the bytes given to [`Db::keep`]. Kept as bytes, a value of
    /// tens of megabytes comes back as one copy, not as text converted twice.
    pub async fn kept(&self, name: &str, key: &str) -> Result<Option<Vec<u8>>> {
        Ok(self
            .kept_record(name)
            .await?
            .filter(|r| kept_field(r, "key").and_then(|k| k.as_string()).as_deref() == Some(key))
            .and_then(|r| kept_field(&r, "data")?.dyn_into::<js_sys::Uint8Array>().ok())
            .map(|bytes| bytes.to_vec()))
    }

    /// The record of the value kept as `name` (its `key` and `data`), if any.
    async fn kept_record(&self, name: &str) -> Result<Option<JsValue>> {
        if !self.stamped {
            return Ok(None);
        }
        let tx = self.db.transaction(DERIVED).build().map_err(|e| self.error(e))?;
        let store = tx.object_store(DERIVED).map_err(|e| self.error(e))?;
        store.get::<JsValue, _, _>(format!("value:{name}")).primitive().map_err(|e| self.error(e))?.await.map_err(|e| self.error(e))
    }

    /// Keeps `data` as `name` with `key`, only if the stamps of `kinds` are still `made_at` (no
    /// write came between the reads it was derived from and now). True when kept.
    pub async fn keep(&self, name: &str, key: &str, kinds: &[StoreKind], made_at: &Stamps, data: &[u8]) -> Result<bool> {
        if !self.stamped {
            return Ok(false);
        }
        let tx = self.db.transaction(DERIVED).with_mode(TransactionMode::Readwrite).build().map_err(|e| self.error(e))?;
        if self.stamps_in(&tx, kinds).await? != *made_at {
            let _ = tx.abort().await;
            return Ok(false);
        }
        let store = tx.object_store(DERIVED).map_err(|e| self.error(e))?;
        let record = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&record, &"id".into(), &format!("value:{name}").into());
        let _ = js_sys::Reflect::set(&record, &"key".into(), &key.into());
        let _ = js_sys::Reflect::set(&record, &"data".into(), &js_sys::Uint8Array::from(data).into());
        store.put(record).primitive().map_err(|e| self.error(e))?;
        tx.commit().await.map_err(|e| self.error(e))?;
        Ok(true)
    }

    /// The value kept as `name` whatever its key: the key and the bytes.
    pub async fn kept_entry(&self, name: &str) -> Result<Option<(String, Vec<u8>)>> {
        Ok(self.kept_record(name).await?.and_then(|r| {
            let key = kept_field(&r, "key")?.as_string()?;
            let data = kept_field(&r, "data")?.dyn_into::<js_sys::Uint8Array>().ok()?.to_vec();
            Some((key, data))
        }))
    }

    /// Drops the value kept as `name` (the next read derives it again).
    pub async fn forget_kept(&self, name: &str) -> Result<()> {
        if !self.stamped {
            return Ok(());
        }
        let tx = self.db.transaction(DERIVED).with_mode(TransactionMode::Readwrite).build().map_err(|e| self.error(e))?;
        let store = tx.object_store(DERIVED).map_err(|e| self.error(e))?;
        store.delete(format!("value:{name}")).build().map_err(|e| self.error(e))?;
        tx.commit().await.map_err(|e| self.error(e))
    }

    pub fn close(&self) {
        self.closed.set(true);
        self.db.clone().close();
    }

    /// When another tab opens a newer schema, close this connection (so the upgrade is not
    /// blocked) and tell the app.
    pub fn close_on_version_change(&self, on_close: impl FnOnce() + 'static) {
        let Ok(mut changes) = self.db.version_changes() else { return };
        let this = self.clone();
        wasm_bindgen_futures::spawn_local(async move {
            if changes.recv().await.is_some() {
                this.close();
                on_close();
            }
        });
    }

    pub async fn counts(&self) -> Result<Counts> {
        let tx = self.read_tx()?;
        let mut counts = Counts::default();
        for kind in StoreKind::ALL {
            let store = tx.object_store(kind.name()).map_err(|e| self.error(e))?;
            let n: u32 = store.count().primitive().map_err(|e| self.error(e))?.await.map_err(|e| self.error(e))?;
            counts.set(kind, n as usize);
        }
        Ok(counts)
    }

    pub async fn load_all(&self) -> Result<Dataset> {
        let tx = self.read_tx()?;
        self.load_in(&tx).await
    }

    async fn load_in(&self, tx: &Transaction<'_>) -> Result<Dataset> {
        Ok(Dataset {
            customers: self.read_store(tx).await?,
            follow_ups: self.read_store(tx).await?,
            service_cases: self.read_store(tx).await?,
            products: self.read_store(tx).await?,
            stages: self.read_store(tx).await?,
            deals: self.read_store(tx).await?,
            contracts: self.read_store(tx).await?,
            contract_templates: self.read_store(tx).await?,
            sales_targets: self.read_store(tx).await?,
            stock_points: self.read_store(tx).await?,
            events: self.read_store(tx).await?,
            card_photos: self.read_store(tx).await?,
            settings: self.read_store(tx).await?,
        })
    }

    /// [`Db::load_all`] with the stamps of every store ([`StoreKind::ALL`]) it was read at,
    /// in the same transaction (`None` without stamps).
    pub async fn load_all_stamped(&self) -> Result<(Dataset, Option<Stamps>)> {
        if !self.stamped {
            return Ok((self.load_all().await?, None));
        }
        let mut names: Vec<&str> = StoreKind::ALL.iter().map(|k| k.name()).collect();
        names.push(DERIVED);
        let tx = self.db.transaction(names).build().map_err(|e| self.error(e))?;
        let stamps = self.stamps_in(&tx, &StoreKind::ALL).await?;
        Ok((self.load_in(&tx).await?, Some(stamps)))
    }

    pub async fn get_all<T: Record>(&self) -> Result<Vec<T>> {
        let tx = self.db.transaction(T::STORE.name()).build().map_err(|e| self.error(e))?;
        self.read_store(&tx).await
    }

    /// One record by id.
    pub async fn get<T: Record>(&self, id: &str) -> Result<Option<T>> {
        let tx = self.db.transaction(T::STORE.name()).build().map_err(|e| self.error(e))?;
        let store = tx.object_store(T::STORE.name()).map_err(|e| self.error(e))?;
        let found = store.get::<JsValue, _, _>(id).primitive().map_err(|e| self.error(e))?.await.map_err(|e| self.error(e))?;
        found.map(|v| from_js(&v, T::STORE.name())).transpose()
    }

    /// The records whose `index` holds exactly `key` (e.g. a customer's follow-ups by
    /// `by_customer`), without reading the rest of the store.
    pub async fn get_by<T: Record>(&self, index: &str, key: &str) -> Result<Vec<T>> {
        let tx = self.db.transaction(T::STORE.name()).build().map_err(|e| self.error(e))?;
        let store = tx.object_store(T::STORE.name()).map_err(|e| self.error(e))?;
        let index = store.index(index).map_err(|e| self.error(e))?;
        let rows = index.get_all::<JsValue>().with_query(key.to_string()).primitive().map_err(|e| self.error(e))?.await.map_err(|e| self.error(e))?;
        self.decode_rows(rows)
    }

    /// Writes one record (create or update).
    pub async fn put<T: Record>(&self, record: &T) -> Result<()> {
        let tx = self.write_tx(&[T::STORE])?;
        let store = tx.object_store(T::STORE.name()).map_err(|e| self.error(e))?;
        store.put(to_js(record)?).primitive().map_err(|e| self.error(e))?;
        self.commit(tx, &[T::STORE]).await
    }

    pub async fn delete<T: Record>(&self, id: &str) -> Result<()> {
        let tx = self.write_tx(&[T::STORE])?;
        let store = tx.object_store(T::STORE.name()).map_err(|e| self.error(e))?;
        store.delete(id).build().map_err(|e| self.error(e))?;
        self.commit(tx, &[T::STORE]).await
    }

    /// Deletes the given records from their stores in one transaction.
    pub async fn delete_records(&self, records: &[(StoreKind, String)]) -> Result<()> {
        self.apply(&Dataset::default(), records).await
    }

    /// Writes `puts` and deletes `deletes`, all in one transaction.
    pub async fn apply(&self, puts: &Dataset, deletes: &[(StoreKind, String)]) -> Result<()> {
        self.write(puts, false, deletes).await
    }

    /// [`Db::apply`] only if what `expect` says holds when the transaction runs and no code
    /// of `puts` is held by another record (otherwise nothing is written).
    pub async fn apply_checked(&self, puts: &Dataset, deletes: &[(StoreKind, String)], expect: &Expect<'_>) -> Result<()> {
        let tx = self.write_tx(&StoreKind::ALL)?;
        self.check_in(&tx, expect, puts, deletes).await?;
        self.write_in(tx, puts, false, deletes).await
    }

    /// [`Db::require`], then the revisions, then the codes of `puts`.
    async fn check_in(&self, tx: &Transaction<'_>, expect: &Expect<'_>, puts: &Dataset, deletes: &[(StoreKind, String)]) -> Result<()> {
        self.require(tx, expect.required).await?;
        // All requests go out before the first is awaited: one round of waiting, not one per record.
        let mut pending = Vec::with_capacity(expect.revisions.len());
        for (kind, id, _) in expect.revisions {
            let store = tx.object_store(kind.name()).map_err(|e| self.error(e))?;
            pending.push(store.get::<JsValue, _, _>(id.as_str()).primitive().map_err(|e| self.error(e))?);
        }
        let mut stale = Vec::new();
        for (i, request) in pending.into_iter().enumerate() {
            let stored: Option<Revision> = request.await.map_err(|e| self.error(e))?.map(|v| from_js(&v, expect.revisions[i].0.name())).transpose()?;
            let expected = expect.revisions[i].2;
            match stored {
                Some(r) if r.rev != expected || expected == 0 => stale.push((i, true)),
                None if expected != 0 => stale.push((i, false)),
                _ => {}
            }
        }
        if !stale.is_empty() {
            return Err(StorageError::Stale(stale));
        }
        self.check_codes(tx, puts, deletes).await
    }

    /// Fails with the codes of `puts` that another stored record holds.
    async fn check_codes(&self, tx: &Transaction<'_>, puts: &Dataset, deletes: &[(StoreKind, String)]) -> Result<()> {
        struct Codes(Vec<(StoreKind, &'static str, String, String)>);
        impl StoreVisitor for Codes {
            fn visit<T: Record>(&mut self, records: &[T]) {
                for r in records {
                    if let Some((index, code)) = r.unique_code() {
                        self.0.push((T::STORE, index, code.to_string(), r.id().to_string()));
                    }
                }
            }
        }
        let mut codes = Codes(Vec::new());
        puts.visit(&mut codes);
        let mut pending = Vec::with_capacity(codes.0.len());
        for (kind, index, code, _) in &codes.0 {
            let store = tx.object_store(kind.name()).map_err(|e| self.error(e))?;
            let index = store.index(index).map_err(|e| self.error(e))?;
            pending.push(index.get_key::<String, _>(code.clone()).primitive().map_err(|e| self.error(e))?);
        }
        let mut taken = Vec::new();
        let written: Vec<(StoreKind, String, String)> = codes.0.iter().map(|(k, _, c, id)| (*k, id.clone(), c.clone())).collect();
        for (request, (kind, _, code, id)) in pending.into_iter().zip(codes.0) {
            let holder: Option<String> = request.await.map_err(|e| self.error(e))?;
            // Deletes run before puts: a holder this write deletes frees its code, and so does
            // one it rewrites with another code (the undo of a merge that swapped codes).
            let released = |h: &String| {
                deletes.iter().any(|(k, d)| *k == kind && d == h) || written.iter().any(|(k, i, c)| *k == kind && i == h && *c != code)
            };
            if holder.is_some_and(|h| h != id && !released(&h)) {
                taken.push((kind, code));
            }
        }
        if taken.is_empty() {
            Ok(())
        } else {
            Err(StorageError::CodeTaken(taken))
        }
    }

    /// Fails with the positions in `required` of records that are not stored.
    async fn require(&self, tx: &Transaction<'_>, required: &[(StoreKind, String)]) -> Result<()> {
        let mut missing = Vec::new();
        for (i, (kind, id)) in required.iter().enumerate() {
            let store = tx.object_store(kind.name()).map_err(|e| self.error(e))?;
            let n: u32 = store.count().with_query(id.clone()).primitive().map_err(|e| self.error(e))?.await.map_err(|e| self.error(e))?;
            if n == 0 {
                missing.push(i);
            }
        }
        if missing.is_empty() {
            Ok(())
        } else {
            Err(StorageError::Missing(missing))
        }
    }

    /// Empties every store and writes `data`, all in one transaction: on any failure nothing
    /// changes.
    pub async fn replace_all(&self, data: &Dataset) -> Result<()> {
        self.write_dataset(data, true).await
    }

    /// [`Db::replace_all`], keeping what was there as the snapshot (when there was anything),
    /// in the same transaction: the replace can be undone until the next one. Returns what was
    /// there, and the stamps of every store ([`StoreKind::ALL`]) as the replace left them.
    pub async fn replace_keeping_snapshot(&self, data: &Dataset, taken_at: chrono::DateTime<chrono::Utc>) -> Result<(Dataset, Option<Stamps>)> {
        let tx = self.snapshot_tx()?;
        let previous = self.load_in(&tx).await?;
        if previous.total() > 0 {
            let store = tx.object_store(SNAPSHOTS).map_err(|e| self.error(e))?;
            let snapshot = Snapshot { id: LAST_SNAPSHOT.into(), taken_at, data: previous.clone() };
            store.put(to_js(&snapshot)?).primitive().map_err(|e| self.error(e))?;
        }
        let after = self.write_in_reading(tx, data, true, &[], true).await?;
        Ok((previous, after))
    }

    /// The book as it was before the last replace or erase, if kept.
    pub async fn snapshot(&self) -> Result<Option<Snapshot>> {
        let tx = self.db.transaction(SNAPSHOTS).build().map_err(|e| self.error(e))?;
        let store = tx.object_store(SNAPSHOTS).map_err(|e| self.error(e))?;
        let found = store.get::<JsValue, _, _>(LAST_SNAPSHOT).primitive().map_err(|e| self.error(e))?.await.map_err(|e| self.error(e))?;
        found.map(|v| from_js(&v, SNAPSHOTS)).transpose()
    }

    /// Puts the snapshot's book back in place of the current one, which becomes the snapshot
    /// (so this too can be undone), in one transaction. False when there is none.
    pub async fn restore_snapshot(&self, taken_at: chrono::DateTime<chrono::Utc>) -> Result<bool> {
        let tx = self.snapshot_tx()?;
        let store = tx.object_store(SNAPSHOTS).map_err(|e| self.error(e))?;
        let found = store.get::<JsValue, _, _>(LAST_SNAPSHOT).primitive().map_err(|e| self.error(e))?.await.map_err(|e| self.error(e))?;
        let Some(snapshot) = found.map(|v| from_js::<Snapshot>(&v, SNAPSHOTS)).transpose()? else {
            return Ok(false);
        };
        let current = self.load_in(&tx).await?;
        if current.total() > 0 {
            store.put(to_js(&Snapshot { id: LAST_SNAPSHOT.into(), taken_at, data: current })?).primitive().map_err(|e| self.error(e))?;
        } else {
            store.delete(LAST_SNAPSHOT).build().map_err(|e| self.error(e))?;
        }
        self.write_in(tx, &snapshot.data, true, &[]).await?;
        Ok(true)
    }

    /// A write transaction over every record store and the snapshot store.
    fn snapshot_tx(&self) -> Result<Transaction<'_>> {
        let mut names: Vec<&str> = StoreKind::ALL.iter().map(|k| k.name()).collect();
        names.push(SNAPSHOTS);
        if self.stamped {
            names.push(DERIVED);
        }
        self.db.transaction(names).with_mode(TransactionMode::Readwrite).build().map_err(|e| self.error(e))
    }

    /// Writes every record of `data` over what is stored (merge), in one transaction.
    pub async fn put_all(&self, data: &Dataset) -> Result<()> {
        self.write_dataset(data, false).await
    }

    /// [`Db::put_all`], giving the stamps of every store ([`StoreKind::ALL`]) as its
    /// transaction found them and as it left them (`None`s without stamps).
    pub async fn put_all_stamped(&self, data: &Dataset) -> Result<(Option<Stamps>, Option<Stamps>)> {
        let tx = self.write_tx(&StoreKind::ALL)?;
        let before = if self.stamped { Some(self.stamps_in(&tx, &StoreKind::ALL).await?) } else { None };
        let after = self.write_in_reading(tx, data, false, &[], true).await?;
        Ok((before, after))
    }

    pub async fn erase_all(&self) -> Result<()> {
        self.write_dataset(&Dataset::default(), true).await
    }

    async fn write_dataset(&self, data: &Dataset, clear: bool) -> Result<()> {
        self.write(data, clear, &[]).await
    }

    /// Reads every `R` and writes what `plan` makes of them, in one transaction: nothing
    /// another tab writes can come between the read and the write. A `None` plan writes
    /// nothing (false).
    /// `expect` is checked first, as in [`Db::apply_checked`], with the codes of `puts`.
    pub async fn apply_after_read<R: Record>(&self, expect: &Expect<'_>, puts: &Dataset, plan: impl FnOnce(Vec<R>) -> Option<Writes>) -> Result<bool> {
        let tx = self.write_tx(&StoreKind::ALL)?;
        self.check_in(&tx, expect, puts, &[]).await?;
        let current: Vec<R> = self.read_store(&tx).await?;
        self.write_planned(tx, plan(current)).await
    }

    /// [`Db::apply_after_read`] over the records `reads` names (a deal's follow-ups and
    /// contracts by index, say, or records by id), read inside the transaction; `expect` and
    /// the codes of `puts` are checked first.
    pub async fn apply_after_reads(&self, expect: &Expect<'_>, puts: &Dataset, reads: &[Read<'_>], plan: impl FnOnce(Dataset) -> Option<Writes>) -> Result<bool> {
        let tx = self.write_tx(&StoreKind::ALL)?;
        self.check_in(&tx, expect, puts, &[]).await?;
        let mut found = Dataset::default();
        for read in reads {
            match read.kind() {
                StoreKind::Customers => found.customers.extend(self.read_one(&tx, read).await?),
                StoreKind::FollowUps => found.follow_ups.extend(self.read_one(&tx, read).await?),
                StoreKind::ServiceCases => found.service_cases.extend(self.read_one(&tx, read).await?),
                StoreKind::Products => found.products.extend(self.read_one(&tx, read).await?),
                StoreKind::Stages => found.stages.extend(self.read_one(&tx, read).await?),
                StoreKind::Deals => found.deals.extend(self.read_one(&tx, read).await?),
                StoreKind::Contracts => found.contracts.extend(self.read_one(&tx, read).await?),
                StoreKind::ContractTemplates => found.contract_templates.extend(self.read_one(&tx, read).await?),
                StoreKind::SalesTargets => found.sales_targets.extend(self.read_one(&tx, read).await?),
                StoreKind::StockPoints => found.stock_points.extend(self.read_one(&tx, read).await?),
                StoreKind::Events => found.events.extend(self.read_one(&tx, read).await?),
                StoreKind::CardPhotos => found.card_photos.extend(self.read_one(&tx, read).await?),
                StoreKind::Settings => found.settings.extend(self.read_one(&tx, read).await?),
            }
        }
        self.write_planned(tx, plan(found)).await
    }

    async fn read_one<T: Record>(&self, tx: &Transaction<'_>, read: &Read<'_>) -> Result<Vec<T>> {
        let store = tx.object_store(read.kind().name()).map_err(|e| self.error(e))?;
        match read {
            Read::Index(_, index, key) => {
                let index = store.index(index).map_err(|e| self.error(e))?;
                let rows = index.get_all::<JsValue>().with_query(key.to_string()).primitive().map_err(|e| self.error(e))?.await.map_err(|e| self.error(e))?;
                self.decode_rows(rows)
            }
            Read::Key(_, id) => {
                let found = store.get::<JsValue, _, _>(id.as_str()).primitive().map_err(|e| self.error(e))?.await.map_err(|e| self.error(e))?;
                found.map(|v| from_js(&v, T::STORE.name())).into_iter().collect()
            }
        }
    }

    /// [`Db::apply_after_read`] over every store.
    pub async fn apply_after_load(&self, plan: impl FnOnce(Dataset) -> Option<Writes>) -> Result<bool> {
        let tx = self.write_tx(&StoreKind::ALL)?;
        let current = self.load_in(&tx).await?;
        self.write_planned(tx, plan(current)).await
    }

    async fn write_planned(&self, tx: Transaction<'_>, planned: Option<Writes>) -> Result<bool> {
        match planned {
            Some((puts, deletes)) => self.write_in(tx, &puts, false, &deletes).await.map(|()| true),
            None => {
                let _ = tx.abort().await;
                Ok(false)
            }
        }
    }

    async fn write(&self, data: &Dataset, clear: bool, deletes: &[(StoreKind, String)]) -> Result<()> {
        let tx = self.write_tx(&StoreKind::ALL)?;
        self.write_in(tx, data, clear, deletes).await
    }

    async fn write_in(&self, tx: Transaction<'_>, data: &Dataset, clear: bool, deletes: &[(StoreKind, String)]) -> Result<()> {
        self.write_in_reading(tx, data, clear, deletes, false).await.map(drop)
    }

    /// [`Db::write_in`]; with `read_back`, the stamps of every store as it left them (see
    /// [`Db::commit_reading`]).
    async fn write_in_reading(&self, tx: Transaction<'_>, data: &Dataset, clear: bool, deletes: &[(StoreKind, String)], read_back: bool) -> Result<Option<Stamps>> {
        for (kind, id) in deletes {
            let store = tx.object_store(kind.name()).map_err(|e| self.error(e))?;
            store.delete(id.as_str()).build().map_err(|e| self.error(e))?;
        }
        struct Writer<'a, 'b, 'c> {
            db: &'c Db,
            tx: &'a Transaction<'b>,
            clear: bool,
            failed: Option<StorageError>,
        }
        impl StoreVisitor for Writer<'_, '_, '_> {
            fn visit<T: Record>(&mut self, records: &[T]) {
                if self.failed.is_some() {
                    return;
                }
                let result = (|| {
                    let store = self.tx.object_store(T::STORE.name()).map_err(|e| self.db.error(e))?;
                    if self.clear {
                        store.clear().map_err(|e| self.db.error(e))?;
                    }
                    // Requests go out as they are built; the commit below waits for all of them.
                    for chunk in records.chunks(CHUNK as usize) {
                        let values: js_sys::Array = to_js(chunk)?.unchecked_into();
                        for value in values.iter() {
                            store.put(value).primitive().map_err(|e| self.db.error(e))?;
                        }
                    }
                    Ok(())
                })();
                self.failed = result.err();
            }
        }
        let mut writer = Writer { db: self, tx: &tx, clear, failed: None };
        data.visit(&mut writer);
        if let Some(err) = writer.failed {
            let _ = tx.abort().await;
            return Err(err);
        }
        let counts = data.counts();
        let touched: Vec<StoreKind> = StoreKind::ALL
            .into_iter()
            .filter(|k| clear || counts.get(*k) > 0 || deletes.iter().any(|(d, _)| d == k))
            .collect();
        self.commit_reading(tx, &touched, read_back).await
    }

    fn read_tx(&self) -> Result<Transaction<'_>> {
        let names: Vec<&str> = StoreKind::ALL.iter().map(|k| k.name()).collect();
        self.db.transaction(names).build().map_err(|e| self.error(e))
    }

    /// A write transaction over `kinds` (and the stamps, see [`Db::commit`]).
    fn write_tx(&self, kinds: &[StoreKind]) -> Result<Transaction<'_>> {
        let mut names: Vec<&str> = kinds.iter().map(|k| k.name()).collect();
        if self.stamped {
            names.push(DERIVED);
        }
        self.db
            .transaction(names)
            .with_mode(TransactionMode::Readwrite)
            .build()
            .map_err(|e| self.error(e))
    }

    async fn read_store<T: Record>(&self, tx: &Transaction<'_>) -> Result<Vec<T>> {
        let store = tx.object_store(T::STORE.name()).map_err(|e| self.error(e))?;
        let rows = store.get_all::<JsValue>().primitive().map_err(|e| self.error(e))?.await.map_err(|e| self.error(e))?;
        self.decode_rows(rows)
    }

    /// Records as IndexedDB returned them, decoded a chunk at a time (see [`from_js`]).
    fn decode_rows<T: Record>(&self, rows: impl Iterator<Item = std::result::Result<JsValue, IdbError>>) -> Result<Vec<T>> {
        let mut records = Vec::with_capacity(rows.size_hint().0);
        let chunk = js_sys::Array::new();
        let flush = |chunk: &js_sys::Array, records: &mut Vec<T>| -> Result<()> {
            if chunk.length() == 0 {
                return Ok(());
            }
            records.extend(from_js::<Vec<T>>(chunk, T::STORE.name())?);
            chunk.set_length(0);
            Ok(())
        };
        for row in rows {
            chunk.push(&row.map_err(|e| self.error(e))?);
            if chunk.length() == CHUNK {
                flush(&chunk, &mut records)?;
            }
        }
        flush(&chunk, &mut records)?;
        Ok(records)
    }

    fn error(&self, e: impl Into<IdbError>) -> StorageError {
        let e = e.into();
        if self.closed.get() {
            return StorageError::Closed;
        }
        match dom_name(&e).as_deref() {
            Some("QuotaExceededError") => StorageError::QuotaExceeded,
            Some("ConstraintError") => StorageError::Conflict(e.to_string()),
            _ => StorageError::Failed(e.to_string()),
        }
    }
}

/// Records go into IndexedDB as serde_json writes them, parsed by the browser (`JSON.parse`),
/// and come out through `JSON.stringify` into serde_json — a chunk of records per call. Crossing
/// into JS as one string is about 2.5× faster for 100,000 customers than building or reading
/// objects field by field across the boundary (serde_wasm_bindgen), and shares its code with the
/// backup's JSON (the app's wasm carries one serialiser per record type, not two). Stored
/// values stay plain JSON-compatible objects, so the indexes' key paths work as before.
const CHUNK: u32 = 4096;

fn to_js<T: serde::Serialize + ?Sized>(value: &T) -> Result<JsValue> {
    let text = serde_json::to_string(value).map_err(|e| StorageError::Failed(e.to_string()))?;
    js_sys::JSON::parse(&text).map_err(|e| StorageError::Failed(format!("{e:?}")))
}

fn from_js<T: serde::de::DeserializeOwned>(value: &JsValue, store: &str) -> Result<T> {
    let text: String = js_sys::JSON::stringify(value).map_err(|e| StorageError::Failed(format!("{e:?}")))?.into();
    serde_json::from_str(&text).map_err(|e| StorageError::Failed(format!("{store}: {e}")))
}

fn dom_name(e: &IdbError) -> Option<String> {
    match e {
        IdbError::DomException(d) => d.as_ref().dyn_ref::<web_sys::DomException>().map(|x| x.name()),
        _ => None,
    }
}

fn dom_name_open(e: &OpenDbError) -> Option<String> {
    match e {
        OpenDbError::Base(b) => dom_name(b),
        _ => None,
    }
}
