//! The pipeline: stages 阶段 and deals 商机 with their quote lines and stage history.

use super::customer::LeadSource;
use super::money::Money;
use super::validation::{Checker, FieldProblem, Problem, TEXT_MAX};
use super::{Id, Locale};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum StageKind {
    Open,
    Won,
    Lost,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Stage {
    pub id: Id,
    pub name: String,
    pub order: u32,
    /// Win probability in percent, 0–100.
    pub probability: u8,
    /// Days a deal may sit in this stage before it counts as stale (停滞).
    pub rot_days: u32,
    pub kind: StageKind,
    #[serde(default = "default_color")]
    pub color: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

fn default_color() -> String {
    "#64748b".to_string()
}

impl Stage {
    pub fn validate(&self) -> Vec<FieldProblem> {
        let mut c = Checker::new();
        c.required("name", &self.name);
        c.range("probability", i64::from(self.probability), 0, 100);
        c.range("rot_days", i64::from(self.rot_days), 0, 3650);
        c.finish()
    }
}

/// The default pipeline (seed 001, 5.1.3), named in the given language.
pub fn default_stages(locale: Locale, now: DateTime<Utc>) -> Vec<Stage> {
    let rows: [(&str, &str, &str, u8, u32, StageKind, &str); 6] = [
        ("stage-initial", "初步接触", "Initial contact", 10, 14, StageKind::Open, "#64748b"),
        ("stage-needs", "需求分析", "Needs analysis", 25, 21, StageKind::Open, "#0ea5e9"),
        ("stage-proposal", "方案演示", "Proposal & demo", 50, 21, StageKind::Open, "#6366f1"),
        ("stage-negotiation", "商务谈判", "Negotiation", 75, 30, StageKind::Open, "#f59e0b"),
        ("stage-won", "赢单", "Won", 100, 0, StageKind::Won, "#16a34a"),
        ("stage-lost", "输单", "Lost", 0, 0, StageKind::Lost, "#dc2626"),
    ];
    rows.iter()
        .enumerate()
        .map(|(i, (id, zh, en, p, rot, kind, color))| Stage {
            id: (*id).to_string(),
            name: match locale {
                Locale::Zh => zh,
                Locale::En => en,
            }
            .to_string(),
            order: i as u32,
            probability: *p,
            rot_days: *rot,
            kind: *kind,
            color: (*color).to_string(),
            created_at: now,
            updated_at: now,
        })
        .collect()
}

/// Pipeline-wide rule: exactly one won and one lost stage.
pub fn validate_stages(stages: &[Stage]) -> Option<Problem> {
    let won = stages.iter().filter(|s| s.kind == StageKind::Won).count();
    let lost = stages.iter().filter(|s| s.kind == StageKind::Lost).count();
    (!stages.is_empty() && (won != 1 || lost != 1)).then_some(Problem::NeedsOneWonAndOneLost)
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Answer {
    Yes,
    No,
    #[default]
    Unknown,
}

/// MAN qualification: Money 预算, Authority 决策权, Need 需求.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Man {
    #[serde(default)]
    pub money: Answer,
    #[serde(default)]
    pub authority: Answer,
    #[serde(default)]
    pub need: Answer,
}

impl Man {
    pub fn qualified(&self) -> bool {
        self.money == Answer::Yes && self.authority == Answer::Yes && self.need == Answer::Yes
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct LineItem {
    pub product_id: Id,
    pub quantity: Decimal,
    pub unit_price: Money,
    #[serde(default)]
    pub discount_pct: Decimal,
    #[serde(default)]
    pub discount_reason: String,
}

impl LineItem {
    /// quantity × unit price, less the discount, rounded to cents.
    pub fn total(&self) -> Money {
        let gross = self.unit_price * self.quantity;
        gross - gross.percent(self.discount_pct)
    }
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageChange {
    pub stage_id: Id,
    pub at: DateTime<Utc>,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Deal {
    pub id: Id,
    pub title: String,
    pub customer_id: Id,
    pub stage_id: Id,
    /// Position within the stage column; compared as plain strings.
    #[serde(default)]
    pub rank: String,
    pub amount: Money,
    #[serde(default)]
    pub expected_close: Option<NaiveDate>,
    /// Overrides the stage's win probability when set.
    #[serde(default)]
    pub probability: Option<u8>,
    pub source: LeadSource,
    #[serde(default)]
    pub man: Man,
    #[serde(default)]
    pub competitor: String,
    #[serde(default)]
    pub line_items: Vec<LineItem>,
    #[serde(default)]
    pub lost_reason: Option<String>,
    #[serde(default)]
    pub stage_history: Vec<StageChange>,
    #[serde(default)]
    pub notes: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Deal {
    pub fn validate(&self) -> Vec<FieldProblem> {
        let mut c = Checker::new();
        c.required("title", &self.title).money("amount", self.amount);
        if let Some(p) = self.probability {
            c.range("probability", i64::from(p), 0, 100);
        }
        c.max_len("competitor", &self.competitor, 200).max_len("notes", &self.notes, TEXT_MAX);
        for (i, line) in self.line_items.iter().enumerate() {
            c.nested(format!("line_items[{i}]"), |c| {
                if line.quantity <= Decimal::ZERO {
                    c.push("quantity", Problem::OutOfRange { min: 0, max: 1_000_000_000 });
                }
                c.money("unit_price", line.unit_price);
                if line.discount_pct < Decimal::ZERO || line.discount_pct > Decimal::ONE_HUNDRED {
                    c.push("discount_pct", Problem::OutOfRange { min: 0, max: 100 });
                }
            });
        }
        c.finish()
    }
}
