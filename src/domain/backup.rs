//! The JSON backup envelope (format: docs/backup-format.md) and the one `restore` step every
//! backup import goes through: parse leniently, upgrade old versions step by step, validate.

use crate::domain::dataset::{validate_dataset, Dataset, Record, RecordProblem, StoreKind};
use crate::domain::validation::Problem;
use chrono::{DateTime, Utc};
use serde::Serialize;
use serde_json::{Map, Value};

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
    let text = text.trim_start_matches('\u{feff}');
    let root: Value = serde_json::from_str(text).map_err(|e| {
        // A file cut off mid-string fails on its last line rather than at end-of-input.
        let body = text.trim_end();
        let cut_short = body.starts_with('{') && !body.ends_with('}') && e.line() >= body.lines().count();
        RestoreError::NotJson { line: e.line(), column: e.column(), truncated: e.is_eof() || cut_short }
    })?;
    let Value::Object(mut root) = root else { return Err(RestoreError::NotABackup) };
    if root.get("type").and_then(Value::as_str) != Some(BACKUP_TYPE) {
        return Err(RestoreError::NotABackup);
    }
    let from_version = root.get("version").and_then(Value::as_u64).ok_or(RestoreError::BadVersion)?;
    if from_version == 0 {
        return Err(RestoreError::BadVersion);
    }
    if from_version > current {
        return Err(RestoreError::NewerVersion { found: from_version, supported: current });
    }
    let exported_at = root
        .get("exported_at")
        .and_then(Value::as_str)
        .and_then(|s| s.parse::<DateTime<Utc>>().ok());
    let mut data = match root.remove("data") {
        Some(Value::Object(m)) => m,
        _ => return Err(RestoreError::NotABackup),
    };
    for version in from_version..current {
        let step = upgrades
            .get((version - 1) as usize)
            .ok_or(RestoreError::UpgradeFailed { from: version, reason: "no upgrade step".into() })?;
        step(&mut data).map_err(|reason| RestoreError::UpgradeFailed { from: version, reason })?;
    }

    let mut problems = Vec::new();
    let mut dataset = Dataset::default();
    for key in data.keys() {
        if StoreKind::from_name(key).is_none() {
            problems.push(RecordProblem {
                store: StoreKind::Settings,
                index: 0,
                id: None,
                field: key.clone(),
                problem: Problem::Malformed(format!("unknown store \"{key}\"")),
            });
        }
    }
    dataset.customers = parse_store(&mut data, &mut problems);
    dataset.follow_ups = parse_store(&mut data, &mut problems);
    dataset.service_cases = parse_store(&mut data, &mut problems);
    dataset.products = parse_store(&mut data, &mut problems);
    dataset.stages = parse_store(&mut data, &mut problems);
    dataset.deals = parse_store(&mut data, &mut problems);
    dataset.contracts = parse_store(&mut data, &mut problems);
    dataset.contract_templates = parse_store(&mut data, &mut problems);
    dataset.sales_targets = parse_store(&mut data, &mut problems);
    dataset.stock_points = parse_store(&mut data, &mut problems);
    dataset.settings = parse_store(&mut data, &mut problems);

    // Records that failed to parse are absent, so their references would be reported twice;
    // report semantic problems only once the file parses.
    if problems.is_empty() {
        problems = validate_dataset(&dataset, existing);
    }
    if !problems.is_empty() {
        return Err(RestoreError::Invalid { problems });
    }
    let warnings = warnings(&dataset);
    Ok(Restored { data: dataset, from_version, exported_at, warnings })
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

fn parse_store<T: Record>(data: &mut Map<String, Value>, problems: &mut Vec<RecordProblem>) -> Vec<T> {
    let store = T::STORE;
    let items = match data.remove(store.name()) {
        None | Some(Value::Null) => return Vec::new(),
        Some(Value::Array(items)) => items,
        Some(_) => {
            problems.push(RecordProblem {
                store,
                index: 0,
                id: None,
                field: String::new(),
                problem: Problem::Malformed("expected a list of records".into()),
            });
            return Vec::new();
        }
    };
    let mut out = Vec::with_capacity(items.len());
    for (index, item) in items.into_iter().enumerate() {
        let id = item.get("id").and_then(Value::as_str).map(str::to_string);
        match serde_path_to_error::deserialize::<_, T>(item) {
            Ok(record) => out.push(record),
            Err(err) => {
                let path = err.path().to_string();
                problems.push(RecordProblem {
                    store,
                    index,
                    id,
                    field: if path == "." { String::new() } else { path },
                    problem: Problem::Malformed(err.into_inner().to_string()),
                });
            }
        }
    }
    out
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
}
