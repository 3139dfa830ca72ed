//! Unified codes: customer codes 客户编号 (prefix + sequence) and product codes 商品编码 from a
//! configurable pattern.

/// The next free code `PREFIX` + zero-padded sequence (at least 5 digits): C00061.
pub fn next_customer_code<'a>(prefix: &str, existing: impl Iterator<Item = &'a str>) -> String {
    let highest = existing
        .filter_map(|code| code.strip_prefix(prefix))
        .filter_map(|rest| rest.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    format!("{prefix}{:05}", highest + 1)
}

/// Fills a product code pattern: `{category}` (category prefix), `{series}` and `{seq}` (the
/// next sequence number among codes sharing the same prefix, 3 digits).
pub fn next_product_code<'a>(
    pattern: &str,
    category: &str,
    series: &str,
    existing: impl Iterator<Item = &'a str>,
) -> String {
    let rule = ProductCodeRule::new(pattern, category, series);
    rule.code(rule.highest(existing) + 1)
}

/// The code after `code`: its last run of digits counted up, keeping at least its width
/// (C00042 → C00043, OF-PR-009 → OF-PR-010, P004-A → P005-A, K-99 → K-100). `None` when
/// the code has no digits.
pub fn bump(code: &str) -> Option<String> {
    let end = code.rfind(|c: char| c.is_ascii_digit())? + 1;
    let start = code[..end].rfind(|c: char| !c.is_ascii_digit()).map_or(0, |i| i + 1);
    let digits = &code[start..end];
    // Long runs count up as text, so no width overflows an integer.
    let mut bumped: Vec<u8> = digits.bytes().collect();
    let mut i = bumped.len();
    loop {
        if i == 0 {
            bumped.insert(0, b'1');
            break;
        }
        i -= 1;
        if bumped[i] == b'9' {
            bumped[i] = b'0';
        } else {
            bumped[i] += 1;
            break;
        }
    }
    Some(format!("{}{}{}", &code[..start], String::from_utf8(bumped).ok()?, &code[end..]))
}

/// A product code pattern with its category prefix and series filled in.
pub struct ProductCodeRule {
    before: String,
    after: String,
    pub has_seq: bool,
}

impl ProductCodeRule {
    pub fn new(pattern: &str, category: &str, series: &str) -> Self {
        let stem = pattern.replace("{category}", &category.to_uppercase()).replace("{series}", &series.to_uppercase());
        match stem.split_once("{seq}") {
            Some((before, after)) => ProductCodeRule { before: before.into(), after: after.into(), has_seq: true },
            None => ProductCodeRule { before: stem, after: String::new(), has_seq: false },
        }
    }

    /// The highest sequence number among `existing` codes that follow this rule (0 if none).
    pub fn highest<'a>(&self, existing: impl Iterator<Item = &'a str>) -> u64 {
        existing
            .filter_map(|code| code.strip_prefix(self.before.as_str())?.strip_suffix(self.after.as_str())?.parse::<u64>().ok())
            .max()
            .unwrap_or(0)
    }

    /// The code with sequence number `seq` (a pattern without `{seq}` gives the same code
    /// every time).
    pub fn code(&self, seq: u64) -> String {
        if self.has_seq {
            format!("{}{seq:03}{}", self.before, self.after)
        } else {
            self.before.clone()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customer_codes_continue_the_highest_sequence() {
        assert_eq!(next_customer_code("C", std::iter::empty()), "C00001");
        let codes = ["C00007", "C00012", "X99999", "Cabc", "C3"];
        assert_eq!(next_customer_code("C", codes.into_iter()), "C00013");
        assert_eq!(next_customer_code("KH-", ["KH-0099"].into_iter()), "KH-00100");
    }

    #[test]
    fn bump_counts_up_the_last_digits() {
        assert_eq!(bump("C00042").as_deref(), Some("C00043"));
        assert_eq!(bump("OF-PR-009").as_deref(), Some("OF-PR-010"));
        assert_eq!(bump("P004-A").as_deref(), Some("P005-A"));
        assert_eq!(bump("K-99").as_deref(), Some("K-100"));
        assert_eq!(bump("99999999999999999999999").as_deref(), Some("100000000000000000000000"));
        assert_eq!(bump("客户-7号").as_deref(), Some("客户-8号"));
        assert_eq!(bump("ABC"), None);
    }

    #[test]
    fn product_codes_follow_the_pattern() {
        let codes = ["OF-PR-001", "OF-PR-007", "OF-PJ-003"];
        assert_eq!(next_product_code("{category}-{series}-{seq}", "of", "pr", codes.into_iter()), "OF-PR-008");
        assert_eq!(next_product_code("{category}-{series}-{seq}", "SW", "BS", codes.into_iter()), "SW-BS-001");
        assert_eq!(next_product_code("P{seq}-{category}", "A", "", ["P004-A"].into_iter()), "P005-A");
    }
}
