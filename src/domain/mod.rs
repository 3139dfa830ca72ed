//! The pure core: records, rules and calculations. No browser APIs here, so all of it runs
//! under plain `cargo test`.

// The product's features, each with its records, rules and imports.
pub mod contracts;
pub mod customers;
pub mod events;
pub mod pipeline;
pub mod products;
pub mod targets;

// Shared by the features.
pub mod backup;
pub mod base64;
pub mod codes;
pub mod collation;
pub mod color;
pub mod columns;
pub mod conflict;
pub mod csv;
pub mod dashboard;
pub mod dataset;
pub mod demo;
pub mod import;
pub mod links;
pub mod money;
pub mod period;
pub mod photos;
pub mod rng;
pub mod sales;
pub mod sealed;
pub mod settings;
pub mod sorting;
pub mod stamps;
pub mod validation;

pub use dataset::{Dataset, StoreKind};
pub use money::Money;

/// The stored code of a unit enum (`LeadSource::TradeShow` → "trade_show"), as used in files
/// and URLs.
pub fn enum_code<T: serde::Serialize>(v: &T) -> String {
    serde_json::to_value(v).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

/// The unit enum value for a stored code, if it is one.
pub fn enum_from_code<T: serde::de::DeserializeOwned>(code: &str) -> Option<T> {
    serde_json::from_value(serde_json::Value::String(code.to_string())).ok()
}

/// Record ids: stable strings, generated once and never reused.
pub type Id = String;

/// The two languages the app ships in; domain code needs it for demo data and default names.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Locale {
    #[default]
    Zh,
    En,
}

impl Locale {
    pub fn code(self) -> &'static str {
        match self {
            Locale::Zh => "zh",
            Locale::En => "en",
        }
    }

    pub fn from_code(code: &str) -> Option<Locale> {
        match code {
            "zh" => Some(Locale::Zh),
            "en" => Some(Locale::En),
            _ => None,
        }
    }

    /// Picks the app language from a browser language tag such as `zh-CN` or `en-US`.
    pub fn from_browser(tag: &str) -> Locale {
        if tag.to_ascii_lowercase().starts_with("zh") {
            Locale::Zh
        } else {
            Locale::En
        }
    }
}
