//! The JSON backup envelope (format: docs/backup-format.md) and the one `restore` step every
//! backup import goes through: parse leniently, upgrade old versions step by step, validate.

use crate::domain::dataset::{validate_dataset, Dataset, Record, RecordProblem, StoreKind};
use crate::domain::validation::Problem;
use chrono::{DateTime, Utc};
use crate::domain::contracts::{Contract, ContractTemplate};
use crate::domain::customers::{Customer, FollowUp, ServiceCase};
use crate::domain::pipeline::{Deal, Stage};
use crate::domain::products::stock::StockPoint;
use crate::domain::products::Product;
use crate::domain::settings::Settings;
use crate::domain::targets::SalesTarget;
use serde::de::{IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::Serialize;
use serde_json::value::RawValue;
use serde_json::{Map, Value};
use std::sync::Arc;

pub const BACKUP_TYPE: &str = "salesdesk-backup";
/// Version of the envelope written by this build.
pub const BACKUP_VERSION: u64 = 1;
pub const APP_VERSION: &str = env!("CARGO_PKG_VERSION");

#[derive(Serialize)]
struct Envelope<'a> {
    #[serde(rename = "type")]
    kind: &'static str,
    version: u64,
    exported_at: DateTime<Utc>,
    app: &'static str,
    app_version: &'static str,
    data: &'a Dataset,
}

/// The last backup saved from this browser, if any, and whether the book changed since (or
/// there never was one).
#[derive(Clone, Debug, PartialEq)]
pub struct BackupStatus {
    pub last: Option<DateTime<Utc>>,
    pub changed_since: bool,
}

/// Days without a backup after which the dashboard reminds, once the book has changed.
pub const BACKUP_REMINDER_DAYS: i64 = 7;

impl BackupStatus {
    /// Whether to remind now: the book has records, changed since the last backup, and that
    /// backup is a week old or there never was one.
    pub fn reminder_due(&self, has_records: bool, now: DateTime<Utc>) -> bool {
        has_records && self.changed_since && self.last.is_none_or(|at| now - at >= chrono::Duration::days(BACKUP_REMINDER_DAYS))
    }
}

pub fn export_json(data: &Dataset, now: DateTime<Utc>) -> String {
    let envelope = Envelope {
        kind: BACKUP_TYPE,
        version: BACKUP_VERSION,
        exported_at: now,
        app: "SalesDesk",
        app_version: APP_VERSION,
        data,
    };
    serde_json::to_string(&envelope).expect("a dataset always serialises")
}

pub fn backup_file_name(now: DateTime<Utc>) -> String {
    format!("salesdesk-backup-{}.json", now.format("%Y%m%d-%H%M%S"))
}

#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum RestoreError {
    #[error("not JSON (line {line}, column {column})")]
    NotJson { line: usize, column: usize, truncated: bool },
    #[error("JSON, but not a SalesDesk backup")]
    NotABackup,
    #[error("backup version {found} is newer than this app ({supported})")]
    NewerVersion { found: u64, supported: u64 },
    #[error("backup version is missing or not a number")]
    BadVersion,
    #[error("upgrading the backup from version {from} failed: {reason}")]
    UpgradeFailed { from: u64, reason: String },
    #[error("{} problems", problems.len())]
    Invalid { problems: Vec<RecordProblem> },
}

#[derive(Debug, Clone, PartialEq)]
pub struct Restored {
    pub data: Dataset,
    /// What is odd but kept (a payment plan that does not add up to its contract).
    pub warnings: Vec<RecordProblem>,
    pub from_version: u64,
    pub exported_at: Option<DateTime<Utc>>,
}

/// Turns the `data` object of version N into version N + 1. `UPGRADES[0]` upgrades 1 → 2.
pub type Upgrade = fn(&mut Map<String, Value>) -> Result<(), String>;

/// Ordered, never reordered: append a step whenever `BACKUP_VERSION` goes up.
pub const UPGRADES: &[Upgrade] = &[];

/// Restores a backup file. `existing` is the stored data when merging, so references may point
/// at records already in the browser; `None` for replace.
pub fn restore(text: &str, existing: Option<&Dataset>) -> Result<Restored, RestoreError> {
    restore_with(text, existing, UPGRADES, BACKUP_VERSION)
}

pub fn restore_with(
    text: &str,
    existing: Option<&Dataset>,
    upgrades: &[Upgrade],
    current: u64,
) -> Result<Restored, RestoreError> {
    let mut reading = Reading::begin_with(Arc::new(text.to_string()), upgrades, current)?;
    while !reading.step(usize::MAX) {}
    reading.finish(existing)
}

/// A backup file read a slice of records at a time ([`Reading::step`]), so that a page can
/// answer input and show progress between slices while a large file is checked. The file is
/// scanned once to find each record (no tree of the whole file is built); each record is then
/// read from its own text.
pub struct Reading {
    text: Arc<String>,
    from_version: u64,
    exported_at: Option<DateTime<Utc>>,
    /// Each store's records as byte ranges of `text`, in the order they are read (`None`:
    /// the store's value is not a list).
    stores: Vec<(StoreKind, Option<Vec<(usize, usize)>>)>,
    /// The next record: store, then record within it.
    at: (usize, usize),
    done: usize,
    total: usize,
    data: Dataset,
    problems: Vec<RecordProblem>,
}

/// The envelope's fields as they stand in the file (checked in order: type, version, data).
#[derive(serde::Deserialize)]
struct Head<'a> {
    #[serde(rename = "type", borrow, default)]
    kind: Option<&'a RawValue>,
    #[serde(borrow, default)]
    version: Option<&'a RawValue>,
    #[serde(borrow, default)]
    exported_at: Option<&'a RawValue>,
    #[serde(borrow, default)]
    data: Stores<'a>,
}

/// A visitor's answer to a number, a boolean or a string: `$value`.
macro_rules! scalars_are {
    ($value:expr) => {
        fn visit_bool<E>(self, _: bool) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_i64<E>(self, _: i64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_u64<E>(self, _: u64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_f64<E>(self, _: f64) -> Result<Self::Value, E> {
            Ok($value)
        }
        fn visit_str<E>(self, _: &str) -> Result<Self::Value, E> {
            Ok($value)
        }
    };
}

/// The `data` object: each key with its list of records as text.
#[derive(Default)]
enum Stores<'a> {
    #[default]
    Missing,
    NotAnObject,
    Object(std::collections::BTreeMap<String, List<'a>>),
}

/// One store's value in `data`.
enum List<'a> {
    Null,
    Records(Vec<&'a RawValue>),
    NotAList,
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for Stores<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = Stores<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("the backup's data")
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                let mut stores = std::collections::BTreeMap::new();
                while let Some(key) = map.next_key::<String>()? {
                    stores.insert(key, map.next_value::<List<'a>>()?);
                }
                Ok(Stores::Object(stores))
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Stores::NotAnObject)
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(Stores::NotAnObject)
            }
            scalars_are!(Stores::NotAnObject);
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

impl<'de: 'a, 'a> serde::Deserialize<'de> for List<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for V<'a> {
            type Value = List<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a list of records")
            }
            fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
                let mut records = Vec::with_capacity(seq.size_hint().unwrap_or(0));
                while let Some(r) = seq.next_element::<&'a RawValue>()? {
                    records.push(r);
                }
                Ok(List::Records(records))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(List::NotAList)
            }
            fn visit_unit<E>(self) -> Result<Self::Value, E> {
                Ok(List::Null)
            }
            scalars_are!(List::NotAList);
        }
        d.deserialize_any(V(std::marker::PhantomData))
    }
}

/// A file that is not JSON, said with where it breaks.
fn not_json(text: &str, e: &serde_json::Error) -> RestoreError {
    // A file cut off mid-string fails on its last line rather than at end-of-input.
    let body = text.trim_end();
    let cut_short = body.starts_with('{') && !body.ends_with('}') && e.line() >= body.lines().count();
    RestoreError::NotJson { line: e.line(), column: e.column(), truncated: e.is_eof() || cut_short }
}

impl Reading {
    /// Checks the envelope and finds every record; the records themselves are read by
    /// [`Reading::step`].
    pub fn begin(text: Arc<String>) -> Result<Reading, RestoreError> {
        Reading::begin_with(text, UPGRADES, BACKUP_VERSION)
    }

    fn begin_with(text: Arc<String>, upgrades: &[Upgrade], current: u64) -> Result<Reading, RestoreError> {
        let body = text.trim_start_matches('\u{feff}');
        let head: Head = match serde_json::from_str(body) {
            Ok(head) => head,
            Err(e) if e.is_syntax() || e.is_eof() => return Err(not_json(body, &e)),
            // JSON, but not shaped as a backup (an array, say); unless it breaks further on.
            Err(_) => return Err(serde_json::from_str::<IgnoredAny>(body).err().map_or(RestoreError::NotABackup, |e| not_json(body, &e))),
        };
        let string = |raw: Option<&RawValue>| raw.and_then(|r| serde_json::from_str::<String>(r.get()).ok());
        if string(head.kind).as_deref() != Some(BACKUP_TYPE) {
            return Err(RestoreError::NotABackup);
        }
        let from_version = head.version.and_then(|r| serde_json::from_str::<u64>(r.get()).ok()).ok_or(RestoreError::BadVersion)?;
        if from_version == 0 {
            return Err(RestoreError::BadVersion);
        }
        if from_version > current {
            return Err(RestoreError::NewerVersion { found: from_version, supported: current });
        }
        let exported_at = string(head.exported_at).and_then(|s| s.parse::<DateTime<Utc>>().ok());
        let Stores::Object(stores) = head.data else { return Err(RestoreError::NotABackup) };
        if from_version < current {
            // Older files go through their upgrade steps as a tree, then are read as current ones.
            drop(stores);
            let upgraded = upgrade(body, from_version, upgrades, current)?;
            let mut reading = Reading::begin_with(Arc::new(upgraded), upgrades, current)?;
            reading.from_version = from_version;
            reading.exported_at = exported_at;
            return Ok(reading);
        }
        let mut problems = Vec::new();
        let mut lists = Vec::new();
        for (key, list) in stores {
            let Some(store) = StoreKind::from_name(&key) else {
                problems.push(RecordProblem { store: StoreKind::Settings, index: 0, id: None, field: key.clone(), problem: Problem::Malformed(format!("unknown store \"{key}\"")) });
                continue;
            };
            let at = |r: &RawValue| r.get().as_ptr() as usize - text.as_ptr() as usize;
            match list {
                List::Null => {}
                List::NotAList => lists.push((store, None)),
                List::Records(records) => lists.push((store, Some(records.into_iter().map(|r| (at(r), at(r) + r.get().len())).collect::<Vec<_>>()))),
            }
        }
        // Read (and reported) in the stores' own order.
        lists.sort_by_key(|(store, _)| *store);
        let total = lists.iter().map(|(_, r)| r.as_ref().map_or(0, Vec::len)).sum();
        Ok(Reading { text, from_version, exported_at, stores: lists, at: (0, 0), done: 0, total, data: Dataset::default(), problems })
    }

    /// Reads up to `n` more records; true once every record is read.
    pub fn step(&mut self, n: usize) -> bool {
        let mut left = n;
        while left > 0 {
            let Some((store, ranges)) = self.stores.get(self.at.0) else { return true };
            let store = *store;
            let Some(ranges) = ranges else {
                self.problems.push(RecordProblem { store, index: 0, id: None, field: String::new(), problem: Problem::Malformed("expected a list of records".into()) });
                self.at = (self.at.0 + 1, 0);
                continue;
            };
            let (len, end) = (ranges.len(), ranges.len().min(self.at.1.saturating_add(left)));
            match store {
                StoreKind::Customers => self.read::<Customer>(end),
                StoreKind::FollowUps => self.read::<FollowUp>(end),
                StoreKind::ServiceCases => self.read::<ServiceCase>(end),
                StoreKind::Products => self.read::<Product>(end),
                StoreKind::Stages => self.read::<Stage>(end),
                StoreKind::Deals => self.read::<Deal>(end),
                StoreKind::Contracts => self.read::<Contract>(end),
                StoreKind::ContractTemplates => self.read::<ContractTemplate>(end),
                StoreKind::SalesTargets => self.read::<SalesTarget>(end),
                StoreKind::StockPoints => self.read::<StockPoint>(end),
                StoreKind::Events => self.read::<crate::domain::events::Event>(end),
                StoreKind::CardPhotos => self.read::<crate::domain::photos::CardPhoto>(end),
                StoreKind::Settings => self.read::<Settings>(end),
            }
            let taken = end - self.at.1;
            self.done += taken;
            left -= taken;
            self.at = if end == len { (self.at.0 + 1, 0) } else { (self.at.0, end) };
        }
        self.at.0 >= self.stores.len()
    }

    /// Records read so far, and in all.
    pub fn progress(&self) -> (usize, usize) {
        (self.done, self.total)
    }

    /// Reads the current store's records up to `end`.
    fn read<T: Record>(&mut self, end: usize) {
        let (store, Some(ranges)) = &self.stores[self.at.0] else { return };
        let list = T::list_mut(&mut self.data);
        for (index, &(a, b)) in ranges.iter().enumerate().take(end).skip(self.at.1) {
            let raw = &self.text[a..b];
            // Read plainly first; only a record that fails is read again with its path tracked
            // (which takes a good part of the time of reading every field).
            if let Ok(record) = serde_json::from_str::<T>(raw) {
                list.push(record);
                continue;
            }
            match serde_path_to_error::deserialize::<_, T>(&mut serde_json::Deserializer::from_str(raw)) {
                Ok(record) => list.push(record),
                Err(err) => {
                    let path = err.path().to_string();
                    let e = err.into_inner();
                    // The message without the position within the record's own text.
                    let full = e.to_string();
                    let message = full.strip_suffix(&format!(" at line {} column {}", e.line(), e.column())).unwrap_or(&full).to_string();
                    let id = serde_json::from_str::<Value>(raw).ok().and_then(|v| v.get("id").and_then(Value::as_str).map(str::to_string));
                    self.problems.push(RecordProblem { store: *store, index, id, field: if path == "." { String::new() } else { path }, problem: Problem::Malformed(message) });
                }
            }
        }
    }

    /// Checks the records read against each other (and `existing`, when merging).
    pub fn finish(self, existing: Option<&Dataset>) -> Result<Restored, RestoreError> {
        let Reading { from_version, exported_at, data, mut problems, .. } = self;
        // Records that failed to parse are absent, so their references would be reported
        // twice; report semantic problems only once the file parses.
        if problems.is_empty() {
            problems = validate_dataset(&data, existing);
        }
        if !problems.is_empty() {
            return Err(RestoreError::Invalid { problems });
        }
        let warnings = warnings(&data);
        Ok(Restored { data, from_version, exported_at, warnings })
    }
}

/// `body`'s data upgraded step by step from `from` to `current`, as a file of version `current`.
fn upgrade(body: &str, from: u64, upgrades: &[Upgrade], current: u64) -> Result<String, RestoreError> {
    let mut root: Map<String, Value> = serde_json::from_str(body).map_err(|_| RestoreError::NotABackup)?;
    let Some(Value::Object(mut data)) = root.remove("data") else { return Err(RestoreError::NotABackup) };
    for version in from..current {
        let step = upgrades.get((version - 1) as usize).ok_or(RestoreError::UpgradeFailed { from: version, reason: "no upgrade step".into() })?;
        step(&mut data).map_err(|reason| RestoreError::UpgradeFailed { from: version, reason })?;
    }
    root.insert("version".into(), Value::from(current));
    root.insert("data".into(), Value::Object(data));
    Ok(serde_json::to_string(&root).expect("JSON values always serialise"))
}

/// What a restore reports without refusing the file: contracts whose payment plan does not add
/// up to their amount (a contract without a plan yet is not one of them).
pub fn warnings(data: &Dataset) -> Vec<RecordProblem> {
    data.contracts
        .iter()
        .enumerate()
        .filter(|(_, c)| !c.payments.is_empty())
        .filter_map(|(index, c)| {
            let diff = crate::domain::contracts::lifecycle::plan_difference(c);
            (diff != crate::domain::money::Money::ZERO).then(|| RecordProblem {
                store: StoreKind::Contracts,
                index,
                id: Some(c.id.clone()),
                field: "payments".into(),
                problem: Problem::PlanDoesNotAddUp(diff),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::demo::{generate, DemoSize, DEMO_SEED};
    use crate::domain::Locale;
    use chrono::NaiveDate;

    const VALID: &str = include_str!("../../tests/fixtures/backup-valid.json");

    fn now() -> DateTime<Utc> {
        "2026-11-23T10:00:00Z".parse().unwrap()
    }

    fn problems(text: &str) -> Vec<RecordProblem> {
        match restore(text, None) {
            Err(RestoreError::Invalid { problems }) => problems,
            other => panic!("expected problems, got {other:?}"),
        }
    }

    #[test]
    fn export_then_restore_round_trips_the_demo() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let data = generate(DemoSize::STANDARD, Locale::Zh, today, DEMO_SEED);
        let text = export_json(&data, now());
        assert!(text.contains("\"type\":\"salesdesk-backup\""));
        assert!(text.contains("\"version\":1"));
        let restored = restore(&text, None).unwrap();
        assert_eq!(restored.data, data);
        assert_eq!(restored.exported_at, Some(now()));
    }

    #[test]
    fn an_event_showing_a_product_not_in_the_book_is_refused() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut data = generate(DemoSize::STANDARD, Locale::Zh, today, DEMO_SEED);
        assert!(!data.events.is_empty() && !data.events[0].products.is_empty(), "the demo's show has products at its stand");
        assert!(restore(&export_json(&data, now()), None).is_ok());
        data.events[0].products.push("prd-9999".into());
        let p = problems(&export_json(&data, now()));
        let field = format!("products[{}]", data.events[0].products.len() - 1);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!((p[0].store, p[0].field.as_str(), &p[0].problem), (StoreKind::Events, field.as_str(), &Problem::UnknownReference { store: "products" }));
    }

    #[test]
    fn read_a_slice_at_a_time_as_at_once() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let data = generate(DemoSize::STANDARD, Locale::Zh, today, DEMO_SEED);
        let good = export_json(&data, now());
        // Broken records in two stores, a store that is not a list and an unknown one.
        let bad = good
            .replacen("\"name\":", "\"name\":7,\"x\":", 1)
            .replacen("\"stages\":[", "\"stages\":[{\"id\":\"s\"},", 1)
            .replacen("\"sales_targets\":[]", "\"sales_targets\":{}", 1)
            .replacen("\"data\":{", "\"data\":{\"tea\":[],", 1);
        for text in [good, bad.clone()] {
            let at_once = restore(&text, None);
            let mut reading = Reading::begin(Arc::new(text.clone())).unwrap();
            let (mut steps, total) = (0, reading.progress().1);
            while !reading.step(7) {
                steps += 1;
                assert_eq!(reading.progress(), (steps * 7, total));
            }
            assert_eq!(reading.progress(), (total, total));
            assert!(steps > 10, "{steps} slices");
            assert_eq!(reading.finish(None), at_once);
        }
        let Err(RestoreError::Invalid { problems }) = restore(&bad, None) else { panic!("refused") };
        let stores: Vec<StoreKind> = problems.iter().map(|p| p.store).collect();
        assert_eq!(stores.first(), Some(&StoreKind::Settings), "the unknown store first: {problems:?}");
        assert!(stores.windows(2).all(|w| w[0] == StoreKind::Settings || w[0] <= w[1]), "{stores:?}");
    }

    #[test]
    fn valid_fixture_restores_with_bom_and_money_as_text() {
        let with_bom = format!("\u{feff}{VALID}");
        let r = restore(&with_bom, None).unwrap();
        assert_eq!(r.data.customers.len(), 1);
        assert_eq!(r.data.deals[0].amount.to_string(), "5600.00");
        assert_eq!(r.data.deals[0].line_items[0].total().to_string(), "5600.00");
        let again = export_json(&r.data, now());
        assert!(again.contains("\"credit_limit\":\"200000.00\""));
    }

    #[test]
    fn a_plan_that_does_not_add_up_is_a_warning_and_the_contract_is_kept() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let mut data = generate(DemoSize::STANDARD, Locale::En, today, DEMO_SEED);
        assert!(restore(&export_json(&data, now()), None).unwrap().warnings.is_empty());
        let i = data.contracts.iter().position(|c| c.payments.len() > 1).unwrap();
        data.contracts[i].payments[1].amount = data.contracts[i].payments[1].amount + crate::domain::money::Money::from_int(5);
        let r = restore(&export_json(&data, now()), None).unwrap();
        assert_eq!(r.data.contracts[i], data.contracts[i]);
        assert_eq!(r.warnings.len(), 1);
        assert_eq!((r.warnings[0].index, r.warnings[0].field.as_str()), (i, "payments"));
        assert_eq!(r.warnings[0].problem, Problem::PlanDoesNotAddUp(crate::domain::money::Money::from_int(-5)));
    }

    #[test]
    fn a_stage_colour_that_is_css_is_refused_with_its_field() {
        let today = NaiveDate::from_ymd_opt(2026, 11, 23).unwrap();
        let data = generate(DemoSize::STANDARD, Locale::En, today, DEMO_SEED);
        let text = export_json(&data, now());
        let hostile = "red;position:fixed;inset:0;z-index:9999;background:url(http://evil.example/x.png)";
        let first = format!("\"color\":\"{}\"", data.stages[0].color);
        assert!(text.contains(&first));
        let text = text.replacen(&first, &format!("\"color\":\"{hostile}\""), 1);
        let Err(RestoreError::Invalid { problems }) = restore(&text, None) else { panic!("a CSS colour was accepted") };
        assert_eq!(problems.len(), 1);
        assert_eq!((problems[0].store, problems[0].index, problems[0].field.as_str()), (StoreKind::Stages, 0, "color"));
    }

    #[test]
    fn broken_files_get_a_specific_error() {
        let truncated = include_str!("../../tests/fixtures/backup-truncated.json");
        assert!(matches!(restore(truncated, None), Err(RestoreError::NotJson { truncated: true, .. })));
        assert!(matches!(restore("hello, world", None), Err(RestoreError::NotJson { truncated: false, .. })));
        assert!(matches!(restore("", None), Err(RestoreError::NotJson { .. })));
        let other = include_str!("../../tests/fixtures/backup-other-app.json");
        assert_eq!(restore(other, None), Err(RestoreError::NotABackup));
        assert_eq!(restore("[1,2,3]", None), Err(RestoreError::NotABackup));
        let newer = include_str!("../../tests/fixtures/backup-newer.json");
        assert_eq!(restore(newer, None), Err(RestoreError::NewerVersion { found: 99, supported: 1 }));
        assert_eq!(restore(r#"{"type":"salesdesk-backup","version":"one","data":{}}"#, None), Err(RestoreError::BadVersion));
    }

    #[test]
    fn every_bad_record_is_reported_by_field() {
        let p = problems(include_str!("../../tests/fixtures/backup-invalid-records.json"));
        let found: Vec<(usize, &str)> = p.iter().map(|p| (p.index, p.field.as_str())).collect();
        assert_eq!(found, [(1, "credit_limit"), (2, "source"), (3, "created_at")]);
        assert!(p.iter().all(|p| p.store == StoreKind::Customers && matches!(p.problem, Problem::Malformed(_))));
        assert_eq!(p[0].id.as_deref(), Some("c2"));
    }

    #[test]
    fn semantic_problems_duplicates_and_dangling_references() {
        let p = problems(include_str!("../../tests/fixtures/backup-bad-references.json"));
        let has = |store: StoreKind, field: &str, problem: Problem| {
            p.iter().any(|x| x.store == store && x.field == field && x.problem == problem)
        };
        assert!(has(StoreKind::Customers, "name", Problem::Required));
        assert!(has(StoreKind::Customers, "contacts[0].email", Problem::InvalidEmail));
        assert!(has(StoreKind::Customers, "id", Problem::DuplicateId));
        assert!(has(StoreKind::Customers, "code", Problem::DuplicateCode));
        assert!(has(StoreKind::FollowUps, "customer_id", Problem::UnknownReference { store: "customers" }));
        assert_eq!(p.len(), 5, "{p:?}");
    }

    #[test]
    fn references_may_point_at_stored_records_when_merging() {
        let stored = restore(VALID, None).unwrap().data;
        let incoming = r#"{"type":"salesdesk-backup","version":1,"data":{"follow_ups":[
            {"id":"f9","customer_id":"c1","channel":"visit","date":"2026-05-01","summary":"visit",
             "created_at":"2026-05-01T00:00:00Z","updated_at":"2026-05-01T00:00:00Z"}]}}"#;
        assert!(restore(incoming, Some(&stored)).is_ok());
        assert!(matches!(restore(incoming, None), Err(RestoreError::Invalid { .. })));
    }

    #[test]
    fn old_versions_upgrade_step_by_step_in_order() {
        // A pretend history: v1 called the list "clients", v2 stored money in cents.
        fn v1_to_v2(data: &mut Map<String, Value>) -> Result<(), String> {
            let clients = data.remove("clients").ok_or("no clients")?;
            data.insert("customers".into(), clients);
            Ok(())
        }
        fn v2_to_v3(data: &mut Map<String, Value>) -> Result<(), String> {
            for c in data.get_mut("customers").and_then(Value::as_array_mut).ok_or("customers is not a list")? {
                let cents = c["credit_limit_cents"].as_i64().ok_or("no cents")?;
                c["credit_limit"] = Value::String(format!("{}.{:02}", cents / 100, cents % 100));
            }
            Ok(())
        }
        let v1 = r#"{"type":"salesdesk-backup","version":1,"data":{"clients":[{"id":"c1","code":"C1","name":"A",
            "kind":"person","source":"other","status":"lead","credit_limit_cents":123456,
            "created_at":"2026-01-01T00:00:00Z","updated_at":"2026-01-01T00:00:00Z"}]}}"#;
        let r = restore_with(v1, None, &[v1_to_v2, v2_to_v3], 3).unwrap();
        assert_eq!(r.from_version, 1);
        assert_eq!(r.data.customers[0].credit_limit.unwrap().to_string(), "1234.56");
        // Steps in the wrong order fail instead of silently producing other data.
        assert!(matches!(restore_with(v1, None, &[v2_to_v3, v1_to_v2], 3), Err(RestoreError::UpgradeFailed { from: 1, .. })));
        // A file already at version 2 runs only the second step.
        let v2 = v1.replace("\"version\":1", "\"version\":2").replace("clients", "customers");
        assert!(restore_with(&v2, None, &[v1_to_v2, v2_to_v3], 3).is_ok());
    }

    #[test]
    fn a_backup_is_due_after_a_week_of_changes_or_when_there_never_was_one() {
        let now = DateTime::parse_from_rfc3339("2026-12-06T12:00:00Z").unwrap().with_timezone(&Utc);
        let at = |days: i64, hours: i64| Some(now - chrono::Duration::days(days) - chrono::Duration::hours(hours));
        let status = |last, changed_since| BackupStatus { last, changed_since };
        assert!(status(None, true).reminder_due(true, now));
        assert!(!status(None, true).reminder_due(false, now), "an empty book has nothing to lose");
        assert!(status(at(7, 0), true).reminder_due(true, now));
        assert!(!status(at(6, 23), true).reminder_due(true, now));
        assert!(!status(at(30, 0), false).reminder_due(true, now), "nothing changed since");
    }
}
