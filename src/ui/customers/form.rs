//! Create or edit a customer: validation next to each field, a duplicate warning while typing,
//! delete behind a confirmation with undo.

use crate::domain::customers::{Contact, Customer, CustomerKind, CustomerStatus, LeadSource};
use crate::domain::customers::duplicates::{find_matches, MatchReason};
use crate::domain::money::Money;
use crate::domain::{enum_code, enum_from_code};
use crate::domain::validation::Problem;
use crate::ui::actions;
use crate::ui::components::{date_input, ConfirmDialog, FormDrawer};
use crate::ui::i18n::{problem_text, source_label, status_label, use_i18n, Key};
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;
use std::sync::Arc;

/// Every customer, for a form's duplicate checks: empty, then filled in the background (the
/// pages a form opens from are read without the full records).
pub fn others_read_now() -> RwSignal<Arc<Vec<Customer>>> {
    let state = use_app();
    let others = RwSignal::new(Arc::new(Vec::new()));
    spawn_local(async move {
        if let Ok(all) = actions::read(state, async |s| s.customers().await).await {
            others.try_set(all);
        }
    });
    others
}

#[component]
pub fn CustomerForm(
    initial: Customer,
    is_new: bool,
    /// Every customer, for the duplicate code and duplicate customer checks (they apply once
    /// read).
    #[prop(into)] others: Signal<Arc<Vec<Customer>>>,
    on_close: Callback<()>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let draft = RwSignal::new(initial.clone());
    let credit = RwSignal::new(initial.credit_limit.map(|m| m.to_string()).unwrap_or_default());
    let tags = RwSignal::new(initial.tags.join(", "));
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let confirm_delete = RwSignal::new(false);
    let proposed_code = StoredValue::new(initial.code.clone());

    // Contacts whose birthday field holds something the browser cannot read as a date.
    let bad_dates = RwSignal::new(Vec::<usize>::new());
    let errors = Memo::new(move |_| {
        let c = draft.get();
        let mut out: HashMap<String, Problem> = HashMap::new();
        for i in bad_dates.get() {
            out.insert(format!("contacts[{i}].birthday"), Problem::InvalidDate);
        }
        for fp in c.validate() {
            out.entry(fp.field).or_insert(fp.problem);
        }
        if !credit.get().trim().is_empty() && Money::parse(&credit.get()).is_err() {
            out.insert("credit_limit".into(), Problem::Malformed(credit.get()));
        }
        if others.with(|all| all.iter().any(|o| o.id != c.id && o.code.eq_ignore_ascii_case(c.code.trim()))) {
            out.insert("code".into(), Problem::DuplicateCode);
        }
        out
    });
    let duplicates = Memo::new(move |_| {
        let c = draft.get();
        others.with(|all| {
            find_matches(&c, all)
                .into_iter()
                .take(3)
                .filter_map(|m| all.iter().find(|o| o.id == m.customer_id).map(|o| (o.name.clone(), o.code.clone(), m.reasons)))
                .collect::<Vec<_>>()
        })
    });

    let error_for = move |field: &'static str| {
        move || {
            (tried.get()).then(|| errors.with(|e| e.get(field).cloned())).flatten().map(|p| {
                let text = if p == Problem::DuplicateCode { i18n.t(Key::CodeTaken).to_string() } else { problem_text(i18n.get(), &p) };
                view! { <span class="field-error" role="alert">{text}</span> }
            })
        }
    };

    let text_input = move |label: Key, field: &'static str, get: fn(&Customer) -> String, set: fn(&mut Customer, String), required: bool| {
        let id = format!("cf-{field}");
        view! {
            <div class="field" class:invalid=move || tried.get() && errors.with(|e| e.contains_key(field))>
                <label for=id.clone()>{move || i18n.t(label)}{required.then_some(" *")}</label>
                <input id=id type="text" prop:value=move || draft.with(get)
                    on:input=move |ev| { let v = event_target_value(&ev); draft.update(|c| set(c, v)); } />
                {error_for(field)}
            </div>
        }
    };

    let save = move || {
        tried.set(true);
        let mut c = draft.get_untracked();
        // The same separators as the CSV import, so an exported tag list reads back as it was.
        c.tags = tags.get_untracked().split([',', '，', ';', '；', '|']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect();
        c.credit_limit = Money::parse(&credit.get_untracked()).ok();
        c.name = c.name.trim().to_string();
        c.code = c.code.trim().to_string();
        draft.set(c.clone());
        if !errors.get_untracked().is_empty() {
            return;
        }
        c.updated_at = chrono::Utc::now();
        busy.set(true);
        let lang = i18n.lang.get_untracked();
        // A code the app proposed is allocated for real when the customer is written.
        let numbered = is_new && proposed_code.with_value(|p| *p == c.code);
        spawn_local(async move {
            let saved = if numbered { actions::create_numbered(state, lang, c).await } else { actions::save(state, lang, c).await };
            if saved {
                let _ = on_close.try_run(());
            }
            busy.set(false);
        });
    };

    let delete_id = initial.id.clone();
    let title = if is_new { Key::NewCustomer } else { Key::EditCustomer };
    view! {
        <FormDrawer title_id="customer-form-title" title=Signal::derive(move || i18n.t(title).to_string()) on_close=on_close on_save=Callback::new(move |_| save())
            show_fix=Signal::derive(move || tried.get() && !errors.with(HashMap::is_empty))
            on_delete=(!is_new).then(|| Callback::new(move |_| confirm_delete.set(true))) busy=busy>
            {move || {
                let d = duplicates.get();
                (!d.is_empty()).then(|| view! {
                    <div class="warning" role="status" data-testid="duplicate-warning">
                        <strong>{i18n.t(Key::PossibleDuplicate)}</strong>
                        <ul>{d.into_iter().map(|(name, code, reasons)| {
                            let why: Vec<&str> = reasons.iter().map(|r| i18n.t(match r {
                                MatchReason::Phone(_) => Key::SamePhone,
                                MatchReason::Email(_) => Key::SameEmail,
                                MatchReason::Name => Key::SimilarName,
                            })).collect();
                            view! { <li>{format!("{name} ({code}) — {}", why.join(", "))}</li> }
                        }).collect_view()}</ul>
                    </div>
                })
            }}
            <div class="form-grid">
                {text_input(Key::FName, "name", |c| c.name.clone(), |c, v| c.name = v, true)}
                {text_input(Key::FCode, "code", |c| c.code.clone(), |c, v| c.code = v, true)}
                <div class="field">
                    <label for="cf-kind">{move || i18n.t(Key::FKind)}</label>
                    <select id="cf-kind" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        draft.update(|c| c.kind = if v == "person" { CustomerKind::Person } else { CustomerKind::Company });
                    }>
                        <option value="company" selected=move || draft.with(|c| c.kind == CustomerKind::Company)>{move || i18n.t(Key::KindCompany)}</option>
                        <option value="person" selected=move || draft.with(|c| c.kind == CustomerKind::Person)>{move || i18n.t(Key::KindPerson)}</option>
                    </select>
                </div>
                <div class="field">
                    <label for="cf-status">{move || i18n.t(Key::FStatus)}</label>
                    <select id="cf-status" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if v == "auto" {
                            draft.update(|c| c.status_by_hand = false);
                        } else if let Some(s) = enum_from_code::<CustomerStatus>(&v) {
                            draft.update(|c| { c.status = s; c.status_by_hand = true; });
                        }
                    }>
                        <option value="auto" selected=move || draft.with(|c| !c.status_by_hand)>
                            {move || draft.with(|c| match i18n.get() {
                                crate::domain::Locale::Zh => format!("随购买自动（现为{}）", status_label(i18n.get(), c.status)),
                                crate::domain::Locale::En => format!("Follows purchases (now {})", status_label(i18n.get(), c.status)),
                            })}
                        </option>
                        {CustomerStatus::ALL.into_iter().map(|s| view! {
                            <option value=enum_code(&s) selected=move || draft.with(|c| c.status_by_hand && c.status == s)>{move || status_label(i18n.get(), s)}</option>
                        }).collect_view()}
                    </select>
                    <span class="hint">{move || i18n.t(Key::StatusHow)}</span>
                </div>
                <div class="field">
                    <label for="cf-source">{move || i18n.t(Key::FSource)}</label>
                    <select id="cf-source" on:change=move |ev| {
                        if let Some(s) = enum_from_code::<LeadSource>(&event_target_value(&ev)) { draft.update(|c| c.source = s); }
                    }>
                        {LeadSource::ALL.into_iter().map(|s| view! {
                            <option value=enum_code(&s) selected=move || draft.with(|c| c.source == s)>{move || source_label(i18n.get(), s)}</option>
                        }).collect_view()}
                    </select>
                </div>
                <div class="field" class:invalid=move || tried.get() && errors.with(|e| e.contains_key("credit_limit"))>
                    <label for="cf-credit">{move || crate::ui::components::in_currency(i18n.t(Key::FCreditLimit))}</label>
                    <input id="cf-credit" type="text" inputmode="decimal" prop:value=move || credit.get()
                        on:input=move |ev| credit.set(event_target_value(&ev)) />
                    {error_for("credit_limit")}
                </div>
                {text_input(Key::FIndustry, "industry", |c| c.industry.clone(), |c, v| c.industry = v, false)}
                {text_input(Key::FRegion, "region", |c| c.region.clone(), |c, v| c.region = v, false)}
                <div class="field wide">
                    <label for="cf-tags">{move || i18n.t(Key::FTags)}</label>
                    <input id="cf-tags" type="text" prop:value=move || tags.get() on:input=move |ev| tags.set(event_target_value(&ev)) />
                </div>
                <div class="field wide">
                    <label for="cf-notes">{move || i18n.t(Key::FNotes)}</label>
                    <textarea id="cf-notes" rows="3" prop:value=move || draft.with(|c| c.notes.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); draft.update(|c| c.notes = v); }></textarea>
                </div>
            </div>
            <h3 class="section-title">{move || i18n.t(Key::FContacts)}</h3>
            <ContactsEditor draft=draft tried=tried errors=errors bad_dates=bad_dates />
        </FormDrawer>
        <ConfirmDialog
            open=confirm_delete
            title=Signal::derive(move || i18n.t(Key::ConfirmDeleteCustomerTitle).to_string())
            body=Signal::derive(move || match i18n.get() {
                crate::domain::Locale::Zh => format!("“{}”及其跟进记录、售后记录、商机和合同都将被删除。删除后可立即撤销。", draft.with(|c| c.name.clone())),
                crate::domain::Locale::En => format!("“{}” and their follow-ups, service cases, deals and contracts will be deleted. You can undo right after.", draft.with(|c| c.name.clone())),
            })
            confirm_label=Signal::derive(move || i18n.t(Key::Delete).to_string())
            cancel_label=Signal::derive(move || i18n.t(Key::Cancel).to_string())
            danger=true
            on_confirm=Callback::new(move |_| {
                let id = delete_id.clone();
                let lang = i18n.lang.get_untracked();
                spawn_local(async move {
                    actions::delete_customer(state, lang, id).await;
                    let _ = on_close.try_run(());
                });
            })
        />
    }
}

#[component]
fn ContactsEditor(draft: RwSignal<Customer>, tried: RwSignal<bool>, errors: Memo<HashMap<String, Problem>>, bad_dates: RwSignal<Vec<usize>>) -> impl IntoView {
    let i18n = use_i18n();
    let count = Memo::new(move |_| draft.with(|c| c.contacts.len()));
    let field = move |i: usize, label: Key, name: &'static str, kind: &'static str, get: fn(&Contact) -> String, set: fn(&mut Contact, String)| {
        let key = format!("contacts[{i}].{name}");
        let key2 = key.clone();
        let id = format!("cf-contact-{i}-{name}");
        view! {
            <div class="field" class:invalid=move || tried.get() && errors.with(|e| e.contains_key(&key))>
                <label for=id.clone()>{move || i18n.t(label)}</label>
                <input id=id type=kind prop:value=move || draft.with(|c| c.contacts.get(i).map(get).unwrap_or_default())
                    on:input=move |ev| { let v = event_target_value(&ev); draft.update(|c| if let Some(k) = c.contacts.get_mut(i) { set(k, v) }); } />
                {move || tried.get().then(|| errors.with(|e| e.get(&key2).cloned())).flatten().map(|p| view! {
                    <span class="field-error" role="alert">{problem_text(i18n.get(), &p)}</span>
                })}
            </div>
        }
    };
    view! {
        {move || (0..count.get()).map(|i| view! {
            <fieldset class="contact-card">
                <legend>{format!("#{}", i + 1)}</legend>
                <div class="form-grid">
                    {field(i, Key::FContactName, "name", "text", |k| k.name.clone(), |k, v| k.name = v)}
                    {field(i, Key::FTitle, "title", "text", |k| k.title.clone(), |k, v| k.title = v)}
                    {field(i, Key::FPhone, "phone", "tel", |k| k.phone.clone(), |k, v| k.phone = v)}
                    {field(i, Key::FEmail, "email", "email", |k| k.email.clone(), |k, v| k.email = v)}
                    <div class="field" class:invalid=move || bad_dates.with(|b| b.contains(&i))>
                        <label for=format!("cf-contact-{i}-birthday")>{move || i18n.t(Key::FBirthday)}</label>
                        <input id=format!("cf-contact-{i}-birthday") type="date"
                            prop:value=move || draft.with(|c| c.contacts.get(i).and_then(|k| k.birthday).map(|d| d.to_string()).unwrap_or_default())
                            on:input=move |ev| {
                                let (v, bad) = date_input(&ev);
                                bad_dates.update(|b| { b.retain(|x| *x != i); if bad { b.push(i) } });
                                draft.update(|c| if let Some(k) = c.contacts.get_mut(i) { k.birthday = v.parse().ok() });
                            } />
                        {move || bad_dates.with(|b| b.contains(&i)).then(|| view! {
                            <span class="field-error" role="alert">{problem_text(i18n.get(), &Problem::InvalidDate)}</span>
                        })}
                    </div>
                    <label class="check">
                        <input type="checkbox" prop:checked=move || draft.with(|c| c.contacts.get(i).is_some_and(|k| k.decision_maker))
                            on:change=move |ev| { let on = event_target_checked(&ev); draft.update(|c| if let Some(k) = c.contacts.get_mut(i) { k.decision_maker = on }); } />
                        {move || i18n.t(Key::FDecisionMaker)}
                    </label>
                </div>
                <button type="button" class="btn btn-small" on:click=move |_| draft.update(|c| { if i < c.contacts.len() { c.contacts.remove(i); } })>
                    {move || i18n.t(Key::Remove)}
                </button>
            </fieldset>
        }).collect_view()}
        <button type="button" class="btn" on:click=move |_| draft.update(|c| c.contacts.push(Contact {
            id: crate::service::new_id("ct"), name: String::new(), title: String::new(), phone: String::new(),
            email: String::new(), birthday: None, decision_maker: c.contacts.is_empty(),
        }))>{move || i18n.t(Key::AddContact)}</button>
    }
}
