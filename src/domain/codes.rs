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
    let stem = pattern.replace("{category}", &category.to_uppercase()).replace("{series}", &series.to_uppercase());
    let (before, after) = stem.split_once("{seq}").unwrap_or((stem.as_str(), ""));
    let highest = existing
        .filter_map(|code| code.strip_prefix(before)?.strip_suffix(after)?.parse::<u64>().ok())
        .max()
        .unwrap_or(0);
    if stem.contains("{seq}") {
        format!("{before}{:03}{after}", highest + 1)
    } else {
        stem
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
    fn product_codes_follow_the_pattern() {
        let codes = ["OF-PR-001", "OF-PR-007", "OF-PJ-003"];
        assert_eq!(next_product_code("{category}-{series}-{seq}", "of", "pr", codes.into_iter()), "OF-PR-008");
        assert_eq!(next_product_code("{category}-{series}-{seq}", "SW", "BS", codes.into_iter()), "SW-BS-001");
        assert_eq!(next_product_code("P{seq}-{category}", "A", "", ["P004-A"].into_iter()), "P005-A");
    }
}
