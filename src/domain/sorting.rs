//! Sorting through one shared copy of the standard library's stable sort. Each `sort_by` with
//! its own closure compiles a whole copy of the algorithm (about 4 KB of wasm each; the app had
//! 78 of them, 296 KB before wasm-opt). These sort a permutation of `u32` indices with one
//! `dyn` comparator instead, then move the items into place: the same order as
//! `slice::sort_by` (stable), one copy of the algorithm in the binary.

use std::cmp::Ordering;

pub trait SortShared<T> {
    /// As `slice::sort_by` (stable).
    fn sort_by_shared(&mut self, compare: impl FnMut(&T, &T) -> Ordering);

    /// As `slice::sort_by_key` (stable).
    fn sort_by_key_shared<K: Ord>(&mut self, mut key: impl FnMut(&T) -> K) {
        self.sort_by_shared(|a, b| key(a).cmp(&key(b)));
    }

    /// As `sort_by_key_shared` with a date for key, without a comparator: the dates and
    /// positions are packed into integers and sorted as such (several times faster on the
    /// hundreds of thousands of dated records analytics orders).
    fn sort_by_date_shared(&mut self, date: impl Fn(&T) -> chrono::NaiveDate);

    /// As `slice::sort` (stable).
    fn sort_shared(&mut self)
    where
        T: Ord,
    {
        self.sort_by_shared(T::cmp);
    }
}

impl<T> SortShared<T> for [T] {
    fn sort_by_shared(&mut self, mut compare: impl FnMut(&T, &T) -> Ordering) {
        if self.len() < 2 {
            return;
        }
        let len = u32::try_from(self.len()).expect("fewer than 2^32 items");
        let mut order: Vec<u32> = (0..len).collect();
        let items: &[T] = self;
        sort_order(&mut order, &mut |a, b| compare(&items[a as usize], &items[b as usize]));
        place(self, &order);
    }

    fn sort_by_date_shared(&mut self, date: impl Fn(&T) -> chrono::NaiveDate) {
        let order = date_order(self.iter().map(date));
        place(self, &order);
    }
}

/// Orders `records` as IndexedDB gives a store's records: by their `key` compared as UTF-16
/// code units (which differs from `str`'s order only between a character above U+FFFF and
/// one from U+E000 to U+FFFF). Records already in that order (a backup this app wrote) are
/// left as they are.
pub fn in_key_order<T>(records: &mut [T], key: impl Fn(&T) -> &str) {
    let units = |a: &T, b: &T| key(a).encode_utf16().cmp(key(b).encode_utf16());
    if records.windows(2).all(|w| units(&w[0], &w[1]) != Ordering::Greater) {
        return;
    }
    records.sort_by_shared(units);
}

/// The positions of `dates` in date order, ties in the order given: counted by day when
/// the days span no more than a few times as many days as there are dates (years of sales),
/// otherwise as [`date_order`].
pub fn day_order(dates: &[chrono::NaiveDate]) -> Vec<u32> {
    use chrono::Datelike;
    let (Some(min), Some(max)) = (dates.iter().min(), dates.iter().max()) else { return Vec::new() };
    let (first, span) = (min.num_days_from_ce(), (max.num_days_from_ce() - min.num_days_from_ce()) as usize + 1);
    if span > 4 * dates.len() + 1024 {
        return date_order(dates.iter().copied());
    }
    // How many fall on each day, then where each day starts.
    let mut starts = vec![0u32; span + 1];
    for d in dates {
        starts[(d.num_days_from_ce() - first) as usize + 1] += 1;
    }
    for i in 1..starts.len() {
        starts[i] += starts[i - 1];
    }
    let mut order = vec![0u32; dates.len()];
    for (i, d) in dates.iter().enumerate() {
        let at = &mut starts[(d.num_days_from_ce() - first) as usize];
        order[*at as usize] = i as u32;
        *at += 1;
    }
    order
}

/// The positions of `dates` in date order, ties in the order given.
pub fn date_order(dates: impl Iterator<Item = chrono::NaiveDate>) -> Vec<u32> {
    use chrono::Datelike;
    // The day number with its sign bit flipped orders as an unsigned integer; the position
    // below it breaks ties, so an unstable sort of distinct keys gives a stable order.
    let mut keys: Vec<u64> = dates
        .enumerate()
        .map(|(i, d)| (u64::from((d.num_days_from_ce() as u32) ^ 0x8000_0000) << 32) | u64::from(u32::try_from(i).expect("fewer than 2^32 items")))
        .collect();
    keys.sort_unstable();
    keys.into_iter().map(|k| k as u32).collect()
}

/// The one instance of the standard sort: indices ordered by a comparator behind `dyn`.
#[inline(never)]
fn sort_order(order: &mut [u32], compare: &mut dyn FnMut(u32, u32) -> Ordering) {
    order.sort_by(|a, b| compare(*a, *b));
}

/// Puts `items[order[k]]` at position `k` for every `k`, following each cycle of the
/// permutation with swaps (no clones, one flag per item).
fn place<T>(items: &mut [T], order: &[u32]) {
    let mut placed = vec![false; items.len()];
    for start in 0..items.len() {
        if placed[start] {
            continue;
        }
        let mut at = start;
        loop {
            placed[at] = true;
            let from = order[at] as usize;
            if from == start {
                break;
            }
            items.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::rng::Rng;

    #[test]
    fn records_are_put_in_the_order_indexeddb_keeps_string_keys() {
        // By UTF-16 code units: a character above U+FFFF (a surrogate pair, 0xD83D…) comes
        // before U+FF01, although its UTF-8 bytes (and `str`'s order) put it after.
        let mut ids = vec!["b", "！", "a-2", "😀", "a-10", ""];
        in_key_order(&mut ids, |s| s);
        assert_eq!(ids, ["", "a-10", "a-2", "b", "😀", "！"]);
        let mut by_str = ids.clone();
        by_str.sort();
        assert_ne!(by_str, ids, "str's own order differs here");
        // Already in order: unchanged.
        let mut again = ids.clone();
        in_key_order(&mut again, |s| s);
        assert_eq!(again, ids);
    }

    #[test]
    fn orders_by_date_as_the_standard_stable_sort_does() {
        let mut rng = Rng(11);
        let day = |n: i64| chrono::NaiveDate::from_ymd_opt(2000, 1, 1).unwrap() + chrono::Duration::days(n);
        for len in [0, 1, 2, 3, 10, 1000] {
            // Few distinct days (BCE and CE ones too), so stability shows.
            let items: Vec<(chrono::NaiveDate, usize)> = (0..len).map(|i| (day([-800_000, -1, 0, 3, 40][rng.below(5)]), i)).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|x| x.0);
            let mut packed = items.clone();
            packed.sort_by_date_shared(|x| x.0);
            assert_eq!(packed, expected, "{len} items");
            // Counted by day: within a few years, and (the fallback) spread over millennia.
            for spread in [5, 3_000_000] {
                let near: Vec<(chrono::NaiveDate, usize)> = (0..len).map(|i| (day(rng.below(spread) as i64), i)).collect();
                let mut expected = near.clone();
                expected.sort_by_key(|x| x.0);
                let days: Vec<chrono::NaiveDate> = near.iter().map(|x| x.0).collect();
                let counted: Vec<(chrono::NaiveDate, usize)> = day_order(&days).into_iter().map(|i| near[i as usize]).collect();
                assert_eq!(counted, expected, "{len} items over {spread} days");
            }
        }
    }

    #[test]
    fn orders_as_the_standard_stable_sort_does() {
        let mut rng = Rng(7);
        for len in [0, 1, 2, 3, 10, 100, 1000] {
            // Few distinct keys, so stability shows: (key, original position).
            let items: Vec<(u8, usize)> = (0..len).map(|i| (rng.below(5) as u8, i)).collect();
            let mut expected = items.clone();
            expected.sort_by_key(|x| x.0);
            let mut shared = items.clone();
            shared.sort_by_key_shared(|x| x.0);
            assert_eq!(shared, expected, "len {len}");
            let mut reversed = items.clone();
            reversed.sort_by_shared(|a, b| b.0.cmp(&a.0));
            let mut std_reversed = items;
            std_reversed.sort_by(|a, b| b.0.cmp(&a.0));
            assert_eq!(reversed, std_reversed, "len {len}");
        }
        let mut words = vec!["pear".to_string(), "apple".into(), "fig".into(), "apple".into()];
        words.sort_shared();
        assert_eq!(words, ["apple", "apple", "fig", "pear"]);
    }
}
