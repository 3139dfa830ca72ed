//! What the screens change, each a named command: one transaction per command.

/// The kept value that remembers the last backup (`Service::note_backup`).
const LAST_BACKUP: &str = "last-backup";

use super::{new_id, new_revision, today, Result, Service, ServiceError, StaleRecord, Undo};
use crate::domain::codes::bump;
use crate::storage::{Expect, Read, Stamps};
use crate::domain::backup::BackupStatus;
use chrono::DateTime;
use crate::domain::backup::{backup_file_name, export_json, Reading, Restored};
use crate::domain::customers::{Completion, FollowUp};
use crate::domain::events::{plan_registration, Event, Registration, RegistrationPlan, Stand};
use crate::domain::photos::{CardPhoto, Picture};
use crate::domain::dataset::{merge, references, validate_dataset, validate_records, MergeReport, Record, RecordProblem, Reference};
use crate::domain::validation::{Checker, FieldProblem, Problem};
use crate::domain::demo::{generate, DemoSize, DEMO_SEED};
use crate::domain::contracts::create::{draft, next_number, NewContract};
use crate::domain::pipeline::quote::{issue, QuoteTerms};
use crate::domain::contracts::template::{default_template, default_templates, fill, unknown_placeholders, Sources};
use crate::domain::contracts::{Contract, ContractStatus, ContractTemplate};
use chrono::Datelike;
use crate::domain::customers::duplicates::{merge_customers as plan_merge, MergeField};
use crate::domain::pipeline::lead::{plan_quick_lead, LeadPlan, QuickLead};
use crate::domain::pipeline::lost_reasons::{apply_reasons, with_reason, ReasonRow};
use crate::domain::pipeline::{default_stages, discount_problems, quotes_using, rank_for_new, Deal, LineItem, Stage, StageKind};
use crate::domain::products::stock::{stock_moves, StockCause, StockPoint};
use crate::domain::products::Product;
use crate::domain::settings::{Settings, SETTINGS_ID};
use crate::domain::targets::{SalesTarget, YearPlan};
use crate::domain::{Dataset, Locale, StoreKind};
use std::sync::Arc;
use crate::storage::StorageError;
use chrono::{NaiveDate, NaiveTime, Utc};
use std::collections::{BTreeMap, HashSet};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportMode {
    Merge,
    Replace,
}

/// What a write must find stored when it runs: the records it points at outside itself, and
/// the records it writes at the revisions they were read.
struct Required {
    references: Vec<Reference>,
    keys: Vec<(StoreKind, String)>,
    revisions: Vec<(StoreKind, String, u32)>,
}

impl Required {
    /// Only revisions to find (a delete, an undo): nothing referenced.
    fn revisions(revisions: Vec<(StoreKind, String, u32)>) -> Required {
        Required { references: Vec::new(), keys: Vec::new(), revisions }
    }

    fn expect(&self) -> Expect<'_> {
        Expect { required: &self.keys, revisions: &self.revisions }
    }

    /// A storage error, with missing records named by the field that points at them, records
    /// changed since they were read, and codes taken named by the record that wanted them.
    fn explain(&self, e: StorageError, puts: &Dataset) -> ServiceError {
        match e {
            StorageError::Missing(at) => ServiceError::Invalid(at.iter().filter_map(|i| self.references.get(*i)).map(Reference::dangling).collect()),
            StorageError::Stale(at) => ServiceError::Stale(
                at.iter()
                    .filter_map(|(i, stored)| self.revisions.get(*i).map(|(store, id, _)| StaleRecord { store: *store, id: id.clone(), stored: *stored }))
                    .collect(),
            ),
            StorageError::CodeTaken(taken) => ServiceError::Invalid(code_problems(puts, &taken)),
            other => other.into(),
        }
    }
}

/// "Duplicate code" problems for the records of `puts` that wanted the `taken` codes.
fn code_problems(puts: &Dataset, taken: &[(StoreKind, String)]) -> Vec<RecordProblem> {
    let mut problems = Vec::new();
    let mut add = |store: StoreKind, field: &str, codes: Vec<(&str, &str)>| {
        for (index, (id, code)) in codes.into_iter().enumerate() {
            if taken.iter().any(|(k, c)| *k == store && c == code) {
                problems.push(RecordProblem { store, index, id: Some(id.to_string()), field: field.into(), problem: Problem::DuplicateCode });
            }
        }
    };
    add(StoreKind::Customers, "code", puts.customers.iter().map(|c| (c.id.as_str(), c.code.as_str())).collect());
    add(StoreKind::Products, "code", puts.products.iter().map(|p| (p.id.as_str(), p.code.as_str())).collect());
    add(StoreKind::Contracts, "number", puts.contracts.iter().map(|c| (c.id.as_str(), c.number.as_str())).collect());
    problems
}

fn is_numbered(p: &RecordProblem, numbered: &[(StoreKind, String)]) -> bool {
    p.id.as_ref().is_some_and(|id| numbered.iter().any(|(k, n)| *k == p.store && n == id))
}

/// Gives each record `problems` names (a code taken) the next code after its own that neither
/// `stored` (the store's codes as last read) nor `puts` holds. False when a code cannot count up.
fn renumber(puts: &mut Dataset, problems: &[RecordProblem], stored: &HashSet<String>) -> bool {
    fn next(code: &str, used: impl Fn(&str) -> bool) -> Option<String> {
        let mut c = bump(code)?;
        while used(&c) {
            c = bump(&c)?;
        }
        Some(c)
    }
    for p in problems {
        let bumped = match p.store {
            StoreKind::Customers => {
                let codes: HashSet<String> = puts.customers.iter().map(|c| c.code.clone()).collect();
                puts.customers.get_mut(p.index).and_then(|c| next(&c.code, |x| codes.contains(x) || stored.contains(x)).map(|n| c.code = n))
            }
            StoreKind::Products => {
                let codes: HashSet<String> = puts.products.iter().map(|c| c.code.clone()).collect();
                puts.products.get_mut(p.index).and_then(|c| next(&c.code, |x| codes.contains(x) || stored.contains(x)).map(|n| c.code = n))
            }
            _ => None,
        };
        if bumped.is_none() {
            return false;
        }
    }
    true
}

/// A stock point for today of every product written (a later change the same day replaces
/// that day's point), so average stock comes from what was on hand day by day.
fn record_stock(puts: &mut Dataset, cause: StockCause) {
    let (day, now) = (today(), Utc::now());
    let points: Vec<StockPoint> = puts.products.iter().map(|p| StockPoint::of(p, day, cause, now)).collect();
    puts.stock_points.extend(points);
}

/// The checks every door shares with `restore`: each record valid on its own, and the records
/// it points at either written with it or (checked inside the writing transaction) stored.
/// Gives every record of `puts` a new revision; the write expects the ones they had.
fn check(puts: &mut Dataset) -> Result<Required> {
    let problems = validate_records(puts);
    if !problems.is_empty() {
        return Err(ServiceError::Invalid(problems));
    }
    let written: HashSet<(StoreKind, String)> = puts.keys().into_iter().collect();
    let mut seen = HashSet::new();
    let references: Vec<Reference> = references(puts)
        .into_iter()
        .filter(|r| !written.contains(&(r.target_store, r.target.clone())))
        .filter(|r| seen.insert((r.target_store, r.target.clone())))
        .collect();
    let keys = references.iter().map(|r| (r.target_store, r.target.clone())).collect();
    let mut revisions = puts.new_revisions(new_revision);
    // A stock point is a day's reading: the last write of the day wins, whoever made it.
    revisions.retain(|(store, _, _)| *store != StoreKind::StockPoints);
    Ok(Required { references, keys, revisions })
}

impl Service {
    /// Writes `puts` and deletes `deletes` in one transaction, after [`check`]; returns what
    /// was written, with its new revisions.
    async fn write(&self, mut puts: Dataset, deletes: &[(StoreKind, String)]) -> Result<Dataset> {
        let required = check(&mut puts)?;
        self.db.apply_checked(&puts, deletes, &required.expect()).await.map_err(|e| required.explain(e, &puts))?;
        Ok(puts)
    }

    /// [`Service::write`], where the codes of the records `numbered` names were proposed by
    /// the app (not typed): when another tab took one meanwhile, the next free code is used
    /// instead (checked inside the writing transaction, as every code is).
    async fn write_numbered(&self, mut puts: Dataset, numbered: &[(StoreKind, String)]) -> Result<Dataset> {
        for _ in 0..100 {
            match self.write(puts.clone(), &[]).await {
                Err(ServiceError::Invalid(problems)) if !problems.is_empty() && problems.iter().all(|p| p.problem == Problem::DuplicateCode && is_numbered(p, numbered)) => {
                    // The codes stored now (another tab may have imported thousands): the next
                    // free one is found here, not by one write per code taken.
                    let mut stored: HashSet<String> = HashSet::new();
                    if problems.iter().any(|p| p.store == StoreKind::Customers) {
                        stored.extend(self.customer_list().await?.rows.iter().map(|r| r.code.clone()));
                    }
                    if problems.iter().any(|p| p.store == StoreKind::Products) {
                        stored.extend(self.products().await?.into_iter().map(|p| p.code));
                    }
                    if !renumber(&mut puts, &problems, &stored) {
                        return Err(ServiceError::Invalid(problems));
                    }
                }
                other => return other,
            }
        }
        Err(ServiceError::Storage(StorageError::Conflict("no free code".into())))
    }

    /// Stores a year's targets: its months, quarters and the year, all adding up, in one
    /// write that expects the revisions of `stored` (what the screen read).
    pub async fn save_year_plan(&self, plan: &YearPlan, stored: &[SalesTarget]) -> Result<()> {
        self.write(Dataset::of(plan.records(stored, Utc::now())), &[]).await.map(|_| ())
    }

    /// Writes one record (create or update); returns it as stored (with its new revision).
    pub async fn save<T: Record>(&self, record: &T) -> Result<T> {
        let mut puts = Dataset::of(vec![record.clone()]);
        record_stock(&mut puts, StockCause::Edit);
        let mut written = self.write(puts, &[]).await?;
        Ok(T::list_mut(&mut written).remove(0))
    }

    /// Writes a new customer or product whose code the app proposed: if another tab took that
    /// code meanwhile, the next free one is used. Returns it as stored.
    pub async fn create_numbered<T: Record>(&self, record: &T) -> Result<T> {
        let numbered = [(T::STORE, record.id().to_string())];
        let mut puts = Dataset::of(vec![record.clone()]);
        record_stock(&mut puts, StockCause::Edit);
        let mut written = self.write_numbered(puts, &numbered).await?;
        Ok(T::list_mut(&mut written).remove(0))
    }

    /// The stored version of one record, if there is one (what a save that was refused as
    /// stale compares with).
    pub async fn stored<T: Record>(&self, id: &str) -> Result<Option<T>> {
        Ok(self.db.get::<T>(id).await?)
    }

    /// Writes deals (a saved form, or the deals a board move changed). A lost reason not yet
    /// on the list (`offered` is what the user was offered) joins the stored list in the same
    /// transaction, on the settings as stored now. With "reduce stock when a deal is won" on,
    /// a deal entering Won takes its lines' units out of stock and one leaving it gives back
    /// what it held — read and written in the same transaction, with a stock point each.
    /// Returns the deals as stored.
    pub async fn save_deals(&self, deals: Vec<Deal>, offered: &[String]) -> Result<Vec<Deal>> {
        let mut puts = Dataset::of(deals);
        let required = check(&mut puts)?;
        let mut base = vec![Read::Key(StoreKind::Settings, SETTINGS_ID.to_string())];
        let mut stages = HashSet::new();
        for d in &puts.deals {
            base.push(Read::Key(StoreKind::Deals, d.id.clone()));
            if stages.insert(d.stage_id.clone()) {
                base.push(Read::Key(StoreKind::Stages, d.stage_id.clone()));
            }
        }
        // The products the deals may take (their lines) or give back (what they hold as the
        // caller read them); should the stored deals hold others, the write runs again
        // reading those too.
        let mut products: Vec<String> = Vec::new();
        for id in puts.deals.iter().flat_map(|d| d.line_items.iter().map(|l| &l.product_id).chain(d.stock_taken.iter().map(|t| &t.product_id))) {
            if !products.contains(id) {
                products.push(id.clone());
            }
        }
        for _ in 0..3 {
            let reads: Vec<Read> = base.iter().cloned().chain(products.iter().map(|id| Read::Key(StoreKind::Products, id.clone()))).collect();
            let mut written = puts.deals.clone();
            let mut unread: Vec<String> = Vec::new();
            let mut invalid = Vec::new();
            let done = self
                .db
                .apply_after_reads(&required.expect(), &puts, &reads, |found| {
                    let mut stock: BTreeMap<String, i64> = BTreeMap::new();
                    let mut settings = found.settings.into_iter().next().unwrap_or_default();
                    for deal in &mut written {
                        let held = found.deals.iter().find(|s| s.id == deal.id).map_or(&[][..], |s| &s.stock_taken[..]);
                        let won = found.stages.iter().any(|s| s.id == deal.stage_id && s.kind == StageKind::Won);
                        let (holds, moves) = stock_moves(deal, held, won, settings.reduce_stock_on_win);
                        deal.stock_taken = holds;
                        for (product, n) in moves {
                            *stock.entry(product).or_default() += n;
                        }
                    }
                    unread = stock.keys().filter(|id| !products.contains(id)).cloned().collect();
                    if !unread.is_empty() {
                        return None;
                    }
                    let (day, now) = (today(), Utc::now());
                    let mut data = Dataset::default();
                    // A product deleted meanwhile has no stock to change.
                    for mut product in found.products {
                        let Some(&n) = stock.get(&product.id) else { continue };
                        product.stock += n;
                        product.updated_at = now;
                        product.rev = new_revision();
                        data.stock_points.push(StockPoint::of(&product, day, StockCause::Sale, now));
                        data.products.push(product);
                    }
                    let mut list = if settings.lost_reasons.is_empty() { offered.to_vec() } else { settings.lost_reasons.clone() };
                    let mut grew = false;
                    for reason in written.iter().filter_map(|d| d.lost_reason.as_deref()) {
                        if let Some(longer) = with_reason(&list, reason) {
                            list = longer;
                            grew = true;
                        }
                    }
                    if grew {
                        settings.lost_reasons = list;
                        settings.updated_at = Some(now);
                        settings.rev = new_revision();
                        data.settings.push(settings);
                    }
                    data.deals = written.clone();
                    // A stock pushed out of range by the change is refused, not stored.
                    invalid = validate_records(&data);
                    invalid.is_empty().then_some((data, Vec::new()))
                })
                .await
                .map_err(|e| required.explain(e, &puts))?;
            if done {
                return Ok(written);
            }
            if !invalid.is_empty() {
                return Err(ServiceError::Invalid(invalid));
            }
            products.append(&mut unread);
        }
        Err(ServiceError::Storage(StorageError::Conflict("the deals' stock kept changing".into())))
    }

    /// Deletes a deal (with its business-card photos) unless it changed since it was read; its follow-ups and contracts stay,
    /// no longer linked to it (in the same transaction, so none points at a missing deal).
    /// Returns what was there, links included, for undo.
    pub async fn delete_deal(&self, deal: Deal) -> Result<Undo> {
        let revisions = [(StoreKind::Deals, deal.id.clone(), deal.rev)];
        let required = Required::revisions(revisions.to_vec());
        let related = [
            Read::Index(StoreKind::FollowUps, "by_deal", deal.id.clone()),
            Read::Index(StoreKind::Contracts, "by_deal", deal.id.clone()),
            Read::Index(StoreKind::CardPhotos, "by_deal", deal.id.clone()),
        ];
        let mut undo = Undo::default();
        self.db
            .apply_after_reads(&required.expect(), &Dataset::default(), &related, |linked| {
                let mut unlinked = Dataset {
                    follow_ups: linked.follow_ups.iter().cloned().map(|f| FollowUp { deal_id: None, ..f }).collect(),
                    contracts: linked.contracts.iter().cloned().map(|c| Contract { deal_id: None, updated_at: Utc::now(), ..c }).collect(),
                    ..Dataset::default()
                };
                unlinked.new_revisions(new_revision);
                // Undo: the deal still gone, its follow-ups and contracts as unlinked here.
                // Its business-card photos go with it (and come back with it).
                let mut deletes = vec![(StoreKind::Deals, deal.id.clone())];
                deletes.extend(linked.card_photos.iter().map(|p| (StoreKind::CardPhotos, p.id.clone())));
                let mut expect: Vec<(StoreKind, String, u32)> = deletes.iter().map(|(k, id)| (*k, id.clone(), 0)).collect();
                expect.extend(unlinked.revisions());
                undo = Undo { data: Dataset { deals: vec![deal.clone()], ..linked }, expect };
                Some((unlinked, deletes))
            })
            .await
            .map_err(|e| required.explain(e, &Dataset::default()))?;
        Ok(undo)
    }

    /// Deletes a customer with their follow-ups, service cases, deals and contracts in one
    /// transaction; returns them all for undo.
    pub async fn delete_customer(&self, customer_id: &str) -> Result<Undo> {
        let mut removed = Dataset::default();
        self.db
            .apply_after_load(|book| {
                removed = book.customer_with_records(customer_id);
                Some((Dataset::default(), removed.keys()))
            })
            .await?;
        Ok(Undo::of_deleted(removed))
    }

    /// Deletes a product unless a deal's quote uses it, with its stock points; returns them
    /// for undo.
    pub async fn delete_product(&self, product: Product) -> Result<Undo> {
        // Read and decided in the deleting transaction: a quote saved meanwhile in another tab
        // counts, and a product changed meanwhile is not deleted.
        let (mut used, mut stale, mut removed, mut shown_at) = (0, None, Dataset::default(), Vec::new());
        let deleted = self
            .db
            .apply_after_load(|book| {
                let Some(stored) = book.products.iter().find(|p| p.id == product.id) else {
                    stale = Some(false);
                    return None;
                };
                if stored.rev != product.rev {
                    stale = Some(true);
                    return None;
                }
                used = quotes_using(&book.deals, &product.id);
                if used > 0 {
                    return None;
                }
                // An event's stand would name a product no longer in the book.
                shown_at = book.events.iter().filter(|e| e.products.contains(&product.id)).map(|e| e.name.clone()).collect();
                if !shown_at.is_empty() {
                    return None;
                }
                removed = Dataset {
                    products: vec![stored.clone()],
                    stock_points: book.stock_points.iter().filter(|p| p.product_id == product.id).cloned().collect(),
                    ..Dataset::default()
                };
                Some((Dataset::default(), removed.keys()))
            })
            .await?;
        if let Some(stored) = stale {
            return Err(ServiceError::Stale(vec![StaleRecord { store: StoreKind::Products, id: product.id.clone(), stored }]));
        }
        if !deleted && used == 0 && !shown_at.is_empty() {
            return Err(ServiceError::ProductAtEvents { events: shown_at });
        }
        if !deleted {
            return Err(ServiceError::ProductInUse { deals: used });
        }
        Ok(Undo::of_deleted(removed))
    }

    /// Deletes a business-card photo unless it changed since it was read; returns it for undo.
    pub async fn delete_photo(&self, photo: CardPhoto) -> Result<Undo> {
        let required = Required::revisions(vec![(StoreKind::CardPhotos, photo.id.clone(), photo.rev)]);
        self.db
            .apply_checked(&Dataset::default(), &[(StoreKind::CardPhotos, photo.id.clone())], &required.expect())
            .await
            .map_err(|e| required.explain(e, &Dataset::default()))?;
        Ok(Undo::of_deleted(Dataset { card_photos: vec![photo], ..Dataset::default() }))
    }

    /// Deletes an event no deal was captured at (decided in the deleting transaction: a lead
    /// captured meanwhile in another tab counts), unless it changed since it was read.
    pub async fn delete_event(&self, event: Event) -> Result<Undo> {
        let required = Required::revisions(vec![(StoreKind::Events, event.id.clone(), event.rev)]);
        let mut used = 0;
        let deleted = self
            .db
            .apply_after_read::<Deal>(&required.expect(), &Dataset::default(), |deals| {
                used = deals.iter().filter(|d| d.event_id.as_deref() == Some(event.id.as_str())).count();
                (used == 0).then(|| (Dataset::default(), vec![(StoreKind::Events, event.id.clone())]))
            })
            .await
            .map_err(|e| required.explain(e, &Dataset::default()))?;
        if !deleted {
            return Err(ServiceError::EventInUse { deals: used });
        }
        Ok(Undo::of_deleted(Dataset { events: vec![event], ..Dataset::default() }))
    }

    /// A visitor's self-registration at the kiosk of `event_id`: the customer (found by phone
    /// or e-mail and updated, else new), a deal in the first stage and a follow-up the next
    /// working day, in one write. Planned again on the fresh book when another tab changed
    /// that customer or took the code meanwhile. `None` when the form is not valid.
    pub async fn register_visitor(&self, event_id: &str, reg: &Registration, lang: Locale) -> Result<Option<RegistrationPlan>> {
        let mut attempts = 0;
        loop {
            attempts += 1;
            let Some(event) = self.stored::<Event>(event_id).await? else {
                return Err(ServiceError::Stale(vec![StaleRecord { store: StoreKind::Events, id: event_id.to_string(), stored: false }]));
            };
            let stages = self.stages_or_default(lang).await?;
            let stage = stages.iter().find(|s| s.kind == StageKind::Open).ok_or(ServiceError::NoOpenStage)?;
            let (customers, products, settings, deals) = (self.customers().await?, self.products().await?, self.settings().await?, self.shared_deals().await?);
            let title = match lang {
                Locale::Zh => format!("展会登记：{}", event.name),
                Locale::En => format!("Registered at {}", event.name),
            };
            let stand = Stand { event: &event, customers: &customers, products: &products, code_prefix: &settings.customer_code_prefix, stage_id: &stage.id, rank: rank_for_new(&deals, &stage.id), title };
            let Some(plan) = plan_registration(reg, &stand, new_id, today(), Utc::now()) else {
                return Ok(None);
            };
            let data = Dataset { customers: vec![plan.customer.clone()], deals: vec![plan.deal.clone()], follow_ups: vec![plan.follow_up.clone()], ..Dataset::default() };
            let numbered: Vec<(StoreKind, String)> = if plan.is_new { vec![(StoreKind::Customers, plan.customer.id.clone())] } else { vec![] };
            match self.write_numbered(data, &numbered).await {
                Ok(written) => {
                    let mut plan = plan;
                    if let Some(c) = written.customers.into_iter().next() {
                        plan.customer = c;
                    }
                    return Ok(Some(plan));
                }
                Err(ServiceError::Stale(_)) if attempts < 3 => continue,
                Err(e) => return Err(e),
            }
        }
    }

    /// Marks a planned follow-up done and logs what happened as today's follow-up, with the
    /// next step planned (or none), in one transaction. Refused when another tab completed or
    /// moved it since it was read.
    pub async fn complete_follow_up(&self, planned: FollowUp, done: &Completion) -> Result<()> {
        let today = today();
        refuse(StoreKind::FollowUps, &planned.id, done.validate(today))?;
        let (marked, logged) = planned.complete(done, new_id("fu"), today, Utc::now());
        self.write(Dataset { follow_ups: vec![marked, logged], ..Dataset::default() }, &[]).await.map(drop)
    }

    /// Moves a planned follow-up to another day (not before today), with a time or none.
    pub async fn reschedule_follow_up(&self, planned: FollowUp, to: NaiveDate, time: Option<NaiveTime>) -> Result<()> {
        let mut c = Checker::new();
        c.date_order("next_date", Some(to), "today", Some(today()));
        refuse(StoreKind::FollowUps, &planned.id, c.finish())?;
        self.write(Dataset { follow_ups: vec![planned.reschedule(to, time, Utc::now())], ..Dataset::default() }, &[]).await.map(drop)
    }

    /// Trade-show capture: the deal lands on top of the first open stage, for a customer found
    /// by phone or name (the person joins its contacts when new to it), or a new one. `None`
    /// when the person is blank.
    /// `photo`, a business card's picture, is kept with the deal
    /// in the same write.
    pub async fn capture_lead(&self, lead: &QuickLead, lang: Locale, photo: Option<Picture>) -> Result<Option<LeadPlan>> {
        let stages = self.stages_or_default(lang).await?;
        let stage = stages.iter().find(|s| s.kind == StageKind::Open).ok_or(ServiceError::NoOpenStage)?;
        // The graded book is cached while the pipeline is open: no re-read of every deal and customer per lead.
        let book = self.graded().await?;
        let rank = rank_for_new(&book.deals, &stage.id);
        let (customers, settings) = (&book.customers, &book.settings);
        let untitled = match lang {
            Locale::Zh => "展会线索",
            Locale::En => "Trade-show lead",
        };
        let Some(plan) = plan_quick_lead(lead, customers, &settings.customer_code_prefix, &stage.id, rank, untitled, new_id, Utc::now()) else {
            return Ok(None);
        };
        let now = Utc::now();
        let data = Dataset {
            customers: if plan.is_new || plan.contact_added { vec![plan.customer.clone()] } else { vec![] },
            deals: vec![plan.deal.clone()],
            card_photos: photo.into_iter().map(|p| CardPhoto::of(new_id("photo"), plan.deal.id.clone(), p, now)).collect(),
            ..Dataset::default()
        };
        let numbered: Vec<(StoreKind, String)> = if plan.is_new { vec![(StoreKind::Customers, plan.customer.id.clone())] } else { vec![] };
        let written = self.write_numbered(data, &numbered).await?;
        let mut plan = plan;
        if let Some(c) = written.customers.into_iter().next() {
            plan.customer = c;
        }
        Ok(Some(plan))
    }

    /// A draft contract (for a won deal, or a customer): the next number by the book's rule
    /// (checked unique inside the writing transaction, with the last sequence kept in the
    /// settings so that a number is never given twice), the customer, amount and title, a
    /// proposed plan. Its body is the chosen template (else the book's sales template) filled
    /// in (an empty book gets the two default templates, written with it); a template with
    /// placeholders this app does not know is refused, naming them.
    pub async fn create_contract(&self, new: &NewContract, lang: Locale) -> Result<Contract> {
        let settings = self.settings().await?;
        let numbers: Vec<String> = self.all::<Contract>().await?.into_iter().map(|c| c.number).collect();
        let (today, now) = (today(), Utc::now());
        let stored_templates: Vec<ContractTemplate> = self.all().await?;
        let new_templates = if stored_templates.is_empty() { default_templates(lang, now) } else { Vec::new() };
        let templates = if stored_templates.is_empty() { &new_templates } else { &stored_templates };
        let chosen = new.template_id.as_ref().and_then(|id| templates.iter().find(|t| &t.id == id));
        let template = chosen.or_else(|| default_template(templates)).cloned();
        let customers = self.customers().await?;
        let customer = customers.iter().find(|c| c.id == new.customer_id).cloned();
        let products = self.products().await?;
        let kind = template.as_ref().map(|t| t.name.clone()).unwrap_or_else(|| match lang {
            Locale::Zh => "销售合同".into(),
            Locale::En => "Sales contract".into(),
        });
        let pattern = settings.contract_number_pattern.clone();
        let (mut number, mut seq) = next_number(&pattern, today.year(), numbers.iter().map(String::as_str), settings.contract_seq);
        for _ in 0..100 {
            let mut draft = draft(new, new_id("ctr"), number.clone(), kind.clone(), today, now);
            if let (Some(t), Some(c)) = (&template, &customer) {
                let sources = Sources { contract: &draft, customer: c, deal: new.deal.as_ref(), products: &products, lang, symbol: &settings.currency.symbol };
                draft.body = fill(&t.body, &sources).map_err(ServiceError::UnknownPlaceholders)?;
                draft.template_id = Some(t.id.clone());
            }
            let mut puts = Dataset { contracts: vec![draft], contract_templates: new_templates.clone(), ..Dataset::default() };
            let required = check(&mut puts)?;
            let (contract, written_templates) = (puts.contracts.clone(), puts.contract_templates.clone());
            let written = self
                .db
                .apply_after_read::<Settings>(&required.expect(), &puts, |stored| {
                    let mut settings = stored.into_iter().next().unwrap_or_default();
                    settings.contract_seq = settings.contract_seq.max(seq);
                    settings.updated_at = Some(now);
                    settings.rev = new_revision();
                    Some((Dataset { contracts: contract, contract_templates: written_templates, settings: vec![settings], ..Dataset::default() }, Vec::new()))
                })
                .await;
            match written {
                Ok(_) => return Ok(puts.contracts.remove(0)),
                // Taken meanwhile (another tab): the next one.
                Err(StorageError::CodeTaken(_)) => (number, seq) = next_number(&pattern, today.year(), std::iter::once(number.as_str()), seq),
                Err(e) => return Err(required.explain(e, &puts)),
            }
        }
        Err(ServiceError::Storage(StorageError::Conflict("no free contract number".into())))
    }

    /// Issues the quote of the stored deal `deal_id` for `lines` (as the form shows them): a
    /// first issue gets the next number by the book's rule (the last sequence kept in the
    /// settings, in the same transaction, so a number is never given twice); lines changed
    /// since the last issue make the next version. Only the deal's quote is written. Returns
    /// the deal as stored now and the revision it had before (a form that read that revision
    /// may carry on from the new one).
    pub async fn issue_quote(&self, deal_id: &str, lines: &[LineItem]) -> Result<(Deal, u32)> {
        let (today, now) = (today(), Utc::now());
        for _ in 0..5 {
            let settings = self.settings().await?;
            // A quote is printed by the rule it is saved by: a line above the maximum discount
            // needs its reason.
            refuse(StoreKind::Deals, deal_id, discount_problems(lines, settings.max_discount_pct))?;
            let Some(stored) = self.stored::<Deal>(deal_id).await? else {
                return Err(ServiceError::Stale(vec![StaleRecord { store: StoreKind::Deals, id: deal_id.to_string(), stored: false }]));
            };
            let was = stored.rev;
            // Every quote number in the book, read only when this deal gets its first one.
            let numbers: Vec<String> = match stored.quote {
                Some(_) => Vec::new(),
                None => self.deals().await?.into_iter().filter_map(|d| d.quote.map(|q| q.number)).collect(),
            };
            let terms = QuoteTerms { validity_days: settings.quote_validity_days, tax_rate_pct: settings.tax_rate_pct };
            let mut seq = None;
            let quote = issue(stored.quote.as_ref(), lines, today, terms, || {
                let (number, n) = next_number(&settings.quote_number_pattern, today.year(), numbers.iter().map(String::as_str), settings.quote_seq);
                seq = Some(n);
                number
            });
            if stored.quote.as_ref() == Some(&quote) {
                return Ok((stored, was));
            }
            let mut puts = Dataset { deals: vec![Deal { quote: Some(quote), updated_at: now, ..stored }], ..Dataset::default() };
            let required = check(&mut puts)?;
            let deal = puts.deals.clone();
            let written = self
                .db
                .apply_after_read::<Settings>(&required.expect(), &puts, |stored| {
                    let mut data = Dataset { deals: deal, ..Dataset::default() };
                    if let Some(n) = seq {
                        let mut settings = stored.into_iter().next().unwrap_or_default();
                        // Another tab gave this number meanwhile: issue again with the next.
                        if settings.quote_seq >= n {
                            return None;
                        }
                        settings.quote_seq = n;
                        settings.updated_at = Some(now);
                        settings.rev = new_revision();
                        data.settings.push(settings);
                    }
                    Some((data, Vec::new()))
                })
                .await
                .map_err(|e| required.explain(e, &puts))?;
            if written {
                return Ok((puts.deals.remove(0), was));
            }
        }
        Err(ServiceError::Storage(StorageError::Conflict("no free quote number".into())))
    }

    /// Deletes a draft contract unless it changed since it was read (a signed one is
    /// terminated instead, so its payments stay on record); its number is not given again.
    /// Returns it for undo.
    pub async fn delete_draft_contract(&self, contract: Contract) -> Result<Undo> {
        if contract.status != ContractStatus::Draft {
            return Err(ServiceError::Invalid(vec![RecordProblem {
                store: StoreKind::Contracts,
                index: 0,
                id: Some(contract.id.clone()),
                field: "status".into(),
                problem: Problem::Malformed("only a draft can be deleted".into()),
            }]));
        }
        let revisions = [(StoreKind::Contracts, contract.id.clone(), contract.rev)];
        let required = Required::revisions(revisions.to_vec());
        self.db
            .apply_checked(&Dataset::default(), &[(StoreKind::Contracts, contract.id.clone())], &required.expect())
            .await
            .map_err(|e| required.explain(e, &Dataset::default()))?;
        Ok(Undo::of_deleted(Dataset { contracts: vec![contract], ..Dataset::default() }))
    }

    /// Adds the two default templates in `lang` (a sales and a service contract).
    pub async fn add_default_templates(&self, lang: Locale) -> Result<Vec<ContractTemplate>> {
        let mut templates = default_templates(lang, Utc::now());
        // Ids of their own: defaults added again (or in both languages) sit side by side.
        for t in &mut templates {
            t.id = new_id("tpl");
        }
        Ok(self.write(Dataset { contract_templates: templates, ..Dataset::default() }, &[]).await?.contract_templates)
    }

    /// Saves a template; one with placeholders this app cannot fill is refused, naming them
    /// (nothing is written).
    pub async fn save_template(&self, template: &ContractTemplate) -> Result<ContractTemplate> {
        let unknown = unknown_placeholders(&template.body);
        if !unknown.is_empty() {
            return Err(ServiceError::UnknownPlaceholders(unknown));
        }
        // The name is the contract type offered when a contract is made: one of each.
        let key = |n: &str| n.trim().to_lowercase();
        let others: Vec<ContractTemplate> = self.all().await?;
        if let Some(i) = others.iter().position(|t| t.id != template.id && key(&t.name) == key(&template.name)) {
            return Err(ServiceError::Invalid(vec![RecordProblem {
                store: StoreKind::ContractTemplates,
                index: i,
                id: Some(template.id.clone()),
                field: "name".into(),
                problem: Problem::DuplicateName,
            }]));
        }
        self.save(template).await
    }

    /// Deletes a template unless it changed since it was read. Contracts made from it keep
    /// their text and are no longer linked to it (in the same transaction, so none points at
    /// a missing template). Returns what was there for undo.
    pub async fn delete_template(&self, template: ContractTemplate) -> Result<Undo> {
        let revisions = [(StoreKind::ContractTemplates, template.id.clone(), template.rev)];
        let required = Required::revisions(revisions.to_vec());
        let mut undo = Undo::default();
        self.db
            .apply_after_read::<Contract>(&required.expect(), &Dataset::default(), |contracts| {
                let linked: Vec<Contract> = contracts.into_iter().filter(|c| c.template_id.as_deref() == Some(template.id.as_str())).collect();
                let mut unlinked = Dataset { contracts: linked.iter().cloned().map(|c| Contract { template_id: None, updated_at: Utc::now(), ..c }).collect(), ..Dataset::default() };
                unlinked.new_revisions(new_revision);
                let mut expect = vec![(StoreKind::ContractTemplates, template.id.clone(), 0)];
                expect.extend(unlinked.revisions());
                undo = Undo { data: Dataset { contract_templates: vec![template.clone()], contracts: linked, ..Dataset::default() }, expect };
                Some((unlinked, vec![(StoreKind::ContractTemplates, template.id.clone())]))
            })
            .await
            .map_err(|e| required.explain(e, &Dataset::default()))?;
        Ok(undo)
    }

    /// The pipeline's stages; a book without any gets the default pipeline in `lang`,
    /// written once.
    pub async fn stages_or_default(&self, lang: Locale) -> Result<Vec<Stage>> {
        let stages = self.stages().await?;
        if !stages.is_empty() {
            return Ok(stages);
        }
        match self.write(Dataset { stages: default_stages(lang, Utc::now()), ..Dataset::default() }, &[]).await {
            Ok(written) => Ok(written.stages),
            // Stored meanwhile: by the pipeline page and its import dialog at once, or another tab.
            Err(ServiceError::Stale(_)) => self.stages().await,
            Err(e) => Err(e),
        }
    }

    pub async fn save_stages(&self, stages: Vec<Stage>) -> Result<()> {
        self.write(Dataset { stages, ..Dataset::default() }, &[]).await.map(drop)
    }

    /// Removes a stage: `kept` are the remaining stages, `moved` the deals that left it.
    /// Refused as stale when another deal entered the stage since (it would point at nothing).
    pub async fn remove_stage(&self, stage_id: &str, kept: Vec<Stage>, moved: Vec<Deal>) -> Result<()> {
        let mut puts = Dataset { stages: kept, deals: moved, ..Dataset::default() };
        let required = check(&mut puts)?;
        let deletes = vec![(StoreKind::Stages, stage_id.to_string())];
        let moved: HashSet<String> = puts.deals.iter().map(|d| d.id.clone()).collect();
        let writes = puts.clone();
        let removed = self
            .db
            .apply_after_read::<Deal>(&required.expect(), &puts, |deals| {
                let left_behind = deals.iter().any(|d| d.stage_id == stage_id && !moved.contains(&d.id));
                let mut writes = writes;
                // What a moved deal holds out of stock stays as stored (the caller's copy may be older).
                for d in &mut writes.deals {
                    if let Some(stored) = deals.iter().find(|s| s.id == d.id) {
                        d.stock_taken = stored.stock_taken.clone();
                    }
                }
                (!left_behind).then_some((writes, deletes))
            })
            .await
            .map_err(|e| required.explain(e, &puts))?;
        if !removed {
            return Err(ServiceError::Stale(vec![StaleRecord { store: StoreKind::Stages, id: stage_id.to_string(), stored: true }]));
        }
        Ok(())
    }

    /// Saves the lost-reasons editor: the list on the settings as stored now, and renamed
    /// reasons carried over to the deals that carry them, in one transaction. `false` when a
    /// row is invalid (nothing written).
    pub async fn save_lost_reasons(&self, rows: &[ReasonRow]) -> Result<bool> {
        let now = Utc::now();
        let Some((list, changed)) = apply_reasons(rows, &self.deals().await?, now) else { return Ok(false) };
        let mut puts = Dataset::of(changed);
        let required = check(&mut puts)?;
        let changed = puts.deals.clone();
        self.db
            .apply_after_read::<Settings>(&required.expect(), &puts, move |stored| {
                let mut settings = stored.into_iter().next().unwrap_or_default();
                settings.lost_reasons = list;
                settings.updated_at = Some(now);
                settings.rev = new_revision();
                Some((Dataset { settings: vec![settings], deals: changed, ..Dataset::default() }, Vec::new()))
            })
            .await
            .map_err(|e| required.explain(e, &puts))?;
        Ok(true)
    }

    /// Merges customer `other_id` into `keep_id` (see [`merge_customers`]), planned inside the
    /// writing transaction on the book as stored then: a record another tab added to either
    /// customer moves too. Returns what to put back for undo; `None` when either is gone.
    pub async fn merge_customers(&self, keep_id: &str, other_id: &str, from_other: &[MergeField]) -> Result<Option<Undo>> {
        let mut undo = None;
        let mut invalid = Vec::new();
        self.db
            .apply_after_load(|book| {
                let mut plan = plan_merge(&book, keep_id, other_id, from_other, Utc::now())?;
                invalid = validate_records(&plan.writes);
                if !invalid.is_empty() {
                    return None;
                }
                plan.writes.new_revisions(new_revision);
                // Undo: what the merge wrote still as written, the merged-away customer still gone.
                let mut expect: Vec<(StoreKind, String, u32)> = plan.deletes.iter().map(|(k, id)| (*k, id.clone(), 0)).collect();
                expect.extend(plan.writes.revisions());
                undo = Some(Undo { data: plan.undo, expect });
                Some((plan.writes, plan.deletes))
            })
            .await?;
        if !invalid.is_empty() {
            return Err(ServiceError::Invalid(invalid));
        }
        Ok(undo)
    }

    /// Writes the records a CSV import planned, in one transaction: refused when a record it
    /// updates changed since the plan was made.
    pub async fn import_records(&self, data: &Dataset) -> Result<()> {
        let mut puts = data.clone();
        record_stock(&mut puts, StockCause::Import);
        self.write(puts, &[]).await.map(drop)
    }

    /// Puts back what a delete or merge changed, unless another tab saved over it since (then
    /// [`ServiceError::Stale`] and nothing is written).
    pub async fn put_back(&self, undo: &Undo) -> Result<()> {
        let mut puts = undo.data.clone();
        let required = check(&mut puts)?;
        let expect = Expect { required: &required.keys, revisions: &undo.expect };
        self.db.apply_checked(&puts, &[], &expect).await.map_err(|e| {
            let stale = Required::revisions(undo.expect.clone());
            match e {
                StorageError::Stale(_) => stale.explain(e, &puts),
                other => required.explain(other, &puts),
            }
        })
    }

    /// Replaces everything with `data`; returns what was there before (for undo).
    pub async fn replace_all(&self, data: &Dataset) -> Result<Dataset> {
        // What replaces the book must stand alone, exactly as a restored backup must.
        let problems = validate_dataset(data, None);
        if !problems.is_empty() {
            return Err(ServiceError::Invalid(problems));
        }
        let mut data = data.clone();
        // Every record a new version, as every other write makes it (kept values patched
        // from what changed go by revisions: a hand-edited backup must not look unchanged).
        data.new_revisions(new_revision);
        let (previous, after) = self.db.replace_keeping_snapshot(&data, Utc::now()).await?;
        if let Some(stamps) = after {
            self.prepare_pages(data, stamps).await;
        }
        Ok(previous)
    }

    /// Puts back the book kept before the last replace or erase; the current one is kept in
    /// its place. False when none is kept.
    pub async fn restore_snapshot(&self) -> Result<bool> {
        Ok(self.db.restore_snapshot(Utc::now()).await?)
    }

    /// Replaces everything with the demo dataset in `lang`; returns what was there before.
    pub async fn load_demo(&self, lang: Locale) -> Result<Dataset> {
        self.replace_all(&generate(DemoSize::STANDARD, lang, today(), DEMO_SEED)).await
    }

    /// The backup file of everything stored now: (file name, JSON).
    pub async fn export_backup(&self) -> Result<(String, String)> {
        let data = self.db.load_all().await?;
        let now = Utc::now();
        Ok((backup_file_name(now), export_json(&data, now)))
    }

    /// The write stamps of the whole book now: read before [`Service::export_backup`], given to
    /// [`Service::note_backup`] once the file is saved.
    pub async fn book_stamps(&self) -> Result<Option<Stamps>> {
        Ok(self.db.stamps(&StoreKind::ALL).await?)
    }

    /// Remembers a backup saved `at` of the book as it was at `read_at` — unless something was
    /// written since (then the backup may lack it, and the book counts as changed).
    pub async fn note_backup(&self, read_at: &Stamps, at: DateTime<Utc>) -> Result<()> {
        let at = at.to_rfc3339();
        if !self.db.keep(LAST_BACKUP, &read_at.key(), &StoreKind::ALL, read_at, at.as_bytes()).await? {
            // Written since it was read: still a backup, of a book that has changed since.
            if let Some(none) = self.db.stamps(&[]).await? {
                self.db.keep(LAST_BACKUP, "changed-since", &[], &none, at.as_bytes()).await?;
            }
        }
        Ok(())
    }

    /// When the last backup was saved from this browser, and whether the book changed since.
    pub async fn backup_status(&self) -> Result<BackupStatus> {
        let last = self.db.kept_entry(LAST_BACKUP).await?;
        let now = self.db.stamps(&StoreKind::ALL).await?;
        let at = last.as_ref().and_then(|(_, at)| DateTime::parse_from_rfc3339(std::str::from_utf8(at).ok()?).ok()).map(|t| t.with_timezone(&Utc));
        let changed_since = match (&last, &now) {
            (Some((key, _)), Some(now)) => *key != now.key(),
            _ => true,
        };
        Ok(BackupStatus { last: at, changed_since })
    }

    /// Checks a backup file for `mode` without writing anything.
    pub async fn check_backup(&self, text: Arc<String>, mode: ImportMode, progress: &dyn Fn(usize, usize)) -> Result<Restored> {
        let existing = match mode {
            ImportMode::Replace => None,
            ImportMode::Merge => Some(self.db.load_all().await?),
        };
        read_backup(text, existing.as_ref(), progress).await
    }

    /// Validates again and writes in one transaction: a replace empties every store first; a
    /// merge keeps the newer of two versions of a record. `None` for a replace.
    pub async fn import_backup(&self, text: Arc<String>, mode: ImportMode, progress: &dyn Fn(usize, usize)) -> Result<Option<MergeReport>> {
        match mode {
            ImportMode::Replace => {
                let mut restored = read_backup(text, None, progress).await?;
                restored.data.new_revisions(new_revision);
                // The book replaced is kept in the database (see `restore_snapshot`), not here.
                let (_replaced, after) = self.db.replace_keeping_snapshot(&restored.data, Utc::now()).await?;
                if let Some(stamps) = after {
                    self.prepare_pages(restored.data, stamps).await;
                }
                Ok(None)
            }
            ImportMode::Merge => {
                let (existing, read_at) = self.db.load_all_stamped().await?;
                let restored = read_backup(text, Some(&existing), progress).await?;
                let (mut writes, report) = merge(&existing, restored.data);
                // A merged record is a new version: forms open on the old one must not save over it.
                writes.new_revisions(new_revision);
                let (before, after) = self.db.put_all_stamped(&writes).await?;
                // The book is now what was read with the writes over it — known only when no
                // other write came between that reading and this write.
                if let (Some(read_at), Some(before), Some(after)) = (read_at, before, after) {
                    if read_at == before {
                        self.prepare_pages(existing.written_over(writes), after).await;
                    }
                }
                Ok(Some(report))
            }
        }
    }
}

/// Reads a backup file a slice of records at a time, giving the page back between slices
/// (about every 30 ms) and telling `progress` how many records are read of how many.
async fn read_backup(text: Arc<String>, existing: Option<&Dataset>, progress: &dyn Fn(usize, usize)) -> Result<Restored> {
    // The file was just read (in its own task); the scan that finds the records is another.
    gloo::timers::future::TimeoutFuture::new(0).await;
    let mut reading = Reading::begin(text).map_err(ServiceError::Backup)?;
    loop {
        let (done, total) = reading.progress();
        progress(done, total);
        gloo::timers::future::TimeoutFuture::new(0).await;
        let started = js_sys::Date::now();
        let mut finished = false;
        while !finished && js_sys::Date::now() - started < 30.0 {
            finished = reading.step(100);
        }
        if finished {
            break;
        }
    }
    // What is left, the records checked against each other, is one step.
    let (_, total) = reading.progress();
    progress(total, total);
    gloo::timers::future::TimeoutFuture::new(0).await;
    reading.finish(existing).map_err(ServiceError::Backup)
}

/// `problems` found on record `id` of `store` before writing it, as a refused write.
fn refuse(store: StoreKind, id: &str, problems: Vec<FieldProblem>) -> Result<()> {
    if problems.is_empty() {
        return Ok(());
    }
    Err(ServiceError::Invalid(problems.into_iter().map(|p| RecordProblem { store, index: 0, id: Some(id.to_string()), field: p.field, problem: p.problem }).collect()))
}
