//! Stock points 库存点: each change of a product's stock on hand, dated, so average stock
//! over a period comes from what was there day by day, not from today's snapshot.

use crate::domain::period::Period;
use crate::domain::pipeline::Deal;
use crate::domain::products::Product;
use crate::domain::validation::{Checker, FieldProblem};
use crate::domain::Id;
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use crate::domain::sorting::SortShared;

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
    /// A deal won (or reopened) with "reduce stock when a deal is won" on.
    Sale,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StockPoint {
    pub id: Id,
    pub product_id: Id,
    #[serde(deserialize_with = "crate::domain::stamps::day")]
    pub date: NaiveDate,
    /// Stock on hand after the change.
    pub stock: i64,
    pub cause: StockCause,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
    pub created_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
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

/// Units of one product a won deal holds out of stock.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Taken {
    pub product_id: Id,
    pub units: i64,
}

/// What a won deal takes out of stock: its quote lines' quantities per product, in whole
/// units (a fractional quantity rounds half away from zero; a product on two lines adds up).
pub fn units_of(deal: &Deal) -> Vec<Taken> {
    let mut per: BTreeMap<&str, Decimal> = BTreeMap::new();
    for line in &deal.line_items {
        *per.entry(line.product_id.as_str()).or_default() += line.quantity;
    }
    per.into_iter()
        .filter_map(|(id, q)| {
            let units = q.round_dp_with_strategy(0, rust_decimal::RoundingStrategy::MidpointAwayFromZero).to_i64()?;
            (units != 0).then(|| Taken { product_id: id.to_string(), units })
        })
        .collect()
}

/// How writing `deal` changes stock: what it should hold out of stock now, and the change of
/// each product's stock (positive: back on the shelf). `held` is what the deal held as
/// stored. A deal that is won holds its lines' units when `reduce` is on, and keeps what it
/// held when it is off (turning the setting off changes no stock); a deal that is not won
/// holds nothing, so reopening a won deal puts its units back.
pub fn stock_moves(deal: &Deal, held: &[Taken], won: bool, reduce: bool) -> (Vec<Taken>, BTreeMap<Id, i64>) {
    let holds = match (won, reduce) {
        (true, true) => units_of(deal),
        (true, false) => held.to_vec(),
        (false, _) => Vec::new(),
    };
    let mut moves: BTreeMap<Id, i64> = BTreeMap::new();
    for t in held {
        *moves.entry(t.product_id.clone()).or_default() += t.units;
    }
    for t in &holds {
        *moves.entry(t.product_id.clone()).or_default() -= t.units;
    }
    moves.retain(|_, n| *n != 0);
    (holds, moves)
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
    sorted.sort_by_key_shared(|p| (p.date, p.updated_at));
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

    fn deal_with(lines: &[(&str, &str)]) -> Deal {
        let mut deal = Deal::blank("d".into(), "won", Utc::now());
        deal.line_items = lines
            .iter()
            .map(|(p, q)| crate::domain::pipeline::LineItem {
                product_id: (*p).into(),
                quantity: q.parse().unwrap(),
                unit_price: crate::domain::money::Money::from_int(10),
                discount_pct: Decimal::ZERO,
                discount_reason: String::new(),
            })
            .collect();
        deal
    }

    fn taken(p: &str, units: i64) -> Taken {
        Taken { product_id: p.into(), units }
    }

    #[test]
    fn a_won_deal_takes_its_lines_units_per_product() {
        // Two lines of one product add up; 2.5 rounds to 3, 0.4 to nothing.
        let deal = deal_with(&[("a", "2"), ("b", "2.5"), ("a", "1"), ("c", "0.4")]);
        assert_eq!(units_of(&deal), vec![taken("a", 3), taken("b", 3)]);
        assert_eq!(units_of(&deal_with(&[])), vec![]);
    }

    #[test]
    fn stock_moves_take_on_win_give_back_on_reopen_and_follow_edits() {
        let deal = deal_with(&[("a", "2"), ("b", "1")]);
        // Won with the setting on: both products go down.
        let (holds, moves) = stock_moves(&deal, &[], true, true);
        assert_eq!(holds, vec![taken("a", 2), taken("b", 1)]);
        assert_eq!(moves, BTreeMap::from([("a".into(), -2), ("b".into(), -1)]));
        // Saved again unchanged: nothing moves.
        assert_eq!(stock_moves(&deal, &holds, true, true).1, BTreeMap::new());
        // A line changed on the won deal: only the difference moves.
        let edited = deal_with(&[("a", "5")]);
        let (now, moves) = stock_moves(&edited, &holds, true, true);
        assert_eq!(now, vec![taken("a", 5)]);
        assert_eq!(moves, BTreeMap::from([("a".into(), -3), ("b".into(), 1)]));
        // Reopened (setting on or off): everything it held goes back.
        let (none, back) = stock_moves(&deal, &holds, false, false);
        assert!(none.is_empty());
        assert_eq!(back, BTreeMap::from([("a".into(), 2), ("b".into(), 1)]));
        // Setting off: a won deal keeps what it held, a newly won one takes nothing.
        assert_eq!(stock_moves(&edited, &holds, true, false), (holds.clone(), BTreeMap::new()));
        assert_eq!(stock_moves(&deal, &[], true, false), (vec![], BTreeMap::new()));
        // Lost or open without holding anything: no move.
        assert_eq!(stock_moves(&deal, &[], false, true), (vec![], BTreeMap::new()));
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
