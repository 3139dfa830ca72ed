
pub mod lost_reasons;
pub mod rules;
pub mod seller;
pub mod stages;
pub mod templates;
use crate::domain::backup::RestoreError;
use crate::domain::dataset::{Counts, RecordProblem};
use crate::domain::{Locale, StoreKind};
use crate::storage::{Persistence, SCHEMA_VERSION};
use crate::service::{ImportMode, ServiceError};
use crate::ui::actions;
use crate::ui::browser::read_text;
use crate::ui::components::{ConfirmDialog, Icon, Panel, live};
use crate::domain::sealed::{self, PasswordProblem};
use crate::ui::crypto::WebCrypto;
use crate::ui::i18n::{record_problem, restore_error, seal_error, service_error, store_label, use_i18n, Key};
use crate::ui::state::{use_app, ToastKind};
use leptos::prelude::*;
use leptos::task::spawn_local;
use std::sync::Arc;
use wasm_bindgen::JsCast;

const PROBLEMS_SHOWN: usize = 100;

fn focus_by_id(id: &str) {
    if let Some(el) = document().get_element_by_id(id) {
        let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
    }
}

#[component]
pub fn SettingsPage() -> impl IntoView {
    let i18n = use_i18n();
    // One read of the record counts serves both panels that show them.
    let counts = live(|s| async move { s.counts().await });
    view! {
        <header class="page-header">
            <h1>{move || i18n.t(Key::NavSettings)}</h1>
        </header>
        // Small panels two by two; forms with many fields take the whole width.
        <div class="settings">
            <div class="settings-pair">
                <LanguagePanel />
                <BackupPanel />
                <DataPanel counts=counts />
                <StoragePanel counts=counts />
                <crate::ui::pwa::AppPanel />
            </div>
            <crate::ui::settings::seller::SellerPanel />
            <crate::ui::settings::rules::RulesPanel />
            <crate::ui::settings::stages::StagesPanel />
            <crate::ui::settings::lost_reasons::LostReasonsPanel />
            <crate::ui::settings::templates::TemplatesPanel />
        </div>
    }
}

#[component]
fn LanguagePanel() -> impl IntoView {
    let i18n = use_i18n();
    let option = move |locale: Locale, label: &'static str| {
        view! {
            <label class="choice" class:checked=move || i18n.get() == locale>
                <input type="radio" name="lang" value=locale.code()
                    prop:checked=move || i18n.get() == locale
                    on:change=move |_| i18n.lang.set(locale) />
                <span>{label}</span>
            </label>
        }
    };
    view! {
        <Panel title=Signal::derive(move || i18n.t(Key::SetLanguage).to_string())>
            <div class="choices" role="radiogroup" aria-label=move || i18n.t(Key::SetLanguage)>
                {option(Locale::Zh, "简体中文")}
                {option(Locale::En, "English")}
            </div>
            <p class="hint">{move || i18n.t(Key::SetLanguageHint)}</p>
        </Panel>
    }
}

#[derive(Clone)]
struct PickedFile {
    name: String,
    text: Arc<String>,
    /// A password-protected backup not unlocked yet (`text` is its envelope).
    locked: bool,
}

#[component]
fn BackupPanel() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let picked = RwSignal::new(None::<PickedFile>);
    let read_error = RwSignal::new(None::<String>);
    let mode = RwSignal::new(ImportMode::Merge);
    let busy = RwSignal::new(false);
    let confirm_replace = RwSignal::new(false);
    let input_ref = NodeRef::<leptos::html::Input>::new();
    // Records read of the file while it is checked or imported (a large file takes seconds).
    let progress = RwSignal::new(None::<(usize, usize)>);
    let last_backup = live(|s| async move { s.backup_status().await });
    let unlock_password = RwSignal::new(String::new());
    let unlock_error = RwSignal::new(None::<String>);
    let unlocking = RwSignal::new(false);
    // Counts the files picked (and cancelled): an unlock that finishes after another file was
    // picked, or after Cancel, is dropped.
    let generation = StoredValue::new(0u64);
    let forget_unlock = move || {
        generation.update_value(|g| *g += 1);
        unlocking.set(false);
        unlock_error.set(None);
        unlock_password.set(String::new());
    };

    // The check re-runs when the file, the mode or the stored data change.
    let check = LocalResource::new(move || {
        state.revision.track();
        let file = picked.get();
        let mode = mode.get();
        async move {
            match file {
                Some(f) if !f.locked => Some(Checked::of(actions::check_backup(state, f.text, mode, progress).await)),
                _ => None,
            }
        }
    });

    let on_file = move |ev: leptos::ev::Event| {
        let input: web_sys::HtmlInputElement = ev.target().unwrap().unchecked_into();
        let Some(file) = input.files().and_then(|f| f.get(0)) else { return };
        input.set_value("");
        read_error.set(None);
        forget_unlock();
        spawn_local(async move {
            match read_text(&file).await {
                Ok(text) => {
                    let locked = sealed::is_sealed(&text);
                    picked.set(Some(PickedFile { name: file.name(), text: Arc::new(text), locked }));
                }
                Err(e) => {
                    picked.set(None);
                    read_error.set(Some(e));
                }
            }
        });
    };

    let run_import = move || {
        let Some(file) = picked.get_untracked() else { return };
        busy.set(true);
        let lang = i18n.lang.get_untracked();
        let chosen = mode.get_untracked();
        spawn_local(async move {
            if actions::import_backup(state, lang, file.text, chosen, progress).await {
                picked.set(None);
                // The next file starts from the safe choice again: a replace is picked on purpose.
                mode.set(ImportMode::Merge);
            }
            busy.set(false);
        });
    };

    let import_disabled = move || busy.get() || !matches!(check.get(), Some(Some(Checked::Readable { .. })));

    // Export, optionally sealed with a password typed twice (problems shown once tried).
    let protect = RwSignal::new(false);
    let password = RwSignal::new(String::new());
    let repeated = RwSignal::new(String::new());
    let tried = RwSignal::new(false);
    let sealing = RwSignal::new(false);
    let problem = move || {
        if !tried.get() {
            return None;
        }
        password.with(|p| repeated.with(|r| sealed::password_problem(p, r)))
    };
    let export = move |_| {
        let lang = i18n.lang.get_untracked();
        if !protect.get_untracked() {
            spawn_local(actions::export_backup(state, lang));
            return;
        }
        tried.set(true);
        match problem() {
            Some(p) => focus_by_id(if p == PasswordProblem::TooShort { "bk-password" } else { "bk-password-2" }),
            None => {
                sealing.set(true);
                spawn_local(async move {
                    if actions::export_sealed_backup(state, lang, &password.get_untracked()).await {
                        password.set(String::new());
                        repeated.set(String::new());
                        tried.set(false);
                    }
                    sealing.set(false);
                });
            }
        }
    };

    // A reload for a new version would lose these: they count as unsaved work.
    crate::ui::components::count_unsaved(Signal::derive(move || {
        picked.with(Option::is_some) || [password, repeated, unlock_password].iter().any(|s| s.with(|t| !t.is_empty()))
    }));

    // A protected file picked: its password, then it is checked like any other.
    let unlock = move || {
        let Some(file) = picked.get_untracked().filter(|f| f.locked) else { return };
        if unlocking.get_untracked() {
            return;
        }
        unlocking.set(true);
        unlock_error.set(None);
        let lang = i18n.lang.get_untracked();
        let started = generation.get_value();
        spawn_local(async move {
            let opened = sealed::open(&WebCrypto::new(), &unlock_password.get_untracked(), &file.text).await;
            if generation.get_value() != started {
                return; // another file was picked, or Cancel: this result is for nothing shown
            }
            unlocking.set(false);
            match opened {
                Ok(plain) => {
                    unlock_password.set(String::new());
                    // A protected backup inside a protected backup asks again.
                    let locked = sealed::is_sealed(&plain);
                    picked.set(Some(PickedFile { name: file.name, text: Arc::new(plain), locked }));
                }
                Err(e) => {
                    unlock_error.set(Some(seal_error(lang, &e)));
                    focus_by_id("bk-unlock");
                }
            }
        });
    };

    view! {
        <Panel title=Signal::derive(move || i18n.t(Key::SetBackup).to_string())>
            <p class="hint">{move || i18n.t(Key::SetBackupHint)}</p>
            <Transition fallback=|| ()>
                {move || last_backup.get().and_then(Result::ok).map(|b| view! {
                    <p class="hint last-backup" class:warn=b.changed_since data-testid="last-backup">
                        {move || match b.last {
                            None => i18n.t(Key::LastBackupNever).to_string(),
                            Some(at) => format!("{} {} · {}", i18n.t(Key::LastBackupAt), at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M"),
                                i18n.t(if b.changed_since { Key::LastBackupChanged } else { Key::LastBackupSame })),
                        }}
                    </p>
                })}
            </Transition>
            <label class="check">
                <input type="checkbox" data-testid="protect-backup" prop:checked=protect
                    on:change=move |ev| { protect.set(event_target_checked(&ev)); tried.set(false); } />
                <span>{move || i18n.t(Key::ProtectBackup)}</span>
            </label>
            <Show when=move || protect.get()>
                <div class="form-grid protect-grid">
                    <div class="field" class:invalid=move || problem() == Some(PasswordProblem::TooShort)>
                        <label for="bk-password">{move || i18n.t(Key::BackupPassword)}</label>
                        <input id="bk-password" type="password" autocomplete="new-password" prop:value=password
                            on:input=move |ev| password.set(event_target_value(&ev)) />
                        {move || (problem() == Some(PasswordProblem::TooShort)).then(|| view! { <span class="field-error" role="alert">{i18n.t(Key::PasswordTooShort)}</span> })}
                    </div>
                    <div class="field" class:invalid=move || problem() == Some(PasswordProblem::Mismatch)>
                        <label for="bk-password-2">{move || i18n.t(Key::BackupPasswordRepeat)}</label>
                        <input id="bk-password-2" type="password" autocomplete="new-password" prop:value=repeated
                            on:input=move |ev| repeated.set(event_target_value(&ev)) />
                        {move || (problem() == Some(PasswordProblem::Mismatch)).then(|| view! { <span class="field-error" role="alert">{i18n.t(Key::PasswordMismatch)}</span> })}
                    </div>
                </div>
                <p class="hint">{move || i18n.t(Key::ProtectHint)}</p>
            </Show>
            <div class="actions">
                <button class="btn" data-testid="export-backup" disabled=sealing on:click=export>
                    <Icon name="download" />
                    {move || i18n.t(if sealing.get() { Key::Encrypting } else if protect.get() { Key::ExportProtected } else { Key::ExportBackup })}
                </button>
                <button class="btn" on:click=move |_| { if let Some(i) = input_ref.get() { i.click(); } }>
                    <Icon name="upload" />
                    {move || i18n.t(Key::ChooseBackup)}
                </button>
                <input type="file" accept=".json,application/json" class="visually-hidden"
                    node_ref=input_ref data-testid="backup-file" on:change=on_file />
            </div>
            {move || read_error.get().map(|e| view! { <p class="error" role="alert">{e}</p> })}
            <Show when=move || picked.with(Option::is_some)>
                <div class="import-box" data-testid="import-box">
                    <div class="import-file">
                        <strong>{move || picked.with(|p| p.as_ref().map(|p| p.name.clone()).unwrap_or_default())}</strong>
                    </div>
                    <Show when=move || picked.with(|p| p.as_ref().is_some_and(|p| p.locked))>
                        <form class="unlock" data-testid="unlock" novalidate on:submit=move |ev| { ev.prevent_default(); unlock(); }>
                            <p>{move || i18n.t(Key::SealedFile)}</p>
                            <div class="field" class:invalid=move || unlock_error.with(Option::is_some)>
                                <label for="bk-unlock">{move || i18n.t(Key::BackupPassword)}</label>
                                <input id="bk-unlock" type="password" autocomplete="current-password" prop:value=unlock_password
                                    on:input=move |ev| unlock_password.set(event_target_value(&ev)) />
                                {move || unlock_error.get().map(|e| view! { <span class="field-error" role="alert">{e}</span> })}
                            </div>
                            <button type="submit" class="btn btn-primary" disabled=unlocking>
                                {move || i18n.t(if unlocking.get() { Key::Unlocking } else { Key::Unlock })}
                            </button>
                        </form>
                    </Show>
                    <Show when=move || picked.with(|p| p.as_ref().is_some_and(|p| !p.locked))>
                        <fieldset class="choices">
                            <legend>{move || i18n.t(Key::ImportMode)}</legend>
                            <label class="choice" class:checked=move || mode.get() == ImportMode::Merge>
                                <input type="radio" name="import-mode" prop:checked=move || mode.get() == ImportMode::Merge
                                    on:change=move |_| mode.set(ImportMode::Merge) />
                                <span>{move || i18n.t(Key::ModeMerge)}</span>
                            </label>
                            <label class="choice" class:checked=move || mode.get() == ImportMode::Replace>
                                <input type="radio" name="import-mode" prop:checked=move || mode.get() == ImportMode::Replace
                                    on:change=move |_| mode.set(ImportMode::Replace) />
                                <span>{move || i18n.t(Key::ModeReplace)}</span>
                            </label>
                        </fieldset>
                    </Show>
                    {move || progress.get().map(|(done, total)| view! { <ReadProgress done=done total=total /> })}
                    <Transition fallback=move || view! { <p class="muted">{move || i18n.t(Key::Loading)}</p> }>
                        // While a file is read, the last file's result is not shown beside its progress.
                        {move || check.get().flatten().filter(|_| progress.with(Option::is_none)).map(|result| view! { <CheckResult result=result /> })}
                    </Transition>
                    <div class="actions">
                        <button class="btn btn-primary" disabled=import_disabled on:click=move |_| {
                            if mode.get_untracked() == ImportMode::Replace {
                                confirm_replace.set(true);
                            } else {
                                run_import();
                            }
                        }>{move || i18n.t(Key::ImportNow)}</button>
                        <button class="btn" on:click=move |_| { picked.set(None); forget_unlock(); }>{move || i18n.t(Key::Cancel)}</button>
                    </div>
                </div>
            </Show>
            <ConfirmDialog
                open=confirm_replace
                title=Signal::derive(move || i18n.t(Key::ConfirmReplaceTitle).to_string())
                body=Signal::derive(move || i18n.t(Key::ConfirmReplaceBody).to_string())
                confirm_label=Signal::derive(move || i18n.t(Key::ReplaceNow).to_string())
                cancel_label=Signal::derive(move || i18n.t(Key::Cancel).to_string())
                danger=true
                on_confirm=Callback::new(move |_| run_import())
            />
        </Panel>
    }
}

/// How far the check (or the import) of a backup file has read.
#[component]
fn ReadProgress(done: usize, total: usize) -> impl IntoView {
    let i18n = use_i18n();
    let label = move || match i18n.get() {
        Locale::Zh => format!("正在读取备份：{done} / {total} 条记录"),
        Locale::En => format!("Reading the backup: {done} of {total} records"),
    };
    view! {
        <div class="read-progress" role="status" data-testid="backup-progress">
            <progress max=total.max(1) value=done aria-label=label></progress>
            <span class="hint">{label}</span>
        </div>
    }
}

/// What the check of a backup file found, as shown: the file's records themselves are not
/// kept (a large book would be held twice; importing reads the file again).
#[derive(Clone)]
enum Checked {
    Readable { counts: Counts, exported_at: Option<chrono::DateTime<chrono::Utc>>, warnings: Vec<RecordProblem> },
    /// The first problems found, and how many there are.
    Problems { shown: Vec<RecordProblem>, total: usize },
    Refused(ServiceError),
}

impl Checked {
    fn of(result: Result<crate::domain::backup::Restored, ServiceError>) -> Checked {
        match result {
            Ok(r) => Checked::Readable { counts: r.data.counts(), exported_at: r.exported_at, warnings: r.warnings },
            Err(ServiceError::Backup(RestoreError::Invalid { problems })) => {
                let total = problems.len();
                Checked::Problems { shown: problems.into_iter().take(PROBLEMS_SHOWN).collect(), total }
            }
            Err(e) => Checked::Refused(e),
        }
    }
}

#[component]
fn CheckResult(result: Checked) -> impl IntoView {
    let i18n = use_i18n();
    match result {
        Checked::Readable { counts, exported_at, warnings } => {
            view! {
                <div class="file-summary" data-testid="file-summary">
                    <h3>{move || i18n.t(Key::FileSummary)}</h3>
                    {exported_at.map(|at| view! {
                        <p class="hint">{move || i18n.t(Key::ExportedAt)}": "{at.format("%Y-%m-%d %H:%M UTC").to_string()}</p>
                    })}
                    <ul class="store-counts">
                        {StoreKind::ALL.into_iter().filter(|k| counts.get(*k) > 0).map(|k| {
                            let n = counts.get(k);
                            view! { <li><span>{move || store_label(i18n.get(), k)}</span><strong>{n}</strong></li> }
                        }).collect_view()}
                    </ul>
                    {(!warnings.is_empty()).then(|| {
                        view! {
                            <div class="warning" data-testid="import-warnings">
                                <strong>{move || i18n.t(Key::ImportWarnings)}</strong>
                                <ul>{warnings.into_iter().take(PROBLEMS_SHOWN).map(|p| view! { <li>{move || record_problem(i18n.get(), &p)}</li> }).collect_view()}</ul>
                            </div>
                        }
                    })}
                </div>
            }
            .into_any()
        }
        Checked::Problems { shown, total } => {
            view! {
                <div class="problems" role="alert" data-testid="import-problems">
                    <h3><Icon name="alert" />{move || i18n.t(Key::ImportProblems)}</h3>
                    <p class="hint">
                        {move || match i18n.get() {
                            Locale::Zh => format!("显示前 {} 条，共 {} 个问题", shown_len(total), total),
                            Locale::En if total == 1 => "1 problem".to_string(),
                            Locale::En => format!("Showing {} of {} problems", shown_len(total), total),
                        }}
                    </p>
                    <ul>
                        {shown.into_iter().map(|p| view! { <li>{move || record_problem(i18n.get(), &p)}</li> }).collect_view()}
                    </ul>
                </div>
            }
            .into_any()
        }
        Checked::Refused(ServiceError::Backup(e)) => view! {
            <div class="problems" role="alert" data-testid="import-problems">
                <h3><Icon name="alert" />{move || i18n.t(Key::ImportProblems)}</h3>
                <p>{move || restore_error(i18n.get(), &e)}</p>
            </div>
        }
        .into_any(),
        Checked::Refused(e) => view! { <p class="error" role="alert">{move || service_error(i18n.get(), &e)}</p> }.into_any(),
    }
}

fn shown_len(total: usize) -> usize {
    total.min(PROBLEMS_SHOWN)
}

#[component]
fn DataPanel(counts: LocalResource<Result<Counts, ServiceError>>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let confirm_demo = RwSignal::new(false);
    let confirm_erase = RwSignal::new(false);
    let busy = RwSignal::new(false);
    let has_data = move || counts.get().is_some_and(|c| c.is_ok_and(|c| c.total() > 0));
    let load_demo = move || {
        busy.set(true);
        let lang = i18n.lang.get_untracked();
        spawn_local(async move {
            actions::load_demo(state, lang).await;
            busy.set(false);
        });
    };
    view! {
        <Panel title=Signal::derive(move || i18n.t(Key::SetData).to_string())>
            <div class="setting-row">
                <div>
                    <strong>{move || i18n.t(Key::LoadDemo)}</strong>
                    <p class="hint">{move || i18n.t(Key::SetDemoHint)}</p>
                </div>
                <button class="btn" disabled=move || busy.get() on:click=move |_| {
                    if has_data() { confirm_demo.set(true) } else { load_demo() }
                }>
                    <Icon name="sparkles" />
                    {move || i18n.t(Key::LoadDemo)}
                </button>
            </div>
            <div class="setting-row">
                <div>
                    <strong>{move || i18n.t(Key::SetErase)}</strong>
                    <p class="hint">{move || i18n.t(Key::SetEraseHint)}</p>
                </div>
                <button class="btn btn-danger-outline" disabled=move || busy.get() || !has_data()
                    on:click=move |_| confirm_erase.set(true)>
                    <Icon name="trash" />
                    {move || i18n.t(Key::SetErase)}
                </button>
            </div>
            <ConfirmDialog
                open=confirm_demo
                title=Signal::derive(move || i18n.t(Key::ConfirmDemoTitle).to_string())
                body=Signal::derive(move || i18n.t(Key::ConfirmDemoBody).to_string())
                confirm_label=Signal::derive(move || i18n.t(Key::LoadDemo).to_string())
                cancel_label=Signal::derive(move || i18n.t(Key::Cancel).to_string())
                danger=true
                on_confirm=Callback::new(move |_| load_demo())
            />
            <ConfirmDialog
                open=confirm_erase
                title=Signal::derive(move || i18n.t(Key::ConfirmEraseTitle).to_string())
                body=Signal::derive(move || i18n.t(Key::ConfirmEraseBody).to_string())
                confirm_label=Signal::derive(move || i18n.t(Key::EraseNow).to_string())
                cancel_label=Signal::derive(move || i18n.t(Key::Cancel).to_string())
                danger=true
                on_confirm=Callback::new(move |_| {
                    busy.set(true);
                    let lang = i18n.lang.get_untracked();
                    spawn_local(async move {
                        actions::erase_all(state, lang).await;
                        busy.set(false);
                    });
                })
            />
            <KeptBook />
        </Panel>
    }
}

/// The book kept before the last replace or erase: what it holds, and putting it back (the
/// current book is kept in its place, so that can be undone too).
#[component]
fn KeptBook() -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    let kept = live(|s| async move { s.snapshot_summary().await });
    let confirm = RwSignal::new(false);
    let restore = move || {
        let lang = i18n.lang.get_untracked();
        spawn_local(async move {
            if actions::command(state, lang, async |s| s.restore_snapshot().await).await == Some(true) {
                state.toast(ToastKind::Success, Key::Restored.text(lang), None);
            }
        });
    };
    let summary = move |at: chrono::DateTime<chrono::Utc>, counts: &Counts| {
        let at = at.with_timezone(&chrono::Local).format("%Y-%m-%d %H:%M").to_string();
        let what = [StoreKind::Customers, StoreKind::Products, StoreKind::Deals, StoreKind::Contracts]
            .into_iter()
            .map(|k| format!("{} {}", counts.get(k), store_label(i18n.get(), k)))
            .collect::<Vec<_>>()
            .join(" · ");
        let colon = if i18n.get() == Locale::Zh { "：" } else { ": " };
        format!("{} {at}{colon}{what}", i18n.t(Key::KeptBookTaken))
    };
    view! {
        <Transition fallback=|| ()>
            {move || kept.get().map(|k| match k {
                Ok(Some((at, counts))) => view! {
                    <div class="setting-row" data-testid="kept-book">
                        <div>
                            <strong>{move || i18n.t(Key::KeptBook)}</strong>
                            <p class="hint">{summary(at, &counts)}</p>
                        </div>
                        <button class="btn" on:click=move |_| confirm.set(true)>{move || i18n.t(Key::PutKeptBack)}</button>
                    </div>
                }.into_any(),
                Ok(None) => ().into_any(),
                Err(e) => view! { <p class="error" role="alert">{service_error(i18n.get(), &e)}</p> }.into_any(),
            })}
        </Transition>
        <ConfirmDialog
            open=confirm
            title=Signal::derive(move || i18n.t(Key::PutKeptBackTitle).to_string())
            body=Signal::derive(move || i18n.t(Key::PutKeptBackBody).to_string())
            confirm_label=Signal::derive(move || i18n.t(Key::PutKeptBack).to_string())
            cancel_label=Signal::derive(move || i18n.t(Key::Cancel).to_string())
            danger=true
            on_confirm=Callback::new(move |_| restore())
        />
    }
}

#[component]
fn StoragePanel(counts: LocalResource<Result<Counts, ServiceError>>) -> impl IntoView {
    let i18n = use_i18n();
    let state = use_app();
    view! {
        <Panel title=Signal::derive(move || i18n.t(Key::SetStorage).to_string())>
            <p class="persist" class:persist-warn=move || state.persistence.get() != Some(Persistence::Granted) data-testid="persistence">
                <Icon name="shield" />
                {move || i18n.t(match state.persistence.get() {
                    None => Key::PersistChecking,
                    Some(Persistence::Granted) => Key::PersistGranted,
                    Some(Persistence::Denied) => Key::PersistDenied,
                    Some(Persistence::Unsupported) => Key::PersistUnsupported,
                })}
            </p>
            <p class="hint">{move || i18n.t(Key::SchemaVersion)}": "{SCHEMA_VERSION}</p>
            <Transition fallback=|| ()>
                {move || counts.get().map(|c| match c {
                    Ok(c) => view! {
                        <ul class="store-counts" data-testid="store-counts">
                            {StoreKind::ALL.into_iter().map(|k| {
                                let n = c.get(k);
                                view! { <li data-store=k.name()><span>{move || store_label(i18n.get(), k)}</span><strong>{n}</strong></li> }
                            }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <p class="error" role="alert">{service_error(i18n.get(), &e)}</p> }.into_any(),
                })}
            </Transition>
        </Panel>
    }
}
