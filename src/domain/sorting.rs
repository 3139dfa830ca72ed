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
