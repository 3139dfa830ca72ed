//! The pipeline: stages 阶段 and deals 商机 with their quote lines and stage history.

pub mod export;
pub mod funnel;
pub mod import;
pub mod lead;
pub mod lost_reasons;
pub mod query;
pub mod quote;
pub mod rank;

use crate::domain::customers::LeadSource;
use crate::domain::color::Color;
use crate::domain::money::Money;
use crate::domain::validation::{Checker, FieldProblem, Problem, TEXT_MAX};
use crate::domain::{Id, Locale};
use chrono::{DateTime, NaiveDate, Utc};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use crate::domain::sorting::SortShared;

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
    #[serde(default)]
    pub color: Color,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
    pub created_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
    pub updated_at: DateTime<Utc>,
    /// Changes with every write: a save that expected another revision is refused (see `Service::write`). 0 until first stored.
    #[serde(default)]
    pub rev: u32,
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
            color: Color::parse(color).unwrap_or_default(),
            created_at: now,
            updated_at: now, rev: 0,
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

    /// [`LineItem::total`] in cents (once per line of every won deal an analysis reads: in
    /// 64-bit integers where the digits fit).
    pub fn total_cents(&self) -> i128 {
        use crate::domain::money::small_times;
        let fast = small_times(self.unit_price.value(), self.quantity, 0)
            .and_then(|gross| Some(gross.checked_sub(small_times(rust_decimal::Decimal::new(gross, 2), self.discount_pct, 2)?)?.into()));
        fast.unwrap_or_else(|| self.total().in_cents())
    }
}

/// A won `amount` shared among quote lines pro rata to their `totals` (cents), each share
/// given to `each(line, cents)`: a line's own total when won at the quoted amount, the last
/// line taking what is left so the shares add up to the amount exactly. False (nothing given)
/// when there are no lines or they total nothing: the amount is no product's.
pub fn pro_rata(amount: Money, totals: &[i128], mut each: impl FnMut(usize, i128)) -> bool {
    let quoted: i128 = totals.iter().sum();
    if totals.is_empty() || quoted == 0 {
        return false;
    }
    let cents = amount.in_cents();
    let mut left = cents;
    for (i, &total) in totals.iter().enumerate() {
        let share = if i + 1 == totals.len() {
            left
        } else if quoted == cents {
            // Won at the quoted amount: each line's own total (no division).
            total
        } else {
            Money::new(amount.value() * Money::of_cents(total).value() / Money::of_cents(quoted).value()).in_cents()
        };
        left -= share;
        each(i, share);
    }
    true
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageChange {
    pub stage_id: Id,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
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
    #[serde(deserialize_with = "crate::domain::stamps::day_opt")]
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
    /// The quote as last printed or sent, with its number and version.
    #[serde(default)]
    pub quote: Option<quote::IssuedQuote>,
    /// Units this deal holds out of stock (won with "reduce stock when a deal is won" on);
    /// given back when it is reopened.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub stock_taken: Vec<crate::domain::products::stock::Taken>,
    /// The trade show or event where this lead was met.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub event_id: Option<Id>,
    /// What the visitor agreed to when they registered themselves at a kiosk.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consent: Option<crate::domain::events::Consent>,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
    pub created_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
    pub updated_at: DateTime<Utc>,
    /// Changes with every write: a save that expected another revision is refused (see `Service::write`). 0 until first stored.
    #[serde(default)]
    pub rev: u32,
}

impl Deal {
    /// The day the deal entered the stage it is in (for a won deal: the day it was won).
    pub fn won_on(&self) -> NaiveDate {
        self.stage_history.iter().rev().find(|h| h.stage_id == self.stage_id).map_or(self.updated_at.date_naive(), |h| h.at.date_naive())
    }

    /// A new deal in `stage_id`, its stage history starting there.
    pub fn blank(id: Id, stage_id: &str, now: DateTime<Utc>) -> Deal {
        Deal {
            id,
            title: String::new(),
            customer_id: String::new(),
            stage_id: stage_id.to_string(),
            rank: String::new(),
            amount: Money::ZERO,
            expected_close: None,
            probability: None,
            source: LeadSource::Other,
            man: Man::default(),
            competitor: String::new(),
            line_items: Vec::new(),
            lost_reason: None,
            stage_history: vec![StageChange { stage_id: stage_id.to_string(), at: now }],
            notes: String::new(),
            quote: None,
            stock_taken: Vec::new(),
            event_id: None,
            consent: None,
            created_at: now,
            updated_at: now, rev: 0,
        }
    }

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
        for (i, t) in self.stock_taken.iter().enumerate() {
            c.nested(format!("stock_taken[{i}]"), |c| {
                c.range("units", t.units, -1_000_000_000, 1_000_000_000);
            });
        }
        c.finish()
    }
}

impl Deal {
    /// The deal's win probability: its override, else its stage's.
    pub fn probability_in(&self, stage: &Stage) -> u8 {
        self.probability.unwrap_or(stage.probability)
    }

    /// amount × probability, rounded to cents.
    pub fn weighted_in(&self, stage: &Stage) -> Money {
        self.amount.percent(Decimal::from(self.probability_in(stage)))
    }

    /// Moves the deal to `stage` at `rank`; entering another stage is recorded in the stage
    /// history. Leaving the lost stage clears the lost reason.
    pub fn move_to(&mut self, stage: &Stage, rank: String, now: DateTime<Utc>) {
        if self.stage_id != stage.id {
            self.stage_history.push(StageChange { stage_id: stage.id.clone(), at: now });
            self.stage_id = stage.id.clone();
            if stage.kind != StageKind::Lost {
                self.lost_reason = None;
            }
        }
        self.rank = rank;
        self.updated_at = now;
    }

    /// When the deal entered its current stage (its creation when the history does not say).
    pub fn entered_stage_at(&self) -> DateTime<Utc> {
        self.stage_history.iter().rev().find(|c| c.stage_id == self.stage_id).map_or(self.created_at, |c| c.at)
    }

    pub fn days_in_stage(&self, today: NaiveDate) -> i64 {
        (today - self.entered_stage_at().date_naive()).num_days().max(0)
    }

    /// 停滞: longer in an open stage than the stage's rot days (0 = never stale).
    pub fn is_stale(&self, stage: &Stage, today: NaiveDate) -> bool {
        stage.kind == StageKind::Open && stage.rot_days > 0 && self.days_in_stage(today) > i64::from(stage.rot_days)
    }

    /// Still open after its expected close date.
    pub fn is_overdue(&self, stage: &Stage, today: NaiveDate) -> bool {
        stage.kind == StageKind::Open && self.expected_close.is_some_and(|d| d < today)
    }

    /// Lead score 0–100 from MAN and source: each of Money, Authority and Need gives 25 when
    /// yes and 10 when unknown; the source adds up to 25 (referrals convert best).
    pub fn lead_score(&self) -> u8 {
        let answer = |a: Answer| match a {
            Answer::Yes => 25,
            Answer::Unknown => 10,
            Answer::No => 0,
        };
        let source = match self.source {
            LeadSource::Referral => 25,
            LeadSource::PartnerReferral => 20,
            LeadSource::TradeShow | LeadSource::OfflineEvent => 15,
            LeadSource::OnlineAds => 10,
            LeadSource::Other => 5,
        };
        answer(self.man.money) + answer(self.man.authority) + answer(self.man.need) + source
    }
}

/// The deals to write when `deal_id` moves to `stage`, in front of `before` (None: the end
/// of the column). The moved deal gets a rank between its new neighbours; only when there is
/// no room between them is the whole column re-ranked. The moved deal comes first.
pub fn plan_move(deals: &[Deal], deal_id: &str, stage: &Stage, before: Option<&str>, now: DateTime<Utc>) -> Vec<Deal> {
    let Some(moved) = deals.iter().find(|d| d.id == deal_id) else { return Vec::new() };
    let column = crate::domain::pipeline::query::by_rank(deals.iter().filter(|d| d.stage_id == stage.id && d.id != deal_id));
    let at = before.and_then(|b| column.iter().position(|d| d.id == b)).unwrap_or(column.len());
    let prev = at.checked_sub(1).map(|i| column[i].rank.as_str());
    let next = column.get(at).map(|d| d.rank.as_str());
    let mut moved = moved.clone();
    match crate::domain::pipeline::rank::rank_between(prev, next) {
        Some(rank) => {
            moved.move_to(stage, rank, now);
            vec![moved]
        }
        None => {
            let keys = crate::domain::pipeline::rank::spread(column.len() + 1);
            moved.move_to(stage, keys[at].clone(), now);
            let mut out = vec![moved];
            let others = column.iter().enumerate().map(|(i, d)| (if i < at { i } else { i + 1 }, *d));
            for (slot, d) in others {
                if d.rank != keys[slot] {
                    out.push(Deal { rank: keys[slot].clone(), updated_at: now, ..(*d).clone() });
                }
            }
            out
        }
    }
}

/// The stages in `edited` whose kind differs from the one `stored` gives them while they hold
/// deals: making an open stage won would win its deals without their final amount, making the
/// won stage open would reopen every won deal (and lost likewise). Their deals move first.
pub fn kind_changes_holding_deals<'a>(stored: &[Stage], edited: &'a [Stage], deals: &[Deal]) -> Vec<&'a Stage> {
    edited
        .iter()
        .filter(|e| stored.iter().any(|s| s.id == e.id && s.kind != e.kind))
        .filter(|e| deals.iter().any(|d| d.stage_id == e.id))
        .collect()
}

/// Removing a stage: its deals move to `target` (with a stage-history entry each) and the
/// remaining stages are numbered again in order. Returns the stages to keep and the deals to
/// write; None when the result would break the one-won-one-lost rule, `target` is the
/// removed stage, or deals would be won or lost by it: only an open stage's deals move, and
/// only to another open stage (winning asks for the final amount, losing for the reason).
pub fn remove_stage(stages: &[Stage], deals: &[Deal], stage_id: &str, target: Option<&Stage>, now: DateTime<Utc>) -> Option<(Vec<Stage>, Vec<Deal>)> {
    let mut kept: Vec<Stage> = stages.iter().filter(|s| s.id != stage_id).cloned().collect();
    kept.sort_by_key_shared(|s| s.order);
    if validate_stages(&kept).is_some() || target.is_some_and(|t| t.id == stage_id) {
        return None;
    }
    let holds_deals = deals.iter().any(|d| d.stage_id == stage_id);
    let open = |id: &str| stages.iter().any(|s| s.id == id && s.kind == StageKind::Open);
    if holds_deals && (!open(stage_id) || target.is_some_and(|t| !open(&t.id))) {
        return None;
    }
    for (i, s) in kept.iter_mut().enumerate() {
        if s.order != i as u32 {
            s.order = i as u32;
            s.updated_at = now;
        }
    }
    let holding: Vec<&Deal> = deals.iter().filter(|d| d.stage_id == stage_id).collect();
    let moved = match (holding.is_empty(), target) {
        (true, _) => Vec::new(),
        (false, None) => return None,
        (false, Some(t)) => {
            let last = crate::domain::pipeline::query::by_rank(deals.iter().filter(|d| d.stage_id == t.id)).last().map(|d| d.rank.clone());
            let mut rank = last;
            holding
                .into_iter()
                .map(|d| {
                    let r = crate::domain::pipeline::rank::rank_between(rank.as_deref(), None).unwrap_or_default();
                    rank = Some(r.clone());
                    let mut d = d.clone();
                    d.move_to(t, r, now);
                    d
                })
                .collect()
        }
    };
    Some((kept, moved))
}

/// A quote's totals: gross (Σ quantity × unit price), discount and net, each line rounded to
/// cents as it is computed, so the lines add up to the total shown.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct QuoteTotals {
    pub subtotal: Money,
    pub discount: Money,
    pub total: Money,
}

pub fn quote_totals(lines: &[LineItem]) -> QuoteTotals {
    let subtotal: Money = lines.iter().map(|l| l.unit_price * l.quantity).sum();
    let total: Money = lines.iter().map(LineItem::total).sum();
    QuoteTotals { subtotal, discount: subtotal - total, total }
}

/// Quote lines whose discount is above `max_pct` without a reason, as field problems.
pub fn discount_problems(lines: &[LineItem], max_pct: Decimal) -> Vec<FieldProblem> {
    lines
        .iter()
        .enumerate()
        .filter(|(_, l)| l.discount_pct > max_pct && l.discount_reason.trim().is_empty())
        .map(|(i, _)| FieldProblem { field: format!("line_items[{i}].discount_reason"), problem: Problem::Required })
        .collect()
}

/// Per open stage: deal count, total amount and weighted amount (Σ amount × probability).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct StageSummary {
    pub stage_id: Id,
    pub name: String,
    pub color: Color,
    pub deals: usize,
    pub amount: Money,
    pub weighted: Money,
}

/// The rank that puts a new deal on top of `stage_id`'s column (see `rank_on_top`).
pub fn rank_for_new(deals: &[Deal], stage_id: &str) -> String {
    let column = crate::domain::pipeline::query::by_rank(deals.iter().filter(|d| d.stage_id == stage_id));
    crate::domain::pipeline::rank::rank_on_top(column.first().map(|d| d.rank.as_str()), column.last().map(|d| d.rank.as_str()))
}

/// How many deals have `product_id` on their quote (a product in use cannot be deleted).
pub fn quotes_using(deals: &[Deal], product_id: &str) -> usize {
    deals.iter().filter(|d| d.line_items.iter().any(|l| l.product_id == product_id)).count()
}

pub fn stage_summaries(stages: &[Stage], deals: &[Deal]) -> Vec<StageSummary> {
    let mut ordered: Vec<&Stage> = stages.iter().collect();
    ordered.sort_by_key_shared(|s| s.order);
    ordered
        .into_iter()
        .map(|stage| {
            let in_stage: Vec<&Deal> = deals.iter().filter(|d| d.stage_id == stage.id).collect();
            StageSummary {
                stage_id: stage.id.clone(),
                name: stage.name.clone(),
                color: stage.color,
                deals: in_stage.len(),
                amount: in_stage.iter().map(|d| d.amount).sum(),
                weighted: in_stage.iter().map(|d| d.weighted_in(stage)).sum(),
            }
        })
        .collect()
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use chrono::TimeZone;

    pub(crate) fn deal(id: &str, stage: &str, amount: i64, probability: Option<u8>) -> Deal {
        let t = Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap();
        Deal {
            id: id.into(),
            title: id.into(),
            customer_id: "c".into(),
            stage_id: stage.into(),
            rank: String::new(),
            amount: Money::from_int(amount),
            expected_close: None,
            probability,
            source: LeadSource::Other,
            man: Man::default(),
            competitor: String::new(),
            line_items: vec![],
            lost_reason: None,
            stage_history: vec![],
            notes: String::new(),
            quote: None,
            stock_taken: Vec::new(),
            event_id: None,
            consent: None,
            created_at: t,
            updated_at: t, rev: 0,
        }
    }

    #[test]
    fn a_product_is_in_use_while_a_quote_names_it() {
        let line = |p: &str| LineItem { product_id: p.into(), quantity: Decimal::ONE, unit_price: Money::from_int(1), discount_pct: Decimal::ZERO, discount_reason: String::new() };
        let mut a = deal("a", "stage-initial", 1, None);
        a.line_items = vec![line("p1"), line("p2")];
        let mut b = deal("b", "stage-won", 1, None);
        b.line_items = vec![line("p1")];
        let deals = [a, b, deal("c", "stage-initial", 1, None)];
        assert_eq!(quotes_using(&deals, "p1"), 2);
        assert_eq!(quotes_using(&deals, "p2"), 1);
        assert_eq!(quotes_using(&deals, "p3"), 0);
    }

    #[test]
    fn weighted_amounts_use_stage_probability_unless_overridden() {
        let stages = default_stages(Locale::Zh, Utc::now());
        let deals = [
            deal("a", "stage-proposal", 10_000, None),
            deal("b", "stage-proposal", 1_000, Some(90)),
            deal("c", "stage-initial", 333, None),
        ];
        let s = stage_summaries(&stages, &deals);
        assert_eq!(s.len(), 6);
        assert_eq!(s[0].name, "初步接触");
        assert_eq!(s[0].weighted.to_string(), "33.30");
        assert_eq!(s[2].deals, 2);
        assert_eq!(s[2].amount.to_string(), "11000.00");
        assert_eq!(s[2].weighted.to_string(), "5900.00");
        assert_eq!(s[4].deals, 0);
    }

    #[test]
    fn man_qualification_and_line_totals() {
        let mut man = Man { money: Answer::Yes, authority: Answer::Yes, need: Answer::Unknown };
        assert!(!man.qualified());
        man.need = Answer::Yes;
        assert!(man.qualified());
        let line = LineItem {
            product_id: "p".into(),
            quantity: Decimal::from(3),
            unit_price: Money::parse("33.33").unwrap(),
            discount_pct: Decimal::new(125, 1),
            discount_reason: String::new(),
        };
        // 99.99 − 12.5 % (12.49875 → 12.50) = 87.49
        assert_eq!(line.total().to_string(), "87.49");
        assert_eq!(line.total_cents(), 8749);
        assert!(validate_stages(&default_stages(Locale::En, Utc::now())).is_none());
    }

    #[test]
    fn line_totals_in_cents_match_the_decimal_ones() {
        let mut rng = crate::domain::rng::Rng(3);
        for i in 0..20_000 {
            // Digits of every size, up to what 64 bits cannot hold (the Decimal way then).
            let big = if i % 100 == 0 { 1_000_000 } else { 1 };
            let line = LineItem {
                product_id: "p".into(),
                quantity: Decimal::new(rng.range(0, 100_000) as i64 * big, rng.below(4) as u32),
                unit_price: Money::new(Decimal::new(rng.range(-1_000_000, 10_000_000) as i64 * big, rng.below(3) as u32)),
                discount_pct: Decimal::new(rng.range(0, 1000) as i64, rng.below(3) as u32),
                discount_reason: String::new(),
            };
            assert_eq!(line.total_cents(), line.total().in_cents(), "{line:?}");
        }
    }

    fn line(qty: i64, price: &str, discount: i64, reason: &str) -> LineItem {
        LineItem {
            product_id: "p".into(),
            quantity: Decimal::from(qty),
            unit_price: Money::parse(price).unwrap(),
            discount_pct: Decimal::from(discount),
            discount_reason: reason.into(),
        }
    }

    #[test]
    fn quote_totals_add_up_and_big_discounts_need_a_reason() {
        let lines = [line(3, "33.33", 0, ""), line(2, "0.05", 50, ""), line(1, "1000", 20, "annual deal")];
        let t = quote_totals(&lines);
        // 99.99 + 0.10 + 1000 = 1100.09; discounts 0 + 0.05 + 200 = 200.05.
        assert_eq!((t.subtotal.to_string(), t.discount.to_string(), t.total.to_string()), ("1100.09".into(), "200.05".into(), "900.04".into()));
        assert_eq!(t.total, lines.iter().map(LineItem::total).sum());
        let problems = discount_problems(&lines, Decimal::from(15));
        assert_eq!(problems.iter().map(|p| p.field.as_str()).collect::<Vec<_>>(), ["line_items[1].discount_reason"]);
        assert!(discount_problems(&lines, Decimal::from(50)).is_empty());
    }

    #[test]
    fn moves_record_history_and_days_in_stage() {
        let stages = default_stages(Locale::En, Utc::now());
        let mut d = deal("a", "stage-initial", 100, None);
        d.expected_close = Some("2026-01-20".parse().unwrap());
        let jan = |day: u32| Utc.with_ymd_and_hms(2026, 1, day, 9, 0, 0).unwrap();
        assert_eq!(d.days_in_stage("2026-01-15".parse().unwrap()), 14);
        assert!(!d.is_stale(&stages[0], "2026-01-15".parse().unwrap()));
        assert!(d.is_stale(&stages[0], "2026-01-16".parse().unwrap()), "rot days 14");
        d.move_to(&stages[1], "i".into(), jan(10));
        d.move_to(&stages[1], "j".into(), jan(11));
        assert_eq!(d.stage_history.len(), 1, "a reorder is not a stage change");
        assert_eq!((d.stage_id.as_str(), d.rank.as_str()), ("stage-needs", "j"));
        assert_eq!(d.days_in_stage("2026-01-15".parse().unwrap()), 5);
        assert!(d.is_overdue(&stages[1], "2026-01-21".parse().unwrap()));
        d.lost_reason = Some("price".into());
        d.move_to(&stages[5], "i".into(), jan(12));
        assert_eq!(d.lost_reason.as_deref(), Some("price"));
        assert!(!d.is_overdue(&stages[5], "2026-01-21".parse().unwrap()), "closed deals are not overdue");
        d.move_to(&stages[2], "i".into(), jan(13));
        assert_eq!(d.lost_reason, None);
        assert_eq!(d.stage_history.iter().map(|c| c.stage_id.as_str()).collect::<Vec<_>>(), ["stage-needs", "stage-lost", "stage-proposal"]);
    }

    #[test]
    fn a_move_ranks_between_the_new_neighbours() {
        let stages = default_stages(Locale::En, Utc::now());
        let now = Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap();
        let mut deals: Vec<Deal> = ["a", "b", "c"].iter().zip(["1", "2", "3"]).map(|(id, r)| Deal { rank: r.into(), ..deal(id, "stage-initial", 1, None) }).collect();
        deals.push(Deal { rank: "5".into(), ..deal("x", "stage-needs", 1, None) });
        // Reorder within the column: c in front of b.
        let out = plan_move(&deals, "c", &stages[0], Some("b"), now);
        assert_eq!(out.len(), 1);
        assert!(out[0].rank.as_str() > "1" && out[0].rank.as_str() < "2");
        assert!(out[0].stage_history.is_empty());
        // To the end of another column, with a history entry.
        let out = plan_move(&deals, "a", &stages[1], None, now);
        assert_eq!((out[0].stage_id.as_str(), out[0].stage_history.len()), ("stage-needs", 1));
        assert!(out[0].rank.as_str() > "5");
        // No room (equal ranks from an import): the column is re-ranked, in order.
        for d in &mut deals[..3] {
            d.rank = String::new();
        }
        let out = plan_move(&deals, "x", &stages[0], Some("b"), now);
        let mut column: Vec<(String, String)> = deals[..3].iter().map(|d| (d.id.clone(), d.rank.clone())).collect();
        for o in &out {
            match column.iter_mut().find(|(id, _)| *id == o.id) {
                Some(c) => c.1 = o.rank.clone(),
                None => column.push((o.id.clone(), o.rank.clone())),
            }
        }
        column.sort_by_shared(|a, b| a.1.cmp(&b.1));
        assert_eq!(column.iter().map(|c| c.0.as_str()).collect::<Vec<_>>(), ["a", "x", "b", "c"]);
    }

    #[test]
    fn removing_a_stage_moves_its_deals_and_keeps_the_rules() {
        let stages = default_stages(Locale::En, Utc::now());
        let now = Utc.with_ymd_and_hms(2026, 2, 1, 0, 0, 0).unwrap();
        let deals = vec![
            Deal { rank: "i".into(), ..deal("a", "stage-needs", 1, None) },
            Deal { rank: "j".into(), ..deal("b", "stage-needs", 1, None) },
            Deal { rank: "k".into(), ..deal("c", "stage-proposal", 1, None) },
        ];
        assert!(remove_stage(&stages, &deals, "stage-needs", None, now).is_none(), "deals need somewhere to go");
        assert!(remove_stage(&stages, &deals, "stage-won", Some(&stages[0]), now).is_none(), "one won stage stays");
        // Open deals are not won or lost by a removal: no final amount, no reason.
        assert!(remove_stage(&stages, &deals, "stage-needs", Some(&stages[4]), now).is_none(), "moved into won");
        assert!(remove_stage(&stages, &deals, "stage-needs", Some(&stages[5]), now).is_none(), "moved into lost");
        // A won stage made open in the form (not saved) and another made won: its won deals
        // are not reopened by removing it, nor won again on another day.
        let mut swapped = stages.clone();
        swapped[3].kind = StageKind::Won;
        let won_deal = vec![Deal { rank: "i".into(), ..deal("w", "stage-won", 1, None) }];
        assert!(remove_stage(&swapped, &won_deal, "stage-won", Some(&swapped[3]), now).is_none(), "won deals moved");
        assert!(remove_stage(&swapped, &won_deal, "stage-won", Some(&swapped[0]), now).is_none(), "won deals reopened");
        assert!(remove_stage(&swapped, &[], "stage-won", None, now).is_some(), "an empty one goes");
        // Nor does a kind change in the form: not while the stage holds deals.
        let changed: Vec<&str> = kind_changes_holding_deals(&stages, &swapped, &deals).iter().map(|s| s.id.as_str()).collect();
        assert!(changed.is_empty(), "negotiation holds no deals here: {changed:?}");
        let mut both = swapped.clone();
        both[4].kind = StageKind::Open;
        both[1].kind = StageKind::Lost;
        let held = [deals.clone(), won_deal.clone()].concat();
        let changed: Vec<&str> = kind_changes_holding_deals(&stages, &both, &held).iter().map(|s| s.id.as_str()).collect();
        assert_eq!(changed, ["stage-needs", "stage-won"]);
        assert!(kind_changes_holding_deals(&stages, &stages, &held).is_empty(), "nothing changed");
        let (kept, moved) = remove_stage(&stages, &deals, "stage-needs", Some(&stages[2]), now).unwrap();
        assert_eq!(kept.len(), 5);
        assert_eq!(kept.iter().map(|s| s.order).collect::<Vec<_>>(), [0, 1, 2, 3, 4]);
        assert_eq!(moved.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["a", "b"]);
        assert!(moved.iter().all(|d| d.stage_id == "stage-proposal" && d.stage_history.len() == 1));
        assert!(moved[0].rank.as_str() > "k" && moved[1].rank > moved[0].rank, "after the target's cards, in order");
        let (_, none) = remove_stage(&stages, &deals, "stage-initial", None, now).unwrap();
        assert!(none.is_empty());
    }

    #[test]
    fn lead_score_from_man_and_source() {
        let mut d = deal("a", "stage-initial", 100, None);
        assert_eq!(d.lead_score(), 35);
        d.man = Man { money: Answer::Yes, authority: Answer::Yes, need: Answer::Yes };
        d.source = LeadSource::Referral;
        assert_eq!(d.lead_score(), 100);
        d.man.authority = Answer::No;
        d.source = LeadSource::TradeShow;
        assert_eq!(d.lead_score(), 65);
    }
}
