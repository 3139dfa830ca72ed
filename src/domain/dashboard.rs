//! The dashboard's figures: open deals, weighted pipeline, won this year, receivables, deals by
//! stage, due follow-ups and contact birthdays.

use crate::domain::contracts::receivables::{by_customer, payment_reminders, Receivables};
use crate::domain::contracts::Contract;
use crate::domain::customers::{due_follow_ups, reminders, Customer, FollowUp};
use crate::domain::money::Money;
use crate::domain::pipeline::{stage_summaries, Deal, Stage, StageKind, StageSummary};
use crate::domain::customers::grading::Purchase;
use crate::domain::products::analysis::{stock_figures, z_for, SalesIndex};
use crate::domain::products::stock::StockPoint;
use crate::domain::products::Product;
use crate::domain::targets::{open_pipeline, progress, Progress, SalesTarget};
use chrono::{Datelike, NaiveDate};
use std::collections::HashMap;
use crate::domain::sorting::SortShared;

/// How many due follow-ups the dashboard lists (the count covers all of them).
pub const DUE_SHOWN: usize = 8;
/// Birthdays this many days ahead are shown.
pub const CARE_DAYS: i64 = 14;

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Overview {
    pub open_deals: usize,
    /// Σ amount × probability over open stages.
    pub weighted: Money,
    /// Revenue this calendar year: deals won this year (on the day they were won) and signed
    /// contracts without a deal (on their sign date) — the same figure as the targets' "actual".
    pub won_this_year: Money,
    /// What signed contracts still have to receive, with the overdue part by age (the same
    /// figures as the contracts page).
    pub receivables: Receivables,
    /// Installments overdue or due within a week.
    pub payments_due: usize,
    pub stages: Vec<StageSummary>,
    /// The first [`DUE_SHOWN`] due follow-ups, oldest first, with their customer's name.
    pub due: Vec<(FollowUp, String)>,
    pub due_count: usize,
    /// Contact birthdays in the next [`CARE_DAYS`] days: (date, customer, contact).
    pub care: Vec<(NaiveDate, String, String)>,
    /// This month, quarter and year against their sales targets (those that have one).
    pub targets: Vec<Progress>,
    /// Products to reorder now (stock at or below the reorder point, at a 95 % service
    /// level): (product id, code and name, stock, reorder point), lowest cover first.
    pub reorder: Vec<(String, String, i64, u64)>,
}

/// `bought` is [`purchases`] of `deals`, `stages` and `contracts` (the graded book has them).
#[allow(clippy::too_many_arguments)]
pub fn overview(stages: &[Stage], deals: &[Deal], bought: &[Purchase], follow_ups: &[FollowUp], contracts: &[Contract], customers: &[Customer], targets: &[SalesTarget], products: &[Product], points: &[StockPoint], today: NaiveDate) -> Overview {
    let kind: HashMap<&str, StageKind> = stages.iter().map(|s| (s.id.as_str(), s.kind)).collect();
    let is = |id: &str, k: StageKind| kind.get(id) == Some(&k);
    let summaries = stage_summaries(stages, deals);
    let due = due_follow_ups(follow_ups, today);
    let names: HashMap<&str, &str> = customers.iter().map(|c| (c.id.as_str(), c.name.as_str())).collect();
    Overview {
        open_deals: deals.iter().filter(|d| is(&d.stage_id, StageKind::Open)).count(),
        weighted: summaries.iter().filter(|s| is(&s.stage_id, StageKind::Open)).map(|s| s.weighted).sum(),
        won_this_year: bought.iter().filter(|p| p.date.year() == today.year() && p.date <= today).map(|p| p.amount).sum(),
        receivables: by_customer(contracts, today).1,
        payments_due: payment_reminders(contracts, today, 7, 0).0.len(),
        stages: summaries,
        due_count: due.len(),
        due: due
            .into_iter()
            .take(DUE_SHOWN)
            .map(|f| (f.clone(), names.get(f.customer_id.as_str()).copied().unwrap_or_default().to_string()))
            .collect(),
        care: reminders(&[], customers, today, CARE_DAYS).birthdays.into_iter().map(|(c, k, d)| (d, c.name.clone(), k.name.clone())).collect(),
        targets: progress(targets, bought, &open_pipeline(deals, stages), today),
        reorder: reorder_list(products, deals, stages, points, today),
    }
}

fn reorder_list(products: &[Product], deals: &[Deal], stages: &[Stage], points: &[StockPoint], today: NaiveDate) -> Vec<(String, String, i64, u64)> {
    let won: Vec<&str> = stages.iter().filter(|s| s.kind == StageKind::Won).map(|s| s.id.as_str()).collect();
    let z = z_for(95).unwrap_or(1.645);
    let mut list: Vec<(String, String, i64, u64)> = products
        .iter()
        .zip(stock_figures(products, &SalesIndex::build(deals, |id| won.contains(&id)), today, z, points))
        .filter(|(p, f)| f.reorder_now() && p.status == crate::domain::products::ProductStatus::OnSale)
        .filter_map(|(p, f)| f.safety_reorder.ok().map(|(_, rop)| (p.id.clone(), format!("{} {}", p.code, p.name), p.stock, rop)))
        .collect();
    // Furthest below its reorder point first.
    list.sort_by_key_shared(|(_, _, stock, rop)| *stock - *rop as i64);
    list
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customers::grading::purchases;
    use crate::domain::demo::{generate, DemoSize, DEMO_SEED};
    use crate::domain::pipeline::{default_stages, tests::deal, StageChange};
    use crate::domain::Locale;
    use chrono::{TimeZone, Utc};

    fn won_on(id: &str, amount: i64, y: i32, m: u32) -> Deal {
        let mut d = deal(id, "stage-won", amount, None);
        d.stage_history = vec![StageChange { stage_id: "stage-won".into(), at: Utc.with_ymd_and_hms(y, m, 10, 0, 0, 0).unwrap() }];
        d
    }

    #[test]
    fn open_weighted_and_won_this_year() {
        let stages = default_stages(Locale::En, Utc::now());
        let deals = [
            deal("a", "stage-proposal", 10_000, None), // 50 %
            deal("b", "stage-initial", 1_000, Some(30)),
            won_on("w1", 500, 2026, 3),
            won_on("w0", 700, 2025, 12),
            deal("l", "stage-lost", 9_000, None),
        ];
        let today: NaiveDate = "2026-11-24".parse().unwrap();
        let o = overview(&stages, &deals, &purchases(&deals, &stages, &[]), &[], &[], &[], &[], &[], &[], today);
        assert_eq!(o.open_deals, 2);
        assert_eq!(o.weighted, Money::from_int(5_300));
        assert_eq!(o.won_this_year, Money::from_int(500));
        assert_eq!((o.receivables.outstanding, o.payments_due), (Money::ZERO, 0));
        assert_eq!(o.stages.len(), stages.len());
        assert_eq!(o.due_count, 0);
    }

    #[test]
    fn demo_book_figures_match_a_direct_count() {
        let today: NaiveDate = "2026-11-24".parse().unwrap();
        let data = generate(DemoSize::STANDARD, Locale::Zh, today, DEMO_SEED);
        let bought = purchases(&data.deals, &data.stages, &data.contracts);
        let o = overview(&data.stages, &data.deals, &bought, &data.follow_ups, &data.contracts, &data.customers, &data.sales_targets, &data.products, &data.stock_points, today);
        let open: Vec<&str> = data.stages.iter().filter(|s| s.kind == StageKind::Open).map(|s| s.id.as_str()).collect();
        assert_eq!(o.open_deals, data.deals.iter().filter(|d| open.contains(&d.stage_id.as_str())).count());
        assert!(o.open_deals > 0);
        let due: Vec<&FollowUp> = data.follow_ups.iter().filter(|f| !f.next_done && f.next_date.is_some_and(|n| n <= today)).collect();
        assert_eq!(o.due_count, due.len());
        assert_eq!(o.due.len(), due.len().min(DUE_SHOWN));
        assert!(o.due.windows(2).all(|w| w[0].0.next_date <= w[1].0.next_date), "oldest first");
        let receivable: Money = data.contracts.iter().filter(|c| c.status.binding()).map(Contract::outstanding).sum();
        assert_eq!(o.receivables.outstanding, receivable);
        assert!(o.receivables.overdue.total() > Money::ZERO && o.receivables.overdue.total() <= receivable);
        assert!(o.payments_due > 0);
        // The demo book has targets for this year: month, quarter and year all shown.
        assert_eq!(o.targets.len(), 3);
        let won_this_month: Money = crate::domain::customers::grading::purchases(&data.deals, &data.stages, &data.contracts)
            .iter()
            .filter(|p| p.date.year() == 2026 && p.date.month() == 11)
            .map(|p| p.amount)
            .sum();
        assert_eq!(o.targets[0].actual, won_this_month);
        assert_eq!(o.won_this_year, o.targets[2].actual, "one revenue figure on the dashboard");
        // The reorder list is the products the stock figures say to reorder.
        let won = |id: &str| id == "stage-won";
        let index = crate::domain::products::analysis::SalesIndex::build(&data.deals, won);
        let figures = crate::domain::products::analysis::stock_figures(&data.products, &index, today, 1.645, &data.stock_points);
        let due: Vec<&str> = figures.iter().filter(|f| f.reorder_now()).map(|f| f.product_id.as_str()).collect();
        let listed: Vec<&str> = o.reorder.iter().map(|r| r.0.as_str()).collect();
        assert!(listed.iter().all(|id| due.contains(id)));
        // A higher service level asks for more safety stock somewhere, never less.
        let at99 = crate::domain::products::analysis::stock_figures(&data.products, &index, today, 2.3263, &data.stock_points);
        let at90 = crate::domain::products::analysis::stock_figures(&data.products, &index, today, 1.2816, &data.stock_points);
        let safety = |fs: &[crate::domain::products::analysis::StockFigures]| fs.iter().map(|f| f.safety_reorder.map_or(0, |s| s.0)).collect::<Vec<u64>>();
        let (low, high) = (safety(&at90), safety(&at99));
        assert!(low.iter().zip(&high).all(|(l, h)| l <= h));
        assert!(low != high);
        assert!(o.reorder.windows(2).all(|w| w[0].2 - w[0].3 as i64 <= w[1].2 - w[1].3 as i64));
        assert!(o.targets[2].actual >= o.targets[1].actual && o.targets[1].actual >= o.targets[0].actual);
    }
}
