//! Contracts 合同 with approvals, milestones, the payment plan 回款计划 with its receipts
//! 回款记录, amendments and a timeline of status changes; templates.

pub mod create;
pub mod edit;
pub mod lifecycle;
pub mod query;
pub mod receivables;
pub mod risk;
pub mod template;
pub mod words;

use crate::domain::money::Money;
use crate::domain::validation::{Checker, FieldProblem, TEXT_MAX};
use crate::domain::Id;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ContractStatus {
    Draft,
    PendingApproval,
    Approved,
    Signed,
    Executing,
    Completed,
    Terminated,
}

impl ContractStatus {
    pub const ALL: [ContractStatus; 7] = [
        ContractStatus::Draft,
        ContractStatus::PendingApproval,
        ContractStatus::Approved,
        ContractStatus::Signed,
        ContractStatus::Executing,
        ContractStatus::Completed,
        ContractStatus::Terminated,
    ];
}

impl ContractStatus {
    /// Signed and not terminated: the payment plan is owed, payments are recorded.
    pub fn binding(self) -> bool {
        matches!(self, ContractStatus::Signed | ContractStatus::Executing | ContractStatus::Completed)
    }

    /// Completed or terminated: nothing about the contract changes any more.
    pub fn is_final(self) -> bool {
        matches!(self, ContractStatus::Completed | ContractStatus::Terminated)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum RiskLevel {
    High,
    Medium,
    Low,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Decision {
    Pending,
    Approved,
    Rejected,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ApprovalStep {
    pub approver: String,
    pub decision: Decision,
    #[serde(default)]
    #[serde(deserialize_with = "crate::domain::stamps::day_opt")]
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub comment: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    pub name: String,
    #[serde(default)]
    #[serde(deserialize_with = "crate::domain::stamps::day_opt")]
    pub due: Option<NaiveDate>,
    /// Execution progress 执行进度 in percent.
    pub progress: u8,
}

/// One payment received against an installment (several may pay one installment).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Receipt {
    #[serde(deserialize_with = "crate::domain::stamps::day")]
    pub date: NaiveDate,
    pub amount: Money,
    #[serde(default)]
    pub note: String,
}

/// One installment of the payment plan and what was received against it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(from = "StoredInstallment")]
pub struct Installment {
    #[serde(deserialize_with = "crate::domain::stamps::day")]
    pub due: NaiveDate,
    pub amount: Money,
    #[serde(default)]
    pub receipts: Vec<Receipt>,
}

impl Installment {
    pub fn new(due: NaiveDate, amount: Money) -> Installment {
        Installment { due, amount, receipts: Vec::new() }
    }
}

/// An installment as stored or in a backup: books written before receipts existed hold one
/// received amount and date instead, which reads as one receipt (nothing is lost; the next
/// write stores the receipts form).
#[derive(Deserialize)]
struct StoredInstallment {
    due: NaiveDate,
    amount: Money,
    #[serde(default)]
    receipts: Vec<Receipt>,
    #[serde(default)]
    received: Option<Money>,
    #[serde(default)]
    received_on: Option<NaiveDate>,
}

impl From<StoredInstallment> for Installment {
    fn from(s: StoredInstallment) -> Installment {
        let mut receipts = s.receipts;
        if let Some(received) = s.received.filter(|m| *m != Money::ZERO) {
            if receipts.is_empty() {
                // Earlier demo books recorded a cent more than some installments; a receipt
                // never exceeds its installment, so those read as paid in full (else the
                // book's own backup would be refused).
                let amount = if received.value() > s.amount.value() { s.amount } else { received };
                receipts.push(Receipt { date: s.received_on.unwrap_or(s.due), amount, note: String::new() });
            }
        }
        Installment { due: s.due, amount: s.amount, receipts }
    }
}

/// A status change on the contract's timeline.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct TimelineEntry {
    #[serde(deserialize_with = "crate::domain::stamps::day")]
    pub date: NaiveDate,
    pub from: ContractStatus,
    pub to: ContractStatus,
    #[serde(default)]
    pub note: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Amendment {
    #[serde(deserialize_with = "crate::domain::stamps::day")]
    pub date: NaiveDate,
    pub description: String,
    /// An amendment that changed the amount records both (never silently overwritten).
    #[serde(default)]
    pub previous_amount: Option<Money>,
    #[serde(default)]
    pub new_amount: Option<Money>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RiskOverride {
    pub level: RiskLevel,
    pub reason: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contract {
    pub id: Id,
    pub number: String,
    pub title: String,
    pub customer_id: Id,
    #[serde(default)]
    pub deal_id: Option<Id>,
    #[serde(default)]
    pub template_id: Option<Id>,
    /// Contract type 合同类型, e.g. 销售合同 / 服务合同.
    #[serde(default)]
    pub kind: String,
    pub amount: Money,
    #[serde(default)]
    #[serde(deserialize_with = "crate::domain::stamps::day_opt")]
    pub sign_date: Option<NaiveDate>,
    #[serde(default)]
    #[serde(deserialize_with = "crate::domain::stamps::day_opt")]
    pub start_date: Option<NaiveDate>,
    #[serde(default)]
    #[serde(deserialize_with = "crate::domain::stamps::day_opt")]
    pub end_date: Option<NaiveDate>,
    pub status: ContractStatus,
    #[serde(default)]
    pub approvals: Vec<ApprovalStep>,
    #[serde(default)]
    pub milestones: Vec<Milestone>,
    #[serde(default)]
    pub payments: Vec<Installment>,
    #[serde(default)]
    pub risk_override: Option<RiskOverride>,
    #[serde(default)]
    pub amendments: Vec<Amendment>,
    #[serde(default)]
    pub disputed: bool,
    /// What the dispute 争议 is about.
    #[serde(default)]
    pub dispute_note: String,
    /// Every status change, oldest first.
    #[serde(default)]
    pub timeline: Vec<TimelineEntry>,
    /// The contract's text, rendered from its template when it was made.
    #[serde(default)]
    pub body: String,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
    pub created_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
    pub updated_at: DateTime<Utc>,
    /// Changes with every write: a save that expected another revision is refused (see `Service::write`). 0 until first stored.
    #[serde(default)]
    pub rev: u32,
}

impl Contract {
    pub fn validate(&self) -> Vec<FieldProblem> {
        let mut c = Checker::new();
        c.required("number", &self.number).required("title", &self.title).max_len("body", &self.body, TEXT_MAX * 10);
        c.money("amount", self.amount);
        c.date_order("end_date", self.end_date, "start_date", self.start_date);
        for (i, step) in self.approvals.iter().enumerate() {
            c.nested(format!("approvals[{i}]"), |c| {
                c.required("approver", &step.approver);
            });
        }
        for (i, m) in self.milestones.iter().enumerate() {
            c.nested(format!("milestones[{i}]"), |c| {
                c.required("name", &m.name).range("progress", i64::from(m.progress), 0, 100);
            });
        }
        for (i, p) in self.payments.iter().enumerate() {
            c.nested(format!("payments[{i}]"), |c| {
                c.money("amount", p.amount);
                for (j, r) in p.receipts.iter().enumerate() {
                    c.money(&format!("receipts[{j}].amount"), r.amount).max_len(&format!("receipts[{j}].note"), &r.note, TEXT_MAX);
                }
                // Receipts never add up to more than the installment (a refund is not a receipt).
                if p.received().value() > p.amount.value() {
                    c.push("receipts", crate::domain::validation::Problem::TooLarge);
                }
            });
        }
        for (i, a) in self.amendments.iter().enumerate() {
            c.nested(format!("amendments[{i}]"), |c| {
                c.required("description", &a.description).max_len("description", &a.description, TEXT_MAX);
            });
        }
        c.max_len("dispute_note", &self.dispute_note, TEXT_MAX);
        if let Some(o) = &self.risk_override {
            c.required("risk_override.reason", &o.reason);
        }
        c.finish()
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ContractTemplate {
    pub id: Id,
    pub name: String,
    #[serde(default)]
    pub scenario: String,
    /// Body with placeholders such as `{{customer.name}}`.
    pub body: String,
    #[serde(default)]
    pub reviewed: bool,
    #[serde(default)]
    #[serde(deserialize_with = "crate::domain::stamps::day_opt")]
    pub reviewed_on: Option<NaiveDate>,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
    pub created_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
    pub updated_at: DateTime<Utc>,
    /// Changes with every write: a save that expected another revision is refused (see `Service::write`). 0 until first stored.
    #[serde(default)]
    pub rev: u32,
}

impl ContractTemplate {
    pub fn validate(&self) -> Vec<FieldProblem> {
        let mut c = Checker::new();
        c.required("name", &self.name).max_len("body", &self.body, TEXT_MAX * 10);
        c.finish()
    }
}

impl Contract {
    /// Amount still to be received on the payment plan.
    pub fn outstanding(&self) -> Money {
        self.payments.iter().map(Installment::outstanding).sum()
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    /// A 10,000 contract of customer `cus-1` in `status`, without plan or milestones.
    pub(crate) fn contract(status: ContractStatus) -> Contract {
        let t: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        Contract {
            id: "k1".into(), number: "HT-2026-001".into(), title: "设备采购".into(), customer_id: "cus-1".into(),
            deal_id: None, template_id: None, kind: "销售合同".into(), amount: Money::from_int(10_000),
            sign_date: None, start_date: None, end_date: None, status, approvals: vec![], milestones: vec![], payments: vec![],
            risk_override: None, amendments: vec![], disputed: false, dispute_note: String::new(), timeline: vec![], body: String::new(), created_at: t, updated_at: t, rev: 0,
        }
    }

    #[test]
    fn installments_stored_before_receipts_read_as_one_receipt() {
        let old = r#"{"due":"2026-02-01","amount":"100.00","received":"60.00","received_on":"2026-02-03"}"#;
        let i: Installment = serde_json::from_str(old).unwrap();
        assert_eq!(i.receipts, vec![Receipt { date: "2026-02-03".parse().unwrap(), amount: Money::from_int(60), note: String::new() }]);
        let unpaid: Installment = serde_json::from_str(r#"{"due":"2026-02-01","amount":"100.00","received":"0.00"}"#).unwrap();
        // An old demo's cent too many reads as paid in full, and the contract stays valid.
        let over: Installment = serde_json::from_str(r#"{"due":"2026-02-01","amount":"33.33","received":"33.34","received_on":"2026-02-01"}"#).unwrap();
        assert_eq!(over.receipts[0].amount, Money::parse("33.33").unwrap());
        let mut c = contract(ContractStatus::Signed);
        c.payments = vec![over];
        assert!(c.validate().is_empty());
        assert!(unpaid.receipts.is_empty());
        // Written back in the new form, it reads the same.
        let again: Installment = serde_json::from_str(&serde_json::to_string(&i).unwrap()).unwrap();
        assert_eq!(again, i);
        assert!(!serde_json::to_string(&i).unwrap().contains("received"));
    }

    #[test]
    fn receipts_above_the_installment_are_refused() {
        let mut c = contract(ContractStatus::Signed);
        c.payments = vec![Installment { due: "2026-02-01".parse().unwrap(), amount: Money::from_int(100), receipts: vec![Receipt { date: "2026-02-01".parse().unwrap(), amount: Money::from_int(101), note: String::new() }] }];
        assert_eq!(c.validate()[0].field, "payments[0].receipts");
    }

    #[test]
    fn outstanding_sums_unreceived_installments() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let t: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        let c = Contract {
            id: "k".into(), number: "HT-1".into(), title: "t".into(), customer_id: "c".into(),
            deal_id: None, template_id: None, kind: String::new(), amount: Money::from_int(300),
            sign_date: None, start_date: Some(d("2026-01-01")), end_date: Some(d("2025-01-01")),
            status: ContractStatus::Executing, approvals: vec![], milestones: vec![],
            payments: vec![
                Installment { due: d("2026-02-01"), amount: Money::from_int(100), receipts: vec![Receipt { date: d("2026-02-01"), amount: Money::from_int(100), note: String::new() }] },
                Installment { due: d("2026-03-01"), amount: Money::from_int(200), receipts: vec![Receipt { date: d("2026-03-01"), amount: Money::from_int(50), note: String::new() }] },
            ],
            risk_override: None, amendments: vec![], disputed: false, dispute_note: String::new(), timeline: vec![], body: String::new(), created_at: t, updated_at: t, rev: 0,
        };
        assert_eq!(c.outstanding().to_string(), "150.00");
        let problems = c.validate();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "end_date");
    }
}
