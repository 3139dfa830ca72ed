//! Duplicate customers: same normalised phone or e-mail, or a very similar name.

use crate::domain::customers::Customer;
use crate::domain::Id;
use std::collections::HashMap;
use crate::domain::sorting::SortShared;

/// Digits only, the international prefix "00" written like "+" (dropped with it), and without
/// a leading China country code: "+86 138-0013-8000" → "13800138000", "0049-151-1111" and
/// "+49 151 1111" → "491511111".
pub fn normalize_phone(phone: &str) -> Option<String> {
    let digits: String = phone.chars().filter(char::is_ascii_digit).collect();
    // No domestic number starts with 00 (area codes are 0 and then another digit).
    let digits = match digits.strip_prefix("00") {
        Some(rest) => rest.to_string(),
        None => digits,
    };
    let digits = match digits.strip_prefix("86") {
        Some(rest) if rest.len() == 11 => rest.to_string(),
        _ => digits,
    };
    (digits.len() >= 5).then_some(digits)
}

pub fn normalize_email(email: &str) -> Option<String> {
    let e = email.trim().to_lowercase();
    e.contains('@').then_some(e)
}

const NAME_NOISE: [&str; 14] = [
    "有限责任公司", "股份有限公司", "有限公司", "集团", "公司", "co., ltd.", "co.,ltd.", "co. ltd", "ltd.", "ltd",
    "inc.", "inc", "llc", "co.",
];

/// Lower case, no spaces or punctuation, without legal-form suffixes.
pub fn normalize_name(name: &str) -> String {
    let mut n = name.trim().to_lowercase();
    for noise in NAME_NOISE {
        if let Some(stripped) = n.strip_suffix(noise) {
            n = stripped.trim_end().to_string();
        }
    }
    n.chars().filter(|c| c.is_alphanumeric()).collect()
}

/// Similarity in 0..=1 from the edit distance between two normalised names.
pub fn name_similarity(a: &str, b: &str) -> f64 {
    let (a, b): (Vec<char>, Vec<char>) = (a.chars().collect(), b.chars().collect());
    let longest = a.len().max(b.len());
    if longest == 0 {
        return 0.0;
    }
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.iter().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            cur[j + 1] = (prev[j] + usize::from(ca != cb)).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    1.0 - prev[b.len()] as f64 / longest as f64
}

pub const NAME_SIMILARITY_MIN: f64 = 0.85;

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum MatchReason {
    Phone(String),
    Email(String),
    Name,
}

#[derive(Clone, Debug, PartialEq)]
pub struct DuplicateMatch {
    pub customer_id: Id,
    pub reasons: Vec<MatchReason>,
}

fn phones(c: &Customer) -> impl Iterator<Item = String> + '_ {
    c.contacts.iter().filter_map(|x| normalize_phone(&x.phone))
}

fn emails(c: &Customer) -> impl Iterator<Item = String> + '_ {
    c.contacts.iter().filter_map(|x| normalize_email(&x.email))
}

/// Existing customers that look like `candidate` (itself excluded by id).
pub fn find_matches(candidate: &Customer, existing: &[Customer]) -> Vec<DuplicateMatch> {
    let name = normalize_name(&candidate.name);
    let cand_phones: Vec<String> = phones(candidate).collect();
    let cand_emails: Vec<String> = emails(candidate).collect();
    existing
        .iter()
        .filter(|c| c.id != candidate.id)
        .filter_map(|c| {
            let mut reasons = Vec::new();
            for p in phones(c).filter(|p| cand_phones.contains(p)) {
                reasons.push(MatchReason::Phone(p));
            }
            for e in emails(c).filter(|e| cand_emails.contains(e)) {
                reasons.push(MatchReason::Email(e));
            }
            let other = normalize_name(&c.name);
            if !name.is_empty() && (other == name || name_similarity(&name, &other) >= NAME_SIMILARITY_MIN) {
                reasons.push(MatchReason::Name);
            }
            (!reasons.is_empty()).then(|| DuplicateMatch { customer_id: c.id.clone(), reasons })
        })
        .collect()
}

/// Exact-key lookup (phone, e-mail, normalised name) over many customers, for bulk imports
/// where comparing every pair of names would be too slow.
pub struct DuplicateIndex {
    keys: HashMap<String, Id>,
}

impl DuplicateIndex {
    pub fn new(customers: &[Customer]) -> Self {
        let mut keys = HashMap::new();
        for c in customers {
            for k in match_keys(c) {
                keys.entry(k).or_insert_with(|| c.id.clone());
            }
        }
        DuplicateIndex { keys }
    }

    pub fn lookup(&self, candidate: &Customer) -> Option<&Id> {
        match_keys(candidate).iter().find_map(|k| self.keys.get(k))
    }
}

fn match_keys(c: &Customer) -> Vec<String> {
    phones(c)
        .map(|p| format!("p:{p}"))
        .chain(emails(c).map(|e| format!("e:{e}")))
        .chain(Some(normalize_name(&c.name)).filter(|n| !n.is_empty()).map(|n| format!("n:{n}")))
        .collect()
}

/// Groups of customers sharing a phone, an e-mail or a normalised name, over the whole book
/// (keyed lookups, so it stays fast with many customers).
pub fn duplicate_groups(customers: &[Customer]) -> Vec<Vec<Id>> {
    let mut parent: Vec<usize> = (0..customers.len()).collect();
    fn root(p: &mut Vec<usize>, mut i: usize) -> usize {
        while p[i] != i {
            p[i] = p[p[i]];
            i = p[i];
        }
        i
    }
    let mut first_with: HashMap<String, usize> = HashMap::new();
    for (i, c) in customers.iter().enumerate() {
        for key in match_keys(c) {
            match first_with.get(&key) {
                Some(&j) => {
                    let (a, b) = (root(&mut parent, i), root(&mut parent, j));
                    parent[a] = b;
                }
                None => {
                    first_with.insert(key, i);
                }
            }
        }
    }
    let mut groups: HashMap<usize, Vec<Id>> = HashMap::new();
    for i in 0..customers.len() {
        let r = root(&mut parent, i);
        groups.entry(r).or_default().push(customers[i].id.clone());
    }
    let mut out: Vec<Vec<Id>> = groups.into_values().filter(|g| g.len() > 1).collect();
    out.sort_shared();
    out
}

#[cfg(test)]
pub(crate) mod tests_support {
    use crate::domain::customers::*;

    /// A minimal company customer with one contact, for tests.
    pub fn customer(id: &str) -> Customer {
        super::tests::customer(id, id, "", "")
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use crate::domain::customers::*;

    pub(crate) fn customer(id: &str, name: &str, phone: &str, email: &str) -> Customer {
        let t = "2026-01-01T00:00:00Z".parse().unwrap();
        Customer {
            id: id.into(), code: id.into(), name: name.into(), kind: CustomerKind::Company,
            industry: String::new(), region: String::new(), scale: None, source: LeadSource::Other,
            status: CustomerStatus::Lead, status_by_hand: false, credit_limit: None, tags: vec![], notes: String::new(),
            contacts: vec![Contact { id: format!("{id}-1"), name: "x".into(), title: String::new(), phone: phone.into(), email: email.into(), birthday: None, decision_maker: false }],
            grade_override: None, created_at: t, updated_at: t, rev: 0,
        }
    }

    #[test]
    fn normalisation() {
        assert_eq!(normalize_phone("+86 138-0013-8000").as_deref(), Some("13800138000"));
        assert_eq!(normalize_phone("(021) 6543 2100").as_deref(), Some("02165432100"));
        assert_eq!(normalize_phone("12"), None);
        assert_eq!(normalize_phone("0086 138 0013 8000").as_deref(), Some("13800138000"));
        assert_eq!(normalize_phone("0049-151-11112222"), normalize_phone("+49 151 1111 2222"));
        assert_eq!(normalize_phone("0049-151-11112222").as_deref(), Some("4915111112222"));
        assert_eq!(normalize_email(" Li.Lei@Example.CN ").as_deref(), Some("li.lei@example.cn"));
        assert_eq!(normalize_name("上海恒信科技有限公司"), normalize_name("上海恒信科技"));
        assert_eq!(normalize_name("Northwind Trading Co., Ltd."), "northwindtrading");
    }

    #[test]
    fn matches_by_phone_email_or_similar_name() {
        let book = vec![
            customer("a", "上海恒信科技有限公司", "13800138000", "wang@hx.cn"),
            customer("b", "Northwind Systems Ltd.", "021-555-0101", "info@northwind.com"),
            customer("c", "Completely Different", "999999", "x@y.z"),
        ];
        let by_phone = customer("new", "某某", "+86 138 0013 8000", "");
        assert_eq!(find_matches(&by_phone, &book), vec![DuplicateMatch { customer_id: "a".into(), reasons: vec![MatchReason::Phone("13800138000".into())] }]);
        let by_email = customer("new", "NW", "", "INFO@northwind.com");
        assert_eq!(find_matches(&by_email, &book)[0].customer_id, "b");
        let by_name = customer("new", "Northwind Systems", "", "");
        assert_eq!(find_matches(&by_name, &book)[0].reasons, vec![MatchReason::Name]);
        let typo = customer("new", "Northwnd Systems", "", "");
        assert_eq!(find_matches(&typo, &book)[0].customer_id, "b");
        let unique = customer("new", "Bluewater Foods", "777777", "q@w.e");
        assert!(find_matches(&unique, &book).is_empty());
        // A customer never matches itself.
        assert!(find_matches(&book[0], &book).is_empty());
    }

    #[test]
    fn groups_over_the_whole_book() {
        let book = vec![
            customer("a", "Alpha", "111111", ""),
            customer("b", "Beta", "111111", "b@x.com"),
            customer("c", "Gamma", "", "B@X.com"),
            customer("d", "Delta Ltd.", "", ""),
            customer("e", "delta", "", ""),
            customer("f", "Solo", "222222", ""),
        ];
        assert_eq!(duplicate_groups(&book), vec![vec!["a".to_string(), "b".into(), "c".into()], vec!["d".into(), "e".into()]]);
    }
}

/// Fields whose surviving value is chosen when two customers are merged.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum MergeField {
    Name,
    Code,
    Industry,
    Region,
    Source,
    Status,
    CreditLimit,
    Notes,
}

impl MergeField {
    pub const ALL: [MergeField; 8] = [
        MergeField::Name, MergeField::Code, MergeField::Industry, MergeField::Region,
        MergeField::Source, MergeField::Status, MergeField::CreditLimit, MergeField::Notes,
    ];

    /// The field's value as text, to show the two candidates side by side.
    pub fn show(self, c: &Customer) -> String {
        match self {
            MergeField::Name => c.name.clone(),
            MergeField::Code => c.code.clone(),
            MergeField::Industry => c.industry.clone(),
            MergeField::Region => c.region.clone(),
            MergeField::Source => format!("{:?}", c.source),
            MergeField::Status => format!("{:?}", c.status),
            MergeField::CreditLimit => c.credit_limit.map(|m| m.to_string()).unwrap_or_default(),
            MergeField::Notes => c.notes.clone(),
        }
    }

    fn take(self, into: &mut Customer, from: &Customer) {
        match self {
            MergeField::Name => into.name = from.name.clone(),
            MergeField::Code => into.code = from.code.clone(),
            MergeField::Industry => into.industry = from.industry.clone(),
            MergeField::Region => into.region = from.region.clone(),
            MergeField::Source => into.source = from.source,
            MergeField::Status => into.status = from.status,
            MergeField::CreditLimit => into.credit_limit = from.credit_limit,
            MergeField::Notes => into.notes = from.notes.clone(),
        }
    }
}

/// What a merge writes and deletes, and what puts everything back.
#[derive(Clone, Debug, PartialEq)]
pub struct CustomerMerge {
    pub writes: crate::domain::Dataset,
    pub deletes: Vec<(crate::domain::StoreKind, Id)>,
    pub undo: crate::domain::Dataset,
}

/// Merges `other` into `keep`: for each field in `from_other` the other customer's value
/// survives; tags and contacts are combined (a contact with a known phone or e-mail is not
/// added twice); follow-ups, service cases, deals and contracts move to `keep`; `other` is
/// deleted.
pub fn merge_customers(
    data: &crate::domain::Dataset,
    keep_id: &str,
    other_id: &str,
    from_other: &[MergeField],
    now: chrono::DateTime<chrono::Utc>,
) -> Option<CustomerMerge> {
    use crate::domain::{Dataset, StoreKind};
    let keep = data.customers.iter().find(|c| c.id == keep_id)?;
    let other = data.customers.iter().find(|c| c.id == other_id)?;
    if keep_id == other_id {
        return None;
    }
    let mut merged = keep.clone();
    for f in from_other {
        f.take(&mut merged, other);
    }
    for t in &other.tags {
        if !merged.tags.contains(t) {
            merged.tags.push(t.clone());
        }
    }
    for k in &other.contacts {
        let known = merged.contacts.iter().any(|m| {
            (normalize_phone(&k.phone).is_some() && normalize_phone(&m.phone) == normalize_phone(&k.phone))
                || (normalize_email(&k.email).is_some() && normalize_email(&m.email) == normalize_email(&k.email))
        });
        if !known {
            merged.contacts.push(crate::domain::customers::Contact { decision_maker: false, ..k.clone() });
        }
    }
    merged.updated_at = now;
    let moved = data.customer_with_records(other_id);
    let mut writes = Dataset { customers: vec![merged], ..Dataset::default() };
    let retarget = |id: &mut Id| *id = keep_id.to_string();
    writes.follow_ups = moved.follow_ups.iter().cloned().map(|mut r| { retarget(&mut r.customer_id); r.updated_at = now; r }).collect();
    writes.service_cases = moved.service_cases.iter().cloned().map(|mut r| { retarget(&mut r.customer_id); r.updated_at = now; r }).collect();
    writes.deals = moved.deals.iter().cloned().map(|mut r| { retarget(&mut r.customer_id); r.updated_at = now; r }).collect();
    writes.contracts = moved.contracts.iter().cloned().map(|mut r| { retarget(&mut r.customer_id); r.updated_at = now; r }).collect();
    let mut undo = moved;
    // The kept customer first: it gives back a code the other customer may need again.
    undo.customers.insert(0, keep.clone());
    Some(CustomerMerge { writes, deletes: vec![(StoreKind::Customers, other_id.to_string())], undo })
}

#[cfg(test)]
mod merge_tests {
    use super::*;
    use crate::domain::demo::{generate, DemoSize, DEMO_SEED};
    use crate::domain::Locale;

    #[test]
    fn merge_moves_records_and_keeps_chosen_values() {
        let d = generate(DemoSize::STANDARD, Locale::En, "2026-11-23".parse().unwrap(), DEMO_SEED);
        let other = d.deals[0].customer_id.clone();
        let keep = d.customers.iter().find(|c| c.id != other).unwrap().id.clone();
        let now = "2026-11-23T12:00:00Z".parse().unwrap();
        let m = merge_customers(&d, &keep, &other, &[MergeField::Name], now).unwrap();
        let other_c = d.customers.iter().find(|c| c.id == other).unwrap();
        let keep_c = d.customers.iter().find(|c| c.id == keep).unwrap();
        let merged = &m.writes.customers[0];
        assert_eq!(merged.id, keep);
        assert_eq!(merged.name, other_c.name);
        assert_eq!(merged.code, keep_c.code);
        assert_eq!(merged.contacts.len(), keep_c.contacts.len() + other_c.contacts.len());
        assert!(!m.writes.deals.is_empty() && m.writes.deals.iter().all(|x| x.customer_id == keep));
        assert_eq!(m.writes.deals.len(), d.deals.iter().filter(|x| x.customer_id == other).count());
        assert_eq!(m.deletes, vec![(crate::domain::StoreKind::Customers, other.clone())]);
        // Undo holds both customers and the moved records as they were.
        assert_eq!(m.undo.customers, vec![keep_c.clone(), other_c.clone()]);
        assert!(m.undo.deals.iter().all(|x| x.customer_id == other));
        assert!(merge_customers(&d, &keep, &keep, &[], now).is_none());
    }
}
