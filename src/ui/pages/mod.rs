//! One file per page; pages stay thin and compose components.

pub mod analytics;
pub mod board;
pub mod customer_detail;
pub mod customer_form;
pub mod csv_import;
pub mod customers;
pub mod duplicates;
pub mod dashboard;
pub mod deal_form;
pub mod follow_up;
pub mod lost_reasons;
pub mod funnel_view;
pub mod section;
pub mod pipeline;
pub mod products;
pub mod reminders;
pub mod rules;
pub mod settings;
pub mod stages;

use crate::domain::Money;

/// ¥1,234.50
pub fn yuan(m: Money) -> String {
    format!("¥{}", m.grouped())
}
