#[path = "/work/main/tests/bench/analytics_book.rs"]
mod analytics_book;
use analytics_book::*;
use std::time::Instant;
use rust_decimal::Decimal;
use salesdesk::domain::customers::grading::{grade_customers, grade_table, purchases};
use salesdesk::domain::period::PeriodChoice;
use salesdesk::domain::pipeline::StageKind;
use salesdesk::domain::products::analysis::*;
use salesdesk::domain::sales::*;
use salesdesk::domain::targets::*;
fn main() {
    let data = book();
    for _ in 0..2 {
    let today = today();
    let period = PeriodChoice::Last12Months.period(today);
    let won: Vec<&str> = data.stages.iter().filter(|s| s.kind == StageKind::Won).map(|s| s.id.as_str()).collect();
    let is_won = |id: &str| won.contains(&id);
    let t = Instant::now(); let bought = purchases(&data.deals, &data.stages, &data.contracts); println!("purchases {:?}", t.elapsed());
    let t = Instant::now(); let _ = total(&bought, period); let _ = last_12_months(&bought, period.to); println!("total+months {:?}", t.elapsed());
    let t = Instant::now(); let _ = top_customers(&bought, period, 10); println!("top {:?}", t.elapsed());
    let t = Instant::now(); let _ = by_source(&bought, &data.customers, period); println!("source {:?}", t.elapsed());
    let settings = data.settings.first().cloned().unwrap_or_default();
    let t = Instant::now(); let grades = grade_customers(&data.customers, &bought, &data.deals, &data.stages, &settings.grade_thresholds, today); println!("grade_customers {:?}", t.elapsed());
    let t = Instant::now(); let _ = grade_table(&grades, &bought, period, 10); println!("grade_table {:?}", t.elapsed());
    let t = Instant::now(); let _ = abc_of_products(&data.products, &data.deals, is_won, period, Decimal::from(80), Decimal::from(95)); println!("abc {:?}", t.elapsed());
    let t = Instant::now(); let _ = product_sales(&data.deals, is_won, period); println!("product_sales {:?}", t.elapsed());
    let t = Instant::now(); let _ = average_stocks(&data.products, &data.stock_points, period); println!("avg stocks {:?}", t.elapsed());
    let t = Instant::now(); let _ = stock_figures(&data.products, &data.deals, is_won, today, 1.645, &data.stock_points); println!("stock figures {:?}", t.elapsed());
    let t = Instant::now(); let _ = progress(&data.sales_targets, &bought, &open_pipeline(&data.deals, &data.stages), today); println!("progress {:?}", t.elapsed());
    }
}
