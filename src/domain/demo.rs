//! The demo dataset: a seeded generator, so every load with the same inputs gives the same
//! data. Dates are laid out around `today` so the demo always looks current.

use crate::domain::contracts::*;
use crate::domain::rng::Rng;
use crate::domain::customers::*;
use crate::domain::dataset::Dataset;
use crate::domain::money::Money;
use crate::domain::pipeline::*;
use crate::domain::products::*;
use crate::domain::settings::Settings;
use crate::domain::targets::*;
use crate::domain::products::stock::{StockCause, StockPoint};
use crate::domain::Locale;
use chrono::{DateTime, Datelike, Duration, NaiveDate, NaiveTime, TimeZone, Utc};
use rust_decimal::Decimal;
use crate::domain::sorting::SortShared;

/// How many records of each kind to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct DemoSize {
    pub customers: usize,
    pub products: usize,
    pub deals: usize,
    pub contracts: usize,
}

impl DemoSize {
    /// The size the "Load demo data" button uses.
    pub const STANDARD: DemoSize = DemoSize { customers: 60, products: 25, deals: 80, contracts: 20 };

    /// Roughly `total` records in the standard proportions (for benchmarks).
    pub fn scaled(total: usize) -> DemoSize {
        let f = total as f64 / 185.0;
        let n = |x: usize| ((x as f64 * f).round() as usize).max(1);
        DemoSize { customers: n(60), products: n(25), deals: n(80), contracts: n(20) }
    }
}

pub const DEMO_SEED: u64 = 0x5A1E_5DE5_C0FF_EE01;

struct Words {
    cities: [&'static str; 10],
    brands: [&'static str; 12],
    suffixes: [&'static str; 6],
    industries: [&'static str; 6],
    surnames: [&'static str; 12],
    given: [&'static str; 12],
    titles: [&'static str; 6],
    tags: [&'static str; 5],
    deal_words: [&'static str; 6],
    summaries: [&'static str; 6],
    outcomes: [&'static str; 4],
    complaints: [&'static str; 4],
    lost_reasons: [&'static str; 4],
    competitors: [&'static str; 4],
    contract_kinds: [&'static str; 3],
    milestones: [&'static str; 3],
    dispute: &'static str,
}

/// The channel of each of `Words::summaries`, in order: a call, a visit, an e-mail, a
/// meeting, a call, a message.
const SUMMARY_CHANNELS: [Channel; 6] = [Channel::Call, Channel::Visit, Channel::Email, Channel::Meeting, Channel::Call, Channel::Message];

const ZH: Words = Words {
    cities: ["上海", "北京", "杭州", "深圳", "广州", "南京", "苏州", "成都", "武汉", "西安"],
    brands: ["恒信", "鼎盛", "华瑞", "博远", "中科", "锦程", "瑞丰", "启明", "天成", "宏达", "新锐", "汇通"],
    suffixes: ["科技有限公司", "贸易有限公司", "制造有限公司", "信息技术有限公司", "医疗器械有限公司", "餐饮管理有限公司"],
    industries: ["信息技术", "贸易", "制造业", "信息技术", "医疗", "餐饮"],
    surnames: ["王", "李", "张", "刘", "陈", "杨", "赵", "黄", "周", "吴", "徐", "孙"],
    given: ["伟", "芳", "娜", "敏", "静", "磊", "洋", "勇", "艳", "杰", "涛", "霞"],
    titles: ["总经理", "采购经理", "IT 主管", "财务总监", "行政经理", "运营总监"],
    tags: ["重点客户", "老客户", "价格敏感", "长期合作", "展会线索"],
    deal_words: ["年度采购", "设备升级", "系统部署", "扩容项目", "维保续约", "新店开业"],
    summaries: ["电话沟通采购需求", "上门拜访演示方案", "发送报价单", "商务谈判价格", "确认交付时间", "节日问候"],
    outcomes: ["客户有意向，待内部评估", "需要调整报价", "已约下次演示", "客户暂无需求"],
    complaints: ["交货延迟两天", "设备开机报错", "发票信息有误", "售后响应慢"],
    lost_reasons: ["价格过高", "选择了竞争对手", "预算取消", "需求不匹配"],
    competitors: ["联想", "惠普", "用友", "金蝶"],
    contract_kinds: ["销售合同", "服务合同", "框架协议"],
    dispute: "验收标准有分歧，客户暂停付款",
    milestones: ["签约付款", "设备交付", "验收完成"],
};

const EN: Words = Words {
    cities: ["Shanghai", "Beijing", "Hangzhou", "Shenzhen", "Guangzhou", "Nanjing", "Suzhou", "Chengdu", "Wuhan", "Xi'an"],
    brands: ["Northwind", "Bluewater", "Summit", "Evergreen", "Crescent", "Ironwood", "Brightline", "Harbor", "Pinnacle", "Silverleaf", "Redwood", "Keystone"],
    suffixes: ["Systems Ltd.", "Trading Co.", "Manufacturing", "Software Inc.", "Medical", "Restaurants"],
    industries: ["IT", "Trade", "Manufacturing", "IT", "Healthcare", "Food service"],
    surnames: ["Smith", "Chen", "Garcia", "Miller", "Wang", "Brown", "Davis", "Lee", "Wilson", "Taylor", "Clark", "Young"],
    given: ["Emma", "Liam", "Olivia", "Noah", "Ava", "James", "Mia", "Lucas", "Sophia", "Ethan", "Grace", "Leo"],
    titles: ["General Manager", "Purchasing Manager", "IT Lead", "CFO", "Office Manager", "COO"],
    tags: ["key account", "repeat buyer", "price sensitive", "long term", "trade-show lead"],
    deal_words: ["annual purchase", "equipment upgrade", "system rollout", "expansion", "service renewal", "new branch"],
    summaries: ["Call about purchasing needs", "On-site visit and demo", "Sent the quote", "Negotiated price", "Confirmed delivery date", "Holiday greetings"],
    outcomes: ["Interested, internal review pending", "Wants a revised quote", "Next demo booked", "No need right now"],
    complaints: ["Delivery two days late", "Device shows an error on start", "Wrong invoice details", "Slow after-sales response"],
    lost_reasons: ["Price too high", "Chose a competitor", "Budget cancelled", "Needs did not match"],
    competitors: ["Lenovo", "HP", "Yonyou", "Kingdee"],
    contract_kinds: ["Sales contract", "Service contract", "Framework agreement"],
    dispute: "Acceptance criteria disputed; the client holds payment",
    milestones: ["Signing payment", "Delivery", "Acceptance"],
};

/// (category path zh, en, code prefix, series, products: (zh, en, unit zh, unit en, price))
type CatalogRow = (&'static str, &'static str, &'static str, &'static str, &'static str, &'static str, i64);
const CATALOG: [CatalogRow; 10] = [
    ("办公设备/打印机", "Office equipment/Printers", "OF", "PR", "激光打印机", "Laser printer", 2800),
    ("办公设备/打印机", "Office equipment/Printers", "OF", "PR", "彩色喷墨打印机", "Colour inkjet printer", 1600),
    ("办公设备/投影仪", "Office equipment/Projectors", "OF", "PJ", "会议室投影仪", "Meeting-room projector", 5200),
    ("办公设备/电脑", "Office equipment/Computers", "OF", "PC", "商务笔记本", "Business laptop", 6800),
    ("办公设备/电脑", "Office equipment/Computers", "OF", "PC", "台式工作站", "Desktop workstation", 8900),
    ("软件服务/管理软件", "Software/Business software", "SW", "BS", "CRM 年度授权", "CRM annual licence", 12000),
    ("软件服务/管理软件", "Software/Business software", "SW", "BS", "进销存系统", "Inventory system", 18000),
    ("软件服务/技术服务", "Software/Services", "SW", "SV", "上门实施服务", "On-site implementation", 3000),
    ("耗材/打印耗材", "Supplies/Printing", "SU", "PT", "原装硒鼓", "Original toner cartridge", 450),
    ("耗材/纸品", "Supplies/Paper", "SU", "PA", "A4 复印纸", "A4 copy paper", 180),
];

fn words(locale: Locale) -> &'static Words {
    match locale {
        Locale::Zh => &ZH,
        Locale::En => &EN,
    }
}

pub fn generate(size: DemoSize, locale: Locale, today: NaiveDate, seed: u64) -> Dataset {
    let w = words(locale);
    let mut rng = Rng(seed);
    let at = |day: NaiveDate, minutes: i64| -> DateTime<Utc> {
        Utc.from_utc_datetime(&day.and_time(NaiveTime::from_hms_opt(1, 0, 0).unwrap()))
            + Duration::minutes(minutes)
    };
    let now = at(today, 0);
    let mut data = Dataset { stages: default_stages(locale, now - Duration::days(400)), ..Dataset::default() };
    let mut settings = Settings::default();
    settings.lost_reasons = w.lost_reasons.iter().map(|s| s.to_string()).collect();
    settings.updated_at = Some(now - Duration::days(400));
    data.settings.push(settings);

    // Products
    for i in 0..size.products {
        let (cat_zh, cat_en, prefix, series, name_zh, name_en, price) = CATALOG[i % CATALOG.len()];
        let variant = i / CATALOG.len();
        let (cat, name) = match locale {
            Locale::Zh => (cat_zh, name_zh),
            Locale::En => (cat_en, name_en),
        };
        // Editions of the same product beyond the catalogue, named in the book's language.
        let name = match (variant, locale) {
            (0, _) => name.to_string(),
            (_, Locale::Zh) => format!("{name}（{}）", ["增强版", "旗舰版", "经济版", "标准版"][variant % 4]),
            (_, Locale::En) => format!("{name} {}", ["Pro", "Max", "Lite", "Plus"][variant % 4]),
        };
        let list = Money::from_int(price + (variant as i64) * price / 5);
        let created = at(today - Duration::days(rng.range(200, 700)), 0);
        data.products.push(Product {
            id: format!("prd-{:04}", i + 1),
            code: format!("{prefix}-{series}-{:03}", i + 1),
            name,
            category: cat.split('/').map(str::to_string).collect(),
            brand: w.brands[i % 4].to_string(),
            // The unit the product is counted in: paper by the box, services by the visit.
            unit: match (locale, series) {
                (Locale::Zh, "BS") => "套",
                (Locale::Zh, "SV") => "次",
                (Locale::Zh, "PT") => "个",
                (Locale::Zh, "PA") => "箱",
                (Locale::Zh, _) => "台",
                (Locale::En, "BS") => "licence",
                (Locale::En, "SV") => "visit",
                (Locale::En, "PT") => "cartridge",
                (Locale::En, "PA") => "box",
                (Locale::En, _) => "unit",
            }
            .to_string(),
            list_price: list,
            cost: list.percent(Decimal::from(rng.range(55, 75))),
            stock: rng.range(0, 400),
            lead_time_days: rng.range(3, 30) as u32,
            ordering_cost: Money::from_int(rng.range(50, 300)),
            holding_cost: list.percent(Decimal::from(20)),
            status: if rng.chance(8) { ProductStatus::Discontinued } else { ProductStatus::OnSale },
            created_at: created,
            updated_at: created, rev: 0,
        });
    }

    // Customers with contacts, follow-ups and service cases
    let person_name = |rng: &mut Rng| match locale {
        Locale::Zh => format!("{}{}", rng.pick(&w.surnames), rng.pick(&w.given)),
        Locale::En => format!("{} {}", rng.pick(&w.given), rng.pick(&w.surnames)),
    };
    for i in 0..size.customers {
        let kind = if rng.chance(85) { CustomerKind::Company } else { CustomerKind::Person };
        let industry_ix = rng.below(6);
        let city = *rng.pick(&w.cities);
        let name = match (kind, locale) {
            (CustomerKind::Person, _) => person_name(&mut rng),
            (_, Locale::Zh) => format!("{city}{}{}", w.brands[(i + i / 12) % 12], w.suffixes[industry_ix]),
            (_, Locale::En) => format!("{} {} {}", city, w.brands[(i + i / 12) % 12], w.suffixes[industry_ix]),
        };
        let created = at(today - Duration::days(rng.range(30, 900)), rng.range(0, 600));
        let contacts = (0..1 + rng.below(3))
            .map(|j| Contact {
                id: format!("cus-{:04}-ct{}", i + 1, j + 1),
                name: person_name(&mut rng),
                title: w.titles[(i + j) % 6].to_string(),
                phone: format!("13{}{:08}", rng.range(0, 9), rng.range(0, 99_999_999)),
                email: format!("contact{}.{}@example.com", i + 1, j + 1),
                birthday: NaiveDate::from_ymd_opt(rng.range(1965, 1998) as i32, 1, 1)
                    .map(|d| d + Duration::days(rng.range(0, 364))),
                decision_maker: j == 0,
            })
            .collect();
        let mut tags = Vec::new();
        if rng.chance(35) {
            tags.push(w.tags[rng.below(5)].to_string());
        }
        data.customers.push(Customer {
            id: format!("cus-{:04}", i + 1),
            code: format!("C{:05}", i + 1),
            name,
            kind,
            industry: w.industries[industry_ix].to_string(),
            region: city.to_string(),
            scale: Some([Scale::Micro, Scale::Small, Scale::Medium, Scale::Large][rng.below(4)]),
            source: *rng.pick(&LeadSource::ALL),
            status: CustomerStatus::Lead,
            status_by_hand: false,
            credit_limit: Some(Money::from_int(rng.range(5, 50) * 10_000)),
            tags,
            notes: String::new(),
            contacts,
            grade_override: None,
            created_at: created,
            updated_at: created, rev: 0,
        });
    }

    // Deals spread over the stages, with quotes and a consistent stage history
    let open: Vec<Stage> = data.stages.iter().filter(|s| s.kind == StageKind::Open).cloned().collect();
    let won = data.stages.iter().find(|s| s.kind == StageKind::Won).cloned().unwrap();
    let lost = data.stages.iter().find(|s| s.kind == StageKind::Lost).cloned().unwrap();
    let answers = [Answer::Yes, Answer::Yes, Answer::No, Answer::Unknown];
    let ranks = crate::domain::pipeline::rank::spread(size.deals);
    let mut titles = std::collections::HashSet::new();
    for i in 0..size.deals.min(if size.customers == 0 { 0 } else { usize::MAX }) {
        let customer = &data.customers[rng.below(size.customers)];
        let roll = rng.below(100);
        let (target_ix, final_stage) = match roll {
            0..=54 => (roll % open.len(), None),
            55..=79 => (open.len(), Some(&won)),
            _ => (rng.below(open.len()), Some(&lost)),
        };
        // Open deals are younger than closed ones, so only some of them are stale.
        let created_days_ago = if final_stage.is_none() { rng.range(5, 75) } else { rng.range(10, 360) };
        let created = at(today - Duration::days(created_days_ago), rng.range(0, 480));
        let mut history = Vec::new();
        let mut t = created;
        let mut elapsed = 0;
        for stage in open.iter().take(target_ix.min(open.len() - 1) + 1) {
            history.push(StageChange { stage_id: stage.id.clone(), at: t });
            let step = rng.range(2, (created_days_ago - elapsed).clamp(3, 40));
            elapsed += step;
            t += Duration::days(step);
        }
        if let Some(f) = final_stage {
            history.push(StageChange { stage_id: f.id.clone(), at: t.min(now) });
        }
        let stage_id = history.last().unwrap().stage_id.clone();
        let lines: Vec<LineItem> = if size.products == 0 {
            Vec::new()
        } else {
            let mut on_quote = std::collections::HashSet::new();
            (0..1 + rng.below(3))
                .map(|_| {
                    let p = &data.products[rng.below(size.products)];
                    LineItem {
                        product_id: p.id.clone(),
                        quantity: Decimal::from(rng.range(1, 20)),
                        unit_price: p.list_price,
                        discount_pct: Decimal::from([0, 0, 5, 10][rng.below(4)]),
                        discount_reason: String::new(),
                    }
                })
                // A product once a quote.
                .filter(|l| on_quote.insert(l.product_id.clone()))
                .collect()
        };
        let amount = if lines.is_empty() { Money::from_int(rng.range(5, 200) * 1000) } else { lines.iter().map(LineItem::total).sum() };
        let closed = final_stage.is_some();
        let expected_close = if closed {
            Some(history.last().unwrap().at.date_naive())
        } else {
            Some(today + Duration::days(rng.range(-20, 150)))
        };
        // What is sold, not who buys it (the card shows the customer under the title); no two
        // deals of the book share a title (the next kind of deal when one is taken).
        let word_ix = rng.below(6);
        let sold = lines.first().and_then(|l| Some((data.products.iter().find(|p| p.id == l.product_id)?, l.quantity)));
        let title_with = |word: &str| match (locale, sold) {
            (Locale::Zh, Some((p, n))) => format!("{word}：{} {n} {}", p.name, p.unit),
            (Locale::En, Some((p, n))) => format!("{}{}: {n} × {}", word[..1].to_uppercase(), &word[1..], p.name),
            (_, None) => word.to_string(),
        };
        let title = (0..6)
            .map(|k| title_with(w.deal_words[(word_ix + k) % 6]))
            .find(|t| !titles.contains(t))
            .unwrap_or_else(|| format!("{} ({})", title_with(w.deal_words[word_ix]), i + 1));
        titles.insert(title.clone());
        data.deals.push(Deal {
            id: format!("deal-{:04}", i + 1),
            title,
            customer_id: customer.id.clone(),
            stage_id,
            rank: ranks[i].clone(),
            amount,
            expected_close,
            probability: None,
            source: customer.source,
            man: Man { money: *rng.pick(&answers), authority: *rng.pick(&answers), need: *rng.pick(&answers) },
            competitor: if rng.chance(40) { w.competitors[rng.below(4)].to_string() } else { String::new() },
            line_items: lines,
            lost_reason: (final_stage.map(|s| s.kind) == Some(StageKind::Lost)).then(|| w.lost_reasons[rng.below(4)].to_string()),
            stage_history: history.clone(),
            notes: String::new(),
            quote: None,
            stock_taken: Vec::new(),
            event_id: None,
            consent: None,
            created_at: created,
            updated_at: history.last().unwrap().at, rev: 0,
        });
    }
    // Key accounts: three customers buy again and again, so the book has A customers: each
    // has one of the three latest deals won (so they are active, not dormant), and every
    // other deal won in the year before.
    if size.customers >= 3 {
        let key: Vec<String> = (0..3).map(|k| data.customers[(k * 19 + 2) % size.customers].id.clone()).collect();
        let year_ago = today - Duration::days(365);
        let mut recent: Vec<&mut Deal> = data.deals.iter_mut().filter(|d| d.stage_id == won.id && d.won_on() > year_ago).collect();
        recent.sort_by_key_shared(|d| std::cmp::Reverse(d.won_on()));
        for (j, d) in recent.into_iter().enumerate().filter(|(j, _)| *j < 3 || j % 2 == 1) {
            d.customer_id = key[j % key.len()].clone();
        }
    }
    let buyers: std::collections::HashSet<&str> =
        data.deals.iter().filter(|d| d.stage_id == won.id).map(|d| d.customer_id.as_str()).collect();
    for c in data.customers.iter_mut().filter(|c| buyers.contains(c.id.as_str())) {
        c.status = CustomerStatus::Active;
    }
    // Some leads went quiet or were lost — not those with a deal still open.
    let courting: std::collections::HashSet<String> = data
        .deals
        .iter()
        .filter(|d| open.iter().any(|s| s.id == d.stage_id))
        .map(|d| d.customer_id.clone())
        .collect();
    let quiet = data.customers.iter_mut().filter(|c| c.status == CustomerStatus::Lead && !courting.contains(&c.id));
    for (k, c) in quiet.enumerate() {
        match k % 3 {
            0 => c.status = CustomerStatus::Dormant,
            1 => c.status = CustomerStatus::Lost,
            _ => {}
        }
    }

    // Follow-ups: some overdue, some due today or this week, some later
    let first_deal: std::collections::HashMap<&str, &str> =
        data.deals.iter().rev().map(|d| (d.customer_id.as_str(), d.id.as_str())).collect();
    for (i, c) in data.customers.iter().enumerate() {
        for j in 0..1 + rng.below(3) {
            let date = today - Duration::days(rng.range(11, 120));
            let next = match rng.below(6) {
                0 => Some(today - Duration::days(rng.range(1, 10))),
                1 => Some(today),
                2 => Some(today + Duration::days(rng.range(1, 6))),
                3 => Some(today + Duration::days(rng.range(7, 40))),
                _ => None,
            };
            let created = at(date, rng.range(0, 500));
            let said = rng.below(6);
            data.follow_ups.push(FollowUp {
                id: format!("fu-{:04}-{}", i + 1, j + 1),
                customer_id: c.id.clone(),
                deal_id: first_deal.get(c.id.as_str()).map(|d| d.to_string()),
                // The channel fits what was done (a visit is a visit).
                channel: SUMMARY_CHANNELS[said],
                date,
                summary: w.summaries[said].to_string(),
                outcome: w.outcomes[rng.below(4)].to_string(),
                next_date: next,
                next_time: None,
                next_done: false,
                created_at: created,
                updated_at: created, rev: 0,
            });
        }
    }
    for i in 0..(size.customers / 6) {
        let c = &data.customers[rng.below(size.customers)];
        let complaint = rng.chance(60);
        let date = today - Duration::days(rng.range(1, 200));
        let resolved = rng.chance(70);
        data.service_cases.push(ServiceCase {
            id: format!("svc-{:04}", i + 1),
            customer_id: c.id.clone(),
            date,
            kind: if complaint { ServiceKind::Complaint } else { ServiceKind::AfterSales },
            cause: complaint.then(|| [ComplaintCause::Delivery, ComplaintCause::Quality, ComplaintCause::Billing, ComplaintCause::Service][i % 4]),
            description: w.complaints[i % 4].to_string(),
            status: if resolved { CaseStatus::Resolved } else { CaseStatus::Open },
            satisfaction: resolved.then(|| rng.range(2, 5) as u8),
            created_at: at(date, 0),
            updated_at: at(date, 0), rev: 0,
        });
    }

    // Contract templates and contracts in every status
    let tpl_created = at(today - Duration::days(500), 0);
    let templates = match locale {
        Locale::Zh => [("标准销售合同", "设备销售", "甲方：{{customer.name}}\n合同金额：{{contract.amount}} 元\n签订日期：{{contract.sign_date}}"),
                       ("年度服务合同", "技术服务", "甲方：{{customer.name}}\n服务期限：{{contract.start_date}} 至 {{contract.end_date}}")],
        Locale::En => [("Standard sales contract", "Equipment sale", "Buyer: {{customer.name}}\nAmount: {{contract.amount}}\nSigned: {{contract.sign_date}}"),
                       ("Annual service contract", "Technical service", "Client: {{customer.name}}\nTerm: {{contract.start_date}} to {{contract.end_date}}")],
    };
    for (i, (name, scenario, body)) in templates.iter().enumerate() {
        data.contract_templates.push(ContractTemplate {
            id: format!("tpl-{}", i + 1),
            name: name.to_string(),
            scenario: scenario.to_string(),
            body: body.to_string(),
            reviewed: true,
            reviewed_on: Some(tpl_created.date_naive()),
            created_at: tpl_created,
            updated_at: tpl_created, rev: 0,
        });
    }
    let won_deals: Vec<Deal> = data.deals.iter().filter(|d| d.stage_id == won.id).cloned().collect();
    for i in 0..size.contracts.min(if size.customers == 0 { 0 } else { usize::MAX }) {
        let status = ContractStatus::ALL[i % ContractStatus::ALL.len()];
        let deal = won_deals.get(i);
        let customer_id = deal.map_or_else(|| data.customers[rng.below(size.customers)].id.clone(), |d| d.customer_id.clone());
        let amount = deal.map_or_else(|| Money::from_int(rng.range(2, 80) * 5000), |d| d.amount);
        let signed_ago = rng.range(5, 300);
        let signed = matches!(status, ContractStatus::Signed | ContractStatus::Executing | ContractStatus::Completed | ContractStatus::Terminated);
        let sign_date = signed.then(|| today - Duration::days(signed_ago));
        let start = sign_date.or(Some(today + Duration::days(rng.range(5, 30))));
        let end = start.map(|s| s + Duration::days(rng.range(90, 365)));
        let parts = 1 + rng.below(3) as i64;
        let share = Money::new(amount.value() / Decimal::from(parts));
        let payments = (0..parts)
            .map(|k| {
                let due = start.unwrap() + Duration::days(30 * k + 15);
                let received = signed && due < today && (status == ContractStatus::Completed || rng.chance(70));
                let amount = if k == parts - 1 { amount - share * Decimal::from(parts - 1) } else { share };
                let receipts = if received { vec![Receipt { date: due, amount, note: String::new() }] } else { Vec::new() };
                Installment { due, amount, receipts }
            })
            .collect();
        let progress = match status {
            ContractStatus::Completed => 100,
            ContractStatus::Executing => rng.range(10, 90) as u8,
            ContractStatus::Terminated => rng.range(0, 50) as u8,
            _ => 0,
        };
        let created = at(today - Duration::days(signed_ago + 10), 0);
        let kind_ix = rng.below(3);
        data.contracts.push(Contract {
            id: format!("ctr-{:04}", i + 1),
            number: format!("HT-{}-{:04}", today.year(), i + 1),
            title: deal.map_or_else(|| format!("{} {}", w.contract_kinds[kind_ix], i + 1), |d| d.title.clone()),
            customer_id,
            deal_id: deal.map(|d| d.id.clone()),
            template_id: Some(format!("tpl-{}", 1 + kind_ix % 2)),
            kind: w.contract_kinds[kind_ix].to_string(),
            amount,
            sign_date,
            start_date: start,
            end_date: end,
            status,
            approvals: if status == ContractStatus::Draft {
                Vec::new()
            } else {
                vec![ApprovalStep {
                    approver: person_name(&mut rng),
                    decision: if status == ContractStatus::PendingApproval { Decision::Pending } else { Decision::Approved },
                    date: (status != ContractStatus::PendingApproval).then(|| created.date_naive() + Duration::days(2)),
                    comment: String::new(),
                }]
            },
            milestones: w.milestones.iter().enumerate()
                .map(|(k, m)| Milestone { name: m.to_string(), due: start.map(|s| s + Duration::days(40 * k as i64)), progress: progress.saturating_sub(k as u8 * 30).min(100) })
                .collect(),
            payments,
            risk_override: None,
            amendments: Vec::new(),
            disputed: status == ContractStatus::Terminated,
            dispute_note: if status == ContractStatus::Terminated { w.dispute.to_string() } else { String::new() },
            timeline: Vec::new(),
            body: String::new(),
            created_at: created,
            updated_at: created, rev: 0,
        });
    }

    // Targets for the current year: every month, every quarter, the year
    let year = today.year();
    let made = at(NaiveDate::from_ymd_opt(year, 1, 1).unwrap(), 0);
    let monthly = 300_000 + (size.deals as i64) * 1000;
    let target = |id: String, period: Period, revenue: i64, new_customers: u32| SalesTarget {
        id,
        period,
        revenue: Money::from_int(revenue),
        new_customers,
        created_at: made,
        updated_at: made, rev: 0,
    };
    for m in 1..=12u32 {
        data.sales_targets.push(target(format!("tgt-{year}-m{m:02}"), Period::Month { year, month: m }, monthly, 3));
    }
    for q in 1..=4u32 {
        data.sales_targets.push(target(format!("tgt-{year}-q{q}"), Period::Quarter { year, quarter: q }, monthly * 3, 9));
    }
    data.sales_targets.push(target(format!("tgt-{year}"), Period::Year { year }, monthly * 12, 36));

    add_trade_show(&mut data, locale, today);

    // Stock points: a count on the first of each of the last twelve months, and today's
    // stock today (a generator of its own, so the records above stay as they were).
    let mut counts = Rng(seed ^ 0x5700_c0de);
    let first_of_month = today.with_day(1).unwrap_or(today);
    for p in &data.products {
        for back in (1..=12u32).rev() {
            let Some(day) = first_of_month.checked_sub_months(chrono::Months::new(back)) else { continue };
            let level = p.stock * (60 + counts.range(0, 90)) / 100;
            let point = StockPoint { stock: level, ..StockPoint::of(p, day, StockCause::Edit, at(day, 0)) };
            data.stock_points.push(point);
        }
        data.stock_points.push(StockPoint::of(p, today, StockCause::Edit, at(today, 0)));
    }
    data
}

/// The show of the year: the five days that saw the most trade-show deals created; those
/// deals were met there (the event and a visitor's consent), and the products quoted most to
/// them are the ones shown at the stand. Nothing else of the book changes.
fn add_trade_show(data: &mut Dataset, locale: Locale, today: NaiveDate) {
    use crate::domain::events::{Consent, Event};
    const DAYS: i64 = 5;
    let met = |d: &Deal| d.source == LeadSource::TradeShow;
    // Trade-show deals per day, then every window of the past year over those counts.
    let mut per_day: std::collections::HashMap<NaiveDate, usize> = std::collections::HashMap::new();
    for d in data.deals.iter().filter(|d| met(d)) {
        *per_day.entry(d.created_at.date_naive()).or_default() += 1;
    }
    let start = (0..365)
        .map(|back| today - Duration::days(back + DAYS))
        .max_by_key(|s| ((0..DAYS).map(|k| per_day.get(&(*s + Duration::days(k))).copied().unwrap_or(0)).sum::<usize>(), *s));
    let Some(start) = start else { return };
    let (name, place, consent) = match locale {
        Locale::Zh => ("中国国际工业博览会", "国家会展中心（上海）8.1H B126", "我同意贵公司保存我在此填写的姓名、公司、职务、电话、电子邮箱和留言，仅用于就本次展会上我咨询的产品与我联系并提供报价，不会提供给第三方。我可以随时要求查阅、更正或删除这些信息（《个人信息保护法》）。"),
        Locale::En => ("Industrial Automation Expo", "Shanghai NECC, Hall 8.1, B126", "I agree that the name, company, job title, phone, e-mail and note I enter here are kept to contact me about the products I asked about at this show and to send me quotes; they are not passed to third parties. I can ask at any time to see, correct or delete them (GDPR)."),
    };
    let created = Utc.from_utc_datetime(&(start - Duration::days(30)).and_time(NaiveTime::from_hms_opt(2, 0, 0).unwrap()));
    let mut event = Event::new("evt-demo-show".into(), start, consent.into(), created);
    event.name = name.into();
    event.place = place.into();
    event.ends_on = start + Duration::days(DAYS - 1);
    let mut quoted: Vec<(String, usize)> = Vec::new();
    for d in data.deals.iter_mut().filter(|d| met(d) && event.runs_on(d.created_at.date_naive())) {
        d.event_id = Some(event.id.clone());
        d.consent = Some(Consent { text: consent.into(), at: d.created_at });
        for l in &d.line_items {
            match quoted.iter_mut().find(|(p, _)| *p == l.product_id) {
                Some(q) => q.1 += 1,
                None => quoted.push((l.product_id.clone(), 1)),
            }
        }
    }
    quoted.sort_by(|a, b| b.1.cmp(&a.1));
    event.products = quoted.into_iter().take(6).map(|(p, _)| p).collect();
    data.events.push(event);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::dataset::{validate_dataset, StoreKind};

    #[test]
    fn the_demo_book_has_a_trade_show_with_its_leads() {
        let data = generate(DemoSize::STANDARD, Locale::Zh, today(), DEMO_SEED);
        assert_eq!(data.events.len(), 1);
        let e = &data.events[0];
        let leads: Vec<&Deal> = data.deals.iter().filter(|d| d.event_id.as_deref() == Some(e.id.as_str())).collect();
        assert!(leads.len() >= 3, "{} leads", leads.len());
        assert!(leads.iter().all(|d| d.source == LeadSource::TradeShow && e.runs_on(d.created_at.date_naive()) && d.consent.is_some()));
        assert!(!e.products.is_empty() && e.validate().is_empty());
        assert!(e.ends_on < today());
    }

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 23).unwrap()
    }

    #[test]
    fn same_inputs_same_data() {
        let a = generate(DemoSize::STANDARD, Locale::Zh, today(), DEMO_SEED);
        let b = generate(DemoSize::STANDARD, Locale::Zh, today(), DEMO_SEED);
        assert_eq!(a, b);
        let c = generate(DemoSize::STANDARD, Locale::Zh, today(), DEMO_SEED + 1);
        assert_ne!(a, c);
    }

    #[test]
    fn deals_are_titled_with_what_is_sold_once_each_and_products_counted_in_their_unit() {
        for locale in [Locale::Zh, Locale::En] {
            let d = generate(DemoSize::STANDARD, locale, today(), DEMO_SEED);
            let titles: std::collections::HashSet<&str> = d.deals.iter().map(|x| x.title.as_str()).collect();
            assert_eq!(titles.len(), d.deals.len(), "no two deals share a title");
            for deal in &d.deals {
                let customer = d.customers.iter().find(|c| c.id == deal.customer_id).unwrap();
                assert!(!deal.title.contains(&customer.name), "{} repeats its customer", deal.title);
                if let Some(line) = deal.line_items.first() {
                    let product = d.products.iter().find(|p| p.id == line.product_id).unwrap();
                    assert!(deal.title.contains(&product.name), "{} names what is sold", deal.title);
                }
            }
            let paper = d.products.iter().find(|p| p.code.starts_with("SU-PA")).unwrap();
            assert_eq!(paper.unit, if locale == Locale::Zh { "箱" } else { "box" });
            assert!(d.products.iter().all(|p| locale == Locale::En || !p.name.chars().any(|c| c.is_ascii_alphabetic()) || p.name.starts_with("CRM") || p.name.starts_with("A4")));
        }
    }

    #[test]
    fn standard_size_is_believable_and_valid() {
        for locale in [Locale::Zh, Locale::En] {
            let d = generate(DemoSize::STANDARD, locale, today(), DEMO_SEED);
            let counts = d.counts();
            assert_eq!(counts.get(StoreKind::Customers), 60);
            assert_eq!(counts.get(StoreKind::Products), 25);
            assert_eq!(counts.get(StoreKind::Deals), 80);
            assert_eq!(counts.get(StoreKind::Contracts), 20);
            assert_eq!(counts.get(StoreKind::SalesTargets), 17);
            assert!(counts.get(StoreKind::FollowUps) >= 60);
            let problems = validate_dataset(&d, None);
            assert!(problems.is_empty(), "{locale:?}: {:?}", &problems[..problems.len().min(3)]);
            // Every stage holds deals; every contract status occurs.
            for s in &d.stages {
                assert!(d.deals.iter().any(|x| x.stage_id == s.id), "no deal in {}", s.name);
            }
            for st in ContractStatus::ALL {
                assert!(d.contracts.iter().any(|c| c.status == st), "{st:?}");
            }
            assert!(d.contracts.iter().all(|c| c.payments.iter().map(|p| p.amount).sum::<Money>() == c.amount));
            assert!(d.follow_ups.iter().any(|f| f.next_date == Some(today())));
            assert!(d.follow_ups.iter().any(|f| f.next_date.is_some_and(|n| n < today())));
            // The first printer is on a quote (the products e2e test relies on it).
            let printer = d.products.iter().find(|p| p.code == "OF-PR-001").unwrap();
            assert!(d.deals.iter().any(|x| x.line_items.iter().any(|l| l.product_id == printer.id)));
        }
    }

    #[test]
    fn the_book_has_key_accounts_graded_a_and_believable_follow_ups_and_quotes() {
        use crate::domain::customers::grading::{grade_customers, purchases, Grade, GradeBasis};
        for locale in [Locale::Zh, Locale::En] {
            let d = generate(DemoSize::STANDARD, locale, today(), DEMO_SEED);
            let bought = purchases(&d.deals, &d.stages, &d.contracts);
            let t = &d.settings[0].grade_thresholds;
            let grades = grade_customers(&d.customers, &bought, &d.deals, &d.stages, t, today());
            let buyers_a: Vec<&GradeBasis> = grades.values().filter(|g| g.computed == Grade::A).map(|g| &g.basis).filter(|b| matches!(b, GradeBasis::Value { .. })).collect();
            assert!(buyers_a.len() >= 2, "{locale:?}: {} customers who buy are A", buyers_a.len());
            // Bought lately: an A customer is not shown as dormant.
            assert!(buyers_a.iter().all(|b| matches!(b, GradeBasis::Value { days_since_last, .. } if *days_since_last <= 90)), "{buyers_a:?}");
            // Leads still courted are not shown as gone quiet or lost; others are.
            let open_ids: Vec<&str> = d.stages.iter().filter(|s| s.kind == StageKind::Open).map(|s| s.id.as_str()).collect();
            let courted = |c: &Customer| d.deals.iter().any(|x| x.customer_id == c.id && open_ids.contains(&x.stage_id.as_str()));
            let gone = |c: &Customer| matches!(c.status, CustomerStatus::Dormant | CustomerStatus::Lost);
            assert!(d.customers.iter().filter(|c| courted(c)).all(|c| !gone(c)));
            assert!(d.customers.iter().any(|c| c.status == CustomerStatus::Dormant) && d.customers.iter().any(|c| c.status == CustomerStatus::Lost));
            for f in &d.follow_ups {
                let said = words(locale).summaries.iter().position(|s| *s == f.summary).unwrap();
                assert_eq!(f.channel, SUMMARY_CHANNELS[said], "{}", f.summary);
            }
            for deal in &d.deals {
                let ids: std::collections::HashSet<&str> = deal.line_items.iter().map(|l| l.product_id.as_str()).collect();
                assert_eq!(ids.len(), deal.line_items.len(), "{} quotes a product twice", deal.title);
            }
        }
    }

    #[test]
    fn names_follow_the_language() {
        let zh = generate(DemoSize::STANDARD, Locale::Zh, today(), DEMO_SEED);
        let en = generate(DemoSize::STANDARD, Locale::En, today(), DEMO_SEED);
        assert!(zh.customers.iter().all(|c| !c.name.is_ascii()));
        assert!(en.customers.iter().all(|c| c.name.is_ascii()));
        assert_eq!(zh.stages[0].name, "初步接触");
        assert_eq!(en.stages[0].name, "Initial contact");
    }

    #[test]
    fn scales_for_benchmarks() {
        let d = generate(DemoSize::scaled(100_000), Locale::En, today(), DEMO_SEED);
        assert!(d.total() > 100_000, "{}", d.total());
        let problems = validate_dataset(&d, None);
        assert!(problems.is_empty(), "{:?}", &problems[..problems.len().min(3)]);
    }
}
