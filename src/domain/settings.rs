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
    #[serde(default, deserialize_with = "crate::domain::stamps::time_opt")]
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
        if self.id != SETTINGS_ID {
            c.push("id", crate::domain::validation::Problem::NotTheSettingsId);
        }
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
        for o in Rule::out_of_order(self) {
            c.push(o.rule.id(), crate::domain::validation::Problem::Crosses { at_most: o.order == Order::AtMost, other: o.other.id() });
        }
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

/// One editable rule of Settings, one value each, typed as text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    Currency,
    CustomerPrefix,
    ProductPattern,
    ContractNumber,
    QuoteNumber,
    QuoteValidity,
    TaxRate,
    ContractApproval,
    /// R = 3 within this many days of the last purchase.
    RecencyA,
    /// R = 2 within this many days.
    RecencyB,
    /// F = 3 from this many purchases in 12 months.
    FrequencyA,
    FrequencyB,
    /// M = 3 from this 12-month revenue.
    MonetaryA,
    MonetaryB,
    /// Grade A from this R + F + M.
    GradeAMin,
    GradeBMin,
    AtRisk,
    /// A prospect is A when an open deal should close within this many months.
    ProspectMonthsA,
    ProspectMonthsB,
    ProspectProbability,
    ChurnWindow,
    ClvYears,
}

/// How Settings groups its rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleGroup {
    /// Currency, codes, numbers, quotes and contracts.
    Documents,
    /// RFM grading of customers who buy.
    Grading,
    /// Prospects, churn and lifetime value.
    Prospects,
}

/// Which way two rules must stay ordered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Order {
    /// No more than the other.
    AtMost,
    /// No less than the other.
    AtLeast,
}

/// A rule whose value is on the wrong side of another's (A's bar must be at least as high as
/// B's).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct OutOfOrder {
    pub rule: Rule,
    pub order: Order,
    pub other: Rule,
}

fn number<T: std::str::FromStr + PartialOrd>(text: &str, min: T, max: T) -> Option<T> {
    text.trim().parse::<T>().ok().filter(|n| *n >= min && *n <= max)
}

impl Rule {
    pub const ALL: [Rule; 22] = [
        Rule::Currency,
        Rule::CustomerPrefix,
        Rule::ProductPattern,
        Rule::ContractNumber,
        Rule::QuoteNumber,
        Rule::QuoteValidity,
        Rule::TaxRate,
        Rule::ContractApproval,
        Rule::RecencyA,
        Rule::RecencyB,
        Rule::FrequencyA,
        Rule::FrequencyB,
        Rule::MonetaryA,
        Rule::MonetaryB,
        Rule::GradeAMin,
        Rule::GradeBMin,
        Rule::AtRisk,
        Rule::ProspectMonthsA,
        Rule::ProspectMonthsB,
        Rule::ProspectProbability,
        Rule::ChurnWindow,
        Rule::ClvYears,
    ];

    /// The pairs that must keep their order: A's bar at least as high as B's.
    const ORDERED: [(Rule, Order, Rule); 5] = [
        (Rule::RecencyA, Order::AtMost, Rule::RecencyB),
        (Rule::FrequencyA, Order::AtLeast, Rule::FrequencyB),
        (Rule::MonetaryA, Order::AtLeast, Rule::MonetaryB),
        (Rule::GradeAMin, Order::AtLeast, Rule::GradeBMin),
        (Rule::ProspectMonthsA, Order::AtMost, Rule::ProspectMonthsB),
    ];

    pub fn group(self) -> RuleGroup {
        match self {
            Rule::Currency
            | Rule::CustomerPrefix
            | Rule::ProductPattern
            | Rule::ContractNumber
            | Rule::QuoteNumber
            | Rule::QuoteValidity
            | Rule::TaxRate
            | Rule::ContractApproval => RuleGroup::Documents,
            Rule::RecencyA
            | Rule::RecencyB
            | Rule::FrequencyA
            | Rule::FrequencyB
            | Rule::MonetaryA
            | Rule::MonetaryB
            | Rule::GradeAMin
            | Rule::GradeBMin
            | Rule::AtRisk => RuleGroup::Grading,
            Rule::ProspectMonthsA | Rule::ProspectMonthsB | Rule::ProspectProbability | Rule::ChurnWindow | Rule::ClvYears => {
                RuleGroup::Prospects
            }
        }
    }

    /// The field's id in the form.
    pub fn id(self) -> &'static str {
        match self {
            Rule::CustomerPrefix => "customer_code_prefix",
            Rule::ProductPattern => "product_code_pattern",
            Rule::RecencyA => "recency_a",
            Rule::RecencyB => "recency_b",
            Rule::FrequencyA => "frequency_a",
            Rule::FrequencyB => "frequency_b",
            Rule::MonetaryA => "monetary_a",
            Rule::MonetaryB => "monetary_b",
            Rule::GradeAMin => "grade_a_min",
            Rule::GradeBMin => "grade_b_min",
            Rule::AtRisk => "at_risk_days",
            Rule::ProspectMonthsA => "prospect_months_a",
            Rule::ProspectMonthsB => "prospect_months_b",
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

    /// The smallest and largest value of a whole-number rule.
    pub fn bounds(self) -> Option<(u32, u32)> {
        match self {
            Rule::RecencyA | Rule::RecencyB | Rule::AtRisk | Rule::ChurnWindow | Rule::QuoteValidity => Some((1, 3650)),
            Rule::FrequencyA | Rule::FrequencyB => Some((1, 1000)),
            Rule::GradeAMin | Rule::GradeBMin => Some((3, 9)),
            Rule::ProspectMonthsA | Rule::ProspectMonthsB => Some((0, 120)),
            Rule::ProspectProbability => Some((0, 100)),
            Rule::ClvYears => Some((1, 100)),
            _ => None,
        }
    }

    /// Whether the field holds an amount (shown with the currency).
    pub fn is_amount(self) -> bool {
        matches!(self, Rule::MonetaryA | Rule::MonetaryB | Rule::ContractApproval)
    }

    /// The rule's current value as the form shows it.
    pub fn show(self, s: &Settings) -> String {
        let t = &s.grade_thresholds;
        match self {
            Rule::CustomerPrefix => s.customer_code_prefix.clone(),
            Rule::ProductPattern => s.product_code_pattern.clone(),
            Rule::RecencyA => t.recency_days[0].to_string(),
            Rule::RecencyB => t.recency_days[1].to_string(),
            Rule::FrequencyA => t.frequency[0].to_string(),
            Rule::FrequencyB => t.frequency[1].to_string(),
            Rule::MonetaryA => t.monetary[0].to_string(),
            Rule::MonetaryB => t.monetary[1].to_string(),
            Rule::GradeAMin => t.grade_a_min.to_string(),
            Rule::GradeBMin => t.grade_b_min.to_string(),
            Rule::AtRisk => t.at_risk_days.to_string(),
            Rule::ProspectMonthsA => t.prospect_months[0].to_string(),
            Rule::ProspectMonthsB => t.prospect_months[1].to_string(),
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
    /// value. Whether A's and B's values still keep their order is [`Rule::out_of_order`]'s.
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
            Rule::MonetaryA | Rule::MonetaryB => {
                let Some(m) = Money::parse(text).ok().filter(|m| !m.is_negative()) else { return false };
                t.monetary[usize::from(self == Rule::MonetaryB)] = m;
                true
            }
            Rule::RecencyA
            | Rule::RecencyB
            | Rule::FrequencyA
            | Rule::FrequencyB
            | Rule::GradeAMin
            | Rule::GradeBMin
            | Rule::AtRisk
            | Rule::ProspectMonthsA
            | Rule::ProspectMonthsB
            | Rule::ProspectProbability
            | Rule::ChurnWindow
            | Rule::ClvYears
            | Rule::QuoteValidity => {
                let Some(n) = self.bounds().and_then(|(lo, hi)| number(text, lo, hi)) else { return false };
                // Within the bounds, so it fits the narrower fields.
                let small = u8::try_from(n).unwrap_or(u8::MAX);
                match self {
                    Rule::RecencyA => t.recency_days[0] = n,
                    Rule::RecencyB => t.recency_days[1] = n,
                    Rule::FrequencyA => t.frequency[0] = n,
                    Rule::FrequencyB => t.frequency[1] = n,
                    Rule::GradeAMin => t.grade_a_min = small,
                    Rule::GradeBMin => t.grade_b_min = small,
                    Rule::AtRisk => t.at_risk_days = n,
                    Rule::ProspectMonthsA => t.prospect_months[0] = n,
                    Rule::ProspectMonthsB => t.prospect_months[1] = n,
                    Rule::ProspectProbability => t.prospect_a_min_probability = small,
                    Rule::ChurnWindow => s.churn_window_days = n,
                    Rule::ClvYears => s.clv_years = n,
                    Rule::QuoteValidity => s.quote_validity_days = n,
                    _ => return false,
                }
                true
            }
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

    /// The A rules whose value has crossed its B rule's in `s` (a shorter recency window for
    /// B than for A, fewer purchases for A than for B…).
    pub fn out_of_order(s: &Settings) -> Vec<OutOfOrder> {
        let t = &s.grade_thresholds;
        Rule::ORDERED
            .into_iter()
            .filter(|(rule, _, _)| {
                !match rule {
                    Rule::RecencyA => t.recency_days[0] <= t.recency_days[1],
                    Rule::FrequencyA => t.frequency[0] >= t.frequency[1],
                    Rule::MonetaryA => t.monetary[0] >= t.monetary[1],
                    Rule::GradeAMin => t.grade_a_min >= t.grade_b_min,
                    Rule::ProspectMonthsA => t.prospect_months[0] <= t.prospect_months[1],
                    _ => true,
                }
            })
            .map(|(rule, order, other)| OutOfOrder { rule, order, other })
            .collect()
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
    fn a_settings_record_under_another_id_is_refused_with_the_book() {
        use crate::domain::validation::Problem;
        assert!(Settings::default().validate().is_empty());
        let other = Settings { id: "settings-2".into(), ..Settings::default() };
        assert_eq!(other.validate(), vec![FieldProblem { field: "id".into(), problem: Problem::NotTheSettingsId }]);
        // A backup (or a merge) carrying it is refused, not stored to be ignored.
        let book = crate::domain::Dataset { settings: vec![other], ..Default::default() };
        let problems = crate::domain::dataset::validate_dataset(&book, None);
        assert_eq!(problems.iter().map(|p| (p.field.as_str(), &p.problem)).collect::<Vec<_>>(), [("id", &Problem::NotTheSettingsId)]);
    }

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
        assert!(Rule::RecencyA.apply(&mut s, " 20 "));
        assert!(Rule::RecencyB.apply(&mut s, "60"));
        assert_eq!(s.grade_thresholds.recency_days, [20, 60]);
        assert!(!Rule::RecencyA.apply(&mut s, "20 / 60"), "one value a field");
        assert!(!Rule::RecencyB.apply(&mut s, "0"));
        assert!(Rule::out_of_order(&s).is_empty());
        assert!(Rule::MonetaryA.apply(&mut s, "50000"));
        assert!(Rule::MonetaryB.apply(&mut s, "10000.5"));
        assert_eq!(s.grade_thresholds.monetary[1], Money::parse("10000.5").unwrap());
        assert!(!Rule::MonetaryB.apply(&mut s, "-1"));
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
        assert!(!Rule::GradeAMin.apply(&mut s, "10"), "R + F + M is at most 9");
        assert!(!Rule::GradeBMin.apply(&mut s, "2"), "at least 3");
        assert!(Rule::GradeAMin.apply(&mut s, "8"));
        assert!(Rule::GradeBMin.apply(&mut s, "5"));
        assert_eq!((s.grade_thresholds.grade_a_min, s.grade_thresholds.grade_b_min), (8, 5));
        assert!(!Rule::AtRisk.apply(&mut s, "0"));
        assert!(!Rule::ChurnWindow.apply(&mut s, "3651"));
        assert!(Rule::ClvYears.apply(&mut s, " 5 "));
        assert_eq!(s.clv_years, 5);
        assert!(!Rule::ProspectProbability.apply(&mut s, "101"));
        assert!(!Rule::ProspectMonthsB.apply(&mut s, "121"));
        assert!(!Rule::ProductPattern.apply(&mut s, "{category}-x"), "needs {{seq}}");
        assert!(!Rule::CustomerPrefix.apply(&mut s, "  "));
        assert_eq!(s.customer_code_prefix, "C");
        assert!(s.validate().is_empty());
    }

    #[test]
    fn a_rules_a_bar_cannot_cross_its_b_bar() {
        let mut s = Settings::default();
        assert!(Rule::RecencyA.apply(&mut s, "200"), "a valid number on its own");
        assert!(Rule::FrequencyB.apply(&mut s, "9"));
        assert!(Rule::GradeBMin.apply(&mut s, "9"));
        let crossed = Rule::out_of_order(&s);
        assert_eq!(
            crossed,
            vec![
                OutOfOrder { rule: Rule::RecencyA, order: Order::AtMost, other: Rule::RecencyB },
                OutOfOrder { rule: Rule::FrequencyA, order: Order::AtLeast, other: Rule::FrequencyB },
                OutOfOrder { rule: Rule::GradeAMin, order: Order::AtLeast, other: Rule::GradeBMin },
            ]
        );
        // A backup holding them is refused by field.
        let fields: Vec<String> = s.validate().into_iter().map(|p| p.field).collect();
        assert_eq!(fields, ["recency_a", "frequency_a", "grade_a_min"]);
        // Equal bars are allowed.
        assert!(Rule::RecencyB.apply(&mut s, "200"));
        assert!(Rule::FrequencyA.apply(&mut s, "9"));
        assert!(Rule::GradeAMin.apply(&mut s, "9"));
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
