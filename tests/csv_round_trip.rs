//! Issue 10, finding 5: phones exported as `'+86 …` were refused when the same file was
//! imported again. What the app exports as CSV, in either language, its import reads back
//! unchanged: customers, products and deals, hostile cells included.
#![cfg(not(target_arch = "wasm32"))]

use chrono::NaiveDate;
use salesdesk::domain::csv::{read, write, NativeCodec};
use salesdesk::domain::customers::export as customer_csv;
use salesdesk::domain::customers::import::{plan as plan_customers, ImportContext};
use salesdesk::domain::customers::Customer;
use salesdesk::domain::demo::{generate, DemoSize, DEMO_SEED};
use salesdesk::domain::import::{guess_mapping, DuplicatePolicy, ImportPlan, RowPlanner};
use salesdesk::domain::pipeline::export as deal_csv;
use salesdesk::domain::pipeline::import::{file_stages, guess_stage, DealImportContext, DealPlanner};
use salesdesk::domain::products::export as product_csv;
use salesdesk::domain::products::import::{ProductImportContext, ProductPlanner};
use salesdesk::domain::{Dataset, Locale};
use salesdesk::ui::i18n::{kind_label, product_status_label, source_label, status_label};
use std::collections::HashMap;

/// Cells a spreadsheet would run, and text that needs quoting.
const HOSTILE: [&str; 6] = ["=HYPERLINK(\"http://evil.example\")", "+86 138 0013 8000", "-5% off", "@SUM(A1)", "a, \"quoted\"\nsecond line", "中文，逗号；分号"];

fn book(lang: Locale) -> Dataset {
    let mut data = generate(DemoSize::STANDARD, lang, NaiveDate::from_ymd_opt(2026, 11, 24).unwrap(), DEMO_SEED);
    for (i, hostile) in HOSTILE.iter().enumerate() {
        let c = &mut data.customers[i];
        c.notes = hostile.to_string();
        c.industry = format!("{hostile} {i}").replace('\n', " ");
        if let Some(k) = c.contacts.first_mut() {
            k.phone = "+86 138 0013 8000".into();
            k.title = "=1+1".into();
        }
        data.products[i].brand = hostile.to_string();
        data.deals[i].notes = hostile.to_string();
        data.deals[i].competitor = "=cmd|' /C calc'!A0".into();
    }
    data
}

fn through_csv(header: &[&str], rows: &[Vec<String>]) -> (Vec<String>, Vec<Vec<String>>) {
    let text = write(header, rows);
    let table = read(text.as_bytes(), None, &NativeCodec).expect("the export reads back");
    (table.header, table.rows)
}

fn ids() -> impl FnMut() -> String {
    let mut n = 0;
    move || {
        n += 1;
        format!("new-{n}")
    }
}

fn no_errors<T>(plan: &ImportPlan<T>) {
    assert!(plan.errors.is_empty(), "{:?}", plan.errors.iter().take(5).collect::<Vec<_>>());
}

/// A customer as the CSV carries it.
fn customer_fields(c: &Customer) -> impl PartialEq + std::fmt::Debug {
    let contacts: Vec<_> = c.contacts.iter().map(|k| (k.name.clone(), k.title.clone(), k.phone.clone(), k.email.clone())).collect();
    (c.code.clone(), c.name.clone(), c.kind, c.status, c.source, c.industry.clone(), c.region.clone(), c.credit_limit, c.tags.clone(), c.notes.clone(), contacts)
}

#[test]
fn customers_round_trip_in_both_languages() {
    for lang in [Locale::Zh, Locale::En] {
        let data = book(lang);
        let kind = |k| kind_label(lang, k).to_string();
        let labels = customer_csv::Labels { kind: &kind, status: &|s| status_label(lang, s).to_string(), source: &|s| source_label(lang, s).to_string() };
        let rows = customer_csv::rows(&data.customers, |_| "A".into(), &labels);
        let (header, rows) = through_csv(&customer_csv::HEADER, &rows);
        let mapping = guess_mapping(&header);
        let ctx = ImportContext { existing: &[], code_prefix: "C", policy: DuplicatePolicy::Update, now: chrono::Utc::now() };
        let plan = plan_customers(&rows, &mapping, ctx, ids());
        no_errors(&plan);
        assert_eq!(plan.creates.len(), data.customers.len());
        for (back, original) in plan.creates.iter().zip(&data.customers) {
            assert_eq!(customer_fields(back), customer_fields(original), "{lang:?}");
        }
    }
}

#[test]
fn products_round_trip_in_both_languages() {
    for lang in [Locale::Zh, Locale::En] {
        let data = book(lang);
        let rows = product_csv::rows(&data.products, |s| product_status_label(lang, s).to_string());
        let (header, rows) = through_csv(&product_csv::HEADER, &rows);
        let mapping = guess_mapping(&header);
        let ctx = ProductImportContext { existing: &[], code_pattern: "{category}-{series}-{seq}", policy: DuplicatePolicy::Update, now: chrono::Utc::now() };
        let mut planner = ProductPlanner::new(&mapping, ctx, ids());
        for (i, row) in rows.iter().enumerate() {
            planner.plan_row(i + 2, row);
        }
        let plan = planner.finish();
        no_errors(&plan);
        let fields = |p: &salesdesk::domain::products::Product| {
            (p.code.clone(), p.name.clone(), p.category.clone(), p.brand.clone(), p.unit.clone(), p.list_price, p.cost, p.stock, p.lead_time_days, p.ordering_cost, p.holding_cost, p.status)
        };
        assert_eq!(plan.creates.iter().map(fields).collect::<Vec<_>>(), data.products.iter().map(fields).collect::<Vec<_>>(), "{lang:?}");
    }
}

/// The book's deals exported in `lang`, read back and planned against the same book (its
/// deals stored too when `stored` holds them).
fn deals_through_csv(data: &Dataset, lang: Locale, stored: &[salesdesk::domain::pipeline::Deal]) -> ImportPlan<salesdesk::domain::pipeline::Deal> {
    let name = |id: &str| data.customers.iter().find(|c| c.id == id).map(|c| (c.name.clone(), c.code.clone())).unwrap_or_default();
    let rows = deal_csv::rows(&data.deals, name, &data.products, &data.stages, |s| source_label(lang, s).to_string());
    let (header, rows) = through_csv(&deal_csv::HEADER, &rows);
    let mapping = guess_mapping(&header);
    let stage_map: HashMap<String, String> =
        file_stages(&rows, &mapping).into_iter().map(|name| (name.clone(), guess_stage(&name, &data.stages).expect("a stage of this book").id.clone())).collect();
    let ctx = DealImportContext {
        customers: &data.customers,
        products: &data.products,
        stages: &data.stages,
        deals: stored,
        stage_map: &stage_map,
        create_customers: false,
        without_customer: Default::default(),
        customer_prefix: "C",
        policy: DuplicatePolicy::Update,
        now: chrono::Utc::now(),
    };
    let mut planner = DealPlanner::new(&mapping, ctx, ids());
    for (i, row) in rows.iter().enumerate() {
        planner.plan_row(i + 2, row);
    }
    planner.finish()
}

#[test]
fn deals_round_trip_in_both_languages() {
    for lang in [Locale::Zh, Locale::En] {
        let data = book(lang);
        let plan = deals_through_csv(&data, lang, &[]);
        no_errors(&plan);
        let product = |d: &salesdesk::domain::pipeline::Deal| match d.line_items.as_slice() {
            [line] => Some(line.product_id.clone()),
            _ => None,
        };
        let fields = |d: &salesdesk::domain::pipeline::Deal, single: bool| {
            (
                d.title.clone(), d.customer_id.clone(), if single { product(d) } else { None }, d.stage_id.clone(), d.amount,
                d.created_at.date_naive(), d.expected_close, d.source, d.probability, d.competitor.clone(), d.notes.clone(),
            )
        };
        assert_eq!(plan.creates.len(), data.deals.len());
        for (back, original) in plan.creates.iter().zip(&data.deals) {
            let single = original.line_items.len() == 1;
            assert_eq!(fields(back, single), fields(original, single), "{lang:?}");
        }
    }
}

// The adversarial run found that importing the deals list export back doubled the pipeline.
#[test]
fn the_deals_export_imported_into_the_same_book_changes_nothing() {
    for lang in [Locale::Zh, Locale::En] {
        let data = book(lang);
        let plan = deals_through_csv(&data, lang, &data.deals);
        no_errors(&plan);
        assert!(plan.creates.is_empty(), "{lang:?}: {} created", plan.creates.len());
        assert_eq!(plan.updates.len(), data.deals.len());
        for (back, original) in plan.updates.iter().zip(&data.deals) {
            let same = salesdesk::domain::pipeline::Deal { updated_at: original.updated_at, ..back.clone() };
            assert_eq!(&same, original, "{lang:?}: {}", original.id);
        }
    }
}
