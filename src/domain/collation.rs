//! Names in the reader's alphabetical order. The order comes from outside the domain (the
//! browser's `Intl.Collator` for the language: pinyin for 简体中文, so 北京… before 上海…);
//! lists and exports sort by it.

use rustc_hash::FxHashMap;
use std::cmp::Ordering;

/// Each name's place in the order. Empty: names compare by code point.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NameOrder(FxHashMap<String, u32>);

impl NameOrder {
    /// From names already in order; a repeated name keeps its first place.
    pub fn from_sorted(names: impl IntoIterator<Item = String>) -> NameOrder {
        let mut places = FxHashMap::default();
        for (i, name) in names.into_iter().enumerate() {
            places.entry(name).or_insert(i as u32);
        }
        NameOrder(places)
    }

    /// `a` against `b` by their places; a name without one comes after those with one, and
    /// two such names compare by code point.
    pub fn cmp(&self, a: &str, b: &str) -> Ordering {
        match (self.0.get(a), self.0.get(b)) {
            (Some(x), Some(y)) => x.cmp(y),
            (Some(_), None) => Ordering::Less,
            (None, Some(_)) => Ordering::Greater,
            (None, None) => a.cmp(b),
        }
    }

    /// A key that orders as [`NameOrder::cmp`] does: sorting by it looks each name up once
    /// (`sort_by_cached_key`) instead of twice per comparison.
    pub fn key<'a>(&self, name: &'a str) -> (u32, &'a str) {
        match self.0.get(name) {
            Some(place) => (*place, ""),
            None => (u32::MAX, name),
        }
    }
}

/// Letters and digits only, in lower case: what a search compares a typed name with, so
/// "LaserJet Pro", "laserjet-pro" and "laserjetpro" are the same words (product and
/// customer search).
pub fn squeezed(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).flat_map(char::to_lowercase).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_sort_by_the_order_given_and_unknown_names_last_by_code_point() {
        // Pinyin: Beijing, Hangzhou, Shanghai — code points would put 上 (4E0A) first.
        let order = NameOrder::from_sorted(["北京华瑞", "杭州恒信", "上海博远", "北京华瑞"].map(String::from));
        let mut names = vec!["上海博远", "zeta", "北京华瑞", "alpha", "杭州恒信"];
        names.sort_by(|a, b| order.cmp(a, b));
        assert_eq!(names, ["北京华瑞", "杭州恒信", "上海博远", "alpha", "zeta"]);
        let mut plain = vec!["北京", "上海"];
        plain.sort_by(|a, b| NameOrder::default().cmp(a, b));
        assert_eq!(plain, ["上海", "北京"], "without an order: code points");
        // The sort key agrees with `cmp` on every pair.
        let all = ["上海博远", "zeta", "北京华瑞", "alpha", "杭州恒信", "alpha"];
        for a in all {
            for b in all {
                assert_eq!(order.key(a).cmp(&order.key(b)), order.cmp(a, b), "{a} / {b}");
            }
        }
    }
}
