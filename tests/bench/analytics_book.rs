//! The analytics benchmark's book and the work the Analytics page does on it, shared by the
//! native run (`examples/analytics_bench`) and the browser run (`tests/analytics_bench.rs`),
//! so both measure the same functions on the same data (seeded).

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;
use salesdesk::domain::customers::grading::{grade_customers, grade_table, purchases, purchases_from_bytes, purchases_to_bytes, Purchase};
use salesdesk::domain::demo::{generate, DemoSize, DEMO_SEED};
use salesdesk::domain::period::{Period, PeriodChoice};
use salesdesk::domain::pipeline::{Deal, LineItem, StageKind};
use salesdesk::domain::products::analysis::{abc_of_sales, average_stocks, category_table, stock_figures, SalesIndex};
use salesdesk::domain::rng::Rng;
use salesdesk::domain::sales::{by_source, last_12_months, top_customers, total};
use salesdesk::domain::targets::{open_pipeline, progress};
use salesdesk::domain::{Dataset, Locale, Money};
use salesdesk::domain::columns::{Reader, Writer};
use salesdesk::domain::customers::query::{read_listed, write_listed, Listed};

pub const DEALS: usize = 100_000;
pub const LINES: usize = 5;
pub const PRODUCTS: usize = 1_000;
pub const CUSTOMERS: usize = 10_000;

pub fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("a date")
}

/// 10,000 customers, 1,000 products with a year of monthly stock counts, and 100,000 won
/// and lost deals over three years, each with 5 quote lines.
pub fn book() -> Dataset {
    let today = today();
    let size = DemoSize { customers: CUSTOMERS, products: PRODUCTS, deals: 10, contracts: 10 };
    let mut data = generate(size, Locale::Zh, today, DEMO_SEED);
    data.deals.clear();
    data.contracts.clear();
    data.follow_ups.retain(|f| f.deal_id.is_none());
    let stage = |k: StageKind| data.stages.iter().find(|s| s.kind == k).map(|s| s.id.clone()).expect("a stage");
    let (won, lost) = (stage(StageKind::Won), stage(StageKind::Lost));
    let mut rng = Rng(20_261_125);
    for i in 0..DEALS {
        let day = today - Duration::days(rng.below(3 * 365) as i64);
        let at = Utc.from_utc_datetime(&day.and_hms_opt(10, 0, 0).expect("a time"));
        let lines: Vec<LineItem> = (0..LINES)
            .map(|_| {
                let p = &data.products[rng.below(data.products.len())];
                LineItem { product_id: p.id.clone(), quantity: Decimal::from(rng.range(1, 20)), unit_price: p.list_price, discount_pct: Decimal::from(rng.range(0, 10)), discount_reason: String::new() }
            })
            .collect();
        let stage_id = if rng.chance(60) { won.clone() } else { lost.clone() };
        let mut d = Deal::blank(format!("bench-{i:06}"), &stage_id, at);
        d.title = format!("Deal {i}");
        d.customer_id = data.customers[rng.below(data.customers.len())].id.clone();
        d.amount = lines.iter().map(LineItem::total).sum::<Money>();
        d.line_items = lines;
        data.deals.push(d);
    }
    data
}

/// What the app derives from the book and keeps until a store it comes from is written: the
/// purchases (deals, stages, contracts), the grades (also customers and settings), the
/// won-lines index (deals and stages), the stock figures (also products and stock counts)
/// and the target progress (also the targets).
pub struct Loaded {
    pub bought: Vec<Purchase>,
    pub grades: salesdesk::domain::customers::grading::Grades,
    pub reorder: usize,
    pub targets: usize,
    pub sales: SalesIndex,
}

/// The parts of [`load_timed`], in its order.
pub const PARTS: [&str; 5] = ["purchases", "grades", "won-lines index", "stock figures", "target progress"];

/// Everything derived from the book, each part timed (ms, by the clock `now`, in the order of
/// [`PARTS`]). With `base`, the won-lines index is `base` patched with the deals that changed
/// since it was made (as the app does after a deal is written), else built afresh.
pub fn load_timed(data: &Dataset, base: Option<&SalesIndex>, now: &impl Fn() -> f64) -> (Loaded, [f64; 5]) {
    let today = today();
    let mut times = [0.0; 5];
    let mut t = now();
    let mut lap = |i: usize| {
        let n = now();
        times[i] = n - t;
        t = n;
    };
    let won: Vec<&str> = data.stages.iter().filter(|s| s.kind == StageKind::Won).map(|s| s.id.as_str()).collect();
    let bought = purchases(&data.deals, &data.stages, &data.contracts);
    lap(0);
    let settings = data.settings.first().cloned().unwrap_or_default();
    let grades = grade_customers(&data.customers, &bought, &data.deals, &data.stages, &settings.grade_thresholds, today);
    lap(1);
    let is_won = |id: &str| won.contains(&id);
    let sales = base.and_then(|b| b.patched(&data.deals, is_won)).unwrap_or_else(|| SalesIndex::build(&data.deals, is_won));
    lap(2);
    let stock = stock_figures(&data.products, &sales, today, 1.645, &data.stock_points);
    lap(3);
    let targets = progress(&data.sales_targets, &bought, &open_pipeline(&data.deals, &data.stages), today);
    lap(4);
    (Loaded { reorder: stock.iter().filter(|s| s.reorder_now()).count(), targets: targets.len(), bought, grades, sales }, times)
}

/// The book after one deal is written: a won deal's lines and amount changed, with a new
/// revision (as every write gives).
pub fn one_deal_written(data: &Dataset) -> Dataset {
    let mut after = data.clone();
    let won = after.stages.iter().find(|s| s.kind == StageKind::Won).map(|s| s.id.clone()).expect("a won stage");
    let deal = after.deals.iter_mut().rev().find(|d| d.stage_id == won).expect("a won deal");
    deal.line_items[0].quantity += Decimal::ONE;
    deal.amount = deal.line_items.iter().map(LineItem::total).sum::<Money>();
    deal.rev = deal.rev.wrapping_add(1);
    after
}

/// Times, `runs` times, what is derived afresh (the first open after an update of the app;
/// an import derives it as part of its write) and what after one deal is written (the index
/// patched, the rest again), and prints by `print` the medians
/// and every run: the whole, each part, and what a write that is not a deal, a stage or a
/// contract derives again at most (purchases and the index are kept; grades, stock figures
/// and target progress may not be). Returns the last fresh run's result.
pub fn report_load(data: &Dataset, runs: usize, now: impl Fn() -> f64, side: &str, print: impl Fn(String)) -> Loaded {
    let written = one_deal_written(data);
    let shown = |r: &[f64]| r.iter().map(|x| format!("{x:.0}")).collect::<Vec<_>>().join(", ");
    let mut last = None;
    for (title, book) in [("derived afresh (first open after an app update; imports do it)", data), ("a deal written: the index patched, the rest again", &written)] {
        let mut totals = Vec::new();
        let mut parts: [Vec<f64>; 5] = Default::default();
        for _ in 0..runs {
            let base = last.as_ref().map(|l: &Loaded| &l.sales).filter(|_| !std::ptr::eq(book, data));
            let (loaded, times) = load_timed(book, base, &now);
            totals.push(times.iter().sum());
            for (p, t) in parts.iter_mut().zip(times) {
                p.push(t);
            }
            if std::ptr::eq(book, data) {
                last = Some(loaded);
            }
        }
        print(format!("analytics ({side}) | {title:<58} | median {:.1} ms | runs {}", median(&mut totals.clone()), shown(&totals)));
        for (name, p) in PARTS.iter().zip(&parts) {
            print(format!("analytics ({side}) |   {name:<56} | median {:.1} ms | runs {}", median(&mut p.clone()), shown(p)));
        }
        if std::ptr::eq(book, data) {
            let other: Vec<f64> = (0..runs).map(|r| parts[1][r] + parts[3][r] + parts[4][r]).collect();
            print(format!("analytics ({side}) | after any other write, at most (grades, stock, targets)    | median {:.1} ms | runs {}", median(&mut other.clone()), shown(&other)));
        }
    }
    let last = last.expect("at least one run");
    reloaded(data, &last, runs, &now, side, &print);
    last
}

/// After a reload the app reads what it kept instead of deriving it: the won-lines index, the
/// purchases and the customer list with the grades (which every page reads), each as its
/// bytes. Times reading them back and the stock
/// figures and target progress made from them, and checks they are what was kept.
fn reloaded(data: &Dataset, kept: &Loaded, runs: usize, now: &impl Fn() -> f64, side: &str, print: &impl Fn(String)) {
    let today = today();
    let rows: Vec<Listed> = data.customers.iter().map(|c| Listed::of(c, kept.grades.get(&c.id).cloned())).collect();
    let mut list = Writer(Vec::new());
    write_listed(&mut list, &rows);
    let (index, bought, list) = (kept.sales.to_bytes(), purchases_to_bytes(&kept.bought), list.0);
    let open = open_pipeline(&data.deals, &data.stages);
    let mut totals = Vec::new();
    let mut parts: [Vec<f64>; 4] = Default::default();
    for _ in 0..runs {
        let t0 = now();
        let sales = SalesIndex::from_bytes(&index).expect("read back");
        let t1 = now();
        let back = purchases_from_bytes(&bought).expect("purchases");
        let t2 = now();
        let listed = read_listed(&mut Reader(&list)).expect("the customer list");
        let t3 = now();
        let stock = stock_figures(&data.products, &sales, today, 1.645, &data.stock_points);
        let targets = progress(&data.sales_targets, &back, &open, today);
        let t4 = now();
        assert!(sales == kept.sales && back == kept.bought && listed == rows && stock.len() == data.products.len() && targets.len() == kept.targets);
        totals.push(t4 - t0);
        for (p, t) in parts.iter_mut().zip([t1 - t0, t2 - t1, t3 - t2, t4 - t3]) {
            p.push(t);
        }
    }
    let shown = |r: &[f64]| r.iter().map(|x| format!("{x:.0}")).collect::<Vec<_>>().join(", ");
    print(format!("analytics ({side}) | {:<58} | median {:.1} ms | runs {}", "after a reload: what was kept read back, the rest again", median(&mut totals.clone()), shown(&totals)));
    let names = [
        format!("the won-lines index from its bytes ({:.1} MB)", index.len() as f64 / 1e6),
        format!("purchases from their bytes ({:.1} MB)", bought.len() as f64 / 1e6),
        format!("customer list with grades from its bytes ({:.1} MB)", list.len() as f64 / 1e6),
        "stock figures and target progress".to_string(),
    ];
    for (name, p) in names.iter().zip(&parts) {
        print(format!("analytics ({side}) |   {name:<56} | median {:.1} ms | runs {}", median(&mut p.clone()), shown(p)));
    }
}

/// What the Analytics page computes for the period picked (here the last 12 months): revenue
/// with growth, revenue by month, top customers, revenue by source, grades with CLV, ABC, and
/// categories with growth and turnover. Returns a checksum.
pub fn period_view(data: &Dataset, loaded: &Loaded) -> u64 {
    let today = today();
    let period: Period = PeriodChoice::Last12Months.period(today);
    let bought = &loaded.bought;
    let mut sum = total(bought, period).revenue;
    if let Some(prev) = period.previous() {
        sum += total(bought, prev).revenue;
    }
    let months = last_12_months(bought, period.to);
    let (top, _) = top_customers(bought, period, 10);
    let sources = by_source(bought, &data.customers, period);
    let clv_years = data.settings.first().map_or(10, |s| s.clv_years);
    let table = grade_table(loaded.grades.iter().map(|(id, g)| (id.as_str(), g)), bought, period, clv_years);
    let now = loaded.sales.sales(period);
    let (abc, _) = abc_of_sales(&data.products, &now, Decimal::from(80), Decimal::from(95));
    let before = period.previous().map(|p| loaded.sales.sales(p));
    let averages = average_stocks(&data.products, &data.stock_points, period);
    let categories = category_table(&data.products, &now, before.as_ref(), 1, period.days(), &averages);
    let cents = |m: Money| (m.value() * Decimal::ONE_HUNDRED).to_string().parse::<i64>().unwrap_or(0) as u64;
    cents(sum)
        ^ months.iter().map(|m| cents(m.2)).sum::<u64>()
        ^ top.iter().map(|t| cents(t.revenue)).sum::<u64>()
        ^ sources.len() as u64
        ^ table.iter().map(|r| cents(r.clv)).sum::<u64>()
        ^ abc.iter().map(|r| cents(r.revenue)).sum::<u64>()
        ^ categories.len() as u64
        ^ (loaded.reorder + loaded.targets) as u64
}

/// Times `f` `runs` times: the median and every run, in ms, by the clock `now` (ms).
pub fn timed<T>(runs: usize, now: impl Fn() -> f64, mut f: impl FnMut() -> T) -> (f64, Vec<f64>, T) {
    let mut times = Vec::new();
    let mut last = None;
    for _ in 0..runs {
        let t = now();
        last = Some(f());
        times.push(now() - t);
    }
    let shown = times.clone();
    (median(&mut times), shown, last.expect("at least one run"))
}

/// The median of `xs` (sorted in place).
pub fn median(xs: &mut [f64]) -> f64 {
    xs.sort_by(|a, b| a.total_cmp(b));
    xs[xs.len() / 2]
}
