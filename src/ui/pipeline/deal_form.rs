//! Creating and editing a deal 商机: customer, amount, close date, source, probability, MAN with
//! the lead score, competitor, notes, the quote 报价单 with its discount rule and print view, and
//! the stage history.

use crate::ui::customers::follow_up::FollowUpEntry;
use crate::service::PipelineBook;
use crate::ui::components::money_text;
use crate::domain::customers::{FollowUp, LeadSource};
use crate::domain::money::Money;
use crate::domain::pipeline::{discount_problems, quote_totals, rank_for_new, Answer, Deal, LineItem, Man, StageChange, StageKind};
use crate::domain::validation::Problem;
use crate::domain::enum_code;
use crate::ui::actions;
use crate::ui::documents::{PrintQuote, QuoteDocument};
use crate::ui::components::{date_input, ConfirmDialog, FormDrawer};
use crate::ui::i18n::{problem_text, source_label, use_i18n, Key};
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use rust_decimal::Decimal;
use std::collections::HashMap;
use std::sync::Arc;
use crate::domain::sorting::SortShared;

fn decimal(text: &str) -> Option<Decimal> {
    text.trim().replace([',', '，'], "").parse::<Decimal>().ok()
}

#[derive(Clone, Debug, PartialEq)]
struct LineDraft {
    product_id: String,
    quantity: String,
    unit_price: String,
    discount_pct: String,
    reason: String,
}

impl LineDraft {
    fn parse(&self) -> Option<LineItem> {
        Some(LineItem {
            product_id: self.product_id.clone(),
            quantity: decimal(&self.quantity).filter(|q| *q > Decimal::ZERO)?,
            unit_price: Money::parse(&self.unit_price).ok()?,
            discount_pct: if self.discount_pct.trim().is_empty() { Decimal::ZERO } else { decimal(&self.discount_pct).filter(|d| *d >= Decimal::ZERO && *d <= Decimal::ONE_HUNDRED)? },
            discount_reason: self.reason.trim().to_string(),
        })
    }
}

#[component]
pub fn DealForm(initial: Deal, is_new: bool, book: PipelineBook, on_close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let draft = RwSignal::new(initial.clone());
    let customer_text = RwSignal::new(if initial.customer_id.is_empty() { String::new() } else { book.customer_name(&initial.customer_id) });
    let amount = RwSignal::new(if is_new { String::new() } else { initial.amount.to_string() });
    let close = RwSignal::new(initial.expected_close.map(|d| d.to_string()).unwrap_or_default());
    // Set while the close date field holds something the browser cannot read as a date.
    let close_bad = RwSignal::new(false);
    let probability = RwSignal::new(initial.probability.map(|p| p.to_string()).unwrap_or_default());
    let lines = RwSignal::new(
        initial
            .line_items
            .iter()
            .map(|l| LineDraft {
                product_id: l.product_id.clone(),
                quantity: l.quantity.to_string(),
                unit_price: l.unit_price.to_string(),
                discount_pct: l.discount_pct.to_string(),
                reason: l.discount_reason.clone(),
            })
            .collect::<Vec<_>>(),
    );
    let stage = RwSignal::new(initial.stage_id.clone());
    let lost_reason = RwSignal::new(initial.lost_reason.clone().unwrap_or_default());
    let stage_map = book.stage_map.clone();
    let is_lost = Memo::new(move |_| stage.with(|id| stage_map.get(id).is_some_and(|s| s.kind == StageKind::Lost)));
    let follow_quote = RwSignal::new(!initial.line_items.is_empty() && quote_totals(&initial.line_items).total == initial.amount);
    let tried = RwSignal::new(false);
    let confirm_delete = RwSignal::new(false);
    let printing = RwSignal::new(None::<QuoteDocument>);
    let max_discount = book.settings.max_discount_pct;
    let customers = book.customers.clone();
    let products = book.products.clone();

    // The customer id for the typed name (exact, case-insensitive).
    let lookup = customers.clone();
    let customer_id = Memo::new(move |_| {
        let t = customer_text.get().trim().to_lowercase();
        lookup.iter().find(|(_, c)| c.name.to_lowercase() == t).map(|(id, _)| id.clone())
    });
    let parsed_lines = Memo::new(move |_| lines.get().iter().map(LineDraft::parse).collect::<Vec<_>>());
    let totals = Memo::new(move |_| quote_totals(&parsed_lines.get().into_iter().flatten().collect::<Vec<_>>()));

    let build = move || -> (Deal, HashMap<String, Problem>) {
        let mut d = draft.get();
        let mut problems: HashMap<String, Problem> = HashMap::new();
        match customer_id.get() {
            Some(id) => d.customer_id = id,
            None => {
                problems.insert("customer".into(), if customer_text.get().trim().is_empty() { Problem::Required } else { Problem::Malformed(customer_text.get()) });
            }
        }
        let items: Vec<Option<LineItem>> = parsed_lines.get();
        for (i, item) in items.iter().enumerate() {
            if item.is_none() {
                problems.insert(format!("line_items[{i}]"), Problem::Malformed(lines.with(|l| l[i].quantity.clone())));
            }
        }
        d.line_items = items.into_iter().flatten().collect();
        if follow_quote.get() && !d.line_items.is_empty() {
            d.amount = quote_totals(&d.line_items).total;
        } else {
            match amount.get().trim() {
                "" => d.amount = Money::ZERO,
                t => match Money::parse(t) {
                    Ok(m) => d.amount = m,
                    Err(_) => {
                        problems.insert("amount".into(), Problem::Malformed(t.into()));
                    }
                },
            }
        }
        match close.get().trim() {
            _ if close_bad.get() => {
                problems.insert("expected_close".into(), Problem::InvalidDate);
            }
            "" => d.expected_close = None,
            t => match t.parse() {
                Ok(date) => d.expected_close = Some(date),
                Err(_) => {
                    problems.insert("expected_close".into(), Problem::Malformed(t.into()));
                }
            },
        }
        match probability.get().trim() {
            "" => d.probability = None,
            t => match t.trim_end_matches('%').parse::<u8>() {
                Ok(p) if p <= 100 => d.probability = Some(p),
                _ => {
                    problems.insert("probability".into(), Problem::OutOfRange { min: 0, max: 100 });
                }
            },
        }
        if is_lost.get() && lost_reason.get().trim().is_empty() {
            problems.insert("lost_reason".into(), Problem::Required);
        }
        for fp in d.validate().into_iter().chain(discount_problems(&d.line_items, max_discount)) {
            problems.entry(fp.field).or_insert(fp.problem);
        }
        (d, problems)
    };
    let build = StoredValue::new_local(build);
    let problems = Memo::new(move |_| build.with_value(|b| b()).1);
    let error_for = move |field: &'static str| {
        move || tried.get().then(|| problems.with(|p| p.get(field).cloned())).flatten().map(|p| {
            let text = match &p {
                Problem::Malformed(_) if field == "customer" => i18n.t(Key::PickExistingCustomer).to_string(),
                other => problem_text(i18n.get(), other),
            };
            view! { <span class="field-error" role="alert">{text}</span> }
        })
    };
    let book_deals = book.deals.clone();
    let stage_for_save = book.stage_map.clone();
    let offered_reasons = book.lost_reasons_offered(i18n.lang.get_untracked());
    // While a save runs, Save is disabled: a double click writes once.
    let busy = RwSignal::new(false);
    let save = move || {
        tried.set(true);
        let (mut d, problems) = build.with_value(|b| b());
        if !problems.is_empty() || busy.get_untracked() {
            return;
        }
        busy.set(true);
        let now = chrono::Utc::now();
        let chosen = stage.get_untracked();
        if is_new {
            d.stage_id = chosen;
            d.rank = rank_for_new(&book_deals, &d.stage_id);
            d.created_at = now;
            d.stage_history = vec![StageChange { stage_id: d.stage_id.clone(), at: now }];
        } else if let Some(target) = stage_for_save.get(&chosen).filter(|_| chosen != d.stage_id) {
            // The same move as on the board: a stage-history entry, on top of the new column.
            d.move_to(target, rank_for_new(&book_deals, &chosen), now);
        }
        // A typed reason not on the list joins it, in the same write as the deal.
        d.lost_reason = is_lost.get_untracked().then(|| lost_reason.get_untracked().trim().to_string());
        d.updated_at = now;
        let lang = i18n.lang.get_untracked();
        let offered = offered_reasons.clone();
        spawn_local(async move {
            if actions::save_edited(state, lang, d, async |s, d| s.save_deals(vec![d], &offered).await.map(drop)).await {
                let _ = on_close.try_run(());
            } else {
                busy.set(false);
            }
        });
    };
    let delete = move || {
        let d = draft.get_untracked();
        let lang = i18n.lang.get_untracked();
        spawn_local(async move {
            if actions::delete_deal(state, lang, d).await {
                let _ = on_close.try_run(());
            }
        });
    };

    let input = move |label: Key, field: &'static str, signal: RwSignal<String>, kind: &'static str, mode: &'static str| {
        let id = format!("df-{field}");
        view! {
            <div class="field" class:invalid=move || tried.get() && problems.with(|p| p.contains_key(field))>
                <label for=id.clone()>{move || crate::ui::components::in_currency(i18n.t(label))}</label>
                <input id=id type=kind inputmode=mode prop:value=move || signal.get() on:input=move |ev| {
                    if kind == "date" {
                        let (value, bad) = date_input(&ev);
                        close_bad.set(bad);
                        signal.set(value);
                    } else {
                        signal.set(event_target_value(&ev));
                    }
                } />
                {error_for(field)}
            </div>
        }
    };
    let title = RwSignal::new(initial.title.clone());
    let competitor = RwSignal::new(initial.competitor.clone());
    let notes = RwSignal::new(initial.notes.clone());
    Effect::new(move |_| {
        let (t, c, n) = (title.get(), competitor.get(), notes.get());
        draft.update(|d| { d.title = t; d.competitor = c; d.notes = n; });
    });
    let man_field = move |label: Key, get: fn(&Man) -> Answer, set: fn(&mut Man, Answer)| {
        view! {
            <fieldset class="man-field">
                <legend>{move || i18n.t(label)}</legend>
                {[(Answer::Yes, Key::Yes), (Answer::No, Key::No), (Answer::Unknown, Key::Unknown)].map(|(a, k)| view! {
                    <label class="choice" class:checked=move || draft.with(|d| get(&d.man) == a)>
                        <input type="radio" prop:checked=move || draft.with(|d| get(&d.man) == a) on:change=move |_| draft.update(|d| set(&mut d.man, a)) />
                        <span>{move || i18n.t(k)}</span>
                    </label>
                })}
            </fieldset>
        }
    };
    let history_book = book.clone();
    // A won deal offers its contract: made from it in one click, or opened when it exists.
    let contract_stage = book.stage_map.get(&initial.stage_id).is_some_and(|s| s.kind == crate::domain::pipeline::StageKind::Won);
    let stage_choices = book.stages.clone();
    let reason_choices = book.lost_reasons_offered(i18n.lang.get_untracked());
    // The pickers list names in the reader's order.
    let lang = i18n.lang.get_untracked();
    let mut name_list: Vec<_> = customers.values().cloned().collect();
    crate::ui::browser::sort_by_name(&mut name_list, |c| c.name.as_str(), lang);
    let mut on_sale: Vec<crate::domain::products::Product> = products.iter().filter(|p| p.status == crate::domain::products::ProductStatus::OnSale || initial.line_items.iter().any(|l| l.product_id == p.id)).cloned().collect();
    crate::ui::browser::sort_by_name(&mut on_sale, |p| p.name.as_str(), lang);
    let on_sale = Arc::new(on_sale);
    let print_products = products.clone();
    // What this deal holds out of stock (won with "reduce stock when a deal is won" on).
    let taken: Vec<String> = initial
        .stock_taken
        .iter()
        .map(|t| format!("{} ×{}", products.iter().find(|p| p.id == t.product_id).map_or(t.product_id.as_str(), |p| p.name.as_str()), t.units))
        .collect();
    // Printing issues the quote (a number the first time, the next version when the lines
    // changed since), then shows it as a document.
    let print_seller = book.settings.seller.clone();
    let print_quote = move || {
        let items: Vec<LineItem> = parsed_lines.get_untracked().into_iter().flatten().collect();
        // Printed by the rule it is saved by: a line above the maximum discount shows that its
        // reason is missing, and nothing is issued.
        if !discount_problems(&items, max_discount).is_empty() {
            tried.set(true);
            return;
        }
        let (id, rev) = draft.with_untracked(|d| (d.id.clone(), d.rev));
        let lang = i18n.lang.get_untracked();
        let (seller, customer_id, products) = (print_seller.clone(), customer_id.get_untracked().unwrap_or_default(), print_products.clone());
        busy.set(true);
        spawn_local(async move {
            let issued = actions::command(state, lang, async move |s| s.issue_quote(&id, &items).await).await;
            // The form may have been closed meanwhile: then there is nothing to show.
            busy.try_set(false);
            let Some((stored, was)) = issued else { return };
            let Some(title) = draft.try_with_untracked(|d| d.title.clone()) else { return };
            // Only the quote changed: the form carries on from the stored revision, unless
            // another tab had changed the deal (then saving shows that conflict).
            draft.try_update(|d| {
                d.quote = stored.quote.clone();
                if was == rev {
                    d.rev = stored.rev;
                }
            });
            let Some(quote) = stored.quote else { return };
            let customer = actions::read(state, async move |s| s.stored::<crate::domain::customers::Customer>(&customer_id).await).await.ok().flatten();
            printing.try_set(Some(QuoteDocument { quote, title, customer, seller, products }));
            request_animation_frame(move || {
                if let Some(w) = web_sys::window() {
                    let _ = w.print();
                }
            });
        });
    };
    view! {
        <FormDrawer title_id="deal-form-title" title=Signal::derive(move || i18n.t(if is_new { Key::NewDeal } else { Key::EditDeal }).to_string()) wide=true on_close=on_close on_save=Callback::new(move |_| save())
            show_fix=Signal::derive(move || tried.get() && !problems.with(HashMap::is_empty))
            on_delete=(!is_new).then(|| Callback::new(move |_| confirm_delete.set(true))) busy=busy>
            <div class="form-grid">
                {input(Key::DealTitle, "title", title, "text", "text")}
                <div class="field" class:invalid=move || tried.get() && problems.with(|p| p.contains_key("customer"))>
                    <label for="df-customer">{move || i18n.t(Key::FCustomer)}</label>
                    <input id="df-customer" type="text" list="df-customers" autocomplete="off" prop:value=move || customer_text.get()
                        on:input=move |ev| customer_text.set(event_target_value(&ev)) />
                    <datalist id="df-customers">
                        {move || {
                            let t = customer_text.get().to_lowercase();
                            name_list.iter().filter(|c| t.is_empty() || c.name.to_lowercase().contains(&t)).take(50)
                                .map(|c| view! { <option value=c.name.clone()></option> }).collect_view()
                        }}
                    </datalist>
                    {error_for("customer")}
                </div>
                {input(Key::DealAmount, "amount", amount, "text", "decimal")}
                {input(Key::ExpectedClose, "expected_close", close, "date", "text")}
                <div class="field">
                    <label for="df-source">{move || i18n.t(Key::FSource)}</label>
                    <select id="df-source" on:change=move |ev| {
                        let v = event_target_value(&ev);
                        if let Some(s) = LeadSource::ALL.into_iter().find(|s| enum_code(s) == v) { draft.update(|d| d.source = s); }
                    }>
                        {LeadSource::ALL.map(|s| view! {
                            <option value=enum_code(&s) selected=move || draft.with(|d| d.source == s)>{move || source_label(i18n.get(), s)}</option>
                        })}
                    </select>
                </div>
                <div class="field">
                    <label for="df-stage">{move || i18n.t(Key::ColStage)}</label>
                    <select id="df-stage" on:change=move |ev| stage.set(event_target_value(&ev))>
                        {stage_choices.iter().map(|s| {
                            let id = s.id.clone();
                            view! { <option value=s.id.clone() selected=move || stage.with(|x| *x == id)>{s.name.clone()}</option> }
                        }).collect_view()}
                    </select>
                </div>
                <Show when=move || is_lost.get()>
                    <div class="field" class:invalid=move || tried.get() && problems.with(|p| p.contains_key("lost_reason"))>
                        <label for="df-lost-reason">{move || i18n.t(Key::LostReason)}</label>
                        <input id="df-lost-reason" type="text" list="df-lost-reasons" prop:value=move || lost_reason.get()
                            on:input=move |ev| lost_reason.set(event_target_value(&ev)) />
                        <datalist id="df-lost-reasons">
                            {reason_choices.iter().map(|r| view! { <option value=r.clone()></option> }).collect_view()}
                        </datalist>
                        {error_for("lost_reason")}
                    </div>
                </Show>
                {input(Key::ProbabilityOverride, "probability", probability, "text", "numeric")}
                {input(Key::Competitor, "competitor", competitor, "text", "text")}
            </div>
            <h3 class="section-title">{move || i18n.t(Key::ManTitle)}
                <span class="lead-score" data-testid="lead-score">{move || format!("{} {}", i18n.t(Key::LeadScore), draft.with(Deal::lead_score))}</span>
            </h3>
            <div class="man-grid">
                {man_field(Key::ManMoney, |m| m.money, |m, a| m.money = a)}
                {man_field(Key::ManAuthority, |m| m.authority, |m, a| m.authority = a)}
                {man_field(Key::ManNeed, |m| m.need, |m, a| m.need = a)}
            </div>

            <h3 class="section-title">{move || i18n.t(Key::Quote)}</h3>
            <QuoteEditor lines=lines products=on_sale tried=tried problems=problems max_discount=max_discount />
            <div class="quote-totals" data-testid="quote-totals">
                <span>{move || format!("{} {}", i18n.t(Key::Subtotal), money_text(totals.get().subtotal))}</span>
                <span>{move || format!("{} −{}", i18n.t(Key::TotalDiscount), money_text(totals.get().discount))}</span>
                <strong>{move || format!("{} {}", i18n.t(Key::QuoteTotal), money_text(totals.get().total))}</strong>
            </div>
            <div class="actions">
                <label class="check">
                    <input type="checkbox" prop:checked=move || follow_quote.get() on:change=move |ev| follow_quote.set(event_target_checked(&ev)) />
                    {move || i18n.t(Key::AmountFollowsQuote)}
                </label>
                <button type="button" class="btn" disabled=move || is_new || lines.with(Vec::is_empty) || busy.get() on:click=move |_| print_quote()>{move || i18n.t(Key::PrintQuote)}</button>
                {is_new.then(|| view! { <span class="hint">{move || i18n.t(Key::SaveToPrintQuote)}</span> })}
                {move || draft.with(|d| d.quote.as_ref().map(|q| format!("{} · v{} · {}", q.number, q.version, q.issued_on))).map(|q| view! { <span class="hint" data-testid="quote-issued">{q}</span> })}
            </div>
            {(!taken.is_empty()).then(|| {
                let list = taken.join(", ");
                view! { <p class="hint" data-testid="stock-taken">{move || format!("{} {}", i18n.t(Key::StockTakenByDeal), list)}</p> }
            })}

            <div class="field">
                <label for="df-notes">{move || i18n.t(Key::FNotes)}</label>
                <textarea id="df-notes" rows="3" prop:value=move || notes.get() on:input=move |ev| notes.set(event_target_value(&ev))></textarea>
            </div>

            {(!is_new).then(|| view! {
                <h3 class="section-title">{move || i18n.t(Key::StageHistory)}</h3>
                <ol class="history" data-testid="stage-history">
                    {initial.stage_history.iter().rev().map(|c| {
                        let name = history_book.stage_map.get(&c.stage_id).map(|s| s.name.clone()).unwrap_or_else(|| i18n.t(Key::RemovedStage).to_string());
                        let at = c.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string();
                        view! { <li><strong>{name}</strong><span class="muted">{at}</span></li> }
                    }).collect_view()}
                </ol>
                {initial.event_id.as_ref().map(|e| {
                    let name = history_book.events.get(e).cloned().unwrap_or_default();
                    view! {
                        <h3 class="section-title">{move || i18n.t(Key::DealEvent)}</h3>
                        <p data-testid="deal-event"><span class="tag tag-event cell-text">{name}</span></p>
                    }
                })}
                {initial.consent.as_ref().map(|c| {
                    let at = c.at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string();
                    view! {
                        <details class="consent-given" data-testid="deal-consent">
                            <summary>{move || i18n.t(Key::ConsentGiven)}" · "{at}</summary>
                            <p class="consent-text">{c.text.clone()}</p>
                        </details>
                    }
                })}
                <crate::ui::photo::DealPhotos deal_id=initial.id.clone() />
                <DealFollowUps deal=initial.clone() />
                {contract_stage.then(|| view! { <DealContract deal=initial.clone() /> })}
            })}
        </FormDrawer>
        <ConfirmDialog
            open=confirm_delete
            title=Signal::derive(move || i18n.t(Key::ConfirmDeleteDealTitle).to_string())
            body=Signal::derive(move || i18n.t(Key::ConfirmDeleteDealBody).to_string())
            confirm_label=Signal::derive(move || i18n.t(Key::Delete).to_string())
            cancel_label=Signal::derive(move || i18n.t(Key::Cancel).to_string())
            danger=true
            on_confirm=Callback::new(move |_| delete())
        />
        {move || printing.get().map(|doc| view! { <PrintQuote doc=doc on_done=Callback::new(move |_| printing.set(None)) /> })}
    }
}

/// A won deal's contracts (links to them), or a button that drafts one from the deal.
#[component]
fn DealContract(deal: Deal) -> impl IntoView {
    use crate::ui::router::contract_href;
    let i18n = use_i18n();
    let state = use_app();
    let list = RwSignal::new(None::<Vec<crate::domain::contracts::Contract>>);
    let busy = RwSignal::new(false);
    {
        let deal_id = deal.id.clone();
        spawn_local(async move {
            match actions::read(state, async move |s| s.deal_contracts(&deal_id).await).await {
                Ok(mine) => list.set(Some(mine)),
                Err(e) => actions::fail(&state, i18n.lang.get_untracked(), &e),
            }
        });
    }
    let create = move |_| {
        let deal = deal.clone();
        let lang = i18n.lang.get_untracked();
        busy.set(true);
        spawn_local(async move {
            if let Some(c) = actions::command(state, lang, async move |s| s.create_contract(&crate::domain::contracts::create::NewContract::from_deal(&deal), lang).await).await {
                state.toast(crate::ui::state::ToastKind::Success, format!("{} {}", Key::ContractCreated.text(lang), c.number), None);
                let _ = window().location().set_hash(&contract_href(&c.id));
            }
            busy.set(false);
        });
    };
    view! {
        <h3 class="section-title">{move || i18n.t(Key::NavContracts)}</h3>
        <div data-testid="deal-contract">
            {move || list.get().map(|l| if l.is_empty() {
                view! {
                    <button type="button" class="btn btn-primary" disabled=move || busy.get() on:click=create.clone()>{i18n.t(Key::CreateContract)}</button>
                }.into_any()
            } else {
                l.into_iter().map(|c| view! {
                    <a class="btn" href=contract_href(&c.id)>{format!("{} · {}", c.number, crate::ui::i18n::contract_status_label(i18n.get(), c.status))}</a>
                }).collect_view().into_any()
            })}
        </div>
    }
}

/// The deal's follow-ups, newest first, and a place to log the next one.
#[component]
fn DealFollowUps(deal: Deal) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let list = RwSignal::new(None::<Vec<FollowUp>>);
    let (deal_id, customer_id) = (deal.id.clone(), deal.customer_id.clone());
    {
        let deal_id = deal_id.clone();
        spawn_local(async move {
            match actions::read(state, async move |s| s.deal_follow_ups(&deal_id).await).await {
                Ok(mine) => list.set(Some(mine)),
                Err(e) => actions::fail(&state, i18n.lang.get_untracked(), &e),
            }
        });
    }
    let on_logged = Callback::new(move |f: FollowUp| {
        list.update(|l| {
            let l = l.get_or_insert_with(Vec::new);
            l.push(f);
            l.sort_by_shared(|a, b| b.date.cmp(&a.date).then(b.created_at.cmp(&a.created_at)));
        });
    });
    view! {
        <h3 class="section-title">{move || i18n.t(Key::FollowUpsTitle)}</h3>
        <ol class="history" data-testid="deal-follow-ups">
            {move || list.with(|l| match l {
                None => ().into_any(),
                Some(l) if l.is_empty() => view! { <li class="muted">{i18n.t(Key::NothingYet)}</li> }.into_any(),
                Some(l) => l.iter().map(|f| view! { <li>{crate::ui::customers::follow_up::follow_up_line(i18n.get(), f)}</li> }).collect_view().into_any(),
            })}
        </ol>
        <FollowUpEntry customer_id=customer_id deal_id=deal_id id_prefix="dfu" on_logged=on_logged />
    }
}

#[component]
fn QuoteEditor(
    lines: RwSignal<Vec<LineDraft>>,
    products: Arc<Vec<crate::domain::products::Product>>,
    tried: RwSignal<bool>,
    problems: Memo<HashMap<String, Problem>>,
    max_discount: Decimal,
) -> impl IntoView {
    let i18n = use_i18n();
    let count = Memo::new(move |_| lines.with(Vec::len));
    let first = products.first().cloned();
    let add = move |_| {
        if let Some(p) = &first {
            lines.update(|l| l.push(LineDraft { product_id: p.id.clone(), quantity: "1".into(), unit_price: p.list_price.to_string(), discount_pct: "0".into(), reason: String::new() }));
        }
    };
    let no_products = products.is_empty();
    view! {
        <div class="quote-lines">
            {move || (0..count.get()).map(|i| {
                let products = products.clone();
                let get = move |f: fn(&LineDraft) -> String| lines.with(|l| l.get(i).map(f).unwrap_or_default());
                let set = move |f: fn(&mut LineDraft, String), v: String| lines.update(|l| if let Some(x) = l.get_mut(i) { f(x, v) });
                let over = move || lines.with(|l| l.get(i).and_then(|x| decimal(&x.discount_pct)).is_some_and(|d| d > max_discount));
                let line_bad = move || tried.get() && problems.with(|p| p.contains_key(&format!("line_items[{i}]")));
                let reason_bad = move || tried.get() && problems.with(|p| p.contains_key(&format!("line_items[{i}].discount_reason")));
                let price_of: HashMap<String, String> = products.iter().map(|p| (p.id.clone(), p.list_price.to_string())).collect();
                view! {
                    <div class="quote-line" class:invalid=line_bad data-testid="quote-line">
                        <select aria-label=move || i18n.t(Key::Product) on:change=move |ev| {
                            let v = event_target_value(&ev);
                            let price = price_of.get(&v).cloned().unwrap_or_default();
                            lines.update(|l| if let Some(x) = l.get_mut(i) { x.product_id = v; x.unit_price = price; });
                        }>
                            {products.iter().map(|p| {
                                let id = p.id.clone();
                                view! { <option value=p.id.clone() selected=move || get(|x| x.product_id.clone()) == id>{format!("{} · {}", p.code, p.name)}</option> }
                            }).collect_view()}
                        </select>
                        <input aria-label=move || i18n.t(Key::Quantity) class="qty" inputmode="decimal" prop:value=move || get(|x| x.quantity.clone())
                            on:input=move |ev| set(|x, v| x.quantity = v, event_target_value(&ev)) />
                        <input aria-label=move || i18n.t(Key::UnitPrice) class="price" inputmode="decimal" prop:value=move || get(|x| x.unit_price.clone())
                            on:input=move |ev| set(|x, v| x.unit_price = v, event_target_value(&ev)) />
                        <input aria-label=move || i18n.t(Key::DiscountPct) class="pct" inputmode="decimal" class:flagged=over prop:value=move || get(|x| x.discount_pct.clone())
                            on:input=move |ev| set(|x, v| x.discount_pct = v, event_target_value(&ev)) />
                        <span class="line-total num">{move || lines.with(|l| l.get(i).and_then(LineDraft::parse).map(|x| money_text(x.total())).unwrap_or_else(|| "—".into()))}</span>
                        <button type="button" class="icon-button" aria-label=move || i18n.t(Key::RemoveLine) on:click=move |_| lines.update(|l| { if i < l.len() { l.remove(i); } })>"×"</button>
                        <Show when=over>
                            <div class="discount-reason" class:invalid=reason_bad>
                                <span class="tag tag-warn">{move || format!("{} {}%", i18n.t(Key::AboveMaxDiscount), max_discount)}</span>
                                <input aria-label=move || i18n.t(Key::DiscountReason) placeholder=move || i18n.t(Key::DiscountReason)
                                    prop:value=move || get(|x| x.reason.clone()) on:input=move |ev| set(|x, v| x.reason = v, event_target_value(&ev)) />
                                {move || reason_bad().then(|| view! { <span class="field-error" role="alert">{i18n.t(Key::DiscountNeedsReason)}</span> })}
                            </div>
                        </Show>
                    </div>
                }
            }).collect_view()}
            <button type="button" class="btn" disabled=no_products on:click=add>{move || i18n.t(Key::AddLine)}</button>
            {no_products.then(|| view! { <p class="hint">{move || i18n.t(Key::NoProductsForQuote)}</p> })}
        </div>
    }
}
