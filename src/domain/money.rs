//! Money: a `Decimal` rounded to 2 places, half away from zero (四舍五入), stored as a string.

use rust_decimal::prelude::*;
use rust_decimal::RoundingStrategy;
use serde::{de, Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, Mul, Sub};

/// Largest amount the app accepts anywhere (one trillion minus a cent): anything above is a typo.
pub const MONEY_MAX: Decimal = Decimal::from_parts(276_447_231, 23_283, 0, false, 2); // 999_999_999_999.99

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Money(Decimal);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("not a number")]
    NotANumber,
    #[error("too large")]
    TooLarge,
}

/// The book's currency: its ISO code and the symbol shown before amounts.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Currency {
    pub code: String,
    pub symbol: String,
}

impl Default for Currency {
    fn default() -> Currency {
        Currency { code: "CNY".into(), symbol: "¥".into() }
    }
}

impl Currency {
    /// Codes whose symbol is known without being typed.
    pub const KNOWN: [(&'static str, &'static str); 8] =
        [("CNY", "¥"), ("USD", "$"), ("EUR", "€"), ("HKD", "HK$"), ("GBP", "£"), ("JPY", "¥"), ("TWD", "NT$"), ("SGD", "S$")];

    /// "USD", "usd $" or "EUR €": a three-letter code, then an optional symbol (the known
    /// one when left out) of at most 4 characters without digits or spaces.
    pub fn parse(text: &str) -> Option<Currency> {
        let mut parts = text.split_whitespace();
        let code = parts.next()?.to_ascii_uppercase();
        if code.len() != 3 || !code.chars().all(|c| c.is_ascii_alphabetic()) {
            return None;
        }
        let symbol = match parts.next() {
            Some(sym) if sym.chars().count() <= 4 && !sym.chars().any(|c| c.is_ascii_digit() || c == '-' || c == '.' || c == ',') => sym.to_string(),
            Some(_) => return None,
            None => Currency::KNOWN.iter().find(|(c, _)| *c == code)?.1.to_string(),
        };
        parts.next().is_none().then_some(Currency { code, symbol })
    }

    /// "USD $"
    pub fn show(&self) -> String {
        format!("{} {}", self.code, self.symbol)
    }

    /// An amount as shown: symbol and grouped digits, "$1,234.50".
    pub fn amount(&self, m: Money) -> String {
        format!("{}{}", self.symbol, m.grouped())
    }
}

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    pub fn new(value: Decimal) -> Self {
        let mut v = value.round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero);
        v.rescale(2);
        Money(v)
    }

    /// A sum or difference of amounts: already in cents unless one side was not (`ZERO`).
    fn cents(value: Decimal) -> Self {
        if value.scale() == 2 {
            Money(value)
        } else {
            Money::new(value)
        }
    }

    pub fn from_cents(cents: i64) -> Self {
        Money::new(Decimal::new(cents, 2))
    }

    /// The amount in cents, as an integer.
    pub fn in_cents(self) -> i128 {
        let mut v = self.0;
        if v.scale() != 2 {
            v.rescale(2);
        }
        v.mantissa()
    }

    /// An amount of `cents` (sums of [`Money::in_cents`]; beyond `Decimal`'s 96 bits, which no
    /// book reaches, it stops at its largest value).
    pub fn of_cents(cents: i128) -> Self {
        Money(Decimal::try_from_i128_with_scale(cents, 2).unwrap_or(if cents < 0 { Decimal::MIN } else { Decimal::MAX }))
    }

    pub fn from_int(units: i64) -> Self {
        Money::new(Decimal::from(units))
    }

    /// Parses user or file input: optional sign, digits, optional fraction; thousands separators
    /// (`,` between groups of three, and spaces) and a leading currency sign (¥ ￥ $) are
    /// tolerated. A comma anywhere else ("1,0", a decimal comma) is refused, not guessed at.
    pub fn parse(text: &str) -> Result<Self, MoneyError> {
        let t = text.trim();
        let bare = ["HK$", "NT$", "S$", "US$"].iter().find_map(|p| t.strip_prefix(p)).unwrap_or(t).trim_start_matches(['¥', '￥', '$', '€', '£']);
        let whole = bare.split('.').next().unwrap_or_default();
        let groups: Vec<&str> = whole.split(',').collect();
        if groups.len() > 1 {
            let digits = |g: &str| g.chars().filter(|c| !c.is_whitespace()).count();
            let first = digits(groups[0].trim_start_matches(['-', ' ']));
            if !(1..=3).contains(&first) || groups[1..].iter().any(|g| digits(g) != 3) {
                return Err(MoneyError::NotANumber);
            }
        }
        let cleaned: String = bare
            .chars()
            .filter(|c| *c != ',' && !c.is_whitespace())
            .collect();
        let unsigned = cleaned.strip_prefix('-').unwrap_or(&cleaned);
        let (int, frac) = unsigned.split_once('.').unwrap_or((unsigned, ""));
        let valid = !(int.is_empty() && frac.is_empty())
            && int.chars().all(|c| c.is_ascii_digit())
            && frac.chars().all(|c| c.is_ascii_digit());
        if !valid {
            return Err(MoneyError::NotANumber);
        }
        let value = Decimal::from_str(&cleaned).map_err(|_| MoneyError::TooLarge)?;
        let money = Money::new(value);
        if money.0.abs() > MONEY_MAX {
            return Err(MoneyError::TooLarge);
        }
        Ok(money)
    }

    pub fn value(self) -> Decimal {
        self.0
    }

    pub fn is_negative(self) -> bool {
        self.0.is_sign_negative() && !self.0.is_zero()
    }

    pub fn is_absurd(self) -> bool {
        self.0.abs() > MONEY_MAX
    }

    /// Amount × percentage (0–100), rounded.
    pub fn percent(self, pct: Decimal) -> Money {
        times(self.0, pct, 2).unwrap_or_else(|| Money::new(self.0 * pct / Decimal::ONE_HUNDRED))
    }

    /// Display with thousands separators: 1,234,567.89
    pub fn grouped(self) -> String {
        grouped(&self.to_string())
    }
}

/// A plain decimal number ("-1234567.8") with its whole part's thousands separated:
/// "-1,234,567.8". The fraction is kept as written.
pub fn grouped(number: &str) -> String {
    let (sign, rest) = number.strip_prefix('-').map_or(("", number), |r| ("-", r));
    let (int, frac) = rest.split_once('.').map_or((rest, None), |(i, f)| (i, Some(f)));
    let mut out = String::with_capacity(number.len() + int.len() / 3);
    out.push_str(sign);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut v = self.0;
        v.rescale(2);
        write!(f, "{v}")
    }
}

impl Add for Money {
    type Output = Money;
    fn add(self, rhs: Money) -> Money {
        Money::cents(self.0 + rhs.0)
    }
}

impl std::ops::AddAssign for Money {
    fn add_assign(&mut self, rhs: Money) {
        *self = *self + rhs;
    }
}

impl Sub for Money {
    type Output = Money;
    fn sub(self, rhs: Money) -> Money {
        Money::cents(self.0 - rhs.0)
    }
}

impl Mul<Decimal> for Money {
    type Output = Money;
    fn mul(self, rhs: Decimal) -> Money {
        times(self.0, rhs, 0).unwrap_or_else(|| Money::new(self.0 * rhs))
    }
}

/// a × b / 10^shift rounded to cents, half away from zero, in integers: what `Money::new`
/// makes of the same product (a quote line's total runs once per line of every won deal an
/// analysis reads), or `None` when the digits do not fit (the caller then uses `Decimal`).
fn times(a: Decimal, b: Decimal, shift: u32) -> Option<Money> {
    if let Some(cents) = small_times(a, b, shift) {
        return Some(Money(Decimal::new(cents, 2)));
    }
    let scale = a.scale() + b.scale() + shift;
    let product = a.mantissa().checked_mul(b.mantissa())?;
    // The product's value is product / 10^scale.
    let cents = if scale >= 2 {
        let div = 10i128.checked_pow(scale - 2)?;
        let (q, r) = (product / div, product % div);
        if r != 0 && r.abs() >= div - r.abs() { q + product.signum() } else { q }
    } else {
        product.checked_mul(10i128.pow(2 - scale))?
    };
    Decimal::try_from_i128_with_scale(cents, 2).ok().map(Money)
}

/// [`times`] in cents when the digits fit 64 bits, which the machine (and wasm) divides in one
/// instruction (128-bit division is a slow library call).
pub(crate) fn small_times(a: Decimal, b: Decimal, shift: u32) -> Option<i64> {
    let scale = a.scale() + b.scale() + shift;
    let product = i64::try_from(a.mantissa()).ok()?.checked_mul(i64::try_from(b.mantissa()).ok()?)?;
    // The common scales by constants, which compile to multiplications.
    Some(match scale {
        0 => product.checked_mul(100)?,
        1 => product.checked_mul(10)?,
        2 => product,
        3 => round_div(product, 10),
        4 => round_div(product, 100),
        5 => round_div(product, 1_000),
        6 => round_div(product, 10_000),
        _ => round_div(product, 10i64.checked_pow(scale - 2)?),
    })
}

/// `n / div` rounded half away from zero.
#[inline(always)]
fn round_div(n: i64, div: i64) -> i64 {
    let (q, r) = (n / div, n % div);
    if r != 0 && r.abs() >= div - r.abs() { q + n.signum() } else { q }
}

impl Sum for Money {
    fn sum<I: Iterator<Item = Money>>(iter: I) -> Money {
        iter.fold(Money::ZERO, |a, b| a + b)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_string())
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        struct V;
        impl de::Visitor<'_> for V {
            type Value = Money;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an amount as a string like \"12500.00\"")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Money, E> {
                Money::parse(v).map_err(|e| E::custom(format!("invalid amount {v:?}: {e}")))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Money, E> {
                Money::parse(&v.to_string()).map_err(|e| E::custom(format!("invalid amount {v}: {e}")))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Money, E> {
                Money::parse(&v.to_string()).map_err(|e| E::custom(format!("invalid amount {v}: {e}")))
            }
            // Lenient read of files written by spreadsheets: the shortest decimal text of the
            // number is what the file said, so no binary-float error creeps in.
            fn visit_f64<E: de::Error>(self, v: f64) -> Result<Money, E> {
                if !v.is_finite() {
                    return Err(E::custom("invalid amount"));
                }
                Money::parse(&format!("{v}")).map_err(|e| E::custom(format!("invalid amount {v}: {e}")))
            }
        }
        d.deserialize_any(V)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn products_in_integers_match_decimal_rounding() {
        let mut rng = crate::domain::rng::Rng(7);
        let value = |rng: &mut crate::domain::rng::Rng| {
            let mantissa = rng.range(-2_000_000, 2_000_000) as i64;
            Decimal::new(mantissa, rng.below(5) as u32)
        };
        for _ in 0..20_000 {
            let (a, b) = (Money::new(value(&mut rng)), value(&mut rng));
            let by_decimal = Money::new(a.value() * b);
            assert_eq!((a * b).to_string(), by_decimal.to_string(), "{a} × {b}");
            let pct = Money::new(a.value() * b / Decimal::ONE_HUNDRED);
            assert_eq!(a.percent(b), pct, "{a} × {b} %");
        }
        // Halves round away from zero; Money::ZERO (scale 0) works; digits that do not fit fall back.
        assert_eq!((Money::parse("0.05").unwrap() * Decimal::new(5, 1)).to_string(), "0.03");
        assert_eq!((Money::parse("-0.05").unwrap() * Decimal::new(5, 1)).to_string(), "-0.03");
        assert_eq!((Money::ZERO * Decimal::from(3)).to_string(), "0.00");
        // Cents as integers, both ways (ZERO has no scale of its own).
        for m in ["0", "-0.05", "12.3", "999999999999.99"] {
            let m = Money::parse(m).unwrap();
            assert_eq!(Money::of_cents(m.in_cents()), m);
        }
        assert_eq!(Money::ZERO.in_cents(), 0);
        assert_eq!(Money::parse("-12.30").unwrap().in_cents(), -1230);
        let big = Money::new(Decimal::MAX / Decimal::from(1_000_000));
        assert_eq!(big * Decimal::new(1, 3), Money::new(big.value() * Decimal::new(1, 3)));
        // Each fits 64 bits, their product does not: worked out in 128.
        let (wide, by) = (Money::parse("12345678901.27").unwrap(), Decimal::new(98_765_432_109, 4));
        assert_eq!(wide * by, Money::new(wide.value() * by));
        assert_eq!(wide.percent(by), Money::new(wide.value() * by / Decimal::ONE_HUNDRED));
    }

    #[test]
    fn rounds_half_away_from_zero() {
        assert_eq!(Money::parse("2.345").unwrap().to_string(), "2.35");
        assert_eq!(Money::parse("-2.345").unwrap().to_string(), "-2.35");
        assert_eq!(Money::parse("2.344").unwrap().to_string(), "2.34");
        assert_eq!(Money::parse("12500").unwrap().to_string(), "12500.00");
    }

    #[test]
    fn parses_user_formats_and_rejects_garbage() {
        assert_eq!(Money::parse("¥1,234.5").unwrap().to_string(), "1234.50");
        assert_eq!(Money::parse("€1,234.5").unwrap().to_string(), "1234.50");
        assert_eq!(Money::parse("HK$ 99").unwrap().to_string(), "99.00");
        assert_eq!(Money::parse(" 0.5 ").unwrap().to_string(), "0.50");
        assert_eq!(Money::parse(".5").unwrap().to_string(), "0.50");
        assert_eq!(Money::parse("-12,345,678").unwrap().to_string(), "-12345678.00");
        assert_eq!(Money::parse("1 000.50").unwrap().to_string(), "1000.50");
        // A comma that is not a thousands separator is not guessed at.
        for bad in ["", "abc", "1.2.3", "1e5", "--1", "12a", ".", "1,0", "1,00", "12,5000", ",100", "1,234,56", "1234,567"] {
            assert_eq!(Money::parse(bad), Err(MoneyError::NotANumber), "{bad}");
        }
        assert_eq!(Money::parse("1000000000000"), Err(MoneyError::TooLarge));
        assert_eq!(Money::parse("99999999999999999999999999999999999"), Err(MoneyError::TooLarge));
        assert!(Money::parse("999999999999.99").is_ok());
    }

    #[test]
    fn serde_as_string_and_lenient_numbers() {
        let m = Money::parse("12500").unwrap();
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"12500.00\"");
        let back: Money = serde_json::from_str("\"12500.00\"").unwrap();
        assert_eq!(back, m);
        let n: Money = serde_json::from_str("12500").unwrap();
        assert_eq!(n, m);
        let f: Money = serde_json::from_str("0.1").unwrap();
        assert_eq!(f.to_string(), "0.10");
        assert!(serde_json::from_str::<Money>("\"twelve\"").is_err());
        assert!(serde_json::from_str::<Money>("true").is_err());
    }

    #[test]
    fn grouping_and_arithmetic() {
        assert_eq!(Money::parse("1234567.8").unwrap().grouped(), "1,234,567.80");
        assert_eq!(Money::parse("-1000").unwrap().grouped(), "-1,000.00");
        assert_eq!(Money::parse("999").unwrap().grouped(), "999.00");
        assert_eq!(grouped("7766160"), "7,766,160");
        assert_eq!(grouped("-1234.5"), "-1,234.5");
        let total: Money = [Money::from_cents(105), Money::from_cents(295)].into_iter().sum();
        assert_eq!(total.to_string(), "4.00");
        assert_eq!(Money::from_int(200).percent(Decimal::new(125, 1)).to_string(), "25.00");
    }

    #[test]
    fn currencies_from_text() {
        assert_eq!(Currency::parse("usd"), Some(Currency { code: "USD".into(), symbol: "$".into() }));
        assert_eq!(Currency::parse("HKD"), Some(Currency { code: "HKD".into(), symbol: "HK$".into() }));
        assert_eq!(Currency::parse(" CHF Fr. "), None, "a dot is not part of a symbol");
        assert_eq!(Currency::parse("CHF Fr"), Some(Currency { code: "CHF".into(), symbol: "Fr".into() }));
        assert_eq!(Currency::parse("XYZ"), None, "an unknown code needs its symbol");
        assert_eq!(Currency::parse("US dollars"), None);
        assert_eq!(Currency::parse("EUR € extra"), None);
        assert_eq!(Currency::parse(""), None);
        let usd = Currency::parse("USD $").unwrap();
        assert_eq!(usd.amount(Money::from_cents(123_450)), "$1,234.50");
        assert_eq!(usd.show(), "USD $");
        assert_eq!(Currency::default().amount(Money::from_int(5)), "¥5.00");
    }
}
