//! Settings → pipeline stages 阶段: add, rename, reorder, recolour and remove stages, each with
//! a win probability and rot days; exactly one won and one lost stage. Removing a stage that
//! holds deals asks where they go.

use crate::domain::pipeline::{kind_changes_holding_deals, remove_stage, validate_stages, Deal, Stage, StageKind};
use crate::domain::color::Color;
use crate::domain::{enum_code, Locale};
use crate::service::new_id;
use crate::ui::actions;
use crate::ui::components::{live_unless, Panel};
use crate::ui::i18n::{problem_text, use_i18n, Key};
use crate::ui::state::{use_app, ToastKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;

#[derive(Clone)]
struct Loaded {
    stages: Vec<Stage>,
    deals: Vec<Deal>,
}

#[component]
pub fn StagesPanel() -> impl IntoView {
    let i18n = use_i18n();
    // While the form has unsaved edits, another tab's writes do not rebuild it.
    let dirty = RwSignal::new(false);
    let data = live_unless(dirty, move |s| {
        // An empty book shows the default pipeline; it is stored when saved (the pipeline
        // page stores it too when first opened).
        let lang = i18n.lang.get_untracked();
        async move { s.stages_editor(lang).await.map(|(stages, deals)| Loaded { stages, deals }) }
    });
    // Kept outside the form, which is rebuilt whenever the stored data changes.
    let removing = RwSignal::new(None::<(Stage, usize)>);
    let move_target = RwSignal::new(String::new());
    view! {
        <Panel title=Signal::derive(move || i18n.t(Key::SetStages).to_string())>
            <p class="hint">{move || i18n.t(Key::SetStagesHint)}</p>
            {crate::ui::components::loaded(data, move |l: Loaded| view! { <StagesForm loaded=l removing=removing move_target=move_target dirty=dirty /> })}
        </Panel>
    }
}

#[derive(Clone, Debug, PartialEq)]
struct Row {
    stage: Stage,
    probability: String,
    rot_days: String,
}

#[component]
fn StagesForm(loaded: Loaded, removing: RwSignal<Option<(Stage, usize)>>, move_target: RwSignal<String>, dirty: RwSignal<bool>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let rows = RwSignal::new(
        loaded.stages.iter().map(|s| Row { stage: s.clone(), probability: s.probability.to_string(), rot_days: s.rot_days.to_string() }).collect::<Vec<_>>(),
    );
    // Any edit makes the form dirty (the first run is the load itself).
    Effect::new(move |first: Option<()>| {
        rows.track();
        if first.is_some() {
            dirty.set(true);
        }
    });
    let busy = RwSignal::new(false);
    let deal_counts: HashMap<String, usize> = loaded.deals.iter().fold(HashMap::new(), |mut m, d| {
        *m.entry(d.stage_id.clone()).or_default() += 1;
        m
    });
    let deals = StoredValue::new(loaded.deals.clone());
    let stored_ids: Vec<String> = loaded.stages.iter().map(|s| s.id.clone()).collect();
    let stored = StoredValue::new(loaded.stages.clone());
    // Open both as stored and in the form: only such a stage takes a removed stage's deals.
    let open_still = move |s: &Stage| s.kind == StageKind::Open && stored.with_value(|st| st.iter().find(|x| x.id == s.id).is_none_or(|x| x.kind == StageKind::Open));
    let tried = RwSignal::new(false);


    // Problems by row index and field; a pipeline-wide one under "pipeline".
    let problems = Memo::new(move |_| {
        let mut out: HashMap<String, String> = HashMap::new();
        let lang = i18n.get();
        rows.with(|rs| {
            for (i, r) in rs.iter().enumerate() {
                if r.stage.name.trim().is_empty() {
                    out.insert(format!("{i}.name"), problem_text(lang, &crate::domain::validation::Problem::Required));
                }
                if r.probability.trim().parse::<u8>().ok().filter(|p| *p <= 100).is_none() {
                    out.insert(format!("{i}.probability"), problem_text(lang, &crate::domain::validation::Problem::OutOfRange { min: 0, max: 100 }));
                }
                if r.rot_days.trim().parse::<u32>().ok().filter(|d| *d <= 3650).is_none() {
                    out.insert(format!("{i}.rot_days"), problem_text(lang, &crate::domain::validation::Problem::OutOfRange { min: 0, max: 3650 }));
                }
            }
            let stages: Vec<Stage> = rs.iter().map(|r| r.stage.clone()).collect();
            let changed = stored.with_value(|st| deals.with_value(|ds| kind_changes_holding_deals(st, &stages, ds).into_iter().map(|s| s.id.clone()).collect::<Vec<_>>()));
            for (i, r) in rs.iter().enumerate() {
                if changed.contains(&r.stage.id) {
                    out.insert(format!("{i}.kind"), Key::KindHoldsDeals.text(lang).to_string());
                }
            }
            if let Some(p) = validate_stages(&stages) {
                out.insert("pipeline".into(), problem_text(lang, &p));
            }
        });
        out
    });

    let save = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if !problems.with(HashMap::is_empty) {
            return;
        }
        let now = chrono::Utc::now();
        let stages: Vec<Stage> = rows.get_untracked().into_iter().enumerate().map(|(i, r)| Stage {
            order: i as u32,
            probability: r.probability.trim().parse().unwrap_or(0),
            rot_days: r.rot_days.trim().parse().unwrap_or(0),
            name: r.stage.name.trim().to_string(),
            updated_at: now,
            ..r.stage
        }).collect();
        let lang = i18n.lang.get_untracked();
        if busy.get_untracked() {
            return;
        }
        busy.set(true);
        spawn_local(async move {
            // Saved, or refused because another tab changed the stages: either way the form
            // shows what is stored now (a refusal says so).
            actions::saved(state, lang, async move |s| s.save_stages(stages).await).await;
            dirty.set(false);
            busy.set(false);
        });
    };

    let add = move |_| {
        let now = chrono::Utc::now();
        rows.update(|rs| {
            // New open stages go before the closing ones.
            let at = rs.iter().position(|r| r.stage.kind != StageKind::Open).unwrap_or(rs.len());
            let stage = Stage {
                id: new_id("stage"),
                name: String::new(),
                order: at as u32,
                probability: 50,
                rot_days: 21,
                kind: StageKind::Open,
                color: Color::rgb(0x0d9488),
                created_at: now,
                updated_at: now, rev: 0,
            };
            rs.insert(at, Row { stage, probability: "50".into(), rot_days: "21".into() });
        });
    };

    let remove_now = move |stage: Stage, target: Option<String>| {
        let lang = i18n.lang.get_untracked();
        let is_stored = stored_ids.contains(&stage.id);
        if !is_stored {
            rows.update(|rs| rs.retain(|r| r.stage.id != stage.id));
            return;
        }
        let all: Vec<Stage> = rows.get_untracked().into_iter().map(|r| r.stage).collect();
        // Removing stores the form's other edits too: not a kind change that would win, lose or
        // reopen deals.
        if problems.with_untracked(|p| p.keys().any(|k| k.ends_with(".kind"))) {
            tried.set(true);
            state.toast(ToastKind::Error, Key::KindHoldsDeals.text(lang), None);
            return;
        }
        let target_stage = target.and_then(|t| all.iter().find(|s| s.id == t).cloned());
        let Some((kept, moved)) = deals.with_value(|ds| remove_stage(&all, ds, &stage.id, target_stage.as_ref(), chrono::Utc::now())) else {
            // A won or lost stage holding deals never gets here (its dialog refuses at once).
            state.toast(ToastKind::Error, problem_text(lang, &crate::domain::validation::Problem::NeedsOneWonAndOneLost), None);
            return;
        };
        spawn_local(async move {
            if actions::command(state, lang, async move |s| s.remove_stage(&stage.id, kept, moved).await).await.is_some() {
                state.toast(ToastKind::Success, Key::StageRemoved.text(lang), None);
            }
            dirty.set(false);
        });
    };
    let remove_now = StoredValue::new(remove_now);
    let counts = StoredValue::new(deal_counts);

    let row_count = Memo::new(move |_| rows.with(Vec::len));
    // A won or lost stage that holds deals stays: said at once, with nowhere to pick.
    let blocked = move || removing.with(|r| r.as_ref().is_some_and(|(s, n)| *n > 0 && !open_still(s)));
    view! {
        <form class="stages-form" novalidate on:submit=save data-testid="stages">
            <div class="stage-rows">
                {move || (0..row_count.get()).map(|i| {
                    let get = move |f: fn(&Row) -> String| rows.with(|rs| rs.get(i).map(f).unwrap_or_default());
                    let set = move |f: fn(&mut Row, String), v: String| rows.update(|rs| if let Some(r) = rs.get_mut(i) { f(r, v) });
                    let bad = move |field: &'static str| tried.get() && problems.with(|p| p.contains_key(&format!("{i}.{field}")));
                    let name_label = move || format!("{} {}", i18n.t(Key::StageName), i + 1);
                    let kind = rows.with_untracked(|rs| rs[i].stage.kind);
                    view! {
                        <div class="stage-row" data-testid="stage-row">
                            <input type="color" aria-label=move || i18n.t(Key::StageColor) prop:value=move || get(|r| r.stage.color.to_string())
                                on:input=move |ev| set(|r, v| r.stage.color = Color::parse(&v).unwrap_or(r.stage.color), event_target_value(&ev)) />
                            <input class="stage-name" class:invalid=move || bad("name") aria-label=name_label prop:value=move || get(|r| r.stage.name.clone())
                                on:input=move |ev| set(|r, v| r.stage.name = v, event_target_value(&ev)) />
                            <label class="stage-num" class:invalid=move || bad("probability")>
                                <input inputmode="numeric" aria-label=move || format!("{} {}", i18n.t(Key::StageProbability), i + 1) prop:value=move || get(|r| r.probability.clone())
                                    on:input=move |ev| set(|r, v| r.probability = v, event_target_value(&ev)) />"%"
                            </label>
                            <label class="stage-num" class:invalid=move || bad("rot_days")>
                                <input inputmode="numeric" aria-label=move || format!("{} {}", i18n.t(Key::StageRotDays), i + 1) prop:value=move || get(|r| r.rot_days.clone())
                                    on:input=move |ev| set(|r, v| r.rot_days = v, event_target_value(&ev)) />
                                {move || i18n.t(Key::DaysUnit)}
                            </label>
                            <select class:invalid=move || problems.with(|p| p.contains_key(&format!("{i}.kind"))) aria-label=move || format!("{} {}", i18n.t(Key::StageKindLabel), i + 1) on:change=move |ev| {
                                let v = event_target_value(&ev);
                                rows.update(|rs| if let Some(r) = rs.get_mut(i) {
                                    r.stage.kind = match v.as_str() { "won" => StageKind::Won, "lost" => StageKind::Lost, _ => StageKind::Open };
                                });
                            }>
                                {[(StageKind::Open, Key::StageOpen), (StageKind::Won, Key::StageWon), (StageKind::Lost, Key::StageLost)].map(|(k, key)| view! {
                                    <option value=enum_code(&k) selected=kind == k>{move || i18n.t(key)}</option>
                                })}
                            </select>
                            <button type="button" class="icon-button" aria-label=move || format!("{} {}", i18n.t(Key::MoveUp), i + 1) disabled=i == 0
                                on:click=move |_| rows.update(|rs| if i > 0 { rs.swap(i, i - 1) })>"↑"</button>
                            <button type="button" class="icon-button" aria-label=move || format!("{} {}", i18n.t(Key::MoveDown), i + 1) disabled=move || { i + 1 >= row_count.get() }
                                on:click=move |_| rows.update(|rs| if i + 1 < rs.len() { rs.swap(i, i + 1) })>"↓"</button>
                            <button type="button" class="icon-button danger" aria-label=move || format!("{} {}", i18n.t(Key::RemoveStage), i + 1) on:click=move |_| {
                                let stage = rows.with_untracked(|rs| rs[i].stage.clone());
                                let n = counts.with_value(|c| c.get(&stage.id).copied().unwrap_or(0));
                                move_target.set(String::new());
                                removing.set(Some((stage, n)));
                            }>"×"</button>
                            {move || problems.with(|p| p.get(&format!("{i}.kind")).cloned()).map(|t| view! { <p class="error stage-kind-error" role="alert">{t}</p> })}
                        </div>
                    }
                }).collect_view()}
            </div>
            {move || tried.get().then(|| problems.with(|p| p.get("pipeline").cloned())).flatten().map(|t| view! { <p class="error" role="alert">{t}</p> })}
            {move || (tried.get() && problems.with(|p| !p.is_empty() && !p.contains_key("pipeline"))).then(|| view! { <p class="error" role="alert">{i18n.t(Key::FixErrors)}</p> })}
            <div class="actions">
                <button type="button" class="btn" on:click=add>{move || i18n.t(Key::AddStage)}</button>
                <button type="submit" class="btn btn-primary" disabled=move || busy.get()>{move || i18n.t(Key::SaveStages)}</button>
            </div>
        </form>
        // What happens to the deals of the stage being removed (hidden until × is pressed).
        <form class="stage-remove" role="group" aria-labelledby="remove-stage-title" data-testid="stage-remove" novalidate
            style:display=move || if removing.with(Option::is_some) { "block" } else { "none" }
            on:keydown=move |ev| crate::ui::components::modal_keys(&ev, || { removing.set(None); })
            on:submit=move |ev| {
                ev.prevent_default();
                let Some((stage, n)) = removing.get_untracked() else { return };
                if n > 0 && (move_target.get_untracked().is_empty() || !open_still(&stage)) { return; }
                let target = (n > 0).then(|| move_target.get_untracked());
                removing.set(None);
                remove_now.with_value(|f| f(stage, target));
            }>
            <h3 id="remove-stage-title">{move || i18n.t(Key::RemoveStageTitle)}</h3>
            <p>{move || removing.get().map(|(stage, n)| match (i18n.get(), n) {
                _ if blocked() => i18n.t(Key::ClosedStageHoldsDeals).to_string(),
                (Locale::Zh, 0) => format!("“{}”中没有商机。", stage.name),
                (Locale::Zh, n) => format!("“{}”中有 {n} 个商机，请选择移到哪个阶段（会记入阶段记录）。", stage.name),
                (Locale::En, 0) => format!("“{}” holds no deals.", stage.name),
                (Locale::En, 1) => format!("“{}” holds 1 deal. Choose where it moves (recorded in its stage history).", stage.name),
                (Locale::En, n) => format!("“{}” holds {n} deals. Choose where they move (recorded in their stage history).", stage.name),
            })}</p>
            <select class="select" aria-label=move || i18n.t(Key::MoveDealsTo)
                style:display=move || if removing.with(|r| r.as_ref().is_some_and(|x| x.1 > 0)) && !blocked() { "inline-block" } else { "none" }
                prop:value=move || move_target.get()
                on:change=move |ev| move_target.set(event_target_value(&ev))>
                <option value="">{move || i18n.t(Key::MoveDealsTo)}</option>
                {move || {
                    // Only open stages: moving deals into won or lost would close them without
                    // their final amount or reason.
                    let skip = removing.with(|r| r.as_ref().map(|x| x.0.id.clone()));
                    rows.with(|rs| rs.iter().filter(|r| Some(&r.stage.id) != skip.as_ref() && open_still(&r.stage)).map(|r| view! { <option value=r.stage.id.clone()>{r.stage.name.clone()}</option> }).collect_view())
                }}
            </select>
            <div class="actions">
                <button type="button" class="btn" on:click=move |_| removing.set(None)>{move || i18n.t(Key::Cancel)}</button>
                <button type="submit" class="btn btn-danger" disabled=move || blocked() || (removing.with(|r| r.as_ref().is_some_and(|x| x.1 > 0)) && move_target.get().is_empty())>
                    {move || i18n.t(Key::RemoveStage)}
                </button>
            </div>
        </form>
    }
}
