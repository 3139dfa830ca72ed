//! Every store as one value: what a backup holds, what an import writes, what demo data fills.

use crate::domain::contracts::{Contract, ContractTemplate};
use crate::domain::customers::{Customer, FollowUp, ServiceCase};
use crate::domain::events::Event;
use crate::domain::photos::CardPhoto;
use crate::domain::pipeline::{validate_stages, Deal, Stage};
use crate::domain::products::stock::StockPoint;
use crate::domain::products::Product;
use crate::domain::settings::Settings;
use crate::domain::targets::SalesTarget;
use crate::domain::validation::{FieldProblem, Problem};
use chrono::{DateTime, Utc};
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{HashMap, HashSet};

/// A kind of record and the object store (and backup key) that holds it.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum StoreKind {
    Customers,
    FollowUps,
    ServiceCases,
    Products,
    Stages,
    Deals,
    Contracts,
    ContractTemplates,
    SalesTargets,
    StockPoints,
    Events,
    CardPhotos,
    Settings,
}

impl StoreKind {
    pub const ALL: [StoreKind; 13] = [
        StoreKind::Customers,
        StoreKind::FollowUps,
        StoreKind::ServiceCases,
        StoreKind::Products,
        StoreKind::Stages,
        StoreKind::Deals,
        StoreKind::Contracts,
        StoreKind::ContractTemplates,
        StoreKind::SalesTargets,
        StoreKind::StockPoints,
        StoreKind::Events,
        StoreKind::CardPhotos,
        StoreKind::Settings,
    ];

    pub const fn name(self) -> &'static str {
        match self {
            StoreKind::Customers => "customers",
            StoreKind::FollowUps => "follow_ups",
            StoreKind::ServiceCases => "service_cases",
            StoreKind::Products => "products",
            StoreKind::Stages => "stages",
            StoreKind::Deals => "deals",
            StoreKind::Contracts => "contracts",
            StoreKind::ContractTemplates => "contract_templates",
            StoreKind::SalesTargets => "sales_targets",
            StoreKind::StockPoints => "stock_points",
            StoreKind::Events => "events",
            StoreKind::CardPhotos => "card_photos",
            StoreKind::Settings => "settings",
        }
    }

    pub fn from_name(name: &str) -> Option<StoreKind> {
        StoreKind::ALL.into_iter().find(|k| k.name() == name)
    }
}

/// What every stored record offers to generic code (storage, import, merge).
pub trait Record: Serialize + DeserializeOwned + Clone + 'static {
    const STORE: StoreKind;
    fn id(&self) -> &str;
    fn updated_at(&self) -> Option<DateTime<Utc>>;
    fn validate(&self) -> Vec<FieldProblem>;
    /// This kind's list in a dataset.
    fn list_mut(data: &mut Dataset) -> &mut Vec<Self>;
    /// The revision this record was stored with (0: never stored).
    fn rev(&self) -> u32;
    fn set_rev(&mut self, rev: u32);
    /// The store's unique index and this record's key in it (customer and product codes,
    /// contract numbers).
    fn unique_code(&self) -> Option<(&'static str, &str)> {
        None
    }
}


macro_rules! records {
    ($($ty:ty => $kind:ident, $field:ident $(, unique $index:literal on $code:ident)?);* $(;)?) => {$(
        impl Record for $ty {
            const STORE: StoreKind = StoreKind::$kind;
            fn id(&self) -> &str { &self.id }
            fn updated_at(&self) -> Option<DateTime<Utc>> { Some(self.updated_at) }
            fn validate(&self) -> Vec<FieldProblem> { <$ty>::validate(self) }
            fn list_mut(data: &mut Dataset) -> &mut Vec<Self> { &mut data.$field }
            fn rev(&self) -> u32 { self.rev }
            fn set_rev(&mut self, rev: u32) { self.rev = rev }
            $(fn unique_code(&self) -> Option<(&'static str, &str)> { Some(($index, &self.$code)) })?
        }
    )*};
}

records! {
    Customer => Customers, customers, unique "by_code" on code;
    FollowUp => FollowUps, follow_ups;
    ServiceCase => ServiceCases, service_cases;
    Product => Products, products, unique "by_code" on code;
    Stage => Stages, stages;
    Deal => Deals, deals;
    Contract => Contracts, contracts, unique "by_number" on number;
    ContractTemplate => ContractTemplates, contract_templates;
    SalesTarget => SalesTargets, sales_targets;
    StockPoint => StockPoints, stock_points;
    Event => Events, events;
    CardPhoto => CardPhotos, card_photos;
}

impl Record for Settings {
    const STORE: StoreKind = StoreKind::Settings;
    fn id(&self) -> &str {
        &self.id
    }
    fn updated_at(&self) -> Option<DateTime<Utc>> {
        self.updated_at
    }
    fn validate(&self) -> Vec<FieldProblem> {
        Settings::validate(self)
    }
    fn list_mut(data: &mut Dataset) -> &mut Vec<Self> {
        &mut data.settings
    }
    fn rev(&self) -> u32 {
        self.rev
    }
    fn set_rev(&mut self, rev: u32) {
        self.rev = rev
    }
}

/// Called once per store with that store's records.
pub trait StoreVisitor {
    fn visit<T: Record>(&mut self, records: &[T]);
}

/// [`StoreVisitor`] that may change the records.
pub trait StoreVisitorMut {
    fn visit<T: Record>(&mut self, records: &mut [T]);
}

#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
#[serde(default)]
pub struct Dataset {
    pub customers: Vec<Customer>,
    pub follow_ups: Vec<FollowUp>,
    pub service_cases: Vec<ServiceCase>,
    pub products: Vec<Product>,
    pub stages: Vec<Stage>,
    pub deals: Vec<Deal>,
    pub contracts: Vec<Contract>,
    pub contract_templates: Vec<ContractTemplate>,
    pub sales_targets: Vec<SalesTarget>,
    pub stock_points: Vec<StockPoint>,
    pub events: Vec<Event>,
    pub card_photos: Vec<CardPhoto>,
    pub settings: Vec<Settings>,
}

impl Dataset {
    pub fn visit(&self, v: &mut impl StoreVisitor) {
        v.visit(&self.customers);
        v.visit(&self.follow_ups);
        v.visit(&self.service_cases);
        v.visit(&self.products);
        v.visit(&self.stages);
        v.visit(&self.deals);
        v.visit(&self.contracts);
        v.visit(&self.contract_templates);
        v.visit(&self.sales_targets);
        v.visit(&self.stock_points);
        v.visit(&self.events);
        v.visit(&self.card_photos);
        v.visit(&self.settings);
    }

    pub fn visit_mut(&mut self, v: &mut impl StoreVisitorMut) {
        v.visit(&mut self.customers);
        v.visit(&mut self.follow_ups);
        v.visit(&mut self.service_cases);
        v.visit(&mut self.products);
        v.visit(&mut self.stages);
        v.visit(&mut self.deals);
        v.visit(&mut self.contracts);
        v.visit(&mut self.contract_templates);
        v.visit(&mut self.sales_targets);
        v.visit(&mut self.stock_points);
        v.visit(&mut self.events);
        v.visit(&mut self.card_photos);
        v.visit(&mut self.settings);
    }

    /// Gives every record the revision `fresh()` makes and returns what each had: (store, id,
    /// revision before). A write sends these so the storage can refuse it when a stored
    /// record's revision is not the one the writer read.
    pub fn new_revisions(&mut self, mut fresh: impl FnMut() -> u32) -> Vec<(StoreKind, String, u32)> {
        struct Stamp<'a, F>(&'a mut F, Vec<(StoreKind, String, u32)>);
        impl<F: FnMut() -> u32> StoreVisitorMut for Stamp<'_, F> {
            fn visit<T: Record>(&mut self, records: &mut [T]) {
                for r in records {
                    self.1.push((T::STORE, r.id().to_string(), r.rev()));
                    r.set_rev((self.0)());
                }
            }
        }
        let mut stamp = Stamp(&mut fresh, Vec::new());
        self.visit_mut(&mut stamp);
        stamp.1
    }

    /// (store, id, revision) of every record, as stored now: what an undo expects to find.
    pub fn revisions(&self) -> Vec<(StoreKind, String, u32)> {
        struct Revs(Vec<(StoreKind, String, u32)>);
        impl StoreVisitor for Revs {
            fn visit<T: Record>(&mut self, records: &[T]) {
                self.0.extend(records.iter().map(|r| (T::STORE, r.id().to_string(), r.rev())));
            }
        }
        let mut revs = Revs(Vec::new());
        self.visit(&mut revs);
        revs.0
    }

    /// Records never stored (revision 0) get one from `fresh()`: what a restored backup from
    /// before revisions existed needs.
    pub fn fill_revisions(&mut self, mut fresh: impl FnMut() -> u32) {
        struct Fill<'a, F>(&'a mut F);
        impl<F: FnMut() -> u32> StoreVisitorMut for Fill<'_, F> {
            fn visit<T: Record>(&mut self, records: &mut [T]) {
                for r in records.iter_mut().filter(|r| r.rev() == 0) {
                    r.set_rev((self.0)());
                }
            }
        }
        self.visit_mut(&mut Fill(&mut fresh));
    }

    pub fn counts(&self) -> Counts {
        struct C(Counts);
        impl StoreVisitor for C {
            fn visit<T: Record>(&mut self, records: &[T]) {
                self.0.set(T::STORE, records.len());
            }
        }
        let mut c = C(Counts::default());
        self.visit(&mut c);
        c.0
    }

    pub fn total(&self) -> usize {
        self.counts().total()
    }
}

/// Number of records per store.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Counts(pub HashMap<StoreKind, usize>);

impl Counts {
    pub fn get(&self, kind: StoreKind) -> usize {
        self.0.get(&kind).copied().unwrap_or(0)
    }
    pub fn set(&mut self, kind: StoreKind, n: usize) {
        self.0.insert(kind, n);
    }
    /// Records a user made (settings alone do not make a database "non-empty").
    pub fn total(&self) -> usize {
        self.0.iter().filter(|(k, _)| **k != StoreKind::Settings).map(|(_, n)| n).sum()
    }
}

/// One problem with one record of an import or a backup.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RecordProblem {
    pub store: StoreKind,
    /// Position in the file's list for that store (0-based).
    pub index: usize,
    pub id: Option<String>,
    pub field: String,
    pub problem: Problem,
}

/// One record's pointer at another: (the record's store, its index and id, the field) →
/// (the target's store and id).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Reference {
    pub store: StoreKind,
    pub index: usize,
    pub id: String,
    pub field: String,
    pub target_store: StoreKind,
    pub target: String,
}

impl Reference {
    /// The problem to report when the target does not exist.
    pub fn dangling(&self) -> RecordProblem {
        problem(self.store, self.index, Some(self.id.clone()), &self.field, Problem::UnknownReference { store: self.target_store.name() })
    }
}

/// Every reference the records of `data` make.
pub fn references(data: &Dataset) -> Vec<Reference> {
    let mut out = Vec::new();
    each_reference(data, |r| out.push(r.owned()));
    out
}

/// One reference as [`each_reference`] gives it: borrowed, its field named only when asked
/// (checking a 300,000-record file makes hundreds of thousands of them, nearly all sound).
pub struct RefTo<'a> {
    pub store: StoreKind,
    pub index: usize,
    pub id: &'a str,
    field: Field,
    pub target_store: StoreKind,
    pub target: &'a str,
}

enum Field {
    Named(&'static str),
    /// `line_items[j].product_id`, `products[j]`.
    At(&'static str, usize, &'static str),
}

impl RefTo<'_> {
    pub fn owned(&self) -> Reference {
        let field = match self.field {
            Field::Named(f) => f.to_string(),
            Field::At(list, j, rest) => format!("{list}[{j}]{rest}"),
        };
        Reference { store: self.store, index: self.index, id: self.id.to_string(), field, target_store: self.target_store, target: self.target.to_string() }
    }
}

/// Gives every reference the records of `data` make to `f`.
pub fn each_reference<'a>(data: &'a Dataset, mut f: impl FnMut(RefTo<'a>)) {
    let mut add = |store: StoreKind, index: usize, id: &'a str, field: Field, target_store: StoreKind, target: &'a str| {
        f(RefTo { store, index, id, field, target_store, target });
    };
    for (i, f) in data.follow_ups.iter().enumerate() {
        add(StoreKind::FollowUps, i, &f.id, Field::Named("customer_id"), StoreKind::Customers, &f.customer_id);
        if let Some(d) = &f.deal_id {
            add(StoreKind::FollowUps, i, &f.id, Field::Named("deal_id"), StoreKind::Deals, d);
        }
    }
    for (i, s) in data.service_cases.iter().enumerate() {
        add(StoreKind::ServiceCases, i, &s.id, Field::Named("customer_id"), StoreKind::Customers, &s.customer_id);
    }
    for (i, d) in data.deals.iter().enumerate() {
        // A deal imported without a customer points at none.
        if !d.customer_id.is_empty() {
            add(StoreKind::Deals, i, &d.id, Field::Named("customer_id"), StoreKind::Customers, &d.customer_id);
        }
        add(StoreKind::Deals, i, &d.id, Field::Named("stage_id"), StoreKind::Stages, &d.stage_id);
        for (j, line) in d.line_items.iter().enumerate() {
            add(StoreKind::Deals, i, &d.id, Field::At("line_items", j, ".product_id"), StoreKind::Products, &line.product_id);
        }
        if let Some(e) = &d.event_id {
            add(StoreKind::Deals, i, &d.id, Field::Named("event_id"), StoreKind::Events, e);
        }
        // Stage history is a record of the past: it may name a stage removed since.
    }
    for (i, c) in data.contracts.iter().enumerate() {
        add(StoreKind::Contracts, i, &c.id, Field::Named("customer_id"), StoreKind::Customers, &c.customer_id);
        if let Some(d) = &c.deal_id {
            add(StoreKind::Contracts, i, &c.id, Field::Named("deal_id"), StoreKind::Deals, d);
        }
        if let Some(t) = &c.template_id {
            add(StoreKind::Contracts, i, &c.id, Field::Named("template_id"), StoreKind::ContractTemplates, t);
        }
    }
    for (i, p) in data.card_photos.iter().enumerate() {
        add(StoreKind::CardPhotos, i, &p.id, Field::Named("deal_id"), StoreKind::Deals, &p.deal_id);
    }
    for (i, e) in data.events.iter().enumerate() {
        for (j, p) in e.products.iter().enumerate() {
            add(StoreKind::Events, i, &e.id, Field::At("products", j, ""), StoreKind::Products, p);
        }
    }
    for (i, p) in data.stock_points.iter().enumerate() {
        add(StoreKind::StockPoints, i, &p.id, Field::Named("product_id"), StoreKind::Products, &p.product_id);
    }
}

/// Each record's own checks and duplicate ids within `data`: what `restore` checks of every
/// record, and what every write checks before it is made.
pub fn validate_records(data: &Dataset) -> Vec<RecordProblem> {
    let mut problems = Vec::new();

    struct Each<'a>(&'a mut Vec<RecordProblem>);
    impl StoreVisitor for Each<'_> {
        fn visit<T: Record>(&mut self, records: &[T]) {
            let mut seen: FxHashSet<&str> = FxHashSet::default();
            seen.reserve(records.len());
            for (index, r) in records.iter().enumerate() {
                let id = Some(r.id().to_string());
                if r.id().trim().is_empty() {
                    self.0.push(problem(T::STORE, index, id.clone(), "id", Problem::Required));
                } else if !seen.insert(r.id()) {
                    self.0.push(problem(T::STORE, index, id.clone(), "id", Problem::DuplicateId));
                }
                for fp in r.validate() {
                    self.0.push(problem(T::STORE, index, id.clone(), &fp.field, fp.problem));
                }
            }
        }
    }
    data.visit(&mut Each(&mut problems));
    problems
}

/// Validates every record, duplicate ids and codes, and references. References may point into
/// `existing` as well (merge import); `None` means the dataset must stand alone (replace).
pub fn validate_dataset(data: &Dataset, existing: Option<&Dataset>) -> Vec<RecordProblem> {
    let mut problems = validate_records(data);

    duplicate_codes(&mut problems, StoreKind::Customers, data.customers.iter().map(|c| (&c.id, &c.code)), existing.map(|e| e.customers.iter().map(|c| (&c.id, &c.code)).collect()));
    duplicate_codes(&mut problems, StoreKind::Products, data.products.iter().map(|p| (&p.id, &p.code)), existing.map(|e| e.products.iter().map(|p| (&p.id, &p.code)).collect()));
    duplicate_codes(&mut problems, StoreKind::Contracts, data.contracts.iter().map(|c| (&c.id, &c.number)), existing.map(|e| e.contracts.iter().map(|c| (&c.id, &c.number)).collect()));

    // Borrowed, not copied: a 100,000-customer file checks 100,000 ids.
    let ids = |f: for<'d> fn(&'d Dataset) -> Vec<&'d str>| -> FxHashSet<&str> {
        let mut set: FxHashSet<&str> = f(data).into_iter().collect();
        if let Some(e) = existing {
            set.extend(f(e));
        }
        set
    };
    let known: HashMap<StoreKind, FxHashSet<&str>> = [
        (StoreKind::Customers, ids(|d| d.customers.iter().map(|r| r.id.as_str()).collect())),
        (StoreKind::Deals, ids(|d| d.deals.iter().map(|r| r.id.as_str()).collect())),
        (StoreKind::Stages, ids(|d| d.stages.iter().map(|r| r.id.as_str()).collect())),
        (StoreKind::Products, ids(|d| d.products.iter().map(|r| r.id.as_str()).collect())),
        (StoreKind::ContractTemplates, ids(|d| d.contract_templates.iter().map(|r| r.id.as_str()).collect())),
        (StoreKind::Events, ids(|d| d.events.iter().map(|r| r.id.as_str()).collect())),
    ]
    .into_iter()
    .collect();
    each_reference(data, |r| {
        if !known.get(&r.target_store).is_some_and(|set| set.contains(r.target)) {
            problems.push(r.owned().dangling());
        }
    });
    // The won/lost rule applies to the pipeline that will be stored.
    let stage_view: Vec<Stage> = match existing {
        Some(e) => {
            let incoming: HashSet<&str> = data.stages.iter().map(|s| s.id.as_str()).collect();
            e.stages.iter().filter(|s| !incoming.contains(s.id.as_str())).chain(&data.stages).cloned().collect()
        }
        None => data.stages.clone(),
    };
    if let Some(p) = validate_stages(&stage_view) {
        problems.push(problem(StoreKind::Stages, 0, None, "kind", p));
    }
    problems
}

fn problem(store: StoreKind, index: usize, id: Option<String>, field: &str, problem: Problem) -> RecordProblem {
    RecordProblem { store, index, id, field: field.to_string(), problem }
}

/// Codes must be unique within the file and against other records already stored.
fn duplicate_codes<'a>(
    problems: &mut Vec<RecordProblem>,
    store: StoreKind,
    records: impl Iterator<Item = (&'a String, &'a String)>,
    existing: Option<Vec<(&'a String, &'a String)>>,
) {
    let mut owner: FxHashMap<&str, &str> = FxHashMap::default();
    for (id, code) in existing.unwrap_or_default() {
        owner.insert(code.as_str(), id.as_str());
    }
    let mut in_file: FxHashSet<&str> = FxHashSet::default();
    for (index, (id, code)) in records.enumerate() {
        // Exactly as the database's unique index compares them (the whole string), so that
        // what a write can store, a restore accepts.
        let key = code.as_str();
        if key.is_empty() {
            continue;
        }
        let clash_in_file = !in_file.insert(key);
        let clash_stored = owner.get(key).is_some_and(|o| *o != id.as_str());
        if clash_in_file || clash_stored {
            let field = if store == StoreKind::Contracts { "number" } else { "code" };
            problems.push(problem(store, index, Some(id.clone()), field, Problem::DuplicateCode));
        }
    }
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct MergeReport {
    pub created: usize,
    pub updated: usize,
    pub skipped: usize,
}

/// Merge by id: new records are created, a record replaces the stored one only when its
/// `updated_at` is newer. Returns the records to write and what happened.
pub fn merge(existing: &Dataset, incoming: Dataset) -> (Dataset, MergeReport) {
    let mut report = MergeReport::default();
    fn pick<T: Record>(stored: &[T], incoming: Vec<T>, report: &mut MergeReport) -> Vec<T> {
        let known: HashMap<&str, Option<DateTime<Utc>>> =
            stored.iter().map(|r| (r.id(), r.updated_at())).collect();
        incoming
            .into_iter()
            .filter(|r| match known.get(r.id()) {
                None => {
                    report.created += 1;
                    true
                }
                Some(at) if r.updated_at() > *at => {
                    report.updated += 1;
                    true
                }
                Some(_) => {
                    report.skipped += 1;
                    false
                }
            })
            .collect()
    }
    let writes = Dataset {
        customers: pick(&existing.customers, incoming.customers, &mut report),
        follow_ups: pick(&existing.follow_ups, incoming.follow_ups, &mut report),
        service_cases: pick(&existing.service_cases, incoming.service_cases, &mut report),
        products: pick(&existing.products, incoming.products, &mut report),
        stages: pick(&existing.stages, incoming.stages, &mut report),
        deals: pick(&existing.deals, incoming.deals, &mut report),
        contracts: pick(&existing.contracts, incoming.contracts, &mut report),
        contract_templates: pick(&existing.contract_templates, incoming.contract_templates, &mut report),
        sales_targets: pick(&existing.sales_targets, incoming.sales_targets, &mut report),
        stock_points: pick(&existing.stock_points, incoming.stock_points, &mut report),
        events: pick(&existing.events, incoming.events, &mut report),
        card_photos: pick(&existing.card_photos, incoming.card_photos, &mut report),
        settings: pick(&existing.settings, incoming.settings, &mut report),
    };
    (writes, report)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::demo::{generate, DemoSize, DEMO_SEED};
    use crate::domain::Locale;
    use chrono::{Duration, NaiveDate};

    fn demo() -> Dataset {
        generate(DemoSize::STANDARD, Locale::En, NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), DEMO_SEED)
    }

    #[test]
    fn merge_creates_updates_and_skips_by_updated_at() {
        let stored = demo();
        let mut incoming = Dataset::default();
        let mut newer = stored.customers[0].clone();
        newer.name = "Renamed".into();
        newer.updated_at += Duration::seconds(1);
        let older = {
            let mut c = stored.customers[1].clone();
            c.name = "Stale".into();
            c.updated_at -= Duration::days(1);
            c
        };
        let same = stored.customers[2].clone();
        let mut fresh = stored.customers[3].clone();
        fresh.id = "cus-new".into();
        fresh.code = "C99999".into();
        incoming.customers = vec![newer.clone(), older, same, fresh.clone()];
        let (writes, report) = merge(&stored, incoming);
        assert_eq!(report, MergeReport { created: 1, updated: 1, skipped: 2 });
        assert_eq!(writes.customers, vec![newer, fresh]);
    }

    #[test]
    fn codes_may_repeat_for_the_same_record_but_not_across_records() {
        let stored = demo();
        let mut incoming = Dataset { customers: vec![stored.customers[0].clone()], ..Dataset::default() };
        assert!(validate_dataset(&incoming, Some(&stored)).is_empty());
        incoming.customers[0].id = "someone-else".into();
        let p = validate_dataset(&incoming, Some(&stored));
        assert_eq!(p.len(), 1);
        assert_eq!(p[0].problem, Problem::DuplicateCode);
    }

    #[test]
    fn pipeline_needs_one_won_and_one_lost_stage() {
        let mut d = demo();
        d.stages.retain(|s| s.kind != crate::domain::pipeline::StageKind::Lost);
        d.deals.clear();
        d.follow_ups.iter_mut().for_each(|f| f.deal_id = None);
        d.contracts.iter_mut().for_each(|c| c.deal_id = None);
        let p = validate_dataset(&d, None);
        assert_eq!(p.len(), 1, "{p:?}");
        assert_eq!(p[0].problem, Problem::NeedsOneWonAndOneLost);
    }

    #[test]
    fn a_book_with_a_removed_stage_still_restores() {
        use crate::domain::pipeline::remove_stage;
        let mut data = demo();
        let (gone, target) = (data.stages[1].clone(), data.stages[2].clone());
        assert!(data.deals.iter().any(|d| d.stage_history.iter().any(|h| h.stage_id == gone.id)));
        let (kept, moved) = remove_stage(&data.stages, &data.deals, &gone.id, Some(&target), Utc::now()).unwrap();
        data.stages = kept;
        for m in moved {
            let at = data.deals.iter().position(|d| d.id == m.id).unwrap();
            data.deals[at] = m;
        }
        assert_eq!(validate_dataset(&data, None), vec![]);
    }

    #[test]
    fn counts_ignore_settings_for_emptiness() {
        let d = Dataset { settings: vec![Default::default()], ..Dataset::default() };
        assert_eq!(d.counts().total(), 0);
        assert_eq!(demo().counts().get(StoreKind::Customers), 60);
    }
}

impl Dataset {
    /// Adds every record of `other` (no checks: the caller writes both together).
    pub fn append(&mut self, other: Dataset) {
        self.customers.extend(other.customers);
        self.follow_ups.extend(other.follow_ups);
        self.service_cases.extend(other.service_cases);
        self.products.extend(other.products);
        self.stages.extend(other.stages);
        self.deals.extend(other.deals);
        self.contracts.extend(other.contracts);
        self.contract_templates.extend(other.contract_templates);
        self.sales_targets.extend(other.sales_targets);
        self.stock_points.extend(other.stock_points);
        self.events.extend(other.events);
        self.card_photos.extend(other.card_photos);
        self.settings.extend(other.settings);
    }

    /// This book with `writes` written over it, as a merge stores it: a record of `writes`
    /// takes the place of the one with its id, the others are added. (In no particular order:
    /// the database orders by id.)
    pub fn written_over(mut self, writes: Dataset) -> Dataset {
        fn over<T: Record>(book: &mut Dataset, writes: &mut Dataset) {
            let new = std::mem::take(T::list_mut(writes));
            if new.is_empty() {
                return;
            }
            let ids: std::collections::HashSet<&str> = new.iter().map(|r| r.id()).collect();
            let list = T::list_mut(book);
            list.retain(|r| !ids.contains(r.id()));
            list.extend(new);
        }
        let mut writes = writes;
        over::<Customer>(&mut self, &mut writes);
        over::<FollowUp>(&mut self, &mut writes);
        over::<ServiceCase>(&mut self, &mut writes);
        over::<Product>(&mut self, &mut writes);
        over::<Stage>(&mut self, &mut writes);
        over::<Deal>(&mut self, &mut writes);
        over::<Contract>(&mut self, &mut writes);
        over::<ContractTemplate>(&mut self, &mut writes);
        over::<SalesTarget>(&mut self, &mut writes);
        over::<StockPoint>(&mut self, &mut writes);
        over::<Event>(&mut self, &mut writes);
        over::<CardPhoto>(&mut self, &mut writes);
        over::<Settings>(&mut self, &mut writes);
        self
    }

    /// A customer and everything that belongs to them (follow-ups, service cases, deals,
    /// contracts), e.g. to delete them together and to undo that.
    pub fn customer_with_records(&self, customer_id: &str) -> Dataset {
        let deals: Vec<_> = self.deals.iter().filter(|d| d.customer_id == customer_id).cloned().collect();
        Dataset {
            card_photos: self.card_photos.iter().filter(|p| deals.iter().any(|d| d.id == p.deal_id)).cloned().collect(),
            customers: self.customers.iter().filter(|c| c.id == customer_id).cloned().collect(),
            follow_ups: self.follow_ups.iter().filter(|f| f.customer_id == customer_id).cloned().collect(),
            service_cases: self.service_cases.iter().filter(|s| s.customer_id == customer_id).cloned().collect(),
            contracts: self.contracts.iter().filter(|c| c.customer_id == customer_id).cloned().collect(),
            deals,
            ..Dataset::default()
        }
    }

    /// (store, id) of every record in this dataset.
    /// A dataset holding just `records`.
    pub fn of<T: Record>(records: Vec<T>) -> Dataset {
        let mut data = Dataset::default();
        *T::list_mut(&mut data) = records;
        data
    }

    pub fn keys(&self) -> Vec<(StoreKind, String)> {
        struct K(Vec<(StoreKind, String)>);
        impl StoreVisitor for K {
            fn visit<T: Record>(&mut self, records: &[T]) {
                self.0.extend(records.iter().map(|r| (T::STORE, r.id().to_string())));
            }
        }
        let mut k = K(Vec::new());
        self.visit(&mut k);
        k.0
    }
}

#[cfg(test)]
mod cascade_tests {
    use super::*;
    use crate::domain::demo::{generate, DemoSize, DEMO_SEED};
    use crate::domain::Locale;

    #[test]
    fn a_customer_comes_with_their_records() {
        let d = generate(DemoSize::STANDARD, Locale::En, "2026-11-23".parse().unwrap(), DEMO_SEED);
        let id = d.deals[0].customer_id.clone();
        let part = d.customer_with_records(&id);
        assert_eq!(part.customers.len(), 1);
        assert!(!part.deals.is_empty());
        assert!(part.deals.iter().all(|x| x.customer_id == id));
        assert!(part.follow_ups.iter().all(|x| x.customer_id == id));
        let keys = part.keys();
        assert_eq!(keys.len(), part.total());
        assert!(keys.contains(&(StoreKind::Customers, id)));
    }

    #[test]
    fn writes_over_a_book_replace_records_by_id_and_add_the_others() {
        let book = generate(DemoSize::STANDARD, Locale::En, "2026-11-23".parse().unwrap(), DEMO_SEED);
        let mut changed = book.customers[3].clone();
        changed.name = "Changed".into();
        let mut added = book.deals[0].clone();
        added.id = "deal-new".into();
        let writes = Dataset { customers: vec![changed.clone()], deals: vec![added.clone()], ..Dataset::default() };
        let after = book.clone().written_over(writes);
        assert_eq!(after.counts().get(StoreKind::Customers), book.customers.len());
        assert_eq!(after.counts().get(StoreKind::Deals), book.deals.len() + 1);
        assert_eq!(after.customers.iter().filter(|c| c.id == changed.id).collect::<Vec<_>>(), vec![&changed]);
        assert!(after.deals.contains(&added) && after.deals.contains(&book.deals[0]));
        assert_eq!((&after.follow_ups, &after.settings), (&book.follow_ups, &book.settings));
        assert_eq!(Dataset::default().written_over(book.clone()), book);
    }
}
