//! Settings → lost reasons 输单原因: the list offered when a deal is marked lost. Rename, reorder,
//! add and remove; a rename carries over to the deals closed with that reason.

use crate::domain::lost_reasons::{apply_reasons, check_reasons, reason_counts, with_reason, ReasonRow};
use crate::domain::pipeline::Deal;
use crate::domain::settings::Settings;
use crate::domain::Dataset;
use crate::storage::StorageError;
use crate::ui::components::{loaded, Panel};
use crate::ui::actions;
use crate::ui::i18n::{problem_text, use_i18n, Key};
use crate::ui::pages::pipeline::default_lost_reasons;
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Adds a reason typed when closing a deal to the stored list (`offered` is what was offered:
/// the stored list, or the standard reasons while none are stored). A failure here is not worth
/// interrupting the close for; the deal keeps its reason either way.
pub fn remember_lost_reason(state: crate::ui::state::AppState, settings: &Settings, offered: &[String], reason: &str) {
    let Some(list) = with_reason(offered, reason) else { return };
    let mut settings = settings.clone();
    settings.lost_reasons = list;
    settings.updated_at = Some(chrono::Utc::now());
    spawn_local(async move {
        if let Some(db) = state.db() {
            if db.put(&settings).await.is_ok() {
                state.changed();
            }
        }
    });
}

#[derive(Clone)]
struct Loaded {
    settings: Settings,
    deals: Vec<Deal>,
}

#[component]
pub fn LostReasonsPanel() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let data = LocalResource::new(move || {
        state.revision.track();
        async move {
            let db = state.db().ok_or(StorageError::Closed)?;
            let mut settings = db.get_all::<Settings>().await?.into_iter().next().unwrap_or_default();
            // An empty list shows the suggestions the Lost dialog offers; saving stores them.
            if settings.lost_reasons.is_empty() {
                settings.lost_reasons = default_lost_reasons(i18n.lang.get_untracked());
            }
            Ok::<_, StorageError>(Loaded { settings, deals: db.get_all().await? })
        }
    });
    view! {
        <Panel title=Signal::derive(move || i18n.t(Key::SetLostReasons).to_string())>
            <p class="hint">{move || i18n.t(Key::SetLostReasonsHint)}</p>
            {loaded(data, move |l: Loaded| view! { <ReasonsForm loaded=l /> })}
        </Panel>
    }
}

#[component]
fn ReasonsForm(loaded: Loaded) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let rows = RwSignal::new(loaded.settings.lost_reasons.iter().map(|r| ReasonRow::stored(r)).collect::<Vec<_>>());
    let counts = StoredValue::new(
        loaded.settings.lost_reasons.iter().cloned().zip(reason_counts(&loaded.settings.lost_reasons, &loaded.deals)).collect::<Vec<_>>(),
    );
    let deals = StoredValue::new(loaded.deals);
    let settings = StoredValue::new(loaded.settings);
    let tried = RwSignal::new(false);
    let problems = Memo::new(move |_| rows.with(|rs| check_reasons(rs)));
    let row_count = Memo::new(move |_| rows.with(Vec::len));
    let new_input = NodeRef::<leptos::html::Input>::new();

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let now = chrono::Utc::now();
        let Some((list, changed)) = deals.with_value(|ds| rows.with_untracked(|rs| apply_reasons(rs, ds, now))) else { return };
        let mut s = settings.get_value();
        s.lost_reasons = list;
        s.updated_at = Some(now);
        let lang = i18n.lang.get_untracked();
        let data = Dataset { settings: vec![s], deals: changed, ..Dataset::default() };
        spawn_local(async move {
            actions::apply(state, lang, data, Vec::new(), Key::Saved).await;
        });
    };
    let add = move |_| {
        rows.update(|rs| rs.push(ReasonRow { original: None, name: String::new() }));
        // Focus the new row so typing can start at once.
        request_animation_frame(move || {
            if let Some(el) = new_input.get_untracked() {
                let _ = el.focus();
            }
        });
    };

    view! {
        <form class="reasons-form" novalidate on:submit=save data-testid="lost-reasons">
            <ul class="reason-rows">
                {move || (0..row_count.get()).map(|i| {
                    let label = move || format!("{} {}", i18n.t(Key::LostReason), i + 1);
                    let problem = move || tried.get().then(|| problems.with(|p| p.iter().find(|(r, _)| *r == i).map(|(_, p)| p.clone()))).flatten();
                    let original = rows.with_untracked(|rs| rs[i].original.clone());
                    let used = original.and_then(|o| counts.with_value(|c| c.iter().find(|(r, _)| *r == o).map(|(_, n)| *n))).unwrap_or(0);
                    let last = i + 1 == row_count.get_untracked();
                    let node = if last { new_input } else { NodeRef::new() };
                    view! {
                        <li class="reason-row" data-testid="reason-row" class:invalid=move || problem().is_some()>
                            <input type="text" aria-label=label node_ref=node prop:value=move || rows.with(|rs| rs.get(i).map(|r| r.name.clone()).unwrap_or_default())
                                on:input=move |ev| { let v = event_target_value(&ev); rows.update(|rs| if let Some(r) = rs.get_mut(i) { r.name = v }); } />
                            <span class="hint">{move || match (i18n.get(), used) {
                                (_, 0) => String::new(),
                                (crate::domain::Locale::Zh, n) => format!("{n} 个商机"),
                                (crate::domain::Locale::En, 1) => "1 deal".to_string(),
                                (crate::domain::Locale::En, n) => format!("{n} deals"),
                            }}</span>
                            <button type="button" class="icon-button" aria-label=move || format!("{} {}", i18n.t(Key::MoveUp), i + 1) disabled=i == 0
                                on:click=move |_| rows.update(|rs| if i > 0 { rs.swap(i, i - 1) })>"↑"</button>
                            <button type="button" class="icon-button" aria-label=move || format!("{} {}", i18n.t(Key::MoveDown), i + 1) disabled=move || { i + 1 >= row_count.get() }
                                on:click=move |_| rows.update(|rs| if i + 1 < rs.len() { rs.swap(i, i + 1) })>"↓"</button>
                            <button type="button" class="icon-button danger" aria-label=move || format!("{} {}", i18n.t(Key::RemoveReason), i + 1)
                                on:click=move |_| rows.update(|rs| { if i < rs.len() { rs.remove(i); } })>"×"</button>
                            {move || problem().map(|p| view! { <span class="field-error" role="alert">{problem_text(i18n.get(), &p)}</span> })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            {move || (row_count.get() == 0).then(|| view! { <p class="muted">{i18n.t(Key::NoLostReasons)}</p> })}
            <div class="actions">
                <button type="button" class="btn" on:click=add>{move || i18n.t(Key::AddReason)}</button>
                <button type="submit" class="btn btn-primary">{move || i18n.t(Key::SaveReasons)}</button>
            </div>
        </form>
    }
}
