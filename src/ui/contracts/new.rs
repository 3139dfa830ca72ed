//! A new contract from the contracts page or a customer's page: pick the customer and the
//! template, give a title and (if known) the amount; the draft gets its number and body and
//! opens for editing.

use crate::domain::contracts::create::NewContract;
use crate::domain::contracts::template::default_template;
use crate::domain::contracts::ContractTemplate;
use crate::domain::customers::Customer;
use crate::domain::money::Money;
use crate::domain::validation::Problem;
use crate::ui::actions;
use crate::ui::i18n::{problem_text, use_i18n, Key};
use crate::ui::state::{use_app, ToastKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

/// How a customer is offered in the picker: the name, with the code to tell namesakes apart.
fn choice(c: &Customer) -> String {
    if c.code.is_empty() { c.name.clone() } else { format!("{} · {}", c.name, c.code) }
}

/// The customer `typed` names: by the picker's text, else by a name only one customer has.
fn pick<'a>(customers: &'a [Customer], typed: &str) -> Option<&'a Customer> {
    let typed = typed.trim();
    customers.iter().find(|c| choice(c) == typed).or_else(|| {
        let mut named = customers.iter().filter(|c| c.name == typed);
        match (named.next(), named.next()) {
            (Some(one), None) => Some(one),
            _ => None,
        }
    })
}

#[component]
pub(super) fn NewContractDialog(
    customers: Arc<Vec<Customer>>,
    templates: Vec<ContractTemplate>,
    /// The customer to start with (from a customer's page).
    customer_id: Option<String>,
    on_close: Callback<()>,
    /// The new contract's id.
    on_created: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let first = customer_id.and_then(|id| customers.iter().find(|c| c.id == id).map(choice)).unwrap_or_default();
    let customer = RwSignal::new(first);
    let template = RwSignal::new(default_template(&templates).map(|t| t.id.clone()).unwrap_or_default());
    let title = RwSignal::new(String::new());
    let amount = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let list = customers.clone();
    let chosen = Memo::new(move |_| customer.with(|t| pick(&list, t).map(|c| c.id.clone())));
    let amount_v = move || {
        let typed = amount.get();
        match Money::parse(&typed) {
            _ if typed.trim().is_empty() => Ok(Money::ZERO),
            Ok(m) if m.is_negative() => Err(Problem::Negative),
            Ok(m) => Ok(m),
            Err(_) => Err(Problem::Malformed(typed)),
        }
    };
    let create = move || {
        tried.set(true);
        let (Some(customer_id), Ok(amount)) = (chosen.get_untracked(), amount_v()) else { return };
        if title.get_untracked().trim().is_empty() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        let new = NewContract {
            customer_id,
            title: title.get_untracked(),
            amount,
            deal: None,
            template_id: Some(template.get_untracked()).filter(|t| !t.is_empty()),
        };
        let lang = i18n.lang.get_untracked();
        spawn_local(async move {
            match actions::command(state, lang, async move |s| s.create_contract(&new, lang).await).await {
                Some(c) => {
                    state.toast(ToastKind::Success, format!("{} {}", Key::ContractCreated.text(lang), c.number), None);
                    // The dialog may be gone by now (the page left): nothing to tell it then.
                    let _ = on_created.try_run(c.id);
                }
                None => {
                    busy.try_set(false);
                }
            }
        });
    };
    let input_ref = NodeRef::<leptos::html::Input>::new();
    Effect::new(move |_| {
        if let Some(i) = input_ref.get() {
            let _ = i.focus();
        }
    });
    let mut names = (*customers).clone();
    crate::ui::browser::sort_by_name(&mut names, |c| c.name.as_str(), i18n.lang.get_untracked());
    let none = customers.is_empty();
    view! {
        <crate::ui::components::Modal kind=crate::ui::components::ModalKind::Dialog title_id="new-contract-title" on_close=on_close>
            <form novalidate on:submit=move |ev| { ev.prevent_default(); create(); }>
                <h2 id="new-contract-title">{move || i18n.t(Key::NewContract)}</h2>
                {none.then(|| view! { <p class="error">{move || i18n.t(Key::PickExistingCustomer)}</p> })}
                <div class="field" class:invalid=move || tried.get() && chosen.get().is_none()>
                    <label for="nc-customer">{move || i18n.t(Key::FCustomer)}</label>
                    <input id="nc-customer" type="text" list="nc-customers" autocomplete="off" node_ref=input_ref prop:value=move || customer.get() on:input=move |ev| customer.set(event_target_value(&ev)) />
                    <datalist id="nc-customers">
                        {move || {
                            let t = customer.get().to_lowercase();
                            names.iter().filter(|c| t.is_empty() || choice(c).to_lowercase().contains(&t)).take(50).map(|c| view! { <option value=choice(c)></option> }).collect_view()
                        }}
                    </datalist>
                    {move || (tried.get() && chosen.get().is_none()).then(|| view! { <span class="field-error" role="alert">{i18n.t(Key::PickExistingCustomer)}</span> })}
                </div>
                <div class="field">
                    <label for="nc-template">{move || i18n.t(Key::ContractTemplateField)}</label>
                    <select id="nc-template" on:change=move |ev| template.set(event_target_value(&ev))>
                        {templates.iter().map(|t| {
                            let id = t.id.clone();
                            view! { <option value=t.id.clone() selected=move || template.with(|x| *x == id)>{t.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <div class="field" class:invalid=move || tried.get() && title.with(|t| t.trim().is_empty())>
                    <label for="nc-title">{move || i18n.t(Key::ContractTitle)}</label>
                    <input id="nc-title" type="text" prop:value=move || title.get() on:input=move |ev| title.set(event_target_value(&ev)) />
                    {move || (tried.get() && title.with(|t| t.trim().is_empty())).then(|| view! { <span class="field-error" role="alert">{problem_text(i18n.get(), &Problem::Required)}</span> })}
                </div>
                <div class="field" class:invalid=move || tried.get() && amount_v().is_err()>
                    <label for="nc-amount">{move || i18n.t(Key::AmountOptional)}</label>
                    <input id="nc-amount" type="text" inputmode="decimal" prop:value=move || amount.get() on:input=move |ev| amount.set(event_target_value(&ev)) />
                    {move || tried.get().then(|| amount_v().err()).flatten().map(|p| view! { <span class="field-error" role="alert">{problem_text(i18n.get(), &p)}</span> })}
                </div>
                <div class="dialog-actions">
                    <button type="button" class="btn" on:click=move |_| on_close.run(())>{move || i18n.t(Key::Cancel)}</button>
                    <button type="submit" class="btn btn-primary" disabled=move || busy.get() || none>{move || i18n.t(Key::CreateDraft)}</button>
                </div>
            </form>
        </crate::ui::components::Modal>
    }
}
