//! Every user-facing text, in 简体中文 and English, and the one place that turns error codes
//! into words.

use crate::domain::backup::RestoreError;
use crate::domain::dataset::{RecordProblem, StoreKind};
use crate::domain::validation::Problem;
use crate::domain::Locale;
use crate::service::ServiceError;
use crate::storage::StorageError;
use leptos::prelude::*;

macro_rules! texts {
    ($($key:ident => $zh:literal, $en:literal;)*) => {
        #[derive(Clone, Copy, Debug, PartialEq, Eq)]
        pub enum Key { $($key),* }
        impl Key {
            pub fn text(self, lang: Locale) -> &'static str {
                match (self, lang) {
                    $((Key::$key, Locale::Zh) => $zh, (Key::$key, Locale::En) => $en,)*
                }
            }
        }
    };
}

texts! {
    AppName => "销售台", "SalesDesk";
    AppTagline => "个人销售管理", "Sales management";
    NavDashboard => "工作台", "Dashboard";
    NavCustomers => "客户", "Customers";
    NavReminders => "回访提醒", "Reminders";
    RemOverdue => "已逾期", "Overdue";
    RemToday => "今天", "Today";
    RemThisWeek => "本周", "This week";
    RemBirthdays => "生日关怀（14 天内）", "Birthdays (next 14 days)";
    RemNone => "没有需要处理的事项。", "Nothing to do here.";
    RemPayments => "回款提醒（逾期及 7 天内到期）", "Payments (overdue or due within 7 days)";
    RemRenewals => "续约提醒（30 天内到期的合同）", "Renewals (contracts ending within 30 days)";
    DueIn => "到期", "due";
    MarkDone => "完成", "Done";
    FollowUpLogged => "已记录本次跟进", "Follow-up logged";
    AllReminders => "全部提醒", "All reminders";
    Reschedule => "改期", "Reschedule";
    CompleteTitle => "完成跟进", "Follow-up done";
    NextStep => "下一步", "Next step";
    PlanNextFollowUp => "安排下次跟进", "Plan the next follow-up";
    NoFurtherFollowUp => "不再跟进", "No further follow-up";
    SaveFollowUp => "记录", "Log it";
    TimeOptional => "时间（可选）", "Time (optional)";
    Tomorrow => "明天", "Tomorrow";
    NextWeek => "下周一", "Next Monday";
    MoveToDay => "改到这一天", "Move to this day";
    Planned => "计划", "Planned";
    NavProducts => "商品", "Products";
    NavPipeline => "销售漏斗", "Pipeline";
    NavContracts => "合同", "Contracts";
    NavAnalytics => "数据分析", "Analytics";
    NavSettings => "设置", "Settings";
    NavMenu => "主导航", "Main navigation";
    NotFoundTitle => "找不到这个页面", "This page does not exist";
    NotFoundBody => "地址可能有误，或者链接来自更新的版本。数据没有受到影响。", "The address may be mistyped, or the link comes from a newer version. Your data is unaffected.";
    BackToDashboard => "返回工作台", "Back to the dashboard";
    Opening => "正在打开本地数据库…", "Opening the local database…";
    Loading => "加载中…", "Loading…";
    Reload => "重新加载", "Reload";
    Cancel => "取消", "Cancel";
    Close => "关闭", "Close";
    DismissMessage => "关闭提示", "Dismiss message";
    Undo => "撤销", "Undo";
    DashWelcome => "欢迎使用销售台", "Welcome to SalesDesk";
    DashEmptyBody => "所有数据只保存在这台设备的浏览器中，无需账号、无需联网。可以先载入一套演示数据看看效果，或者在设置中导入备份。", "Everything stays in this browser on this device — no account, no server. Load a demo dataset to look around, or import a backup in Settings.";
    LoadDemo => "载入演示数据", "Load demo data";
    GoToSettings => "打开设置", "Open Settings";
    KpiCustomers => "客户", "Customers";
    KpiOpenDeals => "进行中的商机", "Open deals";
    KpiPipeline => "加权预测金额", "Weighted pipeline";
    KpiFollowUpsDue => "待跟进（含逾期）", "Follow-ups due (incl. overdue)";
    KpiReceivable => "待回款", "Receivables outstanding";
    KpiWonThisYear => "今年销售额", "Revenue this year";
    DashPipelineByStage => "各阶段商机", "Deals by stage";
    DashDueFollowUps => "今日及逾期跟进、客户关怀", "Due follow-ups and care dates";
    DashNothingDue => "今天没有待办跟进。", "Nothing due today.";
    Overdue => "逾期", "Overdue";
    Today => "今天", "Today";
    ColStage => "阶段", "Stage";
    ColDeals => "商机数", "Deals";
    ColAmount => "金额", "Amount";
    ColWeighted => "加权金额", "Weighted";
    EmptyHint => "还没有数据。可以载入演示数据，或在设置中导入备份。", "No data yet. Load the demo data, or import a backup in Settings.";
    SetLanguage => "界面语言", "Language";
    SetLanguageHint => "语言设置保存在本浏览器中。演示数据使用载入时的语言。", "Remembered in this browser. Demo data uses the language active when it is loaded.";
    SetData => "数据", "Data";
    SetDemoHint => "用一套固定的演示数据（约 60 个客户、25 个商品、80 个商机、20 份合同）替换当前数据。", "Replace the current data with a fixed demo dataset (about 60 customers, 25 products, 80 deals, 20 contracts).";
    SetBackup => "备份与恢复", "Backup & restore";
    SetBackupHint => "导出为一个 JSON 文件，其中包含全部数据。导入前会完整校验，任何问题都不会写入。", "Export everything into one JSON file. Imports are checked completely first; if anything is wrong, nothing is written.";
    ExportBackup => "导出备份", "Export backup";
    ChooseBackup => "选择备份文件…", "Choose backup file…";
    ImportMode => "导入方式", "Import mode";
    ModeMerge => "合并：同一条记录保留较新的版本", "Merge: by id, newer records win";
    ModeReplace => "替换：清空现有数据后导入", "Replace: erase current data, then import";
    ImportNow => "导入", "Import";
    FileSummary => "文件内容", "File contents";
    ExportedAt => "导出时间", "Exported at";
    ImportProblems => "文件有问题，未写入任何数据", "The file has problems; nothing was written";
    SetErase => "清除全部数据", "Erase all data";
    SetEraseHint => "从本浏览器中删除所有客户、商品、商机和合同。", "Delete every customer, product, deal and contract from this browser.";
    SetStorage => "存储状态", "Storage";
    PersistGranted => "已获得持久存储：浏览器不会自动清除这些数据。", "Persistent storage granted: the browser will not evict this data.";
    PersistDenied => "浏览器未授予持久存储：磁盘空间紧张时数据可能被清除，请定期导出备份。", "Persistent storage not granted: the browser may evict data when disk space runs low. Export backups regularly.";
    PersistUnsupported => "此浏览器不支持持久存储请求，请定期导出备份。", "This browser cannot grant persistent storage. Export backups regularly.";
    SetApp => "应用与离线使用", "App and offline use";
    OfflineReady => "已可离线使用：没有网络时也能打开每个页面、录入线索。", "Ready offline: every page opens and leads can be captured without a network.";
    OfflineNotYet => "尚未保存以供离线使用：请从网站地址打开应用，等它加载完成后再回到此页。", "Not kept for offline use yet: open the app from its web address, let it finish loading, then come back here.";
    OfflineUnsupported => "此浏览器无法保存应用以供离线使用。", "This browser cannot keep the app for offline use.";
    AppVersion => "版本", "Version";
    AppInstalled => "已作为应用安装在此设备上。", "Installed as an app on this device.";
    InstallApp => "安装应用", "Install app";
    InstallHint => "安装后可从主屏幕或应用列表全屏打开，无需网络。", "Once installed it opens full-screen from the home screen or app list, without a network.";
    InstallElsewhere => "浏览器目前未提供安装：在 Chrome / Edge 中使用地址栏中的安装图标，在 iPad 上使用 Safari 的“共享 → 添加到主屏幕”。", "The browser offers no install here right now: in Chrome or Edge use the install icon in the address bar; on an iPad, Safari's Share → Add to Home Screen.";
    UpdateReady => "销售台有新版本。", "A new version of SalesDesk is ready.";
    UpdateWhen => "重新加载即可使用；数据保留在本机，不受影响。", "Reload to use it; your data stays on this device, untouched.";
    UpdateFinishFirst => "请先保存或关闭正在编辑的内容，再重新加载，以免丢失输入。", "Save or close what you are editing first, then reload, so nothing typed is lost.";
    UpdateLater => "稍后", "Later";
    PersistChecking => "正在检查持久存储…", "Checking persistent storage…";
    SchemaVersion => "数据库结构版本", "Database schema version";
    ConfirmReplaceTitle => "替换全部数据？", "Replace all data?";
    ConfirmReplaceBody => "现有数据将被文件中的数据替换。开始前会自动下载一份当前数据的备份。", "Your current data will be replaced by the file's data. A backup of the current data is downloaded automatically first.";
    ConfirmDemoTitle => "用演示数据替换现有数据？", "Replace your data with demo data?";
    ConfirmDemoBody => "现有数据将被删除（之后可立即撤销）。", "Your current data will be deleted (you can undo right after).";
    ConfirmEraseTitle => "清除全部数据？", "Erase all data?";
    ConfirmEraseBody => "所有客户、商品、商机、合同及设置都将从本浏览器中删除。可以立即撤销；建议先导出备份。", "Every customer, product, deal, contract and setting is deleted from this browser. You can undo right after; exporting a backup first is wise.";
    EraseNow => "清除", "Erase";
    ReplaceNow => "替换", "Replace";
    DemoLoaded => "演示数据已载入", "Demo data loaded";
    Erased => "已清除全部数据", "All data erased";
    Restored => "已恢复之前的数据", "Previous data restored";
    PutBackDone => "已撤销，记录已放回", "Undone: the records are back";
    RemovedStage => "（已删除的阶段）", "(removed stage)";
    ExportSealedDone => "已导出受密码保护的备份。请妥善保管密码：没有它，任何人（包括您）都无法读取此备份。", "Protected backup exported. Keep the password safe: without it nobody, you included, can read this backup.";
    ProtectBackup => "用密码保护备份", "Protect the backup with a password";
    BackupPassword => "密码", "Password";
    BackupPasswordRepeat => "再次输入密码", "Repeat the password";
    PasswordTooShort => "至少 8 个字符。", "At least 8 characters.";
    PasswordMismatch => "两次输入的密码不一致。", "The two passwords differ.";
    ProtectHint => "备份以 AES-256-GCM 加密，密钥由密码经 PBKDF2（60 万次）生成。忘记密码将无法恢复数据。", "The backup is encrypted with AES-256-GCM under a key made from the password with PBKDF2 (600,000 rounds). A forgotten password cannot be recovered.";
    ExportProtected => "导出受保护的备份", "Export protected backup";
    Encrypting => "正在加密…", "Encrypting…";
    SealedFile => "此备份受密码保护。输入导出时设置的密码以读取它。", "This backup is protected by a password. Enter the password it was exported with to read it.";
    Unlock => "解锁", "Unlock";
    Unlocking => "正在解密…", "Unlocking…";
    SealWrongPassword => "密码不正确。", "Wrong password.";
    SealAltered => "文件在导出后被修改或已损坏，无法读取。未导入任何内容。", "The file was changed or damaged after it was exported: it cannot be read. Nothing was imported.";
    SealMalformed => "不是可读取的受保护备份，问题位于", "Not a readable protected backup; the problem is at";
    SealUnsupported => "此受保护备份使用了本版本无法读取的设置：", "This protected backup uses settings this version cannot read:";
    SealNotText => "解密后的内容不是文本：文件已损坏。", "The unlocked content is not text: the file is damaged.";
    SealCrypto => "浏览器的加密功能出错：", "The browser's encryption failed:";
    LastBackupNever => "此浏览器尚未导出过备份。", "No backup has been exported from this browser yet.";
    LastBackupAt => "上次备份：", "Last backup:";
    LastBackupChanged => "此后数据有变动。", "The book has changed since.";
    LastBackupSame => "此后数据没有变动。", "Nothing has changed since.";
    BackupDueNever => "这些数据从未备份：它们只保存在此浏览器中。", "This book has never been backed up: it lives only in this browser.";
    BackupDueDays => "已超过 7 天没有备份，而数据已有变动。", "No backup for more than 7 days, and the book has changed since.";
    BackupDueHint => "导出一个备份文件并保存在别处（也可在设置中用密码保护）。", "Export a backup file and keep it somewhere else (Settings can protect it with a password).";
    BackupNow => "立即备份", "Back up now";
    ExportDone => "备份已导出", "Backup exported";
    ImportDone => "导入完成", "Import finished";
    MergeCreated => "新增", "created";
    MergeUpdated => "更新", "updated";
    MergeSkipped => "跳过", "skipped";
    OtherTabUpgraded => "另一个标签页升级了数据库。请重新加载此页面以继续。", "Another tab upgraded the database. Reload this page to continue.";
    OtherTabChanged => "数据已在另一个标签页中更新", "Data was updated in another tab";
    StoreError => "无法打开本地数据库", "The local database could not be opened";
    Saved => "已保存", "Saved";
    SearchContracts => "搜索合同编号、名称、类型或客户", "Search number, title, type or customer";
    ContractNumber => "合同编号", "Number";
    ContractTitle => "合同名称", "Title";
    ContractKind => "合同类型", "Type";
    ContractAmount => "合同金额", "Amount";
    SignDate => "签订日期", "Signed";
    ContractTerm => "合同期限", "Term";
    Received => "已回款", "Received";
    Outstanding => "未回款", "Outstanding";
    OverdueAmount => "逾期金额", "Overdue";
    RiskCol => "风险等级", "Risk";
    RiskHigh => "高", "High";
    RiskMedium => "中", "Medium";
    RiskLow => "低", "Low";
    AllRisks => "全部风险等级", "All risk levels";
    OverdueOnly => "只看逾期", "Overdue only";
    CsDraft => "草拟", "Draft";
    CsPendingApproval => "待审批", "Pending approval";
    CsApproved => "已批准", "Approved";
    CsSigned => "已签订", "Signed";
    CsExecuting => "履行中", "Executing";
    CsCompleted => "已完成", "Completed";
    CsTerminated => "已终止", "Terminated";
    GoPendingApproval => "提交审批", "Submit for approval";
    GoApproved => "批准（无需审批）", "Approve (no approval needed)";
    GoSigned => "标记为已签订", "Mark signed";
    GoExecuting => "开始履行", "Start execution";
    GoCompleted => "标记为已完成", "Mark completed";
    GoTerminated => "终止合同", "Terminate";
    TerminateReason => "终止原因", "Reason for terminating";
    ApprovalSteps => "审批", "Approval";
    ApprovalComment => "审批意见", "Comment";
    ApproveStep => "同意", "Approve";
    RejectStep => "驳回", "Reject";
    DecisionPending => "待审批", "Waiting";
    DecisionApproved => "已同意", "Approved";
    DecisionRejected => "已驳回", "Rejected";
    PaymentPlan => "回款计划", "Payment plan";
    DueDate => "到期日", "Due";
    RecordReceipt => "登记回款", "Record payment";
    ReceiptDate => "回款日期", "Date";
    ReceiptAmount => "回款金额", "Amount";
    ContractTimeline => "状态记录", "Status history";
    RiskWhy => "风险原因", "Why";
    NoRiskReasons => "没有风险因素。", "No risk factors.";
    AgingTitle => "应收账龄", "Receivables aging";
    Aging0_30 => "0–30 天", "0–30 days";
    Aging31_60 => "31–60 天", "31–60 days";
    Aging61_90 => "61–90 天", "61–90 days";
    AgingOver90 => "90 天以上", "Over 90 days";
    TotalCol => "合计", "Total";
    NoContracts => "还没有合同。", "No contracts yet.";
    NoContractMatches => "没有符合条件的合同。", "No contract matches.";
    ConflictTitle => "此记录已在别处被修改", "This record was changed elsewhere";
    ConflictBody => "您打开表单后，另一个标签页保存了新版本。您的修改尚未保存。以下是两个版本不同的地方：", "Another tab saved a newer version after you opened this form. Your changes are not saved yet. Here is where the two versions differ:";
    ConflictDeletedTitle => "此记录已在别处被删除", "This record was deleted elsewhere";
    ConflictDeletedBody => "您打开表单后，另一个标签页删除了此记录。您的修改尚未保存。", "Another tab deleted this record after you opened this form. Your changes are not saved yet.";
    ConflictField => "字段", "Field";
    ConflictStored => "已保存的版本", "Saved version";
    ConflictMine => "您的版本", "Your version";
    ConflictNoFieldDiffers => "内容相同，只是保存时间不同。", "The contents are the same; only the save time differs.";
    ConflictOverwrite => "用我的版本覆盖", "Overwrite with mine";
    ConflictRecreate => "重新保存我的版本", "Save mine again";
    ConflictDiscard => "放弃我的修改", "Discard my changes";
    ConflictKeepEditing => "返回继续编辑", "Keep editing";
    DiscardTitle => "放弃未保存的内容？", "Discard unsaved changes?";
    DiscardBody => "这里填写的内容还没有保存，关闭后将丢失。", "What you entered here is not saved yet and will be lost.";
    Discard => "放弃", "Discard";
    ConflictDiscarded => "已放弃您的修改，现在显示的是已保存的版本。", "Your changes were discarded; this shows the saved version.";
    Encoding => "编码", "Encoding";
    KeptBook => "上次替换或清除前的数据", "The data from before the last replace or erase";
    KeptBookTaken => "保存于", "Kept";
    PutKeptBack => "恢复这份数据", "Put it back";
    PutKeptBackTitle => "恢复上次替换或清除前的数据？", "Put back the data from before the last replace or erase?";
    PutKeptBackBody => "当前数据会被替换，并保留在这里，可以再换回来。", "The current data is replaced by it, and kept here in its place, so you can switch back.";
    DownloadFailed => "浏览器未能保存下载文件：", "The browser could not save the download:";
    SearchCustomers => "搜索名称、编号、联系人、电话或邮箱", "Search name, code, contact, phone or email";
    AllStatuses => "全部状态", "All statuses";
    AllSources => "全部来源", "All sources";
    AllGrades => "全部等级", "All grades";
    AllIndustries => "全部行业", "All industries";
    AllRegions => "全部地区", "All regions";
    AllTags => "全部标签", "All tags";
    SortBy => "排序", "Sort";
    SortName => "按名称", "Name";
    SortCode => "按编号", "Code";
    SortNewest => "最新创建", "Newest";
    SortGrade => "按等级", "Grade";
    ColCode => "编号", "Code";
    ColName => "名称", "Name";
    ColGrade => "等级", "Grade";
    ColStatus => "状态", "Status";
    ColSource => "来源", "Source";
    ColIndustry => "行业 / 地区", "Industry / region";
    ColContact => "主要联系人", "Main contact";
    ExportCsv => "导出 CSV", "Export CSV";
    NoMatches => "没有符合条件的客户。", "No customers match.";
    ClearFilters => "清除筛选", "Clear filters";
    Prev => "上一页", "Previous";
    Next => "下一页", "Next";
    Page => "页", "Page";
    ColRegion => "地区", "Region";
    NewCustomer => "新建客户", "New customer";
    NewProduct => "新建商品", "New product";
    AnGrades => "客户等级分析", "Customers by grade";
    Birthday => "生日", "Birthday";
    FindDuplicates => "查找重复客户", "Find duplicates";
    DuplicateGroups => "可能重复的客户", "Possible duplicates";
    NoDuplicates => "没有发现重复的客户。", "No duplicates found.";
    MergeEllipsis => "合并…", "Merge…";
    MergeTitle => "合并两个客户", "Merge two customers";
    MergeHint => "为每个不同的字段选择保留的值。联系人和标签会合并，跟进、售后、商机和合同都会转到保留的客户名下。合并后可立即撤销。", "Choose which value survives for each field that differs. Contacts and tags are combined; follow-ups, service cases, deals and contracts move to the surviving customer. You can undo right after.";
    MergeNow => "合并", "Merge";
    Merged => "客户已合并", "Customers merged";
    Field => "字段", "Field";
    Prospects => "潜在客户", "Prospects";
    AnFrequency => "购买频率（次/年）", "Purchases per year";
    AnAvgOrder => "客单价", "Average order";
    AnChurn => "客户流失", "Churn";
    AnPeriod => "期间", "Period";
    ThisQuarter => "本季度", "This quarter";
    LastQuarter => "上季度", "Last quarter";
    ThisYear => "今年", "This year";
    Last12Months => "近 12 个月", "Last 12 months";
    ChurnRate => "流失率", "Churn rate";
    ActiveAtStart => "期初活跃客户", "Active at the start";
    EverBought => "曾购买的客户", "Customers who ever bought";
    Churned => "已流失", "Churned";
    AtRisk => "即将流失（30 天内）", "About to churn (next 30 days)";
    AtRiskNone => "近期没有即将越过流失窗口的客户。", "Nobody is about to cross the churn window.";
    ComplaintCauses => "投诉原因分布", "Complaints by cause";
    NoComplaints => "还没有投诉记录。", "No complaints recorded.";
    SetRulesDocuments => "货币、编号与报价合同", "Currency, codes, quotes and contracts";
    SetRulesGrading => "客户分级（RFM）", "Customer grading (RFM)";
    SetRulesGradingHint => "已购客户按最近购买 R、购买频次 F、消费金额 M 各得 1–3 分，总分决定 A/B/C；阈值改动后所有客户的等级立即重新计算。", "Customers who have bought score 1–3 each for recency R, frequency F and monetary value M; the total decides A/B/C. Every grade is recomputed as soon as a threshold changes.";
    SetRulesProspects => "潜在客户、流失与 CLV", "Prospects, churn and lifetime value";
    RRecencyA => "R3：最近一次购买在几天内", "R3: last purchase within (days)";
    RRecencyAHint => "在这个天数内购买过，R 得 3 分。", "Bought within this many days: R scores 3.";
    RRecencyB => "R2：最近一次购买在几天内", "R2: last purchase within (days)";
    RRecencyBHint => "在这个天数内购买过，R 得 2 分；更久为 1 分。", "Bought within this many days: R scores 2; longer ago, 1.";
    RFrequencyA => "F3：12 个月内至少购买几次", "F3: purchases in 12 months, at least";
    RFrequencyAHint => "近 12 个月购买次数达到此数，F 得 3 分。", "This many purchases in the last 12 months: F scores 3.";
    RFrequencyB => "F2：12 个月内至少购买几次", "F2: purchases in 12 months, at least";
    RFrequencyBHint => "达到此数 F 得 2 分；更少为 1 分。", "This many: F scores 2; fewer, 1.";
    RMonetaryA => "M3：12 个月消费金额至少", "M3: 12-month revenue, at least";
    RMonetaryAHint => "近 12 个月成交金额达到此数，M 得 3 分。", "This much revenue in the last 12 months: M scores 3.";
    RMonetaryB => "M2：12 个月消费金额至少", "M2: 12-month revenue, at least";
    RMonetaryBHint => "达到此数 M 得 2 分；更少为 1 分。", "This much: M scores 2; less, 1.";
    RGradeAMin => "A 级：R+F+M 总分至少", "Grade A: R + F + M at least";
    RGradeAMinHint => "三项得分之和在 3 到 9 之间。", "The three scores add up to between 3 and 9.";
    RGradeBMin => "B 级：R+F+M 总分至少", "Grade B: R + F + M at least";
    RGradeBMinHint => "低于此分为 C 级。", "Below this the customer is C.";
    RAtRiskHint => "老客户超过这个天数没有购买，评为 D 并在工作台提醒。", "A customer who has not bought for longer is D and shows on the dashboard.";
    RProspectMonthsA => "潜在客户 A：预计几个月内成交", "Prospect A: expected to close within (months)";
    RProspectMonthsAHint => "尚未购买、有进行中的商机且预计在此月数内成交（赢率达到下一项），评为 A。", "Not a buyer yet, with an open deal expected to close within this many months (at the win probability below): A.";
    RProspectMonthsB => "潜在客户 B：预计几个月内成交", "Prospect B: expected to close within (months)";
    RProspectMonthsBHint => "在此月数内为 B；更晚或没有预计日期为 C。", "Within this many months: B; later, or no expected date, C.";
    RProspectProbHint => "商机赢率低于此值的潜在客户最多评为 B。", "A prospect whose deal is less likely than this is at most B.";
    RChurnWindowHint => "超过这个天数没有购买的客户计为流失（数据分析中的流失率）。", "Customers who have not bought for this long count as churned (the churn rate in Analytics).";
    RClvYearsHint => "客户终身价值 = 客单价 × 每年购买次数 × 这个年数。", "Customer lifetime value = average order × purchases per year × this many years.";
    RCustomerPrefixHint => "新客户编号为前缀加序号，如 C00061。", "New customers are numbered with this prefix and a sequence, e.g. C00061.";
    RProductPatternHint => "{category} 为类别前缀，{series} 为系列，{seq} 为序号（必填），如 {category}-{series}-{seq}。", "{category} is the category's prefix, {series} the series, {seq} the sequence (required), e.g. {category}-{series}-{seq}.";
    RNumberHint => "{yyyy} 或 {yy} 为年份，{seq} 为序号（必填）。", "{yyyy} or {yy} is the year, {seq} the sequence (required).";
    RQuoteValidityHint => "报价单上写明的有效天数。", "The days a printed quote stays valid.";
    RTaxRateHint => "报价金额含税，打印时分列税额。", "Quoted prices include it; print shows the tax separately.";
    RContractApprovalHint => "金额高于此值的合同签署前须经审批。", "Contracts above this amount need approval before signing.";
    RCurrencyHint => "所有金额、打印件和合同文本使用这个货币。", "Every amount, printout and contract text uses this currency.";
    RulesUnsaved => "规则有未保存的修改", "The rules have unsaved changes";
    RCustomerPrefix => "客户编号前缀", "Customer code prefix";
    RProductPattern => "商品编码规则", "Product code pattern";
    RAtRisk => "超过多少天未购买为 D（流失风险）", "Days without purchase before D (at risk)";
    RProspectProb => "潜在客户 A 的最低赢率 %", "Prospect A: lowest win probability %";
    RChurnWindow => "流失窗口（天）", "Churn window (days)";
    RClvYears => "CLV 预期合作年限", "CLV relationship years";
    RContractApproval => "合同审批金额", "Contract approval above";
    SaveRules => "保存规则", "Save rules";
    EditProduct => "编辑商品", "Edit product";
    SearchProducts => "搜索编码、名称、品牌或分类", "Search code, name, brand or category";
    AllCategories => "全部分类", "All categories";
    OnSale => "在售", "On sale";
    Discontinued => "停售", "Discontinued";
    SortPrice => "价格从高到低", "Price, high first";
    SortStock => "库存从少到多", "Stock, low first";
    PCode => "商品编码", "Code";
    PName => "商品名称", "Name";
    PCategory => "分类（用 / 分级）", "Category (levels split by /)";
    PCategoryCol => "分类", "Category";
    PCodePrefix => "分类代码", "Category prefix";
    PSeries => "系列代码", "Series";
    GenerateCode => "按规则生成编码", "Generate code";
    PBrand => "品牌", "Brand";
    PUnit => "单位", "Unit";
    PListPrice => "标价（元）", "List price (¥)";
    PCost => "成本（元）", "Cost (¥)";
    PStock => "库存", "Stock";
    PLeadTime => "交货期（天）", "Lead time (days)";
    POrderingCost => "每次订货成本（元）", "Cost per order (¥)";
    PHoldingCost => "单位年持有成本（元）", "Holding cost per unit-year (¥)";
    NoProducts => "还没有商品。新建一个，或载入演示数据。", "No products yet. Add one, or load the demo data.";
    BackToList => "返回客户列表", "Back to customers";
    CustomerNotFound => "找不到这个客户，可能已被删除。", "This customer was not found; it may have been deleted.";
    Profile => "基本信息", "Profile";
    Value => "客户价值", "Value";
    Clv => "客户生命周期价值", "Lifetime value (CLV)";
    ClvNone => "尚无购买记录", "No purchases yet";
    GradeOverride => "手动调整等级", "Override the grade";
    Reason => "原因", "Reason";
    ReasonRequired => "请填写调整原因", "Give a reason for the override";
    ApplyOverride => "应用", "Apply";
    ClearOverride => "恢复自动分级", "Back to computed grade";
    Timeline => "往来记录", "Timeline";
    LogFollowUp => "记录跟进", "Log a follow-up";
    FinishFollowUpFirst => "正在填写的跟进还没有记录：请先记录或清空它，再从联系人的电话开始新的一条。", "The follow-up being written is not logged yet: log or clear it first, then start the next from the contact's number.";
    LogIt => "记录", "Log";
    FollowUpsTitle => "跟进记录", "Follow-ups";
    FChannel => "方式", "Channel";
    FDate => "日期", "Date";
    FSummary => "内容", "Summary";
    FOutcome => "结果", "Outcome";
    FNextDate => "下次跟进", "Next follow-up";
    ServiceCases => "售后 / 投诉", "Service cases";
    AddServiceCase => "登记售后/投诉", "Log a service case";
    FCaseKind => "类别", "Kind";
    AfterSales => "售后", "After-sales";
    Complaint => "投诉", "Complaint";
    FCause => "投诉原因", "Cause";
    FDescription => "描述", "Description";
    FSatisfaction => "满意度（1–5）", "Satisfaction (1–5)";
    Open => "处理中", "Open";
    Resolved => "已解决", "Resolved";
    MarkResolved => "标记已解决", "Mark resolved";
    NothingYet => "还没有记录。", "Nothing yet.";
    DecisionMakerBadge => "决策人", "Decision maker";
    FollowUpWord => "跟进", "Follow-up";
    DealWord => "商机", "Deal";
    ContractWord => "合同", "Contract";
    ImportCustomersTitle => "从表格导入客户", "Import customers from a spreadsheet";
    ImportCsvHint => "支持 Excel / WPS / 其他 CRM 导出的 CSV：UTF-8（含或不含 BOM）、GBK，逗号、分号或制表符分隔。同一客户的多行会合并为多个联系人。", "CSV from Excel, WPS or another CRM: UTF-8 with or without BOM, or GBK; comma, semicolon or tab separated. Several rows of one customer become several contacts.";
    ChooseCsv => "选择 CSV 文件…", "Choose CSV file…";
    RowsWord => "行", "rows";
    ColumnMapping => "列对应", "Column mapping";
    DoNotImport => "（不导入）", "(skip column)";
    DuplicateHandling => "与已有客户重复时", "When a customer already exists";
    DuplicateProduct => "与已有商品重复时", "When a product already exists";
    DuplicateDeal => "与已有商机重复时", "When a deal already exists";
    DupSkip => "跳过", "Skip it";
    DupUpdate => "用文件内容更新", "Update it from the file";
    DupCreate => "仍然新建", "Create a new one anyway";
    Checking => "正在检查", "Checking";
    ToCreate => "将新建", "to create";
    ToUpdate => "将更新", "to update";
    WillSkip => "将跳过", "to skip";
    NotOwed => "既未收到也不计应收：尚未签订或已终止的合同，或付款计划未覆盖的部分", "neither received nor owed: contracts not yet signed or terminated, or what no payment plan covers";
    RowProblems => "以下行有问题，修正文件后重新选择；在此之前不会导入任何数据。", "These rows have problems. Fix the file and choose it again; nothing is imported until then.";
    RowWord => "第", "Row";
    Preview => "预览", "Preview";
    ImportCustomers => "导入客户", "Import customers";
    Writing => "正在写入…", "Writing…";
    CustomersImported => "客户已导入", "Customers imported";
    ImportProductsTitle => "从表格导入商品", "Import products from a spreadsheet";
    ImportProductsHint => "支持 Excel / WPS / 其他系统导出的 CSV：UTF-8（含或不含 BOM）、GBK，逗号、分号或制表符分隔。分类用“/”分级，如“办公设备/打印机”；没有编码的行按编码规则生成 P-IM-001 这样的编码。", "CSV from Excel, WPS or another system: UTF-8 with or without BOM, or GBK; comma, semicolon or tab separated. Category levels are separated by “/”, e.g. “Office/Printers”; rows without a code get one by the code rule, like P-IM-001.";
    ImportProducts => "导入商品", "Import products";
    ProductsImported => "商品已导入", "Products imported";
    FContactNameCol => "联系人姓名", "Contact name";
    EditCustomer => "编辑客户", "Edit customer";
    Save => "保存", "Save";
    Delete => "删除", "Delete";
    Edit => "编辑", "Edit";
    FName => "客户名称", "Name";
    FCode => "客户编号", "Code";
    FKind => "类型", "Kind";
    KindCompany => "企业", "Company";
    KindPerson => "个人", "Person";
    FIndustry => "行业", "Industry";
    FRegion => "地区", "Region";
    FSource => "来源", "Source";
    FStatus => "状态", "Status";
    FCreditLimit => "信用额度（元）", "Credit limit (¥)";
    FTags => "标签（用逗号分隔）", "Tags (comma-separated)";
    FNotes => "备注", "Notes";
    FContacts => "联系人", "Contacts";
    AddContact => "添加联系人", "Add contact";
    Remove => "移除", "Remove";
    FContactName => "姓名", "Name";
    FTitle => "职位", "Title";
    FPhone => "电话", "Phone";
    FEmail => "邮箱", "Email";
    FBirthday => "生日", "Birthday";
    FDecisionMaker => "决策人", "Decision maker";
    PossibleDuplicate => "可能与已有客户重复：", "This may duplicate an existing customer:";
    SamePhone => "电话相同", "same phone";
    SameEmail => "邮箱相同", "same email";
    SimilarName => "名称相似", "similar name";
    FixErrors => "请先修正标出的字段。", "Fix the marked fields first.";
    CodeTaken => "该编号已被其他客户使用", "is already used by another customer";
    ProductCodeTaken => "该编码已被其他商品使用", "is already used by another product";
    ConfirmDeleteCustomerTitle => "删除此客户？", "Delete this customer?";
    CustomerDeleted => "客户已删除", "Customer deleted";
    ProductDeleted => "商品已删除", "Product deleted";
    ImportDealsTitle => "从其他 CRM 导入商机", "Import deals from another CRM";
    ImportDealsHint => "CSV 导出文件，例如包含编号、负责人、商品、客户、阶段、接洽日期、成交日期、金额等列。客户和商品按名称匹配（不区分大小写和空格）；文件中的阶段名称需要对应到本漏斗的阶段。", "A CSV export, e.g. with id, owner, product, account, stage, engage date, close date and value columns. Customers and products are matched by name (ignoring case and spaces); the file's stage names are mapped onto this pipeline's stages.";
    ImportDeals => "导入商机", "Import deals";
    DealsImported => "商机已导入", "Deals imported";
    StageMapping => "阶段对应", "Stage mapping";
    CreateMissingCustomers => "为找不到的客户名称新建客户", "Create customers the book does not have";
    NewCustomersToo => "新建客户", "new customers";
    DealIdCol => "编号（用于重复导入时识别）", "Id (recognises a re-import)";
    EngageDate => "接洽日期", "Engage date";
    SetStages => "销售阶段", "Pipeline stages";
    SetStagesHint => "每个阶段有赢率和停滞天数（超过即标记“停滞”）。必须恰好有一个赢单阶段和一个输单阶段。", "Each stage has a win probability and rot days (longer in the stage marks a deal stale). There must be exactly one won and one lost stage.";
    StageName => "阶段名称", "Stage name";
    StageColor => "颜色", "Colour";
    StageProbability => "赢率", "Win probability";
    StageRotDays => "停滞天数", "Rot days";
    DaysUnit => "天", "days";
    StageKindLabel => "类型", "Kind";
    StageOpen => "进行中", "Open";
    StageWon => "赢单", "Won";
    StageLost => "输单", "Lost";
    AddStage => "添加阶段", "Add stage";
    SaveStages => "保存阶段", "Save stages";
    RemoveStage => "删除阶段", "Remove stage";
    RemoveStageTitle => "删除此阶段？", "Remove this stage?";
    MoveDealsTo => "把商机移到…", "Move its deals to…";
    ClosedStageHoldsDeals => "赢单或输单阶段中有商机，不能删除。", "A won or lost stage that holds deals cannot be removed.";
    KindHoldsDeals => "这个阶段中有商机，不能改类型：先把商机移到别的阶段。", "This stage holds deals, so its kind cannot change: move its deals to another stage first.";
    StageRemoved => "阶段已删除", "Stage removed";
    // Pipeline
    NewDeal => "新建商机", "New deal";
    EditDeal => "编辑商机", "Edit deal";
    QuickCapture => "快速记录线索", "Quick lead";
    QuickCaptureHint => "填写姓名、电话和需求即可：按电话或名称匹配已有客户（新电话会添加为联系人），否则新建客户。", "A name, a phone and the need: the customer is matched by phone or name (a new phone is added as a contact), or created.";
    QcPerson => "姓名 *", "Name *";
    QcCompany => "公司（可选）", "Company (optional)";
    QcNeed => "需求", "Need";
    SaveLead => "保存线索", "Save lead";
    NoDealsYet => "还没有商机。记录第一条线索，或载入演示数据。", "No deals yet. Capture a first lead, or load the demo data.";
    BoardView => "看板", "Board";
    ListView => "列表", "List";
    FunnelView => "漏斗分析", "Funnel";
    SearchDeals => "搜索商机、客户、竞争对手", "Search deals, customers, competitors";
    MinAmount => "最低金额", "Min amount";
    MaxAmount => "最高金额", "Max amount";
    ExpectedClose => "预计成交日期", "Expected close";
    AnyClose => "任何成交日期", "Any close date";
    CloseThisMonth => "本月成交", "Closing this month";
    CloseNextMonth => "下月成交", "Closing next month";
    CloseThisQuarter => "本季度成交", "Closing this quarter";
    CloseUndated => "未定日期", "No date";
    StaleOnly => "只看停滞", "Stale only";
    Stale => "停滞", "Stale";
    DealTitle => "商机名称", "Deal";
    FCustomer => "客户", "Customer";
    DealAmount => "金额 (¥)", "Amount (¥)";
    Weighted => "加权金额", "Weighted amount";
    WeightedShort => "加权", "weighted";
    DaysInStage => "本阶段天数", "Days in stage";
    LeadScore => "线索评分", "Lead score";
    ShowMore => "再显示一些", "Show more";
    MarkWonTitle => "标记为赢单", "Mark as won";
    MarkLostTitle => "标记为输单", "Mark as lost";
    MarkWon => "赢单", "Mark won";
    MarkLost => "输单", "Mark lost";
    FinalAmount => "最终成交金额 (¥)", "Final amount (¥)";
    EnterAmount => "请输入金额", "Enter an amount";
    CreateContract => "生成合同草稿", "Create contract";
    ContractBody => "合同正文", "Contract text";
    PrintContract => "打印合同", "Print contract";
    SignatureBuyer => "甲方（签章）：____________　日期：________", "Customer (signature): ____________  Date: ________";
    SignatureSeller => "乙方（签章）：____________　日期：________", "Seller (signature): ____________  Date: ________";
    ContractCreated => "已生成合同草稿", "Contract drafted:";
    Approvers => "审批人", "Approvers";
    AddApprover => "添加审批人", "Add approver";
    ApproverName => "审批人姓名", "Approver's name";
    RemoveApprover => "移除", "Remove";
    ContractTerms => "合同条款", "Terms";
    StartDate => "开始日期", "Start date";
    EndDate => "结束日期", "End date";
    AddInstallment => "添加一期", "Add installment";
    RemoveInstallment => "删除此期", "Remove installment";
    SaveTerms => "保存条款", "Save terms";
    DraftTermsHint => "草稿可随时修改；提交审批或签订后，金额和回款计划只能通过“合同变更”调整。", "A draft can be edited freely; once submitted or signed, amount and plan change only by amendment.";
    Milestones => "里程碑与执行进度", "Milestones and progress";
    MilestoneName => "里程碑名称", "Milestone";
    AddMilestone => "添加里程碑", "Add milestone";
    ProgressPct => "进度 %", "Progress %";
    OverallProgress => "整体执行进度", "Overall progress";
    NoMilestones => "还没有里程碑：添加后可按进度评估风险。", "No milestones yet: add some to track progress (it counts in the risk).";
    Amendments => "合同变更", "Amendments";
    AmendmentWhat => "变更内容", "What changes";
    AmendmentDate => "变更日期", "Date";
    NewAmountOptional => "新合同金额（不改金额请留空）", "New contract amount (blank: unchanged)";
    RecordAmendment => "登记变更", "Record amendment";
    NoAmendments => "没有变更记录。", "No amendments.";
    Dispute => "争议", "Dispute";
    Disputed => "存在争议", "Disputed";
    DisputeNote => "争议说明", "What is disputed";
    SaveDispute => "保存争议状态", "Save dispute";
    RiskOverride => "手动调整风险等级", "Override the risk level";
    RiskByRules => "按规则计算", "As the rules say";
    OverriddenFrom => "已手动调整，规则计算为", "Set by hand; the rules say";
    NewContract => "新建合同", "New contract";
    ContractTemplateField => "合同模板", "Template";
    CreateDraft => "创建草稿", "Create draft";
    AmountOptional => "合同金额（可稍后填写）", "Amount (can be filled in later)";
    CustomerContracts => "合同与应收", "Contracts and receivables";
    NoCustomerContracts => "该客户还没有合同。", "No contracts with this customer yet.";
    CreateContractToo => "赢单并生成合同", "Mark won and draft contract";
    Templates => "合同模板", "Contract templates";
    TemplatesHint => "新合同的正文由模板生成，生成后仍可修改。占位符（如 {{customer.name}}）会填入合同、客户和商机的信息。", "A new contract's text comes from a template and can be edited afterwards. Placeholders such as {{customer.name}} are filled from the contract, customer and deal.";
    Reviewed => "已审核", "Reviewed";
    NotReviewed => "未审核", "Not reviewed";
    ReviewedCheck => "已由法务或本人审核（记录今天的日期）", "Reviewed by legal or by me (dated today)";
    Duplicate => "复制", "Duplicate";
    CopySuffix => "（副本）", "(copy)";
    NewTemplate => "新建模板", "New template";
    EditTemplate => "编辑模板", "Edit template";
    TemplateName => "模板名称（即合同类型）", "Name (the contract type)";
    Scenario => "场景", "Scenario";
    UnknownPlaceholdersField => "无法识别的占位符，请修改后再保存：", "Placeholders this app cannot fill — fix them before saving:";
    PlaceholdersHint => "可用占位符（点击插入到光标处）：", "Placeholders you can use (click to insert at the cursor):";
    DeleteTemplateTitle => "删除此模板？", "Delete this template?";
    DeleteTemplateBody => "用此模板生成的合同保留各自的正文。删除后可立即撤销。", "Contracts made from it keep their text. You can undo right after.";
    TemplateDeleted => "模板已删除", "Template deleted";
    ImportWarnings => "可以导入，但请注意：", "It can be imported; note:";
    AnContracts => "合同分析", "Contracts";
    AllKinds => "全部合同类型", "All types";
    NoTemplates => "还没有合同模板。第一份合同生成时会自动加入标准模板，也可以现在加入后再修改。", "No templates yet. The standard ones are added with the first contract, or add them now and adapt them.";
    AddDefaultTemplates => "加入标准模板（销售合同、服务合同）", "Add the standard templates (sales, service)";
    RQuoteNumber => "报价单号规则", "Quote number rule";
    RQuoteValidity => "报价有效期（天）", "Quote valid for (days)";
    RTaxRate => "增值税率 %", "VAT rate %";
    SaveToPrintQuote => "保存商机后即可打印带编号的报价单", "Save the deal to print a numbered quote";
    SellerTaxNumber => "税号", "Tax no.";
    QuoteNumber => "报价单号", "Quote no.";
    ValidUntil => "有效期至", "Valid until";
    QuoteTo => "客户", "To";
    QuoteFrom => "报价方", "From";
    TotalTaxIncluded => "含税合计", "Total (VAT included)";
    TaxIncluded => "其中增值税", "of which VAT at";
    InWords => "大写金额", "In words";
    Terms => "条款", "Terms";
    QuoteConfirmBuyer => "客户确认（签章）：____________　日期：________", "Accepted by the customer (signature): ____________  Date: ________";
    SetSeller => "卖方信息（打印抬头）", "Seller profile (letterhead)";
    SetSellerHint => "打印的报价单和合同都会使用这些信息。", "Every printed quote and contract shows these details.";
    SellerName => "公司或个人名称", "Company or personal name";
    SellerAddress => "地址", "Address";
    SellerPhone => "电话", "Phone";
    SellerEmail => "邮箱", "E-mail";
    SellerBank => "开户行", "Bank";
    SellerAccount => "账号", "Account no.";
    SellerLogo => "标志", "Logo";
    ChooseLogo => "选择标志图片…", "Choose a logo…";
    RemoveLogo => "移除标志", "Remove logo";
    PartyBuyer => "甲方（买方）", "Customer";
    PartySeller => "乙方（卖方）", "Seller";
    ContractDeleted => "合同草稿已删除", "Draft contract deleted";
    DeleteDraft => "删除草稿", "Delete draft";
    DeleteDraftTitle => "删除此合同草稿？", "Delete this draft contract?";
    DeleteDraftBody => "草稿及其条款将被删除，编号不会再次使用。删除后可立即撤销。", "The draft and its terms will be deleted; its number is not given again. You can undo right after.";
    EndingSoon => "30 天内到期", "Ending within 30 days";
    ReceiptNote => "备注（如银行流水号）", "Note (e.g. bank reference)";
    AnProducts => "商品分析（ABC 与库存）", "Products (ABC and stock)";
    Rank => "排名", "Rank";
    Revenue => "销售额", "Revenue";
    SharePct => "占比", "Share";
    CumulativePct => "累计占比", "Cumulative";
    AbcClassCol => "ABC 分类", "Class";
    NoProductRevenue => "无商品的赢单金额", "Won without quote lines";
    StockFigures => "库存指标", "Stock figures";
    StockCol => "库存", "Stock";
    DemandPerDay => "日均需求", "Units / day";
    SafetyReorder => "安全库存 / 再订货点", "Safety stock / reorder point";
    TurnoverDays => "周转天数", "Turnover days";
    ReorderNow => "需补货", "Reorder now";
    RContractNumber => "合同编号规则", "Contract number rule";
    LostReason => "输单原因", "Lost reason";
    SetLostReasons => "输单原因", "Lost reasons";
    WhyLost => "输单原因分析", "Why deals were lost";
    NoLostInPeriod => "这段时间没有输单。", "No deals were lost in this period.";
    DealsLost => "输单数", "Deals lost";
    Share => "占比", "Share";
    NoReasonGiven => "（未填写原因）", "(no reason given)";
    SetLostReasonsHint => "商机标记为输单时可选的原因。改名会同步到使用该原因的商机；删除只是不再提供，已输单的商机保留原来的原因。", "Offered when a deal is marked lost. Renaming a reason renames it on the deals closed with it; removing one only stops offering it — lost deals keep their reason.";
    AddReason => "添加原因", "Add reason";
    SaveReasons => "保存输单原因", "Save lost reasons";
    RemoveReason => "删除原因", "Remove reason";
    NoLostReasons => "没有自己的原因时，标记输单会提供标准原因。", "With no reasons of your own, marking a deal lost offers the standard ones.";
    MoveTo => "移动", "Move";
    MoveUp => "上移", "Move up";
    MoveDown => "下移", "Move down";
    MoveToStage => "移到", "Move to";
    DropHere => "拖到这里", "Drop deals here";
    PickExistingCustomer => "请选择已有客户（先在客户页新建，或用“快速记录线索”）", "Pick an existing customer (create one first, or use Quick lead)";
    DealDeleted => "商机已删除", "Deal deleted";
    ConfirmDeleteDealTitle => "删除此商机？", "Delete this deal?";
    ConfirmDeleteDealBody => "商机及其报价和阶段记录将被删除。删除后可立即撤销。", "The deal with its quote and stage history will be deleted. You can undo right after.";
    ProbabilityOverride => "赢率 %（留空用阶段赢率）", "Win probability % (blank: stage's)";
    Competitor => "竞争对手", "Competitor";
    ManTitle => "购买资格（预算 · 决策权 · 需求）", "MAN qualification";
    ManMoney => "预算", "Money (budget)";
    ManAuthority => "决策权", "Authority";
    ManNeed => "需求", "Need";
    Yes => "是", "Yes";
    No => "否", "No";
    Unknown => "未知", "Unknown";
    Quote => "报价单", "Quote";
    Product => "商品", "Product";
    Quantity => "数量", "Quantity";
    UnitPrice => "单价", "Unit price";
    DiscountPct => "折扣 %", "Discount %";
    LineTotal => "小计", "Line total";
    RemoveLine => "删除此行", "Remove line";
    AddLine => "添加商品", "Add product";
    AboveMaxDiscount => "超过最高折扣", "Above max discount";
    DiscountReason => "折扣原因", "Discount reason";
    DiscountNeedsReason => "折扣超过上限，需要填写原因", "A discount above the maximum needs a reason";
    NoProductsForQuote => "还没有在售商品：先在商品页添加。", "No products on sale yet: add some on the Products page.";
    Subtotal => "合计", "Subtotal";
    TotalDiscount => "折扣", "Discount";
    QuoteTotal => "报价总额", "Total";
    AmountFollowsQuote => "商机金额跟随报价总额", "Deal amount follows the quote total";
    PrintQuote => "打印报价单", "Print quote";
    QuoteDocTitle => "报价单", "Quotation";
    QuoteDate => "日期", "Date";
    StageHistory => "阶段记录", "Stage history";
    Period => "期间", "Period";
    ThisMonth => "本月", "This month";
    AllTime => "全部", "All time";
    WinRate => "赢单率", "Win rate";
    AvgCycle => "平均销售周期", "Average sales cycle";
    AvgDealSize => "平均成交金额", "Average deal size";
    FunnelChart => "阶段转化漏斗", "Stage conversion funnel";
    Reached => "到达商机数", "Deals reached";
    ToNextStage => "进入下一阶段", "To next stage";
    ForecastByMonth => "按预计成交月份的加权预测", "Weighted forecast by expected close month";
    CloseMonth => "成交月份", "Close month";

    ConfirmDeleteProductTitle => "删除此商品？", "Delete this product?";
    ImportCsv => "导入 CSV", "Import CSV";
    ColTags => "标签", "Tags";

    NavTargets => "销售目标", "Targets";
    NavEvents => "展会活动", "Events";
    EventsEmpty => "还没有展会或活动。为下一场展会新建一个，然后在展位的平板上开启展会模式，让访客自助登记。", "No events yet. Create one for your next trade show, then start kiosk mode on the stand's tablet so visitors can register themselves.";
    NewEvent => "新建展会", "New event";
    EditEvent => "编辑展会", "Edit event";
    EvName => "名称", "Name";
    EvPlace => "地点", "Place";
    EvStarts => "开始日期", "First day";
    EvEnds => "结束日期", "Last day";
    EvDates => "日期", "Dates";
    EvProducts => "展位展示的商品（访客可选为感兴趣的产品）", "Products at the stand (visitors pick their interests among them)";
    EvNoProducts => "商品库中还没有在售商品：访客仍可登记，只是没有可选的产品。", "No products on sale yet: visitors can still register, without products to pick.";
    EvConsent => "同意条款（访客须勾选同意才能登记，条款原文随登记一并保存）", "Consent text (visitors must accept it to register; the text is stored with each registration)";
    ConsentDefault => "我同意贵公司保存我在此填写的姓名、公司、职务、电话、电子邮箱和留言，仅用于就本次展会上我咨询的产品与我联系并提供报价，不会提供给第三方。我可以随时要求查阅、更正或删除这些信息（《个人信息保护法》）。", "I agree that the name, company, job title, phone, e-mail and note I enter here are kept to contact me about the products I asked about at this show and to send me quotes; they are not passed to third parties. I can ask at any time to see, correct or delete them (GDPR).";
    EvLeads => "线索", "Leads";
    EvQualified => "合格 (MAN)", "Qualified (MAN)";
    EvWon => "成交", "Won";
    EvRevenue => "成交金额", "Revenue";
    EvReport => "报告", "Report";
    EventDeleted => "展会已删除", "Event deleted";
    ConfirmDeleteEventTitle => "删除展会？", "Delete this event?";
    RunningNow => "进行中", "On now";
    StartKiosk => "开启展会模式", "Start kiosk mode";
    KioskStartBody => "平板将全屏显示访客登记表，应用的其他部分（包括其他客户的资料）都无法访问。每位访客提交后或 60 秒无操作时，表单自动清空。退出时需要输入您现在设置的 PIN 码。", "The tablet shows only the visitor registration form, full screen; the rest of the app, other customers' data included, cannot be reached. The form clears itself after each visitor and after 60 seconds without a touch. Leaving needs the PIN you set now.";
    KioskPin => "PIN 码（4–8 位数字）", "PIN (4–8 digits)";
    KioskPin2 => "再次输入 PIN 码", "PIN again";
    PinFormat => "请输入 4–8 位数字。", "Enter 4 to 8 digits.";
    PinMismatch => "两次输入的 PIN 码不一致。", "The two PINs differ.";
    KioskWelcome => "欢迎！请留下您的联系方式", "Welcome! Please leave your details";
    KioskIntro => "我们会在下一个工作日与您联系。带 * 的为必填项。", "We will get back to you on the next working day. Fields marked * are required.";
    KName => "姓名 *", "Name *";
    KCompany => "公司", "Company";
    KTitle => "职务", "Job title";
    KPhone => "手机", "Mobile phone";
    KEmail => "电子邮箱", "E-mail";
    KReachHint => "手机和电子邮箱至少填写一项。", "A phone or an e-mail: at least one.";
    KReachRequired => "请填写手机或电子邮箱。", "Enter a phone or an e-mail.";
    KInterests => "您感兴趣的产品（可多选）", "Products you are interested in (pick any)";
    KNote => "想了解什么？（可选）", "What would you like to know? (optional)";
    KConsentTitle => "个人信息保护", "Your personal data";
    KConsent => "我已阅读并同意以上条款 *", "I have read and agree to the above *";
    KConsentRequired => "请勾选同意后再提交。", "Please accept to register.";
    KSubmit => "提交登记", "Register";
    KThanksBody => "您的信息已保存，我们会在下一个工作日与您联系。", "Your details are saved. We will contact you on the next working day.";
    KNext => "下一位访客", "Next visitor";
    KExit => "工作人员退出", "Staff exit";
    KExitTitle => "退出展会模式", "Leave kiosk mode";
    KExitBody => "请输入开启展会模式时设置的 PIN 码。", "Enter the PIN set when kiosk mode was started.";
    KEnterPin => "PIN 码", "PIN";
    KWrongPin => "PIN 码不正确。", "Wrong PIN.";
    KLeave => "退出", "Leave";
    KChecking => "正在核对…", "Checking…";
    KNotReady => "此展会已不在本机的数据中。请工作人员退出展会模式后重新开启。", "This event is no longer in this book. Staff: leave kiosk mode and start it again.";
    ReportTitle => "展会报告", "Event report";
    ReportEmpty => "此展会还没有线索。开启展会模式让访客登记，或在快速记录线索时选择此展会。", "No leads at this event yet. Start kiosk mode for visitors to register, or pick this event in Quick lead.";
    ReportNote => "线索：带有此展会的商机（展会模式登记和快速记录的线索）。合格：预算、决策权、需求三项均为“是”。成交与成交金额：目前处于赢单阶段的商机及其金额。时间按本设备时区。", "Leads: deals carrying this event (kiosk registrations and quick leads). Qualified: Money, Authority and Need all yes. Won and revenue: those deals now in a won stage, and their amounts. Times in this device's time zone.";
    ByHour => "按小时", "By hour";
    ByInterest => "按感兴趣的产品", "By product of interest";
    NoInterest => "未选产品", "No product picked";
    EvHour => "时段", "Hour";
    EvDay => "日期", "Day";
    EvTooLong => "展会最长 60 天。", "An event lasts at most 60 days.";
    PinWait => "PIN 码错误次数过多，请稍候再试。", "Too many wrong PINs: wait a moment, then try again.";
    ProductRevenueNote => "一条线索可能选了多个产品，因此按产品的线索数相加会多于线索总数；成交金额按各产品报价行的金额比例分摊，合计等于成交金额。", "A lead may pick several products, so leads per product add up to more than the leads; revenue is shared by each product's quote lines, so it adds up to the revenue.";
    EvProduct => "产品", "Product";
    CsvDayOrProduct => "日期 / 产品", "Day / product";
    CsvQualifiedShare => "合格率", "Qualified share";
    KThanks => "谢谢！", "Thank you!";
    QcEvent => "展会", "Event";
    CardPhotos => "名片照片", "Business-card photos";
    CardPhotoAlt => "名片照片", "Business-card photo";
    AddCardPhoto => "拍摄名片", "Photograph a business card";
    CardPhotoReady => "名片照片将随线索一起保存。", "The photo is saved with the lead.";
    RemovePhoto => "移除照片", "Remove photo";
    PhotoShrinking => "正在处理照片…", "Preparing the photo…";
    PhotoNotPicture => "无法读取这张图片：请拍照或选择 JPEG、PNG 等常见格式的图片。", "This picture cannot be read: take a photo or pick a JPEG, PNG or similar picture.";
    PhotoTooLarge => "这张图片压缩后仍然太大，无法保存。", "This picture is still too large after shrinking, so it cannot be kept.";
    DeleteCardPhotoTitle => "删除这张名片照片？", "Delete this business-card photo?";
    DeleteCardPhotoBody => "照片将被删除，删除后可立即撤销。", "The photo will be deleted; you can undo right after.";
    PhotoDeleted => "照片已删除", "Photo deleted";
    DealEvent => "展会", "Event";
    ConsentGiven => "访客同意的条款", "Consent the visitor accepted";
    QcNoEvent => "不属于展会", "No event";
    Achievement => "达成率", "Achievement";
    TargetRequired => "请填写全年销售额目标。", "Type the year's revenue target.";
    TargetNegative => "目标不能为负数。", "A target cannot be negative.";
    TargetTooLarge => "金额过大（最多 999,999,999,999.99）。", "Too large (at most 999,999,999,999.99).";
    TargetNotAmount => "不是金额：只写数字，例如 120000 或 120,000.50。", "Not an amount: digits only, e.g. 120000 or 120,000.50.";
    TargetNotCount => "请填写 0 到 1,000,000 之间的整数。", "A whole number from 0 to 1,000,000.";
    TargetsDiscard => "目标还没有保存。放弃修改并切换年份？", "The targets are not saved. Discard the changes and switch year?";
    Actual => "实际", "Actual";
    Target => "目标", "Target";
    Month => "月份", "Month";
    TargetRevenue => "销售额目标", "Revenue target";
    TargetNewCustomers => "新客户目标", "New-customer target";
    NewCustomersActual => "新客户", "New customers";
    YearTotal => "全年", "Year";
    Year => "年份", "Year";
    SplitHow => "分解到每月", "Split into months";
    SplitEven => "平均分配", "Evenly";
    SplitSeasonal => "按去年季节性", "By last year's seasonality";
    SplitTyped => "逐月填写", "Typed per month";
    SplitNoLastYear => "去年没有销售额，无法按季节性分解。", "Last year had no sales, so there is no seasonality to follow.";
    TargetsWhereWeStand => "目标达成", "Where we stand";
    TargetsNone => "这一年还没有目标。填写全年销售额和新客户目标，选择分解方式，然后保存。", "No targets for this year yet. Type the year's revenue and new-customer targets, choose how to split them, and save.";
    TargetsHow => "计算方式：实际销售额 = 当月赢单的成交金额（按赢单日期），加上没有商机的已签合同（按签订日期），不重复计算。新客户 = 首次购买落在该期间的客户。预计 = 已实现销售额 + 预计在该期间成交的进行中商机 × 赢单概率。分解时每月金额向下取整到分，余数计入 12 月，合计始终等于全年目标。", "How this is computed: actual revenue = the won amount of deals won in the month (on their won date) plus signed contracts without a deal (on their sign date), nothing counted twice. New customers = customers whose first purchase falls in the period. Projected = revenue so far + open deals expected to close in the period × their win probability. Splits round each month down to the cent and put the remainder on December, so the months always add up to the year.";
    SaveTargets => "保存目标", "Save targets";
    UnsavedChanges => "有未保存的修改", "Unsaved changes";
    DashNoTargets => "今年还没有设定销售目标。", "No sales target set for this year.";
    SetTargets => "设定目标", "Set targets";
    LastMonth => "上月", "Last month";
    LastYear => "去年", "Last year";
    CustomRange => "自定义日期…", "Custom range…";
    RangeFrom => "开始日期", "From";
    RangeTo => "结束日期", "To";
    RangeBackwards => "结束日期早于开始日期。", "The end is before the start.";
    RangeIncomplete => "请填写开始和结束日期。", "Type both dates.";
    NoDataInPeriod => "这段时间没有成交记录。", "No sales in this period.";
    ShowAllTime => "查看全部时间", "Show all time";
    AnSales => "期间销售概览", "Sales in the period";
    AnSalesHow => "销售额 = 期间内赢单的成交金额（按赢单日期）加上没有商机的已签合同（按签订日期），不重复计算；增长率与上一期的同一段相比（从 1 日开始的期间比上几个月的同样日子，如 12 月 1–7 日比 11 月 1–7 日；其他期间比紧邻的之前同样天数；上期为零时显示“—”）；新客户 = 首次购买落在期间内的客户。图表为截至期间末的 12 个月（这 12 个月没有成交时，为截至期间内最后一笔成交的 12 个月）。", "Revenue = the won amount of deals won in the period (on their won date) plus signed contracts without a deal (on their sign date), nothing counted twice. Growth compares with the same stretch of the period before: a period starting on the 1st with the same days of the months before (December 1–7 with November 1–7), any other with the same number of days just before (\"—\" when that had none). New customers = customers whose first purchase falls in the period. The chart shows the 12 months up to the end of the period (or, when those had no sale, up to the period's last sale).";
    AnRevenueByMonth => "每月销售额（12 个月）", "Revenue by month (12 months)";
    AnTopCustomers => "客户销售额排行", "Top customers by revenue";
    AnBySource => "按来源的销售额", "Revenue by source";
    AnBySourceHow => "按付款客户的来源（带来该客户的渠道）统计；找不到客户的记录计入“其他”。", "By the source of the paying customer (the channel that brought them); purchases without a known customer count as Other.";
    NoCustomer => "无客户", "No customer";
    NoDealsInPeriod => "这段时间没有商机进入或结束。", "No deal entered or closed in this period.";
    AbcCutA => "A 类累计占比至（%）", "A up to cumulative %";
    AbcCutB => "B 类至（%）", "B up to %";
    AbcCutsInvalid => "请填写 0 < A < B ≤ 100 的百分比；表格仍按上一次有效的分界。", "Type 0 < A < B ≤ 100; the table keeps the last valid cut-offs.";
    ServiceLevel => "服务水平", "Service level";
    Eoq => "经济订货量 EOQ", "EOQ";
    WithoutCustomerTitle => "没有客户的行", "Rows without a customer";
    WithoutCustomerRefuse => "列为错误（先修正文件）", "List them as errors (fix the file first)";
    WithoutCustomerImport => "导入为“无客户”的商机", "Import them as deals without a customer";
    WithoutCustomerSkip => "跳过，并可下载跳过的行", "Skip them, with a download of the skipped rows";
    DownloadLeftOut => "下载这些行", "Download them";
    StatusHow => "自动：首次购买后为成交客户；超过流失窗口一半未购买为沉睡，超过流失窗口为流失。手动选择后不再自动变化。", "Automatic: active after a first purchase; dormant after half the churn window without one, lost after the whole window. A status chosen by hand stays.";
    CurrencyFormatHint => "请写成“代码 符号”，代码为三个字母，如 USD $、EUR €。", "Write the code (three letters) then the symbol, e.g. USD $ or EUR €.";
    RReduceStock => "赢单时扣减库存", "Reduce stock when a deal is won";
    RReduceStockHint => "商机移到“赢单”时，按报价单各行数量（四舍五入到整数）扣减商品库存（记为库存点）；重新打开或改为输单时退回。删除商机不改变库存。", "A deal moved to Won takes its quote lines' quantities (rounded to whole units) out of each product's stock (kept as a stock point); reopening it or marking it lost puts them back. Deleting a deal leaves stock as it is.";
    StockTakenByDeal => "已从库存扣减（重新打开或输单时退回）：", "Taken out of stock (put back if reopened or lost):";
    StockHistory => "库存记录", "Stock history";
    StockHistoryEmpty => "还没有库存记录：保存库存后开始记录。", "No stock changes yet: they are kept from the first save.";
    StockHistoryMore => "更早的 {n} 条记录用于库存分析，这里不显示。", "{n} older changes are kept for the stock figures, not shown here.";
    StockByEdit => "手动修改", "edited";
    StockByImport => "CSV 导入", "CSV import";
    StockByOpening => "初始库存", "opening stock";
    StockBySale => "赢单扣减/退回", "deal won or reopened";
    RCurrency => "货币（代码和符号，如 CNY ¥、USD $、EUR €）", "Currency (code and symbol, e.g. CNY ¥, USD $, EUR €)";
    AbcFilter => "ABC 分类", "ABC class";
    AbcAll => "全部 ABC 分类（近 12 个月）", "All ABC classes (last 12 months)";
    AbcBadgeHow => "按最近 12 个月销售额的 ABC 分类（见数据分析）", "ABC class by revenue over the last 12 months (see Analytics)";
    ReorderList => "需要补货", "Reorder now";
    ReorderNone => "没有库存低于再订货点的在售商品。", "No product on sale is at or below its reorder point.";
    ParetoTitle => "帕累托图：商品销售额与累计占比", "Pareto: revenue per product and cumulative share";
    CategoryTable => "商品类别", "Product categories";
    CategoryLevel => "类别层级", "Category level";
    Category => "商品类别", "Category";
    Growth => "增长率", "Growth";
    Uncategorised => "未分类", "Uncategorised";
    CategoryHow => "销售额按类别汇总到所选层级；增长率与上一期的同一段相比（同销售额；上期为零或选择“全部”时显示“—”）；库存量为当前库存；周转天数 = 期间内平均库存（按库存变动记录逐日计算）÷ 期间内日均销量。", "Revenue rolled up to the chosen category level; growth against the same stretch of the period before, as for revenue (\"—\" when that had none, or for All time); stock is on hand now; turnover days = average stock over the period (day by day, from the recorded changes of stock) ÷ units sold per day in the period.";
    AnContractsPeriod => "列出在所选期间内签订的合同；选择“全部”时也列出尚未签订的合同。", "Contracts signed within the period; with All time, unsigned ones too.";
    Purchases => "成交笔数", "Purchases";
    GrowthHow => "与上一期的同一段相比：从 1 日开始的期间比上几个月的同样日子（12 月 1–7 日比 11 月 1–7 日），其他期间比紧邻的之前同样天数", "Against the same stretch of the period before: a period starting on the 1st against the same days of the months before (December 1–7 against November 1–7), any other against the same number of days just before";
    GrowthVs => "对比", "vs";
    GradeDistribution => "各等级客户数", "Customers per grade";
    AnGradesHow => "等级按最近 12 个月的 RFM 评分（D 为长期未购买）；购买频率 = 期间内每位客户的购买次数 ÷ 其首末次购买间隔（至少一年，期间短于一年时按期间长度折算为每年），客单价与 CLV 均按期间内的购买计算；CLV = 客单价 × 每年购买次数 × 设置中的“CLV 预期合作年限”。", "Grades come from RFM over the last 12 months (D: not bought for long). Purchases per year = each customer's purchases in the period over the span from their first to last (at least a year, or the period when it is shorter, annualised); average order and CLV use the purchases in the period; CLV = average order × purchases per year × the \"CLV relationship years\" set under Settings.";
}

/// The current language, as a `Copy` context every component can read.
#[derive(Clone, Copy)]
pub struct I18n {
    pub lang: RwSignal<Locale>,
}

impl I18n {
    pub fn t(self, key: Key) -> &'static str {
        key.text(self.lang.get())
    }

    pub fn get(self) -> Locale {
        self.lang.get()
    }
}

pub fn use_i18n() -> I18n {
    expect_context::<I18n>()
}

/// A money difference without its sign (the words say which way).
fn abs(m: crate::domain::Money) -> crate::domain::Money {
    if m.is_negative() { crate::domain::Money::ZERO - m } else { m }
}

fn pick(lang: Locale, zh: String, en: String) -> String {
    match lang {
        Locale::Zh => zh,
        Locale::En => en,
    }
}

pub fn store_label(lang: Locale, kind: StoreKind) -> &'static str {
    let (zh, en) = match kind {
        StoreKind::Customers => ("客户", "Customers"),
        StoreKind::FollowUps => ("跟进记录", "Follow-ups"),
        StoreKind::ServiceCases => ("售后/投诉", "Service cases"),
        StoreKind::Products => ("商品", "Products"),
        StoreKind::Stages => ("阶段", "Stages"),
        StoreKind::Deals => ("商机", "Deals"),
        StoreKind::Contracts => ("合同", "Contracts"),
        StoreKind::ContractTemplates => ("合同模板", "Contract templates"),
        StoreKind::SalesTargets => ("销售目标", "Sales targets"),
        StoreKind::StockPoints => ("库存记录", "Stock points"),
        StoreKind::Events => ("展会/活动", "Events"),
        StoreKind::CardPhotos => ("名片照片", "Business-card photos"),
        StoreKind::Settings => ("设置", "Settings"),
    };
    if lang == Locale::Zh { zh } else { en }
}

pub fn storage_error(lang: Locale, e: &StorageError) -> String {
    match e {
        StorageError::Unavailable(_) => pick(lang,
            "此浏览器不允许网站保存数据（可能处于隐私/无痕模式）。请在普通窗口中打开，或更换浏览器。".into(),
            "This browser does not let the site store data (private mode?). Open it in a normal window or another browser.".into()),
        StorageError::NewerSchema { found, supported } => pick(lang,
            format!("本地数据由更新版本的销售台写入（结构版本 {found}，本版本支持 {supported}）。为避免损坏，数据未被改动。请使用最新版本打开。"),
            format!("The local data was written by a newer SalesDesk (schema {found}; this version knows {supported}). It was left untouched. Open it with the newer version.")),
        StorageError::QuotaExceeded => pick(lang,
            "存储空间已满，未写入任何数据。请释放磁盘空间或删除部分数据后重试。".into(),
            "Storage is full; nothing was written. Free up disk space or remove some data and try again.".into()),
        StorageError::Closed => Key::OtherTabUpgraded.text(lang).to_string(),
        StorageError::Missing(_) => pick(lang,
            "要保存的记录引用了已不存在的记录（可能在另一个标签页中被删除），未写入任何数据。请重新加载后再试。".into(),
            "This refers to a record that no longer exists (deleted in another tab?); nothing was written. Reload and try again.".into()),
        StorageError::Stale(_) => stale_text(lang),
        StorageError::CodeTaken(taken) => {
            let codes: Vec<&str> = taken.iter().map(|(_, c)| c.as_str()).collect();
            pick(lang,
                format!("编号 {} 已被其他记录使用（可能刚在另一个标签页中创建），未写入任何数据。", codes.join("、")),
                format!("The code {} is already used by another record (created in another tab just now?); nothing was written.", codes.join(", ")))
        }
        // The browser's own words (English in most browsers) only as a detail.
        StorageError::Conflict(detail) => pick(lang,
            format!("有记录的编号与已有记录重复，未写入任何数据。（详情：{detail}）"),
            format!("A record's code clashes with another record; nothing was written. (Details: {detail})")),
        StorageError::Failed(detail) => pick(lang,
            format!("本地数据库出错，未写入任何数据。（详情：{detail}）"),
            format!("The local database reported an error; nothing was written. (Details: {detail})")),
    }
}

pub fn contract_status_label(lang: Locale, s: crate::domain::contracts::ContractStatus) -> &'static str {
    use crate::domain::contracts::ContractStatus as S;
    let key = match s {
        S::Draft => Key::CsDraft, S::PendingApproval => Key::CsPendingApproval, S::Approved => Key::CsApproved, S::Signed => Key::CsSigned,
        S::Executing => Key::CsExecuting, S::Completed => Key::CsCompleted, S::Terminated => Key::CsTerminated,
    };
    key.text(lang)
}

/// The button that moves a contract to `s`.
pub fn contract_move_label(lang: Locale, s: crate::domain::contracts::ContractStatus) -> &'static str {
    use crate::domain::contracts::ContractStatus as S;
    let key = match s {
        S::Draft => Key::CsDraft, S::PendingApproval => Key::GoPendingApproval, S::Approved => Key::GoApproved, S::Signed => Key::GoSigned,
        S::Executing => Key::GoExecuting, S::Completed => Key::GoCompleted, S::Terminated => Key::GoTerminated,
    };
    key.text(lang)
}

pub fn risk_label(lang: Locale, r: crate::domain::contracts::RiskLevel) -> &'static str {
    use crate::domain::contracts::RiskLevel as R;
    match r {
        R::High => Key::RiskHigh.text(lang),
        R::Medium => Key::RiskMedium.text(lang),
        R::Low => Key::RiskLow.text(lang),
    }
}

/// Why a contract has its risk level, in words.
pub fn risk_reason(lang: Locale, r: &crate::domain::contracts::risk::RiskReason) -> String {
    use crate::domain::contracts::risk::RiskReason as R;
    match r {
        R::Overdue { days } => pick(lang, format!("回款已逾期 {days} 天"), format!("a payment is {days} days overdue")),
        R::ProgressLag { points } => pick(lang, format!("执行进度落后时间进度 {points} 个百分点"), format!("progress is {points} points behind the elapsed term")),
        R::OverCreditLimit { amount, limit } => pick(lang,
            format!("合同金额 {} 超过客户信用额度 {}", crate::ui::components::money_text(*amount), crate::ui::components::money_text(*limit)),
            format!("the amount {} is above the customer's credit limit {}", crate::ui::components::money_text(*amount), crate::ui::components::money_text(*limit))),
    }
}

/// Why a contract cannot move.
pub fn move_refused(lang: Locale, m: &crate::domain::contracts::lifecycle::MoveRefused) -> String {
    use crate::domain::contracts::lifecycle::MoveRefused as M;
    match m {
        M::NotFrom(s) => pick(lang, format!("合同处于“{}”状态，不能这样变更。", contract_status_label(lang, *s)), format!("A contract that is “{}” cannot move there.", contract_status_label(lang, *s))),
        M::NeedsApproval => pick(lang, "此合同需要审批：请先添加审批人并提交审批。".into(), "This contract needs approval: add an approver and submit it first.".into()),
        M::NoApprovers => pick(lang, "请先添加至少一位审批人。".into(), "Add at least one approver first.".into()),
        M::PlanDoesNotAddUp(diff) => pick(lang,
            format!("回款计划合计与合同金额相差 {}，调整后才能提交、批准或签订。", crate::ui::components::money_text(abs(*diff))),
            format!("The payment plan differs from the contract amount by {}; fix it before submitting, approving or signing.", crate::ui::components::money_text(abs(*diff)))),
        M::ReasonRequired => pick(lang, "请填写终止原因。".into(), "Give a reason for terminating.".into()),
    }
}

/// Why a contract edit was not made.
pub fn edit_refused(lang: Locale, e: &crate::domain::contracts::edit::EditRefused) -> String {
    use crate::domain::contracts::edit::EditRefused as E;
    match e {
        E::NotDraft => pick(lang, "合同已不是草稿（可能在另一个标签页中已提交），条款只能通过合同变更调整。".into(), "The contract is no longer a draft (submitted in another tab?): terms change by amendment now.".into()),
        E::NotIn(s) => pick(lang, format!("合同处于“{}”状态，不能这样修改。", contract_status_label(lang, *s)), format!("A contract that is “{}” cannot be changed this way.", contract_status_label(lang, *s))),
        E::DescriptionRequired => pick(lang, "请填写变更内容。".into(), "Describe what changes.".into()),
        E::ReasonRequired => pick(lang, "请填写调整原因。".into(), "Give a reason.".into()),
        E::NameRequired => pick(lang, "请填写名称。".into(), "Enter a name.".into()),
        E::NameTaken => pick(lang, "已有同名里程碑。".into(), "There is a milestone with that name already.".into()),
        E::ProgressOutOfRange => pick(lang, "进度应在 0 到 100 之间。".into(), "Progress is between 0 and 100.".into()),
        E::NoteRequired => pick(lang, "请说明争议内容。".into(), "Say what is disputed.".into()),
        E::ChangedElsewhere(fields) => {
            let names: Vec<&str> = fields.iter().map(|f| match *f {
                "title" => Key::ContractTitle.text(lang),
                "kind" => Key::ContractKind.text(lang),
                "amount" => Key::ContractAmount.text(lang),
                "start_date" => Key::StartDate.text(lang),
                "end_date" => Key::EndDate.text(lang),
                "payments" => Key::PaymentPlan.text(lang),
                _ => Key::ContractBody.text(lang),
            }).collect();
            pick(lang,
                format!("另一个标签页也修改了：{}。表单中仍是您的内容；再次保存将以您的内容为准。", names.join("、")),
                format!("Also changed in another tab: {}. Your values are still in the form; save again to keep yours.", names.join(", ")))
        }
        E::BelowReceived(r) => pick(lang, format!("新金额不能低于已回款的 {}。", crate::ui::components::money_text(*r)), format!("The new amount cannot be below the {} already received.", crate::ui::components::money_text(*r))),
    }
}

/// The payment plan's total against the contract amount.
pub fn plan_total(lang: Locale, total: crate::domain::Money, difference: crate::domain::Money) -> String {
    if difference == crate::domain::Money::ZERO {
        pick(lang, format!("计划合计 {}，与合同金额一致。", crate::ui::components::money_text(total)), format!("Plan total {}, equal to the contract amount.", crate::ui::components::money_text(total)))
    } else {
        let gap = abs(difference);
        match (lang, difference.is_negative()) {
            (Locale::Zh, false) => format!("计划合计 {}，比合同金额少 {}。", crate::ui::components::money_text(total), crate::ui::components::money_text(gap)),
            (Locale::Zh, true) => format!("计划合计 {}，比合同金额多 {}。", crate::ui::components::money_text(total), crate::ui::components::money_text(gap)),
            (Locale::En, false) => format!("Plan total {}: {} short of the contract amount.", crate::ui::components::money_text(total), crate::ui::components::money_text(gap)),
            (Locale::En, true) => format!("Plan total {}: {} more than the contract amount.", crate::ui::components::money_text(total), crate::ui::components::money_text(gap)),
        }
    }
}

/// "¥x of ¥y outstanding is overdue".
pub fn overdue_of_outstanding(lang: Locale, overdue: crate::domain::Money, outstanding: crate::domain::Money) -> String {
    pick(lang, format!("未回款 {}，其中逾期 {}", crate::ui::components::money_text(outstanding), crate::ui::components::money_text(overdue)), format!("{} overdue of {} outstanding", crate::ui::components::money_text(overdue), crate::ui::components::money_text(outstanding)))
}

/// "n payments to chase this week".
pub fn payments_due(lang: Locale, n: usize) -> String {
    match (lang, n) {
        (Locale::Zh, _) => format!("{n} 笔回款已逾期或 7 天内到期"),
        (Locale::En, 1) => "1 payment overdue or due within 7 days".into(),
        (Locale::En, _) => format!("{n} payments overdue or due within 7 days"),
    }
}

/// Why a logo image was not taken.
pub fn logo_refused(lang: Locale, why: &crate::domain::settings::LogoRefused) -> String {
    use crate::domain::settings::{LogoRefused as L, LOGO_MAX};
    match why {
        L::NotAnImage => pick(lang, "请选择 PNG、JPEG 或 WebP 图片。".into(), "Choose a PNG, JPEG or WebP image.".into()),
        L::TooLarge(size) => pick(lang,
            format!("图片太大（约 {} KB），上限约 {} KB。", size / 1024, LOGO_MAX * 3 / 4 / 1024),
            format!("The image is too large (about {} KB); the limit is about {} KB.", size / 1024, LOGO_MAX * 3 / 4 / 1024)),
    }
}

pub fn contract_sort_label(lang: Locale, s: crate::domain::contracts::query::ContractSort) -> &'static str {
    use crate::domain::contracts::query::ContractSort as S;
    let (zh, en) = match s {
        S::Newest => ("最新创建", "Newest"),
        S::Amount => ("金额从高到低", "Largest amount"),
        S::Outstanding => ("未回款从多到少", "Most outstanding"),
        S::Overdue => ("逾期从多到少", "Most overdue"),
        S::EndDate => ("最先到期", "Ending soonest"),
        S::Risk => ("风险从高到低", "Highest risk"),
    };
    if lang == Locale::Zh { zh } else { en }
}

/// "Showing 100 of 2,345".
pub fn showing_of(lang: Locale, shown: usize, total: usize) -> String {
    pick(lang, format!("显示前 {shown} 条，共 {total} 条"), format!("Showing {shown} of {total}"))
}

/// Why a stock figure is "—".
pub fn not_computed(lang: Locale, why: crate::domain::products::analysis::NotComputed) -> &'static str {
    use crate::domain::products::analysis::NotComputed as N;
    let (zh, en) = match why {
        N::NoDemand => ("（近一年无销量）", "(no sales in a year)"),
        N::NoOrderingCost => ("（未填订货成本）", "(no ordering cost)"),
        N::NoHoldingCost => ("（未填持有成本）", "(no holding cost)"),
        N::NoLeadTime => ("（未填交货期）", "(no lead time)"),
        N::NoStock => ("（无库存无销量）", "(no stock, no sales)"),
        N::NoStockHeld => ("（期间无库存）", "(no stock held in the period)"),
    };
    if lang == Locale::Zh { zh } else { en }
}

/// Why a receipt was not recorded.
pub fn receipt_refused(lang: Locale, r: &crate::domain::contracts::receivables::ReceiptRefused) -> String {
    use crate::domain::contracts::receivables::ReceiptRefused as R;
    match r {
        R::NoSuchInstallment => pick(lang, "这一期回款已不存在（可能在另一个标签页中被修改）。".into(), "That installment no longer exists (changed in another tab?).".into()),
        R::NotPositive => pick(lang, "回款金额必须大于 0。".into(), "The amount must be more than 0.".into()),
        R::InTheFuture => pick(lang, "回款日期不能晚于今天。".into(), "A payment cannot be dated after today.".into()),
        R::LongBefore => pick(lang, "回款日期比合同创建早一年以上，请检查日期。".into(), "That date is more than a year before the contract was made; check it.".into()),
        R::OverPayment { outstanding } => pick(lang,
            format!("超出本期未回款金额 {}，未登记。", crate::ui::components::money_text(*outstanding)),
            format!("More than the {} still owed on this installment; not recorded.", crate::ui::components::money_text(*outstanding))),
    }
}

/// A stored field's name (`expected_close`) as the form labels it.
pub fn stored_field_label(lang: Locale, store: StoreKind, field: &str) -> String {
    let products = store == StoreKind::Products;
    let key = match field {
        "code" if products => Key::PCode,
        "name" if products => Key::PName,
        "code" => Key::FCode,
        "name" => Key::FName,
        "title" if store == StoreKind::Deals => Key::DealTitle,
        "kind" => Key::FKind,
        "industry" => Key::FIndustry,
        "region" => Key::FRegion,
        "source" => Key::FSource,
        "status" => Key::FStatus,
        "credit_limit" => Key::FCreditLimit,
        "tags" => Key::ColTags,
        "notes" => Key::FNotes,
        "contacts" => Key::FContacts,
        "customer_id" => Key::FCustomer,
        "stage_id" => Key::ColStage,
        "amount" => Key::DealAmount,
        "expected_close" => Key::ExpectedClose,
        "competitor" => Key::Competitor,
        "brand" => Key::PBrand,
        "unit" => Key::PUnit,
        "list_price" => Key::PListPrice,
        "cost" => Key::PCost,
        "stock" => Key::PStock,
        "lead_time_days" => Key::PLeadTime,
        "line_items" => Key::Quote,
        "probability" => Key::ProbabilityOverride,
        "lost_reason" => Key::LostReason,
        "ordering_cost" => Key::POrderingCost,
        "holding_cost" => Key::PHoldingCost,
        _ => return field.to_string(),
    };
    key.text(lang).to_string()
}

/// "逾期 12 天" / "12 days overdue".
pub fn days_overdue(lang: Locale, days: i64) -> String {
    pick(lang, format!("逾期 {days} 天"), if days == 1 { "1 day overdue".into() } else { format!("{days} days overdue") })
}

fn stale_text(lang: Locale) -> String {
    pick(lang,
        "数据在您读取后已被修改（可能在另一个标签页中），未写入任何数据。已重新加载，请再试一次。".into(),
        "This data changed since you opened it (in another tab?); nothing was written. It has been reloaded; please try again.".into())
}

/// What a count of records reads as: "1 deal", "3 deals", "共 3 个商机".
#[derive(Clone, Copy)]
pub enum Counted {
    Customers,
    Products,
    Deals,
}

pub fn count(lang: Locale, n: usize, what: Counted) -> String {
    let (zh, one, many) = match what {
        Counted::Customers => ("个客户", "customer", "customers"),
        Counted::Products => ("个商品", "product", "products"),
        Counted::Deals => ("个商机", "deal", "deals"),
    };
    match lang {
        Locale::Zh => format!("共 {n} {zh}"),
        Locale::En => format!("{n} {}", if n == 1 { one } else { many }),
    }
}

/// How the ABC table is computed, with the cut-offs in use.
pub fn abc_how(lang: Locale, a: rust_decimal::Decimal, b: rust_decimal::Decimal) -> String {
    let (a, b) = (a.normalize(), b.normalize());
    match lang {
        Locale::Zh => format!("销售额来自所选期间内赢单的报价行（成交金额按各行小计比例分摊）；累计占比前 {a}% 的商品为 A 类，{a}%–{b}% 为 B 类，其余为 C 类。"),
        Locale::En => format!("Revenue is what deals won in the period sold, by quote line (the won amount shared in proportion to line totals); the products making the first {a} % are A, up to {b} % B, the rest C."),
    }
}

/// How the stock figures are computed, at the service level chosen.
pub fn stock_how(lang: Locale, level: u8, z: f64) -> String {
    match lang {
        Locale::Zh => format!("需求为近 365 天赢单的日均销量（含无销售日）；安全库存按 {level}% 服务水平（z = {z}）；再订货点 = 日均需求 × 交货期 + 安全库存；周转天数 = 近 365 天平均库存（按每次库存变动的记录逐日计算）÷ 日均需求。"),
        Locale::En => format!("Demand is units won per day over the last 365 days (days without a sale count); safety stock at a {level} % service level (z = {z}); reorder point = daily demand × lead time + safety stock; turnover days = average stock over those days (day by day, from each recorded change of stock) ÷ daily demand."),
    }
}

pub fn period_label(p: crate::domain::period::PeriodChoice) -> Key {
    use crate::domain::period::PeriodChoice;
    match p {
        PeriodChoice::ThisMonth => Key::ThisMonth,
        PeriodChoice::LastMonth => Key::LastMonth,
        PeriodChoice::LastYear => Key::LastYear,
        PeriodChoice::ThisQuarter => Key::ThisQuarter,
        PeriodChoice::LastQuarter => Key::LastQuarter,
        PeriodChoice::ThisYear => Key::ThisYear,
        PeriodChoice::Last12Months => Key::Last12Months,
        PeriodChoice::AllTime => Key::AllTime,
    }
}

/// Why a CSV file could not be read, and what to do.
pub fn csv_error(lang: Locale, e: &crate::domain::csv::CsvError) -> String {
    use crate::domain::csv::CsvError;
    match e {
        CsvError::UnknownEncoding => pick(lang,
            "无法确定此文件的编码（既不是 UTF-8，也不是 GBK/GB18030）。请在下面选择姓名显示正确的那一种。".into(),
            "This file's encoding cannot be told (it is neither UTF-8 nor GBK/GB18030). Pick the one below in which the names read correctly.".into()),
        CsvError::Empty => pick(lang,
            "文件是空的：没有表头，也没有数据行。".into(),
            "The file is empty: no header and no rows.".into()),
        CsvError::HeaderOnly => pick(lang,
            "文件只有表头，没有数据行，没有可导入的内容。".into(),
            "The file has a header line but no data rows, so there is nothing to import.".into()),
        CsvError::UnterminatedQuote { line } => pick(lang,
            format!("第 {line} 行有一个引号没有闭合，之后的内容无法可靠读取。请在表格软件中检查该行后重新导出。"),
            format!("Line {line} opens a quote that never closes, so the rest of the file cannot be read reliably. Check that line in your spreadsheet and export again.")),
    }
}

/// What a failed query or command tells the user.
pub fn service_error(lang: Locale, e: &ServiceError) -> String {
    match e {
        ServiceError::Storage(e) => storage_error(lang, e),
        ServiceError::Backup(e) => restore_error(lang, e),
        ServiceError::ProductInUse { deals } => pick(lang,
            format!("有 {deals} 个商机的报价单使用了此商品，不能删除。可以改为“停售”。"),
            format!("{deals} deal quotes use this product, so it cannot be deleted. Mark it discontinued instead.")),
        ServiceError::ProductAtEvents { events } => pick(lang,
            format!("此商品在展会“{}”的展位上展示，不能删除：请先在展会中去掉它。", events.join("”、“")),
            format!("This product is shown at the stand of {}, so it cannot be deleted: take it off the event first.", events.iter().map(|e| format!("“{e}”")).collect::<Vec<_>>().join(", "))),
        ServiceError::EventInUse { deals } => pick(lang,
            format!("在此展会记录了 {deals} 条线索，不能删除。"),
            if *deals == 1 { "A lead was captured at this event, so it cannot be deleted.".into() } else { format!("{deals} leads were captured at this event, so it cannot be deleted.") }),
        ServiceError::Invalid(problems) => {
            let shown: Vec<String> = problems.iter().take(3).map(|p| record_problem(lang, p)).collect();
            let more = problems.len().saturating_sub(shown.len());
            let head = pick(lang, "未保存，以下内容需要修改：".into(), "Not saved; please fix:".into());
            let tail = if more > 0 { pick(lang, format!("（另有 {more} 处）"), format!(" (and {more} more)")) } else { String::new() };
            format!("{head} {}{tail}", shown.join("; "))
        }
        ServiceError::Stale(_) => stale_text(lang),
        ServiceError::UnknownPlaceholders(names) => {
            let list = names.iter().map(|n| crate::domain::contracts::template::shown(n)).collect::<Vec<_>>().join(", ");
            pick(lang,
                format!("合同模板中有无法识别的占位符：{list}。请先修改模板；未写入任何数据。"),
                format!("The contract template uses placeholders this app does not know: {list}. Fix the template first; nothing was written."))
        }
        ServiceError::NoOpenStage => pick(lang,
            "销售流程中没有进行中的阶段。请先在“设置 → 销售阶段”中添加一个。".into(),
            "The pipeline has no open stage. Add one in Settings → Stages first.".into()),
    }
}

/// Why a sealed backup could not be made or opened, in words.
pub fn seal_error(lang: Locale, e: &crate::domain::sealed::SealError) -> String {
    use crate::domain::sealed::SealError;
    match e {
        SealError::WrongPassword => Key::SealWrongPassword.text(lang).to_string(),
        SealError::Altered => Key::SealAltered.text(lang).to_string(),
        SealError::NotText => Key::SealNotText.text(lang).to_string(),
        SealError::Malformed(at) => format!("{} “\u{2068}{at}\u{2069}”.", Key::SealMalformed.text(lang)),
        SealError::Unsupported(what) => format!("{} \u{2068}{what}\u{2069}", Key::SealUnsupported.text(lang)),
        SealError::Crypto(detail) => format!("{} {detail}", Key::SealCrypto.text(lang)),
    }
}

pub fn restore_error(lang: Locale, e: &RestoreError) -> String {
    match e {
        RestoreError::NotJson { truncated: true, line, column } => pick(lang,
            format!("文件不完整（在第 {line} 行第 {column} 列处中断），可能下载或复制时被截断。"),
            format!("The file is incomplete (it stops at line {line}, column {column}); it may have been cut off while downloading or copying.")),
        RestoreError::NotJson { line, column, .. } => pick(lang,
            format!("这不是 JSON 文件（第 {line} 行第 {column} 列无法解析）。请选择销售台导出的备份文件。"),
            format!("This is not a JSON file (cannot read line {line}, column {column}). Choose a backup exported by SalesDesk.")),
        RestoreError::NotABackup => pick(lang,
            "这是一个 JSON 文件，但不是销售台的备份。".into(),
            "This is a JSON file, but not a SalesDesk backup.".into()),
        RestoreError::NewerVersion { found, supported } => pick(lang,
            format!("此备份来自更新版本的销售台（格式版本 {found}，本版本支持到 {supported}）。请升级后再导入。"),
            format!("This backup comes from a newer SalesDesk (format version {found}; this version reads up to {supported}). Update the app to import it.")),
        RestoreError::BadVersion => pick(lang,
            "备份文件缺少有效的版本号。".into(),
            "The backup has no valid version number.".into()),
        RestoreError::UpgradeFailed { from, reason } => pick(lang,
            format!("无法从格式版本 {from} 升级此备份：{reason}"),
            format!("Could not upgrade this backup from format version {from}: {reason}")),
        RestoreError::Invalid { problems } => pick(lang,
            format!("{} 个记录问题", problems.len()),
            format!("{} problems in records", problems.len())),
    }
}

/// A rule of Settings: its label and the line that explains it.
pub fn rule_label(rule: crate::domain::settings::Rule) -> Key {
    rule_texts(rule).0
}

pub fn rule_hint(rule: crate::domain::settings::Rule) -> Key {
    rule_texts(rule).1
}

fn rule_texts(rule: crate::domain::settings::Rule) -> (Key, Key) {
    use crate::domain::settings::Rule;
    match rule {
        Rule::Currency => (Key::RCurrency, Key::RCurrencyHint),
        Rule::CustomerPrefix => (Key::RCustomerPrefix, Key::RCustomerPrefixHint),
        Rule::ProductPattern => (Key::RProductPattern, Key::RProductPatternHint),
        Rule::ContractNumber => (Key::RContractNumber, Key::RNumberHint),
        Rule::QuoteNumber => (Key::RQuoteNumber, Key::RNumberHint),
        Rule::QuoteValidity => (Key::RQuoteValidity, Key::RQuoteValidityHint),
        Rule::TaxRate => (Key::RTaxRate, Key::RTaxRateHint),
        Rule::ContractApproval => (Key::RContractApproval, Key::RContractApprovalHint),
        Rule::RecencyA => (Key::RRecencyA, Key::RRecencyAHint),
        Rule::RecencyB => (Key::RRecencyB, Key::RRecencyBHint),
        Rule::FrequencyA => (Key::RFrequencyA, Key::RFrequencyAHint),
        Rule::FrequencyB => (Key::RFrequencyB, Key::RFrequencyBHint),
        Rule::MonetaryA => (Key::RMonetaryA, Key::RMonetaryAHint),
        Rule::MonetaryB => (Key::RMonetaryB, Key::RMonetaryBHint),
        Rule::GradeAMin => (Key::RGradeAMin, Key::RGradeAMinHint),
        Rule::GradeBMin => (Key::RGradeBMin, Key::RGradeBMinHint),
        Rule::AtRisk => (Key::RAtRisk, Key::RAtRiskHint),
        Rule::ProspectMonthsA => (Key::RProspectMonthsA, Key::RProspectMonthsAHint),
        Rule::ProspectMonthsB => (Key::RProspectMonthsB, Key::RProspectMonthsBHint),
        Rule::ProspectProbability => (Key::RProspectProb, Key::RProspectProbHint),
        Rule::ChurnWindow => (Key::RChurnWindow, Key::RChurnWindowHint),
        Rule::ClvYears => (Key::RClvYears, Key::RClvYearsHint),
    }
}

pub fn problem_text(lang: Locale, p: &Problem) -> String {
    match p {
        Problem::Required => pick(lang, "必填".into(), "is required".into()),
        Problem::TooLong { max } => pick(lang, format!("不能超过 {max} 个字符"), format!("is longer than {max} characters")),
        Problem::InvalidEmail => pick(lang, "不是有效的邮箱地址".into(), "is not a valid email address".into()),
        Problem::InvalidPhone => pick(lang, "不是有效的电话号码".into(), "is not a valid phone number".into()),
        Problem::Negative => pick(lang, "不能为负数".into(), "cannot be negative".into()),
        Problem::TooLarge => pick(lang, "数值过大".into(), "is too large".into()),
        Problem::OutOfRange { min, max } => pick(lang, format!("应在 {min} 到 {max} 之间"), format!("must be between {min} and {max}")),
        Problem::BeforeDate { other: "today" } => pick(lang, "不能早于今天".into(), "cannot be in the past".into()),
        Problem::BeforeDate { other } => {
            // The other field in words (it is a field name in the record).
            let other = match *other {
                "start_date" => Key::StartDate.text(lang),
                "date" => Key::FDate.text(lang),
                "starts_on" => Key::EvStarts.text(lang),
                name => name,
            };
            pick(lang, format!("不能早于{other}"), format!("cannot be before the {}", other.to_lowercase()))
        }
        Problem::Crosses { at_most, other } => {
            // The other threshold by its label (it is a rule's id in the record).
            let other = crate::domain::settings::Rule::ALL.into_iter().find(|r| r.id() == *other).map_or(*other, |r| rule_label(r).text(lang));
            match (lang, at_most) {
                (Locale::Zh, true) => format!("不能大于“{other}”"),
                (Locale::Zh, false) => format!("不能小于“{other}”"),
                (Locale::En, true) => format!("cannot be more than “{other}”"),
                (Locale::En, false) => format!("cannot be less than “{other}”"),
            }
        }
        Problem::DuplicateId => pick(lang, "ID 重复".into(), "duplicates another record's id".into()),
        Problem::DuplicateCode => pick(lang, "编号与其他记录重复".into(), "duplicates another record's code".into()),
        Problem::DuplicateName => pick(lang, "与列表中的另一项重复".into(), "is already in the list".into()),
        Problem::UnknownReference { store } => pick(lang,
            format!("引用了不存在的{}", StoreKind::from_name(store).map_or(*store, |k| store_label(Locale::Zh, k))),
            format!("points to a missing record in {}", StoreKind::from_name(store).map_or(*store, |k| store_label(Locale::En, k)))),
        Problem::NeedsOneWonAndOneLost => pick(lang, "销售流程必须恰好有一个赢单阶段和一个输单阶段".into(), "the pipeline needs exactly one won and one lost stage".into()),
        Problem::InvalidDate => pick(lang, "不是有效的日期（例如 2 月没有 30 日）".into(), "is not a valid date (February has no 30th, for one)".into()),
        Problem::Malformed(detail) => pick(lang, format!("格式错误：{detail}"), format!("has the wrong format: {detail}")),
        Problem::NotTheSettingsId => pick(lang, "设置只有一份，其 ID 必须是 “settings”".into(), "must be “settings”: a book has one settings record".into()),
        Problem::PlanDoesNotAddUp(diff) => pick(lang, format!("回款计划合计与合同金额相差 {}", crate::ui::components::money_text(abs(*diff))), format!("the payment plan differs from the contract amount by {}", crate::ui::components::money_text(abs(*diff)))),
    }
}

/// "客户 #3 (id c2) · credit_limit: 格式错误…"
pub fn record_problem(lang: Locale, p: &RecordProblem) -> String {
    let id = p.id.as_deref().map(|id| format!(" (id {id})")).unwrap_or_default();
    let field = if p.field.is_empty() { String::new() } else { format!(" · {}", p.field) };
    format!("{} #{}{id}{field}: {}", store_label(lang, p.store), p.index + 1, problem_text(lang, &p.problem))
}

use crate::domain::customers::{CustomerStatus, LeadSource};
use crate::domain::customers::grading::{CustomerGrade, GradeBasis};

pub fn status_label(lang: Locale, s: CustomerStatus) -> &'static str {
    let (zh, en) = match s {
        CustomerStatus::Lead => ("潜在", "Lead"),
        CustomerStatus::Active => ("成交", "Active"),
        CustomerStatus::Dormant => ("沉睡", "Dormant"),
        CustomerStatus::Lost => ("流失", "Lost"),
    };
    if lang == Locale::Zh { zh } else { en }
}

pub fn kind_label(lang: Locale, k: crate::domain::customers::CustomerKind) -> &'static str {
    match k {
        crate::domain::customers::CustomerKind::Company => Key::KindCompany.text(lang),
        crate::domain::customers::CustomerKind::Person => Key::KindPerson.text(lang),
    }
}

pub fn product_status_label(lang: Locale, s: crate::domain::products::ProductStatus) -> &'static str {
    match s {
        crate::domain::products::ProductStatus::OnSale => Key::OnSale.text(lang),
        crate::domain::products::ProductStatus::Discontinued => Key::Discontinued.text(lang),
    }
}

pub fn source_label(lang: Locale, s: LeadSource) -> &'static str {
    let (zh, en) = match s {
        LeadSource::OnlineAds => ("网络广告", "Online ads"),
        LeadSource::OfflineEvent => ("线下活动", "Offline event"),
        LeadSource::PartnerReferral => ("合作伙伴推荐", "Partner referral"),
        LeadSource::TradeShow => ("展会", "Trade show"),
        LeadSource::Referral => ("转介绍", "Referral"),
        LeadSource::Other => ("其他", "Other"),
    };
    if lang == Locale::Zh { zh } else { en }
}

pub fn grade_name(lang: Locale, g: crate::domain::customers::grading::Grade, prospect: bool) -> &'static str {
    use crate::domain::customers::grading::Grade::*;
    match (lang, prospect, g) {
        (Locale::Zh, false, A) => "重要客户", (Locale::Zh, false, B) => "普通客户",
        (Locale::Zh, false, C) => "低价值", (Locale::Zh, _, D) => "流失风险",
        (Locale::Zh, true, A) => "3 个月内可成交", (Locale::Zh, true, B) => "6 个月内可成交",
        (Locale::Zh, true, C) => "远期或未确认",
        (_, false, A) => "Key / VIP", (_, false, B) => "Regular", (_, false, C) => "Low value", (_, _, D) => "At risk",
        (_, true, A) => "Likely within 3 months", (_, true, B) => "Likely within 6 months", (_, true, C) => "Later or unqualified",
    }
}

/// Why a customer has its grade, in words.
pub fn grade_reason(lang: Locale, g: &CustomerGrade) -> String {
    let basis = match &g.basis {
        GradeBasis::Value { days_since_last, purchases_12m, revenue_12m, r, f, m } => pick(lang,
            format!("最近购买 {days_since_last} 天前（R{r}），近 12 个月 {purchases_12m} 次（F{f}），金额 {}（M{m}）", crate::ui::components::money_text(*revenue_12m)),
            format!("Last purchase {days_since_last} days ago (R{r}), {purchases_12m} purchases in 12 months (F{f}), {} (M{m})", crate::ui::components::money_text(*revenue_12m))),
        GradeBasis::Prospect { open_deals: 0, .. } => pick(lang, "尚未购买，没有进行中的商机".into(), "No purchase yet and no open deal".into()),
        GradeBasis::Prospect { closes_on: None, open_deals, probability, .. } => pick(lang,
            format!("尚未购买；{open_deals} 个进行中的商机没有预计成交日期，按“以后”计（赢率 {probability}%）。填写预计成交日期可得到更准确的等级。"),
            format!("No purchase yet; {open_deals} open {} without an expected close date, counted as later ({probability}% likely). Set a close date for a truer grade.",
                if *open_deals == 1 { "deal" } else { "deals" })),
        GradeBasis::Prospect { closes_on: Some(d), probability, qualified, disqualified, .. } => {
            let man = match (lang, disqualified, qualified) {
                (Locale::Zh, true, _) => "预算、决策权或需求有否定项", (Locale::Zh, _, true) => "预算、决策权、需求均已确认", (Locale::Zh, _, _) => "预算、决策权、需求未全部确认",
                (_, true, _) => "a MAN answer is no", (_, _, true) => "MAN qualified", (_, _, _) => "MAN not fully known",
            };
            pick(lang, format!("尚未购买；最佳商机预计 {d} 成交，赢率 {probability}%，{man}"),
                format!("No purchase yet; best open deal expected to close {d}, {probability}% likely, {man}"))
        }
    };
    match &g.override_reason {
        Some(r) => pick(lang, format!("手动调整为 {}（原为 {}）：{r}。{basis}", g.grade.letter(), g.computed.letter()),
            format!("Set by hand to {} (computed {}): {r}. {basis}", g.grade.letter(), g.computed.letter())),
        None => basis,
    }
}

pub fn customer_field_label(lang: Locale, f: crate::domain::customers::import::CustomerField) -> &'static str {
    use crate::domain::customers::import::CustomerField as F;
    let key = match f {
        F::Code => Key::FCode, F::Name => Key::FName, F::Kind => Key::FKind, F::Industry => Key::FIndustry,
        F::Region => Key::FRegion, F::Source => Key::FSource, F::Status => Key::FStatus,
        F::CreditLimit => Key::FCreditLimit, F::Tags => Key::ColTags, F::Notes => Key::FNotes,
        F::ContactName => Key::FContactNameCol, F::ContactTitle => Key::FTitle, F::ContactPhone => Key::FPhone,
        F::ContactEmail => Key::FEmail,
    };
    key.text(lang)
}

pub fn deal_field_label(lang: Locale, f: crate::domain::pipeline::import::DealField) -> &'static str {
    use crate::domain::pipeline::import::DealField as F;
    let key = match f {
        F::Id => Key::DealIdCol, F::Title => Key::DealTitle, F::Customer => Key::FCustomer, F::CustomerCode => Key::FCode, F::Product => Key::Product,
        F::Stage => Key::ColStage, F::Amount => Key::DealAmount, F::EngageDate => Key::EngageDate, F::CloseDate => Key::ExpectedClose,
        F::Source => Key::FSource, F::Probability => Key::StageProbability, F::Competitor => Key::Competitor, F::Notes => Key::FNotes,
    };
    key.text(lang)
}

pub fn product_field_label(lang: Locale, f: crate::domain::products::import::ProductField) -> &'static str {
    use crate::domain::products::import::ProductField as F;
    let key = match f {
        F::Code => Key::PCode, F::Name => Key::PName, F::Category => Key::PCategoryCol, F::Brand => Key::PBrand,
        F::Unit => Key::PUnit, F::ListPrice => Key::PListPrice, F::Cost => Key::PCost, F::Stock => Key::PStock,
        F::LeadTime => Key::PLeadTime, F::OrderingCost => Key::POrderingCost, F::HoldingCost => Key::PHoldingCost,
        F::Status => Key::ColStatus,
    };
    key.text(lang)
}

use crate::domain::customers::{Channel, ComplaintCause};

pub fn channel_label(lang: Locale, c: Channel) -> &'static str {
    let (zh, en) = match c {
        Channel::Call => ("电话", "Call"),
        Channel::Visit => ("拜访", "Visit"),
        Channel::Email => ("邮件", "Email"),
        Channel::Meeting => ("会议", "Meeting"),
        Channel::Message => ("消息", "Message"),
    };
    if lang == Locale::Zh { zh } else { en }
}

pub fn cause_label(lang: Locale, c: ComplaintCause) -> &'static str {
    let (zh, en) = match c {
        ComplaintCause::Quality => ("质量", "Quality"),
        ComplaintCause::Delivery => ("交付", "Delivery"),
        ComplaintCause::Service => ("服务", "Service"),
        ComplaintCause::Price => ("价格", "Price"),
        ComplaintCause::Billing => ("开票/结算", "Billing"),
        ComplaintCause::Other => ("其他", "Other"),
    };
    if lang == Locale::Zh { zh } else { en }
}
