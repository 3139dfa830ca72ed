//! A quote as a document 报价单: numbered by the book's rule (`BJ-{yyyy}-{seq}`), issued on a
//! date with a validity 有效期 and a tax rate; printing it again after its lines changed issues
//! the next version, so every printed or sent version can be told apart.

use super::LineItem;
use crate::domain::money::Money;
use chrono::{Duration, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// The quote as last issued (printed or sent).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IssuedQuote {
    pub number: String,
    /// 1 for the first issue; up by one whenever it is issued with other lines.
    pub version: u32,
    #[serde(deserialize_with = "crate::domain::stamps::day")]
    pub issued_on: NaiveDate,
    #[serde(deserialize_with = "crate::domain::stamps::day")]
    pub valid_until: NaiveDate,
    /// Prices include VAT at this rate (%).
    pub tax_rate_pct: Decimal,
    /// The lines as issued.
    pub lines: Vec<LineItem>,
}

/// What the book says about new quotes.
#[derive(Clone, Copy, Debug)]
pub struct QuoteTerms {
    pub validity_days: u32,
    pub tax_rate_pct: Decimal,
}

/// The quote to print for `lines` on `today`: the one issued before when its lines are the
/// same; else the next version of it (same number, dated today); else a first version with
/// the number `new_number` gives.
pub fn issue(previous: Option<&IssuedQuote>, lines: &[LineItem], today: NaiveDate, terms: QuoteTerms, new_number: impl FnOnce() -> String) -> IssuedQuote {
    if let Some(q) = previous.filter(|q| q.lines == lines) {
        return q.clone();
    }
    let (number, version) = match previous {
        Some(q) => (q.number.clone(), q.version + 1),
        None => (new_number(), 1),
    };
    IssuedQuote {
        number,
        version,
        issued_on: today,
        valid_until: today + Duration::days(i64::from(terms.validity_days)),
        tax_rate_pct: terms.tax_rate_pct,
        lines: lines.to_vec(),
    }
}

/// The VAT included in a tax-inclusive `total` at `rate_pct`: total − total / (1 + rate), to
/// the cent.
pub fn tax_included(total: Money, rate_pct: Decimal) -> Money {
    if rate_pct <= Decimal::ZERO {
        return Money::ZERO;
    }
    let net = total.value() * Decimal::ONE_HUNDRED / (Decimal::ONE_HUNDRED + rate_pct);
    Money::new(total.value() - net)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn line(product: &str, qty: i64, price: i64) -> LineItem {
        LineItem { product_id: product.into(), quantity: Decimal::from(qty), unit_price: Money::from_int(price), discount_pct: Decimal::ZERO, discount_reason: String::new() }
    }
    const TERMS: QuoteTerms = QuoteTerms { validity_days: 30, tax_rate_pct: Decimal::from_parts(13, 0, 0, false, 0) };

    #[test]
    fn a_quote_gets_a_number_once_and_a_new_version_when_its_lines_change() {
        let day = |s: &str| s.parse::<NaiveDate>().unwrap();
        let lines = vec![line("p1", 2, 500)];
        let first = issue(None, &lines, day("2026-11-24"), TERMS, || "BJ-2026-0001".into());
        assert_eq!((first.number.as_str(), first.version, first.valid_until), ("BJ-2026-0001", 1, day("2026-12-24")));
        // Printed again unchanged, days later: the same version, the same dates.
        let again = issue(Some(&first), &lines, day("2026-11-30"), TERMS, || unreachable!("numbered already"));
        assert_eq!(again, first);
        // A line changed: version 2, same number, dated the day it is issued.
        let changed = vec![line("p1", 3, 500)];
        let second = issue(Some(&first), &changed, day("2026-12-01"), TERMS, || unreachable!("numbered already"));
        assert_eq!((second.number.as_str(), second.version, second.issued_on, second.lines.len()), ("BJ-2026-0001", 2, day("2026-12-01"), 1));
        assert_eq!(second.valid_until, day("2026-12-31"));
    }

    #[test]
    fn tax_included_in_a_gross_total() {
        assert_eq!(tax_included(Money::from_int(11_300), Decimal::from(13)), Money::from_int(1_300));
        assert_eq!(tax_included(Money::parse("100.00").unwrap(), Decimal::from(6)).to_string(), "5.66");
        assert_eq!(tax_included(Money::from_int(100), Decimal::ZERO), Money::ZERO);
    }
}
