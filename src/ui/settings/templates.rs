//! Settings → contract templates 合同模板: create, edit, duplicate and delete templates (name,
//! scenario, body with placeholders, reviewed 审核 with its date). A placeholder the app
//! cannot fill is shown while typing and keeps the template from being saved.

use crate::domain::contracts::template::{shown, unknown_placeholders, PLACEHOLDERS};
use crate::domain::contracts::ContractTemplate;
use crate::service::{new_id, today};
use crate::ui::actions;
use crate::ui::components::{live_unless, loaded, ConfirmDialog, FormDrawer, Panel};
use crate::ui::i18n::{problem_text, use_i18n, Key};
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;

/// Scenarios 场景 offered (any text may be typed).
const SCENARIOS: [&str; 5] = ["sales", "service", "framework", "nda", "other"];

#[component]
pub fn TemplatesPanel() -> impl IntoView {
    let i18n = use_i18n();
    let editing = RwSignal::new(None::<ContractTemplate>);
    // While the editor is open, other tabs' writes do not reset it.
    let data = live_unless(Signal::derive(move || editing.with(Option::is_some)), move |s| async move { s.templates().await });
    view! {
        <Panel title=Signal::derive(move || i18n.t(Key::Templates).to_string())>
            <p class="hint">{move || i18n.t(Key::TemplatesHint)}</p>
            {loaded(data, move |list: Vec<ContractTemplate>| view! { <TemplateList list=list editing=editing /> })}
            {move || editing.get().map(|t| view! { <TemplateEditor template=t on_close=Callback::new(move |_| editing.set(None)) /> })}
        </Panel>
    }
}

#[component]
fn TemplateList(list: Vec<ContractTemplate>, editing: RwSignal<Option<ContractTemplate>>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let confirm = RwSignal::new(false);
    let doomed = StoredValue::new(None::<ContractTemplate>);
    let fresh = move |name: String, scenario: String, body: String| {
        let now = chrono::Utc::now();
        ContractTemplate { id: new_id("tpl"), name, scenario, body, reviewed: false, reviewed_on: None, created_at: now, updated_at: now, rev: 0 }
    };
    let delete = move |_| {
        let Some(t) = doomed.get_value() else { return };
        let lang = i18n.lang.get_untracked();
        spawn_local(async move {
            actions::delete_template(state, lang, t).await;
        });
    };
    let empty = list.is_empty();
    let add_defaults = move |_| {
        let lang = i18n.lang.get_untracked();
        spawn_local(async move {
            actions::saved(state, lang, async move |s| s.add_default_templates(lang).await.map(drop)).await;
        });
    };
    view! {
        {empty.then(|| view! {
            <div class="empty-state" data-testid="no-templates">
                <p>{move || i18n.t(Key::NoTemplates)}</p>
                <button type="button" class="btn btn-primary" on:click=add_defaults>{move || i18n.t(Key::AddDefaultTemplates)}</button>
            </div>
        })}
        <ul class="template-list" data-testid="templates">
            {list.into_iter().map(|t| {
                let (edit, copy, gone) = (t.clone(), t.clone(), t.clone());
                view! {
                    <li class="template-row" data-testid="template">
                        <div>
                            <strong>{t.name.clone()}</strong>
                            <span class="hint">{format!(" · {}", t.scenario)}</span>
                            {if t.reviewed {
                                view! { <span class="tag">{format!("{} {}", i18n.t(Key::Reviewed), t.reviewed_on.map(|d| d.to_string()).unwrap_or_default())}</span> }.into_any()
                            } else {
                                view! { <span class="tag tag-warn">{i18n.t(Key::NotReviewed)}</span> }.into_any()
                            }}
                        </div>
                        <div class="actions">
                            <button type="button" class="btn btn-small" on:click=move |_| editing.set(Some(edit.clone()))>{i18n.t(Key::Edit)}</button>
                            <button type="button" class="btn btn-small" on:click=move |_| {
                                let copy_name = format!("{} {}", copy.name, i18n.t(Key::CopySuffix));
                                editing.set(Some(fresh(copy_name, copy.scenario.clone(), copy.body.clone())));
                            }>{i18n.t(Key::Duplicate)}</button>
                            <button type="button" class="btn btn-small btn-danger-outline" aria-label=format!("{} {}", i18n.t(Key::Delete), t.name) on:click=move |_| {
                                doomed.set_value(Some(gone.clone()));
                                confirm.set(true);
                            }>{i18n.t(Key::Delete)}</button>
                        </div>
                    </li>
                }
            }).collect_view()}
        </ul>
        <button type="button" class="btn" on:click=move |_| editing.set(Some(fresh(String::new(), "sales".into(), String::new())))>{move || i18n.t(Key::NewTemplate)}</button>
        <ConfirmDialog open=confirm danger=true
            title=Signal::derive(move || i18n.t(Key::DeleteTemplateTitle).to_string())
            body=Signal::derive(move || i18n.t(Key::DeleteTemplateBody).to_string())
            confirm_label=Signal::derive(move || i18n.t(Key::Delete).to_string())
            cancel_label=Signal::derive(move || i18n.t(Key::Cancel).to_string())
            on_confirm=Callback::new(delete) />
    }
}

#[component]
fn TemplateEditor(template: ContractTemplate, on_close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let is_new = template.rev == 0;
    let name = RwSignal::new(template.name.clone());
    let scenario = RwSignal::new(template.scenario.clone());
    let body = RwSignal::new(template.body.clone());
    let reviewed = RwSignal::new(template.reviewed);
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let unknown = Memo::new(move |_| body.with(|b| unknown_placeholders(b)));
    let name_missing = move || name.with(|n| n.trim().is_empty());
    let area = NodeRef::<leptos::html::Textarea>::new();
    // A placeholder chip goes in where the cursor is.
    let insert = move |p: &str| {
        let tag = format!("{{{{{p}}}}}");
        let at = area.get_untracked().and_then(|a| a.selection_start().ok().flatten()).map(|i| i as usize);
        body.update(|b| {
            // The textarea counts UTF-16 units; find the matching byte offset.
            let byte = at.and_then(|units| {
                let mut seen = 0;
                b.char_indices().map(|(i, c)| (i, c.len_utf16())).find_map(|(i, n)| {
                    if seen >= units { return Some(i) }
                    seen += n;
                    None
                })
            }).unwrap_or(b.len());
            b.insert_str(byte, &tag);
        });
        refocus(area);
    };
    let original = template.clone();
    let save = move || {
        tried.set(true);
        if name_missing() || !unknown.with_untracked(Vec::is_empty) || busy.get_untracked() {
            return;
        }
        busy.set(true);
        let mut t = original.clone();
        t.name = name.get_untracked().trim().to_string();
        t.scenario = scenario.get_untracked().trim().to_string();
        t.body = body.get_untracked();
        // Ticking "reviewed" dates it today; a template already reviewed keeps its date.
        t.reviewed_on = match (reviewed.get_untracked(), original.reviewed) {
            (false, _) => None,
            (true, true) => original.reviewed_on.or(Some(today())),
            (true, false) => Some(today()),
        };
        t.reviewed = reviewed.get_untracked();
        t.updated_at = chrono::Utc::now();
        let lang = i18n.lang.get_untracked();
        spawn_local(async move {
            if actions::save_edited(state, lang, t, async |s, t| s.save_template(&t).await.map(drop)).await {
                let _ = on_close.try_run(());
            } else {
                busy.set(false);
            }
        });
    };
    view! {
        <FormDrawer title_id="template-title" title=Signal::derive(move || i18n.t(if is_new { Key::NewTemplate } else { Key::EditTemplate }).to_string()) wide=true
            on_close=on_close on_save=Callback::new(move |_| save())
            show_fix=Signal::derive(move || tried.get() && (name_missing() || !unknown.with(Vec::is_empty))) busy=busy>
            <div class="form-grid">
                <div class="field" class:invalid=move || tried.get() && name_missing()>
                    <label for="tpl-name">{move || i18n.t(Key::TemplateName)}</label>
                    <input id="tpl-name" type="text" prop:value=move || name.get() on:input=move |ev| name.set(event_target_value(&ev)) />
                    {move || (tried.get() && name_missing()).then(|| view! { <span class="field-error" role="alert">{problem_text(i18n.get(), &crate::domain::validation::Problem::Required)}</span> })}
                </div>
                <div class="field">
                    <label for="tpl-scenario">{move || i18n.t(Key::Scenario)}</label>
                    <input id="tpl-scenario" type="text" list="tpl-scenarios" prop:value=move || scenario.get() on:input=move |ev| scenario.set(event_target_value(&ev)) />
                    <datalist id="tpl-scenarios">{SCENARIOS.map(|s| view! { <option value=s></option> })}</datalist>
                </div>
            </div>
            <label class="check">
                <input type="checkbox" prop:checked=move || reviewed.get() on:change=move |ev| reviewed.set(event_target_checked(&ev)) />
                {move || i18n.t(Key::ReviewedCheck)}
            </label>
            <div class="field" class:invalid=move || !unknown.with(Vec::is_empty)>
                <label for="tpl-body">{move || i18n.t(Key::ContractBody)}</label>
                <textarea id="tpl-body" rows="16" node_ref=area prop:value=move || body.get() on:input=move |ev| body.set(event_target_value(&ev))></textarea>
                {move || (!unknown.with(Vec::is_empty)).then(|| view! {
                    <span class="field-error" role="alert" data-testid="unknown-placeholders">
                        {format!("{} {}", i18n.t(Key::UnknownPlaceholdersField), unknown.get().iter().map(|p| shown(p)).collect::<Vec<_>>().join(" "))}
                    </span>
                })}
            </div>
            <p class="hint">{move || i18n.t(Key::PlaceholdersHint)}</p>
            <div class="chips">
                {PLACEHOLDERS.map(|p| view! { <button type="button" class="chip mono" on:click=move |_| insert(p)>{format!("{{{{{p}}}}}")}</button> })}
            </div>
        </FormDrawer>
    }
}

/// Back to the body after a chip was clicked.
fn refocus(area: NodeRef<leptos::html::Textarea>) {
    if let Some(a) = area.get_untracked() {
        let _ = a.focus();
    }
}
