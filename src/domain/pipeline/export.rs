//! Deals as CSV rows with their customer (name and code), product and stage by name, in the columns the deal
//! import reads back: into a book with the same customers, products and stages, every column
//! comes back unchanged. The quote's lines are not in the file: a deal with one line names its
//! product, one with several names none (their detail stays in the JSON backup).

use super::{Deal, Stage};
use crate::domain::customers::LeadSource;
use crate::domain::products::Product;
use std::collections::HashMap;

pub const HEADER: [&str; 13] =
    ["id", "title", "customer", "customer_code", "product", "stage", "amount", "engage_date", "close_date", "source", "probability", "competitor", "notes"];

/// The rows for `deals` in order; `customer` gives a customer id's name and code, `source`
/// the word a user reads for a lead source.
pub fn rows<'a>(
    deals: impl IntoIterator<Item = &'a Deal>,
    customer: impl Fn(&str) -> (String, String),
    products: &[Product],
    stages: &[Stage],
    source: impl Fn(LeadSource) -> String,
) -> Vec<Vec<String>> {
    let product: HashMap<&str, &str> = products.iter().map(|p| (p.id.as_str(), p.name.as_str())).collect();
    let stage: HashMap<&str, &str> = stages.iter().map(|s| (s.id.as_str(), s.name.as_str())).collect();
    deals
        .into_iter()
        .map(|d| {
            let (name, code) = customer(&d.customer_id);
            let one_product = match d.line_items.as_slice() {
                [line] => product.get(line.product_id.as_str()).copied().unwrap_or_default(),
                _ => "",
            };
            vec![
                d.id.clone(),
                d.title.clone(),
                name,
                code,
                one_product.to_string(),
                stage.get(d.stage_id.as_str()).copied().unwrap_or_default().to_string(),
                d.amount.to_string(),
                d.created_at.date_naive().to_string(),
                d.expected_close.map(|c| c.to_string()).unwrap_or_default(),
                source(d.source),
                d.probability.map(|p| p.to_string()).unwrap_or_default(),
                d.competitor.clone(),
                d.notes.clone(),
            ]
        })
        .collect()
}
