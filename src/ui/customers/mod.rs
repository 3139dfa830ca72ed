//! The customer list: search, filters and sort kept in the address (bookmarkable), paging,
//! grades with their reasons, CSV export of the current view.

pub mod detail;
pub mod duplicates;
pub mod follow_up;
pub mod form;

pub use follow_up::{log_href, ContactLink};

use crate::domain::collation::NameOrder;
use crate::domain::enum_code;
use crate::domain::Locale;
use crate::domain::codes::next_customer_code;
use crate::domain::customers::{Customer, CustomerStatus, LeadSource};
use crate::domain::customers::query::{find, CustomerQuery, CustomerSort, Listed};
use crate::domain::links::Href;
use crate::domain::customers::grading::{Grade, GradeBasis};
use crate::ui::actions;
use crate::ui::components::{live, loaded, once_loaded, Icon};
use crate::ui::customers::form::CustomerForm;
use crate::ui::import::{csv_import, CustomerSpec};
use crate::domain::customers::export as customer_csv;
use crate::ui::i18n::{grade_name, grade_reason, kind_label, source_label, status_label, use_i18n, Key};
use crate::ui::router::{customer_href, use_route, Page};
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;
use std::sync::Arc;

const PAGE_SIZE: usize = 50;

/// Everything the list needs; the service keeps it until the next write.
type Book = crate::service::CustomerList;

/// Writes the query into the address without adding a history entry per keystroke.
fn write_query(q: &CustomerQuery) {
    let pairs: Vec<String> = q
        .to_pairs()
        .into_iter()
        .map(|(k, v)| format!("{k}={}", String::from(js_sys::encode_uri_component(&v))))
        .collect();
    let hash = if pairs.is_empty() { Page::Customers.href() } else { format!("{}?{}", Page::Customers.href(), pairs.join("&")) };
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&hash));
    }
}

#[component]
pub fn CustomersPage() -> impl IntoView {
    let i18n = use_i18n();
    let route = use_route();
    let query = RwSignal::new(CustomerQuery::from_pairs(&route.get_untracked().query));
    // Back/forward or a pasted link changes the route; follow it.
    Effect::new(move |_| {
        let q = CustomerQuery::from_pairs(&route.with(|r| r.query.clone()));
        if q != query.get_untracked() {
            query.set(q);
        }
    });
    Effect::new(move |_| query.with(write_query));
    let book = live(|s| async move { s.customer_list().await });
    let state = use_app();
    // The customer being edited (None: the form is closed); `true` for a new one.
    let editing = RwSignal::new(None::<(Customer, bool)>);
    let open_new = once_loaded(book, move |(), b| {
        let now = chrono::Utc::now();
        let code = next_customer_code(&b.code_prefix, b.rows.iter().map(|c| c.code.as_str()));
        let customer = Customer::new_lead(crate::service::new_id("cus"), code, String::new(), LeadSource::Other, now);
        editing.set(Some((customer, true)));
    });
    let open_edit = Callback::new(move |row: Listed| {
        let lang = i18n.lang.get_untracked();
        spawn_local(async move {
            match actions::read(state, async |s| s.customer_to_edit(&row).await).await {
                Ok(Some(c)) => editing.set(Some((c, false))),
                // Deleted in another tab since the list was read: show what is stored.
                Ok(None) => state.changed_elsewhere(),
                Err(e) => actions::fail(&state, lang, &e),
            }
        });
    });
    let importing = RwSignal::new(false);
    let deduping = RwSignal::new(false);
    view! {
        <header class="page-header">
            <h1>{move || i18n.t(Key::NavCustomers)}</h1>
            <div class="header-actions">
                <button class="btn" on:click=move |_| deduping.set(true)>
                    <Icon name="customers" />{move || i18n.t(Key::FindDuplicates)}
                </button>
                <button class="btn" on:click=move |_| importing.set(true)>
                    <Icon name="upload" />{move || i18n.t(Key::ImportCsv)}
                </button>
                <button class="btn btn-primary" on:click=move |_| open_new.run(())>
                    <Icon name="customers" />{move || i18n.t(Key::NewCustomer)}
                </button>
            </div>
        </header>
        {loaded(book, move |b| if b.rows.is_empty() {
            view! { <NoCustomers /> }.into_any()
        } else {
            view! { <CustomerTable book=b query=query on_edit=open_edit /> }.into_any()
        })}
        {move || editing.get().map(|(customer, is_new)| {
            view! { <CustomerForm initial=customer is_new=is_new others=crate::ui::customers::form::others_read_now() on_close=Callback::new(move |_| editing.set(None)) /> }
        })}
        <Show when=move || deduping.get()>
            <crate::ui::customers::duplicates::DuplicatesPanel on_close=Callback::new(move |_| deduping.set(false)) />
        </Show>
        <Show when=move || importing.get()>
            {csv_import::<CustomerSpec>(Callback::new(move |_| importing.set(false)))}
        </Show>
    }
}

#[component]
fn NoCustomers() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    view! {
        <div class="empty-state">
            <Icon name="customers" />
            <p>{move || i18n.t(Key::EmptyHint)}</p>
            <button class="btn btn-primary" on:click=move |_| {
                spawn_local(actions::load_demo(state, i18n.lang.get_untracked()));
            }>{move || i18n.t(Key::LoadDemo)}</button>
        </div>
    }
}

fn select_filter(
    label: Key,
    all: Key,
    options: Vec<(String, String)>,
    current: impl Fn() -> String + Send + Sync + 'static,
    set: impl Fn(String) + 'static,
) -> impl IntoView {
    let i18n = use_i18n();
    let current = Arc::new(current);
    let none_selected = current.clone();
    view! {
        <label class="field-inline">
            <span class="visually-hidden">{move || i18n.t(label)}</span>
            <select aria-label=move || i18n.t(label) on:change=move |ev| set(event_target_value(&ev))>
                <option value="" selected=move || none_selected().is_empty()>{move || i18n.t(all)}</option>
                {options.into_iter().map(|(value, text)| {
                    let v = value.clone();
                    let current = current.clone();
                    let selected = move || current() == v;
                    view! { <option value=value selected=selected>{text}</option> }
                }).collect_view()}
            </select>
        </label>
    }
}

/// The list's names in the reader's order for `lang` (pinyin in 简体中文): sorting 100,000
/// names with `Intl.Collator` took about 250 ms, so it is done once per list and language.
fn customer_name_order(list: &Book, lang: Locale) -> Arc<NameOrder> {
    let mut kept = list.name_order.lock().unwrap_or_else(|e| e.into_inner());
    match kept.as_ref() {
        Some((kept_lang, order)) if *kept_lang == lang => order.clone(),
        _ => {
            let order = Arc::new(crate::ui::browser::name_order(list.rows.iter().map(|c| c.name.as_str()), lang));
            *kept = Some((lang, order.clone()));
            order
        }
    }
}

#[component]
fn CustomerTable(book: Arc<Book>, query: RwSignal<CustomerQuery>, on_edit: Callback<Listed>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get();
    let b = book.clone();
    // Names in the reader's order (pinyin in 简体中文), worked out once per book and language.
    let names = customer_name_order(&book, lang);
    let hits = Memo::new(move |_| {
        query.with(|q| find(&b.rows, &names, q).into_iter().map(|c| c.id.clone()).collect::<Vec<_>>())
    });
    let update = move |f: &dyn Fn(&mut CustomerQuery)| {
        query.update(|q| {
            f(q);
            q.page = 0;
        })
    };
    let by_id: Arc<HashMap<String, usize>> = Arc::new(book.rows.iter().enumerate().map(|(i, c)| (c.id.clone(), i)).collect());

    let statuses = CustomerStatus::ALL.iter().map(|s| (enum_code(s), status_label(lang, *s).to_string())).collect();
    let sources = LeadSource::ALL.iter().map(|s| (enum_code(s), source_label(lang, *s).to_string())).collect();
    let grades = [Grade::A, Grade::B, Grade::C, Grade::D].iter().map(|g| (g.letter().to_string(), g.letter().to_string())).collect();
    let plain = |v: &Vec<String>| v.iter().map(|s| (s.clone(), s.clone())).collect::<Vec<_>>();

    let export_book = book.clone();
    let export_index = by_id.clone();
    let state = crate::ui::state::use_app();
    let exporting = RwSignal::new(false);
    // The export has every field of each customer: the graded book, read for it (once, until
    // the next write) — the list itself is read without it.
    let export = move |_| {
        let lang = i18n.lang.get_untracked();
        let ids = hits.get_untracked();
        let (book, index) = (export_book.clone(), export_index.clone());
        exporting.set(true);
        spawn_local(async move {
            let graded = actions::read(state, async |s| s.graded().await).await;
            exporting.set(false);
            let graded = match graded {
                Ok(g) => g,
                Err(e) => return actions::fail(&state, lang, &e),
            };
            let full: HashMap<&str, &Customer> = graded.customers.iter().map(|c| (c.id.as_str(), c)).collect();
            let kind = |k| kind_label(lang, k).to_string();
            let labels = customer_csv::Labels { kind: &kind, status: &|s| status_label(lang, s).to_string(), source: &|s| source_label(lang, s).to_string() };
            let customers = ids.iter().filter_map(|id| full.get(id.as_str()).copied());
            let grade = |c: &Customer| index.get(&c.id).and_then(|i| book.rows[*i].grade.as_ref()).map(|g| g.grade.letter().to_string()).unwrap_or_default();
            let rows = customer_csv::rows(customers, grade, &labels);
            actions::offer_csv(state, lang, "customers", &customer_csv::HEADER, &rows);
        });
    };

    let rows_book = book.clone();
    let rows_index = by_id.clone();
    view! {
        <div class="toolbar">
            <input class="search" type="search" placeholder=move || i18n.t(Key::SearchCustomers)
                aria-label=move || i18n.t(Key::SearchCustomers)
                prop:value=move || query.with(|q| q.text.clone())
                on:input=move |ev| { let v = event_target_value(&ev); update(&|q| q.text = v.clone()); } />
            {select_filter(Key::ColStatus, Key::AllStatuses, statuses, move || query.with(|q| q.status.map(|s| enum_code(&s)).unwrap_or_default()),
                move |v| update(&|q| q.status = CustomerQuery::from_pairs(&[("status".into(), v.clone())]).status))}
            {select_filter(Key::ColSource, Key::AllSources, sources, move || query.with(|q| q.source.map(|s| enum_code(&s)).unwrap_or_default()),
                move |v| update(&|q| q.source = CustomerQuery::from_pairs(&[("source".into(), v.clone())]).source))}
            {select_filter(Key::ColGrade, Key::AllGrades, grades, move || query.with(|q| q.grade.map(|g| g.letter().to_string()).unwrap_or_default()),
                move |v| update(&|q| q.grade = Grade::from_letter(&v)))}
            {select_filter(Key::ColIndustry, Key::AllIndustries, plain(&book.industries), move || query.with(|q| q.industry.clone().unwrap_or_default()),
                move |v| update(&|q| q.industry = (!v.is_empty()).then(|| v.clone())))}
            {select_filter(Key::ColRegion, Key::AllRegions, plain(&book.regions), move || query.with(|q| q.region.clone().unwrap_or_default()),
                move |v| update(&|q| q.region = (!v.is_empty()).then(|| v.clone())))}
            {select_filter(Key::ColTags, Key::AllTags, plain(&book.tags), move || query.with(|q| q.tag.clone().unwrap_or_default()),
                move |v| update(&|q| q.tag = (!v.is_empty()).then(|| v.clone())))}
            <label class="field-inline">
                <select aria-label=move || i18n.t(Key::SortBy) on:change=move |ev| {
                    let v = event_target_value(&ev);
                    update(&|q| q.sort = CustomerQuery::from_pairs(&[("sort".into(), v.clone())]).sort);
                }>
                    {[(CustomerSort::Name, "name", Key::SortName), (CustomerSort::Code, "code", Key::SortCode),
                      (CustomerSort::Newest, "newest", Key::SortNewest), (CustomerSort::Grade, "grade", Key::SortGrade)]
                        .into_iter().map(|(s, v, k)| view! {
                            <option value=v selected=move || query.with(|q| q.sort == s)>{move || i18n.t(k)}</option>
                        }).collect_view()}
                </select>
            </label>
            <button class="btn" disabled=move || exporting.get() on:click=export><Icon name="download" />{move || i18n.t(Key::ExportCsv)}</button>
        </div>
        <p class="result-count" data-testid="result-count">
            {move || {
                let n = hits.with(Vec::len);
                crate::ui::i18n::count(i18n.get(), n, crate::ui::i18n::Counted::Customers)
            }}
        </p>
        {move || {
            let ids = hits.get();
            if ids.is_empty() {
                return view! {
                    <div class="empty-state">
                        <p>{move || i18n.t(Key::NoMatches)}</p>
                        <button class="btn" on:click=move |_| query.set(CustomerQuery::default())>{move || i18n.t(Key::ClearFilters)}</button>
                    </div>
                }.into_any();
            }
            let pages = ids.len().div_ceil(PAGE_SIZE);
            let page = query.with(|q| q.page).min(pages - 1);
            let lang = i18n.get();
            let rows = ids[page * PAGE_SIZE..((page + 1) * PAGE_SIZE).min(ids.len())].iter().map(|id| {
                let c = &rows_book.rows[rows_index[id]];
                view! { <CustomerRow c=c.clone() lang=lang on_edit=on_edit /> }
            }).collect_view();
            view! {
                <div class="table-wrap">
                    <table class="table customers-table">
                        <thead><tr>
                            <th>{i18n.t(Key::ColCode)}</th>
                            <th>{i18n.t(Key::ColName)}</th>
                            <th>{i18n.t(Key::ColGrade)}</th>
                            <th>{i18n.t(Key::ColStatus)}</th>
                            <th class="hide-narrow">{i18n.t(Key::ColSource)}</th>
                            <th class="hide-narrow">{i18n.t(Key::ColIndustry)}</th>
                            <th>{i18n.t(Key::ColContact)}</th>
                            <th><span class="visually-hidden">{i18n.t(Key::Edit)}</span></th>
                        </tr></thead>
                        <tbody>{rows}</tbody>
                    </table>
                </div>
                <nav class="pager" aria-label=i18n.t(Key::Page)>
                    <button class="btn" disabled={page == 0} on:click=move |_| query.update(|q| q.page = page.saturating_sub(1))>{i18n.t(Key::Prev)}</button>
                    <span>{format!("{} / {}", page + 1, pages)}</span>
                    <button class="btn" disabled={page + 1 >= pages} on:click=move |_| query.update(|q| q.page = page + 1)>{i18n.t(Key::Next)}</button>
                </nav>
            }.into_any()
        }}
    }
}

#[component]
fn CustomerRow(c: Listed, lang: crate::domain::Locale, on_edit: Callback<Listed>) -> impl IntoView {
    // The main contact's name over their phone, one tap to call.
    let contact = c.contact.as_ref().map(|(name, phone)| {
        let call = Href::tel(phone).map(|href| view! { <ContactLink href=href text=phone.clone() customer_id=c.id.clone() who=name.clone() /> });
        view! { {name.clone()}<div class="hint nowrap">{call}</div> }
    });
    let grade_view = c.grade.clone().map(|g| {
        let prospect = matches!(g.basis, GradeBasis::Prospect { .. });
        let why = grade_reason(lang, &g);
        let name = grade_name(lang, g.grade, prospect);
        // <details> shows the reason on tap, click or keyboard, not only on hover.
        view! {
            <details class="grade-why">
                <summary>
                    <span class=format!("grade grade-{}", g.grade.letter().to_lowercase()) data-testid="grade">
                        {g.grade.letter()}
                        {g.override_reason.is_some().then_some("*")}
                    </span>
                    <small class="grade-name">{name}</small>
                </summary>
                <p class="grade-reason">{why}</p>
            </details>
        }
    });
    view! {
        <tr data-testid="customer-row">
            <td class="mono">{c.code.clone()}</td>
            <td>
                <a class="row-link" href=customer_href(&c.id) title=c.name.clone()>{c.name.clone()}</a>
                <div class="tags">{c.tags.iter().map(|t| view! { <span class="tag">{t.clone()}</span> }).collect_view()}</div>
            </td>
            <td>{grade_view}</td>
            <td><span class=format!("status status-{}", enum_code(&c.status))>{status_label(lang, c.status)}</span></td>
            <td class="hide-narrow">{source_label(lang, c.source)}</td>
            // Industry over region: no "·" left at the end of a line.
            <td class="hide-narrow">{c.industry.clone()}<div class="hint">{c.region.clone()}</div></td>
            <td>{contact}</td>
            <td class="nowrap">
                <button class="btn btn-small" aria-label=format!("{} {}", Key::Edit.text(lang), c.name) on:click={
                    let c = c.clone();
                    move |_| on_edit.run(c.clone())
                }>{Key::Edit.text(lang)}</button>
            </td>
        </tr>
    }
}

