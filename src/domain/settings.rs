//! Workspace settings kept with the data (language lives in the browser so it applies before
//! the database opens).

use super::grading::GradeThresholds;
use super::validation::{Checker, FieldProblem};
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
    pub updated_at: Option<DateTime<Utc>>,
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
            updated_at: None,
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
            c.push("max_discount_pct", super::validation::Problem::OutOfRange { min: 0, max: 100 });
        }
        c.finish()
    }
}
