//! Trade-show capture 展会线索: a name, a phone and the need become a deal in the first stage,
//! for a customer already in the book (same phone, or the same name) or a new one.

use crate::domain::codes::next_customer_code;
use crate::domain::customers::{Contact, Customer, LeadSource};
use crate::domain::customers::duplicates::find_matches;
use crate::domain::pipeline::Deal;
use crate::domain::validation::{Checker, FieldProblem, TEXT_MAX};
use chrono::{DateTime, Utc};

#[derive(Clone, Debug, Default, PartialEq)]
pub struct QuickLead {
    pub name: String,
    pub phone: String,
    /// What they need; the deal's title (the name when empty) and notes.
    pub need: String,
}

impl QuickLead {
    /// The same rules a customer and its contact must meet, on the form's three fields.
    pub fn validate(&self) -> Vec<FieldProblem> {
        let mut c = Checker::new();
        c.required("name", self.name.trim()).phone("phone", self.phone.trim()).max_len("need", self.need.trim(), TEXT_MAX);
        c.finish()
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct LeadPlan {
    /// Who gets the deal: a customer from the book, or the new one to store.
    pub customer: Customer,
    pub is_new: bool,
    pub deal: Deal,
}

/// Plans the records for `lead`: `new_id(prefix)` names new records; the deal goes into
/// `stage_id` with `rank`. `None` when the name is blank.
pub fn plan_quick_lead(
    lead: &QuickLead,
    existing: &[Customer],
    code_prefix: &str,
    stage_id: &str,
    rank: String,
    mut new_id: impl FnMut(&str) -> String,
    now: DateTime<Utc>,
) -> Option<LeadPlan> {
    let (name, phone, need) = (lead.name.trim(), lead.phone.trim(), lead.need.trim());
    if name.is_empty() {
        return None;
    }
    let code = next_customer_code(code_prefix, existing.iter().map(|c| c.code.as_str()));
    let mut customer = Customer::new_lead(new_id("cus"), code, name.to_string(), LeadSource::TradeShow, now);
    if !phone.is_empty() {
        customer.contacts.push(Contact {
            id: new_id("con"),
            name: name.to_string(),
            title: String::new(),
            phone: phone.to_string(),
            email: String::new(),
            birthday: None,
            decision_maker: true,
        });
    }
    // Someone already in the book (same phone, or the same name) gets the deal.
    let known = find_matches(&customer, existing)
        .into_iter()
        .find(|m| !m.reasons.is_empty())
        .and_then(|m| existing.iter().find(|c| c.id == m.customer_id).cloned());
    let is_new = known.is_none();
    if let Some(k) = known {
        customer = k;
    }
    let mut deal = Deal::blank(new_id("deal"), stage_id, now);
    deal.title = if need.is_empty() { name.to_string() } else { need.to_string() };
    deal.customer_id = customer.id.clone();
    deal.source = LeadSource::TradeShow;
    deal.notes = need.to_string();
    deal.rank = rank;
    Some(LeadPlan { customer, is_new, deal })
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

    fn lead(name: &str, phone: &str, need: &str) -> QuickLead {
        QuickLead { name: name.into(), phone: phone.into(), need: need.into() }
    }

    #[test]
    fn a_new_name_and_phone_make_a_new_customer_with_the_next_code() {
        let now = Utc::now();
        let p = plan_quick_lead(&lead(" 李雷 ", "13900000000", "20 台数控机床"), &book(), "C", "stage-initial", "m".into(), ids(), now).unwrap();
        assert!(p.is_new);
        assert_eq!(p.customer.code, "C00008");
        assert_eq!(p.customer.name, "李雷");
        assert_eq!(p.customer.source, LeadSource::TradeShow);
        assert_eq!(p.customer.contacts[0].phone, "13900000000");
        assert_eq!(p.deal.customer_id, p.customer.id);
        assert_eq!((p.deal.title.as_str(), p.deal.notes.as_str()), ("20 台数控机床", "20 台数控机床"));
        assert_eq!((p.deal.stage_id.as_str(), p.deal.rank.as_str()), ("stage-initial", "m"));
        assert_eq!(p.deal.source, LeadSource::TradeShow);
        assert_eq!(p.deal.stage_history.len(), 1);
    }

    #[test]
    fn a_known_phone_or_name_gets_the_deal_for_the_existing_customer() {
        let by_phone = plan_quick_lead(&lead("Someone", "13800138000", ""), &book(), "C", "s", "m".into(), ids(), Utc::now()).unwrap();
        assert!(!by_phone.is_new);
        assert_eq!(by_phone.deal.customer_id, "a");
        assert_eq!(by_phone.deal.title, "Someone", "the name is the title without a need");
        let by_name = plan_quick_lead(&lead("华东精密机械", "", "x"), &book(), "C", "s", "m".into(), ids(), Utc::now()).unwrap();
        assert_eq!((by_name.is_new, by_name.customer.id.as_str()), (false, "a"));
    }

    #[test]
    fn the_form_is_checked_like_the_records_it_makes() {
        let fields = |l: QuickLead| l.validate().into_iter().map(|p| p.field).collect::<Vec<_>>();
        assert!(fields(lead("李雷", "139 0000 0000", "x")).is_empty());
        assert!(fields(lead("李雷", "", "")).is_empty(), "the phone is optional");
        assert_eq!(fields(lead(" ", "call me maybe", "")), ["name", "phone"]);
        assert_eq!(fields(lead(&"x".repeat(10_000), "", "")), ["name"]);
        // What passes the form also passes the customer's own checks.
        let p = plan_quick_lead(&lead(&"名".repeat(200), "+86 139 0000 0000", "x"), &book(), "C", "s", "m".into(), ids(), Utc::now()).unwrap();
        assert_eq!(p.customer.validate(), vec![]);
    }

    #[test]
    fn a_blank_name_plans_nothing() {
        assert!(plan_quick_lead(&lead("  ", "138", "x"), &book(), "C", "s", "m".into(), ids(), Utc::now()).is_none());
    }
}
