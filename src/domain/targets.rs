//! Sales targets 销售目标 per month, quarter or year.

use crate::domain::money::Money;
use crate::domain::validation::{Checker, FieldProblem};
use crate::domain::Id;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Period {
    Month { year: i32, month: u32 },
    Quarter { year: i32, quarter: u32 },
    Year { year: i32 },
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SalesTarget {
    pub id: Id,
    pub period: Period,
    pub revenue: Money,
    #[serde(default)]
    pub new_customers: u32,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Changes with every write: a save that expected another revision is refused (see `Service::write`). 0 until first stored.
    #[serde(default)]
    pub rev: u32,
}

impl SalesTarget {
    pub fn validate(&self) -> Vec<FieldProblem> {
        let mut c = Checker::new();
        c.money("revenue", self.revenue);
        match self.period {
            Period::Month { year, month } => {
                c.range("period.year", i64::from(year), 1900, 2200);
                c.range("period.month", i64::from(month), 1, 12);
            }
            Period::Quarter { year, quarter } => {
                c.range("period.year", i64::from(year), 1900, 2200);
                c.range("period.quarter", i64::from(quarter), 1, 4);
            }
            Period::Year { year } => {
                c.range("period.year", i64::from(year), 1900, 2200);
            }
        }
        c.finish()
    }
}
