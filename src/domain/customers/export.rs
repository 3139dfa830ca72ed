//! Customers as CSV rows: one row per contact (the customer's fields repeated), in the columns
//! the import reads back (rows sharing a code add contacts), so an export imports unchanged.

use super::{Customer, CustomerKind, CustomerStatus, LeadSource};

pub const HEADER: [&str; 15] = [
    "code", "name", "grade", "kind", "status", "source", "industry", "region", "credit_limit", "tags", "notes", "contact", "title", "phone",
    "email",
];

/// The words a user reads for the choice fields (the import knows them in both languages).
pub struct Labels<'a> {
    pub kind: &'a dyn Fn(CustomerKind) -> String,
    pub status: &'a dyn Fn(CustomerStatus) -> String,
    pub source: &'a dyn Fn(LeadSource) -> String,
}

/// The rows for `customers` in order; `grade` is the grade letter shown (not imported).
pub fn rows<'a>(customers: impl IntoIterator<Item = &'a Customer>, grade: impl Fn(&Customer) -> String, labels: &Labels) -> Vec<Vec<String>> {
    let mut out = Vec::new();
    for c in customers {
        let fields = vec![
            c.code.clone(),
            c.name.clone(),
            grade(c),
            (labels.kind)(c.kind),
            (labels.status)(c.status),
            (labels.source)(c.source),
            c.industry.clone(),
            c.region.clone(),
            c.credit_limit.map(|m| m.to_string()).unwrap_or_default(),
            c.tags.join(";"),
            c.notes.clone(),
        ];
        if c.contacts.is_empty() {
            out.push([fields.clone(), vec![String::new(); 4]].concat());
        }
        for k in &c.contacts {
            out.push([fields.clone(), vec![k.name.clone(), k.title.clone(), k.phone.clone(), k.email.clone()]].concat());
        }
    }
    out
}
