//! Trade shows and events 展会/活动: the event record, a visitor's self-registration at the
//! stand (kiosk mode) planned into a customer, a deal and a follow-up, and the event report.

use crate::domain::codes::next_customer_code;
use crate::domain::customers::duplicates::{normalize_email, normalize_phone};
use crate::domain::customers::{Channel, Contact, Customer, CustomerKind, FollowUp, LeadSource};
use crate::domain::pipeline::{pro_rata, Deal, LineItem, Stage, StageKind};
use crate::domain::products::Product;
use crate::domain::validation::{Checker, FieldProblem, Problem, NAME_MAX, TEXT_MAX};
use crate::domain::{Id, Money};
use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, Timelike, Utc, Weekday};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// The longest event, in days: a date typed a year off is caught.
pub const MAX_DAYS: i64 = 60;

/// A trade show, fair or other event where leads are met.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Event {
    pub id: Id,
    pub name: String,
    #[serde(default)]
    pub place: String,
    #[serde(deserialize_with = "crate::domain::stamps::day")]
    pub starts_on: NaiveDate,
    #[serde(deserialize_with = "crate::domain::stamps::day")]
    pub ends_on: NaiveDate,
    /// The products shown at the stand: the interests a visitor can pick in kiosk mode.
    #[serde(default)]
    pub products: Vec<Id>,
    /// What a visitor agrees to before registering (what is kept, for what): stored with each
    /// registration as it read then.
    #[serde(default)]
    pub consent_text: String,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
    pub created_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
    pub updated_at: DateTime<Utc>,
    /// Changes with every write: a save that expected another revision is refused (see `Service::write`). 0 until first stored.
    #[serde(default)]
    pub rev: u32,
}

impl Event {
    pub fn new(id: Id, today: NaiveDate, consent_text: String, now: DateTime<Utc>) -> Event {
        Event { id, name: String::new(), place: String::new(), starts_on: today, ends_on: today, products: Vec::new(), consent_text, created_at: now, updated_at: now, rev: 0 }
    }

    pub fn validate(&self) -> Vec<FieldProblem> {
        let mut c = Checker::new();
        c.required("name", &self.name).max_len("place", &self.place, NAME_MAX);
        c.date_order("ends_on", Some(self.ends_on), "starts_on", Some(self.starts_on));
        if (self.ends_on - self.starts_on).num_days() >= MAX_DAYS {
            c.push("ends_on", Problem::OutOfRange { min: 1, max: MAX_DAYS });
        }
        // A paragraph, longer than `required` allows a name.
        if self.consent_text.trim().is_empty() {
            c.push("consent_text", Problem::Required);
        }
        c.max_len("consent_text", &self.consent_text, TEXT_MAX);
        c.finish()
    }

    /// The event runs on `day`.
    pub fn runs_on(&self, day: NaiveDate) -> bool {
        self.starts_on <= day && day <= self.ends_on
    }
}

/// The events running on `today`, the latest started first: what Quick lead tags.
pub fn running(events: &[Event], today: NaiveDate) -> Vec<&Event> {
    let mut on: Vec<&Event> = events.iter().filter(|e| e.runs_on(today)).collect();
    on.sort_by(|a, b| b.starts_on.cmp(&a.starts_on).then_with(|| a.name.cmp(&b.name)));
    on
}

/// The consent a visitor gave: the text they were shown and when they agreed.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Consent {
    pub text: String,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
    pub at: DateTime<Utc>,
}

/// The next working day after `day` (Monday to Friday): the follow-up of a registration.
pub fn next_working_day(day: NaiveDate) -> NaiveDate {
    let next = day + Duration::days(1);
    match next.weekday() {
        Weekday::Sat => next + Duration::days(2),
        Weekday::Sun => next + Duration::days(1),
        _ => next,
    }
}

/// What a visitor types at the kiosk.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Registration {
    pub name: String,
    pub company: String,
    pub title: String,
    pub phone: String,
    pub email: String,
    /// Products picked (ids), in the order shown.
    pub interests: Vec<Id>,
    pub note: String,
    pub consent: bool,
}

impl Registration {
    /// A name, a way to reach them (phone or e-mail, each well-formed), and the consent.
    pub fn validate(&self) -> Vec<FieldProblem> {
        let mut c = Checker::new();
        c.required("name", self.name.trim());
        c.max_len("company", self.company.trim(), NAME_MAX).max_len("title", self.title.trim(), 100);
        if self.phone.trim().is_empty() && self.email.trim().is_empty() {
            c.push("phone", Problem::Required);
        }
        c.phone("phone", self.phone.trim()).max_len("phone", self.phone.trim(), 50);
        c.email("email", self.email.trim()).max_len("email", self.email.trim(), NAME_MAX);
        c.max_len("note", self.note.trim(), 2_000);
        if !self.consent {
            c.push("consent", Problem::Required);
        }
        c.finish()
    }

    /// Nothing typed or picked: what the inactivity reset need not clear.
    pub fn is_blank(&self) -> bool {
        *self == Registration::default()
    }
}

/// The records one registration writes.
#[derive(Clone, Debug, PartialEq)]
pub struct RegistrationPlan {
    /// The new customer, or the one from the book their phone or e-mail found, updated.
    pub customer: Customer,
    pub is_new: bool,
    pub deal: Deal,
    pub follow_up: FollowUp,
}

/// What a registration needs from the book besides the form.
pub struct Stand<'a> {
    pub event: &'a Event,
    pub customers: &'a [Customer],
    pub products: &'a [Product],
    pub code_prefix: &'a str,
    /// The first open stage and the rank of a new deal there.
    pub stage_id: &'a str,
    pub rank: String,
    /// The deal's title and the follow-up's summary ("展会登记：<event>").
    pub title: String,
}

/// Plans a registration: the customer whose contact has the phone or e-mail given (its contact
/// filled in where blank; the person joins as a new contact when another contact matched), or
/// a new one; a deal in the first stage with source trade show, the event, the consent, and a
/// quote line of quantity 1 per product picked; a follow-up due the next working day. `None`
/// when the form does not pass [`Registration::validate`].
pub fn plan_registration(reg: &Registration, stand: &Stand, mut new_id: impl FnMut(&str) -> String, today: NaiveDate, now: DateTime<Utc>) -> Option<RegistrationPlan> {
    if !reg.validate().is_empty() {
        return None;
    }
    let (name, company, title, phone, email) = (reg.name.trim(), reg.company.trim(), reg.title.trim(), reg.phone.trim(), reg.email.trim());
    let (phone_key, email_key) = (normalize_phone(phone), normalize_email(email));
    let same = |c: &Contact| {
        phone_key.as_ref().is_some_and(|p| normalize_phone(&c.phone).as_ref() == Some(p))
            || email_key.as_ref().is_some_and(|e| normalize_email(&c.email).as_ref() == Some(e))
    };
    let found = stand.customers.iter().find(|c| c.contacts.iter().any(same));
    let person = Contact { id: new_id("con"), name: name.to_string(), title: title.to_string(), phone: phone.to_string(), email: email.to_string(), birthday: None, decision_maker: false };
    let (customer, is_new) = match found {
        Some(known) => {
            let mut k = known.clone();
            // The contact with their phone or e-mail, if it is them (same name), gets what it lacks.
            match k.contacts.iter_mut().find(|c| same(c) && c.name.trim() == name) {
                Some(c) => {
                    for (field, given) in [(&mut c.title, title), (&mut c.phone, phone), (&mut c.email, email)] {
                        if field.trim().is_empty() {
                            *field = given.to_string();
                        }
                    }
                }
                None => k.contacts.push(person),
            }
            k.updated_at = now;
            (k, false)
        }
        None => {
            let code = next_customer_code(stand.code_prefix, stand.customers.iter().map(|c| c.code.as_str()));
            let mut c = Customer::new_lead(new_id("cus"), code, if company.is_empty() { name } else { company }.to_string(), LeadSource::TradeShow, now);
            if company.is_empty() {
                c.kind = CustomerKind::Person;
            }
            c.contacts.push(person);
            (c, true)
        }
    };
    let mut deal = Deal::blank(new_id("deal"), stand.stage_id, now);
    deal.title = stand.title.chars().take(NAME_MAX).collect();
    deal.customer_id = customer.id.clone();
    deal.source = LeadSource::TradeShow;
    deal.rank = stand.rank.clone();
    deal.event_id = Some(stand.event.id.clone());
    deal.consent = Some(Consent { text: stand.event.consent_text.clone(), at: now });
    deal.notes = reg.note.trim().to_string();
    deal.line_items = reg
        .interests
        .iter()
        .filter_map(|id| stand.products.iter().find(|p| &p.id == id))
        .map(|p| LineItem { product_id: p.id.clone(), quantity: Decimal::ONE, unit_price: p.list_price, discount_pct: Decimal::ZERO, discount_reason: String::new() })
        .collect();
    deal.amount = deal.line_items.iter().map(LineItem::total).fold(Money::ZERO, |a, b| a + b);
    let follow_up = FollowUp {
        id: new_id("fu"),
        customer_id: customer.id.clone(),
        deal_id: Some(deal.id.clone()),
        channel: Channel::Visit,
        date: today,
        summary: stand.title.chars().take(NAME_MAX).collect(),
        outcome: String::new(),
        next_date: Some(next_working_day(today)),
        next_time: None,
        next_done: false,
        created_at: now,
        updated_at: now,
        rev: 0,
    };
    Some(RegistrationPlan { customer, is_new, deal, follow_up })
}

/// Leads, qualified leads, won deals and their revenue: one row of the report.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Tally {
    pub leads: usize,
    pub qualified: usize,
    pub won: usize,
    pub revenue: Money,
}

impl Tally {
    /// One more lead: `deal`, and the part of its amount this row counts when it is won.
    fn add(&mut self, deal: &Deal, won: bool, revenue: Money) {
        self.leads += 1;
        self.qualified += usize::from(deal.man.qualified());
        if won {
            self.won += 1;
            self.revenue = self.revenue + revenue;
        }
    }

    /// Qualified leads (Money, Authority and Need all yes) as a share of the leads, in percent.
    pub fn qualified_pct(&self) -> Option<f64> {
        (self.leads > 0).then(|| self.qualified as f64 * 100.0 / self.leads as f64)
    }
}

/// A deal's amount shared among the products of its quote lines as Analytics shares it
/// ([`pro_rata`] of the line totals), summed per product in the order first quoted; lines
/// that total nothing share it evenly (each product picked is still an interest), and a deal
/// without lines gives it all to "" (no product).
pub fn shares(deal: &Deal) -> Vec<(String, Money)> {
    let mut totals: Vec<i128> = deal.line_items.iter().map(LineItem::total_cents).collect();
    if totals.is_empty() {
        return vec![(String::new(), deal.amount)];
    }
    if totals.iter().sum::<i128>() == 0 {
        totals.iter_mut().for_each(|t| *t = 1);
    }
    let mut parts: Vec<(String, i128)> = Vec::new();
    pro_rata(deal.amount, &totals, |i, cents| {
        let product = &deal.line_items[i].product_id;
        match parts.iter_mut().find(|(p, _)| p == product) {
            Some(part) => part.1 += cents,
            None => parts.push((product.clone(), cents)),
        }
    });
    parts.into_iter().map(|(p, c)| (p, Money::of_cents(c))).collect()
}

/// Whether an event paid off: its leads in total, per hour of each day (local time), per
/// product of interest, and how many were won for how much.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct EventReport {
    pub total: Tally,
    /// (day, hour) → leads captured in that hour, in time order.
    pub by_hour: Vec<((NaiveDate, u32), Tally)>,
    /// Product id → leads that picked it, most picked first; "" for leads without one.
    pub by_interest: Vec<(Id, Tally)>,
}

/// The report of `event` from the book's deals (those carrying the event) and stages; hours
/// are read at `offset` (the device's time zone).
pub fn report(event: &Event, deals: &[Deal], stages: &[Stage], offset: FixedOffset) -> EventReport {
    let won_stage = |id: &str| stages.iter().any(|s| s.id == id && s.kind == StageKind::Won);
    let mut r = EventReport::default();
    let mut hours: BTreeMap<(NaiveDate, u32), Tally> = BTreeMap::new();
    let mut interests: BTreeMap<Id, Tally> = BTreeMap::new();
    for d in deals.iter().filter(|d| d.event_id.as_deref() == Some(event.id.as_str())) {
        let won = won_stage(&d.stage_id);
        r.total.add(d, won, d.amount);
        let local = d.created_at.with_timezone(&offset);
        hours.entry((local.date_naive(), local.hour())).or_default().add(d, won, d.amount);
        // A lead counts once for each product it picked; its revenue is shared among them.
        for (p, revenue) in shares(d) {
            interests.entry(p).or_default().add(d, won, revenue);
        }
    }
    r.by_hour = hours.into_iter().collect();
    let mut by_interest: Vec<(Id, Tally)> = interests.into_iter().collect();
    // Most picked first; "no product" last; then by id for a stable order.
    by_interest.sort_by(|a, b| a.0.is_empty().cmp(&b.0.is_empty()).then(b.1.leads.cmp(&a.1.leads)).then_with(|| a.0.cmp(&b.0)));
    r.by_interest = by_interest;
    r
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::pipeline::{Answer, Man};

    fn at(s: &str) -> DateTime<Utc> {
        s.parse().unwrap()
    }

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn ids() -> impl FnMut(&str) -> String {
        let mut n = 0;
        move |p| {
            n += 1;
            format!("{p}-{n}")
        }
    }

    fn event() -> Event {
        let mut e = Event::new("ev".into(), day("2026-03-05"), "我们保存您的联系方式，仅用于展会后的产品咨询回复。".into(), at("2026-03-01T00:00:00Z"));
        e.name = "上海工博会".into();
        e.ends_on = day("2026-03-07");
        e
    }

    fn product(id: &str, price: i64) -> Product {
        let mut p = crate::domain::products::analysis::tests::product(id, &[], 0);
        p.list_price = Money::from_int(price);
        p
    }

    fn book() -> Vec<Customer> {
        let mut a = Customer::new_lead("a".into(), "C00007".into(), "华东精密机械".into(), LeadSource::Referral, at("2026-01-01T00:00:00Z"));
        a.contacts.push(Contact { id: "k".into(), name: "王芳".into(), title: String::new(), phone: "138 0013 8000".into(), email: String::new(), birthday: None, decision_maker: true });
        a.contacts.push(Contact { id: "m".into(), name: "李明".into(), title: "采购".into(), phone: String::new(), email: "Li.Ming@hd.example".into(), birthday: None, decision_maker: false });
        vec![a]
    }

    fn reg(name: &str, phone: &str, email: &str) -> Registration {
        Registration { name: name.into(), phone: phone.into(), email: email.into(), consent: true, ..Registration::default() }
    }

    fn plan(r: &Registration, customers: &[Customer]) -> Option<RegistrationPlan> {
        let (e, products) = (event(), vec![product("p1", 1200), product("p2", 80)]);
        let stand = Stand { event: &e, customers, products: &products, code_prefix: "C", stage_id: "s1", rank: "m".into(), title: "展会登记：上海工博会".into() };
        plan_registration(r, &stand, ids(), day("2026-03-06"), at("2026-03-06T02:30:00Z"))
    }

    #[test]
    fn an_event_needs_a_name_dates_in_order_and_a_consent_text() {
        assert_eq!(event().validate(), vec![]);
        let mut e = event();
        e.name = " ".into();
        e.ends_on = day("2026-03-04");
        e.consent_text = String::new();
        let fields: Vec<String> = e.validate().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["name", "ends_on", "consent_text"]);
        let mut long = event();
        long.ends_on = day("2027-03-05");
        assert_eq!(long.validate()[0].problem, Problem::OutOfRange { min: 1, max: MAX_DAYS });
        let mut wordy = event();
        wordy.consent_text = "条款".repeat(400);
        assert_eq!(wordy.validate(), vec![], "a consent text is a paragraph, longer than a name");
    }

    #[test]
    fn the_running_events_are_those_of_today_latest_started_first() {
        let mut older = event();
        older.id = "old".into();
        older.starts_on = day("2026-03-01");
        let mut other = event();
        other.id = "far".into();
        other.starts_on = day("2026-04-01");
        other.ends_on = day("2026-04-02");
        let events = [older, event(), other];
        let ids: Vec<&str> = running(&events, day("2026-03-05")).iter().map(|e| e.id.as_str()).collect();
        assert_eq!(ids, ["ev", "old"]);
        assert!(running(&events, day("2026-03-08")).is_empty());
        assert_eq!(running(&events, day("2026-03-07")).len(), 2, "the last day counts");
    }

    #[test]
    fn the_next_working_day_skips_the_weekend() {
        assert_eq!(next_working_day(day("2026-03-05")), day("2026-03-06"), "Thursday → Friday");
        assert_eq!(next_working_day(day("2026-03-06")), day("2026-03-09"), "Friday → Monday");
        assert_eq!(next_working_day(day("2026-03-07")), day("2026-03-09"), "Saturday → Monday");
        assert_eq!(next_working_day(day("2026-03-08")), day("2026-03-09"), "Sunday → Monday");
    }

    #[test]
    fn a_registration_needs_a_name_a_way_to_reach_them_and_the_consent() {
        let fields = |r: Registration| r.validate().into_iter().map(|p| p.field).collect::<Vec<_>>();
        assert!(fields(reg("李雷", "139 0000 0000", "")).is_empty());
        assert!(fields(reg("李雷", "", "li@x.example")).is_empty());
        assert_eq!(fields(reg(" ", "", "")), ["name", "phone"]);
        assert_eq!(fields(reg("李雷", "call me", "not-mail")), ["phone", "email"]);
        assert_eq!(fields(Registration { consent: false, ..reg("李雷", "139 0000 0000", "") }), ["consent"]);
        assert!(plan(&Registration { consent: false, ..reg("李雷", "139 0000 0000", "") }, &book()).is_none(), "no consent, no record");
        assert!(Registration::default().is_blank() && !reg("", "", "").is_blank());
    }

    #[test]
    fn a_new_visitor_becomes_a_customer_a_deal_with_the_event_and_a_follow_up() {
        let r = Registration { company: " 蓝海包装 ".into(), title: "厂长".into(), interests: vec!["p2".into(), "gone".into(), "p1".into()], note: "想看演示".into(), ..reg(" 韩梅梅 ", "139 0000 0000", "han@lh.example") };
        let p = plan(&r, &book()).unwrap();
        assert!(p.is_new);
        assert_eq!((p.customer.code.as_str(), p.customer.name.as_str(), p.customer.kind, p.customer.source), ("C00008", "蓝海包装", CustomerKind::Company, LeadSource::TradeShow));
        let c = &p.customer.contacts[0];
        assert_eq!((c.name.as_str(), c.title.as_str(), c.phone.as_str(), c.email.as_str(), c.decision_maker), ("韩梅梅", "厂长", "139 0000 0000", "han@lh.example", false));
        let d = &p.deal;
        assert_eq!((d.customer_id.as_str(), d.stage_id.as_str(), d.rank.as_str(), d.source), (p.customer.id.as_str(), "s1", "m", LeadSource::TradeShow));
        assert_eq!((d.title.as_str(), d.event_id.as_deref(), d.notes.as_str()), ("展会登记：上海工博会", Some("ev"), "想看演示"));
        assert_eq!(d.consent.as_ref().map(|c| (c.text.as_str(), c.at)), Some((event().consent_text.as_str(), at("2026-03-06T02:30:00Z"))));
        let lines: Vec<(&str, Decimal, Money)> = d.line_items.iter().map(|l| (l.product_id.as_str(), l.quantity, l.unit_price)).collect();
        assert_eq!(lines, [("p2", Decimal::ONE, Money::from_int(80)), ("p1", Decimal::ONE, Money::from_int(1200))], "unknown products are dropped");
        assert_eq!(d.amount, Money::from_int(1280));
        let f = &p.follow_up;
        assert_eq!((f.customer_id.as_str(), f.deal_id.as_deref(), f.date, f.next_date), (p.customer.id.as_str(), Some(d.id.as_str()), day("2026-03-06"), Some(day("2026-03-09"))));
        assert_eq!((p.customer.validate(), d.validate(), f.validate()), (vec![], vec![], vec![]));
        let alone = plan(&reg("韩梅梅", "", "han@lh.example"), &book()).unwrap();
        assert_eq!((alone.customer.name.as_str(), alone.customer.kind, alone.deal.amount), ("韩梅梅", CustomerKind::Person, Money::ZERO));
    }

    #[test]
    fn a_known_phone_or_e_mail_updates_that_customer_instead_of_duplicating_it() {
        // The same person by phone: their blank e-mail and title are filled, nothing else changes.
        let p = plan(&Registration { title: "总经理".into(), company: "别的公司".into(), ..reg("王芳", "+86 138-0013-8000", "wang@hd.example") }, &book()).unwrap();
        assert!(!p.is_new);
        assert_eq!((p.customer.id.as_str(), p.customer.name.as_str(), p.customer.contacts.len()), ("a", "华东精密机械", 2));
        let k = &p.customer.contacts[0];
        assert_eq!((k.title.as_str(), k.email.as_str(), k.phone.as_str(), k.decision_maker), ("总经理", "wang@hd.example", "138 0013 8000", true));
        assert_eq!(p.customer.updated_at, at("2026-03-06T02:30:00Z"));
        assert_eq!(p.deal.customer_id, "a");
        // By e-mail, whatever its case; a title already there is kept.
        let m = plan(&Registration { title: "经理".into(), ..reg("李明", "", "li.ming@HD.example") }, &book()).unwrap();
        assert_eq!((m.customer.id.as_str(), m.customer.contacts[1].title.as_str(), m.customer.contacts.len()), ("a", "采购", 2));
        // Someone else with a colleague's phone joins the customer as a new contact.
        let other = plan(&reg("赵强", "13800138000", ""), &book()).unwrap();
        assert_eq!((other.customer.id.as_str(), other.customer.contacts.len()), ("a", 3));
        assert_eq!(other.customer.contacts[2].name, "赵强");
        // A name alone never matches.
        assert!(plan(&reg("王芳", "139 1234 5678", ""), &book()).unwrap().is_new);
    }

    fn lead(id: &str, event: Option<&str>, stage: &str, created: &str, products: &[&str], amount: i64, qualified: bool) -> Deal {
        let mut d = Deal::blank(id.into(), stage, at(created));
        d.event_id = event.map(str::to_string);
        d.amount = Money::from_int(amount);
        d.line_items = products.iter().map(|p| LineItem { product_id: p.to_string(), quantity: Decimal::ONE, unit_price: Money::ZERO, discount_pct: Decimal::ZERO, discount_reason: String::new() }).collect();
        if qualified {
            d.man = Man { money: Answer::Yes, authority: Answer::Yes, need: Answer::Yes };
        }
        d
    }

    #[test]
    fn a_won_amount_is_shared_by_line_totals_to_the_cent() {
        let line = |p: &str, price: i64, qty: i64| LineItem { product_id: p.into(), quantity: Decimal::from(qty), unit_price: Money::from_int(price), discount_pct: Decimal::ZERO, discount_reason: String::new() };
        let mut d = Deal::blank("d".into(), "s", at("2026-03-05T01:00:00Z"));
        d.amount = Money::from_cents(10_000);
        d.line_items = vec![line("a", 1, 1), line("b", 1, 1), line("a", 1, 1)];
        // Analytics' rounding: 3,333.33 → 3,333 for the first two lines, the last takes 3,334.
        assert_eq!(shares(&d), [("a".to_string(), Money::from_cents(6_667)), ("b".to_string(), Money::from_cents(3_333))]);
        d.line_items = vec![line("a", 0, 1), line("b", 0, 1)];
        assert_eq!(shares(&d), [("a".to_string(), Money::from_cents(5_000)), ("b".to_string(), Money::from_cents(5_000))], "lines of nothing share evenly");
        d.line_items.clear();
        assert_eq!(shares(&d), [(String::new(), Money::from_cents(10_000))]);
    }

    #[test]
    fn the_report_counts_leads_per_hour_interest_and_what_was_won() {
        let stages = crate::domain::pipeline::default_stages(crate::domain::Locale::Zh, at("2026-01-01T00:00:00Z"));
        let (open, won) = (stages.iter().find(|s| s.kind == StageKind::Open).unwrap().id.clone(), stages.iter().find(|s| s.kind == StageKind::Won).unwrap().id.clone());
        let deals = vec![
            lead("1", Some("ev"), &open, "2026-03-05T01:10:00Z", &["p1", "p2"], 0, true),
            lead("2", Some("ev"), &won, "2026-03-05T01:50:00Z", &["p1"], 5000, false),
            lead("3", Some("ev"), &open, "2026-03-05T16:30:00Z", &[], 0, false),
            lead("4", Some("ev"), &won, "2026-03-06T03:00:00Z", &["p2", "p2"], 700, true),
            lead("x", Some("other"), &won, "2026-03-05T01:10:00Z", &["p1"], 9999, true),
            lead("y", None, &won, "2026-03-05T01:10:00Z", &["p1"], 9999, true),
        ];
        let r = report(&event(), &deals, &stages, FixedOffset::east_opt(8 * 3600).unwrap());
        assert_eq!(r.total, Tally { leads: 4, qualified: 2, won: 2, revenue: Money::from_int(5700) });
        assert_eq!(r.total.qualified_pct(), Some(50.0));
        let hours: Vec<(String, u32, usize)> = r.by_hour.iter().map(|((d, h), t)| (d.to_string(), *h, t.leads)).collect();
        // 16:30 UTC is half past midnight the next day in UTC+8.
        assert_eq!(hours, [("2026-03-05".into(), 9, 2), ("2026-03-06".into(), 0, 1), ("2026-03-06".into(), 11, 1)]);
        let interests: Vec<(&str, usize, usize)> = r.by_interest.iter().map(|(p, t)| (p.as_str(), t.leads, t.won)).collect();
        assert_eq!(interests, [("p1", 2, 1), ("p2", 2, 1), ("", 1, 0)], "a product picked twice counts once; no product last");
        // Revenue per product adds up to the revenue: no won deal is counted twice.
        let by_product: Money = r.by_interest.iter().map(|(_, t)| t.revenue).sum();
        assert_eq!(by_product, r.total.revenue);
        assert_eq!(Tally::default().qualified_pct(), None);
        let empty = report(&event(), &[], &stages, FixedOffset::east_opt(0).unwrap());
        assert_eq!((empty.total.leads, empty.by_hour.len(), empty.by_interest.len()), (0, 0, 0));
    }
}
