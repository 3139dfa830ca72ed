//! Analytics → products: ABC classification by revenue over a chosen period (seed 000 §1.2),
//! and each product's stock figures — demand, EOQ, safety stock at 95 %, reorder point and
//! turnover days — with "reorder now" where stock is at or below the reorder point.

use crate::domain::money::Money;
use crate::domain::period::PeriodChoice;
use crate::domain::pipeline::{Deal, StageKind};
use crate::domain::products::analysis::{abc, demand, eoq, product_sales, safety_and_reorder, turnover_days, z_for, AbcClass, NotComputed};
use crate::domain::products::Product;
use crate::service::today;
use crate::ui::actions;
use crate::ui::components::{live, loaded, yuan, Icon, Panel};
use crate::ui::i18n::{period_label, use_i18n, Key};
use crate::ui::state::use_app;
use chrono::Duration;
use leptos::prelude::*;
use rust_decimal::Decimal;
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

#[derive(Clone)]
struct Book {
    deals: Arc<Vec<Deal>>,
    won: Arc<HashSet<String>>,
    products: Arc<Vec<Product>>,
}

#[component]
pub fn ProductAnalysis() -> impl IntoView {
    let i18n = use_i18n();
    let book = live(|s| async move {
        let stages = s.stages().await?;
        let won = stages.iter().filter(|st| st.kind == StageKind::Won).map(|st| st.id.clone()).collect();
        Ok(Book { deals: Arc::new(s.deals().await?), won: Arc::new(won), products: Arc::new(s.products().await?) })
    });
    view! {
        <Panel title=Signal::derive(move || i18n.t(Key::AnProducts).to_string())>
            <p class="hint">{move || i18n.t(Key::AnProductsHow)}</p>
            {loaded(book, move |b: Book| view! { <Tables book=b /> })}
        </Panel>
    }
}

fn class_letter(c: AbcClass) -> &'static str {
    match c {
        AbcClass::A => "A",
        AbcClass::B => "B",
        AbcClass::C => "C",
    }
}

#[component]
fn Tables(book: Book) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let period = RwSignal::new(PeriodChoice::Last12Months);
    let names: Arc<BTreeMap<String, String>> = Arc::new(book.products.iter().map(|p| (p.id.clone(), format!("{} {}", p.code, p.name))).collect());
    let (deals, won) = (book.deals.clone(), book.won.clone());
    let products = book.products.clone();
    let rows = Memo::new(move |_| {
        let sales = product_sales(&deals, |id| won.contains(id), period.get().period(today()));
        // Every product is ranked, those without sales as C.
        let revenues: Vec<(String, Money)> = products.iter().map(|p| (p.id.clone(), sales.per_product.get(&p.id).map_or(Money::ZERO, |s| s.revenue))).collect();
        (abc(&revenues, Decimal::from(80), Decimal::from(95)), sales.no_product)
    });
    // Stock figures from the trailing 365 days, whatever the period above.
    let day = today();
    let window = crate::domain::period::Period { from: day - Duration::days(364), to: day };
    let mut daily: BTreeMap<String, BTreeMap<chrono::NaiveDate, Decimal>> = BTreeMap::new();
    for d in book.deals.iter().filter(|d| book.won.contains(&d.stage_id) && window.contains(d.won_on())) {
        for l in &d.line_items {
            *daily.entry(l.product_id.clone()).or_default().entry(d.won_on()).or_default() += l.quantity;
        }
    }
    let z = z_for(95).unwrap_or(1.645);
    let lang = i18n.lang.get_untracked();
    let stock_rows: Vec<(String, i64, String, String, String, String, bool)> = book.products.iter().map(|p| {
        let units: Vec<Decimal> = daily.get(&p.id).map(|m| m.values().copied().collect()).unwrap_or_default();
        let d = demand(&units, 365);
        let mean = d.map_or(0.0, |d| d.mean);
        let e = eoq(mean * 365.0, p.ordering_cost, p.holding_cost);
        let sr = d.ok_or(NotComputed::NoDemand).and_then(|d| safety_and_reorder(d, z, p.lead_time_days));
        let turn = turnover_days(p.stock.max(0) as f64, mean);
        let reorder_now = sr.is_ok_and(|(_, rop)| p.stock <= rop as i64);
        (
            format!("{} {}", p.code, p.name),
            p.stock,
            format!("{mean:.2}"),
            e.map(|q| q.to_string()).unwrap_or_else(|why| format!("— {}", crate::ui::i18n::not_computed(lang, why))),
            sr.map(|(s, r)| format!("{s} / {r}")).unwrap_or_else(|why| format!("— {}", crate::ui::i18n::not_computed(lang, why))),
            turn.map(|t| format!("{t:.1}")).unwrap_or_else(|why| format!("— {}", crate::ui::i18n::not_computed(lang, why))),
            reorder_now,
        )
    }).collect();
    let export_names = names.clone();
    let export = move |_| {
        let lang = i18n.lang.get_untracked();
        let header = [Key::Rank, Key::Product, Key::Revenue, Key::SharePct, Key::CumulativePct, Key::AbcClassCol].map(|k| k.text(lang));
        let body: Vec<Vec<String>> = rows.get_untracked().0.iter().enumerate().map(|(i, r)| vec![
            (i + 1).to_string(), export_names.get(&r.product_id).cloned().unwrap_or_default(), r.revenue.to_string(), r.share.to_string(), r.cumulative.to_string(), class_letter(r.class).to_string(),
        ]).collect();
        actions::offer_csv(state, lang, "product-abc", &header, &body);
    };
    view! {
        <div class="toolbar">
            <select class="select" aria-label=move || i18n.t(Key::AnPeriod) on:change=move |ev| period.set(PeriodChoice::from_code(&event_target_value(&ev)).unwrap_or(PeriodChoice::Last12Months))>
                {PeriodChoice::ALL.map(|p| view! { <option value=p.code() selected=move || period.get() == p>{move || i18n.t(period_label(p))}</option> })}
            </select>
            <button class="btn" on:click=export><Icon name="download" />{move || i18n.t(Key::ExportCsv)}</button>
        </div>
        <div class="table-wrap">
            <table class="table" data-testid="product-abc">
                <thead><tr>
                    <th class="num">{move || i18n.t(Key::Rank)}</th>
                    <th>{move || i18n.t(Key::Product)}</th>
                    <th class="num">{move || i18n.t(Key::Revenue)}</th>
                    <th class="num">{move || i18n.t(Key::SharePct)}</th>
                    <th class="num">{move || i18n.t(Key::CumulativePct)}</th>
                    <th>{move || i18n.t(Key::AbcClassCol)}</th>
                </tr></thead>
                <tbody>
                    {move || rows.get().0.into_iter().enumerate().map(|(i, r)| view! {
                        <tr>
                            <td class="num">{i + 1}</td>
                            <td>{names.get(&r.product_id).cloned().unwrap_or_default()}</td>
                            <td class="num">{yuan(r.revenue)}</td>
                            <td class="num">{format!("{} %", r.share)}</td>
                            <td class="num">{format!("{} %", r.cumulative)}</td>
                            <td><span class=if r.class == AbcClass::A { "tag tag-warn" } else { "tag" }>{class_letter(r.class)}</span></td>
                        </tr>
                    }).collect_view()}
                </tbody>
                <tfoot><tr><th colspan="2">{move || i18n.t(Key::NoProductRevenue)}</th><th class="num">{move || yuan(rows.get().1)}</th><th colspan="3"></th></tr></tfoot>
            </table>
        </div>
        <h3 class="section-title">{move || i18n.t(Key::StockFigures)}</h3>
        <p class="hint">{move || i18n.t(Key::StockFiguresHow)}</p>
        <div class="table-wrap">
            <table class="table" data-testid="product-stock">
                <thead><tr>
                    <th>{move || i18n.t(Key::Product)}</th>
                    <th class="num">{move || i18n.t(Key::StockCol)}</th>
                    <th class="num">{move || i18n.t(Key::DemandPerDay)}</th>
                    <th class="num">"EOQ"</th>
                    <th class="num">{move || i18n.t(Key::SafetyReorder)}</th>
                    <th class="num">{move || i18n.t(Key::TurnoverDays)}</th>
                </tr></thead>
                <tbody>
                    {stock_rows.into_iter().map(|(name, stock, mean, e, sr, turn, now)| view! {
                        <tr>
                            <td>{name}{now.then(|| view! { " " <span class="tag tag-danger">{move || i18n.t(Key::ReorderNow)}</span> })}</td>
                            <td class="num">{stock}</td>
                            <td class="num">{mean}</td>
                            <td class="num">{e}</td>
                            <td class="num">{sr}</td>
                            <td class="num">{turn}</td>
                        </tr>
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
}
