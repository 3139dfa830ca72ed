//! Moving deals on the board: plans the ranks, asks before closing, shows the move at once
//! and writes it in the background; a failed write puts the board back and says why.

use crate::domain::pipeline::{plan_move, Deal, Stage, StageKind};
use crate::domain::Locale;
use crate::service::{PipelineBook, ServiceError};
use crate::ui::actions;
use crate::ui::i18n::{service_error, I18n};
use crate::ui::state::{AppState, ToastKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;

/// A move to the won or lost stage waits for the final amount or the lost reason.
#[derive(Clone)]
pub struct PendingClose {
    pub puts: Vec<Deal>,
    pub stage: Stage,
}

/// Moving deals: plans the ranks, asks before closing, shows the move at once and writes it.
#[derive(Clone, Copy)]
pub struct Moves {
    pub deals: RwSignal<Vec<Deal>>,
    pub(super) book: StoredValue<Option<PipelineBook>>,
    pub closing: RwSignal<Option<PendingClose>>,
    /// What a screen reader hears after a move.
    pub announcement: RwSignal<String>,
    /// A card is being dragged: the board is not rebuilt under it (another tab's writes show
    /// once it is dropped).
    pub dragging: RwSignal<bool>,
    pub(super) state: AppState,
    pub(super) i18n: I18n,
}

impl Moves {
    /// Moves a deal (a drop or the Move to… menu). The board stays as it is until the move is
    /// written (or given up): see `dragging`.
    pub fn request(self, deal_id: &str, stage_id: &str, before: Option<&str>) {
        let planned = self.book.get_value().and_then(|book| {
            let stage = book.stage_map.get(stage_id).cloned()?;
            let puts = self.deals.with_untracked(|all| plan_move(all, deal_id, &stage, before, chrono::Utc::now()));
            (!puts.is_empty()).then_some((stage, puts))
        });
        let Some((stage, puts)) = planned else {
            self.dragging.set(false);
            return;
        };
        let was = self.deals.with_untracked(|all| all.iter().find(|d| d.id == deal_id).map(|d| d.stage_id.clone()));
        if stage.kind != StageKind::Open && was.as_deref() != Some(stage_id) {
            self.closing.set(Some(PendingClose { puts, stage }));
            return;
        }
        self.commit(puts, false);
    }

    /// Shows `puts` at once and writes them in one transaction; on failure the board goes
    /// back to how it was and the user is told.
    /// With `draft_contract`, the moved deal (just won) gets its draft contract once the move
    /// is written, and the contract opens.
    pub fn commit(self, puts: Vec<Deal>, draft_contract: bool) {
        let Some(first) = puts.first() else { return };
        let lang = self.i18n.lang.get_untracked();
        let stage_name = self.book.with_value(|b| b.as_ref().and_then(|b| b.stage_map.get(&first.stage_id).map(|s| s.name.clone()))).unwrap_or_default();
        let text = match lang {
            Locale::Zh => format!("“{}”已移到“{stage_name}”", first.title),
            Locale::En => format!("Moved “{}” to {stage_name}", first.title),
        };
        let previous = self.deals.get_untracked();
        let offered = self.book.with_value(|b| b.as_ref().map(|b| b.lost_reasons_offered(lang))).unwrap_or_default();
        self.deals.update(|all| {
            let index: HashMap<&str, usize> = puts.iter().enumerate().map(|(i, d)| (d.id.as_str(), i)).collect();
            for d in all.iter_mut() {
                if let Some(&i) = index.get(d.id.as_str()) {
                    *d = puts[i].clone();
                }
            }
        });
        let state = self.state;
        let deals = self.deals;
        let announcement = self.announcement;
        let dragging = self.dragging;
        spawn_local(async move {
            // The board already shows the move: no reload here (other tabs hear of it).
            let result = actions::read(state, async move |s| s.save_deals(puts, &offered).await).await;
            // Written or given up: the board may follow what is stored again.
            dragging.set(false);
            match result {
                Ok(saved) => {
                    // The board keeps the new revisions: the next move of these deals builds on them.
                    deals.update(|all| {
                        for d in all.iter_mut() {
                            if let Some(s) = saved.iter().find(|s| s.id == d.id) {
                                d.rev = s.rev;
                                d.stock_taken = s.stock_taken.clone();
                            }
                        }
                    });
                    announcement.set(text);
                    if let Some(won) = saved.into_iter().next().filter(|_| draft_contract) {
                        let new = crate::domain::contracts::create::NewContract::from_deal(&won);
                        if let Some(c) = actions::command(state, lang, async move |s| s.create_contract(&new, lang).await).await {
                            state.toast(ToastKind::Success, format!("{} {}", crate::ui::i18n::Key::ContractCreated.text(lang), c.number), None);
                            let _ = window().location().set_hash(&crate::ui::router::contract_href(&c.id));
                        }
                    }
                }
                Err(e) => {
                    deals.set(previous);
                    if matches!(e, ServiceError::Stale(_)) {
                        state.changed_elsewhere();
                    }
                    let prefix = match lang {
                        Locale::Zh => "移动未保存，已恢复原位：",
                        Locale::En => "The move was not saved and has been undone: ",
                    };
                    state.toast(ToastKind::Error, format!("{prefix}{}", service_error(lang, &e)), None);
                }
            }
        });
    }
}
