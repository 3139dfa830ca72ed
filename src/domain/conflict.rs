//! Two versions of one record: what a save that arrived too late would overwrite. Records
//! carry a revision (see `Record::rev`); when the stored one is not the one a form read, the
//! user sees these differences and chooses.

use serde::Serialize;
use serde_json::Value;

/// One field whose stored value differs from the one about to be saved.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FieldChange {
    /// The field's name as stored (`name`, `contacts`, `line_items`).
    pub field: String,
    pub stored: String,
    pub mine: String,
}

/// Bookkeeping fields every save changes, and fields the app derives (a deal's place in its
/// column, its stage history, what it holds out of stock): not something a user typed.
const BOOKKEEPING: &[&str] = &["rev", "updated_at", "created_at", "id", "rank", "stage_history", "stock_taken"];

/// The fields where `stored` and `mine` differ, in `mine`'s field order, values shown short.
pub fn changed_fields<T: Serialize>(stored: &T, mine: &T) -> Vec<FieldChange> {
    let (Ok(Value::Object(stored)), Ok(Value::Object(mine))) = (serde_json::to_value(stored), serde_json::to_value(mine)) else {
        return Vec::new();
    };
    let mut fields: Vec<&String> = mine.keys().collect();
    fields.extend(stored.keys().filter(|k| !mine.contains_key(*k)));
    fields
        .into_iter()
        .filter(|f| !BOOKKEEPING.contains(&f.as_str()))
        .filter_map(|f| {
            let (a, b) = (stored.get(f).unwrap_or(&Value::Null), mine.get(f).unwrap_or(&Value::Null));
            (a != b).then(|| {
                let (a, b) = only_differing_items(a, b);
                FieldChange { field: f.clone(), stored: shown(&a), mine: shown(&b) }
            })
        })
        .collect()
}

/// A value as one short line: text as it is, a list as its items joined by "; ", a record
/// (a contact, a quote line) as its filled-in words and numbers joined by " · ", cut at 80
/// characters.
fn shown(v: &Value) -> String {
    let text = plain(v);
    let one_line: String = text.chars().map(|c| if c.is_control() { ' ' } else { c }).collect();
    if one_line.chars().count() > 80 {
        format!("{}…", one_line.chars().take(79).collect::<String>())
    } else {
        one_line
    }
}

/// Two lists of one length (contacts, quote lines) cut down to the items that differ, each
/// numbered, so the change is not lost behind the ones that did not.
fn only_differing_items(a: &Value, b: &Value) -> (Value, Value) {
    match (a, b) {
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() && x.len() > 1 => {
            let (mut left, mut right) = (Vec::new(), Vec::new());
            for (i, (p, q)) in x.iter().zip(y).enumerate().filter(|(_, (p, q))| p != q) {
                left.push(Value::String(format!("#{} {}", i + 1, plain(p))));
                right.push(Value::String(format!("#{} {}", i + 1, plain(q))));
            }
            (Value::Array(left), Value::Array(right))
        }
        _ => (a.clone(), b.clone()),
    }
}

fn plain(v: &Value) -> String {
    match v {
        Value::Null => String::new(),
        Value::String(s) => s.clone(),
        Value::Bool(true) => "✓".into(),
        Value::Bool(false) => "✗".into(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => items.iter().map(plain).filter(|s| !s.is_empty()).collect::<Vec<_>>().join("; "),
        // A flag means nothing without its name, nor an id or a time stamp to a reader: a
        // record shows its words and numbers, its name (or title) first.
        Value::Object(fields) => {
            let shown = |k: &String, v: &Value| !v.is_boolean() && k != "id" && !k.ends_with("_at");
            let first = fields.iter().filter(|(k, _)| *k == "name" || *k == "title");
            let rest = fields.iter().filter(|(k, _)| *k != "name" && *k != "title");
            first.chain(rest).filter(|(k, v)| shown(k, v)).map(|(_, v)| plain(v)).filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ")
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::customers::Customer;
    use crate::domain::customers::LeadSource;

    fn customer() -> Customer {
        Customer::new_lead("c1".into(), "C00001".into(), "甲公司".into(), LeadSource::Referral, "2026-11-01T00:00:00Z".parse().unwrap())
    }

    #[test]
    fn only_the_fields_a_user_changed_are_listed() {
        let stored = Customer { name: "乙公司".into(), rev: 7, updated_at: "2026-11-02T00:00:00Z".parse().unwrap(), ..customer() };
        let mine = Customer { region: "华东".into(), rev: 3, ..customer() };
        let changes = changed_fields(&stored, &mine);
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["name", "region"]);
        assert_eq!(changes[0], FieldChange { field: "name".into(), stored: "乙公司".into(), mine: "甲公司".into() });
        assert_eq!(changes[1].stored, "");
        assert_eq!(changes[1].mine, "华东");
    }

    #[test]
    fn lists_and_records_read_as_text_not_json() {
        let v: Value = serde_json::json!([{ "name": "张三", "phone": "13800000000", "email": null, "decision_maker": true }, { "name": "李四", "phone": "" }]);
        assert_eq!(shown(&v), "张三 · 13800000000; 李四");
        // Ids and time stamps are not shown; the name comes first.
        let contact = serde_json::json!({ "birthday": "1989-10-12", "id": "cus-1-ct1", "name": "Grace", "created_at": "2026-01-01T00:00:00Z" });
        assert_eq!(shown(&contact), "Grace · 1989-10-12");
        assert_eq!(shown(&serde_json::json!(true)), "✓");
        assert_eq!(shown(&serde_json::json!([])), "");
        assert_eq!(shown(&serde_json::json!(["办公设备", "打印机"])), "办公设备; 打印机");
    }

    #[test]
    fn a_changed_contact_is_shown_not_the_ones_before_it() {
        use crate::domain::customers::Contact;
        let contact = |name: &str, phone: &str| Contact {
            id: format!("ct-{name}"),
            name: name.into(),
            title: String::new(),
            phone: phone.into(),
            email: String::new(),
            birthday: None,
            decision_maker: false,
        };
        let stored = Customer { contacts: vec![contact("A", "1"), contact("B", "2"), contact("C", "3")], ..customer() };
        let mut mine = Customer { contacts: vec![contact("A", "1"), contact("B", "2"), contact("C-Li", "3")], ..customer() };
        mine.contacts[2].id = "ct-C".into();
        let change = &changed_fields(&stored, &mine)[0];
        assert_eq!((change.stored.as_str(), change.mine.as_str()), ("#3 C · 3", "#3 C-Li · 3"));
    }

    #[test]
    fn identical_versions_have_no_changes_and_long_values_are_cut() {
        assert!(changed_fields(&customer(), &Customer { rev: 9, ..customer() }).is_empty());
        let mine = Customer { notes: "x\n".repeat(100), ..customer() };
        let change = &changed_fields(&customer(), &mine)[0];
        assert_eq!(change.mine.chars().count(), 80);
        assert!(!change.mine.contains('\n'));
    }
}
