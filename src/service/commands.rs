//! What the screens change, each a named command: one transaction per command.

use super::{new_id, today, Result, Service, ServiceError};
use crate::domain::backup::{backup_file_name, export_json, restore, Restored};
use crate::domain::customers::FollowUp;
use crate::domain::dataset::{merge, references, validate_dataset, validate_records, MergeReport, Record, Reference};
use crate::domain::demo::{generate, DemoSize, DEMO_SEED};
use crate::domain::customers::duplicates::CustomerMerge;
use crate::domain::pipeline::lead::{plan_quick_lead, LeadPlan, QuickLead};
use crate::domain::pipeline::lost_reasons::{apply_reasons, with_reason, ReasonRow};
use crate::domain::pipeline::{default_stages, quotes_using, rank_for_new, Deal, Stage, StageKind};
use crate::domain::products::Product;
use crate::domain::settings::Settings;
use crate::domain::{Dataset, Locale, StoreKind};
use crate::storage::StorageError;
use chrono::Utc;
use std::collections::HashSet;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportMode {
    Merge,
    Replace,
}

/// What a write must find stored when it runs: the records it points at outside itself.
struct Required {
    references: Vec<Reference>,
}

impl Required {
    fn keys(&self) -> Vec<(StoreKind, String)> {
        self.references.iter().map(|r| (r.target_store, r.target.clone())).collect()
    }

    /// A storage error, with missing records named by the field that points at them.
    fn explain(&self, e: StorageError) -> ServiceError {
        match e {
            StorageError::Missing(at) => ServiceError::Invalid(at.iter().filter_map(|i| self.references.get(*i)).map(Reference::dangling).collect()),
            other => other.into(),
        }
    }
}

/// The checks every door shares with `restore`: each record valid on its own, and the records
/// it points at either written with it or (checked inside the writing transaction) stored.
fn check(puts: &Dataset) -> Result<Required> {
    let problems = validate_records(puts);
    if !problems.is_empty() {
        return Err(ServiceError::Invalid(problems));
    }
    let written: HashSet<(StoreKind, String)> = puts.keys().into_iter().collect();
    let mut seen = HashSet::new();
    let references = references(puts)
        .into_iter()
        .filter(|r| !written.contains(&(r.target_store, r.target.clone())))
        .filter(|r| seen.insert((r.target_store, r.target.clone())))
        .collect();
    Ok(Required { references })
}

impl Service {
    /// Writes `puts` and deletes `deletes` in one transaction, after [`check`].
    async fn write(&self, puts: &Dataset, deletes: &[(StoreKind, String)]) -> Result<()> {
        let required = check(puts)?;
        self.db.apply_checked(puts, deletes, &required.keys()).await.map_err(|e| required.explain(e))
    }

    /// Writes one record (create or update).
    pub async fn save<T: Record>(&self, record: &T) -> Result<()> {
        self.write(&Dataset::of(vec![record.clone()]), &[]).await
    }

    /// Writes deals (a saved form, or the deals a board move changed). A lost reason not yet
    /// on the list (`offered` is what the user was offered) joins the stored list in the same
    /// transaction, on the settings as stored now.
    pub async fn save_deals(&self, deals: Vec<Deal>, offered: &[String]) -> Result<()> {
        let offered = offered.to_vec();
        let required = check(&Dataset::of(deals.clone()))?;
        self.db
            .apply_after_read::<Settings>(&required.keys(), move |stored| {
                let mut settings = stored.into_iter().next().unwrap_or_default();
                let mut list = if settings.lost_reasons.is_empty() { offered } else { settings.lost_reasons.clone() };
                let mut grew = false;
                for reason in deals.iter().filter_map(|d| d.lost_reason.as_deref()) {
                    if let Some(longer) = with_reason(&list, reason) {
                        list = longer;
                        grew = true;
                    }
                }
                let mut data = Dataset { deals, ..Dataset::default() };
                if grew {
                    settings.lost_reasons = list;
                    settings.updated_at = Some(Utc::now());
                    data.settings.push(settings);
                }
                Some((data, Vec::new()))
            })
            .await
            .map_err(|e| required.explain(e))?;
        Ok(())
    }

    /// Deletes a deal; returns it for undo.
    pub async fn delete_deal(&self, deal: Deal) -> Result<Dataset> {
        self.db.delete::<Deal>(&deal.id).await?;
        Ok(Dataset { deals: vec![deal], ..Dataset::default() })
    }

    /// Deletes a customer with their follow-ups, service cases, deals and contracts in one
    /// transaction; returns them all for undo.
    pub async fn delete_customer(&self, customer_id: &str) -> Result<Dataset> {
        let mut removed = Dataset::default();
        self.db
            .apply_after_load(|book| {
                removed = book.customer_with_records(customer_id);
                Some((Dataset::default(), removed.keys()))
            })
            .await?;
        Ok(removed)
    }

    /// Deletes a product unless a deal's quote uses it; returns it for undo.
    pub async fn delete_product(&self, product: Product) -> Result<Dataset> {
        // Checked in the deleting transaction: a quote saved meanwhile in another tab counts.
        let mut used = 0;
        let deleted = self
            .db
            .apply_after_read::<Deal>(&[], |deals| {
                used = quotes_using(&deals, &product.id);
                (used == 0).then(|| (Dataset::default(), vec![(StoreKind::Products, product.id.clone())]))
            })
            .await?;
        if !deleted {
            return Err(ServiceError::ProductInUse { deals: used });
        }
        Ok(Dataset { products: vec![product], ..Dataset::default() })
    }

    /// Marks a planned follow-up done and logs it as today's follow-up, in one transaction.
    pub async fn complete_follow_up(&self, planned: FollowUp) -> Result<()> {
        let (done, logged) = planned.complete(new_id("fu"), today(), Utc::now());
        self.write(&Dataset { follow_ups: vec![done, logged], ..Dataset::default() }, &[]).await
    }

    /// Trade-show capture: the deal lands on top of the first open stage, for a customer found
    /// by phone or name, or a new one. `None` when the name is blank.
    pub async fn capture_lead(&self, lead: &QuickLead, lang: Locale) -> Result<Option<LeadPlan>> {
        let stages = self.stages_or_default(lang).await?;
        let stage = stages.iter().find(|s| s.kind == StageKind::Open).ok_or(ServiceError::NoOpenStage)?;
        // The graded book is cached while the pipeline is open: no re-read of every deal and customer per lead.
        let book = self.graded().await?;
        let rank = rank_for_new(&book.deals, &stage.id);
        let (customers, settings) = (&book.customers, &book.settings);
        let Some(plan) = plan_quick_lead(lead, customers, &settings.customer_code_prefix, &stage.id, rank, new_id, Utc::now()) else {
            return Ok(None);
        };
        let data = Dataset {
            customers: if plan.is_new { vec![plan.customer.clone()] } else { vec![] },
            deals: vec![plan.deal.clone()],
            ..Dataset::default()
        };
        self.write(&data, &[]).await?;
        Ok(Some(plan))
    }

    /// The pipeline's stages; a book without any gets the default pipeline in `lang`,
    /// written once.
    pub async fn stages_or_default(&self, lang: Locale) -> Result<Vec<Stage>> {
        let mut stages = self.stages().await?;
        if stages.is_empty() {
            stages = default_stages(lang, Utc::now());
            self.write(&Dataset { stages: stages.clone(), ..Dataset::default() }, &[]).await?;
        }
        Ok(stages)
    }

    pub async fn save_stages(&self, stages: Vec<Stage>) -> Result<()> {
        self.write(&Dataset { stages, ..Dataset::default() }, &[]).await
    }

    /// Removes a stage: `kept` are the remaining stages, `moved` the deals that left it.
    pub async fn remove_stage(&self, stage_id: &str, kept: Vec<Stage>, moved: Vec<Deal>) -> Result<()> {
        let data = Dataset { stages: kept, deals: moved, ..Dataset::default() };
        self.write(&data, &[(StoreKind::Stages, stage_id.to_string())]).await
    }

    /// Saves the lost-reasons editor: the list on the settings as stored now, and renamed
    /// reasons carried over to the deals that carry them, in one transaction. `false` when a
    /// row is invalid (nothing written).
    pub async fn save_lost_reasons(&self, rows: &[ReasonRow]) -> Result<bool> {
        let now = Utc::now();
        let Some((list, changed)) = apply_reasons(rows, &self.deals().await?, now) else { return Ok(false) };
        let required = check(&Dataset::of(changed.clone()))?;
        self.db
            .apply_after_read::<Settings>(&required.keys(), move |stored| {
                let mut settings = stored.into_iter().next().unwrap_or_default();
                settings.lost_reasons = list;
                settings.updated_at = Some(now);
                Some((Dataset { settings: vec![settings], deals: changed, ..Dataset::default() }, Vec::new()))
            })
            .await
            .map_err(|e| required.explain(e))?;
        Ok(true)
    }

    /// Applies a customer merge planned by `merge_customers`.
    pub async fn merge_customers(&self, plan: &CustomerMerge) -> Result<()> {
        self.write(&plan.writes, &plan.deletes).await
    }

    /// Writes the records a CSV import planned, in one transaction.
    pub async fn import_records(&self, data: &Dataset) -> Result<()> {
        self.write(data, &[]).await
    }

    /// Writes `data` back over what is stored (undo of a delete or merge).
    pub async fn put_back(&self, data: &Dataset) -> Result<()> {
        self.write(data, &[]).await
    }

    /// Replaces everything with `data`; returns what was there before (for undo).
    pub async fn replace_all(&self, data: &Dataset) -> Result<Dataset> {
        // What replaces the book must stand alone, exactly as a restored backup must.
        let problems = validate_dataset(data, None);
        if !problems.is_empty() {
            return Err(ServiceError::Invalid(problems));
        }
        Ok(self.db.replace_keeping_snapshot(data, Utc::now()).await?)
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

    /// Checks a backup file for `mode` without writing anything.
    pub async fn check_backup(&self, text: &str, mode: ImportMode) -> Result<Restored> {
        let existing = match mode {
            ImportMode::Replace => None,
            ImportMode::Merge => Some(self.db.load_all().await?),
        };
        restore(text, existing.as_ref()).map_err(ServiceError::Backup)
    }

    /// Validates again and writes in one transaction: a replace empties every store first; a
    /// merge keeps the newer of two versions of a record. `None` for a replace.
    pub async fn import_backup(&self, text: &str, mode: ImportMode) -> Result<Option<MergeReport>> {
        match mode {
            ImportMode::Replace => {
                let restored = restore(text, None).map_err(ServiceError::Backup)?;
                self.db.replace_keeping_snapshot(&restored.data, Utc::now()).await?;
                Ok(None)
            }
            ImportMode::Merge => {
                let existing = self.db.load_all().await?;
                let restored = restore(text, Some(&existing)).map_err(ServiceError::Backup)?;
                let (writes, report) = merge(&existing, restored.data);
                self.db.put_all(&writes).await?;
                Ok(Some(report))
            }
        }
    }
}
