//! One customer: profile and contacts, value (grade with its reasons, override, CLV), a
//! timeline of follow-ups, service cases, deals and contracts, and quick logging.

use crate::ui::components::money_text;

use crate::domain::customers::*;
use crate::domain::customers::grading::{CustomerGrade, Grade, GradeBasis};

use crate::service::{new_id, today, CustomerDetail as Detail};
use crate::ui::actions;
use crate::ui::components::{loaded, Icon, Panel, live};
use crate::ui::i18n::*;
use crate::ui::customers::form::CustomerForm;
use crate::ui::customers::follow_up::{Begun, ContactLink, FollowUpEntry};
use crate::ui::router::{use_route, Page};
use crate::ui::state::use_app;
use chrono::{NaiveDate, Utc};
use crate::domain::links::Href;
use leptos::prelude::*;
use leptos::task::spawn_local;
use crate::domain::sorting::SortShared;


#[component]
pub fn CustomerDetailPage() -> impl IntoView {
    let i18n = use_i18n();
    let route = use_route();
    let id = route.with_untracked(|r| r.id.clone()).unwrap_or_default();
    // Arrived from "log the call" (`?log=call&who=…`, also while on this page): the follow-up
    // entry begins with it, once; the address loses it, so a reload does not begin it again.
    let begun = RwSignal::new(None::<Begun>);
    let page_id = id.clone();
    Effect::new(move |_| {
        let asked = route.with(|r| {
            let param = |k: &str| r.query.iter().find(|(q, _)| q == k).map(|(_, v)| v.clone());
            let channel: Channel = crate::domain::enum_from_code(&param("log")?)?;
            let who = param("who").unwrap_or_default();
            let summary = match (i18n.lang.get_untracked(), channel) {
                (crate::domain::Locale::Zh, Channel::Email) => format!("邮件联系{who}"),
                (crate::domain::Locale::Zh, _) => format!("致电{who}"),
                (crate::domain::Locale::En, Channel::Email) => format!("E-mail to {who}"),
                (crate::domain::Locale::En, _) => format!("Call with {who}"),
            };
            Some(Begun { channel, summary })
        });
        if let Some(b) = asked {
            route.update(|r| r.query.retain(|(k, _)| k != "log" && k != "who"));
            crate::ui::router::replace_href(&crate::ui::router::customer_href(&page_id));
            begun.set(Some(b));
        }
    });
    let detail = live(move |s| {
        let id = id.clone();
        async move { s.customer_detail(&id).await }
    });
    view! {
        <a class="back-link" href=Page::Customers.href()>{"← "}{move || i18n.t(Key::BackToList)}</a>
        {loaded(detail, move |d| match d {
            None => view! { <div class="empty-state"><p>{i18n.t(Key::CustomerNotFound)}</p></div> }.into_any(),
            // The entry takes what arrives in `begun`: the page is not drawn again for it (a
            // dialog open on it stays as it is).
            Some(d) => view! { <DetailView d=d begun=begun /> }.into_any(),
        })}
    }
}

#[component]
fn DetailView(d: Detail, begun: RwSignal<Option<Begun>>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get();
    let editing = RwSignal::new(false);
    let c = d.customer.clone();
    let grade_badge = d.grade.clone().map(|g| {
        view! {
            <span class=format!("grade grade-{}", g.grade.letter().to_lowercase()) data-testid="detail-grade">
                {g.grade.letter()}{g.override_reason.is_some().then_some("*")}
            </span>
        }
    });
    let form_customer = d.customer.clone();
    let owner = c.id.clone();
    view! {
        <header class="page-header">
            <div class="title-block">
                <h1>{c.name.clone()}</h1>
                <div class="subtitle">
                    <span class="mono">{c.code.clone()}</span>
                    <span class=format!("status status-{}", crate::domain::enum_code(&c.status))>{status_label(lang, c.status)}</span>
                    {grade_badge}
                </div>
            </div>
            <div class="actions">
                <a class="btn" href=format!("#/pipeline?new_deal_for={}", String::from(js_sys::encode_uri_component(&c.id)))>{move || i18n.t(Key::NewDeal)}</a>
                <button class="btn" on:click=move |_| editing.set(true)>{move || i18n.t(Key::Edit)}</button>
            </div>
        </header>
        <div class="detail-grid">
            <div class="detail-main">
                <ValuePanel customer=d.customer.clone() grade=d.grade.clone() clv=d.clv />
                <LogFollowUp customer_id=c.id.clone() begun=begun />
                <Timeline d=d.clone() />
            </div>
            <div class="detail-side">
                <Panel title=Signal::derive(move || i18n.t(Key::Profile).to_string())>
                    <dl class="facts">
                        <dt>{i18n.t(Key::FKind)}</dt><dd>{i18n.t(if c.kind == CustomerKind::Company { Key::KindCompany } else { Key::KindPerson })}</dd>
                        <dt>{i18n.t(Key::FIndustry)}</dt><dd>{c.industry.clone()}</dd>
                        <dt>{i18n.t(Key::FRegion)}</dt><dd>{c.region.clone()}</dd>
                        <dt>{i18n.t(Key::FSource)}</dt><dd>{source_label(lang, c.source)}</dd>
                        <dt>{crate::ui::components::in_currency(i18n.t(Key::FCreditLimit))}</dt><dd>{c.credit_limit.map(money_text).unwrap_or_else(|| "—".into())}</dd>
                        <dt>{i18n.t(Key::ColTags)}</dt><dd>{c.tags.join(", ")}</dd>
                    </dl>
                    {(!c.notes.is_empty()).then(|| view! { <p class="notes">{c.notes.clone()}</p> })}
                </Panel>
                <Panel title=Signal::derive(move || i18n.t(Key::FContacts).to_string())>
                    <ul class="contacts">
                        {c.contacts.iter().map(|k| { let cid = owner.clone(); view! {
                            <li>
                                <strong>{k.name.clone()}</strong>
                                {k.decision_maker.then(|| view! { <span class="badge badge-warn">{i18n.t(Key::DecisionMakerBadge)}</span> })}
                                <div class="hint">{k.title.clone()}</div>
                                {Href::tel(&k.phone).map(|href| view! { <ContactLink href=href text=k.phone.clone() customer_id=cid.clone() who=k.name.clone() /> })}
                                {Href::mailto(&k.email).map(|href| view! { <ContactLink href=href text=k.email.clone() customer_id=cid.clone() who=k.name.clone() /> })}
                                {k.birthday.map(|b| view! { <div class="hint">{format!("{} {b}", i18n.t(Key::FBirthday))}</div> })}
                            </li>
                        }}).collect_view()}
                    </ul>
                </Panel>
                <CustomerContracts customer_id=c.id.clone() contracts=d.contracts.clone() />
                <ServiceCases customer_id=c.id.clone() cases=d.cases.clone() />
            </div>
        </div>
        <Show when=move || editing.get()>
            <CustomerForm initial=form_customer.clone() is_new=false others=crate::ui::customers::form::others_read_now() on_close=Callback::new(move |_| editing.set(false)) />
        </Show>
    }
}

#[component]
fn ValuePanel(customer: Customer, grade: Option<CustomerGrade>, clv: Option<crate::domain::Money>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let lang = i18n.get();
    let chosen = RwSignal::new(grade.as_ref().map(|g| g.grade).unwrap_or(Grade::C));
    let reason = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let has_override = customer.grade_override.is_some();
    let apply_customer = customer.clone();
    let apply = move |_| {
        tried.set(true);
        if reason.get_untracked().trim().is_empty() {
            return;
        }
        let mut c = apply_customer.clone();
        c.grade_override = Some(GradeOverride { grade: chosen.get_untracked().letter().into(), reason: reason.get_untracked().trim().into(), at: Utc::now() });
        c.updated_at = Utc::now();
        spawn_local(async move { actions::save(state, i18n.lang.get_untracked(), c).await; });
    };
    let clear_customer = customer.clone();
    let clear = move |_| {
        let mut c = clear_customer.clone();
        c.grade_override = None;
        c.updated_at = Utc::now();
        spawn_local(async move { actions::save(state, i18n.lang.get_untracked(), c).await; });
    };
    view! {
        <Panel title=Signal::derive(move || i18n.t(Key::Value).to_string())>
            {grade.map(|g| {
                let prospect = matches!(g.basis, GradeBasis::Prospect { .. });
                view! {
                    <p class="grade-line">
                        <span class=format!("grade grade-{}", g.grade.letter().to_lowercase())>{g.grade.letter()}</span>
                        <strong>{grade_name(lang, g.grade, prospect)}</strong>
                    </p>
                    <p class="grade-reason" data-testid="grade-reason">{grade_reason(lang, &g)}</p>
                }
            })}
            <p><span class="hint">{i18n.t(Key::Clv)}": "</span><strong data-testid="clv">{clv.map(money_text).unwrap_or_else(|| i18n.t(Key::ClvNone).to_string())}</strong></p>
            <details class="override">
                <summary>{i18n.t(Key::GradeOverride)}</summary>
                <div class="form-grid">
                    <div class="field">
                        <label for="ov-grade">{i18n.t(Key::ColGrade)}</label>
                        <select id="ov-grade" on:change=move |ev| if let Some(g) = Grade::from_letter(&event_target_value(&ev)) { chosen.set(g) }>
                            {[Grade::A, Grade::B, Grade::C, Grade::D].into_iter().map(|g| view! {
                                <option value=g.letter() selected=move || chosen.get() == g>{g.letter()}</option>
                            }).collect_view()}
                        </select>
                    </div>
                    <div class="field" class:invalid=move || tried.get() && reason.get().trim().is_empty()>
                        <label for="ov-reason">{i18n.t(Key::Reason)}" *"</label>
                        <input id="ov-reason" type="text" prop:value=move || reason.get() on:input=move |ev| reason.set(event_target_value(&ev)) />
                        {move || (tried.get() && reason.get().trim().is_empty()).then(|| view! {
                            <span class="field-error" role="alert">{i18n.t(Key::ReasonRequired)}</span>
                        })}
                    </div>
                </div>
                <div class="actions">
                    <button class="btn btn-primary" on:click=apply>{i18n.t(Key::ApplyOverride)}</button>
                    {has_override.then(|| view! { <button class="btn" on:click=clear>{i18n.t(Key::ClearOverride)}</button> })}
                </div>
            </details>
        </Panel>
    }
}

#[component]
fn LogFollowUp(customer_id: String, begun: RwSignal<Option<Begun>>) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Panel title=Signal::derive(move || i18n.t(Key::LogFollowUp).to_string())>
            <FollowUpEntry customer_id=customer_id id_prefix="fu" begun=begun />
        </Panel>
    }
}

#[component]
fn Timeline(d: Detail) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.get();
    // (date, kind, text)
    let mut items: Vec<(NaiveDate, &'static str, String, String)> = Vec::new();
    for f in &d.follow_ups {
        let next = f.next_date.map(|n| format!(" → {} {n}", i18n.t(Key::FNextDate))).unwrap_or_default();
        let deal = f.deal_id.as_ref().and_then(|id| d.deals.iter().find(|(deal, _)| &deal.id == id)).map(|(deal, _)| format!(" · {}", deal.title)).unwrap_or_default();
        items.push((f.date, "bell", format!("{} · {}{deal}", i18n.t(Key::FollowUpWord), channel_label(lang, f.channel)), format!("{} {}{next}", f.summary, f.outcome)));
    }
    for (deal, stage) in &d.deals {
        items.push((deal.created_at.date_naive(), "pipeline", format!("{} · {stage}", i18n.t(Key::DealWord)), format!("{} · {}", deal.title, money_text(deal.amount))));
    }
    for c in &d.contracts {
        items.push((c.sign_date.unwrap_or(c.created_at.date_naive()), "contracts", format!("{} · {}", i18n.t(Key::ContractWord), c.number), format!("{} · {}", c.title, money_text(c.amount))));
    }
    items.sort_by_shared(|a, b| b.0.cmp(&a.0));
    view! {
        <Panel title=Signal::derive(move || i18n.t(Key::Timeline).to_string())>
            {if items.is_empty() {
                view! { <p class="muted">{i18n.t(Key::NothingYet)}</p> }.into_any()
            } else {
                view! {
                    <ol class="timeline" data-testid="timeline">
                        {items.into_iter().map(|(date, icon, head, body)| view! {
                            <li>
                                <span class="timeline-icon"><Icon name=icon /></span>
                                <div>
                                    <div class="timeline-head"><strong>{head}</strong><span class="hint">{date.to_string()}</span></div>
                                    <div>{body}</div>
                                </div>
                            </li>
                        }).collect_view()}
                    </ol>
                }.into_any()
            }}
        </Panel>
    }
}

/// The customer's contracts with what each still owes, the total outstanding and overdue, and
/// a new contract for them.
#[component]
fn CustomerContracts(customer_id: String, contracts: Vec<crate::domain::contracts::Contract>) -> impl IntoView {
    use crate::domain::contracts::receivables::{by_customer, receivables};
    let i18n = use_i18n();
    let lang = i18n.get();
    let day = today();
    let (_, total) = by_customer(&contracts, day);
    let new_href = format!("#/contracts?new={}", String::from(js_sys::encode_uri_component(&customer_id)));
    view! {
        <Panel title=Signal::derive(move || i18n.t(Key::CustomerContracts).to_string())>
            <div data-testid="customer-contracts">
                {if contracts.is_empty() {
                    view! { <p class="muted">{i18n.t(Key::NoCustomerContracts)}</p> }.into_any()
                } else {
                    view! {
                        <dl class="facts">
                            <dt>{i18n.t(Key::Outstanding)}</dt><dd data-testid="customer-outstanding">{money_text(total.outstanding)}</dd>
                            <dt>{i18n.t(Key::Overdue)}</dt><dd>{money_text(total.overdue.total())}</dd>
                        </dl>
                        <ul class="plain-list">
                            {contracts.iter().map(|k| {
                                let r = receivables(k, day);
                                view! {
                                    <li>
                                        <a href=crate::ui::router::contract_href(&k.id)>{format!("{} · {}", k.number, k.title)}</a>
                                        <div class="hint">{format!("{} · {} · {} {}", contract_status_label(lang, k.status), money_text(k.amount), i18n.t(Key::Outstanding), money_text(r.outstanding))}</div>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                    }.into_any()
                }}
                <a class="btn" href=new_href>{i18n.t(Key::NewContract)}</a>
            </div>
        </Panel>
    }
}

#[component]
fn ServiceCases(customer_id: String, cases: Vec<ServiceCase>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let lang = i18n.get();
    let kind = RwSignal::new(ServiceKind::AfterSales);
    let cause = RwSignal::new(ComplaintCause::Quality);
    let description = RwSignal::new(String::new());
    let satisfaction = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let add = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        tried.set(true);
        if description.get_untracked().trim().is_empty() {
            return;
        }
        let now = Utc::now();
        let case = ServiceCase {
            id: new_id("svc"),
            customer_id: customer_id.clone(),
            date: today(),
            kind: kind.get_untracked(),
            cause: (kind.get_untracked() == ServiceKind::Complaint).then(|| cause.get_untracked()),
            description: description.get_untracked().trim().into(),
            status: CaseStatus::Open,
            satisfaction: satisfaction.get_untracked().parse().ok().filter(|s| (1..=5).contains(s)),
            created_at: now,
            updated_at: now, rev: 0,
        };
        spawn_local(async move {
            if actions::save(state, i18n.lang.get_untracked(), case).await {
                description.set(String::new());
                tried.set(false);
            }
        });
    };
    view! {
        <Panel title=Signal::derive(move || i18n.t(Key::ServiceCases).to_string())>
            <ul class="cases">
                {cases.into_iter().map(|case| {
                    let resolved = case.status == CaseStatus::Resolved;
                    let to_resolve = case.clone();
                    view! {
                        <li>
                            <div class="timeline-head">
                                <strong>{i18n.t(if case.kind == ServiceKind::Complaint { Key::Complaint } else { Key::AfterSales })}
                                    {case.cause.map(|c| format!(" · {}", cause_label(lang, c)))}</strong>
                                <span class=if resolved { "badge badge-good" } else { "badge badge-warn" }>{i18n.t(if resolved { Key::Resolved } else { Key::Open })}</span>
                            </div>
                            <div>{case.description.clone()}</div>
                            <div class="hint">{case.date.to_string()}{case.satisfaction.map(|s| format!(" · {}", "★".repeat(s as usize)))}</div>
                            {(!resolved).then(|| view! {
                                <button class="btn btn-small" on:click=move |_| {
                                    let mut c = to_resolve.clone();
                                    c.status = CaseStatus::Resolved;
                                    c.updated_at = Utc::now();
                                    spawn_local(async move { actions::save(state, i18n.lang.get_untracked(), c).await; });
                                }>{i18n.t(Key::MarkResolved)}</button>
                            })}
                        </li>
                    }
                }).collect_view()}
            </ul>
            <details class="override">
                <summary>{i18n.t(Key::AddServiceCase)}</summary>
                <form class="form-grid" novalidate on:submit=add>
                    <div class="field">
                        <label for="sc-kind">{i18n.t(Key::FCaseKind)}</label>
                        <select id="sc-kind" on:change=move |ev| kind.set(if event_target_value(&ev) == "complaint" { ServiceKind::Complaint } else { ServiceKind::AfterSales })>
                            <option value="after_sales">{i18n.t(Key::AfterSales)}</option>
                            <option value="complaint">{i18n.t(Key::Complaint)}</option>
                        </select>
                    </div>
                    <Show when=move || kind.get() == ServiceKind::Complaint>
                        <div class="field">
                            <label for="sc-cause">{i18n.t(Key::FCause)}</label>
                            <select id="sc-cause" on:change=move |ev| {
                                let v = event_target_value(&ev);
                                if let Some(c) = ComplaintCause::ALL.into_iter().find(|c| format!("{c:?}") == v) { cause.set(c) }
                            }>
                                {ComplaintCause::ALL.into_iter().map(|c| view! { <option value=format!("{c:?}")>{cause_label(lang, c)}</option> }).collect_view()}
                            </select>
                        </div>
                    </Show>
                    <div class="field wide" class:invalid=move || tried.get() && description.get().trim().is_empty()>
                        <label for="sc-desc">{i18n.t(Key::FDescription)}" *"</label>
                        <input id="sc-desc" type="text" prop:value=move || description.get() on:input=move |ev| description.set(event_target_value(&ev)) />
                    </div>
                    <div class="field">
                        <label for="sc-sat">{i18n.t(Key::FSatisfaction)}</label>
                        <select id="sc-sat" on:change=move |ev| satisfaction.set(event_target_value(&ev))>
                            <option value="">"—"</option>
                            {(1..=5).map(|n| view! { <option value=n.to_string()>{"★".repeat(n)}</option> }).collect_view()}
                        </select>
                    </div>
                    <div class="field wide"><button type="submit" class="btn btn-primary">{i18n.t(Key::Save)}</button></div>
                </form>
            </details>
        </Panel>
    }
}
