//! Trade-show capture 展会线索: a person (and their company, if they name one), a phone and the
//! need become a deal in the first stage, for a customer already in the book (same phone, or
//! the same name) or a new one.

use crate::domain::codes::next_customer_code;
use crate::domain::customers::duplicates::{find_matches, normalize_name, normalize_phone, MatchReason};
use crate::domain::customers::{Contact, Customer, CustomerKind, LeadSource};
use crate::domain::pipeline::Deal;
use crate::domain::validation::{Checker, FieldProblem, NAME_MAX, TEXT_MAX};
use chrono::{DateTime, Utc};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct QuickLead {
    /// The person met: the contact's name (and the customer's, when no company is given).
    pub person: String,
    /// Their company, optional: the customer's name when given.
    pub company: String,
    pub phone: String,
    /// What they need: the deal's title and notes.
    pub need: String,
    /// The event they were met at, if any (the deal carries it).
    pub event_id: Option<crate::domain::Id>,
}

impl QuickLead {
    /// The same rules a customer and its contact must meet, on the form's fields.
    pub fn validate(&self) -> Vec<FieldProblem> {
        let mut c = Checker::new();
        c.required("person", self.person.trim());
        c.max_len("company", self.company.trim(), NAME_MAX);
        c.phone("phone", self.phone.trim()).max_len("need", self.need.trim(), TEXT_MAX);
        c.finish()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct LeadPlan {
    /// Who gets the deal: the new customer to store, or one from the book — with the person
    /// added as a contact when they were not one yet (`contact_added`).
    pub customer: Customer,
    pub is_new: bool,
    pub contact_added: bool,
    /// The company typed, when the phone found a customer of another name (the lead went to
    /// the phone's customer: the user is told).
    pub company_differs: Option<String>,
    pub deal: Deal,
}

/// Plans the records for `lead`: `new_id(prefix)` names new records; the deal goes into
/// `stage_id` with `rank`, titled with the need (else `untitled`). The person becomes a contact
/// — never flagged decision-maker, that is for the user to say. `None` when the person is
/// blank.
#[allow(clippy::too_many_arguments)]
pub fn plan_quick_lead(
    lead: &QuickLead,
    existing: &[Customer],
    code_prefix: &str,
    stage_id: &str,
    rank: String,
    untitled: &str,
    mut new_id: impl FnMut(&str) -> String,
    now: DateTime<Utc>,
) -> Option<LeadPlan> {
    let (person, company, phone, need) = (lead.person.trim(), lead.company.trim(), lead.phone.trim(), lead.need.trim());
    if person.is_empty() {
        return None;
    }
    let contact = Contact {
        id: new_id("con"),
        name: person.to_string(),
        title: String::new(),
        phone: phone.to_string(),
        email: String::new(),
        birthday: None,
        decision_maker: false,
    };
    let code = next_customer_code(code_prefix, existing.iter().map(|c| c.code.as_str()));
    let name = if company.is_empty() { person } else { company };
    let mut customer = Customer::new_lead(new_id("cus"), code, name.to_string(), LeadSource::TradeShow, now);
    if company.is_empty() {
        customer.kind = CustomerKind::Person;
    }
    customer.contacts.push(contact.clone());
    // Someone already in the book gets the deal: the same phone first, else the same name,
    // else a very similar one.
    let matches = find_matches(&customer, existing);
    let by_phone = matches.iter().find(|m| m.reasons.iter().any(|r| matches!(r, MatchReason::Phone(_))));
    let same_name = || {
        let wanted = normalize_name(name);
        matches.iter().find(|m| existing.iter().any(|c| c.id == m.customer_id && normalize_name(&c.name) == wanted))
    };
    let company_differs = by_phone
        .and_then(|m| existing.iter().find(|c| c.id == m.customer_id))
        .filter(|c| !company.is_empty() && normalize_name(&c.name) != normalize_name(company))
        .map(|_| company.to_string());
    let known = by_phone
        .or_else(same_name)
        .or_else(|| matches.first())
        .and_then(|m| existing.iter().find(|c| c.id == m.customer_id).cloned());
    let is_new = known.is_none();
    let mut contact_added = false;
    if let Some(mut k) = known {
        // The person joins the customer unless a contact of theirs already has the phone (or,
        // without a phone, the name): the phone given at the stand is never dropped.
        let phone_key = normalize_phone(phone);
        let already = k.contacts.iter().any(|c| match &phone_key {
            Some(p) => normalize_phone(&c.phone).as_ref() == Some(p),
            None => c.name.trim() == person,
        });
        if !already {
            // A contact of that name without a phone takes it; anyone else joins as new.
            match k.contacts.iter_mut().find(|c| c.name.trim() == person && c.phone.trim().is_empty()) {
                Some(c) => c.phone = phone.to_string(),
                None => k.contacts.push(contact),
            }
            k.updated_at = now;
            contact_added = true;
        }
        customer = k;
    }
    let mut deal = Deal::blank(new_id("deal"), stage_id, now);
    deal.title = if need.is_empty() { untitled.to_string() } else { need.chars().take(NAME_MAX).collect() };
    deal.customer_id = customer.id.clone();
    deal.source = LeadSource::TradeShow;
    deal.notes = need.to_string();
    deal.rank = rank;
    deal.event_id = lead.event_id.clone();
    Some(LeadPlan { customer, is_new, contact_added, company_differs, deal })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ids() -> impl FnMut(&str) -> String {
        let mut n = 0;
        move |p| {
            n += 1;
            format!("{p}-{n}")
        }
    }

    fn book() -> Vec<Customer> {
        let now: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        let mut a = Customer::new_lead("a".into(), "C00007".into(), "华东精密机械".into(), LeadSource::Referral, now);
        a.contacts.push(Contact { id: "k".into(), name: "王芳".into(), title: String::new(), phone: "138 0013 8000".into(), email: String::new(), birthday: None, decision_maker: true });
        vec![a]
    }

    fn lead(person: &str, company: &str, phone: &str, need: &str) -> QuickLead {
        QuickLead { person: person.into(), company: company.into(), phone: phone.into(), need: need.into(), event_id: None }
    }

    fn plan(l: QuickLead) -> Option<LeadPlan> {
        plan_quick_lead(&l, &book(), "C", "stage-initial", "m".into(), "展会线索", ids(), Utc::now())
    }

    #[test]
    fn a_person_and_company_make_a_new_customer_with_the_person_as_contact() {
        let p = plan(lead(" 李雷 ", " 蓝海包装 ", "13900000000", "20 台数控机床")).unwrap();
        assert!(p.is_new);
        assert_eq!((p.customer.code.as_str(), p.customer.name.as_str(), p.customer.kind), ("C00008", "蓝海包装", CustomerKind::Company));
        assert_eq!(p.customer.source, LeadSource::TradeShow);
        let k = &p.customer.contacts[..];
        assert_eq!(k.len(), 1);
        assert_eq!((k[0].name.as_str(), k[0].phone.as_str(), k[0].decision_maker), ("李雷", "13900000000", false), "nobody is made a decision-maker");
        assert_eq!(p.deal.customer_id, p.customer.id);
        assert_eq!((p.deal.title.as_str(), p.deal.notes.as_str()), ("20 台数控机床", "20 台数控机床"));
        assert_eq!((p.deal.stage_id.as_str(), p.deal.rank.as_str()), ("stage-initial", "m"));
        assert_eq!(p.deal.source, LeadSource::TradeShow);
        assert_eq!(p.deal.stage_history.len(), 1);
        assert_eq!(p.deal.event_id, None);
        let at_show = plan(QuickLead { event_id: Some("ev".into()), ..lead("李雷", "", "", "") }).unwrap();
        assert_eq!(at_show.deal.event_id.as_deref(), Some("ev"), "the event met at is tagged");
    }

    #[test]
    fn without_a_company_the_person_is_the_customer_and_the_deal_has_its_own_title() {
        let p = plan(lead("韩梅梅", "", "", "")).unwrap();
        assert_eq!((p.customer.name.as_str(), p.customer.kind), ("韩梅梅", CustomerKind::Person));
        assert_eq!(p.deal.title, "展会线索", "not the customer's name again");
    }

    #[test]
    fn a_known_phone_adds_nothing_but_a_new_phone_joins_the_matched_customer() {
        let same_phone = plan(lead("Someone", "", "13800138000", "")).unwrap();
        assert!(!same_phone.is_new && !same_phone.contact_added);
        assert_eq!(same_phone.company_differs, None, "no company typed");
        // The phone wins over another company's name, and the plan says so.
        let other_company = plan(lead("王芳", "蓝海包装", "138-0013-8000", "")).unwrap();
        assert_eq!((other_company.customer.id.as_str(), other_company.company_differs.as_deref()), ("a", Some("蓝海包装")));
        let same_company = plan(lead("王芳", " 华东精密机械 ", "13800138000", "")).unwrap();
        assert_eq!(same_company.company_differs, None);
        assert_eq!((same_phone.deal.customer_id.as_str(), same_phone.customer.contacts.len()), ("a", 1));
        let by_name = plan(lead("赵强", "华东精密机械", "139 1111 2222", "x")).unwrap();
        assert_eq!((by_name.is_new, by_name.contact_added, by_name.customer.id.as_str()), (false, true, "a"));
        let added = by_name.customer.contacts.last().unwrap();
        assert_eq!((added.name.as_str(), added.phone.as_str(), added.decision_maker), ("赵强", "139 1111 2222", false));
        assert_eq!(by_name.customer.validate(), vec![]);
        let again = plan(lead("王芳", "华东精密机械", "", "x")).unwrap();
        assert!(!again.contact_added, "a contact of that name without a phone is already there");
        // A known contact without a phone gets the one given, not a twin.
        let mut no_phone = book();
        no_phone[0].contacts[0].phone.clear();
        let filled = plan_quick_lead(&lead("王芳", "华东精密机械", "137 0000 1111", "x"), &no_phone, "C", "s", "m".into(), "x", ids(), Utc::now()).unwrap();
        assert!(filled.contact_added);
        assert_eq!(filled.customer.contacts.len(), 1);
        assert_eq!(filled.customer.contacts[0].phone, "137 0000 1111");
    }

    #[test]
    fn the_form_is_checked_like_the_records_it_makes() {
        let fields = |l: QuickLead| l.validate().into_iter().map(|p| p.field).collect::<Vec<_>>();
        assert!(fields(lead("李雷", "", "139 0000 0000", "x")).is_empty());
        assert!(fields(lead("李雷", "", "", "")).is_empty(), "the phone and the company are optional");
        assert_eq!(fields(lead(" ", "", "call me maybe", "")), ["person", "phone"]);
        assert_eq!(fields(lead(&"x".repeat(10_000), &"y".repeat(201), "", "")), ["person", "company"]);
        // What passes the form also passes the customer's and the deal's own checks.
        let p = plan(lead(&"名".repeat(200), &"司".repeat(200), "+86 139 0000 0000", &"需".repeat(5000))).unwrap();
        assert_eq!(p.customer.validate(), vec![]);
        assert_eq!(p.deal.title.chars().count(), NAME_MAX);
    }

    #[test]
    fn the_same_name_wins_over_a_similar_one_earlier_in_the_book() {
        let now: DateTime<Utc> = "2026-01-01T00:00:00Z".parse().unwrap();
        let mut book = book();
        book.push(Customer::new_lead("b".into(), "C00008".into(), "华东精密机械厂".into(), LeadSource::Referral, now));
        let p = plan_quick_lead(&lead("钱进", "华东精密机械厂", "", ""), &book, "C", "s", "m".into(), "x", ids(), now).unwrap();
        assert_eq!(p.customer.id, "b");
    }

    #[test]
    fn a_blank_person_plans_nothing() {
        assert!(plan(lead("  ", "蓝海包装", "138", "x")).is_none());
    }
}
