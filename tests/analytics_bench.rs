//! Browser half of the analytics benchmark (`bash .ci/bench`, release build in headless
//! Chromium): the same computations on the same book as `tests/bench/analytics_native.rs`.
//! Not part of the test suite (which runs only `--test storage` in the browser).
#![cfg(target_arch = "wasm32")]

#[path = "bench/analytics_book.rs"]
mod analytics_book;

use analytics_book::{book, period_view, report_load, timed, DEALS, LINES, PRODUCTS};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn now_ms() -> f64 {
    let performance = js_sys::Reflect::get(&js_sys::global(), &"performance".into()).expect("performance");
    let now: js_sys::Function = js_sys::Reflect::get(&performance, &"now".into()).expect("now").unchecked_into();
    now.call0(&performance).ok().and_then(|v| v.as_f64()).expect("a time")
}

#[wasm_bindgen_test]
fn analytics_in_the_browser() {
    let data = book();
    console_log!("analytics (browser) | {DEALS} deals × {LINES} lines, {PRODUCTS} products");
    let loaded = report_load(&data, 7, now_ms, "browser", |line| console_log!("{line}"));
    let (view_ms, view_runs, check) = timed(7, now_ms, || period_view(&data, &loaded));
    let runs = |r: &[f64]| r.iter().map(|x| format!("{x:.0}")).collect::<Vec<_>>().join(", ");
    console_log!("analytics (browser) | a period picked (every table of the page)                     | median {view_ms:.1} ms | runs {} | check {check}", runs(&view_runs));
}
