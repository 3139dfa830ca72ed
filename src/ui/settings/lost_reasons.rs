//! Settings → lost reasons 输单原因: the list offered when a deal is marked lost. Rename, reorder,
//! add and remove; a rename carries over to the deals closed with that reason.

use crate::domain::pipeline::lost_reasons::{check_reasons, reason_counts, ReasonRow};
use crate::domain::pipeline::Deal;
use crate::domain::settings::Settings;
use crate::ui::components::{loaded, Panel, live};
use crate::ui::actions;
use crate::ui::i18n::{problem_text, use_i18n, Key};
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;

#[derive(Clone)]
struct Loaded {
    settings: Settings,
    deals: Vec<Deal>,
}

#[component]
pub fn LostReasonsPanel() -> impl IntoView {
    let i18n = use_i18n();
    let data = live(move |s| {
        // An empty list shows the suggestions the Lost dialog offers; saving stores them.
        let lang = i18n.lang.get_untracked();
        async move { s.lost_reasons_editor(lang).await.map(|(settings, deals)| Loaded { settings, deals }) }
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
    let tried = RwSignal::new(false);
    let problems = Memo::new(move |_| rows.with(|rs| check_reasons(rs)));
    let row_count = Memo::new(move |_| rows.with(Vec::len));
    let new_input = NodeRef::<leptos::html::Input>::new();

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        let rows = rows.get_untracked();
        if !check_reasons(&rows).is_empty() {
            return;
        }
        let lang = i18n.lang.get_untracked();
        spawn_local(async move {
            // The service re-reads the deals and settings, so a change made meanwhile is kept.
            actions::saved(state, lang, async move |s| s.save_lost_reasons(&rows).await.map(|_| ())).await;
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
