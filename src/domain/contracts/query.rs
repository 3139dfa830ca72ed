//! The contracts list: each contract with its receivables and risk on a day, a filter over
//! them, and the totals of what the filter keeps.

use super::receivables::{receivables, Aging, Receivables};
use super::risk::{assess, Risk};
use super::{Contract, ContractStatus, RiskLevel};
use crate::domain::customers::query::Who;
use crate::domain::money::Money;
use chrono::NaiveDate;
use std::collections::HashMap;
use crate::domain::sorting::SortShared;

/// One contract as the list shows it.
#[derive(Clone, Debug, PartialEq)]
pub struct ContractRow {
    pub contract: Contract,
    pub customer: String,
    pub receivables: Receivables,
    pub risk: Risk,
    /// Days until a contract in force (signed or executing) ends; `None` otherwise.
    pub ends_in: Option<i64>,
}

/// Contracts in force ending within this many days are "ending soon" (renewal 续约).
pub const ENDING_SOON_DAYS: i64 = 30;

/// Every contract with its receivables and risk on `today`, newest first.
pub fn rows<C: Who>(contracts: &[Contract], customers: &[C], today: NaiveDate) -> Vec<ContractRow> {
    let by_id: HashMap<&str, &C> = customers.iter().map(|c| (c.id(), c)).collect();
    let mut out: Vec<ContractRow> = contracts
        .iter()
        .map(|k| {
            let customer = by_id.get(k.customer_id.as_str());
            ContractRow {
                contract: k.clone(),
                customer: customer.map(|c| c.name().to_string()).unwrap_or_default(),
                receivables: receivables(k, today),
                risk: assess(k, customer.and_then(|c| c.credit_limit()), today),
                ends_in: k.end_date.filter(|_| matches!(k.status, ContractStatus::Signed | ContractStatus::Executing)).map(|e| (e - today).num_days()),
            }
        })
        .collect();
    out.sort_by_shared(|a, b| b.contract.created_at.cmp(&a.contract.created_at).then_with(|| b.contract.number.cmp(&a.contract.number)));
    out
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct ContractFilter {
    /// Matches number, title, type or customer (case-insensitive).
    pub text: String,
    pub status: Option<ContractStatus>,
    pub risk: Option<RiskLevel>,
    pub overdue_only: bool,
    /// In force and ending within [`ENDING_SOON_DAYS`].
    pub ending_soon: bool,
}

impl ContractFilter {
    pub fn matches(&self, row: &ContractRow) -> bool {
        let text = self.text.trim().to_lowercase();
        let k = &row.contract;
        (text.is_empty() || [&k.number, &k.title, &k.kind, &row.customer].iter().any(|f| f.to_lowercase().contains(&text)))
            && self.status.is_none_or(|s| k.status == s)
            && self.risk.is_none_or(|r| row.risk.level == r)
            && (!self.overdue_only || row.receivables.overdue.total() != Money::ZERO)
            && (!self.ending_soon || row.ends_in.is_some_and(|d| (0..=ENDING_SOON_DAYS).contains(&d)))
    }
}

/// The orders the list can be sorted in.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContractSort {
    /// Newest first (as made).
    #[default]
    Newest,
    /// Largest amount first.
    Amount,
    /// Most still to receive first.
    Outstanding,
    /// Most overdue (by amount) first.
    Overdue,
    /// Ending soonest first; contracts not in force last.
    EndDate,
    /// Highest risk first.
    Risk,
}

impl ContractSort {
    pub const ALL: [ContractSort; 6] = [ContractSort::Newest, ContractSort::Amount, ContractSort::Outstanding, ContractSort::Overdue, ContractSort::EndDate, ContractSort::Risk];
}

/// Sorts `indices` into `rows` by `sort`; ties keep the list's order (newest first).
pub fn sort_rows(indices: &mut [usize], rows: &[ContractRow], sort: ContractSort) {
    let rank = |r: RiskLevel| match r {
        RiskLevel::High => 0,
        RiskLevel::Medium => 1,
        RiskLevel::Low => 2,
    };
    match sort {
        ContractSort::Newest => indices.sort_shared(),
        ContractSort::Amount => indices.sort_by_key_shared(|&i| (std::cmp::Reverse(rows[i].contract.amount), i)),
        ContractSort::Outstanding => indices.sort_by_key_shared(|&i| (std::cmp::Reverse(rows[i].receivables.outstanding), i)),
        ContractSort::Overdue => indices.sort_by_key_shared(|&i| (std::cmp::Reverse(rows[i].receivables.overdue.total()), i)),
        ContractSort::EndDate => indices.sort_by_key_shared(|&i| (rows[i].ends_in.is_none(), rows[i].ends_in, i)),
        ContractSort::Risk => indices.sort_by_key_shared(|&i| (rank(rows[i].risk.level), i)),
    }
}

/// Sums over a list of rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Totals {
    pub amount: Money,
    pub received: Money,
    pub outstanding: Money,
    pub aging: Aging,
}

pub fn totals<'a>(rows: impl IntoIterator<Item = &'a ContractRow>) -> Totals {
    let mut t = Totals::default();
    for r in rows {
        t.amount += r.contract.amount;
        t.received += r.receivables.received;
        t.outstanding += r.receivables.outstanding;
        let a = r.receivables.overdue;
        t.aging.days_0_30 += a.days_0_30;
        t.aging.days_31_60 += a.days_31_60;
        t.aging.days_61_90 += a.days_61_90;
        t.aging.over_90 += a.over_90;
    }
    t
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contracts::tests::contract;
    use crate::domain::contracts::Installment;
    use crate::domain::customers::{Customer, LeadSource};

    #[test]
    fn filters_and_totals_over_the_demo_shapes() {
        let today: NaiveDate = "2026-06-30".parse().unwrap();
        let mut customer = Customer::new_lead("cus-1".into(), "C00001".into(), "甲公司".into(), LeadSource::Other, chrono::Utc::now());
        customer.credit_limit = Some(Money::from_int(50_000));
        let mut late = contract(ContractStatus::Executing);
        late.payments = vec![Installment::new("2026-05-01".parse().unwrap(), Money::from_int(10_000))];
        let mut fine = contract(ContractStatus::Signed);
        fine.id = "k2".into();
        fine.number = "HT-2026-002".into();
        fine.title = "维保服务".into();
        fine.payments = vec![Installment::new("2026-08-01".parse().unwrap(), Money::from_int(10_000))];
        let all = rows(&[late, fine], &[customer], today);
        assert_eq!(all[0].customer, "甲公司");
        let overdue = ContractFilter { overdue_only: true, ..Default::default() };
        let kept: Vec<&ContractRow> = all.iter().filter(|r| overdue.matches(r)).collect();
        assert_eq!(kept.len(), 1);
        assert_eq!(kept[0].risk.level, RiskLevel::High, "60 days overdue");
        let by_text = ContractFilter { text: "维保".into(), ..Default::default() };
        assert_eq!(all.iter().filter(|r| by_text.matches(r)).count(), 1);
        let high = ContractFilter { risk: Some(RiskLevel::High), status: Some(ContractStatus::Signed), ..Default::default() };
        assert_eq!(all.iter().filter(|r| high.matches(r)).count(), 0);
        // Sorted by what is still owed, then by risk; ending soon (in force, within 30 days).
        let mut order: Vec<usize> = vec![0, 1];
        sort_rows(&mut order, &all, ContractSort::Risk);
        assert_eq!(all[order[0]].contract.id, "k1");
        sort_rows(&mut order, &all, ContractSort::Newest);
        assert_eq!(order, [0, 1]);
        let mut ending = all.clone();
        ending[1].ends_in = Some(12);
        ending[0].ends_in = Some(45);
        let soon = ContractFilter { ending_soon: true, ..Default::default() };
        assert_eq!(ending.iter().filter(|r| soon.matches(r)).map(|r| r.contract.id.as_str()).collect::<Vec<_>>(), ["k1"]);
        sort_rows(&mut order, &ending, ContractSort::EndDate);
        assert_eq!(order, [1, 0]);
        let t = totals(&all);
        assert_eq!((t.amount, t.outstanding, t.aging.days_31_60), (Money::from_int(20_000), Money::from_int(20_000), Money::from_int(10_000)));
    }
}
