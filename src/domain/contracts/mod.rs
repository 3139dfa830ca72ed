//! Contracts 合同 with approvals, milestones, the payment plan 回款计划 and amendments; templates.

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
    pub date: Option<NaiveDate>,
    #[serde(default)]
    pub comment: String,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Milestone {
    pub name: String,
    #[serde(default)]
    pub due: Option<NaiveDate>,
    /// Execution progress 执行进度 in percent.
    pub progress: u8,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Installment {
    pub due: NaiveDate,
    pub amount: Money,
    #[serde(default)]
    pub received: Money,
    #[serde(default)]
    pub received_on: Option<NaiveDate>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Amendment {
    pub date: NaiveDate,
    pub description: String,
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
    pub sign_date: Option<NaiveDate>,
    #[serde(default)]
    pub start_date: Option<NaiveDate>,
    #[serde(default)]
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
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Changes with every write: a save that expected another revision is refused (see `Service::write`). 0 until first stored.
    #[serde(default)]
    pub rev: u32,
}

impl Contract {
    pub fn validate(&self) -> Vec<FieldProblem> {
        let mut c = Checker::new();
        c.required("number", &self.number).required("title", &self.title);
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
                c.money("amount", p.amount).money("received", p.received);
            });
        }
        for (i, a) in self.amendments.iter().enumerate() {
            c.nested(format!("amendments[{i}]"), |c| {
                c.required("description", &a.description);
            });
        }
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
    pub reviewed_on: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
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
        self.payments.iter().map(|p| p.amount - p.received).filter(|m| !m.is_negative()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
                Installment { due: d("2026-02-01"), amount: Money::from_int(100), received: Money::from_int(100), received_on: None },
                Installment { due: d("2026-03-01"), amount: Money::from_int(200), received: Money::from_int(50), received_on: None },
            ],
            risk_override: None, amendments: vec![], disputed: false, created_at: t, updated_at: t, rev: 0,
        };
        assert_eq!(c.outstanding().to_string(), "150.00");
        let problems = c.validate();
        assert_eq!(problems.len(), 1);
        assert_eq!(problems[0].field, "end_date");
    }
}
