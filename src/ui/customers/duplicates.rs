//! The duplicates finder over all customers, and merging two of them with undo.

use crate::domain::customers::Customer;
use crate::domain::customers::duplicates::{duplicate_groups, MergeField};
use crate::domain::Dataset;
use crate::ui::actions;
use crate::ui::i18n::{service_error, use_i18n, Key};
use crate::ui::state::{use_app, ToastAction, ToastKind};
use crate::ui::components::{live, Modal, ModalKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;

/// A field's value as the merge shows it: choices in words of the language, amounts as money.
fn shown(lang: crate::domain::Locale, f: MergeField, c: &Customer) -> String {
    match f {
        MergeField::Source => crate::ui::i18n::source_label(lang, c.source).to_string(),
        MergeField::Status => crate::ui::i18n::status_label(lang, c.status).to_string(),
        MergeField::CreditLimit => c.credit_limit.map(crate::ui::components::money_text).unwrap_or_default(),
        _ => f.show(c),
    }
}

fn field_key(f: MergeField) -> Key {
    match f {
        MergeField::Name => Key::FName,
        MergeField::Code => Key::FCode,
        MergeField::Industry => Key::FIndustry,
        MergeField::Region => Key::FRegion,
        MergeField::Source => Key::FSource,
        MergeField::Status => Key::FStatus,
        MergeField::CreditLimit => Key::FCreditLimit,
        MergeField::Notes => Key::FNotes,
    }
}

#[component]
pub fn DuplicatesPanel(on_close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let data = live(|s| async move { s.book().await });
    let merging = RwSignal::new(None::<(Customer, Customer)>);
    view! {
        <Modal kind=ModalKind::WideDrawer title_id="dup-title" on_close=on_close>
            <crate::ui::components::DrawerHeader title_id="dup-title" on_close=on_close
                title=Signal::derive(move || i18n.t(if merging.with(Option::is_some) { Key::MergeTitle } else { Key::DuplicateGroups }).to_string()) />
            <div class="drawer-body">
                <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Key::Loading)}</p> }>
                    {move || data.get().map(|r| match r {
                        Err(e) => view! { <p class="error" role="alert">{service_error(i18n.get(), &e)}</p> }.into_any(),
                        Ok(d) => match merging.get() {
                            Some((keep, other)) => view! { <MergeView keep=keep other=other merging=merging /> }.into_any(),
                            None => view! { <Groups data=d merging=merging /> }.into_any(),
                        },
                    })}
                </Transition>
            </div>
        </Modal>
    }
}

#[component]
fn Groups(data: Arc<Dataset>, merging: RwSignal<Option<(Customer, Customer)>>) -> impl IntoView {
    let i18n = use_i18n();
    let groups = duplicate_groups(&data.customers);
    if groups.is_empty() {
        return view! { <p class="muted" data-testid="no-duplicates">{move || i18n.t(Key::NoDuplicates)}</p> }.into_any();
    }
    let find = |id: &str| data.customers.iter().find(|c| c.id == id).cloned();
    view! {
        <ul class="dup-groups" data-testid="duplicate-groups">
            {groups.into_iter().map(|ids| {
                let members: Vec<Customer> = ids.iter().filter_map(|id| find(id)).collect();
                let pair = (members[0].clone(), members[1].clone());
                view! {
                    <li class="dup-group">
                        <ul>
                            {members.iter().map(|c| view! {
                                <li><strong>{c.name.clone()}</strong>" "<span class="mono">{c.code.clone()}</span>
                                    <div class="hint">{c.contacts.first().map(|k| format!("{} · {} · {}", k.name, k.phone, k.email)).unwrap_or_default()}</div>
                                </li>
                            }).collect_view()}
                        </ul>
                        <button class="btn" on:click=move |_| merging.set(Some(pair.clone()))>{move || i18n.t(Key::MergeEllipsis)}</button>
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

#[component]
fn MergeView(keep: Customer, other: Customer, merging: RwSignal<Option<(Customer, Customer)>>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let differing: Vec<MergeField> = MergeField::ALL.into_iter().filter(|f| f.show(&keep) != f.show(&other)).collect();
    let from_other = RwSignal::new(Vec::<MergeField>::new());
    let (keep_id, other_id) = (keep.id.clone(), other.id.clone());
    let merge = move |_| {
        let (keep_id, other_id, fields) = (keep_id.clone(), other_id.clone(), from_other.get_untracked());
        let lang = i18n.lang.get_untracked();
        spawn_local(async move {
            match actions::command(state, lang, async |s| s.merge_customers(&keep_id, &other_id, &fields).await).await {
                Some(Some(undo)) => {
                    merging.set(None);
                    state.toast(ToastKind::Success, Key::Merged.text(lang), Some(ToastAction::PutBack(Arc::new(undo))));
                }
                // One of the two was deleted meanwhile (in another tab): the list has reloaded.
                Some(None) => merging.set(None),
                None => {}
            }
        });
    };
    view! {
        <p class="hint">{move || i18n.t(Key::MergeHint)}</p>
        <table class="table merge-table" data-testid="merge-table">
            <thead><tr>
                <th>{move || i18n.t(Key::Field)}</th>
                <th>{keep.name.clone()}</th>
                <th>{other.name.clone()}</th>
            </tr></thead>
            <tbody>
                {differing.into_iter().map(|f| {
                    let name = format!("merge-{f:?}");
                    view! {
                        <tr>
                            <td>{move || i18n.t(field_key(f))}</td>
                            <td><label class="check"><input type="radio" name=name.clone() checked=true
                                on:change=move |_| from_other.update(|v| v.retain(|x| *x != f)) />{shown(i18n.get(), f, &keep)}</label></td>
                            <td><label class="check"><input type="radio" name=name
                                on:change=move |_| from_other.update(|v| if !v.contains(&f) { v.push(f) }) />{shown(i18n.get(), f, &other)}</label></td>
                        </tr>
                    }
                }).collect_view()}
            </tbody>
        </table>
        <div class="actions">
            <button class="btn" on:click=move |_| merging.set(None)>{move || i18n.t(Key::Cancel)}</button>
            <button class="btn btn-primary" on:click=merge>{move || i18n.t(Key::MergeNow)}</button>
        </div>
    }
}
