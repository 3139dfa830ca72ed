//! Native half of the analytics benchmark (`bash .ci/bench`): the Analytics page's
//! computations on 100,000 won and lost deals × 5 lines and 1,000 products, medians of 7 runs.

#[path = "analytics_book.rs"]
mod analytics_book;

use analytics_book::{book, period_view, report_load, timed, DEALS, LINES, PRODUCTS};
use std::time::Instant;

fn main() {
    let data = book();
    let start = Instant::now();
    let clock = || start.elapsed().as_secs_f64() * 1000.0;
    println!("analytics (native) | {DEALS} deals × {LINES} lines, {PRODUCTS} products");
    let loaded = report_load(&data, 7, clock, "native", |line| println!("{line}"));
    let (view_ms, view_runs, check) = timed(7, clock, || period_view(&data, &loaded));
    let runs = |r: &[f64]| r.iter().map(|x| format!("{x:.0}")).collect::<Vec<_>>().join(", ");
    println!("analytics (native) | a period picked (every table of the page)                     | median {view_ms:.1} ms | runs {} | check {check}", runs(&view_runs));
}
