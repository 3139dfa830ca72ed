//! What the screens read, each a named query returning domain types.

use super::{today, Result, Service};
use crate::domain::contracts::query::{rows as contract_rows, ContractRow};
use crate::domain::contracts::{Contract, ContractTemplate};
use crate::domain::customers::{status_from_purchases, Customer, FollowUp, ServiceCase};
use crate::domain::customers::query::{read_listed, write_listed, Listed};
use crate::domain::columns::{Reader, Writer};
use crate::domain::pipeline::query::DealContext;
use crate::domain::dashboard::{overview, Overview};
use crate::domain::dataset::{Counts, Record};
use crate::domain::customers::grading::{customer_clv, grade_customers, purchases, purchases_from_bytes, purchases_to_bytes, CustomerGrade, Grade, Grades, Purchase};
use crate::domain::pipeline::lost_reasons::default_reasons;
use crate::domain::pipeline::{default_stages, Deal, Stage, StageKind};
use crate::domain::products::analysis::SalesIndex;
use crate::domain::products::Product;
use crate::domain::events::Event;
use crate::domain::settings::Settings;
use crate::domain::{Dataset, Locale, Money, StoreKind};
use crate::domain::targets::{monthly_new_customers, monthly_revenue, open_pipeline, progress, Progress, SalesTarget, YearPlan};
use chrono::Datelike;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;
use crate::storage::Stamps;
use crate::domain::sorting::SortShared;

/// The contracts page's read.
#[derive(Clone)]
pub struct ContractsPage {
    pub rows: Vec<ContractRow>,
    /// Contracts above this need approval before signing.
    pub approval_above: Money,
    pub templates: Vec<ContractTemplate>,
    pub customers: Arc<Vec<Customer>>,
    /// The letterhead of printed contracts.
    pub seller: crate::domain::settings::SellerProfile,
}

impl ContractsPage {
    /// The contract types offered: the templates' names and the types in use, each once.
    pub fn kinds(&self) -> Vec<String> {
        let mut kinds: BTreeSet<String> = self.templates.iter().map(|t| t.name.clone()).collect();
        kinds.extend(self.rows.iter().map(|r| r.contract.kind.clone()).filter(|k| !k.is_empty()));
        kinds.into_iter().collect()
    }
}

/// Customers whose status follows their purchases (not set by hand) with the status their
/// last purchase gives them.
fn with_purchase_status(customers: Arc<Vec<Customer>>, bought: &[Purchase], churn_window_days: u32, today: chrono::NaiveDate) -> Arc<Vec<Customer>> {
    let mut last: HashMap<&str, chrono::NaiveDate> = HashMap::new();
    for p in bought {
        last.entry(p.customer_id.as_str()).and_modify(|d| *d = (*d).max(p.date)).or_insert(p.date);
    }
    let follows = |c: &Customer| if c.status_by_hand { None } else { status_from_purchases(last.get(c.id.as_str()).copied(), today, churn_window_days) };
    if customers.iter().all(|c| follows(c).is_none_or(|s| s == c.status)) {
        return customers;
    }
    Arc::new(
        customers
            .iter()
            .map(|c| match follows(c) {
                Some(status) if status != c.status => Customer { status, ..c.clone() },
                _ => c.clone(),
            })
            .collect(),
    )
}

/// The targets screen's read.
#[derive(Clone)]
pub struct TargetsPage {
    pub year: i32,
    /// Every stored target, whose revisions a save expects.
    pub stored: Vec<SalesTarget>,
    pub plan: Option<YearPlan>,
    pub actual: [Money; 12],
    pub new_customers: [u32; 12],
    pub last_year: [Money; 12],
    pub last_year_new: [u32; 12],
    /// Today's month, quarter and year against their targets.
    pub progress: Vec<Progress>,
    /// Years offered: those with targets, last, this and next year.
    pub years: Vec<i32>,
}

/// Customers with everything grading needs, read once for every page that shows grades.
pub struct GradedBook {
    pub customers: Arc<Vec<Customer>>,
    pub deals: Arc<Vec<Deal>>,
    pub stages: Vec<Stage>,
    pub contracts: Arc<Vec<Contract>>,
    pub settings: Settings,
    pub purchases: Arc<Vec<Purchase>>,
    pub grades: Grades,
}

/// What the graded book is read from.
const GRADED_FROM: [StoreKind; 5] = [StoreKind::Customers, StoreKind::Deals, StoreKind::Stages, StoreKind::Contracts, StoreKind::Settings];

/// What purchases are made of.
const PURCHASES_FROM: [StoreKind; 3] = [StoreKind::Deals, StoreKind::Stages, StoreKind::Contracts];

/// What the dashboard's figures are made of.
const OVERVIEW_FROM: [StoreKind; 9] = [
    StoreKind::Customers,
    StoreKind::Deals,
    StoreKind::Stages,
    StoreKind::Contracts,
    StoreKind::Settings,
    StoreKind::FollowUps,
    StoreKind::SalesTargets,
    StoreKind::Products,
    StoreKind::StockPoints,
];

/// The events page's records (see [`Service::events_page`]).
#[derive(Clone)]
pub struct EventsPage {
    pub events: Vec<crate::domain::events::Event>,
    pub deals: Arc<Vec<Deal>>,
    pub stages: Vec<Stage>,
    pub products: Vec<Product>,
}

/// The customer list: every customer as the list shows and searches it, with the filters'
/// choices. Kept in the database as bytes (see [`Service::customer_list`]).
pub struct CustomerList {
    /// In the book's order; statuses as their purchases give them, with their grades.
    pub rows: Vec<Listed>,
    pub industries: Vec<String>,
    pub regions: Vec<String>,
    pub tags: Vec<String>,
    /// The settings' prefix of new customers' codes.
    pub code_prefix: String,
    /// The customers' names in the reader's order for a language, filled by the UI (the
    /// browser's collator) the first time the list is shown in it; kept with the list, so it
    /// goes when a write to the list's stores drops the list.
    pub name_order: std::sync::Mutex<Option<(Locale, Arc<crate::domain::collation::NameOrder>)>>,
}

/// The first byte of [`CustomerList::to_bytes`]'s layout.
const LIST_VERSION: u8 = 1;

impl CustomerList {
    /// The list as bytes, to keep it in the database between visits (see
    /// [`crate::domain::customers::query::write_listed`]).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut w = Writer(Vec::with_capacity(64 + self.rows.len() * 160));
        w.byte(LIST_VERSION);
        write_listed(&mut w, &self.rows);
        for list in [&self.industries, &self.regions, &self.tags] {
            w.u32(list.len() as u32);
            for s in list {
                w.text(s);
            }
        }
        w.text(&self.code_prefix);
        w.0
    }

    /// The list [`CustomerList::to_bytes`] wrote; `None` for anything else.
    pub fn from_bytes(bytes: &[u8]) -> Option<CustomerList> {
        let mut r = Reader(bytes);
        if r.byte()? != LIST_VERSION {
            return None;
        }
        let rows = read_listed(&mut r)?;
        let mut lists = [Vec::new(), Vec::new(), Vec::new()];
        for list in &mut lists {
            for _ in 0..r.u32()? {
                list.push(r.text()?.to_string());
            }
        }
        let code_prefix = r.text()?.to_string();
        let [industries, regions, tags] = lists;
        r.0.is_empty().then(|| CustomerList { rows, industries, regions, tags, code_prefix, name_order: Default::default() })
    }
}

/// One customer's page.
#[derive(Clone)]
pub struct CustomerDetail {
    pub customer: Customer,
    pub grade: Option<CustomerGrade>,
    pub clv: Option<Money>,
    /// Newest first.
    pub follow_ups: Vec<FollowUp>,
    pub cases: Vec<ServiceCase>,
    /// Each deal with its stage's name.
    pub deals: Vec<(Deal, String)>,
    pub contracts: Vec<Contract>,
}

#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CustomerInfo {
    pub name: String,
    pub code: String,
    pub grade: Option<Grade>,
}

/// Everything the pipeline views look deals up in.
#[derive(Clone)]
pub struct PipelineBook {
    /// All stages by order.
    pub stages: Arc<Vec<Stage>>,
    pub stage_map: Arc<HashMap<String, Stage>>,
    pub customers: Arc<HashMap<String, CustomerInfo>>,
    pub products: Arc<Vec<Product>>,
    pub settings: Arc<Settings>,
    pub deals: Arc<Vec<Deal>>,
    /// Event names by id (a card shows the event its lead was met at).
    pub events: Arc<HashMap<String, String>>,
}

impl PipelineBook {
    pub fn open_stages(&self) -> Vec<Stage> {
        self.stages.iter().filter(|s| s.kind == StageKind::Open).cloned().collect()
    }

    pub fn closing_stage(&self, kind: StageKind) -> Option<Stage> {
        self.stages.iter().find(|s| s.kind == kind).cloned()
    }

    pub fn customer_name(&self, id: &str) -> String {
        self.customers.get(id).map(|c| c.name.clone()).unwrap_or_else(|| "—".into())
    }

    /// Looks deals up in the book for filtering and sorting.
    pub fn with_context<R>(&self, f: impl FnOnce(&DealContext) -> R) -> R {
        let name = |id: &str| self.customers.get(id).map(|c| c.name.as_str());
        let grade = |id: &str| self.customers.get(id).and_then(|c| c.grade);
        f(&DealContext { stages: &self.stage_map, customer_name: &name, customer_grade: &grade, today: today() })
    }

    /// The lost reasons to offer: the stored list, or the standard ones while none are stored.
    pub fn lost_reasons_offered(&self, lang: Locale) -> Vec<String> {
        crate::domain::pipeline::lost_reasons::offered(&self.settings.lost_reasons, lang)
    }
}

fn by_order(mut stages: Vec<Stage>) -> Vec<Stage> {
    stages.sort_by_key_shared(|s| s.order);
    stages
}

impl Service {
    pub(super) async fn all<T: Record>(&self) -> Result<Vec<T>> {
        Ok(self.db.get_all().await?)
    }

    pub async fn counts(&self) -> Result<Counts> {
        Ok(self.db.counts().await?)
    }

    /// The workspace settings (the defaults until some are saved).
    pub async fn settings(&self) -> Result<Settings> {
        Ok(self.all::<Settings>().await?.into_iter().next().unwrap_or_default())
    }

    /// The contracts page: every contract as a row (receivables and risk on `today`), the
    /// settings' approval threshold, the templates and customers a new contract is made from.
    pub async fn contracts_page(&self) -> Result<ContractsPage> {
        let contracts: Vec<Contract> = self.all().await?;
        let customers = self.customers().await?;
        let settings = self.settings().await?;
        let templates: Vec<ContractTemplate> = self.all().await?;
        Ok(ContractsPage { rows: contract_rows(&contracts, &customers, today()), approval_above: settings.contract_approval_above, templates, customers, seller: settings.seller })
    }

    /// Every contract as a row (customer name, receivables, risk), for Analytics: the
    /// customers from the kept list, not read one by one.
    pub async fn contract_rows(&self) -> Result<Vec<ContractRow>> {
        let contracts = self.shared_contracts().await?;
        let list = self.customer_list().await?;
        Ok(contract_rows(&contracts, &list.rows, today()))
    }

    /// Every contract, shared by purchases and the contract rows until a contract is written.
    pub async fn shared_contracts(&self) -> Result<Arc<Vec<Contract>>> {
        self.cached(|c| &c.contracts, &[StoreKind::Contracts], || async { Ok(Arc::new(self.all().await?)) }).await
    }

    /// Every record, for the duplicates finder and backups.
    pub async fn book(&self) -> Result<Arc<Dataset>> {
        Ok(Arc::new(self.db.load_all().await?))
    }

    pub async fn products(&self) -> Result<Vec<Product>> {
        self.all().await
    }

    pub async fn deals(&self) -> Result<Vec<Deal>> {
        Ok(self.shared_deals().await?.to_vec())
    }

    /// Every deal, shared by the graded book and the pipeline until a deal is written.
    pub async fn shared_deals(&self) -> Result<Arc<Vec<Deal>>> {
        self.cached(|c| &c.deals, &[StoreKind::Deals], || async { Ok(Arc::new(self.all().await?)) }).await
    }

    pub async fn service_cases(&self) -> Result<Vec<ServiceCase>> {
        self.all().await
    }

    /// The stored stages by order (possibly none).
    pub async fn stages(&self) -> Result<Vec<Stage>> {
        Ok(by_order(self.all().await?))
    }

    /// Every customer, shared by the pages that need them all.
    pub async fn customers(&self) -> Result<Arc<Vec<Customer>>> {
        self.cached(|c| &c.customers, &[StoreKind::Customers], || async { Ok(Arc::new(self.all().await?)) }).await
    }

    /// Every follow-up, shared by the dashboard and reminders.
    pub async fn follow_ups(&self) -> Result<Arc<Vec<FollowUp>>> {
        self.cached(|c| &c.follow_ups, &[StoreKind::FollowUps], || async { Ok(Arc::new(self.all().await?)) }).await
    }

    /// Every purchase (won deals, contracts signed without a deal) in date order, shared by
    /// the graded book, Analytics and the targets; reads no customer.
    pub async fn purchases(&self) -> Result<Arc<Vec<Purchase>>> {
        // Kept in the database too, as bytes: Analytics and the targets after a reload read
        // no deal.
        self.cached(|c| &c.purchases, &PURCHASES_FROM, || async {
            let derive = || async {
                let deals = self.shared_deals().await?;
                let stages: Vec<Stage> = self.all().await?;
                let contracts = self.shared_contracts().await?;
                Ok(purchases(&deals, &stages, &contracts))
            };
            let encode = |bought: &Vec<Purchase>| Some(purchases_to_bytes(bought));
            Ok(Arc::new(self.persisted_as("purchases", &PURCHASES_FROM, derive, encode, purchases_from_bytes).await?))
        })
        .await
    }

    /// The won deals' quote lines indexed by day ([`SalesIndex`]), shared by the Products
    /// page and Analytics until a deal or a stage is written: editing a customer, a product or
    /// a follow-up does not index 100,000 deals again. Kept in the database as bytes
    /// ([`SalesIndex::to_bytes`]): after a reload no deal is read for it.
    /// After a deal write the last index is patched with the deals that changed (a few ms
    /// instead of indexing every won line again) — also after a stage write that left the
    /// won stages as they were (a rename, a new open stage, a stage removed with its deals
    /// moved: those deals are written, so patched), as what is won depends on nothing else.
    pub async fn sales_index(&self) -> Result<Arc<SalesIndex>> {
        const FROM: [StoreKind; 2] = [StoreKind::Deals, StoreKind::Stages];
        let won_stages = |stages: Vec<Stage>| -> Vec<String> { stages.into_iter().filter(|st| st.kind == StageKind::Won).map(|st| st.id).collect() };
        self.cached(|c| &c.sales, &FROM, || async {
            // The won stages as the index will be made with: known for sure only when the
            // stages' stamp is the same before and after (no stage written in between).
            let before = self.db.stamps(&[StoreKind::Stages]).await?;
            let won_now = won_stages(self.all().await?);
            let derive = || async {
                let won = won_stages(self.all().await?);
                let is_won = |id: &str| won.iter().any(|w| w == id);
                let deals = self.shared_deals().await?;
                let base = self.cache.sales_base.borrow().clone();
                let patched = base.filter(|(made_with, _)| *made_with == won).and_then(|(_, index)| index.patched(&deals, is_won));
                Ok(Arc::new(patched.unwrap_or_else(|| SalesIndex::build(&deals, is_won))))
            };
            let index = self.persisted_as("sales_index", &FROM, derive, |i| Some(i.to_bytes()), |b| SalesIndex::from_bytes(b).map(Arc::new)).await?;
            let after = self.db.stamps(&[StoreKind::Stages]).await?;
            *self.cache.sales_base.borrow_mut() = (before.is_some() && before == after).then(|| (won_now, index.clone()));
            Ok(index)
        })
        .await
    }

    /// The graded book, from which the customer list is derived (and the customers' CSV);
    /// logging a follow-up or editing a product does not drop it.
    pub async fn graded(&self) -> Result<Arc<GradedBook>> {
        self.cached(|c| &c.graded, &GRADED_FROM, || async {
            let customers = self.customers().await?;
            let deals = self.shared_deals().await?;
            let stages: Vec<Stage> = self.all().await?;
            let contracts = self.shared_contracts().await?;
            let settings = self.settings().await?;
            let bought = self.purchases().await?;
            let customers = with_purchase_status(customers, &bought, settings.churn_window_days, today());
            let grades = grade_customers(&customers, &bought, &deals, &stages, &settings.grade_thresholds, today());
            Ok(Arc::new(GradedBook { customers, deals, stages, contracts, settings, purchases: bought, grades }))
        })
        .await
    }

    /// The customer list, kept like the graded book — and in the database: after a reload, a
    /// 100,000-customer list is read back as one value instead of reading and grading the book.
    pub async fn customer_list(&self) -> Result<Arc<CustomerList>> {
        self.cached(|c| &c.customer_list, &GRADED_FROM, || async {
            let derive = || self.list_afresh();
            let list = self.persisted_as("customer_list", &GRADED_FROM, derive, |l| Some(l.to_bytes()), CustomerList::from_bytes).await?;
            Ok(Arc::new(list))
        })
        .await
    }

    async fn list_afresh(&self) -> Result<CustomerList> {
        {
            let graded = self.graded().await?;
            let customers = &graded.customers;
            let distinct = |f: fn(&Customer) -> Vec<String>| -> Vec<String> {
                customers.iter().flat_map(f).filter(|s| !s.is_empty()).collect::<BTreeSet<_>>().into_iter().collect()
            };
            Ok(CustomerList {
                rows: customers.iter().map(|c| Listed::of(c, graded.grades.get(&c.id).cloned())).collect(),
                industries: distinct(|c| vec![c.industry.clone()]),
                regions: distinct(|c| vec![c.region.clone()]),
                tags: distinct(|c| c.tags.clone()),
                code_prefix: graded.settings.customer_code_prefix.clone(),
                name_order: Default::default(),
            })
        }
    }

    /// One customer as stored, with the status the list shows (`listed`) where it follows
    /// purchases: what the edit form starts from. `None` when there is no such customer.
    pub async fn customer_to_edit(&self, listed: &Listed) -> Result<Option<Customer>> {
        let stored: Option<Customer> = self.db.get(&listed.id).await?;
        Ok(stored.map(|c| if c.status_by_hand { c } else { Customer { status: listed.status, ..c } }))
    }

    /// One customer's page; `None` when there is no such customer. Read by index — the
    /// customer, their deals, contracts, follow-ups and cases — and graded on their own
    /// purchases and deals (a grade and a status depend on nothing else), so a customer of a
    /// 100,000-customer book opens without reading the book.
    pub async fn customer_detail(&self, id: &str) -> Result<Option<CustomerDetail>> {
        let Some(customer) = self.db.get::<Customer>(id).await? else { return Ok(None) };
        let deals: Vec<Deal> = self.db.get_by("by_customer", id).await?;
        let contracts: Vec<Contract> = self.db.get_by("by_customer", id).await?;
        let stages = self.stages().await?;
        let settings = self.settings().await?;
        let bought = purchases(&deals, &stages, &contracts);
        let customer = with_purchase_status(Arc::new(vec![customer]), &bought, settings.churn_window_days, today())[0].clone();
        let mut grades = grade_customers(std::slice::from_ref(&customer), &bought, &deals, &stages, &settings.grade_thresholds, today());
        let mine: Vec<_> = bought.iter().filter(|p| p.customer_id == id).collect();
        let clv = customer_clv(&mine, settings.clv_years);
        let mut follow_ups: Vec<FollowUp> = self.db.get_by("by_customer", id).await?;
        follow_ups.sort_by_shared(|a, b| b.date.cmp(&a.date));
        let mut cases: Vec<ServiceCase> = self.db.get_by("by_customer", id).await?;
        cases.sort_by_shared(|a, b| b.date.cmp(&a.date));
        let stage_name = |d: &Deal| stages.iter().find(|s| s.id == d.stage_id).map(|s| s.name.clone()).unwrap_or_default();
        Ok(Some(CustomerDetail {
            grade: grades.remove(id),
            clv,
            follow_ups,
            cases,
            deals: deals.iter().map(|d| (d.clone(), stage_name(d))).collect(),
            contracts,
            customer,
        }))
    }

    /// A deal's follow-ups, newest first.
    pub async fn deal_follow_ups(&self, deal_id: &str) -> Result<Vec<FollowUp>> {
        let mut list: Vec<FollowUp> = self.db.get_by("by_deal", deal_id).await?;
        list.sort_by_shared(|a, b| b.date.cmp(&a.date).then(b.created_at.cmp(&a.created_at)));
        Ok(list)
    }

    /// A deal's business-card photos, oldest first.
    pub async fn deal_photos(&self, deal_id: &str) -> Result<Vec<crate::domain::photos::CardPhoto>> {
        let mut photos: Vec<crate::domain::photos::CardPhoto> = self.db.get_by("by_deal", deal_id).await?;
        photos.sort_by(|a, b| a.created_at.cmp(&b.created_at));
        Ok(photos)
    }

    /// Every event, the latest first.
    pub async fn events(&self) -> Result<Vec<Event>> {
        let mut events: Vec<Event> = self.all().await?;
        events.sort_by(|a, b| b.starts_on.cmp(&a.starts_on).then_with(|| b.created_at.cmp(&a.created_at)));
        Ok(events)
    }

    /// What the events page shows: the events, and the deals, stages and products their
    /// reports are made of.
    pub async fn events_page(&self) -> Result<EventsPage> {
        Ok(EventsPage { events: self.events().await?, deals: self.shared_deals().await?, stages: self.stages().await?, products: self.products().await? })
    }

    pub async fn templates(&self) -> Result<Vec<ContractTemplate>> {
        self.all().await
    }

    pub async fn contracts(&self) -> Result<Vec<Contract>> {
        self.all().await
    }

    /// The contracts made from a deal.
    pub async fn deal_contracts(&self, deal_id: &str) -> Result<Vec<Contract>> {
        Ok(self.db.get_by("by_deal", deal_id).await?)
    }

    /// The pipeline and what its cards show; an empty book gets the default pipeline in
    /// `lang` (stored once). The customers' names, codes and grades are kept in the database
    /// like the customer list (a reload does not read and grade the book for them).
    pub async fn pipeline_book(&self, lang: Locale) -> Result<PipelineBook> {
        let customers = self.board_customers().await?;
        let stages = self.stages_or_default(lang).await?;
        Ok(PipelineBook {
            stage_map: Arc::new(stages.iter().map(|s| (s.id.clone(), s.clone())).collect()),
            stages: Arc::new(stages),
            customers,
            products: Arc::new(self.products().await?),
            settings: Arc::new(self.settings().await?),
            events: Arc::new(self.all::<Event>().await?.into_iter().map(|e| (e.id, e.name)).collect()),
            deals: self.shared_deals().await?,
        })
    }

    /// The board cards' customers (name, code, grade) by id.
    async fn board_customers(&self) -> Result<Arc<std::collections::HashMap<String, CustomerInfo>>> {
        self.kept(|c| &c.cards, "cards", &GRADED_FROM, || async {
            let graded = self.graded().await?;
            Ok(graded
                .customers
                .iter()
                .map(|c| (c.id.clone(), CustomerInfo { name: c.name.clone(), code: c.code.clone(), grade: graded.grades.get(&c.id).map(|g| g.grade) }))
                .collect())
        })
        .await
    }

    /// After an import or a replace (the demo, an undo of either) wrote the book `data`, at
    /// `stamps` (of every store, [`StoreKind::ALL`]): the records the pages derive from are
    /// held in memory as the database now gives them (only while this runs), and what the
    /// pages keep in the database — the dashboard's figures, the customer list, the board's
    /// customers, the purchases and the won-lines index — is derived from them now. The first
    /// visit of each page after an import then reads what was kept, as after a reload,
    /// instead of reading and deriving the whole book. Each is kept only while no other write
    /// came in between (the stamps say); one that is not is derived by its page as before.
    pub(super) async fn prepare_pages(&self, mut data: Dataset, stamps: Stamps) {
        let at = |kind: StoreKind| (stamps.of(&[kind]), today());
        fn as_stored<T: Record>(mut records: Vec<T>) -> Arc<Vec<T>> {
            crate::domain::sorting::in_key_order(&mut records, |r| r.id());
            Arc::new(records)
        }
        *self.cache.customers.borrow_mut() = Some((at(StoreKind::Customers), as_stored(std::mem::take(&mut data.customers))));
        *self.cache.follow_ups.borrow_mut() = Some((at(StoreKind::FollowUps), as_stored(std::mem::take(&mut data.follow_ups))));
        *self.cache.deals.borrow_mut() = Some((at(StoreKind::Deals), as_stored(std::mem::take(&mut data.deals))));
        *self.cache.contracts.borrow_mut() = Some((at(StoreKind::Contracts), as_stored(std::mem::take(&mut data.contracts))));
        drop(data);
        // Errors are left to the pages: each derives what was not kept, and says why it cannot.
        let _ = self.overview().await;
        let _ = self.customer_list().await;
        let _ = self.board_customers().await;
        let _ = self.sales_index().await;
        // The records (and the graded book, a second copy of the customers when statuses
        // follow purchases) are let go: the tab holds what it would after a reload, not the
        // whole book, and a page that needs records reads them as then.
        *self.cache.customers.borrow_mut() = None;
        *self.cache.follow_ups.borrow_mut() = None;
        *self.cache.deals.borrow_mut() = None;
        *self.cache.contracts.borrow_mut() = None;
        *self.cache.graded.borrow_mut() = None;
    }

    /// The stages editor: the stored stages, or the default pipeline (not stored until saved),
    /// with the deals in them.
    pub async fn stages_editor(&self, lang: Locale) -> Result<(Vec<Stage>, Vec<Deal>)> {
        let mut stages = self.stages().await?;
        if stages.is_empty() {
            stages = default_stages(lang, chrono::Utc::now());
        }
        Ok((stages, self.deals().await?))
    }

    /// The lost-reasons editor: settings whose list shows the defaults while none are stored
    /// (saving stores them), and the deals that carry reasons.
    pub async fn lost_reasons_editor(&self, lang: Locale) -> Result<(Settings, Vec<Deal>)> {
        let mut settings = self.settings().await?;
        if settings.lost_reasons.is_empty() {
            settings.lost_reasons = default_reasons(lang);
        }
        Ok((settings, self.deals().await?))
    }

    /// When the book kept before the last replace or erase was taken, and what it holds.
    pub async fn snapshot_summary(&self) -> Result<Option<(chrono::DateTime<chrono::Utc>, Counts)>> {
        Ok(self.db.snapshot().await?.map(|s| (s.taken_at, s.data.counts())))
    }

    /// The dashboard: the record counts of the stores its figures are made of (the others
    /// read 0) and the figures of [`Overview`].
    pub async fn overview(&self) -> Result<(Counts, Overview)> {
        // Kept, here and in the database, until one of the stores it is made of is written (or
        // the day changes): the dashboard opened again, or after a reload, reads nothing more.
        let kept = self
            .kept(|c| &c.overview, "overview", &OVERVIEW_FROM, || async {
                let all = self.counts().await?;
                let graded = self.graded().await?;
                let follow_ups = self.follow_ups().await?;
                let targets: Vec<SalesTarget> = self.all().await?;
                let products = self.products().await?;
                let points = self.stock_points().await?;
                let g = &graded;
                let figures = overview(&g.stages, &g.deals, &g.purchases, &follow_ups, &g.contracts, &g.customers, &targets, &products, &points, today());
                Ok((OVERVIEW_FROM.iter().map(|k| all.get(*k)).collect::<Vec<usize>>(), figures))
            })
            .await?;
        let (counted, figures) = &*kept;
        let mut counts = Counts::default();
        for (kind, n) in OVERVIEW_FROM.iter().zip(counted) {
            counts.set(*kind, *n);
        }
        Ok((counts, figures.clone()))
    }

    /// Every stock point (each product's stock day by day).
    pub async fn stock_points(&self) -> Result<Vec<crate::domain::products::stock::StockPoint>> {
        self.all().await
    }

    /// One product's stock points, newest first.
    pub async fn product_stock_points(&self, product_id: &str) -> Result<Vec<crate::domain::products::stock::StockPoint>> {
        let mut points: Vec<crate::domain::products::stock::StockPoint> = self.db.get_by("by_product", product_id).await?;
        points.sort_by_shared(|a, b| (b.date, b.updated_at).cmp(&(a.date, a.updated_at)));
        Ok(points)
    }

    /// Every stored sales target.
    pub async fn sales_targets(&self) -> Result<Vec<SalesTarget>> {
        self.all().await
    }

    /// The targets screen for `year`: the stored plan, revenue and new customers per month
    /// of that year and the year before, and where this month, quarter and year stand.
    pub async fn targets_page(&self, year: i32) -> Result<TargetsPage> {
        let bought = self.purchases().await?;
        let (deals, stages) = (self.shared_deals().await?, self.stages().await?);
        let stored: Vec<SalesTarget> = self.all().await?;
        let mut years: BTreeSet<i32> = stored.iter().map(|t| t.period.span().from.year()).collect();
        let now = today().year();
        years.extend([now - 1, now, now + 1, year]);
        Ok(TargetsPage {
            year,
            plan: YearPlan::stored(&stored, year),
            actual: monthly_revenue(&bought, year),
            new_customers: monthly_new_customers(&bought, year),
            last_year: monthly_revenue(&bought, year - 1),
            last_year_new: monthly_new_customers(&bought, year - 1),
            progress: progress(&stored, &bought, &open_pipeline(&deals, &stages), today()),
            years: years.into_iter().collect(),
            stored,
        })
    }
}
