//! Rank keys 排序键: strings whose plain byte order is the order of cards in a column, so a
//! moved card gets a key between its new neighbours and no other card is rewritten.

const DIGITS: &[u8] = b"0123456789abcdefghijklmnopqrstuvwxyz";
const BASE: usize = DIGITS.len();

fn value(c: u8) -> Option<usize> {
    DIGITS.iter().position(|&d| d == c)
}

fn is_key(s: &str) -> bool {
    s.bytes().all(|c| value(c).is_some())
}

/// A key strictly between `before` and `after` (None = the start or end of the column), or
/// None when there is no room: the neighbours are equal, out of order, or not keys (for
/// example empty ranks from an import). Then the column needs [`spread`].
pub fn rank_between(before: Option<&str>, after: Option<&str>) -> Option<String> {
    let a = before.unwrap_or("");
    if !is_key(a) || after.is_some_and(|b| !is_key(b) || b <= a || b.trim_end_matches('0') == a.trim_end_matches('0')) {
        return None;
    }
    let key = midpoint(a.as_bytes(), after.map(str::as_bytes));
    debug_assert!(key.as_str() > a && after.is_none_or(|b| key.as_str() < b));
    Some(key)
}

/// A key between `a` and `b` (None: no upper bound); needs a < b, b not `a` followed by zeros.
fn midpoint(a: &[u8], b: Option<&[u8]>) -> String {
    let digit = |s: &[u8], i: usize| s.get(i).map_or(0, |&c| value(c).unwrap_or(0));
    if let Some(b) = b {
        // Share the common prefix (a reads as padded with zeros).
        let n = (0..b.len()).take_while(|&i| digit(a, i) == digit(b, i)).count();
        if n > 0 {
            let rest = midpoint(a.get(n..).unwrap_or(&[]), Some(&b[n..]));
            return format!("{}{rest}", String::from_utf8_lossy(&b[..n]));
        }
    }
    let low = digit(a, 0);
    let high = b.map_or(BASE, |b| digit(b, 0));
    if high - low > 1 {
        return (DIGITS[(low + high) / 2] as char).to_string();
    }
    // Neighbouring first digits.
    match b {
        Some(b) if b.len() > 1 => (b[0] as char).to_string(),
        _ => format!("{}{}", DIGITS[low] as char, midpoint(a.get(1..).unwrap_or(&[]), None)),
    }
}

/// `n` evenly spaced keys in increasing order, none ending in 0, for (re)ranking a column.
pub fn spread(n: usize) -> Vec<String> {
    let mut width = 1;
    while BASE.pow(width) < 2 * (n + 1) {
        width += 1;
    }
    let space = BASE.pow(width);
    let step = space / (n + 1);
    (1..=n)
        .map(|i| {
            let mut v = i * step;
            let mut key = vec![b'0'; width as usize];
            for slot in key.iter_mut().rev() {
                *slot = DIGITS[v % BASE];
                v /= BASE;
            }
            let mut key = String::from_utf8(key).expect("ascii digits");
            if key.ends_with('0') {
                key.push('i');
            }
            key
        })
        .collect()
}

/// The key for a card added to a column whose cards run from `first` to `last`: on top, where
/// it is seen at once; at the end when there is no room above the first card; the end key "zz"
/// when the column's keys are not rank keys at all.
pub fn rank_on_top(first: Option<&str>, last: Option<&str>) -> String {
    rank_between(None, first).or_else(|| rank_between(last, None)).unwrap_or_else(|| "zz".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_fall_between_their_neighbours() {
        assert_eq!(rank_between(None, None).as_deref(), Some("i"));
        assert_eq!(rank_between(Some("a"), Some("c")).as_deref(), Some("b"));
        assert_eq!(rank_between(Some("a"), Some("b")).as_deref(), Some("ai"));
        assert_eq!(rank_between(None, Some("1")).as_deref(), Some("0i"));
        assert_eq!(rank_between(Some("z"), None).as_deref(), Some("zi"));
        assert_eq!(rank_between(Some("000016"), Some("000032")).as_deref(), Some("00002"));
        for (a, b) in [("a", "a"), ("b", "a"), ("a", "a0"), ("", "0"), ("A", "b")] {
            assert_eq!(rank_between(Some(a), Some(b)), None, "{a} {b}");
        }
    }

    #[test]
    fn many_inserts_keep_the_order_and_stay_short() {
        // Always inserting at the same spot is the worst case for key length.
        let mut keys = spread(3);
        for round in 0..200 {
            let at = [1, keys.len(), 0, 2][round % 4].min(keys.len());
            let before = at.checked_sub(1).map(|i| keys[i].as_str());
            let after = keys.get(at).map(String::as_str);
            let k = rank_between(before, after).unwrap_or_else(|| panic!("{before:?} {after:?}"));
            keys.insert(at, k);
        }
        assert!(keys.windows(2).all(|w| w[0] < w[1]));
        assert!(keys.iter().all(|k| k.len() < 80), "{:?}", keys.iter().map(String::len).max());
    }

    #[test]
    fn spread_is_ordered_and_leaves_room() {
        for n in [0, 1, 5, 35, 36, 2000] {
            let keys = spread(n);
            assert_eq!(keys.len(), n);
            assert!(keys.windows(2).all(|w| w[0] < w[1]));
            assert!(keys.iter().all(|k| !k.ends_with('0')));
            if let (Some(first), Some(last)) = (keys.first(), keys.last()) {
                assert!(rank_between(None, Some(first)).is_some() && rank_between(Some(last), None).is_some());
            }
            for w in keys.windows(2) {
                assert!(rank_between(Some(&w[0]), Some(&w[1])).is_some());
            }
        }
    }

    #[test]
    fn a_new_card_goes_on_top_or_else_at_the_end() {
        assert_eq!(rank_on_top(None, None), rank_between(None, None).unwrap());
        let top = rank_on_top(Some("m"), Some("t"));
        assert!(top.as_str() < "m");
        // No room above "0": the end of the column instead.
        let end = rank_on_top(Some("0"), Some("t"));
        assert!(end.as_str() > "t");
        // Empty ranks (an import without them): after them.
        assert!(rank_on_top(Some(""), Some("")).as_str() > "");
        // Keys from elsewhere that are not rank keys: the fixed end key.
        assert_eq!(rank_on_top(Some("A-1"), Some("B-2")), "zz");
    }
}
