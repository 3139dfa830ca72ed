//! Analytics → products: ABC classification by revenue over a chosen period (seed 000 §1.2),
//! and each product's stock figures — demand, EOQ, safety stock at 95 %, reorder point and
//! turnover days — with "reorder now" where stock is at or below the reorder point.

use crate::domain::money::Money;
use crate::domain::period::Period;
use crate::domain::products::analysis::{abc_of_sales, average_stocks, category_table, SalesIndex, stock_figures, z_for, AbcClass, CategoryRow};
use crate::domain::products::Product;
use crate::domain::sales::growth;
use crate::ui::charts::{BarChart, ChartData, LineScale, Series};
use crate::service::today;
use crate::ui::actions;
use crate::ui::components::{live, loaded, money_text, Icon, Panel};
use crate::ui::i18n::{use_i18n, Key};
use crate::ui::state::use_app;
use leptos::prelude::*;
use rust_decimal::Decimal;
use std::collections::BTreeMap;
use std::sync::Arc;

/// The most products a Pareto chart draws (the table lists them all).
const PARETO_SHOWN: usize = 30;

#[derive(Clone)]
struct Book {
    points: Arc<Vec<crate::domain::products::stock::StockPoint>>,
    index: Arc<SalesIndex>,
    products: Arc<Vec<Product>>,
}

/// The ABC cut-offs as typed, the service level and the category level.
#[derive(Clone, Copy)]
pub struct Choices {
    a_text: RwSignal<String>,
    b_text: RwSignal<String>,
    service_level: RwSignal<u8>,
    level: RwSignal<usize>,
}

impl Choices {
    pub fn new() -> Choices {
        Choices {
            a_text: RwSignal::new("80".to_string()),
            b_text: RwSignal::new("95".to_string()),
            service_level: RwSignal::new(95u8),
            level: RwSignal::new(1usize),
        }
    }
}

#[component]
pub fn ProductAnalysis(period: Signal<Period>) -> impl IntoView {
    let i18n = use_i18n();
    let book = live(|s| async move {
        // Every won line once, as the service keeps it until a deal or a stage is written; what
        // a period sold, per product, is one slice of it (the ABC table and the categories).
        Ok(Book { index: s.sales_index().await?, products: Arc::new(s.products().await?), points: Arc::new(s.stock_points().await?) })
    });
    // What the reader chose here outlives a read again after a write (in this tab or another):
    // the Analytics page keeps it above everything it reads again.
    let choices = use_context::<Choices>().unwrap_or_else(Choices::new);
    view! {
        <Panel title=Signal::derive(move || i18n.t(Key::AnProducts).to_string())>
            {loaded(book, move |b: Book| view! { <Tables book=b period=period choices=choices /> })}
        </Panel>
    }
}

pub fn class_letter(c: AbcClass) -> &'static str {
    match c {
        AbcClass::A => "A",
        AbcClass::B => "B",
        AbcClass::C => "C",
    }
}

#[component]
fn Tables(book: Book, period: Signal<Period>, choices: Choices) -> impl IntoView {
    let Choices { a_text, b_text, service_level, level } = choices;
    let i18n = use_i18n();
    let state = use_app();
    let names: Arc<BTreeMap<String, String>> = Arc::new(book.products.iter().map(|p| (p.id.clone(), format!("{} {}", p.code, p.name))).collect());
    let products = book.products.clone();
    let index = book.index.clone();
    let sales_index = index.clone();
    let sales = Memo::new(move |_| sales_index.sales(period.get()));
    // The ABC cut-offs (cumulative share, %), as typed; applied when they make sense.
    let cuts = Memo::new(move |_| -> Result<(Decimal, Decimal), Key> {
        let parse = |t: String| t.trim().trim_end_matches('%').trim().parse::<Decimal>().ok();
        match (parse(a_text.get()), parse(b_text.get())) {
            (Some(a), Some(b)) if a > Decimal::ZERO && a < b && b <= Decimal::ONE_HUNDRED => Ok((a, b)),
            _ => Err(Key::AbcCutsInvalid),
        }
    });
    let applied = Memo::new(move |prev: Option<&(Decimal, Decimal)>| cuts.get().unwrap_or_else(|_| prev.copied().unwrap_or((Decimal::from(80), Decimal::from(95)))));
    let rows = Memo::new(move |_| {
        let (a, b) = applied.get();
        sales.with(|s| abc_of_sales(&products, s, a, b))
    });
    // Stock figures from the trailing 365 days, whatever the period above.
    // Safety stock at the service level chosen (90 / 95 / 98 / 99 %).
    let (stock_book, stock_index) = (book.clone(), index.clone());
    let figures = Memo::new(move |_| {
        let z = z_for(service_level.get()).unwrap_or(1.645);
        stock_figures(&stock_book.products, &stock_index, today(), z, &stock_book.points)
    });
    let stock_names: Arc<Vec<String>> = Arc::new(book.products.iter().map(|p| format!("{} {}", p.code, p.name)).collect());
    // Product, stock, units a day, EOQ, safety stock / reorder point, turnover days, reorder now.
    let stock_cells = move |lang: crate::domain::Locale| -> Vec<([String; 6], bool)> {
        let why = |w| format!("— {}", crate::ui::i18n::not_computed(lang, w));
        figures.with(|fs| fs.iter().zip(stock_names.iter()).map(|(f, name)| ([
            name.clone(),
            f.stock.to_string(),
            format!("{:.2}", f.mean_daily),
            f.eoq.map(|q| q.to_string()).unwrap_or_else(why),
            f.safety_reorder.map(|(s, r)| format!("{s} / {r}")).unwrap_or_else(why),
            f.turnover_days.map(|t| format!("{t:.1}")).unwrap_or_else(why),
        ], f.reorder_now())).collect())
    };
    let export_cells = stock_cells.clone();
    let export_stock = move |_| {
        let lang = i18n.lang.get_untracked();
        let header = [Key::Product, Key::StockCol, Key::DemandPerDay, Key::Eoq, Key::SafetyReorder, Key::TurnoverDays, Key::ReorderNow].map(|k| k.text(lang));
        let body: Vec<Vec<String>> = export_cells(lang).into_iter().map(|(cells, now)| {
            let mut row = cells.to_vec();
            row.push(if now { Key::ReorderNow.text(lang).to_string() } else { String::new() });
            row
        }).collect();
        actions::offer_csv(state, lang, "product-stock", &header, &body);
    };
    // Pareto: the products with revenue, highest first, with the cumulative share.
    let pareto_names = names.clone();
    let pareto = Signal::derive(move || {
        let lang = i18n.get();
        let r = rows.get().0;
        let ranked: Vec<_> = r.iter().filter(|x| x.revenue > Money::ZERO).take(PARETO_SHOWN).collect();
        let code = |id: &str| pareto_names.get(id).and_then(|n| n.split(' ').next().map(str::to_string)).unwrap_or_default();
        ChartData {
            title: Key::ParetoTitle.text(lang).to_string(),
            x_title: Key::Product.text(lang).to_string(),
            y_title: Key::Revenue.text(lang).to_string(),
            labels: ranked.iter().map(|x| code(&x.product_id)).collect(),
            bars: Series::money(Key::Revenue.text(lang), &ranked.iter().map(|x| x.revenue).collect::<Vec<_>>()),
            line: Some(Series::new(
                Key::CumulativePct.text(lang),
                ranked.iter().map(|x| x.cumulative.to_string().parse().unwrap_or(0.0)).collect(),
                ranked.iter().map(|x| format!("{} %", x.cumulative)).collect(),
            )),
            line_scale: LineScale::Percent,
        }
    });
    // Seed table 1: categories rolled up to a level, with growth against the period before.
    let depth = book.products.iter().map(|p| p.category.len()).max().unwrap_or(1).clamp(1, 4);
    let (cat_products, cat_points) = (book.products.clone(), book.points.clone());
    let categories = Memo::new(move |_| {
        let p = period.get();
        let before = p.previous().map(|prev| index.sales(prev));
        // All time is as long as the book's sales go back.
        let days = if p.is_open_start() { index.first_day().map_or(365, |first| (p.to - first).num_days() + 1).max(1) } else { p.days() };
        let averages = average_stocks(&cat_products, &cat_points, p);
        sales.with(|now| (category_table(&cat_products, now, before.as_ref(), level.get(), days, &averages), now.no_product))
    });
    let category_cells = move |r: &CategoryRow, lang: crate::domain::Locale| -> [String; 5] {
        [
            if r.path.is_empty() { Key::Uncategorised.text(lang).to_string() } else { r.path.join(" / ") },
            r.revenue.to_string(),
            growth(r.revenue, r.previous).map_or_else(|| "—".into(), |g| format!("{}%", (g * Decimal::ONE_HUNDRED).round_dp(1).normalize())),
            r.stock.to_string(),
            r.turnover_days.map(|t| format!("{t:.1}")).unwrap_or_else(|why| format!("— {}", crate::ui::i18n::not_computed(lang, why))),
        ]
    };
    let export_categories = move |_| {
        let lang = i18n.lang.get_untracked();
        let header = [Key::Category, Key::Revenue, Key::Growth, Key::StockCol, Key::TurnoverDays].map(|k| k.text(lang));
        let body: Vec<Vec<String>> = categories.get_untracked().0.iter().map(|r| category_cells(r, lang).to_vec()).collect();
        actions::offer_csv(state, lang, "product-categories", &actions::priced(&header, &[1]), &body);
    };
    let export_names = names.clone();
    let export = move |_| {
        let lang = i18n.lang.get_untracked();
        let header = [Key::Rank, Key::Product, Key::Revenue, Key::SharePct, Key::CumulativePct, Key::AbcClassCol].map(|k| k.text(lang));
        let body: Vec<Vec<String>> = rows.get_untracked().0.iter().enumerate().map(|(i, r)| vec![
            (i + 1).to_string(), export_names.get(&r.product_id).cloned().unwrap_or_default(), r.revenue.to_string(), format!("{} %", r.share), format!("{} %", r.cumulative), class_letter(r.class).to_string(),
        ]).collect();
        actions::offer_csv(state, lang, "product-abc", &actions::priced(&header, &[2]), &body);
    };
    view! {
        <div class="toolbar">
            <label class="field-inline">
                <span class="hint">{move || i18n.t(Key::AbcCutA)}" "</span>
                <input class="input input-pct" inputmode="decimal" data-testid="abc-cut-a" aria-label=move || i18n.t(Key::AbcCutA)
                    class:invalid=move || cuts.with(|c| c.is_err()) prop:value=move || a_text.get() on:input=move |ev| a_text.set(event_target_value(&ev)) />
            </label>
            <label class="field-inline">
                <span class="hint">{move || i18n.t(Key::AbcCutB)}" "</span>
                <input class="input input-pct" inputmode="decimal" data-testid="abc-cut-b" aria-label=move || i18n.t(Key::AbcCutB)
                    class:invalid=move || cuts.with(|c| c.is_err()) prop:value=move || b_text.get() on:input=move |ev| b_text.set(event_target_value(&ev)) />
            </label>
            {move || cuts.get().err().map(|k| view! { <span class="field-error" role="alert" data-testid="abc-cuts-error">{move || i18n.t(k)}</span> })}
            <button class="btn" on:click=export><Icon name="download" />{move || i18n.t(Key::ExportCsv)}</button>
        </div>
        <p class="hint" data-testid="abc-how">{move || { let (a, b) = applied.get(); crate::ui::i18n::abc_how(i18n.get(), a, b) }}</p>
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
                            <td class="num">{money_text(r.revenue)}</td>
                            <td class="num">{format!("{} %", r.share)}</td>
                            <td class="num">{format!("{} %", r.cumulative)}</td>
                            <td><span class=if r.class == AbcClass::A { "tag tag-warn" } else { "tag" }>{class_letter(r.class)}</span></td>
                        </tr>
                    }).collect_view()}
                </tbody>
                <tfoot><tr><th colspan="2">{move || i18n.t(Key::NoProductRevenue)}</th><th class="num">{move || money_text(rows.get().1)}</th><th colspan="3"></th></tr></tfoot>
            </table>
        </div>
        <BarChart data=pareto testid="pareto-chart" />
        <h3 class="section-title">{move || i18n.t(Key::CategoryTable)}</h3>
        <div class="toolbar">
            <label class="field-inline">
                <span class="hint">{move || i18n.t(Key::CategoryLevel)}" "</span>
                <select class="select" data-testid="category-level" aria-label=move || i18n.t(Key::CategoryLevel)
                    on:change=move |ev| level.set(event_target_value(&ev).parse().unwrap_or(1))>
                    {(1..=depth).map(|l| view! { <option value=l.to_string() selected=move || level.get() == l>{l}</option> }).collect_view()}
                </select>
            </label>
            <button class="btn" on:click=export_categories><Icon name="download" />{move || i18n.t(Key::ExportCsv)}</button>
        </div>
        <div class="table-wrap">
            <table class="table" data-testid="category-table">
                <thead><tr>
                    <th>{move || i18n.t(Key::Category)}</th>
                    <th class="num">{move || i18n.t(Key::Revenue)}</th>
                    <th class="num">{move || i18n.t(Key::Growth)}</th>
                    <th class="num">{move || i18n.t(Key::StockCol)}</th>
                    <th class="num">{move || i18n.t(Key::TurnoverDays)}</th>
                </tr></thead>
                <tbody>
                    {move || {
                        let lang = i18n.get();
                        categories.get().0.iter().map(|r| {
                            let [name, revenue, g, stock, turn] = category_cells(r, lang);
                            let revenue = Money::parse(&revenue).map(money_text).unwrap_or(revenue);
                            view! { <tr><td>{name}</td><td class="num">{revenue}</td><td class="num">{g}</td><td class="num">{stock}</td><td class="num">{turn}</td></tr> }
                        }).collect_view()
                    }}
                </tbody>
                <tfoot><tr><th>{move || i18n.t(Key::NoProductRevenue)}</th><th class="num">{move || money_text(categories.get().1)}</th><th colspan="3"></th></tr></tfoot>
            </table>
        </div>
        <p class="hint">{move || i18n.t(Key::CategoryHow)}</p>
        <h3 class="section-title">{move || i18n.t(Key::StockFigures)}</h3>
        <p class="hint" data-testid="stock-how">{move || { let l = service_level.get(); crate::ui::i18n::stock_how(i18n.get(), l, z_for(l).unwrap_or(1.645)) }}</p>
        <div class="toolbar">
            <label class="field-inline">
                <span class="hint">{move || i18n.t(Key::ServiceLevel)}" "</span>
                <select class="select" data-testid="service-level" aria-label=move || i18n.t(Key::ServiceLevel)
                    on:change=move |ev| service_level.set(event_target_value(&ev).parse().unwrap_or(95))>
                    {[90u8, 95, 98, 99].map(|l| view! { <option value=l.to_string() selected=move || service_level.get() == l>{format!("{l} % (z = {})", z_for(l).unwrap_or_default())}</option> })}
                </select>
            </label>
            <button class="btn" on:click=export_stock><Icon name="download" />{move || i18n.t(Key::ExportCsv)}</button>
        </div>
        <div class="table-wrap">
            <table class="table stock-table" data-testid="product-stock">
                <thead><tr>
                    <th>{move || i18n.t(Key::Product)}</th>
                    <th class="num">{move || i18n.t(Key::StockCol)}</th>
                    <th class="num">{move || i18n.t(Key::DemandPerDay)}</th>
                    <th class="num">{move || i18n.t(Key::Eoq)}</th>
                    <th class="num">{move || i18n.t(Key::SafetyReorder)}</th>
                    <th class="num">{move || i18n.t(Key::TurnoverDays)}</th>
                </tr></thead>
                <tbody>
                    {move || stock_cells(i18n.get()).into_iter().map(|([name, stock, mean, e, sr, turn], now)| view! {
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
