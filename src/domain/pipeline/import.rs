//! Deals from another CRM's CSV export (id, owner, product, account, stage, engage date, close
//! date, value…): the file's stage names are mapped onto this pipeline's stages, customers and
//! products are found by name (case- and space-insensitive), unknown customers can be created,
//! and every row is checked before anything is written.

use crate::domain::codes::next_customer_code;
use crate::domain::customers::{Customer, LeadSource};
use crate::domain::customers::import::parse_source;
use crate::domain::import::{cell, header_key, missing_column, Column, DuplicatePolicy, ImportPlan, RowError, RowPlanner};
use crate::domain::money::Money;
use crate::domain::pipeline::{Deal, LineItem, Man, Stage, StageChange, StageKind};
use crate::domain::products::Product;
use crate::domain::pipeline::rank::rank_between;
use crate::domain::validation::Problem;
use crate::domain::Id;
use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use rust_decimal::Decimal;
use std::collections::{BTreeSet, HashMap};
use crate::domain::sorting::SortShared;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum DealField {
    Id,
    Title,
    Customer,
    /// The customer's code: when it names a stored customer, it wins over the name (two
    /// customers may share a name).
    CustomerCode,
    Product,
    Stage,
    Amount,
    EngageDate,
    CloseDate,
    Source,
    Probability,
    Competitor,
    Notes,
}

impl Column for DealField {
    const ALL: &'static [DealField] = &[
        DealField::Id, DealField::Title, DealField::Customer, DealField::CustomerCode, DealField::Product, DealField::Stage, DealField::Amount,
        DealField::EngageDate, DealField::CloseDate, DealField::Source, DealField::Probability, DealField::Competitor, DealField::Notes,
    ];

    fn synonyms(self) -> &'static [&'static str] {
        match self {
            DealField::Id => &["id", "dealid", "opportunityid", "opportunity_id", "商机编号", "编号"],
            DealField::Title => &["title", "deal", "dealname", "opportunity", "opportunityname", "name", "商机名称", "商机", "机会名称"],
            DealField::Customer => &["account", "customer", "company", "accountname", "customername", "client", "客户", "客户名称", "公司"],
            DealField::CustomerCode => &["customercode", "accountcode", "clientcode", "客户编号", "客户代码"],
            DealField::Product => &["product", "productname", "item", "商品", "产品", "商品名称"],
            DealField::Stage => &["stage", "dealstage", "status", "pipelinestage", "阶段", "销售阶段", "商机阶段"],
            DealField::Amount => &["value", "amount", "closevalue", "dealvalue", "revenue", "金额", "商机金额", "成交金额"],
            DealField::EngageDate => &["engagedate", "createdate", "created", "createdat", "opendate", "创建日期", "开始日期", "接洽日期"],
            DealField::CloseDate => &["closedate", "expectedclose", "expectedclosedate", "预计成交日期", "成交日期", "结束日期"],
            DealField::Source => &["source", "leadsource", "来源", "线索来源"],
            DealField::Probability => &["probability", "winprobability", "赢率", "成交概率"],
            DealField::Competitor => &["competitor", "competition", "竞争对手"],
            DealField::Notes => &["notes", "note", "description", "备注", "说明"],
        }
    }
}

/// The key names are compared by: lower case, without spaces.
pub fn name_key(name: &str) -> String {
    name.to_lowercase().chars().filter(|c| !c.is_whitespace()).collect()
}

/// A guess of this pipeline's stage for a stage name from another CRM.
pub fn guess_stage<'a>(name: &str, stages: &'a [Stage]) -> Option<&'a Stage> {
    let key = header_key(name);
    if let Some(s) = stages.iter().find(|s| header_key(&s.name) == key) {
        return Some(s);
    }
    let open: Vec<&Stage> = {
        let mut v: Vec<&Stage> = stages.iter().filter(|s| s.kind == StageKind::Open).collect();
        v.sort_by_key_shared(|s| s.order);
        v
    };
    let has = |words: &[&str]| words.iter().any(|w| key.contains(w));
    if has(&["won", "赢", "成交", "closedwon"]) && !has(&["lost"]) {
        return stages.iter().find(|s| s.kind == StageKind::Won);
    }
    if has(&["lost", "输", "丢", "失败", "closedlost"]) {
        return stages.iter().find(|s| s.kind == StageKind::Lost);
    }
    let step = if has(&["prospect", "lead", "new", "初步", "接触", "线索"]) {
        0
    } else if has(&["engag", "qualif", "需求", "discover"]) {
        1
    } else if has(&["propos", "demo", "方案", "演示"]) {
        2
    } else if has(&["negotiat", "谈判", "commit"]) {
        3
    } else {
        return None;
    };
    open.get(step).copied()
}

/// Calendar days as spreadsheets write them: 2026-03-01, 2026/3/1, 3/1/2026, 2026年3月1日.
pub fn parse_date(v: &str) -> Option<NaiveDate> {
    let v = v.trim();
    let v = v.split([' ', 'T']).next().unwrap_or(v);
    ["%Y-%m-%d", "%Y/%m/%d", "%m/%d/%Y", "%Y.%m.%d", "%Y年%m月%d日"].iter().find_map(|f| NaiveDate::parse_from_str(v, f).ok())
}

fn at_noon(d: NaiveDate) -> DateTime<Utc> {
    Utc.from_utc_datetime(&d.and_hms_opt(12, 0, 0).expect("noon exists"))
}

/// What to do with a row that names no customer (exports from other CRMs have opportunities
/// without an account).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum WithoutCustomer {
    /// A row error: the file is refused until it is fixed.
    #[default]
    Refuse,
    /// Imported as a deal without a customer ("no customer" everywhere, counted in totals).
    Import,
    /// Left out, listed for download.
    Skip,
}

pub struct DealImportContext<'a> {
    pub customers: &'a [Customer],
    pub products: &'a [Product],
    pub stages: &'a [Stage],
    pub deals: &'a [Deal],
    /// The file's stage names (keys as written) mapped to stage ids.
    pub stage_map: &'a HashMap<String, String>,
    pub create_customers: bool,
    pub without_customer: WithoutCustomer,
    pub customer_prefix: &'a str,
    pub policy: DuplicatePolicy,
    pub now: DateTime<Utc>,
}

/// The distinct stage names used in the file, in order of first appearance.
pub fn file_stages(rows: &[Vec<String>], mapping: &[Option<DealField>]) -> Vec<String> {
    let mut seen = BTreeSet::new();
    rows.iter()
        .map(|r| cell(mapping, r, DealField::Stage))
        .filter(|s| !s.is_empty() && seen.insert(s.clone()))
        .collect()
}

pub struct DealPlanner<'a, F: FnMut() -> Id> {
    mapping: &'a [Option<DealField>],
    ctx: DealImportContext<'a>,
    new_id: F,
    customers: HashMap<String, Id>,
    products: HashMap<String, &'a Product>,
    stages: HashMap<&'a str, &'a Stage>,
    existing_ids: HashMap<&'a str, &'a Deal>,
    /// Customers to create, by name key.
    new_customers: Vec<Customer>,
    next_customer_code: Option<String>,
    /// The last rank given in each stage.
    ranks: HashMap<String, Option<String>>,
    plan: ImportPlan<Deal>,
    seen_ids: std::collections::HashSet<String>,
}

impl<'a, F: FnMut() -> Id> DealPlanner<'a, F> {
    pub fn new(mapping: &'a [Option<DealField>], ctx: DealImportContext<'a>, new_id: F) -> Self {
        let mut plan = ImportPlan::default();
        plan.errors.extend(missing_column(mapping, DealField::Customer, "customer"));
        plan.errors.extend(missing_column(mapping, DealField::Stage, "stage"));
        let mut products: HashMap<String, &Product> = HashMap::new();
        for p in ctx.products {
            products.entry(name_key(&p.name)).or_insert(p);
            products.entry(name_key(&p.code)).or_insert(p);
        }
        let mut ranks: HashMap<String, Option<String>> = HashMap::new();
        for d in crate::domain::pipeline::query::by_rank(ctx.deals.iter()) {
            ranks.insert(d.stage_id.clone(), Some(d.rank.clone()));
        }
        DealPlanner {
            mapping,
            customers: ctx.customers.iter().map(|c| (name_key(&c.name), c.id.clone())).collect(),
            products,
            stages: ctx.stages.iter().map(|s| (s.id.as_str(), s)).collect(),
            existing_ids: ctx.deals.iter().map(|d| (d.id.as_str(), d)).collect(),
            new_customers: Vec::new(),
            next_customer_code: None,
            ranks,
            plan,
            seen_ids: Default::default(),
            ctx,
            new_id,
        }
    }

    fn customer_for(&mut self, code: &str, name: &str) -> Option<Id> {
        if let Some(c) = self.ctx.customers.iter().find(|c| !code.is_empty() && c.code == code) {
            return Some(c.id.clone());
        }
        let key = name_key(name);
        if let Some(id) = self.customers.get(&key) {
            return Some(id.clone());
        }
        if !self.ctx.create_customers {
            return None;
        }
        let code = match self.next_customer_code.take() {
            None => next_customer_code(self.ctx.customer_prefix, self.ctx.customers.iter().map(|c| c.code.as_str())),
            Some(previous) => next_customer_code(self.ctx.customer_prefix, std::iter::once(previous.as_str())),
        };
        self.next_customer_code = Some(code.clone());
        let now = self.ctx.now;
        let c = Customer::new_lead((self.new_id)(), code, name.trim().to_string(), LeadSource::Other, now);
        self.customers.insert(key, c.id.clone());
        let id = c.id.clone();
        self.new_customers.push(c);
        Some(id)
    }

    fn plan_one(&mut self, line: usize, row: &[String]) {
        let cell = |f| cell(self.mapping, row, f);
        let mut errors: Vec<RowError> = Vec::new();
        let mut err = |field: &str, problem: Problem| errors.push(RowError { row: line, field: field.into(), problem });
        let customer_name = cell(DealField::Customer);
        let stage_name = cell(DealField::Stage);
        let file_id = cell(DealField::Id);
        // This app's own export names deals by their id: a re-import finds them. Ids from
        // another CRM are kept apart with a prefix.
        let id = if file_id.is_empty() {
            (self.new_id)()
        } else if self.existing_ids.contains_key(file_id.as_str()) {
            file_id.clone()
        } else {
            format!("imp-{}", name_key(&file_id))
        };
        if !file_id.is_empty() && !self.seen_ids.insert(id.clone()) {
            err("id", Problem::DuplicateId);
        }
        let customer_code = cell(DealField::CustomerCode);
        let customer_id = if customer_name.is_empty() && customer_code.is_empty() {
            match self.ctx.without_customer {
                WithoutCustomer::Refuse => {
                    err("customer", Problem::Required);
                    None
                }
                WithoutCustomer::Import => Some(String::new()),
                WithoutCustomer::Skip => {
                    self.plan.left_out.push((line, row.to_vec()));
                    return;
                }
            }
        } else if customer_name.is_empty() {
            let found = self.ctx.customers.iter().find(|c| c.code == customer_code).map(|c| c.id.clone());
            if found.is_none() {
                err("customer_code", Problem::Malformed(customer_code.clone()));
            }
            found
        } else {
            let found = self.customer_for(&cell(DealField::CustomerCode), &customer_name);
            if found.is_none() {
                err("customer", Problem::Malformed(customer_name.clone()));
            }
            found
        };
        let stage = match self.ctx.stage_map.get(&stage_name).and_then(|id| self.stages.get(id.as_str())).copied() {
            Some(s) => Some(s),
            None => {
                err("stage", if stage_name.is_empty() { Problem::Required } else { Problem::Malformed(stage_name.clone()) });
                None
            }
        };
        let product_name = cell(DealField::Product);
        let product = if product_name.is_empty() {
            None
        } else {
            let p = self.products.get(&name_key(&product_name)).copied();
            if p.is_none() {
                err("product", Problem::Malformed(product_name.clone()));
            }
            p
        };
        let mut filled_in = false;
        let amount = match cell(DealField::Amount) {
            v if v.is_empty() => product.map(|p| {
                filled_in = true;
                p.list_price
            }).unwrap_or(Money::ZERO),
            v => Money::parse(&v).unwrap_or_else(|_| {
                err("amount", Problem::Malformed(v));
                Money::ZERO
            }),
        };
        let date = |err: &mut dyn FnMut(&str, Problem), field: DealField, name: &str| match cell(field) {
            v if v.is_empty() => None,
            v => parse_date(&v).or_else(|| {
                err(name, Problem::Malformed(v));
                None
            }),
        };
        let engaged = date(&mut err, DealField::EngageDate, "engage_date");
        let close = date(&mut err, DealField::CloseDate, "close_date");
        let source = match cell(DealField::Source) {
            v if v.is_empty() => LeadSource::Other,
            v => parse_source(&v).unwrap_or_else(|| {
                err("source", Problem::Malformed(v));
                LeadSource::Other
            }),
        };
        let probability = match cell(DealField::Probability) {
            v if v.is_empty() => None,
            v => match v.trim_end_matches('%').trim().parse::<Decimal>().ok().filter(|p| *p >= Decimal::ZERO && *p <= Decimal::ONE_HUNDRED) {
                Some(p) => p.round().to_string().parse::<u8>().ok(),
                None => {
                    err("probability", Problem::OutOfRange { min: 0, max: 100 });
                    None
                }
            },
        };
        let failed = !errors.is_empty();
        self.plan.errors.extend(errors);
        if filled_in && !failed {
            self.plan.filled_in.push(line);
        }
        let (Some(customer_id), Some(stage), false) = (customer_id, stage, failed) else { return };

        if self.ctx.policy == DuplicatePolicy::Skip && self.existing_ids.contains_key(id.as_str()) {
            self.plan.skipped += 1;
            return;
        }
        let created = engaged.map(at_noon).unwrap_or(self.ctx.now);
        // History: the first open stage when engaged, then the file's stage (closed deals at
        // their close date).
        let first_open = self.ctx.stages.iter().filter(|s| s.kind == StageKind::Open).min_by_key(|s| s.order);
        let mut history = Vec::new();
        if let Some(f) = first_open.filter(|f| f.id != stage.id) {
            history.push(StageChange { stage_id: f.id.clone(), at: created });
        }
        let entered = if stage.kind == StageKind::Open { created } else { close.map(at_noon).unwrap_or(created).max(created) };
        history.push(StageChange { stage_id: stage.id.clone(), at: entered });
        let previous = self.ranks.get(&stage.id).cloned().flatten();
        let rank = rank_between(previous.as_deref(), None).unwrap_or_else(|| format!("{}i", previous.clone().unwrap_or_default()));
        self.ranks.insert(stage.id.clone(), Some(rank.clone()));
        let title = match cell(DealField::Title) {
            t if !t.is_empty() => t,
            _ => match (product, customer_name.is_empty()) {
                (Some(p), false) => format!("{customer_name} · {}", p.name),
                (Some(p), true) => p.name.clone(),
                (None, false) => customer_name.clone(),
                (None, true) => file_id.clone(),
            },
        };
        let mut id = id;
        if self.existing_ids.contains_key(id.as_str()) && self.ctx.policy == DuplicatePolicy::CreateAnyway {
            id = (self.new_id)();
        }
        let deal = Deal {
            id,
            title,
            customer_id,
            stage_id: stage.id.clone(),
            rank,
            amount,
            expected_close: close,
            probability,
            source,
            man: Man::default(),
            competitor: cell(DealField::Competitor),
            line_items: product
                .map(|p| vec![LineItem { product_id: p.id.clone(), quantity: Decimal::ONE, unit_price: amount, discount_pct: Decimal::ZERO, discount_reason: String::new() }])
                .unwrap_or_default(),
            lost_reason: None,
            stage_history: history,
            notes: cell(DealField::Notes),
            quote: None,
            stock_taken: Vec::new(),
            event_id: None,
            consent: None,
            created_at: created,
            updated_at: self.ctx.now, rev: 0,
        };
        for fp in deal.validate() {
            self.plan.errors.push(RowError { row: line, field: fp.field, problem: fp.problem });
        }
        match self.existing_ids.get(deal.id.as_str()).copied() {
            Some(stored) => {
                let given = |f: DealField| !cell(f).is_empty();
                let updated = update_from(stored, deal, &given, stage, self.ctx.now);
                self.plan.updates.push(updated);
            }
            None => self.plan.creates.push(deal),
        }
    }
}

/// The stored deal with what the file gives: fields whose column holds a value replace the
/// stored ones; a new stage is a move (recorded in the history, on top of its column); the
/// quote's lines stay unless the file names another product; the revision read stays (a
/// change made meanwhile in another tab refuses the import).
fn update_from(stored: &Deal, file: Deal, given: &dyn Fn(DealField) -> bool, stage: &Stage, now: DateTime<Utc>) -> Deal {
    let mut d = stored.clone();
    if given(DealField::Title) {
        d.title = file.title;
    }
    d.customer_id = file.customer_id;
    if given(DealField::Amount) {
        d.amount = file.amount;
    }
    if given(DealField::CloseDate) {
        d.expected_close = file.expected_close;
    }
    if given(DealField::Source) {
        d.source = file.source;
    }
    if given(DealField::Probability) {
        d.probability = file.probability;
    }
    if given(DealField::Competitor) {
        d.competitor = file.competitor;
    }
    if given(DealField::Notes) {
        d.notes = file.notes;
    }
    let same_product = match (d.line_items.as_slice(), file.line_items.first()) {
        ([one], Some(new)) => one.product_id == new.product_id,
        (_, None) => true,
        _ => false,
    };
    if !same_product {
        d.line_items = file.line_items;
    }
    if d.stage_id != stage.id {
        d.move_to(stage, file.rank, now);
    }
    d.updated_at = now;
    d
}

impl<F: FnMut() -> Id> RowPlanner<Deal> for DealPlanner<'_, F> {
    fn ready(&self) -> bool {
        self.mapping.contains(&Some(DealField::Customer)) && self.mapping.contains(&Some(DealField::Stage))
    }

    fn plan_row(&mut self, line: usize, row: &[String]) {
        self.plan_one(line, row);
    }

    /// The new customers ride along in `also`.
    fn finish(mut self) -> ImportPlan<Deal> {
        self.plan.also.customers = std::mem::take(&mut self.new_customers);
        self.plan.errors.sort_by_key_shared(|e| e.row);
        self.plan
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::csv::parse;
    use crate::domain::demo::{generate, DemoSize, DEMO_SEED};
    use crate::domain::import::guess_mapping;
    use crate::domain::Locale;

    const FILE: &str = "opportunity_id,sales_agent,product,account,deal_stage,engage_date,close_date,close_value\n\
        1C1I7A6R,Moses Frase,GTX Plus Basic,Cancity,Won,2016-10-20,2017-03-01,1054\n\
        Z063OYW0,Darcel Schlecht,GTXPro,Isdom,Engaging,2016-10-25,,\n\
        EC4QE1BX,Darcel Schlecht,MG Special,Cancity,Prospecting,,,\n\
        MV1LWRNH,Moses Frase,GTX Basic,Codehow,Lost,2016-10-25,2017-03-11,0\n";

    fn run(text: &str, create: bool, stage_map: &HashMap<String, String>, deals: &[Deal]) -> ImportPlan<Deal> {
        run_with(text, create, stage_map, deals, WithoutCustomer::Refuse)
    }

    fn run_with(text: &str, create: bool, stage_map: &HashMap<String, String>, deals: &[Deal], without_customer: WithoutCustomer) -> ImportPlan<Deal> {
        let data = generate(DemoSize::STANDARD, Locale::En, "2026-11-23".parse().unwrap(), DEMO_SEED);
        let mut customers = data.customers.clone();
        customers[0].name = "Cancity".into();
        customers[1].name = "is dom".into();
        let mut products = data.products.clone();
        for (p, name) in products.iter_mut().zip(["GTX Plus Basic", "GTX Pro", "MG Special", "GTX Basic"]) {
            p.name = name.into();
        }
        let records = parse(text, ',').unwrap();
        let mapping = guess_mapping::<DealField>(&records[0]);
        let mut n = 0;
        let ctx = DealImportContext {
            customers: &customers,
            products: &products,
            stages: &data.stages,
            deals,
            stage_map,
            create_customers: create,
            without_customer,
            customer_prefix: "C",
            policy: DuplicatePolicy::Skip,
            now: "2026-11-23T00:00:00Z".parse().unwrap(),
        };
        let mut planner = DealPlanner::new(&mapping, ctx, || { n += 1; format!("n{n}") }).feed();
        planner.add_rows(&records[1..]);
        planner.finish()
    }

    fn guessed(text: &str) -> HashMap<String, String> {
        let stages = generate(DemoSize::STANDARD, Locale::En, "2026-11-23".parse().unwrap(), DEMO_SEED).stages;
        let records = parse(text, ',').unwrap();
        let mapping = guess_mapping::<DealField>(&records[0]);
        file_stages(&records[1..], &mapping).into_iter().filter_map(|s| guess_stage(&s, &stages).map(|g| (s, g.id.clone()))).collect()
    }

    #[test]
    fn another_crms_export_maps_and_resolves() {
        let records = parse(FILE, ',').unwrap();
        let mapping = guess_mapping::<DealField>(&records[0]);
        assert_eq!(mapping, vec![Some(DealField::Id), None, Some(DealField::Product), Some(DealField::Customer), Some(DealField::Stage), Some(DealField::EngageDate), Some(DealField::CloseDate), Some(DealField::Amount)]);
        let stages = guessed(FILE);
        assert_eq!(stages["Won"], "stage-won");
        assert_eq!(stages["Lost"], "stage-lost");
        assert_eq!(stages["Prospecting"], "stage-initial");
        assert_eq!(stages["Engaging"], "stage-needs");

        let plan = run(FILE, false, &stages, &[]);
        let found: Vec<(usize, &str)> = plan.errors.iter().map(|e| (e.row, e.field.as_str())).collect();
        assert_eq!(found, [(5, "customer")], "Codehow is unknown");
        assert_eq!(plan.errors[0].problem, Problem::Malformed("Codehow".into()));

        let plan = run(FILE, true, &stages, &[]);
        assert_eq!(plan.errors, vec![]);
        assert_eq!(plan.creates.len(), 4);
        assert_eq!(plan.also.customers.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Codehow"]);
        let won = &plan.creates[0];
        assert_eq!((won.id.as_str(), won.stage_id.as_str(), won.amount), ("imp-1c1i7a6r", "stage-won", Money::from_int(1054)));
        assert_eq!(won.stage_history.iter().map(|c| (c.stage_id.as_str(), c.at.date_naive().to_string())).collect::<Vec<_>>(),
            [("stage-initial", "2016-10-20".to_string()), ("stage-won", "2017-03-01".to_string())]);
        assert_eq!(won.line_items.len(), 1);
        let engaging = &plan.creates[1];
        assert_eq!(engaging.amount, Money::ZERO.max(engaging.line_items[0].unit_price), "no value: the product's list price");
        assert_eq!(plan.creates[2].customer_id, plan.creates[0].customer_id, "same account, same customer");
        assert!(plan.creates.iter().all(|d| !d.rank.is_empty()), "every imported deal gets a rank");
    }

    #[test]
    fn bad_rows_and_unmapped_stages_are_reported() {
        let text = "id,account,stage,close_date,value,product\nA,Cancity,Won,someday,12,\nB,,Won,,,\nC,Cancity,Limbo,,,\nD,Cancity,Won,,,No Such Product\nA,Cancity,Won,,,\n";
        let plan = run(text, false, &guessed(text), &[]);
        let found: Vec<(usize, &str)> = plan.errors.iter().map(|e| (e.row, e.field.as_str())).collect();
        assert_eq!(found, [(2, "close_date"), (3, "customer"), (4, "stage"), (5, "product"), (6, "id")]);
    }

    #[test]
    fn rows_without_a_customer_are_refused_imported_or_left_out() {
        let text = "id,account,stage,close_date,value,product\nA,Cancity,Won,2026-01-05,12,\nB,,Won,2026-02-01,30,\nC,,Engaging,,,GTX Pro\nD,Cancity,Engaging,,,GTX Pro\n";
        let stages = guessed(text);
        let refused = run(text, false, &stages, &[]);
        assert_eq!(refused.errors.iter().map(|e| (e.row, e.field.as_str())).collect::<Vec<_>>(), [(3, "customer"), (4, "customer")]);
        let imported = run_with(text, false, &stages, &[], WithoutCustomer::Import);
        assert_eq!(imported.errors, vec![]);
        assert_eq!(imported.creates.iter().map(|d| d.customer_id.as_str()).filter(|c| c.is_empty()).count(), 2);
        let b = imported.creates.iter().find(|d| d.id == "imp-b").unwrap();
        assert_eq!((b.title.as_str(), b.amount), ("B", Money::from_int(30)), "named by its id when it has no customer or product");
        // Open deals without a value took the product's list price: lines 4 and 5 say so.
        assert_eq!(imported.filled_in, [4, 5]);
        // Written, they pass the book's checks: no customer is not a dangling reference.
        let data = crate::domain::Dataset { deals: imported.creates.clone(), ..crate::domain::Dataset::default() };
        assert!(crate::domain::dataset::references(&data).iter().all(|r| !r.target.is_empty()));
        let skipped = run_with(text, false, &stages, &[], WithoutCustomer::Skip);
        assert_eq!(skipped.errors, vec![]);
        assert_eq!(skipped.creates.iter().map(|d| d.id.as_str()).collect::<Vec<_>>(), ["imp-a", "imp-d"]);
        assert_eq!(skipped.left_out.iter().map(|(line, row)| (*line, row[0].as_str())).collect::<Vec<_>>(), [(3, "B"), (4, "C")]);
        assert_eq!(skipped.filled_in, [5]);
    }

    #[test]
    fn importing_the_same_file_again_skips_known_ids() {
        let stages = guessed(FILE);
        let first = run(FILE, true, &stages, &[]);
        let again = run(FILE, true, &stages, &first.creates);
        assert_eq!((again.creates.len(), again.skipped), (0, 4));
    }

    #[test]
    fn dates_in_spreadsheet_shapes() {
        for v in ["2026-03-01", "2026/3/1", "3/1/2026", "2026.03.01", "2026年3月1日", "2026-03-01 10:00"] {
            assert_eq!(parse_date(v), Some("2026-03-01".parse().unwrap()), "{v}");
        }
        assert_eq!(parse_date("soon"), None);
    }
}
