//! A new contract: its number 合同编号 from the book's rule (`HT-{yyyy}-{seq}`), never reusing
//! one (the last sequence given is kept in the settings, so a deleted contract's number stays
//! used), and a draft made from a won deal or for a customer, with a proposed payment plan.

use super::{Contract, ContractStatus, Installment};
use crate::domain::money::Money;
use crate::domain::pipeline::Deal;
use crate::domain::Id;
use chrono::{DateTime, Datelike, Duration, NaiveDate, Utc};
use rust_decimal::Decimal;

/// The number rule with the year filled in, split around `{seq}`.
fn stem(pattern: &str, year: i32) -> (String, String) {
    let filled = pattern.replace("{yyyy}", &year.to_string()).replace("{yy}", &format!("{:02}", year % 100));
    match filled.split_once("{seq}") {
        Some((a, b)) => (a.to_string(), b.to_string()),
        None => (filled, String::new()),
    }
}

/// The next contract number in `year` after both the highest one `existing` holds and the
/// last sequence given (`last_seq`); returns it with its sequence.
pub fn next_number<'a>(pattern: &str, year: i32, existing: impl Iterator<Item = &'a str>, last_seq: u64) -> (String, u64) {
    let (before, after) = stem(pattern, year);
    let highest = existing
        .filter_map(|n| n.strip_prefix(before.as_str())?.strip_suffix(after.as_str())?.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    let seq = highest.max(last_seq) + 1;
    (format!("{before}{seq:04}{after}"), seq)
}

/// Two installments: 30 % a week from `today`, the rest 30 days later (the cents on the
/// second, so the plan always adds up to `amount`).
pub fn proposed_plan(amount: Money, today: NaiveDate) -> Vec<Installment> {
    let first = amount.percent(Decimal::from(30));
    vec![Installment::new(today + Duration::days(7), first), Installment::new(today + Duration::days(37), amount - first)]
}

/// What a new contract starts from: a won deal, or a customer picked on the contracts page
/// or the customer's page.
#[derive(Clone, Debug, PartialEq)]
pub struct NewContract {
    pub customer_id: Id,
    pub title: String,
    pub amount: Money,
    pub deal: Option<Deal>,
    /// The template its body and type come from (the book's sales template when `None`).
    pub template_id: Option<Id>,
}

impl NewContract {
    pub fn from_deal(deal: &Deal) -> NewContract {
        NewContract { customer_id: deal.customer_id.clone(), title: deal.title.clone(), amount: deal.amount, deal: Some(deal.clone()), template_id: None }
    }
}

/// A draft contract: the customer, title and amount it starts from, a year's term from
/// `today`, a proposed plan.
pub fn draft(new: &NewContract, id: Id, number: String, kind: String, today: NaiveDate, now: DateTime<Utc>) -> Contract {
    Contract {
        id,
        number,
        title: new.title.trim().to_string(),
        customer_id: new.customer_id.clone(),
        deal_id: new.deal.as_ref().map(|d| d.id.clone()),
        template_id: None,
        kind,
        amount: new.amount,
        sign_date: None,
        start_date: Some(today),
        end_date: Some(NaiveDate::from_ymd_opt(today.year() + 1, today.month(), today.day().min(28)).unwrap_or(today) - Duration::days(1)),
        status: ContractStatus::Draft,
        approvals: Vec::new(),
        milestones: Vec::new(),
        payments: if new.amount == Money::ZERO { Vec::new() } else { proposed_plan(new.amount, today) },
        risk_override: None,
        amendments: Vec::new(),
        disputed: false,
        dispute_note: String::new(),
        timeline: Vec::new(),
        body: String::new(),
        created_at: now,
        updated_at: now,
        rev: 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contracts::lifecycle::plan_difference;

    #[test]
    fn numbers_follow_the_rule_and_are_never_reused() {
        let existing = ["HT-2026-0007", "HT-2025-0099", "X-1"];
        assert_eq!(next_number("HT-{yyyy}-{seq}", 2026, existing.into_iter(), 0), ("HT-2026-0008".to_string(), 8));
        // The last number given was 12 (since deleted): 13 next, not 8.
        assert_eq!(next_number("HT-{yyyy}-{seq}", 2026, existing.into_iter(), 12).0, "HT-2026-0013");
        assert_eq!(next_number("{yy}{seq}号", 2027, std::iter::empty(), 0).0, "270001号");
    }

    #[test]
    fn a_draft_from_a_won_deal_has_a_plan_that_adds_up() {
        let now: DateTime<Utc> = "2026-11-24T08:00:00Z".parse().unwrap();
        let mut deal = Deal::blank("d1".into(), "stage-won", now);
        deal.title = "数控机床采购".into();
        deal.customer_id = "cus-1".into();
        deal.amount = Money::parse("100000.01").unwrap();
        let c = draft(&NewContract::from_deal(&deal), "k1".into(), "HT-2026-0001".into(), "销售合同".into(), now.date_naive(), now);
        assert_eq!((c.status, c.deal_id.as_deref(), c.amount), (ContractStatus::Draft, Some("d1"), deal.amount));
        assert_eq!(plan_difference(&c), Money::ZERO);
        assert_eq!(c.payments[0].amount, Money::parse("30000.00").unwrap());
        assert_eq!(c.end_date, Some("2027-11-23".parse().unwrap()));
        assert!(c.validate().is_empty());
        // Without an amount yet (from the contracts page): no plan to propose.
        let blank = NewContract { customer_id: "cus-1".into(), title: " 维保 ".into(), amount: Money::ZERO, deal: None, template_id: None };
        let c = draft(&blank, "k2".into(), "HT-2026-0002".into(), "服务合同".into(), now.date_naive(), now);
        assert_eq!((c.title.as_str(), c.deal_id.as_deref(), c.payments.len()), ("维保", None, 0));
    }
}

