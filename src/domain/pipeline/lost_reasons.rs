//! The editable list of lost reasons 输单原因 offered when a deal is marked lost. Renaming a
//! reason renames it on the lost deals that carry it; removing one only takes it off the list
//! (deals keep the words they were closed with).

use crate::domain::pipeline::Deal;
use crate::domain::Locale;
use crate::domain::validation::{Problem, NAME_MAX};
use chrono::{DateTime, Utc};

/// The reasons offered while the book stores none, in the book's language.
pub fn default_reasons(lang: Locale) -> Vec<String> {
    let list: &[&str] = match lang {
        Locale::Zh => &["价格太高", "选择了竞争对手", "没有预算", "需求取消", "时机不对"],
        Locale::En => &["Price too high", "Chose a competitor", "No budget", "Need went away", "Bad timing"],
    };
    list.iter().map(|s| s.to_string()).collect()
}

/// The reasons to offer when closing a deal as lost: the stored list, or the defaults while
/// none are stored.
pub fn offered(stored: &[String], lang: Locale) -> Vec<String> {
    if stored.is_empty() {
        default_reasons(lang)
    } else {
        stored.to_vec()
    }
}

/// One row of the editor: the reason as stored (`None` for a row added in this edit) and the
/// name typed for it now.
#[derive(Clone, Debug, PartialEq)]
pub struct ReasonRow {
    pub original: Option<String>,
    pub name: String,
}

impl ReasonRow {
    pub fn stored(name: &str) -> ReasonRow {
        ReasonRow { original: Some(name.to_string()), name: name.to_string() }
    }
}

/// Problems by row index: blank, too long, or the same as an earlier row (ignoring case and
/// surrounding spaces).
pub fn check_reasons(rows: &[ReasonRow]) -> Vec<(usize, Problem)> {
    let mut seen: Vec<String> = Vec::new();
    let mut out = Vec::new();
    for (i, r) in rows.iter().enumerate() {
        let name = r.name.trim();
        let key = name.to_lowercase();
        if name.is_empty() {
            out.push((i, Problem::Required));
        } else if name.chars().count() > NAME_MAX {
            out.push((i, Problem::TooLong { max: NAME_MAX }));
        } else if seen.contains(&key) {
            out.push((i, Problem::DuplicateName));
        }
        seen.push(key);
    }
    out
}

/// The list to store and the deals whose lost reason was renamed (stamped `now`). `None` when a
/// row has a problem (see `check_reasons`).
pub fn apply_reasons(rows: &[ReasonRow], deals: &[Deal], now: DateTime<Utc>) -> Option<(Vec<String>, Vec<Deal>)> {
    if !check_reasons(rows).is_empty() {
        return None;
    }
    let list: Vec<String> = rows.iter().map(|r| r.name.trim().to_string()).collect();
    let renamed: Vec<(&str, &str)> = rows
        .iter()
        .filter_map(|r| r.original.as_deref().map(|o| (o, r.name.trim())))
        .filter(|(o, n)| o != n)
        .collect();
    let changed = deals
        .iter()
        .filter_map(|d| {
            let (_, new) = renamed.iter().find(|(old, _)| d.lost_reason.as_deref() == Some(*old))?;
            let mut d = d.clone();
            d.lost_reason = Some(new.to_string());
            d.updated_at = now;
            Some(d)
        })
        .collect();
    Some((list, changed))
}

/// The list with `reason` added at the end, or None when it is already there (ignoring case
/// and surrounding spaces) or blank: a reason typed when closing a deal joins the list.
pub fn with_reason(list: &[String], reason: &str) -> Option<Vec<String>> {
    let r = reason.trim();
    let known = list.iter().any(|x| x.trim().to_lowercase() == r.to_lowercase());
    (!r.is_empty() && !known).then(|| list.iter().cloned().chain(Some(r.to_string())).collect())
}

/// How many deals were closed with each reason of `list` (same order).
pub fn reason_counts(list: &[String], deals: &[Deal]) -> Vec<usize> {
    list.iter().map(|r| deals.iter().filter(|d| d.lost_reason.as_deref() == Some(r.as_str())).count()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::pipeline::tests::deal;

    fn sample_deal(id: &str) -> Deal {
        deal(id, "stage-lost", 1_000, None)
    }

    fn lost(id: &str, reason: &str) -> Deal {
        let mut d = sample_deal(id);
        d.lost_reason = Some(reason.into());
        d
    }

    #[test]
    fn blank_long_and_repeated_names_are_problems_at_their_row() {
        let rows = [
            ReasonRow::stored("Price"),
            ReasonRow { original: None, name: "  ".into() },
            ReasonRow { original: None, name: " price ".into() },
            ReasonRow { original: None, name: "x".repeat(NAME_MAX + 1) },
            ReasonRow { original: None, name: "Timing".into() },
        ];
        assert_eq!(
            check_reasons(&rows),
            vec![(1, Problem::Required), (2, Problem::DuplicateName), (3, Problem::TooLong { max: NAME_MAX })]
        );
        assert!(apply_reasons(&rows, &[], Utc::now()).is_none());
    }

    #[test]
    fn renaming_carries_over_to_deals_and_removing_leaves_them_alone() {
        let now: DateTime<Utc> = "2026-11-01T08:00:00Z".parse().unwrap();
        let deals = [lost("a", "Price"), lost("b", "Budget"), lost("c", "Price"), sample_deal("d")];
        // "Price" renamed, "Budget" removed, "Timing" added.
        let rows = [
            ReasonRow { original: Some("Price".into()), name: " Price too high ".into() },
            ReasonRow { original: None, name: "Timing".into() },
        ];
        let (list, changed) = apply_reasons(&rows, &deals, now).unwrap();
        assert_eq!(list, ["Price too high", "Timing"]);
        let ids: Vec<&str> = changed.iter().map(|d| d.id.as_str()).collect();
        assert_eq!(ids, ["a", "c"]);
        assert!(changed.iter().all(|d| d.lost_reason.as_deref() == Some("Price too high") && d.updated_at == now));
        assert_eq!(reason_counts(&list, &deals), [0, 0]);
        assert_eq!(reason_counts(&["Price".into(), "Budget".into()], &deals), [2, 1]);
    }

    #[test]
    fn swapping_two_names_renames_each_deal_once() {
        let deals = [lost("a", "A"), lost("b", "B")];
        let rows = [ReasonRow { original: Some("A".into()), name: "B".into() }, ReasonRow { original: Some("B".into()), name: "A".into() }];
        let (_, changed) = apply_reasons(&rows, &deals, Utc::now()).unwrap();
        let got: Vec<(&str, &str)> = changed.iter().map(|d| (d.id.as_str(), d.lost_reason.as_deref().unwrap())).collect();
        assert_eq!(got, [("a", "B"), ("b", "A")]);
    }

    #[test]
    fn a_new_reason_joins_the_list_once() {
        let list = vec!["Price".to_string()];
        assert_eq!(with_reason(&list, " Timing "), Some(vec!["Price".to_string(), "Timing".to_string()]));
        assert_eq!(with_reason(&list, "price"), None);
        assert_eq!(with_reason(&list, "  "), None);
    }

    #[test]
    fn the_stored_list_is_offered_else_the_defaults_in_the_language() {
        assert_eq!(offered(&[], Locale::Zh)[0], "价格太高");
        assert_eq!(offered(&[], Locale::En).len(), 5);
        assert!(check_reasons(&default_reasons(Locale::En).iter().map(|r| ReasonRow::stored(r)).collect::<Vec<_>>()).is_empty());
        assert_eq!(offered(&["Too slow".to_string()], Locale::Zh), ["Too slow"]);
    }
}
