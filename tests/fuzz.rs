//! Fuzzing what reads files a user is handed: backup `restore` and the CSV reader with the
//! three import planners. Generated cases, each from its own seed (printed on failure, so a
//! case can be replayed with `FUZZ_SEED`): random bytes, random JSON, valid backups and CSV
//! files mutated at random, and write → read round trips. No case may panic; whatever is
//! accepted must pass the checks every write makes.
//!
//! The test suite runs `FUZZ_CASES` (default 20 000); `.ci/fuzz` runs 1 000 000 and prints
//! the figures.
#![cfg(not(target_arch = "wasm32"))]

use chrono::NaiveDate;
use salesdesk::domain::backup::{export_json, restore};
use salesdesk::domain::csv::{read, unneutralise, write, CsvError, Encoding, NativeCodec};
use salesdesk::domain::customers::import::{plan as plan_customers, CustomerField, ImportContext};
use salesdesk::domain::dataset::{validate_dataset, validate_records};
use salesdesk::domain::demo::{generate, DemoSize, DEMO_SEED};
use salesdesk::domain::import::{guess_mapping, DuplicatePolicy, RowPlanner};
use salesdesk::domain::pipeline::import::{file_stages, guess_stage, DealField, DealImportContext, DealPlanner, WithoutCustomer};
use salesdesk::domain::products::import::{ProductField, ProductImportContext, ProductPlanner};
use salesdesk::domain::{Dataset, Locale};
use salesdesk::domain::rng::Rng;
use serde_json::{json, Value};
use std::collections::HashMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::time::Instant;

/// Pieces that break parsers and validators: quotes, separators, line ends, formula starts,
/// markup, control and bidi characters, numbers at the edges, CJK and invalid encodings.
const PIECES: &[&str] = &[
    "\"", ",", ";", "\t", "\r\n", "\n", "\r", "=", "+", "-", "@", "'", " ", "<script>", "</td>", "#ff0000", "red;x:url(http://e)", "\u{feff}",
    "\u{202e}", "\u{0}", "\u{7}", "客户", "，", "张三", "C00001", "13800138000", "+86 138", "a@b.cn", "2026-02-30", "2026/3/1", "1e308", "-0",
    "99999999999999999999", "0.000000001", "NaN", "null", "true", "{}", "[]", "\\", "\u{10ffff}", "é", "…",
];

fn text(rng: &mut Rng, max_pieces: usize) -> String {
    let mut s = String::new();
    for _ in 0..rng.below(max_pieces + 1) {
        if rng.one_in(3) {
            s.push(char::from_u32(rng.below(0x3000) as u32).unwrap_or('?'));
        } else {
            s.push_str(*rng.pick(PIECES));
        }
    }
    s
}

fn bytes(rng: &mut Rng, max: usize) -> Vec<u8> {
    let mut out = Vec::new();
    let n = rng.below(max + 1);
    while out.len() < n {
        match rng.below(4) {
            0 => out.push(rng.next() as u8),
            // Lead bytes of GBK and UTF-8 sequences, cut short or not.
            1 => out.extend_from_slice(*rng.pick::<&[u8]>(&[&[0xC4, 0xE3], &[0xE4, 0xB8], &[0xEF, 0xBB, 0xBF], &[0x81, 0x30, 0x81, 0x30], &[0xFF, 0xFE]])),
            _ => out.extend_from_slice(rng.pick(PIECES).as_bytes()),
        }
    }
    out
}

fn random_json(rng: &mut Rng, depth: usize) -> Value {
    match rng.below(if depth == 0 { 5 } else { 7 }) {
        0 => Value::Null,
        1 => json!(rng.one_in(2)),
        2 => json!(rng.next() as i64 >> rng.below(64)),
        3 => json!(f64::from_bits(rng.next()).is_finite().then(|| f64::from_bits(rng.next())).unwrap_or(0.5)),
        4 => json!(text(rng, 6)),
        5 => Value::Array((0..rng.below(4)).map(|_| random_json(rng, depth - 1)).collect()),
        _ => Value::Object((0..rng.below(4)).map(|_| (rng.pick(KEYS).to_string(), random_json(rng, depth - 1))).collect()),
    }
}

/// Field names the records use, so random objects hit real fields.
const KEYS: &[&str] = &[
    "id", "code", "name", "customer_id", "stage_id", "deal_id", "amount", "color", "kind", "status", "contacts", "phone", "email", "line_items",
    "product_id", "quantity", "unit_price", "discount_pct", "rev", "updated_at", "created_at", "order", "probability", "number", "date",
];

/// A small valid book: three customers with their records, the pipeline and the products.
fn small_book() -> Dataset {
    let demo = generate(DemoSize::STANDARD, Locale::Zh, NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(), DEMO_SEED);
    let mut book = Dataset { stages: demo.stages.clone(), products: demo.products.clone(), settings: demo.settings.clone(), ..Dataset::default() };
    for c in demo.customers.iter().take(3) {
        let part = demo.customer_with_records(&c.id);
        book.customers.extend(part.customers);
        book.follow_ups.extend(part.follow_ups);
        book.service_cases.extend(part.service_cases);
        book.deals.extend(part.deals);
        book.contracts.extend(part.contracts.into_iter().filter(|k| k.template_id.is_none()));
    }
    book
}

/// One random change somewhere in `v`.
fn mutate(rng: &mut Rng, v: &mut Value) {
    match v {
        Value::Object(m) if !m.is_empty() && !rng.one_in(4) => {
            let key = m.keys().nth(rng.below(m.len())).cloned().unwrap_or_default();
            match rng.below(6) {
                0 => {
                    m.remove(&key);
                }
                1 => {
                    m.insert(key, random_json(rng, 2));
                }
                _ => mutate(rng, m.get_mut(&key).expect("key exists")),
            }
        }
        Value::Array(a) if !a.is_empty() && !rng.one_in(4) => match rng.below(5) {
            0 => {
                let i = rng.below(a.len());
                a.remove(i);
            }
            1 => {
                let i = rng.below(a.len());
                let copy = a[i].clone();
                a.push(copy);
            }
            _ => {
                let i = rng.below(a.len());
                mutate(rng, &mut a[i]);
            }
        },
        Value::String(s) if rng.one_in(2) => s.push_str(&text(rng, 3)),
        other => *other = random_json(rng, 1),
    }
}

struct Fixtures {
    book: Dataset,
    backup: Value,
    csv: [String; 3],
}

fn fixtures() -> Fixtures {
    let book = small_book();
    let now = "2026-11-24T00:00:00Z".parse().unwrap();
    let backup: Value = serde_json::from_str(&export_json(&book, now)).unwrap();
    let customers = write(&["code", "name", "kind", "status", "source", "industry", "region", "credit_limit", "tags", "notes", "contact", "title", "phone", "email"], &[
        vec!["C00001", "甲公司", "企业", "潜在", "展会", "制造", "杭州", "100000", "a;b", "", "张三", "经理", "13800138000", "z@a.cn"],
        vec!["", "乙公司", "person", "active", "referral", "", "", "", "", "=1+1", "", "", "+86 138 0013 8000", ""],
    ].map(|r| r.into_iter().map(String::from).collect::<Vec<_>>()));
    let products = write(&["code", "name", "category", "brand", "unit", "list_price", "cost", "stock", "lead_time_days", "status"], &[
        vec!["P-1", "机床", "设备/机床", "X", "台", "1000", "800", "5", "7", "在售"],
    ].map(|r| r.into_iter().map(String::from).collect::<Vec<_>>()));
    let deals = write(&["id", "title", "customer", "customer_code", "product", "stage", "amount", "engage_date", "close_date", "source", "probability"], &[
        vec!["D1", "机床采购", &book.customers[0].name, &book.customers[0].code, &book.products[0].name, &book.stages[0].name, "5000", "2026-01-02", "2026-03-01", "展会", "50%"],
    ].map(|r| r.into_iter().map(String::from).collect::<Vec<_>>()));
    Fixtures { book, backup, csv: [customers, products, deals] }
}

/// Whatever `restore` accepts passes the write checks and restores again from its export.
fn check_restore(text: &str, existing: Option<&Dataset>) {
    if let Ok(restored) = restore(text, existing) {
        assert!(validate_dataset(&restored.data, existing).is_empty(), "restore accepted a book its checks refuse");
        if existing.is_none() {
            let again = restore(&export_json(&restored.data, "2026-11-24T00:00:00Z".parse().unwrap()), None);
            assert!(again.is_ok(), "an accepted book's export is refused: {again:?}");
        }
    }
}

/// Reads `bytes` as CSV and plans all three imports against `book`; a plan without errors
/// holds only records the write checks accept.
fn check_csv(bytes: &[u8], book: &Dataset, rng: &mut Rng) {
    let encoding = if rng.one_in(3) { Some(*rng.pick(&Encoding::CHOICES)) } else { None };
    let Ok(table) = read(bytes, encoding, &NativeCodec) else { return };
    let now = "2026-11-24T00:00:00Z".parse().unwrap();
    let ids = || {
        let mut n = 0;
        move || {
            n += 1;
            format!("fz-{n}")
        }
    };
    let policy = *rng.pick(&[DuplicatePolicy::Skip, DuplicatePolicy::Update, DuplicatePolicy::CreateAnyway]);

    let mapping: Vec<Option<CustomerField>> = guess_mapping(&table.header);
    let plan = plan_customers(&table.rows, &mapping, ImportContext { existing: &book.customers, code_prefix: "C", policy, now }, ids());
    if plan.errors.is_empty() {
        let planned = Dataset { customers: plan.creates.into_iter().chain(plan.updates).collect(), ..Dataset::default() };
        assert!(validate_records(&planned).is_empty(), "a customer plan without errors holds invalid records");
    }

    let mapping: Vec<Option<ProductField>> = guess_mapping(&table.header);
    let mut planner = ProductPlanner::new(&mapping, ProductImportContext { existing: &book.products, code_pattern: "{category}-{series}-{seq}", policy, now }, ids());
    for (i, row) in table.rows.iter().enumerate() {
        planner.plan_row(i + 2, row);
    }
    let plan = planner.finish();
    if plan.errors.is_empty() {
        let planned = Dataset { products: plan.creates.into_iter().chain(plan.updates).collect(), ..Dataset::default() };
        assert!(validate_records(&planned).is_empty(), "a product plan without errors holds invalid records");
    }

    let mapping: Vec<Option<DealField>> = guess_mapping(&table.header);
    let stage_map: HashMap<String, String> =
        file_stages(&table.rows, &mapping).into_iter().filter_map(|n| guess_stage(&n, &book.stages).map(|s| (n, s.id.clone()))).collect();
    let ctx = DealImportContext {
        customers: &book.customers,
        products: &book.products,
        stages: &book.stages,
        deals: &book.deals,
        stage_map: &stage_map,
        create_customers: rng.one_in(2),
        without_customer: [WithoutCustomer::Refuse, WithoutCustomer::Import, WithoutCustomer::Skip][rng.below(3)],
        customer_prefix: "C",
        policy,
        now,
    };
    let mut planner = DealPlanner::new(&mapping, ctx, ids());
    for (i, row) in table.rows.iter().enumerate() {
        planner.plan_row(i + 2, row);
    }
    let plan = planner.finish();
    if plan.errors.is_empty() {
        let mut planned = plan.also.clone();
        planned.deals = plan.creates.into_iter().chain(plan.updates).collect();
        assert!(validate_records(&planned).is_empty(), "a deal plan without errors holds invalid records");
    }
}

/// One generated case; its kind.
fn one_case(seed: u64, fx: &Fixtures) -> &'static str {
    let mut rng = Rng(seed);
    match rng.below(8) {
        0 => {
            let b = bytes(&mut rng, 300);
            check_restore(&String::from_utf8_lossy(&b), None);
            "restore: random bytes"
        }
        1 => {
            let mut envelope = json!({"type": "salesdesk-backup", "version": 1, "data": random_json(&mut rng, 4)});
            if rng.one_in(3) {
                mutate(&mut rng, &mut envelope);
            }
            check_restore(&envelope.to_string(), if rng.one_in(2) { Some(&fx.book) } else { None });
            "restore: random JSON in an envelope"
        }
        2 | 3 => {
            let mut backup = fx.backup.clone();
            for _ in 0..1 + rng.below(4) {
                mutate(&mut rng, &mut backup);
            }
            let mut text = backup.to_string();
            if rng.one_in(8) {
                // Cut short anywhere, even inside a character.
                let cut = rng.below(text.len());
                text = String::from_utf8_lossy(&text.as_bytes()[..cut]).into_owned();
            }
            check_restore(&text, if rng.one_in(2) { Some(&fx.book) } else { None });
            "restore: a valid backup mutated"
        }
        4 => {
            check_csv(&bytes(&mut rng, 400), &fx.book, &mut rng);
            "csv: random bytes"
        }
        5 | 6 => {
            let mut b = fx.csv[rng.below(fx.csv.len())].clone().into_bytes();
            for _ in 0..1 + rng.below(6) {
                let at = rng.below(b.len() + 1);
                match rng.below(3) {
                    0 if at < b.len() => {
                        b.remove(at);
                    }
                    1 => b.splice(at..at, rng.pick(PIECES).bytes()).for_each(drop),
                    _ => b.insert(at, rng.next() as u8),
                }
            }
            check_csv(&b, &fx.book, &mut rng);
            "csv: a valid file mutated"
        }
        _ => {
            let width = 1 + rng.below(5);
            let header: Vec<&str> = (0..width).map(|i| ["code", "name", "phone", "notes", "region"][i]).collect();
            let rows: Vec<Vec<String>> = (0..1 + rng.below(4)).map(|_| (0..width).map(|_| text(&mut rng, 5)).collect()).collect();
            // A row of one empty cell is a blank line, which readers skip: it holds nothing.
            let kept: Vec<Vec<String>> = rows.iter().filter(|r| !(r.len() == 1 && r[0].is_empty())).cloned().collect();
            match read(write(&header, &rows).as_bytes(), None, &NativeCodec) {
                Ok(table) => {
                    let back: Vec<Vec<String>> = table.rows.iter().map(|r| r.iter().map(|c| unneutralise(c).to_string()).collect()).collect();
                    assert_eq!(back, kept, "a written table reads back unchanged");
                }
                Err(e) => assert!(kept.is_empty() && e == CsvError::HeaderOnly, "what the app writes, it reads: {e:?}"),
            }
            "csv: write then read"
        }
    }
}

#[test]
fn fuzz_restore_and_csv_import() {
    let cases: u64 = std::env::var("FUZZ_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(20_000);
    let base: u64 = std::env::var("FUZZ_SEED").ok().and_then(|v| v.parse().ok()).unwrap_or(0x5A1E_5DE5);
    let fx = fixtures();
    // Panics are counted and reported with their seed, not printed one by one.
    std::panic::set_hook(Box::new(|_| {}));
    let started = Instant::now();
    let mut kinds: HashMap<&'static str, u64> = HashMap::new();
    let mut failures = Vec::new();
    for i in 0..cases {
        let seed = base.wrapping_add(i);
        match catch_unwind(AssertUnwindSafe(|| one_case(seed, &fx))) {
            Ok(kind) => *kinds.entry(kind).or_default() += 1,
            Err(e) => {
                let why = e.downcast_ref::<String>().cloned().or_else(|| e.downcast_ref::<&str>().map(|s| s.to_string())).unwrap_or_default();
                failures.push(format!("FUZZ_SEED={seed} FUZZ_CASES=1: {why}"));
            }
        }
    }
    let _ = std::panic::take_hook();
    let secs = started.elapsed().as_secs_f64();
    let mut kinds: Vec<_> = kinds.into_iter().collect();
    kinds.sort();
    println!("fuzz: {cases} cases in {secs:.1} s ({:.0} cases/s), {} failed", cases as f64 / secs, failures.len());
    for (kind, n) in kinds {
        println!("  {n:>9}  {kind}");
    }
    // Failures grouped by their first line, each with one seed to replay it.
    let mut groups: Vec<(String, usize, String)> = Vec::new();
    for f in &failures {
        let (seed, why) = f.split_once(": ").unwrap_or((f, ""));
        let first = why.lines().next().unwrap_or("").to_string();
        match groups.iter_mut().find(|g| g.0 == first) {
            Some(g) => g.1 += 1,
            None => groups.push((first, 1, format!("{seed}; {}", why.chars().take(400).collect::<String>().replace('\n', " ⏎ ")))),
        }
    }
    let report: Vec<String> = groups.iter().map(|(why, n, seed)| format!("{n:>7} × {why}  ({seed})")).collect();
    assert!(failures.is_empty(), "{} of {cases} cases failed:\n{}", failures.len(), report.join("\n"));
}
