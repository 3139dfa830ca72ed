//! Filtering and sorting deals for the board and the list: search, customer grade, source,
//! amount range, expected close period, stale only.

use crate::domain::customers::LeadSource;
use crate::domain::customers::grading::Grade;
use crate::domain::money::Money;
use crate::domain::pipeline::{Deal, Stage, StageKind};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use crate::domain::sorting::SortShared;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ClosePeriod {
    #[default]
    Any,
    /// Expected close date already passed (open deals).
    Overdue,
    ThisMonth,
    NextMonth,
    ThisQuarter,
    /// No expected close date set.
    Undated,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct DealFilter {
    pub text: String,
    pub grade: Option<Grade>,
    pub source: Option<LeadSource>,
    pub min: Option<Money>,
    pub max: Option<Money>,
    pub close: ClosePeriod,
    pub stale_only: bool,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum DealSort {
    #[default]
    Stage,
    AmountHigh,
    CloseSoon,
    Title,
    LongestInStage,
}

/// What a deal is looked up by besides itself: its customer's name and grade.
pub struct DealContext<'a> {
    pub stages: &'a HashMap<String, Stage>,
    pub customer_name: &'a dyn Fn(&str) -> Option<&'a str>,
    pub customer_grade: &'a dyn Fn(&str) -> Option<Grade>,
    pub today: NaiveDate,
}

fn quarter(d: NaiveDate) -> (i32, u32) {
    (d.year(), (d.month() - 1) / 3)
}

impl DealFilter {
    pub fn is_empty(&self) -> bool {
        *self == DealFilter::default()
    }

    pub fn matches(&self, d: &Deal, ctx: &DealContext) -> bool {
        let stage = ctx.stages.get(&d.stage_id);
        let customer = (ctx.customer_name)(&d.customer_id).unwrap_or_default();
        let words = self.text.to_lowercase();
        let text_ok = words.split_whitespace().all(|w| {
            d.title.to_lowercase().contains(w) || customer.to_lowercase().contains(w) || d.competitor.to_lowercase().contains(w)
        });
        let today = ctx.today;
        let close_ok = match (self.close, d.expected_close) {
            (ClosePeriod::Any, _) => true,
            (ClosePeriod::Undated, c) => c.is_none(),
            (_, None) => false,
            (ClosePeriod::Overdue, Some(_)) => stage.is_some_and(|s| d.is_overdue(s, today)),
            (ClosePeriod::ThisMonth, Some(c)) => (c.year(), c.month()) == (today.year(), today.month()),
            (ClosePeriod::NextMonth, Some(c)) => {
                let next = today.with_day(1).and_then(|f| f.checked_add_months(chrono::Months::new(1))).unwrap_or(today);
                (c.year(), c.month()) == (next.year(), next.month())
            }
            (ClosePeriod::ThisQuarter, Some(c)) => quarter(c) == quarter(today),
        };
        text_ok
            && close_ok
            && self.grade.is_none_or(|g| (ctx.customer_grade)(&d.customer_id) == Some(g))
            && self.source.is_none_or(|s| d.source == s)
            && self.min.is_none_or(|m| d.amount >= m)
            && self.max.is_none_or(|m| d.amount <= m)
            && (!self.stale_only || stage.is_some_and(|s| d.is_stale(s, today)))
    }
}

/// Deals of one column in board order: by rank, then id (deals without a rank first).
pub fn by_rank<'a>(deals: impl Iterator<Item = &'a Deal>) -> Vec<&'a Deal> {
    let mut v: Vec<&Deal> = deals.collect();
    v.sort_by_shared(|a, b| a.rank.cmp(&b.rank).then_with(|| a.id.cmp(&b.id)));
    v
}

pub fn sort_deals(deals: &mut [&Deal], sort: DealSort, ctx: &DealContext) {
    let order = |d: &Deal| ctx.stages.get(&d.stage_id).map_or(u32::MAX, |s| s.order + if s.kind == StageKind::Open { 0 } else { 1000 });
    match sort {
        DealSort::Stage => deals.sort_by_shared(|a, b| order(a).cmp(&order(b)).then_with(|| a.rank.cmp(&b.rank))),
        DealSort::AmountHigh => deals.sort_by_shared(|a, b| b.amount.cmp(&a.amount)),
        DealSort::CloseSoon => deals.sort_by_key_shared(|d| (d.expected_close.is_none(), d.expected_close)),
        DealSort::Title => deals.sort_by_shared(|a, b| a.title.cmp(&b.title)),
        DealSort::LongestInStage => deals.sort_by_key_shared(|d| std::cmp::Reverse(d.days_in_stage(ctx.today))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::demo::{generate, DemoSize, DEMO_SEED};
    use crate::domain::Locale;

    #[test]
    fn filters_combine() {
        let today: NaiveDate = "2026-11-23".parse().unwrap();
        let data = generate(DemoSize::STANDARD, Locale::En, today, DEMO_SEED);
        let stages: HashMap<String, Stage> = data.stages.iter().map(|s| (s.id.clone(), s.clone())).collect();
        let names: HashMap<&str, &str> = data.customers.iter().map(|c| (c.id.as_str(), c.name.as_str())).collect();
        let name_of = |id: &str| names.get(id).copied();
        let grade_of = |_: &str| Some(Grade::B);
        let ctx = DealContext { stages: &stages, customer_name: &name_of, customer_grade: &grade_of, today };
        let all = DealFilter::default();
        assert!(data.deals.iter().all(|d| all.matches(d, &ctx)));

        let first = &data.deals[0];
        let customer = names[first.customer_id.as_str()];
        let by_customer = DealFilter { text: customer.to_uppercase(), ..Default::default() };
        let hits: Vec<&Deal> = data.deals.iter().filter(|d| by_customer.matches(d, &ctx)).collect();
        assert!(hits.iter().any(|d| d.id == first.id) && hits.iter().all(|d| d.customer_id == first.customer_id || d.title.to_lowercase().contains(&customer.to_lowercase())));

        let big = DealFilter { min: Some(Money::from_int(50_000)), max: Some(Money::from_int(100_000)), ..Default::default() };
        assert!(data.deals.iter().filter(|d| big.matches(d, &ctx)).all(|d| d.amount >= Money::from_int(50_000) && d.amount <= Money::from_int(100_000)));

        let stale = DealFilter { stale_only: true, ..Default::default() };
        let stale_hits: Vec<&Deal> = data.deals.iter().filter(|d| stale.matches(d, &ctx)).collect();
        assert!(!stale_hits.is_empty(), "the demo has stale deals");
        assert!(stale_hits.iter().all(|d| d.is_stale(&stages[&d.stage_id], today)));

        let overdue = DealFilter { close: ClosePeriod::Overdue, ..Default::default() };
        assert!(data.deals.iter().filter(|d| overdue.matches(d, &ctx)).all(|d| d.expected_close.unwrap() < today));
        let month = DealFilter { close: ClosePeriod::ThisMonth, ..Default::default() };
        assert!(data.deals.iter().filter(|d| month.matches(d, &ctx)).all(|d| d.expected_close.unwrap().month() == 11));
        let grade_a = DealFilter { grade: Some(Grade::A), ..Default::default() };
        assert_eq!(data.deals.iter().filter(|d| grade_a.matches(d, &ctx)).count(), 0);
    }

    #[test]
    fn columns_order_by_rank_then_id() {
        let today: NaiveDate = "2026-11-23".parse().unwrap();
        let mut deals = generate(DemoSize::STANDARD, Locale::En, today, DEMO_SEED).deals;
        deals[3].rank = String::new();
        let ordered = by_rank(deals.iter());
        assert_eq!(ordered[0].id, deals[3].id);
        assert!(ordered[1..].windows(2).all(|w| w[0].rank < w[1].rank));
    }
}
