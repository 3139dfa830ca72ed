//! Import records from CSV: decode, map columns (guessed from the headers), choose what
//! happens to duplicates, check every row with progress, then write all of it in one
//! transaction, or nothing while any row has a problem. One drawer serves every record kind
//! through [`ImportSpec`].

use crate::domain::csv::{self, decode_as, CsvError, Encoding};
use crate::ui::browser::{read_bytes, BrowserCodec};
use crate::domain::customers::Customer;
use crate::domain::customers::import::{CustomerField, ImportContext, Planner};
use crate::domain::pipeline::import::{file_stages, guess_stage, DealField, DealImportContext, DealPlanner, WithoutCustomer};
use crate::domain::pipeline::Deal;
use std::collections::HashMap;
use crate::domain::dataset::Record;
use crate::domain::import::{guess_mapping, Column, DuplicatePolicy, ImportPlan, RowPlanner};
use crate::domain::products::Product;
use crate::domain::products::import::{ProductField, ProductImportContext, ProductPlanner};
use crate::domain::{Dataset, Locale};
use crate::service::{Service, ServiceError};
use crate::ui::actions;
use crate::service::new_id;
use crate::ui::components::Icon;
use crate::ui::i18n::{customer_field_label, deal_field_label, problem_text, product_field_label, csv_error, service_error, use_i18n, Key};
use crate::ui::state::{use_app, ToastKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
use wasm_bindgen::JsCast;

const CHUNK: usize = 500;
const ERRORS_SHOWN: usize = 100;

/// What the import drawer needs to know about one record kind.
#[allow(async_fn_in_trait)]
pub trait ImportSpec: 'static {
    type Column: Column + Send + Sync;
    type Item: Record + Send + Sync;
    const TITLE: Key;
    const HINT: Key;
    const BUTTON: Key;
    const DONE: Key;
    /// The legend of the choice made when a row matches a stored record.
    const DUPLICATE: Key = Key::DuplicateHandling;
    fn label(lang: Locale, column: Self::Column) -> &'static str;
    /// Three cells describing a planned record in the preview.
    fn preview(item: &Self::Item) -> [String; 3];
    fn dataset(items: Vec<Self::Item>) -> Dataset;
    /// Choices besides the column mapping and the duplicate rule.
    type Options: Clone + Default + PartialEq + Send + Sync + 'static;
    /// Controls for [`Self::Options`] under the column mapping.
    fn options_view(_rows: Arc<Vec<Vec<String>>>, _mapping: RwSignal<Vec<Option<Self::Column>>>, _options: RwSignal<Self::Options>) -> AnyView {
        ().into_any()
    }
    /// Loads what the planner compares against and plans `rows` through `chunks`.
    async fn plan(service: &Service, rows: &[Vec<String>], mapping: &[Option<Self::Column>], policy: DuplicatePolicy, options: &Self::Options, chunks: &Chunks)
        -> Result<Option<ImportPlan<Self::Item>>, ServiceError>;
}

pub struct CustomerSpec;

impl ImportSpec for CustomerSpec {
    type Column = CustomerField;
    type Item = Customer;
    const TITLE: Key = Key::ImportCustomersTitle;
    const HINT: Key = Key::ImportCsvHint;
    const BUTTON: Key = Key::ImportCustomers;
    const DONE: Key = Key::CustomersImported;

    fn label(lang: Locale, column: CustomerField) -> &'static str {
        customer_field_label(lang, column)
    }

    fn preview(c: &Customer) -> [String; 3] {
        [c.code.clone(), c.name.clone(), c.contacts.iter().map(|k| k.name.clone()).collect::<Vec<_>>().join(", ")]
    }

    fn dataset(customers: Vec<Customer>) -> Dataset {
        Dataset { customers, ..Dataset::default() }
    }

    type Options = ();

    async fn plan(service: &Service, rows: &[Vec<String>], mapping: &[Option<CustomerField>], policy: DuplicatePolicy, _: &(), chunks: &Chunks)
        -> Result<Option<ImportPlan<Customer>>, ServiceError> {
        let existing = service.customers().await?;
        let settings = service.settings().await?;
        let ctx = ImportContext { existing: &existing, code_prefix: &settings.customer_code_prefix, policy, now: chrono::Utc::now() };
        Ok(chunks.run(Planner::new(mapping, ctx, || new_id("imp")), rows).await)
    }
}

pub struct ProductSpec;

impl ImportSpec for ProductSpec {
    type Column = ProductField;
    type Item = Product;
    const TITLE: Key = Key::ImportProductsTitle;
    const HINT: Key = Key::ImportProductsHint;
    const BUTTON: Key = Key::ImportProducts;
    const DONE: Key = Key::ProductsImported;
    const DUPLICATE: Key = Key::DuplicateProduct;

    fn label(lang: Locale, column: ProductField) -> &'static str {
        product_field_label(lang, column)
    }

    fn preview(p: &Product) -> [String; 3] {
        [p.code.clone(), p.name.clone(), p.category.join(" / ")]
    }

    fn dataset(products: Vec<Product>) -> Dataset {
        Dataset { products, ..Dataset::default() }
    }

    type Options = ();

    async fn plan(service: &Service, rows: &[Vec<String>], mapping: &[Option<ProductField>], policy: DuplicatePolicy, _: &(), chunks: &Chunks)
        -> Result<Option<ImportPlan<Product>>, ServiceError> {
        let existing = service.products().await?;
        let settings = service.settings().await?;
        let ctx = ProductImportContext { existing: &existing, code_pattern: &settings.product_code_pattern, policy, now: chrono::Utc::now() };
        Ok(chunks.run(ProductPlanner::new(mapping, ctx, || new_id("prd")), rows).await)
    }
}

#[derive(Clone, Debug, Default, PartialEq)]
pub struct DealOptions {
    /// The file's stage names mapped to this pipeline's stage ids.
    pub stage_map: HashMap<String, String>,
    pub create_customers: bool,
    pub without_customer: WithoutCustomer,
}

pub struct DealSpec;

impl ImportSpec for DealSpec {
    type Column = DealField;
    type Item = Deal;
    const TITLE: Key = Key::ImportDealsTitle;
    const HINT: Key = Key::ImportDealsHint;
    const BUTTON: Key = Key::ImportDeals;
    const DONE: Key = Key::DealsImported;
    const DUPLICATE: Key = Key::DuplicateDeal;
    type Options = DealOptions;

    fn label(lang: Locale, column: DealField) -> &'static str {
        deal_field_label(lang, column)
    }

    fn preview(d: &Deal) -> [String; 3] {
        [d.title.clone(), crate::ui::components::money_text(d.amount), d.expected_close.map(|c| c.to_string()).unwrap_or_default()]
    }

    fn dataset(deals: Vec<Deal>) -> Dataset {
        Dataset { deals, ..Dataset::default() }
    }

    fn options_view(rows: Arc<Vec<Vec<String>>>, mapping: RwSignal<Vec<Option<DealField>>>, options: RwSignal<DealOptions>) -> AnyView {
        view! { <DealImportOptions rows=rows mapping=mapping options=options /> }.into_any()
    }

    async fn plan(service: &Service, rows: &[Vec<String>], mapping: &[Option<DealField>], policy: DuplicatePolicy, options: &DealOptions, chunks: &Chunks)
        -> Result<Option<ImportPlan<Deal>>, ServiceError> {
        let customers = service.customers().await?;
        let products = service.products().await?;
        let stages = service.stages().await?;
        let deals = service.deals().await?;
        let settings = service.settings().await?;
        let ctx = DealImportContext {
            customers: &customers,
            products: &products,
            stages: &stages,
            deals: &deals,
            stage_map: &options.stage_map,
            create_customers: options.create_customers,
            without_customer: options.without_customer,
            customer_prefix: &settings.customer_code_prefix,
            policy,
            now: chrono::Utc::now(),
        };
        Ok(chunks.run(DealPlanner::new(mapping, ctx, || new_id("deal")), rows).await)
    }
}

/// Maps the file's stage names onto this pipeline (guessed first) and offers to create the
/// customers the book does not have.
#[component]
fn DealImportOptions(rows: Arc<Vec<Vec<String>>>, mapping: RwSignal<Vec<Option<DealField>>>, options: RwSignal<DealOptions>) -> impl IntoView {
    let i18n = use_i18n();
    // On an empty book the pipeline page stores the default stages while this dialog may
    // already be open: read before them, no stage was ever guessed. Either stores them.
    let stages = crate::ui::components::live(move |s| async move { s.stages_or_default(i18n.lang.get_untracked()).await });
    let names = Memo::new(move |_| mapping.with(|m| file_stages(&rows, m)));
    // Guess a stage for every file stage name that has none yet.
    Effect::new(move |_| {
        let Some(Ok(stages)) = stages.get() else { return };
        let names = names.get();
        let missing: Vec<(String, String)> = options.with_untracked(|o| {
            names.iter().filter(|n| !o.stage_map.contains_key(*n)).filter_map(|n| guess_stage(n, &stages).map(|s| (n.clone(), s.id.clone()))).collect()
        });
        if !missing.is_empty() {
            options.update(|o| o.stage_map.extend(missing));
        }
    });
    view! {
        <h3 class="section-title">{move || i18n.t(Key::StageMapping)}</h3>
        {move || stages.get().and_then(Result::err).map(|e| view! { <p class="error" role="alert">{service_error(i18n.get(), &e)}</p> })}
        <table class="table mapping" data-testid="stage-mapping">
            <tbody>
                {move || {
                    let pipeline = stages.get().and_then(Result::ok).unwrap_or_default();
                    names.get().into_iter().map(|name| {
                        let key = name.clone();
                        let key_sel = name.clone();
                        let pipeline = pipeline.clone();
                        view! {
                            <tr>
                                <td><strong>{name.clone()}</strong></td>
                                <td>
                                    <select aria-label=name.clone() on:change=move |ev| {
                                        let v = event_target_value(&ev);
                                        let k = key.clone();
                                        options.update(|o| { if v.is_empty() { o.stage_map.remove(&k); } else { o.stage_map.insert(k, v); } });
                                    }>
                                        <option value="">{move || i18n.t(Key::DoNotImport)}</option>
                                        {pipeline.into_iter().map(|s| {
                                            let id = s.id.clone();
                                            let k = key_sel.clone();
                                            view! { <option value=s.id.clone() selected=move || options.with(|o| o.stage_map.get(&k) == Some(&id))>{s.name.clone()}</option> }
                                        }).collect_view()}
                                    </select>
                                </td>
                            </tr>
                        }
                    }).collect_view()
                }}
            </tbody>
        </table>
        <label class="check">
            <input type="checkbox" prop:checked=move || options.with(|o| o.create_customers)
                on:change=move |ev| { let on = event_target_checked(&ev); options.update(|o| o.create_customers = on); } />
            {move || i18n.t(Key::CreateMissingCustomers)}
        </label>
        <fieldset class="choices" data-testid="without-customer">
            <legend>{move || i18n.t(Key::WithoutCustomerTitle)}</legend>
            {[(WithoutCustomer::Refuse, Key::WithoutCustomerRefuse), (WithoutCustomer::Import, Key::WithoutCustomerImport), (WithoutCustomer::Skip, Key::WithoutCustomerSkip)]
                .map(|(w, k)| view! {
                    <label class="check">
                        <input type="radio" name="without-customer" prop:checked=move || options.with(|o| o.without_customer == w)
                            on:change=move |_| options.update(|o| o.without_customer = w) />
                        {move || i18n.t(k)}
                    </label>
                })}
        </fieldset>
    }
}

/// Feeds rows to a planner a chunk at a time, showing progress and letting the page paint in
/// between; gives up (None) when a newer check has started.
pub struct Chunks {
    run: StoredValue<u64>,
    generation: u64,
    progress: RwSignal<Option<(usize, usize)>>,
}

impl Chunks {
    async fn run<T, P: RowPlanner<T>>(&self, planner: P, rows: &[Vec<String>]) -> Option<ImportPlan<T>> {
        let mut planner = planner.feed();
        for chunk in rows.chunks(CHUNK) {
            if self.run.get_value() != self.generation {
                return None;
            }
            planner.add_rows(chunk);
            self.progress.set(Some((planner.rows_seen(), rows.len())));
            gloo::timers::future::TimeoutFuture::new(0).await;
        }
        Some(planner.finish())
    }
}

#[derive(Clone)]
struct CsvFile {
    name: String,
    encoding: Encoding,
    header: Vec<String>,
    rows: Arc<Vec<Vec<String>>>,
}

/// A picked file's name and bytes.
#[derive(Clone)]
struct Picked {
    name: String,
    bytes: Arc<Vec<u8>>,
}

/// The first lines of `bytes` decoded as `encoding`, for the user to judge.
fn preview(bytes: &[u8], encoding: Encoding) -> String {
    let head = &bytes[..bytes.len().min(600)];
    decode_as(head, encoding, &BrowserCodec).lines().filter(|l| !l.trim().is_empty()).take(3).collect::<Vec<_>>().join("\n")
}

/// The import drawer for the record kind `S`.
pub fn csv_import<S: ImportSpec>(on_close: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let file = RwSignal::new(None::<CsvFile>);
    let picked = RwSignal::new(None::<Picked>);
    // The encoding the user chose; None: as the bytes show.
    let chosen = RwSignal::new(None::<Encoding>);
    let unknown_encoding = RwSignal::new(false);
    let read_error = RwSignal::new(None::<String>);
    let mapping = RwSignal::new(Vec::<Option<S::Column>>::new());
    let policy = RwSignal::new(DuplicatePolicy::Skip);
    let options = RwSignal::new(S::Options::default());
    let progress = RwSignal::new(None::<(usize, usize)>);
    let plan = RwSignal::new(None::<Arc<ImportPlan<S::Item>>>);
    let writing = RwSignal::new(false);
    let run = StoredValue::new(0u64);
    let input_ref = NodeRef::<leptos::html::Input>::new();

    // Re-check whenever the file, the mapping or the duplicate rule changes; a newer check
    // makes an older one stop.
    Effect::new(move |_| {
        let Some(f) = file.get() else { return };
        let mapping = mapping.get();
        let policy = policy.get();
        let opts = options.get();
        let generation = run.get_value() + 1;
        run.set_value(generation);
        plan.set(None);
        spawn_local(async move {
            let chunks = Chunks { run, generation, progress };
            let result = actions::read(state, async |s| S::plan(&s, &f.rows, &mapping, policy, &opts, &chunks).await).await;
            if run.get_value() != generation {
                return;
            }
            progress.set(None);
            match result {
                Ok(Some(p)) => plan.set(Some(Arc::new(p))),
                Ok(None) => {}
                Err(e) => read_error.set(Some(service_error(i18n.lang.get_untracked(), &e))),
            }
        });
    });

    // Reads the picked file as the chosen encoding (or as its bytes show); never guesses.
    Effect::new(move |_| {
        let Some(p) = picked.get() else { return };
        let encoding = chosen.get();
        read_error.set(None);
        unknown_encoding.set(false);
        match csv::read(&p.bytes, encoding, &BrowserCodec) {
            Ok(table) => {
                mapping.set(guess_mapping(&table.header));
                file.set(Some(CsvFile { name: p.name, encoding: table.encoding, header: table.header, rows: Arc::new(table.rows) }));
            }
            Err(e) => {
                file.set(None);
                plan.set(None);
                unknown_encoding.set(e == CsvError::UnknownEncoding);
                read_error.set(Some(csv_error(i18n.lang.get_untracked(), &e)));
            }
        }
    });

    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = ev.target().unwrap().unchecked_into();
        let Some(f) = input.files().and_then(|l| l.get(0)) else { return };
        input.set_value("");
        read_error.set(None);
        spawn_local(async move {
            match read_bytes(&f).await {
                Ok(bytes) => {
                    chosen.set(None);
                    picked.set(Some(Picked { name: f.name(), bytes: Arc::new(bytes) }));
                }
                Err(e) => {
                    file.set(None);
                    read_error.set(Some(e));
                }
            }
        });
    };

    let import = move |_| {
        let Some(p) = plan.get_untracked() else { return };
        if !p.errors.is_empty() {
            return;
        }
        writing.set(true);
        let lang = i18n.lang.get_untracked();
        spawn_local(async move {
            let mut data = S::dataset(p.creates.iter().chain(&p.updates).cloned().collect());
            data.append(p.also.clone());
            let written = actions::command(state, lang, async move |s| s.import_records(&data).await).await;
            writing.set(false);
            match written {
                Some(()) => {
                    let text = format!(
                        "{} · {} {} · {} {} · {} {}",
                        S::DONE.text(lang),
                        p.creates.len(), Key::MergeCreated.text(lang),
                        p.updates.len(), Key::MergeUpdated.text(lang),
                        p.skipped + p.left_out.len(), Key::MergeSkipped.text(lang)
                    );
                    state.toast(ToastKind::Success, text, None);
                    // The page may have been left while it wrote: the drawer is then gone already.
                    let _ = on_close.try_run(());
                }
                None => {}
            }
        });
    };

    view! {
        // A checked file not yet imported is what closing would lose.
        <crate::ui::components::Modal kind=crate::ui::components::ModalKind::WideDrawer title_id="import-title" on_close=on_close
            unsaved=Signal::derive(move || plan.with(|p| p.as_ref().is_some_and(|p| p.errors.is_empty() && p.creates.len() + p.updates.len() > 0)))>
            <crate::ui::components::DrawerHeader title_id="import-title" on_close=on_close title=Signal::derive(move || i18n.t(S::TITLE).to_string()) />
            <div class="drawer-body">
                <p class="hint">{move || i18n.t(S::HINT)}</p>
                <div class="actions">
                    <button class="btn" on:click=move |_| if let Some(i) = input_ref.get() { i.click() }>
                        <Icon name="upload" />{move || i18n.t(Key::ChooseCsv)}
                    </button>
                    <input type="file" accept=".csv,.txt,text/csv" class="visually-hidden" node_ref=input_ref
                        data-testid="csv-file" on:change=on_file />
                </div>
                {move || read_error.get().map(|e| view! { <p class="error" role="alert" data-testid="csv-error">{e}</p> })}
                {move || (unknown_encoding.get()).then(|| picked.get().map(|p| view! {
                    <div class="encoding-choices" data-testid="encoding-choices">
                        {Encoding::CHOICES.into_iter().map(|e| {
                            let sample = preview(&p.bytes, e);
                            view! {
                                <button type="button" class="encoding-choice" on:click=move |_| {
                                    chosen.set(Some(e));
                                }>
                                    <strong>{e.label()}</strong>
                                    <pre>{sample}</pre>
                                </button>
                            }
                        }).collect_view()}
                    </div>
                }))}
                {move || file.get().map(|f| view! {
                    <p class="hint" data-testid="csv-summary">
                        {format!("{} · {} {} · ", f.name, f.rows.len(), i18n.t(Key::RowsWord))}
                        <label class="field-inline">
                            <span>{i18n.t(Key::Encoding)}</span>
                            <select aria-label=i18n.t(Key::Encoding) on:change=move |ev| {
                                let v = event_target_value(&ev);
                                chosen.set(Encoding::CHOICES.into_iter().find(|e| e.label() == v));
                            }>
                                {(!Encoding::CHOICES.contains(&f.encoding)).then(|| view! { <option selected=true>{f.encoding.label()}</option> })}
                                {Encoding::CHOICES.into_iter().map(|e| view! { <option value=e.label() selected=e == f.encoding>{e.label()}</option> }).collect_view()}
                            </select>
                        </label>
                    </p>
                    <h3 class="section-title">{i18n.t(Key::ColumnMapping)}</h3>
                    <table class="table mapping">
                        <tbody>
                            {f.header.iter().enumerate().map(|(i, h)| {
                                let sample = f.rows.first().and_then(|r| r.get(i)).cloned().unwrap_or_default();
                                view! {
                                    <tr>
                                        <td><strong>{h.clone()}</strong><div class="hint">{sample}</div></td>
                                        <td>
                                            <select aria-label=h.clone() on:change=move |ev| {
                                                let v = event_target_value(&ev);
                                                let field = S::Column::ALL.iter().copied().find(|f| format!("{f:?}") == v);
                                                mapping.update(|m| {
                                                    if field.is_some() {
                                                        m.iter_mut().for_each(|x| if *x == field { *x = None });
                                                    }
                                                    m[i] = field;
                                                });
                                            }>
                                                <option value="" selected=move || mapping.with(|m| m.get(i).copied().flatten().is_none())>{i18n.t(Key::DoNotImport)}</option>
                                                {S::Column::ALL.iter().copied().map(|cf| view! {
                                                    <option value=format!("{cf:?}") selected=move || mapping.with(|m| m.get(i).copied().flatten() == Some(cf))>
                                                        {crate::ui::components::in_currency(S::label(i18n.get(), cf))}
                                                    </option>
                                                }).collect_view()}
                                            </select>
                                        </td>
                                    </tr>
                                }
                            }).collect_view()}
                        </tbody>
                    </table>
                    <fieldset class="choices">
                        <legend>{i18n.t(S::DUPLICATE)}</legend>
                        {[(DuplicatePolicy::Skip, Key::DupSkip), (DuplicatePolicy::Update, Key::DupUpdate), (DuplicatePolicy::CreateAnyway, Key::DupCreate)]
                            .into_iter().map(|(p, k)| view! {
                                <label class="choice" class:checked=move || policy.get() == p>
                                    <input type="radio" name="dup-policy" prop:checked=move || policy.get() == p on:change=move |_| policy.set(p) />
                                    <span>{i18n.t(k)}</span>
                                </label>
                            }).collect_view()}
                    </fieldset>
                    {S::options_view(f.rows.clone(), mapping, options)}
                })}
                {move || progress.get().map(|(done, total)| view! {
                    <div class="progress" role="progressbar" aria-valuemin="0" aria-valuemax=total aria-valuenow=done>
                        <span>{format!("{} {done} / {total}", i18n.t(Key::Checking))}</span>
                        <div class="bar"><span style=format!("width:{}%;background:var(--primary)", done * 100 / total.max(1))></span></div>
                    </div>
                })}
                {move || plan.get().map(|p| plan_view::<S>(p, file.with(|f| f.as_ref().map(|f| f.header.clone()).unwrap_or_default())))}
            </div>
            <div class="drawer-footer">
                <span class="spacer"></span>
                <button class="btn" on:click=move |_| on_close.run(())>{move || i18n.t(Key::Cancel)}</button>
                <button class="btn btn-primary" on:click=import
                    disabled=move || writing.get() || !plan.with(|p| p.as_ref().is_some_and(|p| p.errors.is_empty() && (p.creates.len() + p.updates.len()) > 0))>
                    {move || i18n.t(if writing.get() { Key::Writing } else { S::BUTTON })}
                </button>
            </div>
        </crate::ui::components::Modal>
    }
}

fn plan_view<S: ImportSpec>(plan: Arc<ImportPlan<S::Item>>, header: Vec<String>) -> AnyView {
    let i18n = use_i18n();
    let state = use_app();
    let mut counts = format!(
        "{} {} · {} {} · {} {}",
        // Skipped: rows matching a stored record, and rows left out (a deal without a customer).
        i18n.t(Key::ToCreate), plan.creates.len(), i18n.t(Key::ToUpdate), plan.updates.len(), i18n.t(Key::WillSkip), plan.skipped + plan.left_out.len()
    );
    if !plan.also.customers.is_empty() {
        counts.push_str(&format!(" · {} {}", i18n.t(Key::NewCustomersToo), plan.also.customers.len()));
    }
    if !plan.errors.is_empty() {
        let total = plan.errors.len();
        return view! {
            <div class="problems" role="alert" data-testid="csv-errors">
                <h3><Icon name="alert" />{i18n.t(Key::RowProblems)}</h3>
                <p class="hint">{match i18n.get() {
                    crate::domain::Locale::Zh => format!("显示前 {} 条，共 {total} 个问题", total.min(ERRORS_SHOWN)),
                    crate::domain::Locale::En => format!("Showing {} of {total} problems", total.min(ERRORS_SHOWN)),
                }}</p>
                <ul>
                    {plan.errors.iter().take(ERRORS_SHOWN).map(|e| view! {
                        <li>{format!("{} {} · {}: {}", i18n.t(Key::RowWord), e.row, e.field, problem_text(i18n.get(), &e.problem))}</li>
                    }).collect_view()}
                </ul>
            </div>
        }
        .into_any();
    }
    let left_out = plan.left_out.clone();
    let left_count = left_out.len();
    let download_left_out = move |_| {
        let lang = i18n.lang.get_untracked();
        let head: Vec<&str> = header.iter().map(String::as_str).collect();
        let rows: Vec<Vec<String>> = left_out.iter().map(|(_, row)| row.clone()).collect();
        actions::offer_csv(state, lang, "rows-left-out", &head, &rows);
    };
    let filled: Vec<String> = plan.filled_in.iter().take(10).map(usize::to_string).collect();
    let filled_count = plan.filled_in.len();
    view! {
        <div class="file-summary" data-testid="csv-plan">
            <h3>{i18n.t(Key::Preview)}</h3>
            <p><strong>{counts}</strong></p>
            {(left_count > 0).then(|| view! {
                <p class="notice" data-testid="left-out">
                    {match i18n.get() {
                        crate::domain::Locale::Zh => format!("{left_count} 行没有客户，将不导入。"),
                        crate::domain::Locale::En => format!("{left_count} rows without a customer will be left out."),
                    }}" "
                    <button class="btn btn-small" on:click=download_left_out><Icon name="download" />{i18n.t(Key::DownloadLeftOut)}</button>
                </p>
            })}
            {(filled_count > 0).then(|| view! {
                <p class="notice" data-testid="filled-in">{match i18n.get() {
                    crate::domain::Locale::Zh => format!("{filled_count} 个商机没有金额，将使用其商品的标价（第 {} 行{}）。", filled.join("、"), if filled_count > 10 { "等" } else { "" }),
                    crate::domain::Locale::En => format!("{filled_count} deals have no value and take their product's list price (rows {}{}).", filled.join(", "), if filled_count > 10 { "…" } else { "" }),
                }}</p>
            })}
            <table class="table">
                <tbody>
                    {plan.creates.iter().chain(&plan.updates).take(5).map(|item| {
                        let [a, b, c] = S::preview(item);
                        view! { <tr><td class="mono">{a}</td><td>{b}</td><td>{c}</td></tr> }
                    }).collect_view()}
                </tbody>
            </table>
        </div>
    }
    .into_any()
}
