//! What the screens change, each a named command: one transaction per command.

use super::{new_id, today, Result, Service, ServiceError};
use crate::domain::backup::{backup_file_name, export_json, restore, Restored};
use crate::domain::customers::FollowUp;
use crate::domain::dataset::{merge, MergeReport, Record};
use crate::domain::demo::{generate, DemoSize, DEMO_SEED};
use crate::domain::customers::duplicates::CustomerMerge;
use crate::domain::pipeline::lead::{plan_quick_lead, LeadPlan, QuickLead};
use crate::domain::pipeline::lost_reasons::{apply_reasons, with_reason, ReasonRow};
use crate::domain::pipeline::{default_stages, quotes_using, rank_for_new, Deal, Stage, StageKind};
use crate::domain::products::Product;
use crate::domain::settings::Settings;
use crate::domain::{Dataset, Locale, StoreKind};
use chrono::Utc;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImportMode {
    Merge,
    Replace,
}

impl Service {
    /// Writes one record (create or update).
    pub async fn save<T: Record>(&self, record: &T) -> Result<()> {
        Ok(self.db.put(record).await?)
    }

    /// Writes deals (a saved form, or the deals a board move changed). A lost reason not yet
    /// on the list (`offered` is what the user was offered) joins the stored list in the same
    /// transaction, on the settings as stored now.
    pub async fn save_deals(&self, deals: Vec<Deal>, offered: &[String]) -> Result<()> {
        let offered = offered.to_vec();
        self.db
            .apply_after_read::<Settings>(move |stored| {
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
            .await?;
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
            .apply_after_read::<Deal>(|deals| {
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
        Ok(self.db.put_all(&Dataset { follow_ups: vec![done, logged], ..Dataset::default() }).await?)
    }

    /// Trade-show capture: the deal lands on top of the first open stage, for a customer found
    /// by phone or name, or a new one. `None` when the name is blank.
    pub async fn capture_lead(&self, lead: &QuickLead, lang: Locale) -> Result<Option<LeadPlan>> {
        let stages = self.stages_or_default(lang).await?;
        let stage = stages.iter().find(|s| s.kind == StageKind::Open).ok_or(ServiceError::NoOpenStage)?;
        let customers = self.customers().await?;
        let settings = self.settings().await?;
        let rank = rank_for_new(&self.deals().await?, &stage.id);
        let Some(plan) = plan_quick_lead(lead, &customers, &settings.customer_code_prefix, &stage.id, rank, new_id, Utc::now()) else {
            return Ok(None);
        };
        let data = Dataset {
            customers: if plan.is_new { vec![plan.customer.clone()] } else { vec![] },
            deals: vec![plan.deal.clone()],
            ..Dataset::default()
        };
        self.db.put_all(&data).await?;
        Ok(Some(plan))
    }

    /// The pipeline's stages; a book without any gets the default pipeline in `lang`,
    /// written once.
    pub async fn stages_or_default(&self, lang: Locale) -> Result<Vec<Stage>> {
        let mut stages = self.stages().await?;
        if stages.is_empty() {
            stages = default_stages(lang, Utc::now());
            self.db.put_all(&Dataset { stages: stages.clone(), ..Dataset::default() }).await?;
        }
        Ok(stages)
    }

    pub async fn save_stages(&self, stages: Vec<Stage>) -> Result<()> {
        Ok(self.db.put_all(&Dataset { stages, ..Dataset::default() }).await?)
    }

    /// Removes a stage: `kept` are the remaining stages, `moved` the deals that left it.
    pub async fn remove_stage(&self, stage_id: &str, kept: Vec<Stage>, moved: Vec<Deal>) -> Result<()> {
        let data = Dataset { stages: kept, deals: moved, ..Dataset::default() };
        Ok(self.db.apply(&data, &[(StoreKind::Stages, stage_id.to_string())]).await?)
    }

    /// Saves the lost-reasons editor: the list on the settings as stored now, and renamed
    /// reasons carried over to the deals that carry them, in one transaction. `false` when a
    /// row is invalid (nothing written).
    pub async fn save_lost_reasons(&self, rows: &[ReasonRow]) -> Result<bool> {
        let now = Utc::now();
        let Some((list, changed)) = apply_reasons(rows, &self.deals().await?, now) else { return Ok(false) };
        self.db
            .apply_after_read::<Settings>(move |stored| {
                let mut settings = stored.into_iter().next().unwrap_or_default();
                settings.lost_reasons = list;
                settings.updated_at = Some(now);
                Some((Dataset { settings: vec![settings], deals: changed, ..Dataset::default() }, Vec::new()))
            })
            .await?;
        Ok(true)
    }

    /// Applies a customer merge planned by `merge_customers`.
    pub async fn merge_customers(&self, plan: &CustomerMerge) -> Result<()> {
        Ok(self.db.apply(&plan.writes, &plan.deletes).await?)
    }

    /// Writes the records a CSV import planned, in one transaction.
    pub async fn import_records(&self, data: &Dataset) -> Result<()> {
        Ok(self.db.put_all(data).await?)
    }

    /// Writes `data` back over what is stored (undo of a delete or merge).
    pub async fn put_back(&self, data: &Dataset) -> Result<()> {
        Ok(self.db.put_all(data).await?)
    }

    /// Replaces everything with `data`; returns what was there before (for undo).
    pub async fn replace_all(&self, data: &Dataset) -> Result<Dataset> {
        let previous = self.db.load_all().await?;
        self.db.replace_all(data).await?;
        Ok(previous)
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
                self.db.replace_all(&restored.data).await?;
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
