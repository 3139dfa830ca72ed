//! The analytics benchmark's book and the work the Analytics page does on it, shared by the
//! native run (`examples/analytics_bench`) and the browser run (`tests/analytics_bench.rs`),
//! so both measure the same functions on the same data (seeded).

use chrono::{Duration, NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;
use salesdesk::domain::customers::grading::{grade_customers, grade_table, purchases, Purchase};
use salesdesk::domain::demo::{generate, DemoSize, DEMO_SEED};
use salesdesk::domain::period::{Period, PeriodChoice};
use salesdesk::domain::pipeline::{Deal, LineItem, StageKind};
use salesdesk::domain::products::analysis::{abc_of_sales, average_stocks, category_table, stock_figures, SalesIndex};
use salesdesk::domain::rng::Rng;
use salesdesk::domain::sales::{by_source, last_12_months, top_customers, total};
use salesdesk::domain::targets::{open_pipeline, progress};
use salesdesk::domain::{Dataset, Locale, Money};

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

/// What the app computes once per change of the book and keeps (the service's graded book:
/// purchases and grades; the stock figures and target progress, which do not depend on the
/// period picked).
pub struct Loaded {
    pub bought: Vec<Purchase>,
    pub grades: salesdesk::domain::customers::grading::Grades,
    pub reorder: usize,
    pub targets: usize,
    pub sales: SalesIndex,
}

pub fn load(data: &Dataset) -> Loaded {
    let today = today();
    let won: Vec<&str> = data.stages.iter().filter(|s| s.kind == StageKind::Won).map(|s| s.id.as_str()).collect();
    let bought = purchases(&data.deals, &data.stages, &data.contracts);
    let settings = data.settings.first().cloned().unwrap_or_default();
    let grades = grade_customers(&data.customers, &bought, &data.deals, &data.stages, &settings.grade_thresholds, today);
    let sales = SalesIndex::build(&data.deals, |id| won.contains(&id));
    let stock = stock_figures(&data.products, &sales, today, 1.645, &data.stock_points);
    let targets = progress(&data.sales_targets, &bought, &open_pipeline(&data.deals, &data.stages), today);
    Loaded { reorder: stock.iter().filter(|s| s.reorder_now()).count(), targets: targets.len(), bought, grades, sales }
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
