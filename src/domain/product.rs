//! Products 商品 with their category path 分类 and the figures inventory maths needs.

use super::money::Money;
use super::validation::{Checker, FieldProblem};
use super::Id;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductStatus {
    OnSale,
    Discontinued,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Product {
    pub id: Id,
    pub code: String,
    pub name: String,
    /// Category path from the root, e.g. ["办公设备", "打印机"].
    #[serde(default)]
    pub category: Vec<String>,
    #[serde(default)]
    pub brand: String,
    #[serde(default)]
    pub unit: String,
    pub list_price: Money,
    #[serde(default)]
    pub cost: Money,
    #[serde(default)]
    pub stock: i64,
    #[serde(default)]
    pub lead_time_days: u32,
    #[serde(default)]
    pub ordering_cost: Money,
    #[serde(default)]
    pub holding_cost: Money,
    pub status: ProductStatus,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Product {
    pub fn validate(&self) -> Vec<FieldProblem> {
        let mut c = Checker::new();
        c.required("code", &self.code).required("name", &self.name);
        c.max_len("brand", &self.brand, 100).max_len("unit", &self.unit, 20);
        c.money("list_price", self.list_price)
            .money("cost", self.cost)
            .money("ordering_cost", self.ordering_cost)
            .money("holding_cost", self.holding_cost);
        c.range("stock", self.stock, -1_000_000_000, 1_000_000_000);
        c.range("lead_time_days", i64::from(self.lead_time_days), 0, 3650);
        for (i, part) in self.category.iter().enumerate() {
            c.required(&format!("category[{i}]"), part);
        }
        c.finish()
    }
}
