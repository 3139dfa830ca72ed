//! Customers 客户, their contacts 联系人, follow-ups 跟进记录 and service cases 售后/投诉.

use super::money::Money;
use super::validation::{Checker, FieldProblem, TEXT_MAX};
use super::Id;
use chrono::{DateTime, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerKind {
    Company,
    Person,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LeadSource {
    OnlineAds,
    OfflineEvent,
    PartnerReferral,
    TradeShow,
    Referral,
    Other,
}

impl LeadSource {
    pub const ALL: [LeadSource; 6] = [
        LeadSource::OnlineAds,
        LeadSource::OfflineEvent,
        LeadSource::PartnerReferral,
        LeadSource::TradeShow,
        LeadSource::Referral,
        LeadSource::Other,
    ];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CustomerStatus {
    Lead,
    Active,
    Dormant,
    Lost,
}

impl CustomerStatus {
    pub const ALL: [CustomerStatus; 4] =
        [CustomerStatus::Lead, CustomerStatus::Active, CustomerStatus::Dormant, CustomerStatus::Lost];
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Scale {
    Micro,
    Small,
    Medium,
    Large,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Contact {
    pub id: Id,
    pub name: String,
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub phone: String,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub birthday: Option<NaiveDate>,
    #[serde(default)]
    pub decision_maker: bool,
}

/// A manual grade with the reason it was set; shown as overridden next to the computed grade.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradeOverride {
    pub grade: String,
    pub reason: String,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Customer {
    pub id: Id,
    pub code: String,
    pub name: String,
    pub kind: CustomerKind,
    #[serde(default)]
    pub industry: String,
    #[serde(default)]
    pub region: String,
    #[serde(default)]
    pub scale: Option<Scale>,
    pub source: LeadSource,
    pub status: CustomerStatus,
    #[serde(default)]
    pub credit_limit: Option<Money>,
    #[serde(default)]
    pub tags: Vec<String>,
    #[serde(default)]
    pub notes: String,
    #[serde(default)]
    pub contacts: Vec<Contact>,
    #[serde(default)]
    pub grade_override: Option<GradeOverride>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Customer {
    pub fn validate(&self) -> Vec<FieldProblem> {
        let mut c = Checker::new();
        c.required("code", &self.code).required("name", &self.name);
        c.max_len("industry", &self.industry, 100).max_len("region", &self.region, 100);
        c.max_len("notes", &self.notes, TEXT_MAX);
        if let Some(limit) = self.credit_limit {
            c.money("credit_limit", limit);
        }
        for (i, tag) in self.tags.iter().enumerate() {
            c.required(&format!("tags[{i}]"), tag);
        }
        for (i, contact) in self.contacts.iter().enumerate() {
            c.nested(format!("contacts[{i}]"), |c| {
                c.required("name", &contact.name)
                    .max_len("title", &contact.title, 100)
                    .phone("phone", &contact.phone)
                    .email("email", &contact.email);
            });
        }
        if let Some(o) = &self.grade_override {
            c.required("grade_override.reason", &o.reason);
        }
        c.finish()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    Call,
    Visit,
    Email,
    Meeting,
    Message,
}

impl Channel {
    pub const ALL: [Channel; 5] =
        [Channel::Call, Channel::Visit, Channel::Email, Channel::Meeting, Channel::Message];
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct FollowUp {
    pub id: Id,
    pub customer_id: Id,
    #[serde(default)]
    pub deal_id: Option<Id>,
    pub channel: Channel,
    pub date: NaiveDate,
    pub summary: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    pub next_date: Option<NaiveDate>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl FollowUp {
    pub fn validate(&self) -> Vec<FieldProblem> {
        let mut c = Checker::new();
        c.required("summary", &self.summary).max_len("outcome", &self.outcome, TEXT_MAX);
        c.date_order("next_date", self.next_date, "date", Some(self.date));
        c.finish()
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ServiceKind {
    AfterSales,
    Complaint,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CaseStatus {
    Open,
    Resolved,
}

impl ComplaintCause {
    pub const ALL: [ComplaintCause; 6] = [
        ComplaintCause::Quality,
        ComplaintCause::Delivery,
        ComplaintCause::Service,
        ComplaintCause::Price,
        ComplaintCause::Billing,
        ComplaintCause::Other,
    ];
}

/// Complaint causes, categorised so complaints can be counted by cause.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ComplaintCause {
    Quality,
    Delivery,
    Service,
    Price,
    Billing,
    Other,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ServiceCase {
    pub id: Id,
    pub customer_id: Id,
    pub date: NaiveDate,
    pub kind: ServiceKind,
    #[serde(default)]
    pub cause: Option<ComplaintCause>,
    pub description: String,
    pub status: CaseStatus,
    #[serde(default)]
    pub satisfaction: Option<u8>,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl ServiceCase {
    pub fn validate(&self) -> Vec<FieldProblem> {
        let mut c = Checker::new();
        c.required("description", &self.description);
        if let Some(s) = self.satisfaction {
            c.range("satisfaction", i64::from(s), 1, 5);
        }
        c.finish()
    }
}

/// Follow-ups whose next date is today or earlier, most overdue first.
pub fn due_follow_ups(follow_ups: &[FollowUp], today: NaiveDate) -> Vec<&FollowUp> {
    let mut due: Vec<&FollowUp> = follow_ups.iter().filter(|f| f.next_date.is_some_and(|n| n <= today)).collect();
    due.sort_by_key(|f| f.next_date);
    due
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn due_follow_ups_are_today_or_overdue_oldest_first() {
        let t: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let f = |id: &str, next: Option<&str>| FollowUp {
            id: id.into(), customer_id: "c".into(), deal_id: None, channel: Channel::Call,
            date: d("2026-01-01"), summary: "s".into(), outcome: String::new(),
            next_date: next.map(d), created_at: t, updated_at: t,
        };
        let all = [f("later", Some("2026-03-01")), f("today", Some("2026-02-01")), f("old", Some("2026-01-15")), f("none", None)];
        let ids: Vec<&str> = due_follow_ups(&all, d("2026-02-01")).iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["old", "today"]);
    }
}
