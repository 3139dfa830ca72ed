//! Products as CSV rows, in the columns the product import reads back unchanged.

use super::{Product, ProductStatus};

pub const HEADER: [&str; 12] =
    ["code", "name", "category", "brand", "unit", "list_price", "cost", "stock", "lead_time_days", "ordering_cost", "holding_cost", "status"];

/// The rows for `products` in order; `status` is the word a user reads for it.
pub fn rows<'a>(products: impl IntoIterator<Item = &'a Product>, status: impl Fn(ProductStatus) -> String) -> Vec<Vec<String>> {
    products
        .into_iter()
        .map(|p| {
            vec![
                p.code.clone(),
                p.name.clone(),
                p.category.join("/"),
                p.brand.clone(),
                p.unit.clone(),
                p.list_price.to_string(),
                p.cost.to_string(),
                p.stock.to_string(),
                p.lead_time_days.to_string(),
                p.ordering_cost.to_string(),
                p.holding_cost.to_string(),
                status(p.status),
            ]
        })
        .collect()
}
