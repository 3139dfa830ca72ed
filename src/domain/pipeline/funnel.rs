//! Funnel analytics 漏斗分析 from stage history: stage-to-stage conversion, win rate, average
//! sales cycle and deal size, weighted pipeline and a weighted forecast by expected close month.

use crate::domain::money::Money;
use crate::domain::pipeline::{Deal, Stage, StageKind};
pub use crate::domain::period::Period;
use chrono::{Datelike, NaiveDate};
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashMap};
use crate::domain::sorting::SortShared;

/// A count out of a count; the percentage is undefined ("—") when the base is zero.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Ratio {
    pub part: usize,
    pub whole: usize,
}

impl Ratio {
    /// Percent with one decimal, half away from zero.
    pub fn percent(self) -> Option<Decimal> {
        (self.whole > 0).then(|| {
            (Decimal::from(self.part) * Decimal::ONE_HUNDRED / Decimal::from(self.whole))
                .round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
        })
    }
}

/// One row of the funnel: deals that reached this stage (or any later one on the way to won),
/// and the share of them that reached the next step.
#[derive(Clone, Debug, PartialEq)]
pub struct FunnelStep {
    pub stage_id: String,
    pub name: String,
    pub color: crate::domain::color::Color,
    pub reached: usize,
    /// Reached the next open stage (or won, for the last open stage).
    pub to_next: Ratio,
}

#[derive(Clone, Debug, PartialEq)]
pub struct Funnel {
    /// Open stages in order, then the won stage (whose `to_next` is empty).
    pub steps: Vec<FunnelStep>,
    /// Won / (won + lost) among deals closed in the period.
    pub win_rate: Ratio,
    /// Mean days from creation to won, for deals won in the period.
    pub avg_cycle_days: Option<Decimal>,
    /// Mean amount of deals won in the period.
    pub avg_won_amount: Option<Money>,
    pub won_amount: Money,
    /// Σ amount × probability over open deals (today, not limited to the period).
    pub weighted_pipeline: Money,
    /// Weighted amount of open deals by expected close month (None: no date set).
    pub forecast: Vec<(Option<(i32, u32)>, Money)>,
    /// Deals lost in the period by reason (None: no reason given), most frequent first, with
    /// the amount they were worth.
    pub lost_reasons: Vec<(Option<String>, usize, Money)>,
}

/// When the deal entered a won or lost stage, if it is closed now.
fn closed_at(deal: &Deal, kind: &HashMap<&str, StageKind>) -> Option<(StageKind, NaiveDate)> {
    let k = *kind.get(deal.stage_id.as_str())?;
    (k != StageKind::Open).then(|| (k, deal.entered_stage_at().date_naive()))
}

/// The funnel for deals created in `period` (conversion) and closed in it (win rate, cycle,
/// size). A deal that skipped stages counts as having passed them; a lost deal counts up to the
/// furthest open stage it reached.
pub fn funnel(stages: &[Stage], deals: &[Deal], period: Period) -> Funnel {
    let mut ordered: Vec<&Stage> = stages.iter().collect();
    ordered.sort_by_key_shared(|s| s.order);
    let open: Vec<&Stage> = ordered.iter().copied().filter(|s| s.kind == StageKind::Open).collect();
    let won = ordered.iter().copied().find(|s| s.kind == StageKind::Won);
    let kind: HashMap<&str, StageKind> = stages.iter().map(|s| (s.id.as_str(), s.kind)).collect();
    // Position of each stage on the way to won: open stages 0.., won after them.
    let mut step_of: HashMap<&str, usize> = open.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    if let Some(w) = won {
        step_of.insert(w.id.as_str(), open.len());
    }
    let steps_len = open.len() + usize::from(won.is_some());
    let mut reached = vec![0usize; steps_len];
    for d in deals.iter().filter(|d| period.contains(d.created_at.date_naive())) {
        let furthest = d
            .stage_history
            .iter()
            .map(|c| c.stage_id.as_str())
            .chain(Some(d.stage_id.as_str()))
            .filter_map(|id| step_of.get(id).copied())
            .max();
        if let Some(f) = furthest {
            reached.iter_mut().take(f + 1).for_each(|r| *r += 1);
        }
    }
    let steps = open
        .iter()
        .copied()
        .chain(won)
        .enumerate()
        .map(|(i, s)| FunnelStep {
            stage_id: s.id.clone(),
            name: s.name.clone(),
            color: s.color,
            reached: reached[i],
            to_next: reached.get(i + 1).map_or(Ratio::default(), |&next| Ratio { part: next, whole: reached[i] }),
        })
        .collect();

    let closed: Vec<(&Deal, StageKind, NaiveDate)> = deals
        .iter()
        .filter_map(|d| closed_at(d, &kind).map(|(k, at)| (d, k, at)))
        .filter(|(_, _, at)| period.contains(*at))
        .collect();
    let won_deals: Vec<(&Deal, NaiveDate)> = closed.iter().filter(|(_, k, _)| *k == StageKind::Won).map(|(d, _, at)| (*d, *at)).collect();
    let won_amount: Money = won_deals.iter().map(|(d, _)| d.amount).sum();
    let n = Decimal::from(won_deals.len());
    let avg_cycle_days = (!won_deals.is_empty()).then(|| {
        let days: i64 = won_deals.iter().map(|(d, at)| (*at - d.created_at.date_naive()).num_days()).sum();
        (Decimal::from(days) / n).round_dp_with_strategy(1, rust_decimal::RoundingStrategy::MidpointAwayFromZero)
    });
    let avg_won_amount = (!won_deals.is_empty()).then(|| Money::new(won_amount.value() / n));
    let mut lost: HashMap<Option<String>, (usize, Money)> = HashMap::new();
    for (d, _, _) in closed.iter().filter(|(_, k, _)| *k == StageKind::Lost) {
        let reason = d.lost_reason.as_deref().map(str::trim).filter(|r| !r.is_empty()).map(str::to_string);
        let e = lost.entry(reason).or_insert((0, Money::ZERO));
        e.0 += 1;
        e.1 += d.amount;
    }
    let mut lost_reasons: Vec<(Option<String>, usize, Money)> = lost.into_iter().map(|(r, (n, m))| (r, n, m)).collect();
    // Most frequent first; ties by amount, then by name (no reason last) for a stable order.
    lost_reasons.sort_by_shared(|a, b| b.1.cmp(&a.1).then(b.2.cmp(&a.2)).then((a.0.is_none(), &a.0).cmp(&(b.0.is_none(), &b.0))));

    let by_id: HashMap<&str, &Stage> = stages.iter().map(|s| (s.id.as_str(), s)).collect();
    let mut forecast: BTreeMap<Option<(i32, u32)>, Money> = BTreeMap::new();
    let mut weighted_pipeline = Money::ZERO;
    for d in deals {
        let Some(stage) = by_id.get(d.stage_id.as_str()).filter(|s| s.kind == StageKind::Open) else { continue };
        let w = d.weighted_in(stage);
        weighted_pipeline += w;
        *forecast.entry(d.expected_close.map(|c| (c.year(), c.month()))).or_insert(Money::ZERO) += w;
    }
    // Dated months first, in order; undated last.
    let mut forecast: Vec<_> = forecast.into_iter().collect();
    forecast.sort_by_key_shared(|(m, _)| (m.is_none(), *m));

    Funnel {
        steps,
        win_rate: Ratio { part: won_deals.len(), whole: closed.len() },
        avg_cycle_days,
        avg_won_amount,
        won_amount,
        weighted_pipeline,
        forecast,
        lost_reasons,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customers::LeadSource;
    use crate::domain::pipeline::{default_stages, Man, StageChange};
    use crate::domain::Locale;
    use chrono::{TimeZone, Utc};

    fn at(date: &str) -> chrono::DateTime<Utc> {
        let d: NaiveDate = date.parse().unwrap();
        Utc.from_utc_datetime(&d.and_hms_opt(10, 0, 0).unwrap())
    }

    /// A deal created on `created` that went through `path` (stage id, date).
    fn deal(id: &str, amount: i64, created: &str, path: &[(&str, &str)], close: Option<&str>) -> Deal {
        let history: Vec<StageChange> = path.iter().map(|(s, d)| StageChange { stage_id: format!("stage-{s}"), at: at(d) }).collect();
        Deal {
            id: id.into(),
            title: id.into(),
            customer_id: "c".into(),
            stage_id: history.last().unwrap().stage_id.clone(),
            rank: String::new(),
            amount: Money::from_int(amount),
            expected_close: close.map(|c| c.parse().unwrap()),
            probability: None,
            source: LeadSource::Other,
            man: Man::default(),
            competitor: String::new(),
            line_items: vec![],
            lost_reason: None,
            stage_history: history,
            notes: String::new(),
            quote: None,
            stock_taken: Vec::new(),
            event_id: None,
            consent: None,
            created_at: at(created),
            updated_at: at(created), rev: 0,
        }
    }

    fn q1() -> Period {
        Period { from: "2026-01-01".parse().unwrap(), to: "2026-03-31".parse().unwrap() }
    }

    fn deals() -> Vec<Deal> {
        vec![
            // Won after 30 days, skipping the proposal stage.
            deal("w1", 10_000, "2026-01-05", &[("initial", "2026-01-05"), ("needs", "2026-01-10"), ("negotiation", "2026-01-20"), ("won", "2026-02-04")], None),
            // Won after 10 days.
            deal("w2", 20_000, "2026-02-01", &[("initial", "2026-02-01"), ("won", "2026-02-11")], None),
            // Lost from needs analysis.
            deal("l1", 5_000, "2026-01-10", &[("initial", "2026-01-10"), ("needs", "2026-01-12"), ("lost", "2026-02-01")], None),
            // Open in proposal, closing in April.
            deal("o1", 8_000, "2026-03-01", &[("initial", "2026-03-01"), ("needs", "2026-03-05"), ("proposal", "2026-03-09")], Some("2026-04-15")),
            // Open in initial contact, no close date.
            deal("o2", 1_000, "2026-03-20", &[("initial", "2026-03-20")], None),
            // Created and won before the period: only in nothing but the pipeline's history.
            deal("old", 99_000, "2025-10-01", &[("initial", "2025-10-01"), ("won", "2025-11-01")], None),
        ]
    }

    #[test]
    fn conversion_counts_deals_that_reached_each_stage() {
        let f = funnel(&default_stages(Locale::En, Utc::now()), &deals(), q1());
        let reached: Vec<(&str, usize)> = f.steps.iter().map(|s| (s.stage_id.as_str(), s.reached)).collect();
        assert_eq!(reached, [("stage-initial", 5), ("stage-needs", 4), ("stage-proposal", 3), ("stage-negotiation", 2), ("stage-won", 2)]);
        assert_eq!(f.steps[0].to_next, Ratio { part: 4, whole: 5 });
        assert_eq!(f.steps[0].to_next.percent(), Some(Decimal::from(80)));
        assert_eq!(f.steps[1].to_next.percent(), Some(Decimal::new(750, 1)));
        assert_eq!(f.steps[3].to_next.percent(), Some(Decimal::from(100)));
        assert_eq!(f.steps[4].to_next.percent(), None);
    }

    #[test]
    fn win_rate_cycle_and_size_use_deals_closed_in_the_period() {
        let f = funnel(&default_stages(Locale::En, Utc::now()), &deals(), q1());
        assert_eq!(f.win_rate, Ratio { part: 2, whole: 3 });
        assert_eq!(f.win_rate.percent(), Some(Decimal::new(667, 1)));
        assert_eq!(f.avg_cycle_days, Some(Decimal::from(20)));
        assert_eq!(f.avg_won_amount, Some(Money::from_int(15_000)));
        assert_eq!(f.won_amount, Money::from_int(30_000));
        let empty = funnel(&default_stages(Locale::En, Utc::now()), &deals(), Period { from: "2027-01-01".parse().unwrap(), to: "2027-01-31".parse().unwrap() });
        assert_eq!((empty.win_rate.percent(), empty.avg_cycle_days, empty.avg_won_amount), (None, None, None));
    }

    #[test]
    fn lost_deals_are_counted_by_reason_most_frequent_first() {
        let lost = |id: &str, amount: i64, reason: Option<&str>, closed: &str| {
            let mut d = deal(id, amount, "2026-01-02", &[("initial", "2026-01-02"), ("lost", closed)], None);
            d.lost_reason = reason.map(str::to_string);
            d
        };
        let all = [
            lost("a", 1_000, Some("Price"), "2026-02-01"),
            lost("b", 3_000, Some("Timing"), "2026-02-02"),
            lost("c", 2_000, Some(" Price "), "2026-02-03"),
            lost("d", 500, None, "2026-02-04"),
            lost("e", 9_000, Some("Timing"), "2026-05-01"), // closed after the period
        ];
        let f = funnel(&default_stages(Locale::En, Utc::now()), &all, q1());
        assert_eq!(
            f.lost_reasons,
            vec![
                (Some("Price".to_string()), 2, Money::from_int(3_000)),
                (Some("Timing".to_string()), 1, Money::from_int(3_000)),
                (None, 1, Money::from_int(500)),
            ]
        );
    }

    #[test]
    fn weighted_pipeline_and_forecast_by_close_month() {
        let f = funnel(&default_stages(Locale::En, Utc::now()), &deals(), q1());
        // 8,000 × 50 % + 1,000 × 10 %.
        assert_eq!(f.weighted_pipeline, Money::from_int(4_100));
        assert_eq!(f.forecast, vec![(Some((2026, 4)), Money::from_int(4_000)), (None, Money::from_int(100))]);
    }
}
