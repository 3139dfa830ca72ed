//! Workspace settings kept with the data (language lives in the browser so it applies before
//! the database opens).

use crate::domain::customers::grading::GradeThresholds;
use crate::domain::money::{Currency, Money};
use crate::domain::validation::{Checker, FieldProblem};
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

pub const SETTINGS_ID: &str = "settings";

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    pub id: String,
    /// Prefix of customer codes 客户编号, followed by a zero-padded sequence: C00042.
    pub customer_code_prefix: String,
    /// Product code 商品编码 pattern: `{category}` prefix, `{series}`, `{seq}`.
    pub product_code_pattern: String,
    /// Largest discount % on a quote line before it needs a reason.
    pub max_discount_pct: Decimal,
    /// Days without a purchase after which an active customer counts as churned.
    pub churn_window_days: u32,
    /// Expected relationship years in the CLV formula.
    pub clv_years: u32,
    pub lost_reasons: Vec<String>,
    pub grade_thresholds: GradeThresholds,
    /// Contracts above this amount need at least one approval step before signing.
    pub contract_approval_above: Money,
    /// Contract number 合同编号 rule: `{yyyy}` (or `{yy}`) and `{seq}`.
    pub contract_number_pattern: String,
    /// The last contract sequence number given: numbers are never reused, even after a delete.
    pub contract_seq: u64,
    /// Quote number 报价单号 rule: `{yyyy}` (or `{yy}`) and `{seq}`.
    pub quote_number_pattern: String,
    /// The last quote sequence number given.
    pub quote_seq: u64,
    /// Days a quote is valid 有效期 from the day it is issued.
    pub quote_validity_days: u32,
    /// VAT rate (%) included in quoted prices.
    pub tax_rate_pct: Decimal,
    /// Who sells: the letterhead and seller block of every printed document.
    pub seller: SellerProfile,
    /// The book's currency, in every display and print.
    pub currency: Currency,
    /// A deal moved to Won takes its quote lines' units out of stock (and gives them back
    /// when it is reopened).
    pub reduce_stock_on_win: bool,
    pub updated_at: Option<DateTime<Utc>>,
    /// Changes with every write: a save that expected another revision is refused (see `Service::write`). 0 until first stored.
    #[serde(default)]
    pub rev: u32,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            id: SETTINGS_ID.to_string(),
            customer_code_prefix: "C".to_string(),
            product_code_pattern: "{category}-{series}-{seq}".to_string(),
            max_discount_pct: Decimal::from(15),
            churn_window_days: 180,
            clv_years: 10,
            lost_reasons: Vec::new(),
            grade_thresholds: GradeThresholds::default(),
            contract_approval_above: Money::from_int(100_000),
            contract_number_pattern: "HT-{yyyy}-{seq}".to_string(),
            contract_seq: 0,
            quote_number_pattern: "BJ-{yyyy}-{seq}".to_string(),
            quote_seq: 0,
            quote_validity_days: 30,
            tax_rate_pct: Decimal::from(13),
            seller: SellerProfile::default(),
            currency: Currency::default(),
            reduce_stock_on_win: false,
            updated_at: None, rev: 0,
        }
    }
}

impl Settings {
    pub fn validate(&self) -> Vec<FieldProblem> {
        let mut c = Checker::new();
        c.required("customer_code_prefix", &self.customer_code_prefix);
        c.required("product_code_pattern", &self.product_code_pattern);
        c.range("churn_window_days", i64::from(self.churn_window_days), 1, 3650);
        c.range("clv_years", i64::from(self.clv_years), 1, 100);
        if self.max_discount_pct < Decimal::ZERO || self.max_discount_pct > Decimal::ONE_HUNDRED {
            c.push("max_discount_pct", crate::domain::validation::Problem::OutOfRange { min: 0, max: 100 });
        }
        if self.tax_rate_pct < Decimal::ZERO || self.tax_rate_pct > Decimal::ONE_HUNDRED {
            c.push("tax_rate_pct", crate::domain::validation::Problem::OutOfRange { min: 0, max: 100 });
        }
        c.range("quote_validity_days", i64::from(self.quote_validity_days), 1, 3650);
        c.nested("seller".to_string(), |c| self.seller.check(c));
        if Currency::parse(&self.currency.show()).as_ref() != Some(&self.currency) {
            c.push("currency", crate::domain::validation::Problem::Malformed(self.currency.show()));
        }
        c.finish()
    }
}

/// The seller's details on printed documents: company (or personal) name, address, phone,
/// e-mail, tax number 税号, bank 开户行 and account 账号, and an optional logo.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct SellerProfile {
    pub name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    pub tax_number: String,
    pub bank: String,
    pub account: String,
    /// A PNG, JPEG or WebP image as a `data:` URL, at most [`LOGO_MAX`] characters; empty for
    /// none.
    pub logo: String,
}

/// The largest logo kept (as a `data:` URL, about 150 KB of image).
pub const LOGO_MAX: usize = 200_000;

/// Why a logo image is not taken.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LogoRefused {
    /// Not a PNG, JPEG or WebP image.
    NotAnImage,
    /// Larger than the cap (its size in characters).
    TooLarge(usize),
}

impl SellerProfile {
    /// Checks a logo as read from a file (a `data:` URL).
    pub fn check_logo(url: &str) -> Result<(), LogoRefused> {
        // The type as named and the first bytes of the image (PNG, JPEG, RIFF…WEBP) agree.
        let raster = [("data:image/png;base64,", "iVBORw0KGgo"), ("data:image/jpeg;base64,", "/9j/"), ("data:image/webp;base64,", "UklGR")];
        if !raster.iter().any(|(p, magic)| url.strip_prefix(p).is_some_and(|data| data.starts_with(magic))) || !url.bytes().skip_while(|b| *b != b',').skip(1).all(|b| b.is_ascii_alphanumeric() || b"+/=".contains(&b)) {
            return Err(LogoRefused::NotAnImage);
        }
        if url.len() > LOGO_MAX {
            return Err(LogoRefused::TooLarge(url.len()));
        }
        Ok(())
    }

    fn check(&self, c: &mut Checker) {
        use crate::domain::validation::NAME_MAX;
        c.max_len("name", &self.name, NAME_MAX).max_len("address", &self.address, NAME_MAX * 2).max_len("phone", &self.phone, 60);
        c.max_len("email", &self.email, NAME_MAX).max_len("tax_number", &self.tax_number, 60).max_len("bank", &self.bank, NAME_MAX).max_len("account", &self.account, 60);
        if !self.logo.is_empty() {
            match SellerProfile::check_logo(&self.logo) {
                Ok(()) => {}
                Err(LogoRefused::TooLarge(_)) => {
                    c.push("logo", crate::domain::validation::Problem::TooLong { max: LOGO_MAX });
                }
                Err(LogoRefused::NotAnImage) => {
                    c.push("logo", crate::domain::validation::Problem::Malformed("not a PNG, JPEG or WebP image".into()));
                }
            }
        }
    }
}

/// One editable rule of Settings → thresholds, typed as text: "30 / 90" for pairs.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    CustomerPrefix,
    ProductPattern,
    Recency,
    Frequency,
    Monetary,
    GradeMins,
    AtRisk,
    ProspectMonths,
    ProspectProbability,
    ChurnWindow,
    ClvYears,
    ContractApproval,
    ContractNumber,
    QuoteNumber,
    QuoteValidity,
    TaxRate,
    Currency,
}

fn pair<T: std::str::FromStr>(text: &str) -> Option<[T; 2]> {
    let mut parts = text.split(['/', ',']).map(str::trim);
    let a = parts.next()?.parse().ok()?;
    let b = parts.next()?.parse().ok()?;
    parts.next().is_none().then_some([a, b])
}

fn number<T: std::str::FromStr + PartialOrd>(text: &str, min: T, max: T) -> Option<T> {
    text.trim().parse::<T>().ok().filter(|n| *n >= min && *n <= max)
}

impl Rule {
    pub const ALL: [Rule; 17] = [
        Rule::Currency,
        Rule::CustomerPrefix,
        Rule::ProductPattern,
        Rule::Recency,
        Rule::Frequency,
        Rule::Monetary,
        Rule::GradeMins,
        Rule::AtRisk,
        Rule::ProspectMonths,
        Rule::ProspectProbability,
        Rule::ChurnWindow,
        Rule::ClvYears,
        Rule::ContractApproval,
        Rule::ContractNumber,
        Rule::QuoteNumber,
        Rule::QuoteValidity,
        Rule::TaxRate,
    ];

    /// The field's id in the form.
    pub fn id(self) -> &'static str {
        match self {
            Rule::CustomerPrefix => "customer_code_prefix",
            Rule::ProductPattern => "product_code_pattern",
            Rule::Recency => "recency",
            Rule::Frequency => "frequency",
            Rule::Monetary => "monetary",
            Rule::GradeMins => "grade_mins",
            Rule::AtRisk => "at_risk_days",
            Rule::ProspectMonths => "prospect_months",
            Rule::ProspectProbability => "prospect_probability",
            Rule::ChurnWindow => "churn_window_days",
            Rule::ClvYears => "clv_years",
            Rule::ContractApproval => "contract_approval_above",
            Rule::ContractNumber => "contract_number_pattern",
            Rule::QuoteNumber => "quote_number_pattern",
            Rule::QuoteValidity => "quote_validity_days",
            Rule::TaxRate => "tax_rate_pct",
            Rule::Currency => "currency",
        }
    }

    /// The rule's current value as the form shows it.
    pub fn show(self, s: &Settings) -> String {
        let t = &s.grade_thresholds;
        match self {
            Rule::CustomerPrefix => s.customer_code_prefix.clone(),
            Rule::ProductPattern => s.product_code_pattern.clone(),
            Rule::Recency => format!("{} / {}", t.recency_days[0], t.recency_days[1]),
            Rule::Frequency => format!("{} / {}", t.frequency[0], t.frequency[1]),
            Rule::Monetary => format!("{} / {}", t.monetary[0], t.monetary[1]),
            Rule::GradeMins => format!("{} / {}", t.grade_a_min, t.grade_b_min),
            Rule::AtRisk => t.at_risk_days.to_string(),
            Rule::ProspectMonths => format!("{} / {}", t.prospect_months[0], t.prospect_months[1]),
            Rule::ProspectProbability => t.prospect_a_min_probability.to_string(),
            Rule::ChurnWindow => s.churn_window_days.to_string(),
            Rule::ClvYears => s.clv_years.to_string(),
            Rule::ContractApproval => s.contract_approval_above.to_string(),
            Rule::ContractNumber => s.contract_number_pattern.clone(),
            Rule::QuoteNumber => s.quote_number_pattern.clone(),
            Rule::QuoteValidity => s.quote_validity_days.to_string(),
            Rule::TaxRate => s.tax_rate_pct.normalize().to_string(),
            Rule::Currency => s.currency.show(),
        }
    }

    /// Reads `text` into `s`; false (and `s` unchanged for this rule) when it is not a valid
    /// value: A thresholds must be at least as strict as B's.
    pub fn apply(self, s: &mut Settings, text: &str) -> bool {
        let t = &mut s.grade_thresholds;
        match self {
            Rule::CustomerPrefix | Rule::ProductPattern => {
                let v = text.trim();
                let ok = if self == Rule::CustomerPrefix { !v.is_empty() } else { v.contains("{seq}") };
                if ok {
                    if self == Rule::CustomerPrefix {
                        s.customer_code_prefix = v.into();
                    } else {
                        s.product_code_pattern = v.into();
                    }
                }
                ok
            }
            Rule::Recency => pair::<u32>(text).filter(|p| p[0] <= p[1]).map(|p| t.recency_days = p).is_some(),
            Rule::Frequency => pair::<u32>(text).filter(|p| p[0] >= p[1]).map(|p| t.frequency = p).is_some(),
            Rule::Monetary => {
                let parts: Vec<&str> = text.split('/').map(str::trim).collect();
                match parts.as_slice() {
                    [a, b] => match (Money::parse(a), Money::parse(b)) {
                        (Ok(a), Ok(b)) if a >= b && !b.is_negative() => {
                            t.monetary = [a, b];
                            true
                        }
                        _ => false,
                    },
                    _ => false,
                }
            }
            Rule::GradeMins => pair::<u8>(text)
                .filter(|p| p[0] >= p[1] && p[0] <= 9 && p[1] >= 3)
                .map(|p| {
                    t.grade_a_min = p[0];
                    t.grade_b_min = p[1];
                })
                .is_some(),
            Rule::AtRisk => number(text, 1, 3650).map(|d| t.at_risk_days = d).is_some(),
            Rule::ProspectMonths => pair::<u32>(text).filter(|p| p[0] <= p[1] && p[1] <= 120).map(|p| t.prospect_months = p).is_some(),
            Rule::ProspectProbability => number(text, 0, 100).map(|p| t.prospect_a_min_probability = p).is_some(),
            Rule::ChurnWindow => number(text, 1, 3650).map(|d| s.churn_window_days = d).is_some(),
            Rule::ClvYears => number(text, 1, 100).map(|y| s.clv_years = y).is_some(),
            Rule::ContractApproval => Money::parse(text).ok().filter(|m| !m.is_negative()).map(|m| s.contract_approval_above = m).is_some(),
            Rule::ContractNumber | Rule::QuoteNumber => {
                let v = text.trim();
                let ok = number_rule_ok(v);
                if ok {
                    let pattern = if self == Rule::ContractNumber { &mut s.contract_number_pattern } else { &mut s.quote_number_pattern };
                    *pattern = v.into();
                }
                ok
            }
            Rule::QuoteValidity => number(text, 1, 3650).map(|d| s.quote_validity_days = d).is_some(),
            Rule::Currency => Currency::parse(text).map(|c| s.currency = c).is_some(),
            Rule::TaxRate => text
                .trim()
                .trim_end_matches('%')
                .trim()
                .parse::<Decimal>()
                .ok()
                .filter(|r| *r >= Decimal::ZERO && *r <= Decimal::ONE_HUNDRED)
                .map(|r| s.tax_rate_pct = r)
                .is_some(),
        }
    }
}

/// A number rule: one `{seq}`, besides it only `{yyyy}` or `{yy}`, and no other braces; at
/// most 40 characters.
fn number_rule_ok(rule: &str) -> bool {
    let rest = rule.replacen("{seq}", "", 1).replace("{yyyy}", "").replace("{yy}", "");
    rule.matches("{seq}").count() == 1 && !rest.contains(['{', '}']) && rule.chars().count() <= 40
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_rule_shows_what_it_reads_back() {
        let s = Settings::default();
        for rule in Rule::ALL {
            let mut copy = s.clone();
            assert!(rule.apply(&mut copy, &rule.show(&s)), "{rule:?}");
            assert_eq!(copy, s, "{rule:?}");
        }
    }

    #[test]
    fn rules_take_valid_values_and_refuse_the_rest() {
        let mut s = Settings::default();
        assert!(Rule::Recency.apply(&mut s, "20, 60"));
        assert_eq!(s.grade_thresholds.recency_days, [20, 60]);
        assert!(!Rule::Recency.apply(&mut s, "90 / 30"), "A must be the shorter window");
        assert!(!Rule::Frequency.apply(&mut s, "2 / 5"), "A must need more purchases");
        assert!(!Rule::Recency.apply(&mut s, "1 / 2 / 3"));
        assert!(Rule::Monetary.apply(&mut s, "50000 / 10000.5"));
        assert_eq!(s.grade_thresholds.monetary[1], Money::parse("10000.5").unwrap());
        assert!(!Rule::Monetary.apply(&mut s, "10 / -1"));
        assert!(Rule::ContractApproval.apply(&mut s, "¥50,000"));
        assert!(Rule::Currency.apply(&mut s, "usd"));
        assert_eq!(Rule::Currency.show(&s), "USD $");
        assert!(!Rule::Currency.apply(&mut s, "dollars"));
        assert_eq!(s.currency.code, "USD", "a refused value leaves the rule as it was");
        assert!(s.validate().is_empty());
        s.currency.symbol = "a very long symbol".into();
        assert!(!s.validate().is_empty(), "a backup cannot bring an absurd symbol");
        s.currency = Currency::parse("USD").unwrap();
        assert_eq!(s.contract_approval_above, Money::from_int(50_000));
        assert!(!Rule::ContractApproval.apply(&mut s, "-1"));
        assert!(!Rule::ContractApproval.apply(&mut s, "lots"));
        assert!(Rule::ContractNumber.apply(&mut s, "HT{yy}-{seq}"));
        assert!(!Rule::ContractNumber.apply(&mut s, "HT-2026"), "needs {{seq}}");
        assert!(Rule::QuoteNumber.apply(&mut s, "Q{yy}/{seq}"));
        assert!(!Rule::QuoteNumber.apply(&mut s, "{foo}-{seq}"), "unknown placeholder");
        assert!(!Rule::QuoteNumber.apply(&mut s, "BJ-{yyyy}-{seq}{seq}"), "one sequence");
        assert_eq!(s.quote_number_pattern, "Q{yy}/{seq}");
        assert!(Rule::TaxRate.apply(&mut s, "6 %"));
        assert_eq!(s.tax_rate_pct, Decimal::from(6));
        assert!(!Rule::TaxRate.apply(&mut s, "-1"));
        assert!(!Rule::QuoteValidity.apply(&mut s, "0"));
        assert!(!Rule::GradeMins.apply(&mut s, "10 / 5"), "R + F + M is at most 9");
        assert!(!Rule::GradeMins.apply(&mut s, "7 / 2"), "at least 3");
        assert!(Rule::GradeMins.apply(&mut s, "8 / 5"));
        assert!(!Rule::AtRisk.apply(&mut s, "0"));
        assert!(!Rule::ChurnWindow.apply(&mut s, "3651"));
        assert!(Rule::ClvYears.apply(&mut s, " 5 "));
        assert_eq!(s.clv_years, 5);
        assert!(!Rule::ProspectProbability.apply(&mut s, "101"));
        assert!(!Rule::ProspectMonths.apply(&mut s, "3 / 121"));
        assert!(!Rule::ProductPattern.apply(&mut s, "{category}-x"), "needs {{seq}}");
        assert!(!Rule::CustomerPrefix.apply(&mut s, "  "));
        assert_eq!(s.customer_code_prefix, "C");
        assert!(s.validate().is_empty());
    }

    #[test]
    fn a_logo_is_a_small_raster_image() {
        assert_eq!(SellerProfile::check_logo("data:image/png;base64,iVBORw0KGgo="), Ok(()));
        assert_eq!(SellerProfile::check_logo("data:image/svg+xml;base64,PHN2Zz4="), Err(LogoRefused::NotAnImage));
        assert_eq!(SellerProfile::check_logo("data:image/png;base64,<script>"), Err(LogoRefused::NotAnImage));
        // A text file named .png.
        assert_eq!(SellerProfile::check_logo("data:image/png;base64,bm90IGFuIGltYWdl"), Err(LogoRefused::NotAnImage));
        assert_eq!(SellerProfile::check_logo("https://example.com/logo.png"), Err(LogoRefused::NotAnImage));
        let big = format!("data:image/jpeg;base64,/9j/{}", "A".repeat(LOGO_MAX));
        assert_eq!(SellerProfile::check_logo(&big), Err(LogoRefused::TooLarge(big.len())));
        let mut s = Settings::default();
        s.seller.logo = "data:text/html;base64,PGgxPg==".into();
        assert_eq!(s.validate()[0].field, "seller.logo");
        s.seller.logo.clear();
        s.tax_rate_pct = Decimal::from(101);
        assert_eq!(s.validate()[0].field, "tax_rate_pct");
    }
}
