//! Customers 客户, their contacts 联系人, follow-ups 跟进记录 and service cases 售后/投诉.

pub mod duplicates;
pub mod export;
pub mod grading;
pub mod import;
pub mod query;

use crate::domain::money::Money;
use crate::domain::validation::{Checker, FieldProblem, Problem, TEXT_MAX};
use crate::domain::Id;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, Utc};
use serde::{Deserialize, Serialize};
use crate::domain::sorting::SortShared;

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

/// The status a customer's purchases give them: active while they bought within half the
/// churn window, dormant 沉睡 until the churn window, lost 流失 after it. `None` for someone
/// who never bought (their status stays as set: a lead is a lead).
pub fn status_from_purchases(last_purchase: Option<NaiveDate>, today: NaiveDate, churn_window_days: u32) -> Option<CustomerStatus> {
    let days = (today - last_purchase?).num_days();
    Some(if days > i64::from(churn_window_days) {
        CustomerStatus::Lost
    } else if days > i64::from(churn_window_days / 2) {
        CustomerStatus::Dormant
    } else {
        CustomerStatus::Active
    })
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
    #[serde(deserialize_with = "crate::domain::stamps::day_opt")]
    pub birthday: Option<NaiveDate>,
    #[serde(default)]
    pub decision_maker: bool,
}

/// A manual grade with the reason it was set; shown as overridden next to the computed grade.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct GradeOverride {
    pub grade: String,
    pub reason: String,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
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
    /// The status was chosen by hand; otherwise it follows purchases
    /// ([`status_from_purchases`]).
    #[serde(default)]
    pub status_by_hand: bool,
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
    #[serde(deserialize_with = "crate::domain::stamps::time")]
    pub created_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
    pub updated_at: DateTime<Utc>,
    /// Changes with every write: a save that expected another revision is refused (see `Service::write`). 0 until first stored.
    #[serde(default)]
    pub rev: u32,
}

impl Customer {
    /// A new company lead with only a code and a name: what the form starts from and what
    /// quick capture and imports create.
    pub fn new_lead(id: Id, code: String, name: String, source: LeadSource, now: DateTime<Utc>) -> Customer {
        Customer {
            id,
            code,
            name,
            kind: CustomerKind::Company,
            industry: String::new(),
            region: String::new(),
            scale: None,
            source,
            status: CustomerStatus::Lead,
            status_by_hand: false,
            credit_limit: None,
            tags: Vec::new(),
            notes: String::new(),
            contacts: Vec::new(),
            grade_override: None,
            created_at: now,
            updated_at: now, rev: 0,
        }
    }

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
    #[serde(deserialize_with = "crate::domain::stamps::day")]
    pub date: NaiveDate,
    pub summary: String,
    #[serde(default)]
    pub outcome: String,
    #[serde(default)]
    #[serde(deserialize_with = "crate::domain::stamps::day_opt")]
    pub next_date: Option<NaiveDate>,
    /// The time of day planned for the next follow-up, when one was given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub next_time: Option<NaiveTime>,
    /// The planned next follow-up happened (it was logged as its own follow-up).
    #[serde(default)]
    pub next_done: bool,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
    pub created_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
    pub updated_at: DateTime<Utc>,
    /// Changes with every write: a save that expected another revision is refused (see `Service::write`). 0 until first stored.
    #[serde(default)]
    pub rev: u32,
}

impl FollowUp {
    /// "Done" on a planned follow-up: the plan is marked done and what happened is logged as
    /// today's follow-up (same customer, deal and summary; the channel, outcome and next step
    /// as told). Returns (the planned one marked done, the new one).
    pub fn complete(self, done: &Completion, new_id: Id, today: NaiveDate, now: DateTime<Utc>) -> (FollowUp, FollowUp) {
        let logged = FollowUp {
            id: new_id,
            date: today,
            channel: done.channel,
            outcome: done.outcome.trim().to_string(),
            next_date: done.next.map(|(d, _)| d),
            next_time: done.next.and_then(|(_, t)| t),
            next_done: false,
            created_at: now,
            updated_at: now,
            rev: 0,
            ..self.clone()
        };
        (FollowUp { next_done: true, updated_at: now, ..self }, logged)
    }

    /// The planned follow-up moved to another day (and time, or none).
    pub fn reschedule(self, to: NaiveDate, time: Option<NaiveTime>, now: DateTime<Utc>) -> FollowUp {
        FollowUp { next_date: Some(to), next_time: time, updated_at: now, ..self }
    }

    pub fn validate(&self) -> Vec<FieldProblem> {
        let mut c = Checker::new();
        c.required("summary", &self.summary).max_len("outcome", &self.outcome, TEXT_MAX);
        c.date_order("next_date", self.next_date, "date", Some(self.date));
        if self.next_time.is_some() && self.next_date.is_none() {
            c.push("next_date", Problem::Required);
        }
        c.finish()
    }
}

/// How a planned follow-up went, asked for when it is marked done: the outcome, and the next
/// step — a day (with a time of day if one was given), or `None` for no further follow-up.
#[derive(Clone, Debug, PartialEq)]
pub struct Completion {
    pub channel: Channel,
    pub outcome: String,
    pub next: Option<(NaiveDate, Option<NaiveTime>)>,
}

impl Completion {
    /// The outcome is required; a next follow-up cannot be planned before `today`.
    pub fn validate(&self, today: NaiveDate) -> Vec<FieldProblem> {
        let mut c = Checker::new();
        if self.outcome.trim().is_empty() {
            c.push("outcome", Problem::Required);
        }
        c.max_len("outcome", &self.outcome, TEXT_MAX);
        c.date_order("next_date", self.next.map(|(d, _)| d), "today", Some(today));
        c.finish()
    }
}

/// The quick choices for putting a follow-up off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Snooze {
    Tomorrow,
    /// Monday of next week.
    NextWeek,
}

impl Snooze {
    pub fn date(self, today: NaiveDate) -> NaiveDate {
        match self {
            Snooze::Tomorrow => today + Duration::days(1),
            Snooze::NextWeek => today + Duration::days(7 - i64::from(today.weekday().num_days_from_monday())),
        }
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
    #[serde(deserialize_with = "crate::domain::stamps::day")]
    pub date: NaiveDate,
    pub kind: ServiceKind,
    #[serde(default)]
    pub cause: Option<ComplaintCause>,
    pub description: String,
    pub status: CaseStatus,
    #[serde(default)]
    pub satisfaction: Option<u8>,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
    pub created_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
    pub updated_at: DateTime<Utc>,
    /// Changes with every write: a save that expected another revision is refused (see `Service::write`). 0 until first stored.
    #[serde(default)]
    pub rev: u32,
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

/// Follow-ups whose next date is today or earlier and not done yet, most overdue first.
pub fn due_follow_ups(follow_ups: &[FollowUp], today: NaiveDate) -> Vec<&FollowUp> {
    let mut due: Vec<&FollowUp> =
        follow_ups.iter().filter(|f| !f.next_done && f.next_date.is_some_and(|n| n <= today)).collect();
    due.sort_by_key_shared(|f| (f.next_date, f.next_time.unwrap_or(NaiveTime::MIN)));
    due
}

/// What to do about whom: planned follow-ups by urgency, and contact birthdays coming up
/// (客户关怀).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Reminders<'a> {
    pub overdue: Vec<&'a FollowUp>,
    pub today: Vec<&'a FollowUp>,
    /// Tomorrow to six days ahead.
    pub this_week: Vec<&'a FollowUp>,
    /// (customer, contact, the birthday's next date) within `birthday_days`.
    pub birthdays: Vec<(&'a Customer, &'a Contact, NaiveDate)>,
}

pub fn reminders<'a>(follow_ups: &'a [FollowUp], customers: &'a [Customer], today: NaiveDate, birthday_days: i64) -> Reminders<'a> {
    let mut r = Reminders::default();
    for f in follow_ups.iter().filter(|f| !f.next_done) {
        let Some(n) = f.next_date else { continue };
        let days = (n - today).num_days();
        match days {
            d if d < 0 => r.overdue.push(f),
            0 => r.today.push(f),
            1..=6 => r.this_week.push(f),
            _ => {}
        }
    }
    for list in [&mut r.overdue, &mut r.today, &mut r.this_week] {
        list.sort_by_key_shared(|f| (f.next_date, f.next_time.unwrap_or(NaiveTime::MIN)));
    }
    for c in customers.iter().filter(|c| c.status != CustomerStatus::Lost) {
        for k in &c.contacts {
            let Some(b) = k.birthday else { continue };
            if let Some(next) = next_anniversary(b, today) {
                if (next - today).num_days() <= birthday_days {
                    r.birthdays.push((c, k, next));
                }
            }
        }
    }
    r.birthdays.sort_by_key_shared(|(_, _, d)| *d);
    r
}

/// The next date (today or later) that is the anniversary of `date`; 29 February falls on
/// 28 February in common years.
pub fn next_anniversary(date: NaiveDate, today: NaiveDate) -> Option<NaiveDate> {
    use chrono::Datelike;
    let on = |year: i32| NaiveDate::from_ymd_opt(year, date.month(), date.day()).or_else(|| NaiveDate::from_ymd_opt(year, 2, 28));
    let this_year = on(today.year())?;
    if this_year >= today { Some(this_year) } else { on(today.year() + 1) }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn status_follows_the_last_purchase() {
        let today: NaiveDate = "2026-11-25".parse().unwrap();
        let ago = |days: i64| Some(today - chrono::Duration::days(days));
        assert_eq!(status_from_purchases(None, today, 180), None, "never bought: stays as set");
        assert_eq!(status_from_purchases(ago(0), today, 180), Some(CustomerStatus::Active));
        assert_eq!(status_from_purchases(ago(90), today, 180), Some(CustomerStatus::Active));
        assert_eq!(status_from_purchases(ago(91), today, 180), Some(CustomerStatus::Dormant));
        assert_eq!(status_from_purchases(ago(180), today, 180), Some(CustomerStatus::Dormant));
        assert_eq!(status_from_purchases(ago(181), today, 180), Some(CustomerStatus::Lost));
        assert_eq!(status_from_purchases(ago(-3), today, 180), Some(CustomerStatus::Active), "a purchase dated ahead");
    }

    #[test]
    fn reminders_by_urgency_and_birthdays_across_new_year() {
        let t: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let f = |id: &str, next: &str, done: bool| FollowUp {
            id: id.into(), customer_id: "c".into(), deal_id: None, channel: Channel::Call,
            date: d("2026-12-01"), summary: "s".into(), outcome: String::new(),
            next_date: Some(d(next)), next_time: None, next_done: done, created_at: t, updated_at: t, rev: 0,
        };
        let fus = [f("late", "2026-12-20", false), f("done", "2026-12-20", true), f("now", "2026-12-28", false),
                   f("soon", "2027-01-03", false), f("later", "2027-01-10", false)];
        let mut customer = crate::domain::customers::duplicates::tests_support::customer("c");
        customer.contacts[0].birthday = Some(d("1990-01-05"));
        let customers = [customer];
        let r = reminders(&fus, &customers, d("2026-12-28"), 14);
        let ids = |v: &Vec<&FollowUp>| v.iter().map(|f| f.id.clone()).collect::<Vec<_>>();
        assert_eq!(ids(&r.overdue), ["late"]);
        assert_eq!(ids(&r.today), ["now"]);
        assert_eq!(ids(&r.this_week), ["soon"]);
        assert_eq!(r.birthdays.len(), 1);
        assert_eq!(r.birthdays[0].2, d("2027-01-05"));
        assert_eq!(next_anniversary(d("2000-02-29"), d("2026-02-01")), Some(d("2026-02-28")));
    }

    #[test]
    fn due_follow_ups_are_today_or_overdue_oldest_first() {
        let t: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        let f = |id: &str, next: Option<&str>| FollowUp {
            id: id.into(), customer_id: "c".into(), deal_id: None, channel: Channel::Call,
            date: d("2026-01-01"), summary: "s".into(), outcome: String::new(),
            next_date: next.map(d), next_time: None, next_done: false, created_at: t, updated_at: t, rev: 0,
        };
        let all = [f("later", Some("2026-03-01")), f("today", Some("2026-02-01")), f("old", Some("2026-01-15")), f("none", None)];
        let ids: Vec<&str> = due_follow_ups(&all, d("2026-02-01")).iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["old", "today"]);
    }

    fn fu(id: &str, date: &str, next: Option<&str>) -> FollowUp {
        let t: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        FollowUp {
            id: id.into(), customer_id: "c".into(), deal_id: None, channel: Channel::Call,
            date: d(date), summary: "call about the offer".into(), outcome: String::new(),
            next_date: next.map(d), next_time: None, next_done: false, created_at: t, updated_at: t, rev: 0,
        }
    }

    #[test]
    fn completing_a_planned_follow_up_marks_it_and_logs_what_happened_today() {
        let mut planned = fu("p", "2026-11-01", Some("2026-11-20"));
        planned.deal_id = Some("deal-1".into());
        planned.outcome = "asked for a quote".into();
        let now: DateTime<Utc> = "2026-11-24T09:00:00Z".parse().unwrap();
        let today: NaiveDate = "2026-11-24".parse().unwrap();
        let done_as = Completion { channel: Channel::Visit, outcome: "  sent the revised quote ".into(), next: None };
        let (done, logged) = planned.clone().complete(&done_as, "new".into(), today, now);
        assert!(done.next_done);
        assert_eq!(done.next_date, planned.next_date);
        assert_eq!(done.updated_at, now);
        assert_eq!(done.id, "p");
        assert_eq!((logged.id.as_str(), logged.date, logged.next_date, logged.next_done), ("new", today, None, false));
        assert_eq!((logged.customer_id.as_str(), logged.deal_id.as_deref(), logged.summary.as_str()), ("c", Some("deal-1"), planned.summary.as_str()));
        assert_eq!((logged.channel, logged.outcome.as_str()), (Channel::Visit, "sent the revised quote"));
        assert_eq!(logged.created_at, now);
        assert!(due_follow_ups(&[done, logged], today).is_empty(), "nothing is due any more");
    }

    #[test]
    fn a_completion_with_a_next_step_plans_the_next_follow_up_at_its_time() {
        let planned = fu("p", "2026-11-01", Some("2026-11-20"));
        let today: NaiveDate = "2026-11-24".parse().unwrap();
        let at = NaiveTime::from_hms_opt(14, 30, 0);
        let next = "2026-11-27".parse().unwrap();
        let done_as = Completion { channel: Channel::Call, outcome: "wants a demo".into(), next: Some((next, at)) };
        assert!(done_as.validate(today).is_empty());
        let (_, logged) = planned.complete(&done_as, "new".into(), today, Utc::now());
        assert_eq!((logged.next_date, logged.next_time), (Some(next), at));
        assert!(logged.validate().is_empty());
        let r = reminders(std::slice::from_ref(&logged), &[], today, 14);
        assert_eq!(r.this_week.len(), 1, "the next step is a reminder this week");
    }

    #[test]
    fn a_completion_needs_an_outcome_and_no_next_step_in_the_past() {
        let today: NaiveDate = "2026-11-24".parse().unwrap();
        let blank = Completion { channel: Channel::Call, outcome: "   ".into(), next: Some(("2026-11-23".parse().unwrap(), None)) };
        let problems = blank.validate(today);
        assert!(problems.iter().any(|p| p.field == "outcome" && p.problem == Problem::Required));
        assert!(problems.iter().any(|p| p.field == "next_date" && p.problem == Problem::BeforeDate { other: "today" }));
        let today_is_fine = Completion { outcome: "ok".into(), next: Some((today, None)), ..blank.clone() };
        assert!(today_is_fine.validate(today).is_empty());
        // As long as a follow-up's outcome may be, and no longer.
        let long = Completion { outcome: "长".repeat(TEXT_MAX), next: None, ..blank.clone() };
        assert!(long.validate(today).is_empty());
        let too_long = Completion { outcome: "长".repeat(TEXT_MAX + 1), next: None, ..blank };
        assert_eq!(too_long.validate(today)[0].problem, Problem::TooLong { max: TEXT_MAX });
    }

    #[test]
    fn a_follow_up_is_put_off_to_tomorrow_next_monday_or_a_date_and_time() {
        let d = |s: &str| s.parse::<NaiveDate>().unwrap();
        // 2026-11-24 is a Tuesday, 2026-11-29 a Sunday, 2026-11-30 a Monday.
        assert_eq!(Snooze::Tomorrow.date(d("2026-11-24")), d("2026-11-25"));
        assert_eq!(Snooze::NextWeek.date(d("2026-11-24")), d("2026-11-30"));
        assert_eq!(Snooze::NextWeek.date(d("2026-11-29")), d("2026-11-30"));
        assert_eq!(Snooze::NextWeek.date(d("2026-11-30")), d("2026-12-07"));
        let now: DateTime<Utc> = "2026-11-24T09:00:00Z".parse().unwrap();
        let at = NaiveTime::from_hms_opt(9, 15, 0);
        let moved = fu("p", "2026-11-01", Some("2026-11-20")).reschedule(d("2026-12-01"), at, now);
        assert_eq!((moved.next_date, moved.next_time, moved.next_done, moved.updated_at), (Some(d("2026-12-01")), at, false, now));
        let r = reminders(std::slice::from_ref(&moved), &[], d("2026-11-24"), 14);
        assert!(r.overdue.is_empty() && r.today.is_empty() && r.this_week.is_empty(), "no longer overdue, and not this week");
    }

    #[test]
    fn a_time_without_a_day_is_refused_and_timed_reminders_sort_within_the_day() {
        let mut f = fu("p", "2026-11-01", None);
        f.next_time = NaiveTime::from_hms_opt(10, 0, 0);
        assert!(f.validate().iter().any(|p| p.field == "next_date" && p.problem == Problem::Required));
        let at = |id: &str, h: Option<u32>| FollowUp { next_time: h.and_then(|h| NaiveTime::from_hms_opt(h, 0, 0)), ..fu(id, "2026-11-01", Some("2026-11-24")) };
        let list = [at("late", Some(16)), at("early", Some(8)), at("untimed", None)];
        let r = reminders(&list, &[], "2026-11-24".parse().unwrap(), 14);
        let ids: Vec<&str> = r.today.iter().map(|f| f.id.as_str()).collect();
        assert_eq!(ids, ["untimed", "early", "late"]);
    }
}
