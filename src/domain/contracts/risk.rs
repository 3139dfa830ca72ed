//! Contract risk 风险等级, as DOMAIN.md defines it, always with its reasons: high when an
//! installment is overdue more than 30 days, execution progress lags the elapsed contract time
//! by more than 30 points, or the amount exceeds the customer's credit limit; medium when
//! overdue up to 30 days or lagging more than 10 points; otherwise low. A manual override
//! wins and says so.

use super::{Contract, ContractStatus, RiskLevel};
use crate::domain::money::Money;
use chrono::NaiveDate;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RiskReason {
    /// The oldest overdue installment, in days.
    Overdue { days: i64 },
    /// Percentage points of progress behind the elapsed share of the contract's term.
    ProgressLag { points: i64 },
    OverCreditLimit { amount: Money, limit: Money },
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Risk {
    pub level: RiskLevel,
    /// The level the rules give (what an override replaced).
    pub computed: RiskLevel,
    pub reasons: Vec<RiskReason>,
    /// The override's reason when set by hand.
    pub override_reason: Option<String>,
}

/// Execution progress: the milestones' average, or `None` without milestones.
pub fn progress(contract: &Contract) -> Option<i64> {
    let n = contract.milestones.len() as i64;
    (n > 0).then(|| contract.milestones.iter().map(|m| i64::from(m.progress)).sum::<i64>() / n)
}

/// The share of the term (start to end) elapsed on `today`, in percent (0–100).
pub fn elapsed(contract: &Contract, today: NaiveDate) -> Option<i64> {
    let (start, end) = (contract.start_date?, contract.end_date?);
    let term = (end - start).num_days();
    (term > 0).then(|| ((today - start).num_days() * 100 / term).clamp(0, 100))
}

pub fn assess(contract: &Contract, credit_limit: Option<Money>, today: NaiveDate) -> Risk {
    let mut reasons = Vec::new();
    let mut level = RiskLevel::Low;
    let mut raise = |to: RiskLevel| {
        if rank(to) > rank(level) {
            level = to;
        }
    };
    if contract.status.binding() {
        let days = contract.payments.iter().map(|p| p.overdue_days(today)).max().unwrap_or(0);
        if days > 0 {
            raise(if days > 30 { RiskLevel::High } else { RiskLevel::Medium });
            reasons.push(RiskReason::Overdue { days });
        }
    }
    if matches!(contract.status, ContractStatus::Signed | ContractStatus::Executing) {
        if let (Some(done), Some(time)) = (progress(contract), elapsed(contract, today)) {
            let points = time - done;
            if points > 10 {
                raise(if points > 30 { RiskLevel::High } else { RiskLevel::Medium });
                reasons.push(RiskReason::ProgressLag { points });
            }
        }
    }
    if let Some(limit) = credit_limit.filter(|l| contract.amount.value() > l.value()) {
        raise(RiskLevel::High);
        reasons.push(RiskReason::OverCreditLimit { amount: contract.amount, limit });
    }
    match &contract.risk_override {
        Some(o) => Risk { level: o.level, computed: level, reasons, override_reason: Some(o.reason.clone()) },
        None => Risk { level, computed: level, reasons, override_reason: None },
    }
}

fn rank(level: RiskLevel) -> u8 {
    match level {
        RiskLevel::Low => 0,
        RiskLevel::Medium => 1,
        RiskLevel::High => 2,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contracts::tests::contract;
    use crate::domain::contracts::{Installment, Milestone, RiskOverride};

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn executing() -> Contract {
        let mut c = contract(ContractStatus::Executing);
        c.start_date = Some(day("2026-01-01"));
        c.end_date = Some(day("2026-12-31"));
        c.payments = vec![Installment::new(day("2026-03-01"), Money::from_int(10_000))];
        c.milestones = vec![Milestone { name: "交付".into(), due: None, progress: 50 }];
        c
    }

    #[test]
    fn overdue_installments() {
        let c = executing();
        let low = assess(&c, None, day("2026-03-01"));
        assert_eq!((low.level, low.reasons.len()), (RiskLevel::Low, 0));
        let medium = assess(&c, None, day("2026-03-31"));
        assert_eq!((medium.level, medium.reasons.clone()), (RiskLevel::Medium, vec![RiskReason::Overdue { days: 30 }]));
        assert_eq!(assess(&c, None, day("2026-04-01")).level, RiskLevel::High);
    }

    #[test]
    fn progress_lagging_the_elapsed_term() {
        let mut c = executing();
        c.payments.clear();
        // 2026-07-02 is 50% of the year: 50% done, no lag.
        assert_eq!(assess(&c, None, day("2026-07-02")).level, RiskLevel::Low);
        // 273 of 364 days (75%) elapsed, 50% done: 25 points behind → medium.
        let r = assess(&c, None, day("2026-10-01"));
        assert_eq!((r.level, r.reasons.clone()), (RiskLevel::Medium, vec![RiskReason::ProgressLag { points: 25 }]));
        // Term over, half done → high.
        assert_eq!(assess(&c, None, day("2027-01-15")).reasons, vec![RiskReason::ProgressLag { points: 50 }]);
        assert_eq!(assess(&c, None, day("2027-01-15")).level, RiskLevel::High);
    }

    #[test]
    fn above_the_credit_limit_and_overrides() {
        let mut c = executing();
        c.payments.clear();
        let r = assess(&c, Some(Money::from_int(5_000)), day("2026-07-02"));
        assert_eq!(r.level, RiskLevel::High);
        assert_eq!(r.reasons, vec![RiskReason::OverCreditLimit { amount: Money::from_int(10_000), limit: Money::from_int(5_000) }]);
        assert_eq!(assess(&c, Some(Money::from_int(10_000)), day("2026-07-02")).level, RiskLevel::Low, "at the limit is not over it");
        c.risk_override = Some(RiskOverride { level: RiskLevel::Low, reason: "担保已到位".into() });
        let r = assess(&c, Some(Money::from_int(5_000)), day("2026-07-02"));
        assert_eq!((r.level, r.computed, r.override_reason.as_deref()), (RiskLevel::Low, RiskLevel::High, Some("担保已到位")));
    }
}
