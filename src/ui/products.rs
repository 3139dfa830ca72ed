//! Products 商品: the category tree, search, status filter and sort, and a form that builds
//! codes by the unified rule (Settings → product code pattern).

use crate::ui::components::money_text;
use crate::domain::codes::next_product_code;
use crate::domain::money::Money;
use crate::domain::products::{category_tree, find_products, CategoryNode, Product, ProductQuery, ProductSort, ProductStatus};
use crate::domain::settings::Settings;
use crate::domain::period::PeriodChoice;
use crate::domain::products::analysis::{abc_of_sales, AbcClass};
use crate::ui::analytics::class_letter;
use rust_decimal::Decimal;
use crate::domain::validation::Problem;
use crate::service::ServiceError;
use crate::service::{new_id, Service};
use crate::ui::actions;
use crate::ui::components::{live, loaded, once_loaded, ConfirmDialog, FormDrawer, Icon};
use crate::ui::import::{csv_import, ProductSpec};
use crate::domain::products::export as product_csv;
use crate::ui::i18n::{problem_text, product_status_label, use_i18n, Key};
use crate::ui::state::use_app;
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::collections::HashMap;
use std::sync::Arc;

#[derive(Clone)]
struct Catalogue {
    products: Arc<Vec<Product>>,
    pattern: String,
    /// Each product's ABC class by revenue over the last 12 months (as Analytics shows it).
    classes: Arc<HashMap<String, AbcClass>>,
}

async fn load(s: Service) -> Result<Catalogue, ServiceError> {
    let products = s.products().await?;
    let period = PeriodChoice::Last12Months.period(crate::service::today());
    let (rows, _) = abc_of_sales(&products, &s.sales_index().await?.sales(period), Decimal::from(80), Decimal::from(95));
    let classes = rows.into_iter().map(|r| (r.product_id, r.class)).collect();
    Ok(Catalogue { products: Arc::new(products), pattern: s.settings().await?.product_code_pattern, classes: Arc::new(classes) })
}

#[component]
pub fn ProductsPage() -> impl IntoView {
    let i18n = use_i18n();
    let data = live(load);
    let query = RwSignal::new(ProductQuery::default());
    let editing = RwSignal::new(None::<(Product, bool)>);
    let importing = RwSignal::new(false);
    let open_new = once_loaded(data, move |(), _| {
        let now = chrono::Utc::now();
        let category = query.get_untracked().category;
        editing.set(Some((
            Product {
                id: new_id("prd"), code: String::new(), name: String::new(), category, brand: String::new(),
                unit: String::new(), list_price: Money::ZERO, cost: Money::ZERO, stock: 0, lead_time_days: 0,
                ordering_cost: Money::ZERO, holding_cost: Money::ZERO, status: ProductStatus::OnSale,
                created_at: now, updated_at: now, rev: 0,
            },
            true,
        )));
    });
    view! {
        <header class="page-header">
            <h1>{move || i18n.t(Key::NavProducts)}</h1>
            <div class="actions">
                <button class="btn" on:click=move |_| importing.set(true)><Icon name="upload" />{move || i18n.t(Key::ImportCsv)}</button>
                <button class="btn btn-primary" on:click=move |_| open_new.run(())><Icon name="products" />{move || i18n.t(Key::NewProduct)}</button>
            </div>
        </header>
        {loaded(data, move |c| if c.products.is_empty() {
            view! { <div class="empty-state"><Icon name="products" /><p>{i18n.t(Key::NoProducts)}</p></div> }.into_any()
        } else {
            view! { <ProductList products=c.products.clone() classes=c.classes.clone() query=query editing=editing /> }.into_any()
        })}
        {move || editing.get().map(|(p, is_new)| {
            let (others, pattern) = data.get_untracked().and_then(Result::ok)
                .map(|c| (c.products.clone(), c.pattern.clone()))
                .unwrap_or_else(|| (Arc::new(Vec::new()), Settings::default().product_code_pattern));
            view! { <ProductForm initial=p is_new=is_new others=others pattern=pattern on_close=Callback::new(move |_| editing.set(None)) /> }
        })}
        <Show when=move || importing.get()>
            {csv_import::<ProductSpec>(Callback::new(move |_| importing.set(false)))}
        </Show>
    }
}

#[component]
fn ProductList(products: Arc<Vec<Product>>, classes: Arc<HashMap<String, AbcClass>>, query: RwSignal<ProductQuery>, editing: RwSignal<Option<(Product, bool)>>) -> impl IntoView {
    let i18n = use_i18n();
    // One order for product names and category names, in the reader's language.
    let names = crate::ui::browser::name_order(
        products.iter().flat_map(|p| std::iter::once(p.name.as_str()).chain(p.category.iter().map(String::as_str))),
        i18n.lang.get_untracked(),
    );
    let tree = category_tree(&products, &names);
    let list = products.clone();
    let class_filter = RwSignal::new(None::<AbcClass>);
    let filter_classes = classes.clone();
    let hits = Memo::new(move |_| {
        let only = class_filter.get();
        query.with(|q| {
            find_products(&list, &names, q)
                .into_iter()
                .filter(|p| only.is_none_or(|c| filter_classes.get(&p.id) == Some(&c)))
                .map(|p| p.id.clone())
                .collect::<Vec<_>>()
        })
    });
    let by_id: HashMap<String, Product> = products.iter().map(|p| (p.id.clone(), p.clone())).collect();
    let total = products.len();
    let export_index = by_id.clone();
    let state = crate::ui::state::use_app();
    let export = move |_| {
        let lang = i18n.lang.get_untracked();
        let rows = product_csv::rows(hits.get_untracked().iter().filter_map(|id| export_index.get(id)), |s| product_status_label(lang, s).to_string());
        actions::offer_csv(state, lang, "products", &product_csv::HEADER, &rows);
    };
    view! {
        <div class="products-layout">
            <nav class="category-tree panel" aria-label=move || i18n.t(Key::PCategoryCol)>
                <button class="tree-node" class:selected=move || query.with(|q| q.category.is_empty())
                    on:click=move |_| query.update(|q| q.category.clear())>
                    {move || i18n.t(Key::AllCategories)}<span class="count">{total}</span>
                </button>
                <TreeNodes nodes=tree query=query />
            </nav>
            <div class="products-main">
                <div class="toolbar">
                    <input class="search" type="search" placeholder=move || i18n.t(Key::SearchProducts) aria-label=move || i18n.t(Key::SearchProducts)
                        prop:value=move || query.with(|q| q.text.clone())
                        on:input=move |ev| { let v = event_target_value(&ev); query.update(|q| q.text = v); } />
                    <select class="select" aria-label=move || i18n.t(Key::ColStatus) on:change=move |ev| {
                        let v = event_target_value(&ev);
                        query.update(|q| q.status = match v.as_str() { "on_sale" => Some(ProductStatus::OnSale), "discontinued" => Some(ProductStatus::Discontinued), _ => None });
                    }>
                        <option value="">{move || i18n.t(Key::AllStatuses)}</option>
                        <option value="on_sale">{move || i18n.t(Key::OnSale)}</option>
                        <option value="discontinued">{move || i18n.t(Key::Discontinued)}</option>
                    </select>
                    <select class="select" aria-label=move || i18n.t(Key::AbcFilter) title=move || i18n.t(Key::AbcBadgeHow) data-testid="abc-filter" on:change=move |ev| {
                        class_filter.set(match event_target_value(&ev).as_str() { "A" => Some(AbcClass::A), "B" => Some(AbcClass::B), "C" => Some(AbcClass::C), _ => None });
                    }>
                        <option value="">{move || i18n.t(Key::AbcAll)}</option>
                        {[AbcClass::A, AbcClass::B, AbcClass::C].map(|c| view! { <option value=class_letter(c)>{move || format!("{} {}", i18n.t(Key::AbcClassCol), class_letter(c))}</option> })}
                    </select>
                    <select class="select" aria-label=move || i18n.t(Key::SortBy) on:change=move |ev| {
                        let v = event_target_value(&ev);
                        query.update(|q| q.sort = match v.as_str() { "name" => ProductSort::Name, "price" => ProductSort::PriceHigh, "stock" => ProductSort::StockLow, _ => ProductSort::Code });
                    }>
                        <option value="code">{move || i18n.t(Key::SortCode)}</option>
                        <option value="name">{move || i18n.t(Key::SortName)}</option>
                        <option value="price">{move || i18n.t(Key::SortPrice)}</option>
                        <option value="stock">{move || i18n.t(Key::SortStock)}</option>
                    </select>
                    <button class="btn" on:click=export><Icon name="download" />{move || i18n.t(Key::ExportCsv)}</button>
                </div>
                <p class="result-count" data-testid="product-count">{move || crate::ui::i18n::count(i18n.get(), hits.with(Vec::len), crate::ui::i18n::Counted::Products)}</p>
                <div class="table-wrap">
                    <table class="table">
                        <thead><tr>
                            <th>{move || i18n.t(Key::PCode)}</th>
                            <th>{move || i18n.t(Key::PName)}</th>
                            <th class="hide-narrow">{move || i18n.t(Key::PCategoryCol)}</th>
                            <th class="num">{move || crate::ui::components::in_currency(i18n.t(Key::PListPrice))}</th>
                            <th class="num">{move || i18n.t(Key::PStock)}</th>
                            <th title=move || i18n.t(Key::AbcBadgeHow)>"ABC"</th>
                            <th>{move || i18n.t(Key::ColStatus)}</th>
                            <th><span class="visually-hidden">{move || i18n.t(Key::Edit)}</span></th>
                        </tr></thead>
                        <tbody>
                            {move || hits.get().into_iter().filter_map(|id| by_id.get(&id).cloned()).map(|p| {
                                let on_sale = p.status == ProductStatus::OnSale;
                                let edit = p.clone();
                                view! {
                                    <tr data-testid="product-row">
                                        <td class="mono">{p.code.clone()}</td>
                                        <td><strong>{p.name.clone()}</strong><div class="hint">{p.brand.clone()}</div></td>
                                        <td class="hide-narrow">{p.category.join(" / ")}</td>
                                        <td class="num">{money_text(p.list_price)}</td>
                                        <td class="num" data-testid="product-stock">{format!("{} {}", p.stock, p.unit)}</td>
                                        <td>{classes.get(&p.id).map(|c| view! {
                                            <span class=if *c == AbcClass::A { "tag tag-warn" } else { "tag" } data-testid="abc-badge">{class_letter(*c)}</span>
                                        })}</td>
                                        <td><span class=if on_sale { "status status-active" } else { "status status-lost" }>{i18n.t(if on_sale { Key::OnSale } else { Key::Discontinued })}</span></td>
                                        <td class="nowrap"><button class="btn btn-small" aria-label=format!("{} {}", i18n.t(Key::Edit), p.name)
                                            on:click=move |_| editing.set(Some((edit.clone(), false)))>{i18n.t(Key::Edit)}</button></td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                </div>
            </div>
        </div>
    }
}

#[component]
fn TreeNodes(nodes: Vec<CategoryNode>, query: RwSignal<ProductQuery>) -> AnyView {
    view! {
        <ul class="tree">
            {nodes.into_iter().map(|n| {
                let path = n.path.clone();
                let selected_path = n.path.clone();
                view! {
                    <li>
                        <button class="tree-node" class:selected=move || query.with(|q| q.category == selected_path)
                            on:click=move |_| query.update(|q| q.category = path.clone())>
                            {n.name.clone()}<span class="count">{n.count}</span>
                        </button>
                        {(!n.children.is_empty()).then(|| view! { <TreeNodes nodes=n.children.clone() query=query /> })}
                    </li>
                }
            }).collect_view()}
        </ul>
    }
    .into_any()
}

/// The last changes of a product's stock on hand: day, stock after, and why.
#[component]
fn StockHistory(product_id: String) -> impl IntoView {
    use crate::domain::products::stock::StockCause;
    let i18n = use_i18n();
    let id = product_id.clone();
    let points = live(move |s| {
        let id = id.clone();
        async move { s.product_stock_points(&id).await }
    });
    view! {
        <h3 class="section-title">{move || i18n.t(Key::StockHistory)}</h3>
        {loaded(points, move |points| {
            if points.is_empty() {
                return view! { <p class="hint">{move || i18n.t(Key::StockHistoryEmpty)}</p> }.into_any();
            }
            let more = points.len().saturating_sub(8);
            view! {
                <ol class="history" data-testid="stock-history">
                    {points.into_iter().take(8).map(|p| {
                        let cause = match p.cause {
                            StockCause::Edit => Key::StockByEdit,
                            StockCause::Import => Key::StockByImport,
                            StockCause::Opening => Key::StockByOpening,
                            StockCause::Sale => Key::StockBySale,
                        };
                        view! { <li><strong>{p.stock}</strong><span class="muted">{format!("{} · ", p.date)}{move || i18n.t(cause)}</span></li> }
                    }).collect_view()}
                </ol>
                {(more > 0).then(|| view! { <p class="hint">{move || i18n.t(Key::StockHistoryMore).replace("{n}", &more.to_string())}</p> })}
            }
            .into_any()
        })}
    }
}

#[component]
fn ProductForm(initial: Product, is_new: bool, others: Arc<Vec<Product>>, pattern: String, on_close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let draft = RwSignal::new(initial.clone());
    let stored_initial = StoredValue::new(initial.clone());
    let initial_name = initial.name.clone();
    let category = RwSignal::new(initial.category.join(" / "));
    let prefix = RwSignal::new(initial.code.split('-').next().unwrap_or_default().to_string());
    let series = RwSignal::new(initial.code.split('-').nth(1).unwrap_or_default().to_string());
    // Money and number fields keep their text until saved, so a typo can be shown and fixed.
    let money = |m: Money| if m == Money::ZERO && is_new { String::new() } else { m.to_string() };
    let fields: HashMap<&'static str, RwSignal<String>> = [
        ("list_price", money(initial.list_price)),
        ("cost", money(initial.cost)),
        ("ordering_cost", money(initial.ordering_cost)),
        ("holding_cost", money(initial.holding_cost)),
        ("stock", initial.stock.to_string()),
        ("lead_time_days", initial.lead_time_days.to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k, RwSignal::new(v)))
    .collect();
    let tried = RwSignal::new(false);
    let confirm_delete = RwSignal::new(false);
    let others_for_code = others.clone();
    // The last code "Generate" proposed: allocated for real when the product is written.
    let generated = StoredValue::new(None::<String>);
    let generate = move || {
        let code = next_product_code(&pattern, prefix.get_untracked().trim(), series.get_untracked().trim(), others_for_code.iter().map(|p| p.code.as_str()));
        generated.set_value(Some(code.clone()));
        draft.update(|p| p.code = code);
    };
    let f = fields.clone();
    // Builds the product from the form; problems are keyed by field.
    let build = move || -> (Product, HashMap<String, Problem>) {
        let mut p = draft.get();
        let mut problems: HashMap<String, Problem> = HashMap::new();
        p.category = category.get().split('/').map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect();
        for key in ["list_price", "cost", "ordering_cost", "holding_cost"] {
            let text = f[key].get();
            let value = if text.trim().is_empty() { Ok(Money::ZERO) } else { Money::parse(&text) };
            match value {
                Ok(m) => match key {
                    "list_price" => p.list_price = m,
                    "cost" => p.cost = m,
                    "ordering_cost" => p.ordering_cost = m,
                    _ => p.holding_cost = m,
                },
                Err(_) => {
                    problems.insert(key.into(), Problem::Malformed(text));
                }
            }
        }
        match f["stock"].get().trim().parse::<i64>() {
            Ok(n) => p.stock = n,
            Err(_) => { problems.insert("stock".into(), Problem::Malformed(f["stock"].get())); }
        }
        match f["lead_time_days"].get().trim().parse::<u32>() {
            Ok(n) => p.lead_time_days = n,
            Err(_) => { problems.insert("lead_time_days".into(), Problem::Malformed(f["lead_time_days"].get())); }
        }
        for fp in p.validate() {
            problems.entry(fp.field).or_insert(fp.problem);
        }
        if others.iter().any(|o| o.id != p.id && o.code.eq_ignore_ascii_case(p.code.trim())) {
            problems.insert("code".into(), Problem::DuplicateCode);
        }
        (p, problems)
    };
    let build = StoredValue::new_local(build);
    let problems = Memo::new(move |_| build.with_value(|b| b()).1);
    let error_for = move |field: &'static str| {
        move || tried.get().then(|| problems.with(|p| p.get(field).cloned())).flatten().map(|p| {
            let text = if p == Problem::DuplicateCode { i18n.t(Key::ProductCodeTaken).to_string() } else { problem_text(i18n.get(), &p) };
            view! { <span class="field-error" role="alert">{text}</span> }
        })
    };
    let text_field = move |label: Key, field: &'static str, signal: RwSignal<String>, mode: &'static str| {
        let id = format!("pf-{field}");
        view! {
            <div class="field" class:invalid=move || tried.get() && problems.with(|p| p.contains_key(field))>
                <label for=id.clone()>{move || crate::ui::components::in_currency(i18n.t(label))}</label>
                <input id=id type="text" inputmode=mode prop:value=move || signal.get() on:input=move |ev| signal.set(event_target_value(&ev)) />
                {error_for(field)}
            </div>
        }
    };
    let name = RwSignal::new(initial.name.clone());
    let code = RwSignal::new(initial.code.clone());
    let brand = RwSignal::new(initial.brand.clone());
    let unit = RwSignal::new(initial.unit.clone());
    Effect::new(move |_| {
        let (n, c, b, u) = (name.get(), code.get(), brand.get(), unit.get());
        draft.update(|p| { p.name = n; p.code = c; p.brand = b; p.unit = u; });
    });
    Effect::new(move |_| {
        let c = draft.with(|p| p.code.clone());
        if c != code.get_untracked() { code.set(c); }
    });
    // While a save runs, Save is disabled: a double click writes once.
    let busy = RwSignal::new(false);
    let save = move || {
        tried.set(true);
        let (mut p, problems) = build.with_value(|b| b());
        if !problems.is_empty() || busy.get_untracked() {
            return;
        }
        p.updated_at = chrono::Utc::now();
        let lang = i18n.lang.get_untracked();
        busy.set(true);
        let numbered = is_new && generated.get_value().as_deref() == Some(p.code.as_str());
        spawn_local(async move {
            let saved = if numbered { actions::create_numbered(state, lang, p).await } else { actions::save(state, lang, p).await };
            if saved {
                let _ = on_close.try_run(());
            } else {
                busy.set(false);
            }
        });
    };
    view! {
        <FormDrawer title_id="product-form-title" title=Signal::derive(move || i18n.t(if is_new { Key::NewProduct } else { Key::EditProduct }).to_string()) on_close=on_close on_save=Callback::new(move |_| save())
            show_fix=Signal::derive(move || tried.get() && !problems.with(HashMap::is_empty))
            on_delete=(!is_new).then(|| Callback::new(move |_| confirm_delete.set(true))) busy=busy>
            <div class="form-grid">
                {text_field(Key::PName, "name", name, "text")}
                {text_field(Key::PCategory, "category", category, "text")}
                {text_field(Key::PCodePrefix, "prefix", prefix, "text")}
                {text_field(Key::PSeries, "series", series, "text")}
                {text_field(Key::PCode, "code", code, "text")}
                <div class="field">
                    <span class="label-spacer"></span>
                    <button type="button" class="btn" on:click=move |_| generate()>{move || i18n.t(Key::GenerateCode)}</button>
                </div>
                {text_field(Key::PBrand, "brand", brand, "text")}
                {text_field(Key::PUnit, "unit", unit, "text")}
                {text_field(Key::PListPrice, "list_price", fields["list_price"], "decimal")}
                {text_field(Key::PCost, "cost", fields["cost"], "decimal")}
                {text_field(Key::PStock, "stock", fields["stock"], "numeric")}
                {text_field(Key::PLeadTime, "lead_time_days", fields["lead_time_days"], "numeric")}
                {text_field(Key::POrderingCost, "ordering_cost", fields["ordering_cost"], "decimal")}
                {text_field(Key::PHoldingCost, "holding_cost", fields["holding_cost"], "decimal")}
                <label class="check">
                    <input type="checkbox" prop:checked=move || draft.with(|p| p.status == ProductStatus::Discontinued)
                        on:change=move |ev| { let off = event_target_checked(&ev); draft.update(|p| p.status = if off { ProductStatus::Discontinued } else { ProductStatus::OnSale }); } />
                    {move || i18n.t(Key::Discontinued)}
                </label>
            </div>
            {(!is_new).then(|| view! { <StockHistory product_id=initial.id.clone() /> })}
        </FormDrawer>
        <ConfirmDialog
            open=confirm_delete
            title=Signal::derive(move || i18n.t(Key::ConfirmDeleteProductTitle).to_string())
            body=Signal::derive(move || match i18n.get() {
                crate::domain::Locale::Zh => format!("“{}”将被删除，删除后可立即撤销。已用在报价单上的商品不能删除。", initial_name.clone()),
                crate::domain::Locale::En => format!("“{}” will be deleted; you can undo right after. Products used on a quote cannot be deleted.", initial_name.clone()),
            })
            confirm_label=Signal::derive(move || i18n.t(Key::Delete).to_string())
            cancel_label=Signal::derive(move || i18n.t(Key::Cancel).to_string())
            danger=true
            on_confirm=Callback::new(move |_| {
                let product = stored_initial.get_value();
                let lang = i18n.lang.get_untracked();
                spawn_local(async move {
                    if actions::delete_product(state, lang, product).await {
                        let _ = on_close.try_run(());
                    }
                });
            })
        />
    }
}
