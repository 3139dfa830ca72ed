//! Sales targets 销售目标 per month, quarter or year.

use crate::domain::money::Money;
use crate::domain::validation::{Checker, FieldProblem};
use crate::domain::Id;
use crate::domain::customers::grading::Purchase;
use crate::domain::pipeline::{Deal, Stage, StageKind};
use chrono::{DateTime, Datelike, Months, NaiveDate, Utc};
use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};
use rustc_hash::FxHashMap as HashMap;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Period {
    Month { year: i32, month: u32 },
    Quarter { year: i32, quarter: u32 },
    Year { year: i32 },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SalesTarget {
    pub id: Id,
    pub period: Period,
    pub revenue: Money,
    #[serde(default)]
    pub new_customers: u32,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
    pub created_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
    pub updated_at: DateTime<Utc>,
    /// Changes with every write: a save that expected another revision is refused (see `Service::write`). 0 until first stored.
    #[serde(default)]
    pub rev: u32,
}

impl SalesTarget {
    pub fn validate(&self) -> Vec<FieldProblem> {
        let mut c = Checker::new();
        c.money("revenue", self.revenue);
        match self.period {
            Period::Month { year, month } => {
                c.range("period.year", i64::from(year), 1900, 2200);
                c.range("period.month", i64::from(month), 1, 12);
            }
            Period::Quarter { year, quarter } => {
                c.range("period.year", i64::from(year), 1900, 2200);
                c.range("period.quarter", i64::from(quarter), 1, 4);
            }
            Period::Year { year } => {
                c.range("period.year", i64::from(year), 1900, 2200);
            }
        }
        c.finish()
    }
}

impl Period {
    /// The calendar days of the period.
    pub fn span(self) -> crate::domain::period::Period {
        let (from, to) = match self {
            Period::Month { year, month } => (ymd(year, month, 1), end_of_month(year, month)),
            Period::Quarter { year, quarter } => (ymd(year, quarter * 3 - 2, 1), end_of_month(year, quarter * 3)),
            Period::Year { year } => (ymd(year, 1, 1), ymd(year, 12, 31)),
        };
        crate::domain::period::Period { from, to }
    }

    /// The month, quarter and year that hold `day`.
    pub fn around(day: NaiveDate) -> [Period; 3] {
        let (year, month) = (day.year(), day.month());
        [Period::Month { year, month }, Period::Quarter { year, quarter: (month - 1) / 3 + 1 }, Period::Year { year }]
    }

    /// The stable id of the target record of this period (one record per period).
    pub fn target_id(self) -> Id {
        match self {
            Period::Month { year, month } => format!("tgt-{year}-m{month:02}"),
            Period::Quarter { year, quarter } => format!("tgt-{year}-q{quarter}"),
            Period::Year { year } => format!("tgt-{year}"),
        }
    }
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year.clamp(1, 9999), month.clamp(1, 12), day).unwrap_or(NaiveDate::MIN)
}

fn end_of_month(year: i32, month: u32) -> NaiveDate {
    let first = ymd(year, month, 1);
    first.checked_add_months(Months::new(1)).and_then(|d| d.pred_opt()).unwrap_or(first)
}

/// How a year's target is spread over its months.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Split {
    /// The same each month.
    Even,
    /// In proportion to last year's revenue per month (evenly when last year had none).
    Seasonal,
    /// Typed per month; the year is their sum.
    Typed,
}

impl Split {
    pub const ALL: [Split; 3] = [Split::Even, Split::Seasonal, Split::Typed];
}

/// Shares `total` over twelve months in proportion to `weights` (evenly when they are all
/// zero): each month rounded down to the cent, the remainder on the last month, so the months
/// always add up to the year exactly.
pub fn split_money(total: Money, weights: &[Decimal; 12]) -> [Money; 12] {
    let w = weights.map(|w| w.max(Decimal::ZERO));
    let sum: Decimal = w.iter().copied().sum();
    // Multiplied before dividing, so 1,200,000 / 12 is 100,000.00 and not 99,999.99.
    let part = |wm: Decimal| if sum.is_zero() { total.value() / Decimal::from(12) } else { total.value() * wm / sum };
    let mut out = [Money::ZERO; 12];
    let mut given = Money::ZERO;
    for (m, wm) in w.iter().enumerate().take(11) {
        out[m] = Money::new(part(*wm).round_dp_with_strategy(2, RoundingStrategy::ToZero));
        given += out[m];
    }
    out[11] = total - given;
    out
}

/// Shares a count (new customers) over twelve months in proportion to `weights`: whole
/// numbers, rounded on the running total so they spread over the year (10 a year is not nine
/// months of 0 and a December of 10) and add up to `total` exactly.
pub fn split_count(total: u32, weights: &[Decimal; 12]) -> [u32; 12] {
    let w = weights.map(|w| w.max(Decimal::ZERO));
    let sum: Decimal = w.iter().copied().sum();
    let mut out = [0u32; 12];
    let (mut running, mut given) = (Decimal::ZERO, 0u32);
    for (m, wm) in w.iter().enumerate() {
        running += if sum.is_zero() { Decimal::ONE } else { *wm };
        let whole = if sum.is_zero() { Decimal::from(12) } else { sum };
        let upto = if m == 11 { total } else {
            u32::try_from((Decimal::from(total) * running / whole).round().mantissa()).unwrap_or(0).min(total)
        };
        out[m] = upto.saturating_sub(given);
        given = given.max(upto);
    }
    out
}

/// Equal weights.
pub const EVEN: [Decimal; 12] = [Decimal::ONE; 12];

/// Weights from last year's revenue per month.
pub fn seasonal(last_year: &[Money; 12]) -> [Decimal; 12] {
    last_year.map(Money::value)
}

/// A year's targets: revenue and new customers for each month. Quarters and the year are
/// always the sums of their months.
#[derive(Clone, Debug, PartialEq)]
pub struct YearPlan {
    pub year: i32,
    pub revenue: [Money; 12],
    pub new_customers: [u32; 12],
}

impl YearPlan {
    pub fn split(year: i32, revenue: Money, new_customers: u32, weights: &[Decimal; 12]) -> YearPlan {
        YearPlan { year, revenue: split_money(revenue, weights), new_customers: split_count(new_customers, weights) }
    }

    pub fn revenue_of(&self, months: std::ops::RangeInclusive<u32>) -> Money {
        months.filter_map(|m| self.revenue.get(m as usize - 1)).copied().sum()
    }

    pub fn customers_of(&self, months: std::ops::RangeInclusive<u32>) -> u32 {
        months.filter_map(|m| self.new_customers.get(m as usize - 1)).sum()
    }

    /// The plan as target records: twelve months, four quarters and the year, each at its
    /// stable id, keeping the creation time and revision of the record it replaces.
    pub fn records(&self, stored: &[SalesTarget], now: DateTime<Utc>) -> Vec<SalesTarget> {
        let y = self.year;
        let months = (1..=12).map(|m| (Period::Month { year: y, month: m }, m..=m));
        let quarters = (1..=4).map(|q| (Period::Quarter { year: y, quarter: q }, q * 3 - 2..=q * 3));
        months
            .chain(quarters)
            .chain(std::iter::once((Period::Year { year: y }, 1..=12)))
            .map(|(period, range)| {
                let id = period.target_id();
                let old = stored.iter().find(|t| t.id == id || t.period == period);
                SalesTarget {
                    id: old.map_or(id, |o| o.id.clone()),
                    period,
                    revenue: self.revenue_of(range.clone()),
                    new_customers: self.customers_of(range),
                    created_at: old.map_or(now, |o| o.created_at),
                    updated_at: now,
                    rev: old.map_or(0, |o| o.rev),
                }
            })
            .collect()
    }

    /// The plan stored for `year`: from its month targets when all twelve are there, else its
    /// year target split evenly; `None` when neither is stored.
    pub fn stored(targets: &[SalesTarget], year: i32) -> Option<YearPlan> {
        let month = |m: u32| targets.iter().find(|t| t.period == Period::Month { year, month: m });
        if let Some(months) = (1..=12).map(month).collect::<Option<Vec<_>>>() {
            return Some(YearPlan {
                year,
                revenue: std::array::from_fn(|i| months[i].revenue),
                new_customers: std::array::from_fn(|i| months[i].new_customers),
            });
        }
        let whole = targets.iter().find(|t| t.period == Period::Year { year })?;
        Some(YearPlan::split(year, whole.revenue, whole.new_customers, &EVEN))
    }
}

/// The target of one period: its own record, else the sum of its months' records when all
/// are stored.
pub fn target_for(targets: &[SalesTarget], period: Period) -> Option<(Money, u32)> {
    if let Some(t) = targets.iter().find(|t| t.period == period) {
        return Some((t.revenue, t.new_customers));
    }
    let (year, months) = match period {
        Period::Month { .. } => return None,
        Period::Quarter { year, quarter } => (year, quarter * 3 - 2..=quarter * 3),
        Period::Year { year } => (year, 1..=12),
    };
    let found: Option<Vec<(Money, u32)>> = months.map(|month| target_for(targets, Period::Month { year, month })).collect();
    found.map(|v| v.into_iter().fold((Money::ZERO, 0), |(m, n), (a, b)| (m + a, n + b)))
}

/// Revenue per month of `year`: purchases (won deals on the day they were won, signed
/// contracts without a deal on their sign date), each counted once.
pub fn monthly_revenue(purchases: &[Purchase], year: i32) -> [Money; 12] {
    let mut out = [Money::ZERO; 12];
    for p in purchases.iter().filter(|p| p.date.year() == year) {
        out[p.date.month0() as usize] += p.amount;
    }
    out
}

/// Each customer's first purchase date.
pub fn first_purchases(purchases: &[Purchase]) -> rustc_hash::FxHashMap<&str, NaiveDate> {
    let mut first: rustc_hash::FxHashMap<&str, NaiveDate> = Default::default();
    for p in purchases.iter().filter(|p| !p.customer_id.is_empty()) {
        first.entry(p.customer_id.as_str()).and_modify(|d| *d = (*d).min(p.date)).or_insert(p.date);
    }
    first
}

/// New customers per month of `year`: customers whose first purchase falls in that month.
pub fn monthly_new_customers(purchases: &[Purchase], year: i32) -> [u32; 12] {
    let mut out = [0u32; 12];
    for d in first_purchases(purchases).values().filter(|d| d.year() == year) {
        out[d.month0() as usize] += 1;
    }
    out
}

/// Each open deal's expected close date and weighted amount (amount × win probability), what
/// a projection adds to revenue won.
pub fn open_pipeline(deals: &[Deal], stages: &[Stage]) -> Vec<(Option<NaiveDate>, Money)> {
    let open: HashMap<&str, &Stage> = stages.iter().filter(|s| s.kind == StageKind::Open).map(|s| (s.id.as_str(), s)).collect();
    deals.iter().filter_map(|d| open.get(d.stage_id.as_str()).map(|s| (d.expected_close, d.weighted_in(s)))).collect()
}

/// How one period stands against its target.
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Progress {
    pub period: Period,
    pub target: Money,
    /// Revenue of the period so far.
    pub actual: Money,
    /// `actual` plus the weighted amount of open deals expected to close within the period.
    pub projected: Money,
    pub new_customers_target: u32,
    pub new_customers: u32,
}

impl Progress {
    /// 达成率 = actual / target; `None` without a target.
    pub fn achievement(&self) -> Option<Decimal> {
        (self.target.value() > Decimal::ZERO).then(|| self.actual.value() / self.target.value())
    }

    /// projected / target.
    pub fn projected_share(&self) -> Option<Decimal> {
        (self.target.value() > Decimal::ZERO).then(|| self.projected.value() / self.target.value())
    }

    /// What is still missing to reach the target (zero once reached).
    pub fn gap(&self) -> Money {
        (self.target - self.actual).max(Money::ZERO)
    }
}

/// The month, quarter and year around `today` against their targets (periods without a
/// target are left out). `open` is each open deal's expected close date and weighted amount.
pub fn progress(targets: &[SalesTarget], purchases: &[Purchase], open: &[(Option<NaiveDate>, Money)], today: NaiveDate) -> Vec<Progress> {
    let first = first_purchases(purchases);
    Period::around(today)
        .into_iter()
        .filter_map(|period| {
            let (target, new_customers_target) = target_for(targets, period)?;
            let span = period.span();
            let actual: Money = crate::domain::sales::within(purchases, span).map(|p| p.amount).sum();
            let pipeline: Money = open.iter().filter(|(close, _)| close.is_some_and(|c| span.contains(c))).map(|(_, w)| *w).sum();
            let new_customers = first.values().filter(|d| span.contains(**d)).count() as u32;
            Some(Progress { period, target, actual, projected: actual + pipeline, new_customers_target, new_customers })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn m(s: &str) -> Money {
        Money::parse(s).unwrap()
    }

    fn sold(customer: &str, date: &str, amount: i64) -> Purchase {
        Purchase { customer_id: customer.into(), date: d(date), amount: Money::from_int(amount) }
    }

    #[test]
    fn an_even_split_rounds_down_and_gives_the_remainder_to_december() {
        let months = split_money(m("1000.00"), &EVEN);
        assert_eq!(&months[..11], &[m("83.33"); 11]);
        assert_eq!(months[11], m("83.37"));
        assert_eq!(months.iter().copied().sum::<Money>(), m("1000.00"));
        let odd = split_money(m("1234567.89"), &EVEN);
        assert_eq!(odd.iter().copied().sum::<Money>(), m("1234567.89"));
        assert_eq!(split_money(Money::ZERO, &EVEN), [Money::ZERO; 12]);
    }

    #[test]
    fn a_seasonal_split_follows_last_year_and_still_adds_up() {
        // Last year: 1, 2 and 1 parts in Jan, Feb, Mar; nothing after (December is empty).
        let mut last = [Money::ZERO; 12];
        last[0] = m("100");
        last[1] = m("200");
        last[2] = m("100");
        let months = split_money(m("1000.01"), &seasonal(&last));
        assert_eq!(months[0], m("250.00"));
        assert_eq!(months[1], m("500.00"));
        assert_eq!(months[2], m("250.00"));
        assert!(months[3..11].iter().all(|x| *x == Money::ZERO));
        assert_eq!(months[11], m("0.01"), "the cent rounding left goes to December, never negative");
        assert_eq!(months.iter().copied().sum::<Money>(), m("1000.01"));
        // A year without sales is spread evenly.
        assert_eq!(split_money(m("1200"), &seasonal(&[Money::ZERO; 12])), [m("100"); 12]);
    }

    #[test]
    fn counts_spread_over_the_year_and_add_up() {
        assert_eq!(split_count(36, &EVEN), [3; 12]);
        let ten = split_count(10, &EVEN);
        assert_eq!(ten.iter().sum::<u32>(), 10);
        assert!(ten.iter().all(|n| *n <= 1), "{ten:?}");
        assert_eq!(split_count(0, &EVEN), [0; 12]);
        let mut w = [Decimal::ZERO; 12];
        w[5] = Decimal::ONE;
        assert_eq!(split_count(7, &w)[5], 7);
        assert_eq!(split_count(7, &w).iter().sum::<u32>(), 7);
    }

    #[test]
    fn plan_records_are_months_quarters_and_year_that_add_up() {
        let plan = YearPlan::split(2026, m("1000.00"), 10, &EVEN);
        let now = Utc::now();
        let records = plan.records(&[], now);
        assert_eq!(records.len(), 17);
        let of = |p: Period| records.iter().find(|t| t.period == p).unwrap();
        assert_eq!(of(Period::Year { year: 2026 }).revenue, m("1000.00"));
        assert_eq!(of(Period::Quarter { year: 2026, quarter: 1 }).revenue, m("249.99"));
        assert_eq!(of(Period::Quarter { year: 2026, quarter: 4 }).revenue, m("250.03"));
        let quarters: Money = (1..=4).map(|q| of(Period::Quarter { year: 2026, quarter: q }).revenue).sum();
        assert_eq!(quarters, m("1000.00"));
        assert_eq!(of(Period::Year { year: 2026 }).new_customers, 10);
        assert!(records.iter().all(|t| t.validate().is_empty()));
        // Read back, the same plan; saved again, the same ids with their revisions.
        assert_eq!(YearPlan::stored(&records, 2026), Some(plan.clone()));
        let mut stored = records.clone();
        stored[0].rev = 7;
        let again = plan.records(&stored, now);
        assert_eq!((again[0].id.as_str(), again[0].rev), ("tgt-2026-m01", 7));
        // Only a year target: split evenly.
        let year_only: Vec<SalesTarget> = records.into_iter().filter(|t| matches!(t.period, Period::Year { .. })).collect();
        assert_eq!(YearPlan::stored(&year_only, 2026).unwrap().revenue[0], m("83.33"));
        assert_eq!(YearPlan::stored(&year_only, 2025), None);
    }

    #[test]
    fn a_quarter_without_its_own_record_is_the_sum_of_its_months() {
        let plan = YearPlan::split(2026, m("1200"), 12, &EVEN);
        let months: Vec<SalesTarget> = plan.records(&[], Utc::now()).into_iter().filter(|t| matches!(t.period, Period::Month { .. })).collect();
        assert_eq!(target_for(&months, Period::Quarter { year: 2026, quarter: 2 }), Some((m("300"), 3)));
        assert_eq!(target_for(&months, Period::Year { year: 2026 }), Some((m("1200"), 12)));
        assert_eq!(target_for(&months[1..], Period::Quarter { year: 2026, quarter: 1 }), None, "January is missing");
    }

    #[test]
    fn spans_of_periods() {
        let span = |p: Period| (p.span().from, p.span().to);
        assert_eq!(span(Period::Month { year: 2024, month: 2 }), (d("2024-02-01"), d("2024-02-29")));
        assert_eq!(span(Period::Quarter { year: 2026, quarter: 4 }), (d("2026-10-01"), d("2026-12-31")));
        assert_eq!(span(Period::Year { year: 2026 }), (d("2026-01-01"), d("2026-12-31")));
        assert_eq!(Period::around(d("2026-11-25"))[1], Period::Quarter { year: 2026, quarter: 4 });
    }

    #[test]
    fn achievement_gap_and_projection() {
        let plan = YearPlan::split(2026, m("1200000"), 24, &EVEN);
        let targets = plan.records(&[], Utc::now());
        let purchases = [
            sold("a", "2025-06-01", 999), // before the year: makes "a" an old customer
            sold("a", "2026-11-03", 40_000),
            sold("b", "2026-11-20", 20_000),
            sold("c", "2026-10-05", 100_000),
            sold("d", "2026-02-10", 500_000),
        ];
        let open = [
            (Some(d("2026-11-28")), m("15000")), // this month
            (Some(d("2026-12-15")), m("30000")), // this quarter, not this month
            (Some(d("2027-01-10")), m("99999")), // next year
            (None, m("77777")),                  // no expected close: never projected
        ];
        let p = progress(&targets, &purchases, &open, d("2026-11-25"));
        assert_eq!(p.len(), 3);
        let month = p[0];
        assert_eq!((month.target, month.actual, month.projected), (m("100000"), m("60000"), m("75000")));
        assert_eq!(month.achievement(), Some(Decimal::new(6, 1)));
        assert_eq!(month.gap(), m("40000"));
        assert_eq!((month.new_customers_target, month.new_customers), (2, 1), "only b is new in November");
        let quarter = p[1];
        assert_eq!((quarter.target, quarter.actual, quarter.projected), (m("300000"), m("160000"), m("205000")));
        assert_eq!(quarter.new_customers, 2);
        let year = p[2];
        assert_eq!((year.actual, year.projected), (m("660000"), m("705000")));
        assert_eq!(year.achievement(), Some(Decimal::new(55, 2)));
        assert_eq!(year.new_customers, 3);
        // Over the target: no gap, achievement above 1.
        let over = progress(&targets, &[sold("x", "2026-11-01", 150_000)], &[], d("2026-11-25"))[0];
        assert_eq!((over.gap(), over.achievement()), (Money::ZERO, Some(Decimal::new(15, 1))));
        // No target stored: nothing shown.
        assert!(progress(&[], &purchases, &open, d("2026-11-25")).is_empty());
        let zero = Progress { target: Money::ZERO, ..month };
        assert_eq!(zero.achievement(), None);
    }

    #[test]
    fn monthly_series() {
        let purchases = [sold("a", "2025-12-31", 5), sold("a", "2026-01-01", 10), sold("b", "2026-01-31", 20), sold("b", "2026-03-01", 7), sold("", "2026-03-02", 1)];
        let rev = monthly_revenue(&purchases, 2026);
        assert_eq!((rev[0], rev[1], rev[2]), (Money::from_int(30), Money::ZERO, Money::from_int(8)));
        let new = monthly_new_customers(&purchases, 2026);
        assert_eq!(new[0], 1, "a bought first in 2025; b in January; no-customer purchases are nobody");
        assert_eq!(new.iter().sum::<u32>(), 1);
    }
}
