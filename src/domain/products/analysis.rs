//! Product analysis 商品分析 (seed 000 §1, DOMAIN.md): revenue and units per product from won
//! deals' quote lines, ABC classification, and the stock maths — EOQ 经济订货量, safety stock
//! 安全库存, reorder point, turnover days 周转天数. Pure functions; a figure that cannot be
//! computed says why instead of giving NaN.

use crate::domain::money::Money;
use crate::domain::period::Period;
use crate::domain::pipeline::{Deal, LineItem};
use crate::domain::products::stock::{average_stock, StockPoint};
use crate::domain::products::Product;
use crate::domain::Id;
use rust_decimal::prelude::ToPrimitive;
use rust_decimal::Decimal;
use rustc_hash::FxHashMap as HashMap;
use std::collections::BTreeMap;
use crate::domain::sorting::{day_order, SortShared};
use crate::domain::columns::{Reader, Writer};

/// Units sold and revenue of one product.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Sold {
    pub units: Decimal,
    pub revenue: Money,
}

/// What won deals sold in a period, per product; revenue of won deals without quote lines is
/// "no product", so the totals still add up to what was won.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ProductSales {
    pub per_product: BTreeMap<Id, Sold>,
    pub no_product: Money,
}

/// Sales per product of the deals won (in a stage `is_won` says is won) within `period`, on
/// the day they were won. Each deal's won amount is shared over its lines in proportion to
/// their totals (after discount), so a won amount that differs from the quote still adds up
/// exactly (the cents that rounding leaves go to the last line).
pub fn product_sales(deals: &[Deal], is_won: impl Fn(&str) -> bool, period: Period) -> ProductSales {
    SalesIndex::build(deals, is_won).sales(period)
}

/// Every won deal's lines with their share of its won amount, in date order: made once per
/// book, it gives any period's [`ProductSales`] by adding up one slice of it. After a write,
/// [`SalesIndex::patched`] takes out and puts in only the deals that changed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SalesIndex {
    /// Product ids, by the index the lines use, and each id's index (for a patch's new
    /// lines and for the stock figures).
    products: Vec<Id>,
    positions: HashMap<Id, u32>,
    /// Every won line, oldest first.
    lines: Vec<Line>,
    /// Won deals without quote lines: (won on, deal, amount in cents), oldest first.
    no_product: Vec<(chrono::NaiveDate, u32, i128)>,
    /// The won deals indexed, in the order given (by id, as the database gives them): each
    /// with its revision, the day its lines lie on and the number its lines carry.
    won: Vec<WonDeal>,
    /// Their ids, end to end (one buffer: no allocation per id, and a patched copy copies
    /// one block).
    won_ids: String,
    /// The number the next deal put in gets.
    next: u32,
    /// Whether `won` is in id order (the deals were given in id order): else it cannot be
    /// patched.
    in_id_order: bool,
}

/// One won quote line. Cents as integers: adding them up is what every period asks, and
/// integers add many times faster.
#[derive(Clone, Copy, Debug, PartialEq)]
struct Line {
    day: chrono::NaiveDate,
    product: u32,
    /// Which deal it is of ([`WonDeal::number`]).
    deal: u32,
    units: Decimal,
    cents: i128,
}

#[derive(Clone, Debug, PartialEq)]
struct WonDeal {
    /// Where its id lies in [`SalesIndex::won_ids`].
    id: (u32, u32),
    rev: u32,
    day: chrono::NaiveDate,
    number: u32,
}

/// At most this many changed deals are patched in; more (an import, a restore) are indexed
/// again from scratch, which is then quicker than moving the lines that many times.
const PATCH_AT_MOST: usize = 32;

impl SalesIndex {
    pub fn build<'d>(deals: &'d [Deal], is_won: impl Fn(&str) -> bool) -> SalesIndex {
        let mut index: HashMap<&'d str, u32> = HashMap::default();
        let mut out = SalesIndex { in_id_order: true, ..SalesIndex::default() };
        // Line totals of one deal in cents (a buffer reused across deals).
        let mut totals: Vec<i128> = Vec::new();
        // The lines in the deals' order (read in the order they lie in memory), then by day.
        let mut lines = Vec::new();
        let mut unlined = Vec::new();
        for d in deals.iter().filter(|d| is_won(&d.stage_id)) {
            let day = d.won_on();
            let number = out.won.len() as u32;
            if let Some(last) = out.won.last() {
                out.in_id_order &= out.won_id(last) < d.id.as_str();
            }
            let id = out.keep_id(&d.id);
            out.won.push(WonDeal { id, rev: d.rev, day, number });
            let mut add = |product: &'d Id, units: Decimal, cents: i128| {
                let product = product_index(&mut index, &mut out.products, product);
                lines.push(Line { day, product, deal: number, units, cents });
            };
            if !contribution(d, &mut totals, &mut add) {
                unlined.push((day, number, d.amount.in_cents()));
            }
        }
        out.next = out.won.len() as u32;
        out.positions = index.into_iter().map(|(id, i)| (id.to_string(), i)).collect();
        let by_day = |rows: &[(chrono::NaiveDate, u32, i128)]| day_order(&rows.iter().map(|r| r.0).collect::<Vec<_>>());
        out.no_product = by_day(&unlined).into_iter().map(|i| unlined[i as usize]).collect();
        let days: Vec<chrono::NaiveDate> = lines.iter().map(|l| l.day).collect();
        out.lines = day_order(&days).into_iter().map(|i| lines[i as usize]).collect();
        out
    }

    /// This index made the index of `deals` (in id order, as the database gives them) by
    /// taking out and putting in only the won deals that changed since it was made — told by
    /// their revision, which every write renews. `is_won` must say what it said when this
    /// index was made (the service builds afresh when a stage is written). Every period's
    /// sales and every product's demand are then those of [`SalesIndex::build`] on `deals`
    /// (the lines of one day may lie in another order). `None` when `deals` are not in id
    /// order or too many changed: build it.
    pub fn patched(&self, deals: &[Deal], is_won: impl Fn(&str) -> bool) -> Option<SalesIndex> {
        if !self.in_id_order {
            return None;
        }
        // The won deals no longer there or changed (by their place in `won`), and those to put in.
        let mut gone: Vec<usize> = Vec::new();
        let mut new: Vec<&Deal> = Vec::new();
        let mut at = 0;
        let mut previous: Option<&str> = None;
        for d in deals {
            if previous.is_some_and(|p| p >= d.id.as_str()) {
                return None;
            }
            previous = Some(&d.id);
            // The indexed won deals before this one are no longer there.
            let mut order = std::cmp::Ordering::Greater;
            while let Some(w) = self.won.get(at) {
                order = self.won_id(w).cmp(d.id.as_str());
                if order != std::cmp::Ordering::Less {
                    break;
                }
                gone.push(at);
                at += 1;
            }
            if at < self.won.len() && order == std::cmp::Ordering::Equal {
                // Indexed, at the same revision: the same deal, still won (the stages, which
                // say what is won, are the caller's to keep the same).
                if self.won[at].rev != d.rev {
                    gone.push(at);
                    if is_won(&d.stage_id) {
                        new.push(d);
                    }
                }
                at += 1;
            } else if is_won(&d.stage_id) {
                new.push(d);
            }
            if gone.len() + new.len() > PATCH_AT_MOST {
                return None;
            }
        }
        gone.extend(at..self.won.len());
        if gone.len() + new.len() > PATCH_AT_MOST {
            return None;
        }
        let mut out = self.clone();
        for &g in gone.iter().rev() {
            let w = out.won.remove(g);
            let (from, to) = day_range(&out.lines, |l| l.day, w.day);
            let kept: Vec<Line> = out.lines[from..to].iter().filter(|l| l.deal != w.number).copied().collect();
            out.lines.splice(from..to, kept);
            let (from, to) = day_range(&out.no_product, |n| n.0, w.day);
            if let Some(i) = out.no_product[from..to].iter().position(|n| n.1 == w.number) {
                out.no_product.remove(from + i);
            }
        }
        let mut totals = Vec::new();
        for d in new {
            let day = d.won_on();
            let number = out.next;
            out.next += 1;
            let place = out.won.partition_point(|w| out.won_id(w) < d.id.as_str());
            let id = out.keep_id(&d.id);
            out.won.insert(place, WonDeal { id, rev: d.rev, day, number });
            let mut put = Vec::new();
            let (products, positions) = (&mut out.products, &mut out.positions);
            let lined = contribution(d, &mut totals, &mut |product: &Id, units, cents| {
                let next = products.len() as u32;
                let product = *positions.entry(product.clone()).or_insert_with(|| {
                    products.push(product.clone());
                    next
                });
                put.push(Line { day, product, deal: number, units, cents });
            });
            let end = out.lines.partition_point(|l| l.day <= day);
            out.lines.splice(end..end, put);
            if !lined {
                let end = out.no_product.partition_point(|n| n.0 <= day);
                out.no_product.insert(end, (day, number, d.amount.in_cents()));
            }
        }
        Some(out)
    }

    fn won_id(&self, w: &WonDeal) -> &str {
        &self.won_ids[w.id.0 as usize..(w.id.0 + w.id.1) as usize]
    }

    /// Adds `id` to [`SalesIndex::won_ids`]; where it lies.
    fn keep_id(&mut self, id: &str) -> (u32, u32) {
        let at = self.won_ids.len() as u32;
        self.won_ids.push_str(id);
        (at, id.len() as u32)
    }

    /// The won lines of `period`, oldest first.
    fn lines_within(&self, period: Period) -> &[Line] {
        let from = self.lines.partition_point(|l| l.day < period.from);
        let to = self.lines.partition_point(|l| l.day <= period.to).max(from);
        &self.lines[from..to]
    }

    /// The day of the first sale indexed (where "all time" begins).
    pub fn first_day(&self) -> Option<chrono::NaiveDate> {
        [self.lines.first().map(|l| l.day), self.no_product.first().map(|n| n.0)].into_iter().flatten().min()
    }

    /// What the deals won within `period` sold, per product.
    pub fn sales(&self, period: Period) -> ProductSales {
        let lines = self.lines_within(period);
        let unlined = {
            let from = self.no_product.partition_point(|l| l.0 < period.from);
            let to = self.no_product.partition_point(|l| l.0 <= period.to).max(from);
            &self.no_product[from..to]
        };
        let mut sold: Vec<(Decimal, i128)> = vec![(Decimal::ZERO, 0); self.products.len()];
        let mut any = vec![false; self.products.len()];
        for l in lines {
            let s = &mut sold[l.product as usize];
            s.0 += l.units;
            s.1 += l.cents;
            any[l.product as usize] = true;
        }
        let no_product = Money::of_cents(unlined.iter().map(|n| n.2).sum());
        let per_product = self
            .products
            .iter()
            .zip(sold)
            .zip(any)
            .filter(|(_, seen)| *seen)
            .map(|((id, (units, cents)), _)| (id.clone(), Sold { units, revenue: Money::of_cents(cents) }))
            .collect();
        ProductSales { per_product, no_product }
    }
}

/// The first byte of [`SalesIndex::to_bytes`]: a changed layout gets a new one (the service
/// also keys what it keeps by the build, so an older layout is never read).
const BYTES_VERSION: u8 = 2;

impl SalesIndex {
    /// The index as bytes, to keep it in the database between visits: a reload then reads it
    /// back ([`SalesIndex::from_bytes`]) instead of reading and indexing every deal. Laid out
    /// column by column in fixed widths (little-endian), so reading it back is a pass over
    /// each column rather than number-by-number decoding: 29 bytes a won line.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer(Vec::with_capacity(64 + self.lines.len() * 29 + self.won_ids.len() + self.won.len() * 20 + self.products.len() * 16));
        w.0.push(BYTES_VERSION);
        w.u32(self.products.len() as u32);
        for p in &self.products {
            w.text(p);
        }
        w.text(&self.won_ids);
        let lines = &self.lines;
        w.u32(lines.len() as u32);
        w.days(lines.iter().map(|l| l.day));
        w.u32s(lines.iter().map(|l| l.product));
        w.u32s(lines.iter().map(|l| l.deal));
        w.decimals(lines.iter().map(|l| l.units));
        w.wide(lines.iter().map(|l| l.cents));
        let none = &self.no_product;
        w.u32(none.len() as u32);
        w.days(none.iter().map(|n| n.0));
        w.u32s(none.iter().map(|n| n.1));
        w.wide(none.iter().map(|n| n.2));
        let won = &self.won;
        w.u32(won.len() as u32);
        w.u32s(won.iter().map(|d| d.id.0));
        w.u32s(won.iter().map(|d| d.id.1));
        w.u32s(won.iter().map(|d| d.rev));
        w.days(won.iter().map(|d| d.day));
        w.u32s(won.iter().map(|d| d.number));
        w.u32(self.next);
        w.0.push(u8::from(self.in_id_order));
        w.0
    }

    /// The index [`SalesIndex::to_bytes`] wrote; `None` for anything else (then it is built
    /// afresh), never a panic: every product and deal number, day, scale and id's place is
    /// checked.
    pub fn from_bytes(bytes: &[u8]) -> Option<SalesIndex> {
        let mut r = Reader(bytes);
        if r.take(1)? != [BYTES_VERSION] {
            return None;
        }
        let mut out = SalesIndex::default();
        for _ in 0..r.u32()? {
            out.products.push(r.text()?.to_string());
        }
        out.won_ids = r.text()?.to_string();
        let n = r.u32()? as usize;
        let (days, products, deals) = (r.days(n)?, r.u32s(n)?, r.u32s(n)?);
        let (units, cents) = (r.decimals(n)?, r.wide(n)?);
        let count = out.products.len() as u32;
        out.lines.reserve_exact(n);
        for (i, ((day, product), deal)) in days.zip(products).zip(deals).enumerate() {
            if product >= count {
                return None;
            }
            out.lines.push(Line { day: day?, product, deal, units: units.get(i)?, cents: cents.get(i) });
        }
        let n = r.u32()? as usize;
        let (days, numbers, cents) = (r.days(n)?, r.u32s(n)?, r.wide(n)?);
        for (i, (day, number)) in days.zip(numbers).enumerate() {
            out.no_product.push((day?, number, cents.get(i)));
        }
        let n = r.u32()? as usize;
        let (starts, lengths, revs, days, numbers) = (r.u32s(n)?, r.u32s(n)?, r.u32s(n)?, r.days(n)?, r.u32s(n)?);
        for ((((start, length), rev), day), number) in starts.zip(lengths).zip(revs).zip(days).zip(numbers) {
            out.won_ids.get(start as usize..(start as usize).checked_add(length as usize)?)?;
            out.won.push(WonDeal { id: (start, length), rev, day: day?, number });
        }
        out.next = r.u32()?;
        out.in_id_order = match r.take(1)? {
            [0] => false,
            [1] => true,
            _ => return None,
        };
        // Every deal number is one of a won deal below `next`.
        let next = out.next;
        if !r.0.is_empty() || out.won.iter().any(|d| d.number >= next) || out.lines.iter().any(|l| l.deal >= next) || out.no_product.iter().any(|n| n.1 >= next) {
            return None;
        }
        out.positions = out.products.iter().enumerate().map(|(i, p)| (p.clone(), i as u32)).collect();
        (out.positions.len() == out.products.len()).then_some(out)
    }
}

/// Where the rows of `day` lie in `rows` (in day order).
fn day_range<T>(rows: &[T], day_of: impl Fn(&T) -> chrono::NaiveDate, day: chrono::NaiveDate) -> (usize, usize) {
    let from = rows.partition_point(|r| day_of(r) < day);
    (from, from + rows[from..].partition_point(|r| day_of(r) <= day))
}

/// A won deal's lines, each given to `add(product, units, its share of the won amount in
/// cents)`. False when the amount is no product's (no lines, or lines quoted at nothing —
/// those still sold their units, for no revenue). `totals` is a buffer.
fn contribution<'d>(d: &'d Deal, totals: &mut Vec<i128>, add: &mut impl FnMut(&'d Id, Decimal, i128)) -> bool {
    totals.clear();
    totals.extend(d.line_items.iter().map(LineItem::total_cents));
    let shared = crate::domain::pipeline::pro_rata(d.amount, totals, |i, share| {
        let line = &d.line_items[i];
        add(&line.product_id, line.quantity, share);
    });
    if !shared {
        for line in &d.line_items {
            add(&line.product_id, line.quantity, 0);
        }
    }
    shared
}

/// `id`'s index in `products`, added at the end when new.
fn product_index<'a>(index: &mut HashMap<&'a str, u32>, products: &mut Vec<Id>, id: &'a Id) -> u32 {
    let next = products.len() as u32;
    *index.entry(id.as_str()).or_insert_with(|| {
        products.push(id.clone());
        next
    })
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum AbcClass {
    A,
    B,
    C,
}

/// One product in the ABC table.
#[derive(Clone, Debug, PartialEq)]
pub struct AbcRow {
    pub product_id: Id,
    pub revenue: Money,
    /// Share of the total revenue, in percent.
    pub share: Decimal,
    /// Cumulative share up to and including this product, in percent.
    pub cumulative: Decimal,
    pub class: AbcClass,
}

/// ABC classification by revenue: ranked highest first (ties by id, so the order is stable);
/// a product is A while the share of those ranked above it is below `a_cut` % (the products
/// that make the first 80 %), B below `b_cut` %, else C. No revenue is always C.
pub fn abc(revenues: &[(Id, Money)], a_cut: Decimal, b_cut: Decimal) -> Vec<AbcRow> {
    let mut ranked: Vec<&(Id, Money)> = revenues.iter().collect();
    ranked.sort_by_shared(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
    let total: Money = ranked.iter().filter(|r| !r.1.is_negative()).map(|r| r.1).sum();
    let mut before = Decimal::ZERO;
    ranked
        .into_iter()
        .map(|(id, revenue)| {
            let share = if total == Money::ZERO || revenue.is_negative() { Decimal::ZERO } else { revenue.value() * Decimal::ONE_HUNDRED / total.value() };
            let class = match before {
                _ if share == Decimal::ZERO => AbcClass::C,
                b if b < a_cut => AbcClass::A,
                b if b < b_cut => AbcClass::B,
                _ => AbcClass::C,
            };
            before += share;
            AbcRow { product_id: id.clone(), revenue: *revenue, share: share.round_dp(2), cumulative: before.round_dp(2), class }
        })
        .collect()
}

/// Daily demand over a window: the mean and the (population) standard deviation of units per
/// day, days without a sale counted as zero.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Demand {
    pub mean: f64,
    pub std_dev: f64,
}

/// The demand of `daily` units (one entry per day with a sale) over a window of `days` days.
pub fn demand(daily: &[Decimal], days: u32) -> Option<Demand> {
    if days == 0 {
        return None;
    }
    let values: Vec<f64> = daily.iter().filter_map(|u| u.to_f64()).collect();
    let n = f64::from(days);
    // Folded from +0.0: an empty float sum is −0.0, which would print as "-0.00".
    let mean = values.iter().fold(0.0, |a, v| a + v) / n;
    let zeros = n - values.len() as f64;
    let variance = (values.iter().map(|v| (v - mean).powi(2)).sum::<f64>() + zeros * mean * mean) / n;
    Some(Demand { mean, std_dev: variance.sqrt() })
}

/// Why a stock figure cannot be computed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum NotComputed {
    /// No sales in the window.
    NoDemand,
    /// The product has no ordering cost.
    NoOrderingCost,
    /// The product has no holding cost.
    NoHoldingCost,
    /// The product has no lead time.
    NoLeadTime,
    /// No stock and no sales: nothing turns over.
    NoStock,
    /// Sales but no stock on hand over the period (none recorded, or sold to order): "0 days"
    /// would say nothing true.
    NoStockHeld,
}

/// EOQ 经济订货量 = √(2·D·S / H), D annual demand in units, S cost per order, H holding cost per
/// unit and year; in whole units, rounded.
pub fn eoq(annual_demand: f64, ordering_cost: Money, holding_cost: Money) -> Result<u64, NotComputed> {
    let s = ordering_cost.value().to_f64().filter(|s| *s > 0.0).ok_or(NotComputed::NoOrderingCost)?;
    let h = holding_cost.value().to_f64().filter(|h| *h > 0.0).ok_or(NotComputed::NoHoldingCost)?;
    if annual_demand <= 0.0 {
        return Err(NotComputed::NoDemand);
    }
    // An order is of one unit at least (a tiny demand against a dear holding cost rounds to 0).
    Ok(((2.0 * annual_demand * s / h).sqrt().round() as u64).max(1))
}

/// z for a service level (one-sided normal quantile): 90, 95, 98 and 99 %.
pub fn z_for(service_level_pct: u8) -> Option<f64> {
    match service_level_pct {
        90 => Some(1.2816),
        95 => Some(1.645),
        98 => Some(2.0537),
        99 => Some(2.3263),
        _ => None,
    }
}

/// Safety stock 安全库存 = z · σ(daily demand) · √(lead-time days), and the reorder point =
/// mean daily demand × lead time + safety stock; both rounded up to whole units.
pub fn safety_and_reorder(d: Demand, z: f64, lead_time_days: u32) -> Result<(u64, u64), NotComputed> {
    if lead_time_days == 0 {
        return Err(NotComputed::NoLeadTime);
    }
    if d.mean <= 0.0 {
        return Err(NotComputed::NoDemand);
    }
    let lead = f64::from(lead_time_days);
    let safety = z * d.std_dev * lead.sqrt();
    Ok((safety.ceil() as u64, (d.mean * lead + safety).ceil() as u64))
}

/// Turnover days 周转天数 = average stock / average daily units sold, to one decimal.
pub fn turnover_days(average_stock: f64, mean_daily_units: f64) -> Result<f64, NotComputed> {
    if mean_daily_units <= 0.0 {
        return Err(if average_stock > 0.0 { NotComputed::NoDemand } else { NotComputed::NoStock });
    }
    if average_stock <= 0.0 {
        return Err(NotComputed::NoStockHeld);
    }
    Ok((average_stock / mean_daily_units * 10.0).round() / 10.0)
}

/// Every product ranked A/B/C by its revenue in `period` (those without sales are C), with
/// the revenue of won deals that name no product; the default cut-offs are 80 % and 95 %.
pub fn abc_of_products(products: &[Product], deals: &[Deal], is_won: impl Fn(&str) -> bool, period: Period, a_cut: Decimal, b_cut: Decimal) -> (Vec<AbcRow>, Money) {
    abc_of_sales(products, &product_sales(deals, is_won, period), a_cut, b_cut)
}

/// [`abc_of_products`] from sales already summed.
pub fn abc_of_sales(products: &[Product], sales: &ProductSales, a_cut: Decimal, b_cut: Decimal) -> (Vec<AbcRow>, Money) {
    let revenues: Vec<(Id, Money)> = products.iter().map(|p| (p.id.clone(), sales.per_product.get(&p.id).map_or(Money::ZERO, |s| s.revenue))).collect();
    (abc(&revenues, a_cut, b_cut), sales.no_product)
}

/// One product's stock figures, from the units won deals sold over the trailing 365 days.
#[derive(Clone, Debug, PartialEq)]
pub struct StockFigures {
    pub product_id: Id,
    pub stock: i64,
    /// Mean units sold per day (0 without sales).
    pub mean_daily: f64,
    pub eoq: Result<u64, NotComputed>,
    /// (safety stock, reorder point).
    pub safety_reorder: Result<(u64, u64), NotComputed>,
    pub turnover_days: Result<f64, NotComputed>,
}

impl StockFigures {
    /// Stock at or below the reorder point: time to order.
    pub fn reorder_now(&self) -> bool {
        self.safety_reorder.as_ref().is_ok_and(|(_, rop)| self.stock <= *rop as i64)
    }
}

/// [`StockFigures`] for every product, demand from the won lines of `sales` in the 365 days
/// up to `today`, safety stock at the service level whose z is `z`; turnover from the average
/// stock of those days (from the stock points, else today's stock).
pub fn stock_figures(products: &[Product], sales: &SalesIndex, today: chrono::NaiveDate, z: f64, points: &[StockPoint]) -> Vec<StockFigures> {
    let window = Period { from: today - chrono::Duration::days(364), to: today };
    let averages = average_stocks(products, points, window);
    // Units per product and day: the window's lines are in date order, so a product's units
    // of one day follow its last day's entry.
    let mut daily: Vec<Vec<Decimal>> = vec![Vec::new(); sales.products.len()];
    let mut last_day: Vec<Option<chrono::NaiveDate>> = vec![None; sales.products.len()];
    for &Line { day, product, units, .. } in sales.lines_within(window) {
        let ix = product as usize;
        match daily[ix].last_mut() {
            Some(sum) if last_day[ix] == Some(day) => *sum += units,
            _ => {
                daily[ix].push(units);
                last_day[ix] = Some(day);
            }
        }
    }
    products
        .iter()
        .map(|p| {
            // Day by day, oldest first: each day's units are an exact sum, and the days are
            // added in one fixed order, so the figures never depend on the order of sale.
            let units: &[Decimal] = sales.positions.get(p.id.as_str()).map_or(&[], |&i| &daily[i as usize]);
            let d = demand(units, 365);
            let mean = d.map_or(0.0, |d| d.mean);
            StockFigures {
                product_id: p.id.clone(),
                stock: p.stock,
                mean_daily: mean,
                eoq: eoq(mean * 365.0, p.ordering_cost, p.holding_cost),
                safety_reorder: d.ok_or(NotComputed::NoDemand).and_then(|d| safety_and_reorder(d, z, p.lead_time_days)),
                turnover_days: turnover_days(averages.get(p.id.as_str()).copied().unwrap_or(p.stock.max(0) as f64), mean),
            }
        })
        .collect()
}

/// Each product's average stock over `period` from its stock points (products without a
/// known day in the period are left out: the caller falls back to the stock on hand).
pub fn average_stocks<'a>(products: &'a [Product], points: &[StockPoint], period: Period) -> BTreeMap<&'a str, f64> {
    let mut by_product: BTreeMap<&str, Vec<&StockPoint>> = BTreeMap::new();
    for p in points {
        by_product.entry(p.product_id.as_str()).or_default().push(p);
    }
    products
        .iter()
        .filter_map(|p| by_product.get(p.id.as_str()).and_then(|pts| average_stock(pts, period)).map(|a| (p.id.as_str(), a)))
        .collect()
}

/// One row of seed table 1: a category (rolled up to a level of the tree) with its revenue
/// in the period, growth against the period before, stock on hand and turnover days.
#[derive(Clone, Debug, PartialEq)]
pub struct CategoryRow {
    /// The category path down to the level asked for (shorter when a product's category is
    /// not that deep); empty for products without a category.
    pub path: Vec<String>,
    pub revenue: Money,
    /// Revenue of the period before; `None` when there is no period before ("all time").
    pub previous: Option<Money>,
    pub units: Decimal,
    pub stock: i64,
    pub turnover_days: Result<f64, NotComputed>,
}

/// Seed table 1 — 商品类别 | 销售额 | 增长率 | 库存量 | 周转天数 — with categories rolled up to
/// `level` (1 = the top of the tree). Highest revenue first. Stock is on hand now; turnover
/// days use the average stock over the period (`averages`, else the stock on hand) over units
/// sold per day of the period (`days` long).
pub fn category_table(products: &[Product], sales: &ProductSales, previous: Option<&ProductSales>, level: usize, days: i64, averages: &BTreeMap<&str, f64>) -> Vec<CategoryRow> {
    let mut rows: BTreeMap<Vec<String>, CategoryRow> = BTreeMap::new();
    let mut average: BTreeMap<Vec<String>, f64> = BTreeMap::new();
    for p in products {
        let path: Vec<String> = p.category.iter().filter(|c| !c.trim().is_empty()).take(level.max(1)).cloned().collect();
        let row = rows.entry(path.clone()).or_insert_with(|| CategoryRow {
            path,
            revenue: Money::ZERO,
            previous: previous.map(|_| Money::ZERO),
            units: Decimal::ZERO,
            stock: 0,
            turnover_days: Err(NotComputed::NoDemand),
        });
        if let Some(sold) = sales.per_product.get(&p.id) {
            row.revenue += sold.revenue;
            row.units += sold.units;
        }
        if let (Some(prev), Some(before)) = (row.previous.as_mut(), previous.and_then(|s| s.per_product.get(&p.id))) {
            *prev += before.revenue;
        }
        row.stock += p.stock.max(0);
        *average.entry(row.path.clone()).or_default() += averages.get(p.id.as_str()).copied().unwrap_or(p.stock.max(0) as f64);
    }
    let mut out: Vec<CategoryRow> = rows
        .into_values()
        .map(|mut r| {
            let per_day = r.units.to_string().parse::<f64>().unwrap_or(0.0) / days.max(1) as f64;
            r.turnover_days = turnover_days(average.get(&r.path).copied().unwrap_or(0.0), per_day);
            r
        })
        .collect();
    out.sort_by_shared(|a, b| b.revenue.cmp(&a.revenue).then_with(|| a.path.cmp(&b.path)));
    out
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    #[test]
    fn categories_roll_up_with_growth_and_turnover() {
        let products = [
            product("p1", &["办公设备", "打印机"], 30),
            product("p2", &["办公设备", "投影仪"], 10),
            product("p3", &["耗材"], 0),
            product("p4", &[], 5),
        ];
        let sold = |pairs: &[(&str, i64, i64)]| ProductSales {
            per_product: pairs.iter().map(|(id, units, rev)| (id.to_string(), Sold { units: Decimal::from(*units), revenue: money(*rev) })).collect(),
            no_product: Money::ZERO,
        };
        let now = sold(&[("p1", 20, 2_000), ("p2", 10, 1_000), ("p3", 5, 500)]);
        let before = sold(&[("p1", 10, 1_500), ("p3", 1, 0)]);
        let top = category_table(&products, &now, Some(&before), 1, 100, &BTreeMap::new());
        let got: Vec<(String, Money, Option<Money>, i64)> = top.iter().map(|r| (r.path.join("/"), r.revenue, r.previous, r.stock)).collect();
        assert_eq!(got, [
            ("办公设备".into(), money(3_000), Some(money(1_500)), 40),
            ("耗材".into(), money(500), Some(Money::ZERO), 0),
            ("".into(), Money::ZERO, Some(Money::ZERO), 5),
        ]);
        // 40 in stock, 30 units in 100 days: 0.3 a day → 133.3 days.
        assert_eq!(top[0].turnover_days, Ok(133.3));
        assert_eq!(top[1].turnover_days, Err(NotComputed::NoStockHeld), "sold without stock held: not \"0 days\"");
        assert_eq!(top[2].turnover_days, Err(NotComputed::NoDemand));
        assert_eq!(crate::domain::sales::growth(top[0].revenue, top[0].previous), Some(Decimal::ONE));
        assert_eq!(crate::domain::sales::growth(top[1].revenue, top[1].previous), None, "nothing the period before");
        let second = category_table(&products, &now, None, 2, 100, &BTreeMap::new());
        // With stock points, turnover uses the period's average stock: p1 held 70 on average.
        let averages: BTreeMap<&str, f64> = [("p1", 70.0)].into_iter().collect();
        let with_points = category_table(&products, &now, None, 1, 100, &averages);
        // (70 + 10) in stock on average, 30 units in 100 days: 266.7 days.
        assert_eq!(with_points[0].turnover_days, Ok(266.7));
        assert_eq!(with_points[0].stock, 40, "stock is still what is on hand");
        assert_eq!(second.iter().map(|r| r.path.join("/")).collect::<Vec<_>>(), ["办公设备/打印机", "办公设备/投影仪", "耗材", ""]);
        assert!(second.iter().all(|r| r.previous.is_none()));
        let total: Money = second.iter().map(|r| r.revenue).sum();
        assert_eq!(total, money(3_500));
    }
    use crate::domain::pipeline::{LineItem, StageChange};
    use chrono::{DateTime, Utc};

    pub(crate) fn product(id: &str, cat: &[&str], stock: i64) -> Product {
        let now = chrono::Utc::now();
        Product {
            id: id.into(),
            code: id.into(),
            name: id.into(),
            category: cat.iter().map(|c| c.to_string()).collect(),
            brand: String::new(),
            unit: String::new(),
            list_price: Money::ZERO,
            cost: Money::ZERO,
            stock,
            lead_time_days: 0,
            ordering_cost: Money::ZERO,
            holding_cost: Money::ZERO,
            status: crate::domain::products::ProductStatus::OnSale,
            created_at: now,
            updated_at: now,
            rev: 0,
        }
    }

    fn money(n: i64) -> Money {
        Money::from_int(n)
    }
    fn pct(n: i64) -> Decimal {
        Decimal::from(n)
    }

    #[test]
    fn abc_ranks_by_revenue_with_ties_and_zero_revenue() {
        // 50 / 30 / 10 / 5 / 5 / 0 of 100.
        let rows = abc(
            &[("e".into(), money(5)), ("a".into(), money(50)), ("c".into(), money(10)), ("b".into(), money(30)), ("d".into(), money(5)), ("z".into(), money(0))],
            pct(80),
            pct(95),
        );
        let classes: Vec<(&str, AbcClass)> = rows.iter().map(|r| (r.product_id.as_str(), r.class)).collect();
        // a (0 before) A, b (50 before) A, c (80 before) B, d (90 before) B, e (95 before) C; z no revenue C.
        assert_eq!(classes, [("a", AbcClass::A), ("b", AbcClass::A), ("c", AbcClass::B), ("d", AbcClass::B), ("e", AbcClass::C), ("z", AbcClass::C)]);
        assert_eq!((rows[1].share, rows[1].cumulative), (pct(30), pct(80)));
        assert_eq!(rows.last().unwrap().cumulative, pct(100));
        // One product with everything is A; nothing sold is all C.
        assert_eq!(abc(&[("a".into(), money(9))], pct(80), pct(95))[0].class, AbcClass::A);
        assert!(abc(&[("a".into(), money(0)), ("b".into(), money(0))], pct(80), pct(95)).iter().all(|r| r.class == AbcClass::C));
        // Cut-offs are editable: at 50 / 90, b is B.
        assert_eq!(abc(&[("a".into(), money(50)), ("b".into(), money(30)), ("c".into(), money(20))], pct(50), pct(90))[1].class, AbcClass::B);
    }

    fn won(id: &str, amount: i64, lines: Vec<LineItem>, on: &str) -> Deal {
        let at: DateTime<Utc> = format!("{on}T10:00:00Z").parse().unwrap();
        let mut d = Deal::blank(id.into(), "won", at);
        d.amount = money(amount);
        d.line_items = lines;
        d.stage_history = vec![StageChange { stage_id: "open".into(), at }, StageChange { stage_id: "won".into(), at }];
        d
    }
    fn line(product: &str, qty: i64, price: i64) -> LineItem {
        LineItem { product_id: product.into(), quantity: Decimal::from(qty), unit_price: money(price), discount_pct: Decimal::ZERO, discount_reason: String::new() }
    }

    /// A random won, lost or open deal on one of 60 days, with 0–3 lines of 8 products.
    fn random_deal(rng: &mut crate::domain::rng::Rng, id: String) -> Deal {
        let day = chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(rng.below(60) as i64);
        let lines: Vec<LineItem> = (0..rng.below(4))
            .map(|_| LineItem { discount_pct: Decimal::from(rng.range(0, 3) * 5), ..line(&format!("p{}", rng.below(8)), rng.range(1, 9), rng.range(0, 50)) })
            .collect();
        let quoted: Money = lines.iter().map(LineItem::total).sum();
        // Won at the quote, above or below it, or with no quote at all.
        let amount = match rng.below(3) {
            0 => quoted,
            1 => money(rng.range(0, 500)),
            _ => Money::new(quoted.value() * Decimal::new(rng.range(50, 150), 2)),
        };
        let mut d = won(&id, 0, lines, &day.to_string());
        d.amount = amount;
        d.stage_id = ["won", "won", "lost", "open"][rng.below(4)].into();
        d.rev = rng.next() as u32;
        d
    }

    /// After random writes (won, lost, reopened, lines and amounts changed, deleted, added),
    /// the patched index gives every period's sales and every product's stock figures as an
    /// index built afresh does.
    #[test]
    fn a_patched_index_agrees_with_one_built_afresh_after_random_writes() {
        let mut rng = crate::domain::rng::Rng(7);
        let is_won = |id: &str| id == "won";
        let mut deals: Vec<Deal> = (0..300).map(|i| random_deal(&mut rng, format!("d{i:04}"))).collect();
        let mut index = SalesIndex::build(&deals, is_won);
        let products: Vec<Product> = (0..9).map(|i| product(&format!("p{i}"), &[], 10)).collect();
        let today: chrono::NaiveDate = "2026-03-15".parse().unwrap();
        let mut patched_rounds = 0;
        for round in 0..300 {
            for _ in 0..1 + rng.below(if round % 50 == 49 { 40 } else { 3 }) {
                let at = rng.below(deals.len());
                match rng.below(5) {
                    // Written again: a new deal in its place, same id.
                    0 | 1 => {
                        let id = deals[at].id.clone();
                        deals[at] = random_deal(&mut rng, id);
                    }
                    // Moved to another stage on another day.
                    2 => {
                        let d = &mut deals[at];
                        d.stage_id = if d.stage_id == "won" { "lost".into() } else { "won".into() };
                        let on = d.stage_history[0].at + chrono::Duration::days(rng.below(30) as i64);
                        d.stage_history.push(StageChange { stage_id: d.stage_id.clone(), at: on });
                        d.rev = rng.next() as u32;
                    }
                    3 => {
                        deals.remove(at);
                    }
                    _ => {
                        let id = format!("d{:04}", rng.below(10_000));
                        if let Err(place) = deals.binary_search_by(|d| d.id.cmp(&id)) {
                            deals.insert(place, random_deal(&mut rng, id));
                        }
                    }
                }
            }
            let fresh = SalesIndex::build(&deals, is_won);
            index = match index.patched(&deals, is_won) {
                Some(p) => {
                    patched_rounds += 1;
                    p
                }
                None => fresh.clone(),
            };
            for (from, to) in [(0, 59), (0, 0), (10, 20), (59, 59), (30, 90)] {
                let day = |n: i64| chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap() + chrono::Duration::days(n);
                let period = Period { from: day(from), to: day(to) };
                assert_eq!(index.sales(period), fresh.sales(period), "round {round}, days {from}–{to}");
            }
            assert_eq!(stock_figures(&products, &index, today, 1.645, &[]), stock_figures(&products, &fresh, today, 1.645, &[]), "round {round}");
        }
        assert!(patched_rounds > 250, "most rounds were patched ({patched_rounds})");
    }

    /// Kept as bytes and read back (after a reload), an index is the same index — built or
    /// patched, with removed deals' ids left in its buffer — and patches on as the original;
    /// bytes cut short, of another version, or damaged anywhere give `None` or an index, never
    /// a panic.
    #[test]
    fn an_index_read_back_from_its_bytes_is_the_same_index() {
        let mut rng = crate::domain::rng::Rng(23);
        let is_won = |id: &str| id == "won";
        let mut deals: Vec<Deal> = (0..200).map(|i| random_deal(&mut rng, format!("d{i:04}"))).collect();
        // A few with no lines (no product), one with a fractional quantity, one on a day BCE.
        deals[0].line_items.clear();
        deals[1].line_items.clear();
        deals[0].stage_id = "won".into();
        deals[2].stage_id = "won".into();
        deals[2].line_items[0].quantity = Decimal::new(12_345, 3);
        deals[3].stage_id = "won".into();
        deals[3].stage_history.push(StageChange { stage_id: "won".into(), at: "-0044-03-15T12:00:00Z".parse().unwrap() });
        let built = SalesIndex::build(&deals, is_won);
        assert_eq!(SalesIndex::from_bytes(&built.to_bytes()), Some(built.clone()));
        assert_eq!(SalesIndex::from_bytes(&SalesIndex::default().to_bytes()), Some(SalesIndex::default()));
        // Patched: deals gone and changed leave gaps in the numbers and the ids' buffer.
        deals.remove(10);
        deals[20] = random_deal(&mut rng, deals[20].id.clone());
        deals[30].stage_id = if deals[30].stage_id == "won" { "lost".into() } else { "won".into() };
        deals[30].rev += 1;
        let patched = built.patched(&deals, is_won).expect("patched");
        let bytes = patched.to_bytes();
        let back = SalesIndex::from_bytes(&bytes).expect("read back");
        assert_eq!(back, patched);
        deals[40].rev += 1;
        deals[40].stage_id = "won".into();
        assert_eq!(back.patched(&deals, is_won), patched.patched(&deals, is_won));
        assert!(bytes.len() <= 64 + 29 * patched.lines.len() + patched.won_ids.len() + 20 * patched.won.len() + 16 * patched.no_product.len() + 12 * patched.products.len(), "{} bytes", bytes.len());
        // Figures past 64 bits (a quantity of 10^22, cents past 2^63) go in wide columns.
        let mut huge = patched.clone();
        huge.lines[0].units = Decimal::from_i128_with_scale(10i128.pow(25), 3);
        huge.lines[1].cents = i128::from(i64::MAX) * 1000;
        huge.no_product[0].2 = -i128::from(i64::MAX) * 7;
        assert_eq!(SalesIndex::from_bytes(&huge.to_bytes()), Some(huge));
        // Damaged.
        for cut in 0..bytes.len() {
            assert_eq!(SalesIndex::from_bytes(&bytes[..cut]), None, "cut at {cut}");
        }
        let mut other = bytes.clone();
        other[0] = BYTES_VERSION + 1;
        assert_eq!(SalesIndex::from_bytes(&other), None);
        let mut longer = bytes.clone();
        longer.push(0);
        assert_eq!(SalesIndex::from_bytes(&longer), None);
        let period = Period { from: chrono::NaiveDate::MIN, to: chrono::NaiveDate::MAX };
        for _ in 0..3000 {
            let mut bad = bytes.clone();
            let at = rng.below(bad.len());
            bad[at] = rng.next() as u8;
            if let Some(index) = SalesIndex::from_bytes(&bad) {
                let _ = (index.sales(period), index.patched(&deals, is_won));
            }
        }
    }

    #[test]
    fn an_index_is_not_patched_from_deals_out_of_id_order_nor_past_many_changes() {
        let mut rng = crate::domain::rng::Rng(11);
        let is_won = |id: &str| id == "won";
        let mut deals: Vec<Deal> = (0..100).map(|i| Deal { stage_id: "won".into(), ..random_deal(&mut rng, format!("d{i:04}")) }).collect();
        let index = SalesIndex::build(&deals, is_won);
        assert!(index.patched(&deals, is_won).is_some(), "nothing changed");
        deals.swap(3, 4);
        assert!(index.patched(&deals, is_won).is_none(), "not in id order");
        assert!(SalesIndex::build(&deals, is_won).patched(&deals, is_won).is_none(), "built from deals out of order");
        deals.swap(3, 4);
        for d in deals.iter_mut().take(PATCH_AT_MOST + 1) {
            d.rev = d.rev.wrapping_add(1);
        }
        assert!(index.patched(&deals, is_won).is_none(), "too many changed");
    }

    #[test]
    fn revenue_per_product_shares_the_won_amount_pro_rata() {
        let period = Period { from: "2026-01-01".parse().unwrap(), to: "2026-12-31".parse().unwrap() };
        let deals = vec![
            // Quoted 300 (100 + 200), won at 200: shared 1/3 : 2/3.
            won("d1", 200, vec![line("p1", 1, 100), line("p2", 2, 100)], "2026-03-01"),
            // Won at 100 over three equal lines: 33.33 + 33.33 + the remaining 33.34.
            won("d2", 100, vec![line("p1", 1, 10), line("p3", 1, 10), line("p2", 1, 10)], "2026-04-01"),
            // No lines: no product.
            won("d3", 70, vec![], "2026-05-01"),
            // Won last year: not in the period.
            won("d4", 999, vec![line("p1", 1, 999)], "2025-12-31"),
        ];
        let mut lost = won("d5", 500, vec![line("p1", 5, 100)], "2026-06-01");
        lost.stage_id = "lost".into();
        let mut all = deals;
        all.push(lost);
        let s = product_sales(&all, |id| id == "won", period);
        assert_eq!(s.per_product["p1"], Sold { units: Decimal::from(2), revenue: Money::parse("100.00").unwrap() });
        assert_eq!(s.per_product["p1"].revenue, Money::parse("66.67").unwrap() + Money::parse("33.33").unwrap());
        assert_eq!(s.per_product["p2"].revenue, Money::parse("133.33").unwrap() + Money::parse("33.34").unwrap());
        assert_eq!(s.per_product["p3"].revenue, Money::parse("33.33").unwrap());
        assert_eq!(s.no_product, money(70));
        let total: Money = s.per_product.values().map(|p| p.revenue).sum::<Money>() + s.no_product;
        assert_eq!(total, money(370), "every won yuan counted once");
    }

    #[test]
    fn stock_demand_adds_up_each_days_won_units_of_the_trailing_year() {
        let today: chrono::NaiveDate = "2026-11-25".parse().unwrap();
        let mut lost = won("lost", 100, vec![line("p1", 100, 1)], "2026-11-01");
        lost.stage_id = "lost".into();
        let deals = vec![
            // One day: 3 + 2 on one deal and 1 on another make 6.
            won("d1", 50, vec![line("p1", 3, 10), line("p1", 2, 10)], "2026-11-01"),
            won("d2", 10, vec![line("p1", 1, 10)], "2026-11-01"),
            // Quoted at nothing (free samples): units still left the shelf.
            won("d3", 0, vec![line("p1", 4, 0)], "2026-11-10"),
            // Before the trailing 365 days, and lost: not demand.
            won("d4", 10, vec![line("p1", 50, 1)], "2025-11-25"),
            lost,
        ];
        let products = [product("p1", &[], 10), product("p2", &[], 10)];
        let index = SalesIndex::build(&deals, |id| id == "won");
        let figures = stock_figures(&products, &index, today, 1.645, &[]);
        // 6 + 4 units over 365 days.
        assert!((figures[0].mean_daily * 365.0 - 10.0).abs() < 1e-9, "{}", figures[0].mean_daily);
        let expected = demand(&[Decimal::from(4), Decimal::from(6)], 365).unwrap();
        assert_eq!(figures[0].mean_daily, expected.mean);
        assert_eq!(figures[1].mean_daily, 0.0);
        assert_eq!(figures[1].turnover_days, Err(NotComputed::NoDemand));
        // The free deal's amount (nothing) is "no product"; its units count for p1 at no revenue.
        let year = index.sales(Period { from: "2026-01-01".parse().unwrap(), to: today });
        assert_eq!(year.per_product["p1"], Sold { units: Decimal::from(10), revenue: money(60) });
        // All time begins with the first sale (the lost deal is none).
        assert_eq!(index.first_day(), "2025-11-25".parse().ok());
        assert_eq!(SalesIndex::build(&[], |_| true).first_day(), None);
    }

    #[test]
    fn stock_maths_with_hand_computed_vectors() {
        // D = 1,200 units a year, S = ¥50 an order, H = ¥3 a unit-year: √(2·1200·50/3) = 200.
        assert_eq!(eoq(1200.0, money(50), money(3)), Ok(200));
        assert_eq!(eoq(1200.0, Money::ZERO, money(3)), Err(NotComputed::NoOrderingCost));
        assert_eq!(eoq(1200.0, money(50), Money::ZERO), Err(NotComputed::NoHoldingCost));
        assert_eq!(eoq(0.0, money(50), money(3)), Err(NotComputed::NoDemand));
        // √(2 · 0.1 · 1 / 100) ≈ 0.04: still one unit per order.
        assert_eq!(eoq(0.1, money(1), money(100)), Ok(1));
        // Sales of 2, 4 and 6 units on three days of a 4-day window: mean 3, σ = √5.
        let d = demand(&[Decimal::from(2), Decimal::from(4), Decimal::from(6)], 4).unwrap();
        assert!((d.mean - 3.0).abs() < 1e-9 && (d.std_dev - 5f64.sqrt()).abs() < 1e-9);
        // 95 %: z 1.645 · √5 · √9 = 11.03… → 12; reorder point 3 · 9 + 11.03… = 38.03… → 39.
        assert_eq!(safety_and_reorder(d, z_for(95).unwrap(), 9), Ok((12, 39)));
        assert_eq!(safety_and_reorder(d, 1.645, 0), Err(NotComputed::NoLeadTime));
        assert_eq!(safety_and_reorder(demand(&[], 30).unwrap(), 1.645, 7), Err(NotComputed::NoDemand));
        assert_eq!(z_for(97), None);
        // 120 units on average, 4 sold a day: 30 days.
        assert_eq!(turnover_days(120.0, 4.0), Ok(30.0));
        assert_eq!(turnover_days(120.0, 0.0), Err(NotComputed::NoDemand));
        assert_eq!(turnover_days(0.0, 0.0), Err(NotComputed::NoStock));
        assert_eq!(turnover_days(0.0, 4.0), Err(NotComputed::NoStockHeld));
        assert_eq!(demand(&[], 0), None);
        let none = demand(&[], 365).unwrap();
        assert_eq!(format!("{:.2}", none.mean), "0.00");
    }
}
