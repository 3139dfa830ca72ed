//! Revenue 销售额 sliced for analytics: by month, by customer, by source 来源, and growth
//! against the period before. Revenue is what [`purchases`](crate::domain::customers::grading::purchases)
//! lists — deals won (on the day they were won) and signed contracts without a deal (on their
//! sign date) — so every table adds up to the same total.

use crate::domain::customers::grading::Purchase;
use crate::domain::customers::query::Who;
use crate::domain::customers::LeadSource;
use crate::domain::money::Money;
use crate::domain::period::Period;
use crate::domain::Id;
use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use rustc_hash::FxHashMap as HashMap;
use crate::domain::sorting::SortShared;

/// Revenue and number of purchases of one slice.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Slice<K> {
    pub key: K,
    pub revenue: Money,
    pub purchases: usize,
}

/// The purchases within `period`: a slice found by binary search when they are in date
/// order (as [`purchases`](crate::domain::customers::grading::purchases) gives them), else
/// each one checked.
pub fn within<'a>(purchases: &'a [Purchase], period: Period) -> Box<dyn Iterator<Item = &'a Purchase> + 'a> {
    if purchases.windows(2).all(|w| w[0].date <= w[1].date) {
        let from = purchases.partition_point(|p| p.date < period.from);
        let to = purchases.partition_point(|p| p.date <= period.to);
        Box::new(purchases[from..to.max(from)].iter())
    } else {
        Box::new(purchases.iter().filter(move |p| period.contains(p.date)))
    }
}

/// Total revenue and purchases within `period`.
pub fn total(purchases: &[Purchase], period: Period) -> Slice<()> {
    let mut out = Slice::default();
    for p in within(purchases, period) {
        out.revenue += p.amount;
        out.purchases += 1;
    }
    out
}

/// Growth 增长率 = (current − previous) / previous; `None` when there is nothing to compare
/// with (no previous period, or it had no revenue).
pub fn growth(current: Money, previous: Option<Money>) -> Option<Decimal> {
    let prev = previous?.value();
    (prev > Decimal::ZERO).then(|| (current.value() - prev) / prev)
}

/// Customers by revenue within `period`, highest first (ties by id); purchases without a
/// customer are one row with an empty key. The first `n` rows, and the total of all.
pub fn top_customers(purchases: &[Purchase], period: Period, n: usize) -> (Vec<Slice<Id>>, Slice<()>) {
    let mut by: HashMap<&str, Slice<Id>> = HashMap::default();
    for p in within(purchases, period) {
        let s = by.entry(p.customer_id.as_str()).or_insert_with(|| Slice { key: p.customer_id.clone(), ..Slice::default() });
        s.revenue += p.amount;
        s.purchases += 1;
    }
    let mut rows: Vec<Slice<Id>> = by.into_values().collect();
    rows.sort_by_shared(|a, b| b.revenue.cmp(&a.revenue).then_with(|| a.key.cmp(&b.key)));
    let all = total(purchases, period);
    rows.truncate(n);
    (rows, all)
}

/// Revenue by the source 来源 of the customer who paid (the channel that brought them),
/// highest first; purchases without a known customer count as "other".
pub fn by_source<C: Who>(purchases: &[Purchase], customers: &[C], period: Period) -> Vec<Slice<LeadSource>> {
    let source: HashMap<&str, LeadSource> = customers.iter().map(|c| (c.id(), c.source())).collect();
    let mut rows: Vec<Slice<LeadSource>> = LeadSource::ALL.into_iter().map(|key| Slice { key, revenue: Money::ZERO, purchases: 0 }).collect();
    for p in within(purchases, period) {
        let s = source.get(p.customer_id.as_str()).copied().unwrap_or(LeadSource::Other);
        if let Some(row) = rows.iter_mut().find(|r| r.key == s) {
            row.revenue += p.amount;
            row.purchases += 1;
        }
    }
    rows.retain(|r| r.purchases > 0);
    rows.sort_by_shared(|a, b| b.revenue.cmp(&a.revenue));
    rows
}

/// Revenue of each of the twelve calendar months ending with the month of `end` (oldest
/// first), as (year, month, revenue).
pub fn last_12_months(purchases: &[Purchase], end: NaiveDate) -> Vec<(i32, u32, Money)> {
    let last = end.with_day(1).unwrap_or(end);
    let mut months: Vec<(i32, u32, Money)> = (0..12u32)
        .rev()
        .filter_map(|back| last.checked_sub_months(Months::new(back)))
        .map(|d| (d.year(), d.month(), Money::ZERO))
        .collect();
    for p in purchases {
        if let Some(m) = months.iter_mut().find(|(y, mo, _)| *y == p.date.year() && *mo == p.date.month()) {
            m.2 += p.amount;
        }
    }
    months
}

/// The months a period's revenue chart shows: the 12 up to the end of `period`, or, when
/// none of those had a sale, the 12 up to its last sale (a book closed years ago, seen over
/// all time, shows its last year of business rather than an empty one).
pub fn months_of(purchases: &[Purchase], period: Period) -> Vec<(i32, u32, Money)> {
    let months = last_12_months(purchases, period.to);
    if months.iter().any(|m| m.2 != Money::ZERO) {
        return months;
    }
    within(purchases, period).map(|p| p.date).max().map_or(months, |last| last_12_months(purchases, last))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customers::Customer;
    use crate::domain::period::PeriodChoice;
    use chrono::Utc;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn sold(customer: &str, date: &str, amount: i64) -> Purchase {
        Purchase { customer_id: customer.into(), date: d(date), amount: Money::from_int(amount) }
    }

    fn period(from: &str, to: &str) -> Period {
        Period { from: d(from), to: d(to) }
    }

    #[test]
    fn within_a_period_sorted_or_not() {
        let sorted = [sold("a", "2026-01-01", 1), sold("a", "2026-02-01", 2), sold("a", "2026-02-28", 4), sold("a", "2026-03-01", 8)];
        let mut shuffled = sorted.clone();
        shuffled.swap(0, 3);
        let feb = period("2026-02-01", "2026-02-28");
        for ps in [&sorted[..], &shuffled[..]] {
            assert_eq!(within(ps, feb).map(|p| p.amount).sum::<Money>(), Money::from_int(6));
            assert_eq!(within(ps, period("2025-01-01", "2025-12-31")).count(), 0);
            assert_eq!(within(ps, PeriodChoice::AllTime.period(d("2026-11-24"))).count(), 4);
        }
    }

    #[test]
    fn growth_needs_a_previous_revenue() {
        assert_eq!(growth(Money::from_int(150), Some(Money::from_int(100))), Some(Decimal::new(5, 1)));
        assert_eq!(growth(Money::from_int(50), Some(Money::from_int(100))), Some(Decimal::new(-5, 1)));
        assert_eq!(growth(Money::from_int(50), Some(Money::ZERO)), None, "nothing before: no growth figure, not infinity");
        assert_eq!(growth(Money::from_int(50), None), None);
    }

    #[test]
    fn top_customers_rank_by_revenue_and_keep_the_total() {
        let purchases = [
            sold("b", "2026-01-05", 300),
            sold("a", "2026-02-01", 100),
            sold("a", "2026-03-01", 200),
            sold("", "2026-03-02", 50),
            sold("c", "2026-03-03", 10),
            sold("c", "2025-12-31", 9999), // before the period
        ];
        let (rows, all) = top_customers(&purchases, period("2026-01-01", "2026-12-31"), 2);
        let got: Vec<(&str, Money, usize)> = rows.iter().map(|r| (r.key.as_str(), r.revenue, r.purchases)).collect();
        assert_eq!(got, [("a", Money::from_int(300), 2), ("b", Money::from_int(300), 1)], "ties by id");
        assert_eq!((all.revenue, all.purchases), (Money::from_int(660), 5));
    }

    #[test]
    fn revenue_by_the_customers_source() {
        let mut fair = Customer::new_lead("a".into(), "C1".into(), "A".into(), LeadSource::TradeShow, Utc::now());
        fair.source = LeadSource::TradeShow;
        let friend = Customer::new_lead("b".into(), "C2".into(), "B".into(), LeadSource::Referral, Utc::now());
        let purchases = [sold("a", "2026-01-05", 300), sold("b", "2026-02-01", 100), sold("a", "2026-03-01", 200), sold("gone", "2026-03-01", 7)];
        let rows = by_source(&purchases, &[fair, friend], PeriodChoice::AllTime.period(d("2026-11-24")));
        let got: Vec<(LeadSource, Money, usize)> = rows.iter().map(|r| (r.key, r.revenue, r.purchases)).collect();
        assert_eq!(got, [(LeadSource::TradeShow, Money::from_int(500), 2), (LeadSource::Referral, Money::from_int(100), 1), (LeadSource::Other, Money::from_int(7), 1)]);
        let sum: Money = rows.iter().map(|r| r.revenue).sum();
        assert_eq!(sum, total(&purchases, PeriodChoice::AllTime.period(d("2026-11-24"))).revenue);
    }

    #[test]
    fn twelve_months_end_with_the_month_of_the_end() {
        let purchases = [sold("a", "2025-12-01", 1), sold("a", "2026-11-30", 2), sold("a", "2025-11-30", 4), sold("a", "2026-12-01", 8)];
        let months = last_12_months(&purchases, d("2026-11-24"));
        assert_eq!(months.len(), 12);
        assert_eq!((months[0].0, months[0].1, months[0].2), (2025, 12, Money::from_int(1)));
        assert_eq!((months[11].0, months[11].1, months[11].2), (2026, 11, Money::from_int(2)));
        assert_eq!(months.iter().map(|m| m.2).sum::<Money>(), Money::from_int(3));
    }

    #[test]
    fn a_chart_of_a_book_closed_years_ago_shows_its_last_year_of_business() {
        let purchases = vec![sold("a", "2016-11-03", 1), sold("a", "2017-12-30", 2)];
        let all = PeriodChoice::AllTime.period(d("2026-11-24"));
        let months = months_of(&purchases, all);
        assert_eq!((months[0].0, months[0].1, months[11].0, months[11].1), (2017, 1, 2017, 12));
        assert_eq!(months.iter().map(|m| m.2).sum::<Money>(), Money::from_int(2));
        // Months with sales up to the end: those, empty ones included.
        let recent = vec![sold("a", "2026-03-01", 1)];
        assert_eq!(months_of(&recent, all), last_12_months(&recent, d("2026-11-24")));
        assert_eq!(months_of(&[], all), last_12_months(&[], d("2026-11-24")), "nothing sold: the months up to the end");
    }
}
