//! Storage against real IndexedDB in headless Chromium (`cargo test --target wasm32-unknown-unknown`).
#![cfg(target_arch = "wasm32")]

use chrono::NaiveDate;
use indexed_db_futures::database::Database;
use salesdesk::domain::customers::Customer;
use salesdesk::domain::dataset::merge;
use salesdesk::domain::demo::{generate, DemoSize, DEMO_SEED};
use salesdesk::domain::rng::Rng;
use salesdesk::domain::{Dataset, Locale, StoreKind};
use salesdesk::storage::{Db, StorageError, SCHEMA_VERSION};
use std::cell::Cell;
use std::rc::Rc;
use std::sync::Arc;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// The demo book as stored: every record with a revision (as the service writes them).
fn demo() -> Dataset {
    let mut data = generate(DemoSize::STANDARD, Locale::Zh, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), DEMO_SEED);
    data.fill_revisions(salesdesk::storage::new_revision);
    data
}

async fn fresh(name: &str) -> String {
    Database::delete_by_name(name).unwrap().await.unwrap();
    name.to_string()
}

#[wasm_bindgen_test]
async fn migrations_from_the_first_schema_keep_data() {
    let name = fresh("t-migrate").await;
    // As an old build stored it: no revisions.
    let data = generate(DemoSize::STANDARD, Locale::Zh, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), DEMO_SEED);
    let v1 = Db::open_at(&name, 1).await.unwrap();
    assert_eq!(v1.version(), 1);
    // Schema 1 has customers, products, stages, deals and settings only.
    let v1_data = Dataset {
        customers: data.customers.clone(),
        products: data.products.clone(),
        stages: data.stages.clone(),
        deals: data.deals.clone(),
        settings: data.settings.clone(),
        ..Dataset::default()
    };
    for c in &v1_data.customers {
        v1.put(c).await.unwrap();
    }
    for p in &v1_data.products {
        v1.put(p).await.unwrap();
    }
    for s in &v1_data.stages {
        v1.put(s).await.unwrap();
    }
    for d in &v1_data.deals {
        v1.put(d).await.unwrap();
    }
    v1.close();

    let latest = Db::open(&name).await.unwrap();
    assert_eq!(latest.version(), SCHEMA_VERSION);
    let loaded = latest.load_all().await.unwrap();
    assert_eq!(loaded.customers.len(), 60);
    // Step 6 gave every stored record a revision; otherwise they are as written.
    assert!(loaded.customers.iter().all(|c| c.rev != 0) && loaded.deals.iter().all(|d| d.rev != 0));
    let unrevised = |cs: Vec<Customer>| sorted(cs.into_iter().map(|c| Customer { rev: 0, ..c }).collect());
    assert_eq!(unrevised(loaded.customers), unrevised(data.customers.clone()));
    assert_eq!(loaded.deals.len(), data.deals.len());
    // The stores added by later migrations are there and usable.
    latest.put(&data.contracts[0]).await.unwrap();
    latest.put(&data.follow_ups[0]).await.unwrap();
    let counts = latest.counts().await.unwrap();
    assert_eq!(counts.get(StoreKind::Contracts), 1);
    assert_eq!(counts.get(StoreKind::FollowUps), 1);
    latest.close();
}

fn sorted(mut v: Vec<Customer>) -> Vec<Customer> {
    v.sort_by(|a, b| a.id.cmp(&b.id));
    v
}

// A reload during the very first visit can leave the database at the app's version with no
// store (Chromium commits the version change whose page went away before it was handled): the
// bench met it as a settings page where every read said "object store not found".
#[wasm_bindgen_test]
async fn a_database_left_at_the_version_without_stores_is_made_again() {
    let name = fresh("t-empty-upgrade").await;
    let raw = Database::open(&name).with_version(SCHEMA_VERSION).await.unwrap();
    assert_eq!(raw.object_store_names().count(), 0);
    raw.close();
    let db = Db::open(&name).await.unwrap();
    let data = demo();
    db.replace_all(&data).await.unwrap();
    assert_eq!(db.load_all().await.unwrap().customers.len(), data.customers.len());
    db.close();
}

#[wasm_bindgen_test]
async fn a_database_from_a_newer_build_is_refused_and_left_alone() {
    let name = fresh("t-newer").await;
    let future = Database::open(name.as_str()).with_version(SCHEMA_VERSION + 5).await.unwrap();
    future.close();
    match Db::open(&name).await {
        Err(StorageError::NewerSchema { found, supported }) => {
            assert_eq!(found, SCHEMA_VERSION + 5);
            assert_eq!(supported, SCHEMA_VERSION);
        }
        Err(e) => panic!("expected NewerSchema, got {e:?}"),
        Ok(_) => panic!("expected NewerSchema, got a connection"),
    }
    let still = Database::open(name.as_str()).await.unwrap();
    assert_eq!(still.version() as u32, SCHEMA_VERSION + 5);
    still.close();
}

#[wasm_bindgen_test]
async fn a_failing_record_in_the_middle_leaves_every_store_unchanged() {
    let name = fresh("t-atomic").await;
    let db = Db::open(&name).await.unwrap();
    let before = demo();
    db.replace_all(&before).await.unwrap();

    // A new dataset whose customers clash on a code half-way through: the unique index
    // rejects it after products and stages were already written in the same transaction.
    let mut next = Dataset::default();
    next.products = before.products[..5].to_vec();
    next.customers = before.customers[..10].to_vec();
    next.customers[6].code = next.customers[2].code.clone();
    next.sales_targets = before.sales_targets.clone();
    let err = db.replace_all(&next).await.unwrap_err();
    assert!(matches!(err, StorageError::Conflict(_)), "a unique-index clash is a Conflict: {err:?}");

    let after = db.load_all().await.unwrap();
    assert_eq!(after.counts(), before.counts());
    assert_eq!(after.customers.len(), 60);
    assert_eq!(after.products.len(), 25);
    db.close();
}

#[wasm_bindgen_test]
async fn merge_writes_only_new_and_newer_records() {
    let name = fresh("t-merge").await;
    let db = Db::open(&name).await.unwrap();
    let stored = demo();
    db.replace_all(&stored).await.unwrap();

    let mut renamed = stored.customers[0].clone();
    renamed.name = "Renamed Co.".into();
    renamed.updated_at += chrono::Duration::minutes(5);
    let mut stale = stored.customers[1].clone();
    stale.name = "Stale Co.".into();
    stale.updated_at -= chrono::Duration::days(3);
    let mut brand_new = stored.customers[2].clone();
    brand_new.id = "cus-merged".into();
    brand_new.code = "C99999".into();
    let incoming = Dataset { customers: vec![renamed, stale, brand_new], ..Dataset::default() };

    let (writes, report) = merge(&db.load_all().await.unwrap(), incoming);
    assert_eq!((report.created, report.updated, report.skipped), (1, 1, 1));
    db.put_all(&writes).await.unwrap();

    let after: Vec<Customer> = db.get_all().await.unwrap();
    assert_eq!(after.len(), 61);
    let by_id = |id: &str| after.iter().find(|c| c.id == id).unwrap().name.clone();
    assert_eq!(by_id(&stored.customers[0].id), "Renamed Co.");
    assert_eq!(by_id(&stored.customers[1].id), stored.customers[1].name);
    assert_eq!(by_id("cus-merged"), stored.customers[2].name);
    db.close();
}

#[wasm_bindgen_test]
async fn another_tab_upgrading_closes_this_connection_gracefully() {
    let name = fresh("t-versionchange").await;
    let db = Db::open(&name).await.unwrap();
    db.replace_all(&demo()).await.unwrap();
    let told = Rc::new(Cell::new(false));
    let flag = told.clone();
    db.close_on_version_change(move || flag.set(true));

    // "Another tab" opens a newer version; it is not blocked because this tab lets go.
    let other = Database::open(name.as_str()).with_version(SCHEMA_VERSION + 1).await.unwrap();
    assert!(told.get(), "this tab was not told about the upgrade");
    assert_eq!(db.counts().await.unwrap_err(), StorageError::Closed);
    assert_eq!(other.version() as u32, SCHEMA_VERSION + 1);
    other.close();
}

#[wasm_bindgen_test]
async fn erase_empties_every_store() {
    let name = fresh("t-erase").await;
    let db = Db::open(&name).await.unwrap();
    db.replace_all(&demo()).await.unwrap();
    db.erase_all().await.unwrap();
    assert_eq!(db.counts().await.unwrap().total(), 0);
    db.close();
}

#[wasm_bindgen_test]
async fn merging_customers_and_undoing_it_round_trips() {
    use salesdesk::domain::customers::duplicates::{merge_customers, MergeField};
    let name = fresh("t-merge-customers").await;
    let db = Db::open(&name).await.unwrap();
    let data = demo();
    db.replace_all(&data).await.unwrap();
    let other = data.deals[0].customer_id.clone();
    let keep = data.customers.iter().find(|c| c.id != other).unwrap().id.clone();
    // Taking the other customer's code exercises the unique code index in both directions.
    let plan = merge_customers(&data, &keep, &other, &[MergeField::Code, MergeField::Name], chrono::Utc::now()).unwrap();
    db.apply(&plan.writes, &plan.deletes).await.unwrap();
    let after = db.load_all().await.unwrap();
    assert_eq!(after.customers.len(), 59);
    assert!(after.deals.iter().all(|d| d.customer_id != other));
    db.put_all(&plan.undo).await.unwrap();
    let restored = db.load_all().await.unwrap();
    assert_eq!(sorted(restored.customers.clone()), sorted(data.customers.clone()));
    let deals_of = |d: &Dataset| d.deals.iter().filter(|x| x.customer_id == other).count();
    assert_eq!(deals_of(&restored), deals_of(&data));
    db.close();
}

#[wasm_bindgen_test]
async fn a_board_move_and_a_stage_removal_persist_with_their_history() {
    use salesdesk::domain::pipeline::{plan_move, remove_stage, Deal, Stage, StageKind};
    let name = fresh("t-moves").await;
    let data = demo();
    let db = Db::open(&name).await.unwrap();
    db.replace_all(&data).await.unwrap();
    let stages: Vec<Stage> = db.get_all().await.unwrap();
    let open: Vec<&Stage> = {
        let mut v: Vec<&Stage> = stages.iter().filter(|s| s.kind == StageKind::Open).collect();
        v.sort_by_key(|s| s.order);
        v
    };
    let deals: Vec<Deal> = db.get_all().await.unwrap();
    let moving = deals.iter().find(|d| d.stage_id == open[0].id).unwrap().clone();
    let first_in_target = salesdesk::domain::pipeline::query::by_rank(deals.iter().filter(|d| d.stage_id == open[1].id))[0].id.clone();

    // Move in front of the first card of the next stage: one deal written, with its history.
    let puts = plan_move(&deals, &moving.id, open[1], Some(&first_in_target), chrono::Utc::now());
    assert_eq!(puts.len(), 1);
    db.apply(&Dataset { deals: puts.clone(), ..Dataset::default() }, &[]).await.unwrap();
    db.close();

    let db = Db::open(&name).await.unwrap();
    let reloaded: Vec<Deal> = db.get_all().await.unwrap();
    let moved = reloaded.iter().find(|d| d.id == moving.id).unwrap();
    assert_eq!(moved.stage_id, open[1].id);
    assert_eq!(moved.stage_history.len(), moving.stage_history.len() + 1);
    assert_eq!(moved.stage_history.last().unwrap().stage_id, open[1].id);
    let column = salesdesk::domain::pipeline::query::by_rank(reloaded.iter().filter(|d| d.stage_id == open[1].id));
    assert_eq!(column[0].id, moving.id, "first in its new column");

    // Removing that stage moves its deals, in one transaction with the stage deletion.
    let holding = reloaded.iter().filter(|d| d.stage_id == open[1].id).count();
    let target_count = reloaded.iter().filter(|d| d.stage_id == open[2].id).count();
    let (kept, moved_deals) = remove_stage(&stages, &reloaded, &open[1].id, Some(open[2]), chrono::Utc::now()).unwrap();
    db.apply(&Dataset { stages: kept, deals: moved_deals, ..Dataset::default() }, &[(StoreKind::Stages, open[1].id.clone())]).await.unwrap();
    let after: Vec<Deal> = db.get_all().await.unwrap();
    let stages_after: Vec<Stage> = db.get_all().await.unwrap();
    assert_eq!(stages_after.len(), stages.len() - 1);
    assert!(after.iter().all(|d| d.stage_id != open[1].id));
    assert_eq!(after.iter().filter(|d| d.stage_id == open[2].id).count(), holding + target_count);
}

#[wasm_bindgen_test]
async fn reading_by_index_returns_exactly_one_customers_records() {
    use salesdesk::domain::customers::{FollowUp, ServiceCase};
    let name = fresh("t-by-index").await;
    let data = demo();
    let db = Db::open(&name).await.unwrap();
    db.replace_all(&data).await.unwrap();
    let customer = &data.follow_ups[0].customer_id;
    let mut got: Vec<String> = db.get_by::<FollowUp>("by_customer", customer).await.unwrap().into_iter().map(|f| f.id).collect();
    let mut want: Vec<String> = data.follow_ups.iter().filter(|f| &f.customer_id == customer).map(|f| f.id.clone()).collect();
    got.sort();
    want.sort();
    assert!(!want.is_empty());
    assert_eq!(got, want);
    assert!(db.get_by::<ServiceCase>("by_customer", "no-such-customer").await.unwrap().is_empty());
    assert!(db.get_by::<FollowUp>("no_such_index", customer).await.is_err());
}

#[wasm_bindgen_test]
async fn upgrading_a_schema_3_book_adds_an_index_to_a_store_with_records_in_it() {
    use salesdesk::domain::customers::FollowUp;
    let name = fresh("t-add-index").await;
    let mut data = demo();
    // Give some follow-ups a deal so the new index has something to find.
    let deal = data.deals[0].id.clone();
    for f in data.follow_ups.iter_mut().take(3) {
        f.deal_id = Some(deal.clone());
    }
    // Schema 3 has no stock points nor events: what it had, written store by store.
    data.stock_points.clear();
    before_events(&mut data);
    let v3 = Db::open_at(&name, 3).await.unwrap();
    put_each(&v3, &data).await;
    assert!(v3.get_by::<FollowUp>("by_deal", &deal).await.is_err(), "schema 3 has no by_deal index");
    v3.close();

    let latest = Db::open(&name).await.unwrap();
    assert_eq!(latest.version(), SCHEMA_VERSION);
    let mut got: Vec<String> = latest.get_by::<FollowUp>("by_deal", &deal).await.unwrap().into_iter().map(|f| f.id).collect();
    let mut want: Vec<String> = data.follow_ups.iter().filter(|f| f.deal_id.as_deref() == Some(deal.as_str())).map(|f| f.id.clone()).collect();
    got.sort();
    want.sort();
    assert!(want.len() >= 3);
    assert_eq!(got, want, "records stored before the upgrade are in the new index");
    // Nothing was lost on the way (and every product got its first stock point).
    let mut loaded = latest.load_all().await.unwrap();
    assert_eq!(loaded.stock_points.len(), data.products.len());
    loaded.stock_points.clear();
    assert_eq!(loaded.counts(), data.counts());
    latest.close();
}

/// Writes every record of `data` one by one (as an old build did, store by store).
/// A book as a build from before events kept it: no events, no deal tagged with one.
fn before_events(data: &mut Dataset) {
    data.events.clear();
    for d in &mut data.deals {
        d.event_id = None;
        d.consent = None;
    }
}

async fn put_each(db: &Db, data: &Dataset) {
    for r in &data.customers { db.put(r).await.unwrap(); }
    for r in &data.follow_ups { db.put(r).await.unwrap(); }
    for r in &data.service_cases { db.put(r).await.unwrap(); }
    for r in &data.products { db.put(r).await.unwrap(); }
    for r in &data.stages { db.put(r).await.unwrap(); }
    for r in &data.deals { db.put(r).await.unwrap(); }
    for r in &data.contracts { db.put(r).await.unwrap(); }
    for r in &data.contract_templates { db.put(r).await.unwrap(); }
    for r in &data.sales_targets { db.put(r).await.unwrap(); }
    for r in &data.settings { db.put(r).await.unwrap(); }
}

#[wasm_bindgen_test]
async fn upgrading_a_book_from_before_stock_points_gives_each_product_its_stock_today() {
    use salesdesk::domain::products::stock::{StockCause, StockPoint};
    let name = fresh("t-stock-points").await;
    let mut data = demo();
    data.stock_points.clear();
    before_events(&mut data);
    data.products[0].stock = 7;
    data.products[1].stock = -2;
    let v6 = Db::open_at(&name, 6).await.unwrap();
    put_each(&v6, &data).await;
    v6.close();

    let latest = Db::open(&name).await.unwrap();
    assert_eq!(latest.version(), SCHEMA_VERSION);
    let today = salesdesk::service::today();
    for p in &data.products {
        let points: Vec<StockPoint> = latest.get_by("by_product", &p.id).await.unwrap();
        assert_eq!(points.len(), 1, "{}", p.id);
        let sp = &points[0];
        assert_eq!((sp.stock, sp.date, sp.cause), (p.stock, today, StockCause::Opening));
        assert_ne!(sp.rev, 0, "stored with a revision, as every record");
    }
    // The migrated book is one its own backup accepts.
    let loaded = latest.load_all().await.unwrap();
    assert_eq!(salesdesk::domain::dataset::validate_dataset(&loaded, None), vec![]);
    latest.close();
}

#[wasm_bindgen_test]
async fn saving_a_product_records_its_stock_and_deleting_it_takes_its_points_along() {
    use salesdesk::domain::products::stock::{StockCause, StockPoint};
    use salesdesk::domain::products::Product;
    use salesdesk::service::Service;
    let name = fresh("t-stock-writes").await;
    let data = demo();
    let db = Db::open(&name).await.unwrap();
    db.replace_all(&data).await.unwrap();
    let service = Service::new(db.clone());
    // A new product (no quote uses it, so it can be deleted).
    let free = "prd-new".to_string();
    let product = Product { id: free.clone(), code: "ZZ-T-001".into(), stock: 42, rev: 0, ..data.products[0].clone() };
    let saved = service.create_numbered(&product).await.unwrap();
    let first: Vec<StockPoint> = db.get_by("by_product", &free).await.unwrap();
    assert_eq!(first.iter().map(|p| p.stock).collect::<Vec<_>>(), [42]);
    // Twice the same day: one point, the last stock (no conflict with itself).
    let mut again = saved.clone();
    again.stock = 40;
    let saved = service.save(&again).await.unwrap();
    let points: Vec<StockPoint> = db.get_by("by_product", &free).await.unwrap();
    assert_eq!(points.len(), 1);
    assert_eq!((points[0].stock, points[0].cause), (40, StockCause::Edit));
    // Deleted with its points; undo brings both back.
    let undo = service.delete_product(saved).await.unwrap();
    assert_eq!(undo.data.stock_points.len(), 1);
    assert!(db.get_by::<StockPoint>("by_product", &free).await.unwrap().is_empty());
    let after = db.load_all().await.unwrap();
    assert_eq!(salesdesk::domain::dataset::validate_dataset(&after, None), vec![], "no point is left pointing at nothing");
    service.put_back(&undo).await.unwrap();
    assert_eq!(db.get_by::<StockPoint>("by_product", &free).await.unwrap().len(), 1);
    assert!(db.get_all::<Product>().await.unwrap().iter().any(|p| p.id == free));
    db.close();
}

#[wasm_bindgen_test]
async fn with_reduce_stock_on_a_deal_won_takes_its_units_and_reopening_gives_them_back() {
    use salesdesk::domain::pipeline::{Deal, StageKind};
    use salesdesk::domain::products::stock::{units_of, StockCause, StockPoint, Taken};
    use salesdesk::domain::products::Product;
    use salesdesk::domain::settings::Settings;
    use salesdesk::service::Service;
    let name = fresh("t-stock-on-win").await;
    let data = demo();
    let db = Db::open(&name).await.unwrap();
    db.replace_all(&data).await.unwrap();
    let service = Service::new(db.clone());
    let won = data.stages.iter().find(|s| s.kind == StageKind::Won).unwrap().clone();
    let open = data.stages.iter().find(|s| s.kind == StageKind::Open).unwrap().clone();
    // An open deal with a quote, its first line's product at a known stock.
    let deal: Deal = data.deals.iter().find(|d| d.stage_id != won.id && !d.line_items.is_empty()).unwrap().clone();
    let product_id = deal.line_items[0].product_id.clone();
    // (units_of has its own hand-computed tests.)
    let units = units_of(&deal).into_iter().find(|t| t.product_id == product_id).unwrap().units;
    assert!(units > 0);
    let stock_of = |products: &[Product]| products.iter().find(|p| p.id == product_id).unwrap().stock;
    let before = stock_of(&db.get_all::<Product>().await.unwrap());
    // Setting off: winning moves no stock.
    let mut moved = deal.clone();
    moved.move_to(&won, moved.rank.clone(), chrono::Utc::now());
    let saved = service.save_deals(vec![moved], &[]).await.unwrap().remove(0);
    assert!(saved.stock_taken.is_empty());
    assert_eq!(stock_of(&db.get_all::<Product>().await.unwrap()), before);
    // Back to open, setting on, won again: the units leave stock, with a sale point.
    let mut reopened = saved.clone();
    reopened.move_to(&open, reopened.rank.clone(), chrono::Utc::now());
    let saved = service.save_deals(vec![reopened], &[]).await.unwrap().remove(0);
    let mut settings: Settings = service.settings().await.unwrap();
    settings.reduce_stock_on_win = true;
    service.save(&settings).await.unwrap();
    let mut won_again = saved.clone();
    won_again.move_to(&won, won_again.rank.clone(), chrono::Utc::now());
    // The caller's copy knows nothing of holdings (a board's copy, say): the stored deal counts.
    let saved = service.save_deals(vec![won_again], &[]).await.unwrap().remove(0);
    assert!(saved.stock_taken.contains(&Taken { product_id: product_id.clone(), units }), "{:?}", saved.stock_taken);
    assert_eq!(stock_of(&db.get_all::<Product>().await.unwrap()), before - units);
    let points: Vec<StockPoint> = db.get_by("by_product", &product_id).await.unwrap();
    let last = points.iter().max_by_key(|p| p.date).unwrap();
    assert_eq!((last.stock, last.cause), (before - units, StockCause::Sale));
    // Saved again while won (notes edited): nothing moves twice.
    let mut edited = saved.clone();
    edited.notes = "signed".into();
    let mut stale_copy = edited.clone();
    stale_copy.stock_taken.clear();
    let saved = service.save_deals(vec![stale_copy], &[]).await.unwrap().remove(0);
    assert_eq!(stock_of(&db.get_all::<Product>().await.unwrap()), before - units);
    // Reopened: the units come back, and the deal holds nothing — even from a copy that
    // shows neither the lines nor the holdings (the products are then read on a second try).
    let mut reopened = saved.clone();
    reopened.move_to(&open, reopened.rank.clone(), chrono::Utc::now());
    reopened.stock_taken.clear();
    reopened.line_items.clear();
    let saved = service.save_deals(vec![reopened], &[]).await.unwrap().remove(0);
    assert!(saved.stock_taken.is_empty());
    assert_eq!(stock_of(&db.get_all::<Product>().await.unwrap()), before);
    let stored: Deal = db.get(&deal.id).await.unwrap().unwrap();
    assert!(stored.stock_taken.is_empty());
    // The book still passes its own backup's checks.
    let after = db.load_all().await.unwrap();
    assert_eq!(salesdesk::domain::dataset::validate_dataset(&after, None), vec![]);
    db.close();
}

#[wasm_bindgen_test]
async fn commits_are_counted_per_store_and_reported() {
    use salesdesk::domain::customers::FollowUp;
    let name = fresh("t-commits").await;
    let data = demo();
    let db = Db::open(&name).await.unwrap();
    db.replace_all(&data).await.unwrap();
    let heard: Rc<std::cell::RefCell<Vec<Vec<StoreKind>>>> = Rc::default();
    let log = heard.clone();
    db.on_commit(move |kinds| log.borrow_mut().push(kinds.to_vec()));
    let customers = db.commits(StoreKind::Customers);
    let follow_ups = db.commits(StoreKind::FollowUps);
    db.put::<FollowUp>(&data.follow_ups[0]).await.unwrap();
    assert_eq!(db.commits(StoreKind::FollowUps), follow_ups + 1);
    assert_eq!(db.commits(StoreKind::Customers), customers, "a follow-up write leaves customers' count alone");
    db.apply(&Dataset { deals: vec![data.deals[0].clone()], ..Dataset::default() }, &[(StoreKind::Products, data.products[0].id.clone())]).await.unwrap();
    assert_eq!(*heard.borrow(), vec![vec![StoreKind::FollowUps], vec![StoreKind::Products, StoreKind::Deals]]);
    db.close();
}

#[wasm_bindgen_test]
async fn the_service_keeps_the_graded_book_until_one_of_its_stores_changes() {
    use salesdesk::service::Service;
    let name = fresh("t-service-cache").await;
    let data = demo();
    let db = Db::open(&name).await.unwrap();
    db.replace_all(&data).await.unwrap();
    let service = Service::new(db.clone());
    let first = service.graded().await.unwrap();
    assert!(Arc::ptr_eq(&first, &service.graded().await.unwrap()), "read twice without a write: one read");
    // A follow-up is not part of the graded book.
    service.save(&data.follow_ups[0]).await.unwrap();
    assert!(Arc::ptr_eq(&first, &service.graded().await.unwrap()), "a follow-up write keeps the graded book");
    let mut renamed = data.customers[0].clone();
    renamed.name = "Renamed Co.".into();
    service.save(&renamed).await.unwrap();
    let second = service.graded().await.unwrap();
    assert!(!Arc::ptr_eq(&first, &second), "a customer write drops it");
    assert!(second.customers.iter().any(|c| c.name == "Renamed Co."));
    // Another tab's write drops it too, before any message from that tab arrives: its
    // transaction renewed the deals' write stamp.
    let other = Db::open(&name).await.unwrap();
    other.put(&data.deals[0]).await.unwrap();
    assert!(!Arc::ptr_eq(&second, &service.graded().await.unwrap()));
    other.close();
    // The dashboard's figures are kept the same way: a deal lost here shows at once.
    use salesdesk::domain::pipeline::StageKind;
    let open = service.overview().await.unwrap().1.open_deals;
    let stages = &data.stages;
    let is_open = |id: &str| stages.iter().any(|s| s.id == id && s.kind == StageKind::Open);
    let lost = stages.iter().find(|s| s.kind == StageKind::Lost).unwrap();
    let mut deal = data.deals.iter().find(|d| is_open(&d.stage_id)).unwrap().clone();
    deal.move_to(lost, deal.rank.clone(), chrono::Utc::now());
    deal.lost_reason = Some("Price".into());
    service.save_deals(vec![deal], &[]).await.unwrap();
    assert_eq!(service.overview().await.unwrap().1.open_deals, open - 1);
    db.close();
}

// Issue 12: the won-lines index behind Products and Analytics is made once until a deal or a
// stage is written, and is then the index a fresh build makes.
#[wasm_bindgen_test]
async fn the_sales_index_is_kept_until_a_deal_or_stage_is_written_and_agrees_with_a_fresh_build() {
    use salesdesk::domain::pipeline::StageKind;
    use salesdesk::domain::products::analysis::SalesIndex;
    use salesdesk::service::Service;
    let name = fresh("t-sales-index").await;
    let data = demo();
    let db = Db::open(&name).await.unwrap();
    db.replace_all(&data).await.unwrap();
    let service = Service::new(db.clone());
    let fresh_index = |deals: &[salesdesk::domain::pipeline::Deal]| {
        let won: Vec<&str> = data.stages.iter().filter(|s| s.kind == StageKind::Won).map(|s| s.id.as_str()).collect();
        SalesIndex::build(deals, |id| won.contains(&id))
    };
    // The same sales for every period (all time, each of the last 13 months) and the same
    // stock figures as an index made afresh from what is stored.
    let agrees = |kept: &SalesIndex, fresh: &SalesIndex| {
        use salesdesk::domain::period::Period;
        use salesdesk::domain::products::analysis::stock_figures;
        let today = salesdesk::service::today();
        let all = Period { from: chrono::NaiveDate::MIN, to: chrono::NaiveDate::MAX };
        for period in std::iter::once(all).chain((0..13).map(|m| {
            let from = today - chrono::Months::new(m + 1);
            Period { from, to: today - chrono::Months::new(m) }
        })) {
            assert_eq!(kept.sales(period), fresh.sales(period), "{period:?}");
        }
        assert_eq!(stock_figures(&data.products, kept, today, 1.645, &[]), stock_figures(&data.products, fresh, today, 1.645, &[]));
    };
    let first = service.sales_index().await.unwrap();
    agrees(&first, &fresh_index(&data.deals));
    // A customer, a product and a follow-up written: the same index, not built again.
    let mut renamed = data.customers[0].clone();
    renamed.name = "Renamed Co.".into();
    service.save(&renamed).await.unwrap();
    let mut product = data.products[0].clone();
    product.name = "Renamed product".into();
    service.save(&product).await.unwrap();
    service.save(&data.follow_ups[0]).await.unwrap();
    assert!(Arc::ptr_eq(&first, &service.sales_index().await.unwrap()), "writes that are not deals or stages keep it");
    // A deal won here: a new index, with that deal's lines, as a fresh build has it.
    let won = data.stages.iter().find(|s| s.kind == StageKind::Won).unwrap();
    let mut deal = data.deals.iter().find(|d| d.stage_id != won.id && !d.line_items.is_empty()).unwrap().clone();
    deal.move_to(won, deal.rank.clone(), chrono::Utc::now());
    service.save_deals(vec![deal.clone()], &[]).await.unwrap();
    let second = service.sales_index().await.unwrap();
    assert!(!Arc::ptr_eq(&first, &second), "a deal write drops it");
    let stored: Vec<salesdesk::domain::pipeline::Deal> = db.get_all().await.unwrap();
    agrees(&second, &fresh_index(&stored));
    let all = salesdesk::domain::period::Period { from: chrono::NaiveDate::MIN, to: chrono::NaiveDate::MAX };
    assert_ne!(second.sales(all), first.sales(all), "the deal's lines count now");
    // The same deal lost again in another tab, and a stage renamed here: each time the index
    // read next is that of what is stored.
    let lost = data.stages.iter().find(|s| s.kind == StageKind::Lost).unwrap();
    let mut lost_deal: salesdesk::domain::pipeline::Deal = db.get(&deal.id).await.unwrap().unwrap();
    lost_deal.move_to(lost, lost_deal.rank.clone(), chrono::Utc::now());
    lost_deal.lost_reason = Some("Price".into());
    lost_deal.rev = salesdesk::storage::new_revision();
    let tab = Db::open(&name).await.unwrap();
    tab.put(&lost_deal).await.unwrap();
    tab.close();
    let third = service.sales_index().await.unwrap();
    agrees(&third, &fresh_index(&db.get_all::<salesdesk::domain::pipeline::Deal>().await.unwrap()));
    assert_eq!(third.sales(all), first.sales(all), "back to the first book's sales");
    let mut stage = data.stages[0].clone();
    stage.name = "Renamed stage".into();
    service.save(&stage).await.unwrap();
    agrees(&service.sales_index().await.unwrap(), &fresh_index(&db.get_all::<salesdesk::domain::pipeline::Deal>().await.unwrap()));
    let second = service.sales_index().await.unwrap();
    // Another tab's deal write drops it too (its transaction renewed the deals' stamp).
    let other = Db::open(&name).await.unwrap();
    other.put(&data.deals[0]).await.unwrap();
    assert!(!Arc::ptr_eq(&second, &service.sales_index().await.unwrap()));
    other.close();
    // The won stage made open in another tab (past the rules that keep a stage holding deals
    // from changing kind): the won stages differ, so the index is made again — no deal is
    // won now — not patched (which would keep every unchanged deal's lines).
    let mut unwon = won.clone();
    unwon.kind = StageKind::Open;
    let other = Db::open(&name).await.unwrap();
    other.put(&unwon).await.unwrap();
    other.close();
    assert!(service.sales_index().await.unwrap().sales(all).per_product.is_empty(), "nothing is won");
    db.close();
}

#[wasm_bindgen_test]
async fn every_write_renews_the_stamps_of_the_stores_it_touched_and_only_those() {
    let name = fresh("t-stamps").await;
    let data = demo();
    let db = Db::open(&name).await.unwrap();
    let kinds = [StoreKind::Customers, StoreKind::FollowUps, StoreKind::Deals];
    let empty = db.stamps(&kinds).await.unwrap().unwrap();
    db.replace_all(&data).await.unwrap();
    let loaded = db.stamps(&kinds).await.unwrap().unwrap();
    assert_ne!(loaded, empty);
    db.put(&data.follow_ups[0]).await.unwrap();
    let after = db.stamps(&kinds).await.unwrap().unwrap();
    assert_ne!(after, loaded, "the follow-ups' stamp is renewed");
    let field = |s: &salesdesk::storage::Stamps, i: usize| s.key().split(',').nth(i).unwrap().to_string();
    assert_eq!(field(&after, 0), field(&loaded, 0), "the customers' stamp is unchanged");
    assert_eq!(field(&after, 2), field(&loaded, 2), "the deals' stamp is unchanged");
    assert_ne!(field(&after, 1), field(&loaded, 1));
    // A value derived at `after` is kept while nothing was written since, and read back only
    // with its key; a write in between (another connection) refuses it.
    assert!(db.keep("test", "k1", &kinds, &after, b"{\"n\":1}").await.unwrap());
    assert_eq!(db.kept("test", "k1").await.unwrap().as_deref(), Some(&b"{\"n\":1}"[..]));
    assert_eq!(db.kept("test", "k2").await.unwrap(), None);
    let other = Db::open(&name).await.unwrap();
    other.put(&data.deals[0]).await.unwrap();
    assert!(!db.keep("test", "k3", &kinds, &after, b"{}").await.unwrap());
    assert_eq!(db.kept("test", "k3").await.unwrap(), None);
    // An aborted write renews nothing.
    let before = db.stamps(&kinds).await.unwrap();
    let mut dup = data.customers[1].clone();
    dup.code = data.customers[0].code.clone();
    assert!(db.put(&dup).await.is_err());
    assert_eq!(db.stamps(&kinds).await.unwrap(), before);
    other.close();
    db.close();
}

/// Adds 1 to one byte in the middle of the kept value `id` (in the derived store) straight
/// through IndexedDB, as storage gone bad or a hand edit would.
async fn flip_a_kept_byte(name: &str, id: &str) {
    use indexed_db_futures::prelude::*;
    use indexed_db_futures::transaction::TransactionMode;
    let raw = Database::open(name).await.unwrap();
    let tx = raw.transaction("derived").with_mode(TransactionMode::Readwrite).build().unwrap();
    let store = tx.object_store("derived").unwrap();
    let record: wasm_bindgen::JsValue = store.get(id).primitive().unwrap().await.unwrap().expect("a kept value");
    let data: js_sys::Uint8Array = js_sys::Reflect::get(&record, &"data".into()).unwrap().into();
    let at = data.length() / 2;
    data.set_index(at, data.get_index(at).wrapping_add(1));
    store.put(&record).primitive().unwrap().await.unwrap();
    tx.commit().await.unwrap();
    raw.close();
}

/// Empties `store` straight through IndexedDB, as no code of the app would: no write stamp is
/// renewed, so what a later read shows of it can only come from a kept value.
async fn clear_behind_the_apps_back(name: &str, store: &str) {
    use indexed_db_futures::prelude::*;
    use indexed_db_futures::transaction::TransactionMode;
    let raw = Database::open(name).await.unwrap();
    let tx = raw.transaction(store).with_mode(TransactionMode::Readwrite).build().unwrap();
    tx.object_store(store).unwrap().clear().unwrap();
    tx.commit().await.unwrap();
    raw.close();
}

#[wasm_bindgen_test]
async fn the_dashboard_figures_are_kept_in_the_database_until_a_store_they_come_from_is_written() {
    use salesdesk::service::Service;
    let name = fresh("t-kept-figures").await;
    let data = demo();
    let db = Db::open(&name).await.unwrap();
    db.replace_all(&data).await.unwrap();
    let first = Service::new(db.clone()).overview().await.unwrap();
    assert!(first.1.open_deals > 0 && first.0.get(StoreKind::Deals) > 0);
    // The deals are removed behind the app's back (no stamp renewed): a reload — a new
    // service over a new connection — still shows them, so the figures come from the database.
    clear_behind_the_apps_back(&name, "deals").await;
    let reload = Service::new(Db::open(&name).await.unwrap());
    assert_eq!(reload.overview().await.unwrap(), first);
    // A write to a store the figures are not made of keeps them…
    Service::new(db.clone()).save(&data.service_cases[0]).await.unwrap();
    assert_eq!(Service::new(db.clone()).overview().await.unwrap(), first);
    // …one to a store they are made of drops them: read afresh, no deal is open.
    Service::new(db.clone()).save(&data.follow_ups[0]).await.unwrap();
    let (counts, figures) = Service::new(db.clone()).overview().await.unwrap();
    assert_eq!((counts.get(StoreKind::Deals), figures.open_deals), (0, 0));
    db.close();
}

// Issue 12: after a reload, Analytics, Products and Targets read the purchases and the
// won-lines index from what was kept, not every deal.
#[wasm_bindgen_test]
async fn the_purchases_and_the_sales_index_are_kept_in_the_database_until_a_deal_stage_or_contract_is_written() {
    use salesdesk::domain::pipeline::StageKind;
    use salesdesk::service::Service;
    let name = fresh("t-kept-sales").await;
    let data = demo();
    let db = Db::open(&name).await.unwrap();
    db.replace_all(&data).await.unwrap();
    let first = Service::new(db.clone());
    let (index, bought) = (first.sales_index().await.unwrap(), first.purchases().await.unwrap());
    let all = salesdesk::domain::period::Period { from: chrono::NaiveDate::MIN, to: chrono::NaiveDate::MAX };
    assert!(!bought.is_empty() && !index.sales(all).per_product.is_empty());
    // The deals removed behind the app's back: a reload — a new service over a new
    // connection — still has both, so they come from the database, whole.
    clear_behind_the_apps_back(&name, "deals").await;
    let reload = Service::new(Db::open(&name).await.unwrap());
    assert_eq!(*reload.sales_index().await.unwrap(), *index);
    assert_eq!(*reload.purchases().await.unwrap(), *bought);
    // A customer written keeps them; a contract drops the purchases (a contract without a deal
    // is one), not the index.
    Service::new(db.clone()).save(&data.customers[0]).await.unwrap();
    let reload = Service::new(Db::open(&name).await.unwrap());
    assert_eq!((*reload.sales_index().await.unwrap() == *index, *reload.purchases().await.unwrap() == *bought), (true, true));
    Service::new(db.clone()).save(data.contracts.iter().find(|c| c.deal_id.is_none()).unwrap()).await.unwrap();
    let reload = Service::new(Db::open(&name).await.unwrap());
    assert_eq!(*reload.sales_index().await.unwrap(), *index);
    let now_bought = reload.purchases().await.unwrap();
    assert!(now_bought.len() < bought.len(), "read afresh: no deal is left");
    // A stage written drops the index: read afresh, nothing is won.
    Service::new(db.clone()).save(data.stages.iter().find(|s| s.kind == StageKind::Open).unwrap()).await.unwrap();
    let reload = Service::new(Db::open(&name).await.unwrap());
    assert!(reload.sales_index().await.unwrap().sales(all).per_product.is_empty());
    // Kept again by that read: the next reload reads it back as it is.
    assert!(Service::new(Db::open(&name).await.unwrap()).sales_index().await.unwrap().sales(all).per_product.is_empty());
    // A won deal written in another tab drops both: its lines and its purchase are read.
    let is_won = |id: &str| data.stages.iter().any(|s| s.id == id && s.kind == StageKind::Won);
    let deal = data.deals.iter().find(|d| is_won(&d.stage_id) && !d.line_items.is_empty()).unwrap();
    db.put(deal).await.unwrap();
    let reload = Service::new(Db::open(&name).await.unwrap());
    let sold = salesdesk::domain::products::analysis::product_sales(std::slice::from_ref(deal), is_won, all);
    assert!(!sold.per_product.is_empty());
    assert_eq!(reload.sales_index().await.unwrap().sales(all), sold);
    let kept = reload.purchases().await.unwrap();
    assert!(kept.iter().any(|p| p.customer_id == deal.customer_id && p.amount == deal.amount));
    // One byte of the kept purchases changed behind the app's back (the deal, too, gone the
    // same way): the checksum no longer holds, so they are derived again from the store, not
    // shown as kept; the index, unchanged, still is read as kept.
    clear_behind_the_apps_back(&name, "deals").await;
    flip_a_kept_byte(&name, "value:purchases").await;
    let reload = Service::new(Db::open(&name).await.unwrap());
    assert!(reload.purchases().await.unwrap().len() < kept.len(), "a changed kept value is not read");
    assert_eq!(reload.sales_index().await.unwrap().sales(all), sold);
    db.close();
}

#[wasm_bindgen_test]
async fn the_customer_list_is_kept_in_the_database_with_grades_until_a_store_it_comes_from_is_written() {
    use salesdesk::service::Service;
    let name = fresh("t-kept-list").await;
    let data = demo();
    let db = Db::open(&name).await.unwrap();
    db.replace_all(&data).await.unwrap();
    let first = Service::new(db.clone()).customer_list().await.unwrap();
    assert_eq!(first.rows.len(), data.customers.len());
    let cards = Service::new(db.clone()).pipeline_book(Locale::Zh).await.unwrap().customers;
    assert_eq!(cards.len(), data.customers.len());
    assert!(first.rows.iter().any(|r| r.grade.is_some()));
    // The customers removed behind the app's back: a reload still lists them, read from what
    // was kept (one value, not the store).
    clear_behind_the_apps_back(&name, "customers").await;
    let reload = Service::new(Db::open(&name).await.unwrap());
    let kept = reload.customer_list().await.unwrap();
    assert_eq!(kept.rows, first.rows);
    assert_eq!(reload.pipeline_book(Locale::Zh).await.unwrap().customers, cards, "the board's cards are kept too");
    assert_eq!((kept.industries.clone(), kept.code_prefix.clone()), (first.industries.clone(), first.code_prefix.clone()));
    // A product is not part of it; a stage is.
    Service::new(db.clone()).save(&data.products[0]).await.unwrap();
    assert_eq!(Service::new(db.clone()).customer_list().await.unwrap().rows, first.rows);
    Service::new(db.clone()).save(&data.stages[0]).await.unwrap();
    assert!(Service::new(db.clone()).customer_list().await.unwrap().rows.is_empty());
    db.close();
}

// Issue 14: after an import (a replace or a merge), each page's first visit reads what the
// import derived and kept, as after a reload, instead of reading and deriving the whole book.
#[wasm_bindgen_test]
async fn an_import_keeps_what_the_pages_derive_as_a_fresh_reading_of_the_stored_book_gives_it() {
    use salesdesk::service::{ImportMode, Service};
    // The demo book, its records not in the database's order: reversed, and two customers
    // whose ids IndexedDB orders otherwise than Rust's `str` does (U+1F600 before U+FF01).
    let mut data = demo();
    for (id, code) in [("cus-！", "C-9901"), ("cus-😀", "C-9902")] {
        let mut c = data.customers[0].clone();
        (c.id, c.code, c.name) = (id.to_string(), code.to_string(), format!("{} {code}", c.name));
        data.customers.push(c);
    }
    data.customers.reverse();
    data.deals.reverse();
    data.follow_ups.reverse();
    data.contracts.reverse();
    let backup = |d: &Dataset| Arc::new(salesdesk::domain::backup::export_json(d, chrono::Utc::now()));
    // A replace through the service.
    let name = fresh("t-prepared-replace").await;
    let importer = Service::new(Db::open(&name).await.unwrap());
    importer.replace_all(&data).await.unwrap();
    kept_as_a_fresh_reading_gives(&name, data.customers.len()).await;
    // The importing tab did not keep the book in memory: with the records gone behind its
    // back, its graded book (read from the records) is empty.
    assert!(importer.graded().await.unwrap().customers.is_empty(), "the records are let go");
    // A backup imported in place of the book.
    let name = fresh("t-prepared-import").await;
    Service::new(Db::open(&name).await.unwrap()).import_backup(backup(&data), ImportMode::Replace, &|_, _| {}).await.unwrap();
    kept_as_a_fresh_reading_gives(&name, data.customers.len()).await;
    // A backup merged into an empty book (the first import).
    let name = fresh("t-prepared-merge-empty").await;
    Service::new(Db::open(&name).await.unwrap()).import_backup(backup(&data), ImportMode::Merge, &|_, _| {}).await.unwrap();
    kept_as_a_fresh_reading_gives(&name, data.customers.len()).await;
    // A backup merged into a book: a customer renamed, a deal won, a customer added, the
    // rest as stored (skipped); the book had a customer the file does not.
    let name = fresh("t-prepared-merge").await;
    let db = Db::open(&name).await.unwrap();
    Service::new(db.clone()).import_backup(backup(&data), ImportMode::Merge, &|_, _| {}).await.unwrap();
    let mut second = data.clone();
    second.customers.pop();
    let later = chrono::Utc::now() + chrono::Duration::days(1);
    second.customers[5].name = "Renamed in the file".into();
    second.customers[5].updated_at = later;
    second.customers.push(Customer { id: "cus-added".into(), code: "C-9903".into(), name: "Added by the file".into(), ..second.customers[0].clone() });
    let won = second.stages.iter().find(|s| s.kind == salesdesk::domain::pipeline::StageKind::Won).unwrap().id.clone();
    let deal = second.deals.iter_mut().find(|d| d.stage_id != won && !d.line_items.is_empty()).unwrap();
    deal.stage_id = won.clone();
    deal.stage_history.push(salesdesk::domain::pipeline::StageChange { stage_id: won, at: later });
    deal.updated_at = later;
    let report = Service::new(db.clone()).import_backup(backup(&second), ImportMode::Merge, &|_, _| {}).await.unwrap().unwrap();
    assert_eq!((report.created, report.updated), (1, 2));
    kept_as_a_fresh_reading_gives(&name, data.customers.len() + 1).await;
    db.close();
}

/// What the pages keep in `name`'s database right after an import — read by a reload with the
/// records emptied behind the app's back, so it can only come from what was kept — is what a
/// fresh reading of the records as stored derives (in a copy of them in another database).
async fn kept_as_a_fresh_reading_gives(name: &str, customers: usize) {
    use salesdesk::service::Service;
    let all = salesdesk::domain::period::Period { from: chrono::NaiveDate::MIN, to: chrono::NaiveDate::MAX };
    let db = Db::open(name).await.unwrap();
    let copy = fresh(&format!("{name}-copy")).await;
    let plain = Db::open(&copy).await.unwrap();
    plain.replace_all(&db.load_all().await.unwrap()).await.unwrap();
    let fresh_tab = Service::new(plain.clone());
    for store in ["customers", "deals", "follow_ups", "contracts"] {
        clear_behind_the_apps_back(name, store).await;
    }
    let reload = Service::new(db.clone());
    assert_eq!(reload.overview().await.unwrap(), fresh_tab.overview().await.unwrap(), "{name}: the dashboard's figures");
    let (kept, derived) = (reload.customer_list().await.unwrap(), fresh_tab.customer_list().await.unwrap());
    assert_eq!(kept.rows.len(), customers, "{name}");
    assert_eq!(kept.rows, derived.rows, "{name}: the customer list, row by row in the stored order");
    assert_eq!((&kept.industries, &kept.regions, &kept.tags), (&derived.industries, &derived.regions, &derived.tags));
    assert_eq!(reload.pipeline_book(Locale::Zh).await.unwrap().customers, fresh_tab.pipeline_book(Locale::Zh).await.unwrap().customers, "{name}: the board's customers");
    assert_eq!(*reload.purchases().await.unwrap(), *fresh_tab.purchases().await.unwrap(), "{name}: the purchases");
    let (index, fresh_index) = (reload.sales_index().await.unwrap(), fresh_tab.sales_index().await.unwrap());
    assert!(!index.sales(all).per_product.is_empty());
    for period in [all, salesdesk::domain::period::Period { from: chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap(), to: chrono::NaiveDate::from_ymd_opt(2026, 6, 30).unwrap() }] {
        assert_eq!(index.sales(period), fresh_index.sales(period), "{name}: the won-lines index, {period:?}");
    }
    db.close();
    plain.close();
}

#[wasm_bindgen_test]
async fn a_new_lost_reason_is_written_with_the_deal_on_the_settings_as_stored() {
    use salesdesk::domain::pipeline::{Deal, StageKind};
    use salesdesk::domain::settings::Settings;
    use salesdesk::service::Service;
    let name = fresh("t-lost-reason").await;
    let data = demo();
    let db = Db::open(&name).await.unwrap();
    db.replace_all(&data).await.unwrap();
    let service = Service::new(db.clone());
    // Another tab changed the settings after this form opened.
    let mut newer: Settings = db.get_all::<Settings>().await.unwrap().into_iter().next().unwrap_or_default();
    newer.clv_years = 7;
    db.put(&newer).await.unwrap();
    let lost = data.stages.iter().find(|s| s.kind == StageKind::Lost).unwrap();
    let mut deal: Deal = data.deals.iter().find(|d| d.stage_id != lost.id).unwrap().clone();
    deal.stage_id = lost.id.clone();
    deal.lost_reason = Some("Went with a cheaper tool".into());
    let offered = vec!["Price too high".to_string()];
    service.save_deals(vec![deal.clone()], &offered).await.unwrap();
    let settings: Settings = db.get_all::<Settings>().await.unwrap().into_iter().next().unwrap();
    assert_eq!(settings.clv_years, 7, "the other tab's change is kept");
    assert!(settings.lost_reasons.iter().any(|r| r == "Went with a cheaper tool"));
    let stored: Vec<Deal> = db.get_all().await.unwrap();
    assert_eq!(stored.iter().find(|d| d.id == deal.id).unwrap().lost_reason.as_deref(), Some("Went with a cheaper tool"));
    db.close();
}

#[wasm_bindgen_test]
async fn a_product_on_a_quote_is_not_deleted_and_a_customer_goes_with_their_records() {
    use salesdesk::domain::products::Product;
    use salesdesk::service::{Service, ServiceError};
    let name = fresh("t-deletes").await;
    let data = demo();
    let db = Db::open(&name).await.unwrap();
    db.replace_all(&data).await.unwrap();
    let service = Service::new(db.clone());
    let quoted = data.deals.iter().flat_map(|d| &d.line_items).next().unwrap().product_id.clone();
    let product = data.products.iter().find(|p| p.id == quoted).unwrap().clone();
    let uses = data.deals.iter().filter(|d| d.line_items.iter().any(|l| l.product_id == quoted)).count();
    assert_eq!(service.delete_product(product).await.unwrap_err(), ServiceError::ProductInUse { deals: uses });
    assert!(db.get_all::<Product>().await.unwrap().iter().any(|p| p.id == quoted), "still stored");

    let customer = data.deals[0].customer_id.clone();
    let removed = service.delete_customer(&customer).await.unwrap();
    assert_eq!(removed.data.customers.len(), 1);
    assert_eq!(removed.data.deals.len(), data.deals.iter().filter(|d| d.customer_id == customer).count());
    let after = db.load_all().await.unwrap();
    assert!(after.customers.iter().all(|c| c.id != customer));
    assert!(after.deals.iter().all(|d| d.customer_id != customer));
    assert!(after.follow_ups.iter().all(|f| f.customer_id != customer));
    // Undo puts every record back.
    service.put_back(&removed).await.unwrap();
    assert_eq!(db.load_all().await.unwrap().counts(), data.counts());
    // Undo is refused once another tab saved one of those records again (its version stays).
    let again = service.delete_customer(&customer).await.unwrap();
    let mut saved_again = again.data.customers[0].clone();
    saved_again.rev = 0;
    saved_again.region = "Saved again in the other tab".into();
    service.save(&saved_again).await.unwrap();
    assert!(matches!(service.put_back(&again).await, Err(salesdesk::service::ServiceError::Stale(_))));
    let stored: Vec<Customer> = db.get_all().await.unwrap();
    assert_eq!(stored.iter().find(|c| c.id == customer).unwrap().region, "Saved again in the other tab");
    db.close();
}

// Issue 10, finding 1: the app stored books its own backup refused.
#[wasm_bindgen_test]
async fn every_write_passes_the_checks_a_backup_restore_makes() {
    use salesdesk::domain::backup::{export_json, restore};
    use salesdesk::domain::pipeline::lead::QuickLead;
    use salesdesk::service::{Service, ServiceError};
    let name = fresh("t-one-rule-set").await;
    let data = demo();
    let db = Db::open(&name).await.unwrap();
    db.replace_all(&data).await.unwrap();
    let service = Service::new(db.clone());

    // A quick lead with an absurd name and a phone that is not one is refused whole.
    let lead = QuickLead { person: "x".repeat(10_000), phone: "call me maybe".into(), need: "a deal".into(), ..QuickLead::default() };
    match service.capture_lead(&lead, Locale::En, None).await {
        Err(ServiceError::Invalid(problems)) => {
            assert!(problems.iter().any(|p| p.field == "name"), "{problems:?}");
            assert!(problems.iter().any(|p| p.field.ends_with("phone")), "{problems:?}");
        }
        other => panic!("expected Invalid, got {:?}", other.map(|p| p.map(|p| p.deal.id))),
    }
    assert_eq!(db.load_all().await.unwrap().counts(), data.counts(), "nothing written");

    // Another tab erased everything while this one had a deal open: saving it is refused,
    // naming the missing customer, and no orphan is stored.
    let open_deal = data.deals[0].clone();
    let other_tab = Service::new(Db::open(&name).await.unwrap());
    other_tab.replace_all(&Dataset::default()).await.unwrap();
    match service.save_deals(vec![open_deal], &[]).await {
        Err(ServiceError::Invalid(problems)) => assert!(problems.iter().any(|p| p.field == "customer_id"), "{problems:?}"),
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert_eq!(db.counts().await.unwrap().total(), 0);

    // What the commands did store restores from its own backup.
    service.load_demo(Locale::Zh).await.unwrap();
    service.capture_lead(&QuickLead { person: "李雷".into(), company: "蓝海包装".into(), phone: "13900000000".into(), need: "数控机床".into(), event_id: None }, Locale::Zh, None).await.unwrap().unwrap();
    let book = db.load_all().await.unwrap();
    assert!(restore(&export_json(&book, chrono::Utc::now()), None).is_ok());
    db.close();
}

// Issue 10, finding 6: a replace went ahead with no way back when the safety download failed.
#[wasm_bindgen_test]
async fn a_replace_keeps_the_book_it_replaced_and_putting_it_back_swaps_them() {
    use salesdesk::service::Service;
    let name = fresh("t-snapshot").await;
    let data = demo();
    let db = Db::open(&name).await.unwrap();
    let service = Service::new(db.clone());
    assert!(service.snapshot_summary().await.unwrap().is_none());
    db.replace_all(&data).await.unwrap();
    // Erase: the demo book is kept inside the database, not only in a download.
    service.replace_all(&Dataset::default()).await.unwrap();
    assert_eq!(db.counts().await.unwrap().total(), 0);
    let (_, kept) = service.snapshot_summary().await.unwrap().unwrap();
    assert_eq!(kept, data.counts());
    // Erasing an empty book keeps the earlier snapshot.
    service.replace_all(&Dataset::default()).await.unwrap();
    assert_eq!(service.snapshot_summary().await.unwrap().unwrap().1, data.counts());
    // Putting it back restores every record; the current book was empty, so none is kept.
    assert!(service.restore_snapshot().await.unwrap());
    assert_eq!(db.load_all().await.unwrap().counts(), data.counts());
    assert!(service.snapshot_summary().await.unwrap().is_none());
    // A replace by a smaller book, then back, then forth again: the two books swap.
    let small = Dataset { customers: data.customers[..3].to_vec(), stages: data.stages.clone(), ..Dataset::default() };
    service.replace_all(&small).await.unwrap();
    assert!(service.restore_snapshot().await.unwrap());
    assert_eq!(db.counts().await.unwrap().get(StoreKind::Customers), 60);
    assert_eq!(service.snapshot_summary().await.unwrap().unwrap().1.get(StoreKind::Customers), 3);
    db.close();
}

// A migration step can rewrite the records of a store inside the version-change transaction.
#[wasm_bindgen_test]
async fn a_migration_step_rewrites_records_in_place() {
    use indexed_db_futures::prelude::*;
    use indexed_db_futures::transaction::TransactionMode;
    use salesdesk::storage::upgrade::{upgrade, Opened, StepResult, Upgrade};
    use wasm_bindgen::JsValue;
    #[derive(serde::Serialize, serde::Deserialize, Debug, PartialEq)]
    struct Thing {
        id: String,
        n: u32,
    }
    static STEPS: [fn(&Upgrade) -> StepResult; 2] = [
        |up| up.create_store("things").map(|_| ()),
        |up| {
            up.store("things")?.rewrite(|v| {
                let n = js_sys::Reflect::get(&v, &"n".into()).ok()?.as_f64()?;
                js_sys::Reflect::set(&v, &"n".into(), &JsValue::from(n * 10.0)).ok()?;
                Some(v)
            })
        },
    ];
    let name = fresh("t-rewrite").await;
    assert!(matches!(upgrade(&name, 1, &STEPS).await, Opened::Ready));
    let db = Database::open(name.as_str()).with_version(1u32).await.unwrap();
    let tx = db.transaction("things").with_mode(TransactionMode::Readwrite).build().unwrap();
    let store = tx.object_store("things").unwrap();
    for (id, n) in [("a", 1), ("b", 2)] {
        let thing = js_sys::JSON::parse(&serde_json::to_string(&Thing { id: id.into(), n }).unwrap()).unwrap();
        store.put(thing).primitive().unwrap().await.unwrap();
    }
    drop(store);
    tx.commit().await.unwrap();
    db.close();

    assert!(matches!(upgrade(&name, 2, &STEPS).await, Opened::Ready));
    let db = Database::open(name.as_str()).with_version(2u32).await.unwrap();
    let rows: Vec<Thing> = {
        let tx = db.transaction("things").build().unwrap();
        let store = tx.object_store("things").unwrap();
        let rows = store.get_all::<JsValue>().primitive().unwrap().await.unwrap();
        rows.map(|v| serde_json::from_str(&String::from(js_sys::JSON::stringify(&v.unwrap()).unwrap())).unwrap()).collect()
    };
    assert_eq!(rows, vec![Thing { id: "a".into(), n: 10 }, Thing { id: "b".into(), n: 20 }]);
    db.close();
}

// Issue 10, finding 2: two tabs editing one customer lost the first tab's change silently, a
// stale form brought a deleted customer back, and two new-customer forms got one code.
#[wasm_bindgen_test]
async fn finding_2_a_save_over_a_record_changed_in_another_tab_is_refused() {
    use salesdesk::domain::customers::LeadSource;
    use salesdesk::domain::validation::Problem;
    use salesdesk::service::{Service, ServiceError, StaleRecord};
    let name = fresh("t-revisions").await;
    let db = Db::open(&name).await.unwrap();
    let tab_a = Service::new(db.clone());
    tab_a.load_demo(Locale::Zh).await.unwrap();
    let tab_b = Service::new(Db::open(&name).await.unwrap());
    let opened = tab_b.customers().await.unwrap()[0].clone();
    assert_ne!(opened.rev, 0, "stored records carry a revision");

    // Tab A renames; tab B, still on the version it opened, changes the region.
    let renamed = tab_a.save(&Customer { name: "甲方新名".into(), ..opened.clone() }).await.unwrap();
    assert_ne!(renamed.rev, opened.rev);
    let mine = Customer { region: "西北".into(), ..opened.clone() };
    match tab_b.save(&mine).await {
        Err(ServiceError::Stale(stale)) => assert_eq!(stale, vec![StaleRecord { store: StoreKind::Customers, id: opened.id.clone(), stored: true }]),
        other => panic!("expected Stale, got {other:?}"),
    }
    let stored: Customer = tab_b.stored(&opened.id).await.unwrap().unwrap();
    assert_eq!((stored.name.as_str(), stored.region.as_str()), ("甲方新名", opened.region.as_str()), "nothing of B's was written");
    // B chooses to overwrite: its version, on top of the stored revision.
    let overwritten = tab_b.save(&Customer { rev: stored.rev, ..mine.clone() }).await.unwrap();
    let stored: Customer = tab_a.stored(&opened.id).await.unwrap().unwrap();
    assert_eq!((stored.name.as_str(), stored.region.as_str(), stored.rev), (opened.name.as_str(), "西北", overwritten.rev));

    // A stale form of a customer deleted in the other tab does not bring it back.
    let victim = tab_b.customers().await.unwrap()[1].clone();
    tab_a.delete_customer(&victim.id).await.unwrap();
    match tab_b.save(&Customer { notes: "late".into(), ..victim.clone() }).await {
        Err(ServiceError::Stale(stale)) => assert!(!stale[0].stored),
        other => panic!("expected Stale, got {other:?}"),
    }
    assert!(tab_a.stored::<Customer>(&victim.id).await.unwrap().is_none());

    // Both tabs' new-customer forms proposed the same code: the second gets the next one.
    let now = chrono::Utc::now();
    let new = |id: &str| Customer::new_lead(id.into(), "C09000".into(), format!("新客户 {id}"), LeadSource::Other, now);
    assert_eq!(tab_a.create_numbered(&new("n1")).await.unwrap().code, "C09000");
    let second = tab_b.create_numbered(&new("n2")).await;
    assert_eq!(second.map(|c| c.code), Ok("C09001".to_string()));
    // Another tab imported the next 150 codes meanwhile (as a merge of thousands would): the
    // proposed code becomes the next free one (it gave up after 100 tries, one write each).
    let imported: Vec<Customer> = (2..152).map(|i| Customer::new_lead(format!("imp-{i}"), format!("C09{i:03}"), format!("导入 {i}"), LeadSource::Other, now)).collect();
    tab_a.import_records(&Dataset::of(imported)).await.unwrap();
    let late = tab_b.create_numbered(&new("n4")).await;
    assert_eq!(late.map(|c| c.code), Ok("C09152".to_string()));
    // A code typed by hand that is taken is a readable problem on the code field.
    match tab_b.save(&new("n3")).await {
        Err(ServiceError::Invalid(p)) => assert_eq!((p[0].field.as_str(), &p[0].problem), ("code", &Problem::DuplicateCode)),
        other => panic!("expected Invalid, got {other:?}"),
    }
    // Everything the two tabs stored restores from its own backup.
    let book = db.load_all().await.unwrap();
    assert!(salesdesk::domain::backup::restore(&salesdesk::domain::backup::export_json(&book, now), None).is_ok());
    db.close();
}

/// One of `items`, or none when there are none.
fn any<T: Clone>(rng: &mut Rng, items: &[T]) -> Option<T> {
    (!items.is_empty()).then(|| rng.pick(items).clone())
}

/// Values a careless or hostile user types: fine ones, absurd ones, markup, empties.
fn any_text(rng: &mut Rng) -> String {
    let choices = [
        "华东".to_string(), "Acme Ltd.".into(), String::new(), "   ".into(), "x".repeat(250), "<img src=x onerror=alert(1)>".into(),
        "=1+1".into(), "call me maybe".into(), "+86 138 0013 8000".into(), "a@b.cn".into(), "\u{202e}evil".into(), "C00001".into(),
    ];
    choices[rng.below(choices.len())].clone()
}

// Issue 10, "one rule set for every door": random sequences of the commands the screens run,
// from two tabs (two connections) that each act on what they read some steps before, with
// careless and hostile values. Whatever the commands accepted, the book's own backup restores.
#[wasm_bindgen_test]
async fn random_command_sequences_from_two_tabs_always_leave_a_book_its_backup_restores() {
    use salesdesk::domain::backup::restore;
    use salesdesk::domain::customers::duplicates::MergeField;
    use salesdesk::domain::customers::LeadSource;
    use salesdesk::domain::pipeline::lead::QuickLead;
    use salesdesk::domain::pipeline::remove_stage;
    use salesdesk::domain::Money;
    use salesdesk::service::Service;
    let mut accepted = 0;
    let mut refused = 0;
    for round in 0..8u64 {
        let mut rng = Rng(0xC0FFEE + round);
        let name = fresh(&format!("t-sequences-{round}")).await;
        let db = Db::open(&name).await.unwrap();
        let tabs = [Service::new(db.clone()), Service::new(Db::open(&name).await.unwrap())];
        if round % 4 != 3 {
            tabs[0].load_demo(Locale::Zh).await.unwrap();
        }
        // What each tab read last: its open forms act on these, however stale.
        let mut seen = [db.load_all().await.unwrap(), db.load_all().await.unwrap()];
        let mut removed: Vec<salesdesk::service::Undo> = Vec::new();
        for step in 0..30 {
            let t = rng.below(2);
            let (tab, book) = (&tabs[t], &seen[t]);
            let now = chrono::Utc::now();
            let outcome: Result<(), String> = match rng.below(12) {
                0 => match any(&mut rng, &book.customers) {
                    Some(mut c) => {
                        match rng.below(4) {
                            0 => c.name = any_text(&mut rng),
                            1 => c.region = any_text(&mut rng),
                            2 => c.code = any_text(&mut rng),
                            _ => {
                                if let Some(k) = c.contacts.first_mut() {
                                    k.phone = any_text(&mut rng);
                                }
                            }
                        }
                        tab.save(&c).await.map(drop).map_err(|e| format!("{e:?}"))
                    }
                    None => Ok(()),
                },
                1 => {
                    let lead = QuickLead { person: any_text(&mut rng), company: any_text(&mut rng), phone: any_text(&mut rng), need: any_text(&mut rng), event_id: None };
                    tab.capture_lead(&lead, Locale::Zh, None).await.map(drop).map_err(|e| format!("{e:?}"))
                }
                2 => match (any(&mut rng, &book.deals), any(&mut rng, &book.stages)) {
                    (Some(mut d), Some(stage)) => {
                        d.move_to(&stage, format!("{}n", d.rank), now);
                        if rng.below(3) == 0 {
                            d.amount = Money::parse(&["-5", "1e30", "12.5", "999999999999999"][rng.below(4)]).unwrap_or(Money::ZERO);
                        }
                        d.lost_reason = (stage.kind == salesdesk::domain::pipeline::StageKind::Lost).then(|| any_text(&mut rng));
                        tab.save_deals(vec![d], &[]).await.map(drop).map_err(|e| format!("{e:?}"))
                    }
                    _ => Ok(()),
                },
                3 => match any(&mut rng, &book.customers) {
                    Some(c) => tab.delete_customer(&c.id).await.map(|r| removed.push(r)).map_err(|e| format!("{e:?}")),
                    None => Ok(()),
                },
                4 => match any(&mut rng, &book.deals) {
                    Some(d) => tab.delete_deal(d).await.map(|r| removed.push(r)).map_err(|e| format!("{e:?}")),
                    None => Ok(()),
                },
                5 => {
                    let code = format!("C{:05}", 60 + rng.below(4));
                    let c = Customer::new_lead(salesdesk::service::new_id("cus"), code, any_text(&mut rng), LeadSource::Other, now);
                    tab.create_numbered(&c).await.map(drop).map_err(|e| format!("{e:?}"))
                }
                6 => match any(&mut rng, &book.stages) {
                    Some(stage) => {
                        let target = book.stages.iter().find(|s| s.id != stage.id && s.kind == salesdesk::domain::pipeline::StageKind::Open);
                        match remove_stage(&book.stages, &book.deals, &stage.id, target, now) {
                            Some((kept, moved)) => tab.remove_stage(&stage.id, kept, moved).await.map_err(|e| format!("{e:?}")),
                            None => Ok(()),
                        }
                    }
                    None => Ok(()),
                },
                7 => match rng.below(3) {
                    0 => tab.replace_all(&Dataset::default()).await.map(drop).map_err(|e| format!("{e:?}")),
                    1 => tab.restore_snapshot().await.map(drop).map_err(|e| format!("{e:?}")),
                    _ => tab.load_demo(Locale::En).await.map(drop).map_err(|e| format!("{e:?}")),
                },
                8 => match any(&mut rng, &removed) {
                    Some(r) => tab.put_back(&r).await.map_err(|e| format!("{e:?}")),
                    None => Ok(()),
                },
                9 => match (any(&mut rng, &book.customers), any(&mut rng, &book.customers)) {
                    (Some(a), Some(b)) if a.id != b.id => {
                        tab.merge_customers(&a.id, &b.id, &[MergeField::Name]).await.map(drop).map_err(|e| format!("{e:?}"))
                    }
                    _ => Ok(()),
                },
                10 => match any(&mut rng, &book.follow_ups) {
                    Some(mut f) => {
                        f.summary = any_text(&mut rng);
                        f.deal_id = any(&mut rng, &book.deals).map(|d| d.id);
                        tab.save(&f).await.map(drop).map_err(|e| format!("{e:?}"))
                    }
                    None => Ok(()),
                },
                _ => match any(&mut rng, &book.stages) {
                    Some(mut stage) => {
                        stage.name = any_text(&mut rng);
                        let mut all: Vec<_> = book.stages.iter().filter(|s| s.id != stage.id).cloned().collect();
                        all.push(stage);
                        tab.save_stages(all).await.map_err(|e| format!("{e:?}"))
                    }
                    None => Ok(()),
                },
            };
            if outcome.is_ok() { accepted += 1 } else { refused += 1 }
            // Now and then a tab re-reads (a page reload); otherwise its view grows stale.
            if rng.below(3) == 0 {
                seen[t] = db.load_all().await.unwrap();
            }
            let (_, json) = tabs[0].export_backup().await.unwrap();
            if let Err(e) = restore(&json, None) {
                panic!("round {round}, step {step}: the book's own backup is refused after {outcome:?}: {e:?}");
            }
            // What each tab keeps (in memory and in the database) agrees with a fresh reading.
            db.forget_kept("overview").await.unwrap();
            db.forget_kept("customer_list").await.unwrap();
            db.forget_kept("cards").await.unwrap();
            let fresh_tab = Service::new(Db::open(&name).await.unwrap());
            let fresh_figures = fresh_tab.overview().await.unwrap();
            let fresh_graded = fresh_tab.graded().await.unwrap();
            let fresh_list = fresh_tab.customer_list().await.unwrap();
            for (i, tab) in tabs.iter().enumerate() {
                assert_eq!(tab.overview().await.unwrap(), fresh_figures, "round {round}, step {step}: tab {i}'s dashboard figures");
                let graded = tab.graded().await.unwrap();
                assert_eq!(graded.customers, fresh_graded.customers, "round {round}, step {step}: tab {i}'s customers");
                assert_eq!(graded.grades, fresh_graded.grades, "round {round}, step {step}: tab {i}'s grades");
                assert_eq!(tab.customer_list().await.unwrap().rows, fresh_list.rows, "round {round}, step {step}: tab {i}'s customer list");
                // (The board of a book without stages stores the default ones: not here.)
                if !fresh_graded.stages.is_empty() {
                    let cards = tab.pipeline_book(Locale::Zh).await.unwrap().customers;
                    assert_eq!(cards, fresh_tab.pipeline_book(Locale::Zh).await.unwrap().customers, "round {round}, step {step}: tab {i}'s cards");
                }
            }
            // A customer's page, read by index and graded on their own records, agrees with
            // the graded book.
            for c in fresh_graded.customers.iter().step_by(7) {
                let detail = tabs[step % 2].customer_detail(&c.id).await.unwrap().expect("a listed customer has a page");
                let mine: Vec<_> = fresh_graded.purchases.iter().filter(|p| p.customer_id == c.id).collect();
                assert_eq!(detail.customer, *c, "round {round}, step {step}: {}'s status", c.id);
                assert_eq!(detail.grade.as_ref(), fresh_graded.grades.get(&c.id), "round {round}, step {step}: {}'s grade", c.id);
                assert_eq!(detail.clv, salesdesk::domain::customers::grading::customer_clv(&mine, fresh_graded.settings.clv_years));
                let deals: Vec<_> = fresh_graded.deals.iter().filter(|d| d.customer_id == c.id).map(|d| d.id.clone()).collect();
                assert_eq!(detail.deals.iter().map(|(d, _)| d.id.clone()).collect::<Vec<_>>(), deals);
            }
            // A reload reads what the fresh reading kept.
            let reload = Service::new(db.clone());
            assert_eq!(reload.overview().await.unwrap(), fresh_figures);
            assert_eq!(reload.customer_list().await.unwrap().rows, fresh_list.rows);
        }
        db.close();
    }
    // Both kinds happened: the sequences exercised the checks, not only the happy path.
    assert!(accepted > 50 && refused > 20, "accepted {accepted}, refused {refused}");
}

#[wasm_bindgen_test]
async fn a_status_change_and_a_receipt_persist_with_their_timeline_and_a_stale_one_writes_nothing() {
    use salesdesk::domain::contracts::create::NewContract;
    use salesdesk::domain::contracts::lifecycle::{move_to, Policy};
    use salesdesk::domain::contracts::receivables::record_receipt;
    use salesdesk::domain::contracts::{Contract, ContractStatus, Receipt};
    use salesdesk::domain::money::Money;
    use salesdesk::service::{Service, ServiceError};
    let name = fresh("t-contract-life").await;
    let db = Db::open(&name).await.unwrap();
    let tab_a = Service::new(db.clone());
    tab_a.load_demo(Locale::En).await.unwrap();
    let tab_b = Service::new(Db::open(&name).await.unwrap());
    let customer = tab_a.customers().await.unwrap()[0].clone();
    let new = NewContract { customer_id: customer.id.clone(), title: "Service 2027".into(), amount: Money::from_int(1_000), deal: None, template_id: None };
    let draft = tab_a.create_contract(&new, Locale::En).await.unwrap();
    // The body came from the sales template, filled for this customer.
    assert!(draft.body.contains(&customer.name));
    let policy = Policy { approval_above: Money::from_int(100_000) };
    let day = NaiveDate::from_ymd_opt(2026, 11, 24).unwrap();
    let approved = tab_a.save(&move_to(&draft, ContractStatus::Approved, policy, day, "").unwrap()).await.unwrap();
    let signed = tab_a.save(&move_to(&approved, ContractStatus::Signed, policy, day, "").unwrap()).await.unwrap();
    let paid = record_receipt(&signed, 0, Receipt { date: day, amount: Money::from_int(100), note: "first".into() }, day).unwrap();
    tab_a.save(&paid).await.unwrap();
    // Read back from the other connection: status, timeline and receipt, together.
    let stored: Contract = tab_b.stored(&draft.id).await.unwrap().unwrap();
    assert_eq!(stored.status, ContractStatus::Signed);
    assert_eq!(stored.timeline.iter().map(|t| t.to).collect::<Vec<_>>(), vec![ContractStatus::Approved, ContractStatus::Signed]);
    assert_eq!(stored.sign_date, Some(day));
    assert_eq!(stored.payments[0].receipts.len(), 1);
    // Tab B, still on the signed version, terminates it: refused, nothing of it written, the
    // receipt kept.
    let stale = move_to(&signed, ContractStatus::Terminated, policy, day, "client gone").unwrap();
    assert!(matches!(tab_b.save(&stale).await, Err(ServiceError::Stale(_))));
    let stored: Contract = tab_a.stored(&draft.id).await.unwrap().unwrap();
    assert_eq!((stored.status, stored.timeline.len(), stored.payments[0].receipts.len()), (ContractStatus::Signed, 2, 1));
    db.close();
}

#[wasm_bindgen_test]
async fn quote_numbers_are_never_given_twice_and_a_changed_quote_is_the_next_version() {
    use salesdesk::domain::pipeline::Deal;
    use salesdesk::domain::settings::Settings;
    use salesdesk::service::Service;
    let name = fresh("t-quotes").await;
    let db = Db::open(&name).await.unwrap();
    let tab_a = Service::new(db.clone());
    tab_a.load_demo(Locale::En).await.unwrap();
    let tab_b = Service::new(Db::open(&name).await.unwrap());
    let deals: Vec<Deal> = tab_a.deals().await.unwrap().into_iter().filter(|d| !d.line_items.is_empty()).take(2).collect();
    let year = chrono::Local::now().date_naive().format("%Y").to_string();
    let (first, was) = tab_a.issue_quote(&deals[0].id, &deals[0].line_items).await.unwrap();
    assert_eq!(was, deals[0].rev);
    let q = first.quote.clone().unwrap();
    assert_eq!((q.number.clone(), q.version), (format!("BJ-{year}-0001"), 1));
    // The other tab's next quote gets the next number.
    let (second, _) = tab_b.issue_quote(&deals[1].id, &deals[1].line_items).await.unwrap();
    assert_eq!(second.quote.unwrap().number, format!("BJ-{year}-0002"));
    // Unchanged lines: nothing written; changed lines: version 2, same number.
    let (same, _) = tab_b.issue_quote(&deals[0].id, &deals[0].line_items).await.unwrap();
    assert_eq!(same.rev, first.rev);
    let mut more = deals[0].line_items.clone();
    more[0].quantity += rust_decimal::Decimal::ONE;
    let (next, _) = tab_b.issue_quote(&deals[0].id, &more).await.unwrap();
    let q2 = next.quote.clone().unwrap();
    assert_eq!((q2.number, q2.version), (q.number, 2));
    // Only the quote was written: the rest of the deal is as stored.
    assert_eq!(Deal { quote: None, rev: 0, updated_at: deals[0].updated_at, ..next.clone() }, Deal { quote: None, rev: 0, ..deals[0].clone() });
    let settings: Settings = tab_a.settings().await.unwrap();
    assert_eq!(settings.quote_seq, 2);
    db.close();
}

#[wasm_bindgen_test]
async fn deleting_a_template_unlinks_its_contracts_and_undo_puts_both_back() {
    use salesdesk::domain::contracts::{Contract, ContractTemplate};
    use salesdesk::service::Service;
    let name = fresh("t-templates").await;
    let db = Db::open(&name).await.unwrap();
    let service = Service::new(db.clone());
    service.load_demo(Locale::En).await.unwrap();
    let template: ContractTemplate = service.templates().await.unwrap()[0].clone();
    let linked = service.contracts().await.unwrap().into_iter().filter(|c| c.template_id.as_deref() == Some(template.id.as_str())).count();
    assert!(linked > 0);
    let undo = service.delete_template(template.clone()).await.unwrap();
    assert!(service.stored::<ContractTemplate>(&template.id).await.unwrap().is_none());
    assert!(service.contracts().await.unwrap().iter().all(|c| c.template_id.as_deref() != Some(template.id.as_str())));
    let book = db.load_all().await.unwrap();
    assert!(salesdesk::domain::backup::restore(&salesdesk::domain::backup::export_json(&book, chrono::Utc::now()), None).is_ok());
    service.put_back(&undo).await.unwrap();
    assert!(service.stored::<ContractTemplate>(&template.id).await.unwrap().is_some());
    let relinked: Vec<Contract> = service.contracts().await.unwrap().into_iter().filter(|c| c.template_id.as_deref() == Some(template.id.as_str())).collect();
    assert_eq!(relinked.len(), linked);
    // A template with a placeholder the app cannot fill is refused, naming it.
    let bad = ContractTemplate { id: "tpl-bad".into(), body: "{{customer.name}} {{seller.name}}".into(), rev: 0, ..template };
    match service.save_template(&bad).await {
        Err(salesdesk::service::ServiceError::UnknownPlaceholders(names)) => assert_eq!(names, vec!["seller.name".to_string()]),
        other => panic!("expected UnknownPlaceholders, got {other:?}"),
    }
    assert!(service.stored::<ContractTemplate>("tpl-bad").await.unwrap().is_none());
    // Its name is a contract type: a second template of the same name is refused.
    let twin = ContractTemplate { id: "tpl-twin".into(), body: "{{customer.name}}".into(), rev: 0, name: format!(" {} ", bad.name.to_uppercase()), ..bad.clone() };
    match service.save_template(&twin).await {
        Err(salesdesk::service::ServiceError::Invalid(p)) => assert_eq!(p[0].field, "name"),
        other => panic!("expected Invalid, got {other:?}"),
    }
    db.close();
}

// Issue 13: a planned follow-up is a task — done with its outcome and next step, or moved.
#[wasm_bindgen_test]
async fn a_follow_up_is_done_with_its_next_step_or_rescheduled_and_never_into_the_past() {
    use chrono::{Duration, NaiveTime};
    use salesdesk::domain::backup::{export_json, restore};
    use salesdesk::domain::customers::{Channel, Completion};
    use salesdesk::service::{today, Service, ServiceError};
    let name = fresh("t-tasks").await;
    let db = Db::open(&name).await.unwrap();
    db.replace_all(&demo()).await.unwrap();
    let service = Service::new(db.clone());
    let planned: Vec<_> = service.follow_ups().await.unwrap().iter().filter(|f| !f.next_done && f.next_date.is_some()).cloned().collect();
    let (a, b) = (planned[0].clone(), planned[1].clone());
    let today = today();

    let next = today + Duration::days(3);
    let at = NaiveTime::from_hms_opt(14, 30, 0);
    let done = Completion { channel: Channel::Visit, outcome: "wants a demo".into(), next: Some((next, at)) };
    service.complete_follow_up(a.clone(), &done).await.unwrap();
    let stored = db.load_all().await.unwrap().follow_ups;
    assert!(stored.iter().find(|f| f.id == a.id).unwrap().next_done, "the plan is done");
    let logged = stored.iter().find(|f| f.customer_id == a.customer_id && f.date == today && f.outcome == "wants a demo").expect("what happened is logged");
    assert_eq!((logged.channel, logged.next_date, logged.next_time, logged.next_done), (Channel::Visit, Some(next), at, false));
    // The same follow-up done again from a copy read before (another tab's) is refused.
    assert!(matches!(service.complete_follow_up(a.clone(), &done).await, Err(ServiceError::Stale(_))));
    // Without an outcome, or with a next step in the past: refused, nothing written.
    let blank = Completion { outcome: " ".into(), next: Some((today - Duration::days(1), None)), ..done.clone() };
    let before = db.load_all().await.unwrap().follow_ups.len();
    match service.complete_follow_up(b.clone(), &blank).await {
        Err(ServiceError::Invalid(p)) => assert!(p.iter().any(|x| x.field == "outcome") && p.iter().any(|x| x.field == "next_date"), "{p:?}"),
        other => panic!("expected Invalid, got {other:?}"),
    }
    assert!(matches!(service.reschedule_follow_up(b.clone(), today - Duration::days(1), None).await, Err(ServiceError::Invalid(_))));
    assert_eq!(db.load_all().await.unwrap().follow_ups.len(), before);
    // Moved to tomorrow at nine.
    let nine = NaiveTime::from_hms_opt(9, 0, 0);
    service.reschedule_follow_up(b.clone(), today + Duration::days(1), nine).await.unwrap();
    let moved = db.load_all().await.unwrap().follow_ups.into_iter().find(|f| f.id == b.id).unwrap();
    assert_eq!((moved.next_date, moved.next_time, moved.next_done), (Some(today + Duration::days(1)), nine, false));
    assert!(restore(&export_json(&db.load_all().await.unwrap(), chrono::Utc::now()), None).is_ok(), "the book's own backup restores");
    db.close();
}

// Issue 13: a quick lead's person joins a matched customer's contacts with their new phone.
#[wasm_bindgen_test]
async fn a_quick_lead_adds_its_person_to_the_matched_customer_and_drops_no_phone() {
    use salesdesk::domain::pipeline::lead::QuickLead;
    use salesdesk::service::Service;
    let name = fresh("t-lead-contact").await;
    let db = Db::open(&name).await.unwrap();
    let data = demo();
    db.replace_all(&data).await.unwrap();
    let service = Service::new(db.clone());
    // A customer no other shares its name with.
    let target = data.customers.iter().find(|c| data.customers.iter().filter(|o| o.name == c.name).count() == 1).unwrap().clone();
    let lead = |person: &str, phone: &str| QuickLead { person: person.into(), company: target.name.clone(), phone: phone.into(), need: "样机".into(), event_id: None };
    let plan = service.capture_lead(&lead("赵强", "139 1111 2222"), Locale::Zh, None).await.unwrap().unwrap();
    assert!(!plan.is_new && plan.contact_added);
    let stored = db.load_all().await.unwrap();
    let customer = stored.customers.iter().find(|c| c.id == target.id).unwrap();
    assert_eq!(customer.contacts.len(), target.contacts.len() + 1);
    let added = customer.contacts.last().unwrap();
    assert_eq!((added.name.as_str(), added.phone.as_str(), added.decision_maker), ("赵强", "139 1111 2222", false));
    assert!(stored.deals.iter().any(|d| d.customer_id == target.id && d.title == "样机"));
    // The same phone again: a deal, but no second contact.
    let again = service.capture_lead(&lead("赵强", "13911112222"), Locale::Zh, None).await.unwrap().unwrap();
    assert!(!again.contact_added);
    let contacts = db.load_all().await.unwrap().customers.into_iter().find(|c| c.id == target.id).unwrap().contacts.len();
    assert_eq!(contacts, target.contacts.len() + 1);
    db.close();
}

/// The app decodes GBK / GB18030 and Windows-1252 files with the browser's `TextDecoder` (no
/// tables in the wasm): the same fixtures the native tests decode with encoding_rs read the same.
#[wasm_bindgen_test]
fn the_browser_decodes_chinese_excel_and_latin_files() {
    use salesdesk::domain::csv::{decode, read, Encoding};
    use salesdesk::ui::browser::BrowserCodec;
    let (text, encoding) = decode(include_bytes!("fixtures/customers-gbk.csv"), &BrowserCodec).unwrap();
    assert_eq!(encoding, Encoding::Gb18030);
    assert!(text.starts_with("客户名称,联系人,电话"), "{text}");
    assert!(text.contains("杭州启明信息技术有限公司"));
    let products = read(include_bytes!("fixtures/products-gbk.csv"), None, &BrowserCodec).unwrap();
    assert_eq!(products.rows[1][1], "A4 复印纸（5包）");
    // Valid in neither UTF-8 nor GB18030: never guessed, the user chooses.
    let latin = b"name,city\nJos\xe9,Z\xfcrich\n";
    assert_eq!(decode(latin, &BrowserCodec), None);
    let chosen = read(latin, Some(Encoding::Windows1252), &BrowserCodec).unwrap();
    assert_eq!(chosen.rows[0], vec!["José".to_string(), "Zürich".into()]);
    // A chosen encoding never fails: invalid bytes show as U+FFFD in the preview.
    let bad_gbk = read(b"name\n\xff\xff\n", Some(Encoding::Gb18030), &BrowserCodec).unwrap();
    assert!(bad_gbk.rows[0][0].contains('\u{fffd}'), "{:?}", bad_gbk.rows);
}

/// Sealed backups: the browser's WebCrypto opens what the native primitives (RustCrypto, in
/// `domain::sealed`'s tests) sealed, seals the same bytes from the same random bytes, and a
/// real 600,000-round seal opens again — with a wrong password or one changed byte refused.
#[wasm_bindgen_test]
async fn sealed_backups_agree_with_the_native_primitives() {
    use salesdesk::domain::base64;
    use salesdesk::domain::sealed::{open, seal, seal_with, SealError};
    use salesdesk::ui::crypto::WebCrypto;
    const VECTOR: &str = include_str!("fixtures/sealed-vector.json");
    // As `VECTOR_PASSWORD`, `VECTOR_PLAIN`, `VECTOR_SEED` and `VECTOR_ITERATIONS` there.
    let (password, plain) = ("正确 horse battery staple", "{\"type\":\"salesdesk-backup\",\"note\":\"销售台 ✓\"}");
    assert_eq!(open(&WebCrypto::new(), password, VECTOR).await, Ok(plain.to_string()));
    assert_eq!(seal_with(&WebCrypto::seeded_for_tests(2026), password, plain, 1_000).await.unwrap(), VECTOR.trim());
    assert_eq!(open(&WebCrypto::new(), "正确 horse battery stapl", VECTOR).await, Err(SealError::WrongPassword));

    let text = seal(&WebCrypto::new(), "a long password", plain).await.unwrap();
    let mut v: serde_json::Value = serde_json::from_str(&text).unwrap();
    assert_eq!(v["kdf"]["iterations"], 600_000);
    assert_eq!(open(&WebCrypto::new(), "a long password", &text).await, Ok(plain.to_string()));
    let mut bytes = base64::decode(v["ciphertext"].as_str().unwrap()).unwrap();
    bytes[3] ^= 0x80;
    v["ciphertext"] = base64::encode(&bytes).into();
    assert_eq!(open(&WebCrypto::new(), "a long password", &v.to_string()).await, Err(SealError::Altered));
}

/// A kiosk registration writes the customer (found by phone and updated, or new), a deal with
/// the event and the consent, and a follow-up, in one write; an event with leads is not
/// deleted; a deal deleted takes its business-card photos along and undo brings them back.
#[wasm_bindgen_test]
async fn kiosk_registrations_events_and_card_photos() {
    use salesdesk::domain::events::{Event, Registration};
    use salesdesk::domain::photos::CardPhoto;
    use salesdesk::domain::pipeline::lead::QuickLead;
    use salesdesk::service::{Service, ServiceError};
    let name = fresh("t-kiosk").await;
    let db = Db::open(&name).await.unwrap();
    let data = demo();
    db.replace_all(&data).await.unwrap();
    let service = Service::new(db.clone());
    let now = chrono::Utc::now();
    let mut event = Event::new("evt-test".into(), salesdesk::service::today(), "我们保存您的联系方式。".into(), now);
    event.name = "测试展".into();
    event.products = vec![data.products[0].id.clone()];
    let event = service.save(&event).await.unwrap();

    // Someone already in the book, by the phone of one of their contacts.
    let known = data.customers.iter().find(|c| c.contacts.iter().any(|k| !k.phone.trim().is_empty())).unwrap().clone();
    let contact = known.contacts.iter().find(|k| !k.phone.trim().is_empty()).unwrap().clone();
    let reg = Registration { name: contact.name.clone(), phone: contact.phone.clone(), interests: event.products.clone(), consent: true, ..Registration::default() };
    let plan = service.register_visitor(&event.id, &reg, Locale::Zh).await.unwrap().unwrap();
    assert!(!plan.is_new);
    let stored = db.load_all().await.unwrap();
    assert_eq!(stored.customers.len(), data.customers.len(), "not duplicated");
    let deal = stored.deals.iter().find(|d| d.id == plan.deal.id).unwrap();
    assert_eq!((deal.customer_id.as_str(), deal.event_id.as_deref()), (known.id.as_str(), Some("evt-test")));
    assert_eq!(deal.consent.as_ref().map(|c| c.text.as_str()), Some("我们保存您的联系方式。"));
    assert_eq!(deal.line_items.len(), 1);
    let follow_up = stored.follow_ups.iter().find(|f| f.deal_id.as_deref() == Some(deal.id.as_str())).unwrap();
    assert!(follow_up.next_date.unwrap() > salesdesk::service::today());
    // A new visitor; no consent writes nothing.
    let before = db.load_all().await.unwrap().total();
    let refused = Registration { name: "新访客".into(), email: "new@visitor.example".into(), ..Registration::default() };
    assert!(service.register_visitor(&event.id, &refused, Locale::Zh).await.unwrap().is_none());
    assert_eq!(db.load_all().await.unwrap().total(), before);
    let new = service.register_visitor(&event.id, &Registration { consent: true, ..refused }, Locale::Zh).await.unwrap().unwrap();
    assert!(new.is_new);
    assert_eq!(db.load_all().await.unwrap().customers.len(), data.customers.len() + 1);

    // The event has leads: it stays.
    match service.delete_event(event.clone()).await {
        Err(ServiceError::EventInUse { deals }) => assert_eq!(deals, 2, "{:?}", db.load_all().await.unwrap().deals.iter().filter(|d| d.event_id.as_deref() == Some("evt-test")).map(|d| (&d.title, &d.customer_id)).collect::<Vec<_>>()),
        other => panic!("{other:?}"),
    }
    assert!(db.load_all().await.unwrap().events.iter().any(|e| e.id == "evt-test"));

    // A quick lead with a photo; the deal deleted takes the photo; undo brings both back.
    let lead = QuickLead { person: "拍名片".into(), phone: "137 0000 9999".into(), event_id: Some(event.id.clone()), ..QuickLead::default() };
    let photo = salesdesk::domain::photos::Picture { mime: "image/jpeg".into(), data: "/9j/4A==".into(), width: 40, height: 25 };
    let captured = service.capture_lead(&lead, Locale::Zh, Some(photo)).await.unwrap().unwrap();
    let photos: Vec<CardPhoto> = service.deal_photos(&captured.deal.id).await.unwrap();
    assert_eq!((photos.len(), photos[0].width), (1, 40));
    let deal = db.load_all().await.unwrap().deals.into_iter().find(|d| d.id == captured.deal.id).unwrap();
    assert_eq!(deal.event_id.as_deref(), Some("evt-test"));
    let undo = service.delete_deal(deal).await.unwrap();
    assert!(service.deal_photos(&captured.deal.id).await.unwrap().is_empty());
    assert!(salesdesk::domain::dataset::validate_dataset(&db.load_all().await.unwrap(), None).is_empty(), "nothing points at the deleted deal");
    service.put_back(&undo).await.unwrap();
    assert_eq!(service.deal_photos(&captured.deal.id).await.unwrap().len(), 1);
    // A photo too large is refused and nothing is written.
    let big = CardPhoto { data: "A".repeat(salesdesk::domain::photos::MAX_DATA_CHARS + 4), ..photos[0].clone() };
    let big = CardPhoto { id: "photo-big".into(), rev: 0, ..big };
    assert!(matches!(service.save(&big).await, Err(ServiceError::Invalid(_))));
    assert_eq!(service.deal_photos(&captured.deal.id).await.unwrap().len(), 1);
    // A backup of it all restores.
    let (_, json) = service.export_backup().await.unwrap();
    let restored = salesdesk::domain::backup::restore(&json, None).unwrap();
    assert_eq!((restored.data.events.len(), restored.data.card_photos.len()), (2, 1));
    db.close();
}
