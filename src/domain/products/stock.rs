//! Stock points 库存点: each change of a product's stock on hand, dated, so average stock
//! over a period comes from what was there day by day, not from today's snapshot.

use crate::domain::period::Period;
use crate::domain::products::Product;
use crate::domain::validation::{Checker, FieldProblem};
use crate::domain::Id;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

/// Why the stock changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StockCause {
    /// A count or an edit in the product form.
    Edit,
    /// A products CSV import.
    Import,
    /// The first point of a book that existed before stock points: its stock on that day.
    Opening,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StockPoint {
    pub id: Id,
    pub product_id: Id,
    pub date: NaiveDate,
    /// Stock on hand after the change.
    pub stock: i64,
    pub cause: StockCause,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    #[serde(default)]
    pub rev: u32,
}

impl StockPoint {
    /// The one point of `product` for `date` (a later change the same day replaces it).
    pub fn of(product: &Product, date: NaiveDate, cause: StockCause, now: DateTime<Utc>) -> StockPoint {
        StockPoint { id: point_id(&product.id, date), product_id: product.id.clone(), date, stock: product.stock, cause, created_at: now, updated_at: now, rev: 0 }
    }

    pub fn validate(&self) -> Vec<FieldProblem> {
        let mut c = Checker::new();
        c.required("product_id", &self.product_id);
        c.range("stock", self.stock, -1_000_000_000, 1_000_000_000);
        c.finish()
    }
}

/// A product's point id for a day: `sp-<product>-<yyyy-mm-dd>`.
pub fn point_id(product_id: &str, date: NaiveDate) -> Id {
    format!("sp-{product_id}-{date}")
}

/// Average stock on hand over `period`, day by day: each day holds the stock of the last
/// point on or before it. Days before the first point are not counted (nothing is known of
/// them); `None` when no day of the period is known. Negative stock counts as none.
pub fn average_stock(points: &[&StockPoint], period: Period) -> Option<f64> {
    let mut sorted: Vec<&&StockPoint> = points.iter().filter(|p| p.date <= period.to).collect();
    sorted.sort_by_key(|p| (p.date, p.updated_at));
    let first = sorted.first()?.date;
    let start = period.from.max(first);
    if start > period.to {
        return None;
    }
    let (mut total, mut days) = (0f64, 0i64);
    let mut level = sorted.iter().filter(|p| p.date <= start).last().map_or(0, |p| p.stock);
    let mut day = start;
    let mut next = sorted.iter().filter(|p| p.date > start).peekable();
    while day <= period.to {
        // Jump to the next change (or the end) in one step.
        let until = next.peek().map_or(period.to, |p| p.date.pred_opt().unwrap_or(p.date).min(period.to));
        let span = (until - day).num_days() + 1;
        total += level.max(0) as f64 * span as f64;
        days += span;
        match next.next() {
            Some(p) => {
                day = p.date;
                level = p.stock;
                // Several points on one day: the last one holds.
                while next.peek().is_some_and(|q| q.date == day) {
                    level = next.next().map_or(level, |q| q.stock);
                }
            }
            None => break,
        }
    }
    (days > 0).then(|| total / days as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn point(date: &str, stock: i64) -> StockPoint {
        let now = Utc::now();
        StockPoint { id: point_id("p", d(date)), product_id: "p".into(), date: d(date), stock, cause: StockCause::Edit, created_at: now, updated_at: now, rev: 0 }
    }

    #[test]
    fn average_stock_weights_each_level_by_its_days() {
        // 10 units for Jan 1–10, 40 for Jan 11–31: (10·10 + 40·21) / 31.
        let pts = [point("2026-01-01", 10), point("2026-01-11", 40)];
        let refs: Vec<&StockPoint> = pts.iter().collect();
        let jan = Period { from: d("2026-01-01"), to: d("2026-01-31") };
        let avg = average_stock(&refs, jan).unwrap();
        assert!((avg - 940.0 / 31.0).abs() < 1e-9, "{avg}");
        // A period after the last point: its level throughout.
        assert_eq!(average_stock(&refs, Period { from: d("2026-03-01"), to: d("2026-03-31") }), Some(40.0));
        // A period that starts before the first point counts from the first point.
        assert_eq!(average_stock(&refs, Period { from: d("2025-12-01"), to: d("2026-01-10") }), Some(10.0));
        // Nothing known yet.
        assert_eq!(average_stock(&refs, Period { from: d("2025-01-01"), to: d("2025-12-31") }), None);
        assert_eq!(average_stock(&[], jan), None);
    }

    #[test]
    fn the_last_point_of_a_day_holds_and_negative_stock_is_none() {
        let mut late = point("2026-01-02", 5);
        late.updated_at = late.updated_at + chrono::Duration::seconds(5);
        let pts = [point("2026-01-01", 2), point("2026-01-02", 100), late, point("2026-01-03", -4)];
        let refs: Vec<&StockPoint> = pts.iter().collect();
        // Day 1: 2, day 2: 5 (the later point), day 3: 0.
        assert_eq!(average_stock(&refs, Period { from: d("2026-01-01"), to: d("2026-01-03") }), Some(7.0 / 3.0));
    }
}
