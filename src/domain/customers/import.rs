//! Customers from a spreadsheet: guessing the column mapping from header names in both
//! languages, turning rows into customers (rows sharing a code or name add contacts), checking
//! every row, and deciding per duplicate whether to skip, update or create.

use crate::domain::customers::*;
use crate::domain::customers::duplicates::DuplicateIndex;
pub use crate::domain::import::{guess_mapping, DuplicatePolicy, RowError, RowPlanner};
use crate::domain::import::{cell, missing_column, parse_choice, Column, ImportPlan};
use crate::domain::money::Money;
use crate::domain::validation::Problem;
use crate::domain::Id;
use chrono::{DateTime, Utc};
use std::collections::{HashMap, HashSet};
use crate::domain::sorting::SortShared;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum CustomerField {
    Code,
    Name,
    Kind,
    Industry,
    Region,
    Source,
    Status,
    CreditLimit,
    Tags,
    Notes,
    ContactName,
    ContactTitle,
    ContactPhone,
    ContactEmail,
}

impl Column for CustomerField {
    const ALL: &'static [CustomerField] = &[
        CustomerField::Code, CustomerField::Name, CustomerField::Kind, CustomerField::Industry,
        CustomerField::Region, CustomerField::Source, CustomerField::Status, CustomerField::CreditLimit,
        CustomerField::Tags, CustomerField::Notes, CustomerField::ContactName, CustomerField::ContactTitle,
        CustomerField::ContactPhone, CustomerField::ContactEmail,
    ];

    fn synonyms(self) -> &'static [&'static str] {
        match self {
            CustomerField::Code => &["code", "customercode", "customerid", "accountid", "客户编号", "编号", "客户代码"],
            CustomerField::Name => &["name", "customer", "customername", "company", "account", "accountname", "客户名称", "客户", "名称", "公司", "公司名称", "企业名称"],
            CustomerField::Kind => &["kind", "type", "customertype", "客户类型", "类型"],
            CustomerField::Industry => &["industry", "sector", "行业", "所属行业"],
            CustomerField::Region => &["region", "city", "area", "location", "office_location", "officelocation", "地区", "城市", "区域", "所在地"],
            CustomerField::Source => &["source", "leadsource", "来源", "客户来源", "线索来源"],
            CustomerField::Status => &["status", "state", "状态", "客户状态"],
            CustomerField::CreditLimit => &["creditlimit", "credit", "信用额度", "授信额度"],
            CustomerField::Tags => &["tags", "tag", "labels", "标签"],
            CustomerField::Notes => &["notes", "note", "remarks", "comment", "备注", "说明"],
            CustomerField::ContactName => &["contact", "contactname", "person", "联系人", "联系人姓名", "姓名"],
            CustomerField::ContactTitle => &["title", "jobtitle", "position", "职位", "职务"],
            CustomerField::ContactPhone => &["phone", "mobile", "tel", "telephone", "phonenumber", "电话", "手机", "手机号", "联系电话", "电话号码"],
            CustomerField::ContactEmail => &["email", "e-mail", "mail", "emailaddress", "邮箱", "电子邮箱", "邮件"],
        }
    }
}

pub fn parse_source(v: &str) -> Option<LeadSource> {
    parse_choice(v, &[
        (LeadSource::OnlineAds, &["online_ads", "online ads", "ads", "网络广告", "广告", "线上"]),
        (LeadSource::OfflineEvent, &["offline_event", "event", "offline event", "线下活动", "活动"]),
        (LeadSource::PartnerReferral, &["partner_referral", "partner", "partner referral", "合作伙伴推荐", "合作伙伴"]),
        (LeadSource::TradeShow, &["trade_show", "trade show", "tradeshow", "expo", "展会"]),
        (LeadSource::Referral, &["referral", "word of mouth", "转介绍", "介绍", "老客户介绍"]),
        (LeadSource::Other, &["other", "其他", "其它"]),
    ])
}

pub fn parse_status(v: &str) -> Option<CustomerStatus> {
    parse_choice(v, &[
        (CustomerStatus::Lead, &["lead", "prospect", "潜在", "潜在客户"]),
        (CustomerStatus::Active, &["active", "customer", "成交", "成交客户", "活跃"]),
        (CustomerStatus::Dormant, &["dormant", "inactive", "沉睡", "沉睡客户"]),
        (CustomerStatus::Lost, &["lost", "churned", "流失", "流失客户"]),
    ])
}

pub fn parse_kind(v: &str) -> Option<CustomerKind> {
    parse_choice(v, &[
        (CustomerKind::Company, &["company", "business", "organization", "企业", "公司", "单位"]),
        (CustomerKind::Person, &["person", "individual", "个人"]),
    ])
}

pub type CustomerPlan = ImportPlan<Customer>;

#[derive(Clone, Copy)]
pub struct ImportContext<'a> {
    /// Customers already stored.
    pub existing: &'a [Customer],
    pub code_prefix: &'a str,
    pub policy: DuplicatePolicy,
    pub now: DateTime<Utc>,
}

/// Plans a customer import row by row (see [`RowPlanner`]); the caller writes `creates` and
/// `updates` in one transaction only when `errors` is empty.
pub struct Planner<'a, F: FnMut() -> Id> {
    mapping: &'a [Option<CustomerField>],
    ctx: ImportContext<'a>,
    new_id: F,
    order: Vec<String>,
    built: HashMap<String, (usize, Customer)>,
    /// Codes in use (lower case), and the next sequence number to try for a new one.
    codes: HashSet<String>,
    next_seq: u64,
    errors: Vec<RowError>,
}

impl<'a, F: FnMut() -> Id> Planner<'a, F> {
    pub fn new(mapping: &'a [Option<CustomerField>], ctx: ImportContext<'a>, new_id: F) -> Self {
        let errors = missing_column(mapping, CustomerField::Name, "name").into_iter().collect();
        Planner {
            mapping,
            ctx,
            new_id,
            order: Vec::new(),
            built: HashMap::new(),
            codes: ctx.existing.iter().map(|c| c.code.to_lowercase()).collect(),
            // Continue after the highest stored code, as the form does: codes are never reused.
            next_seq: ctx.existing.iter().filter_map(|c| c.code.strip_prefix(ctx.code_prefix)?.parse::<u64>().ok()).max().unwrap_or(0) + 1,
            errors,
        }
    }

    fn plan_one(&mut self, line: usize, row: &[String]) {
        let mapping = self.mapping;
        let cell = |f: CustomerField| cell(mapping, row, f);
        let mut errors = Vec::new();
        let mut err = |field: &str, problem: Problem| errors.push(RowError { row: line, field: field.into(), problem });
        let name = cell(CustomerField::Name);
        let code = cell(CustomerField::Code);
        let contact = Contact {
            id: (self.new_id)(),
            name: cell(CustomerField::ContactName),
            title: cell(CustomerField::ContactTitle),
            phone: cell(CustomerField::ContactPhone),
            email: cell(CustomerField::ContactEmail),
            birthday: None,
            decision_maker: false,
        };
        let has_contact = !(contact.name.is_empty() && contact.phone.is_empty() && contact.email.is_empty());
        let key = if code.is_empty() { format!("n:{}", name.to_lowercase()) } else { format!("c:{code}") };
        if name.is_empty() && code.is_empty() {
            err("name", Problem::Required);
            self.errors.extend(errors);
            return;
        }
        if let Some((_, c)) = self.built.get_mut(&key) {
            // Another contact of a customer already in the file.
            if has_contact {
                c.contacts.push(Contact { name: if contact.name.is_empty() { c.name.clone() } else { contact.name }, ..contact });
            }
            return;
        }
        if name.is_empty() {
            err("name", Problem::Required);
            self.errors.extend(errors);
            return;
        }
        let kind = match cell(CustomerField::Kind) {
            v if v.is_empty() => CustomerKind::Company,
            v => parse_kind(&v).unwrap_or_else(|| { err("kind", Problem::Malformed(v)); CustomerKind::Company }),
        };
        let source = match cell(CustomerField::Source) {
            v if v.is_empty() => LeadSource::Other,
            v => parse_source(&v).unwrap_or_else(|| { err("source", Problem::Malformed(v)); LeadSource::Other }),
        };
        let status = match cell(CustomerField::Status) {
            v if v.is_empty() => CustomerStatus::Lead,
            v => parse_status(&v).unwrap_or_else(|| { err("status", Problem::Malformed(v)); CustomerStatus::Lead }),
        };
        let credit_limit = match cell(CustomerField::CreditLimit) {
            v if v.is_empty() => None,
            v => match Money::parse(&v) {
                Ok(m) => Some(m),
                Err(_) => { err("credit_limit", Problem::Malformed(v)); None }
            },
        };
        self.errors.extend(errors);
        let code = if code.is_empty() {
            self.allocate_code()
        } else {
            self.codes.insert(code.to_lowercase());
            code
        };
        let customer = Customer {
            id: (self.new_id)(),
            code,
            name: name.clone(),
            kind,
            industry: cell(CustomerField::Industry),
            region: cell(CustomerField::Region),
            scale: None,
            source,
            status,
            status_by_hand: false,
            credit_limit,
            tags: cell(CustomerField::Tags).split([',', '，', ';', '；', '|']).map(str::trim).filter(|t| !t.is_empty()).map(str::to_string).collect(),
            notes: cell(CustomerField::Notes),
            contacts: if has_contact {
                vec![Contact { name: if contact.name.is_empty() { name } else { contact.name }, decision_maker: true, ..contact }]
            } else {
                vec![]
            },
            grade_override: None,
            created_at: self.ctx.now,
            updated_at: self.ctx.now, rev: 0,
        };
        self.order.push(key.clone());
        self.built.insert(key, (line, customer));
    }

    /// The next unused `PREFIX00042` code (amortised O(1), unlike a scan per row).
    fn allocate_code(&mut self) -> String {
        loop {
            let c = format!("{}{:05}", self.ctx.code_prefix, self.next_seq);
            self.next_seq += 1;
            if self.codes.insert(c.to_lowercase()) {
                return c;
            }
        }
    }

}

impl<F: FnMut() -> Id> RowPlanner<Customer> for Planner<'_, F> {
    fn ready(&self) -> bool {
        self.mapping.contains(&Some(CustomerField::Name))
    }

    fn plan_row(&mut self, line: usize, row: &[String]) {
        self.plan_one(line, row);
    }

    /// Checks every customer and decides what happens to duplicates of stored customers.
    fn finish(mut self) -> CustomerPlan {
        let ctx = self.ctx;
        let mut plan = CustomerPlan { errors: std::mem::take(&mut self.errors), ..ImportPlan::default() };
        let index = DuplicateIndex::new(ctx.existing);
        let by_code: HashMap<String, &Customer> = ctx.existing.iter().map(|c| (c.code.to_lowercase(), c)).collect();
        let by_id: HashMap<&str, &Customer> = ctx.existing.iter().map(|c| (c.id.as_str(), c)).collect();
        let mut updated: HashMap<Id, Customer> = HashMap::new();
        let mut update_order: Vec<Id> = Vec::new();
        for key in std::mem::take(&mut self.order) {
            let (line, customer) = self.built.remove(&key).expect("built for every key");
            for fp in customer.validate() {
                let field = fp.field.split_once('.').map_or(fp.field.clone(), |(_, f)| format!("contact.{f}"));
                plan.errors.push(RowError { row: line, field, problem: fp.problem });
            }
            let same_code = by_code.get(&customer.code.to_lowercase()).copied();
            let similar = same_code.map(|c| c.id.clone()).or_else(|| index.lookup(&customer).cloned());
            match (similar, ctx.policy) {
                (None, _) => plan.creates.push(customer),
                (Some(_), DuplicatePolicy::Skip) => plan.skipped += 1,
                (Some(id), DuplicatePolicy::Update) => {
                    let base = updated.get(&id).cloned().unwrap_or_else(|| (*by_id[id.as_str()]).clone());
                    if !updated.contains_key(&id) {
                        update_order.push(id.clone());
                    }
                    updated.insert(id, update_from(base, customer, ctx.now));
                }
                (Some(_), DuplicatePolicy::CreateAnyway) => {
                    let mut c = customer;
                    if same_code.is_some() {
                        c.code = self.allocate_code();
                    }
                    plan.creates.push(c);
                }
            }
        }
        plan.updates = update_order.into_iter().filter_map(|id| updated.remove(&id)).collect();
        plan.errors.sort_by_key_shared(|e| e.row);
        plan
    }
}

/// Plans a whole file at once.
pub fn plan(rows: &[Vec<String>], mapping: &[Option<CustomerField>], ctx: ImportContext, new_id: impl FnMut() -> Id) -> CustomerPlan {
    let mut planner = Planner::new(mapping, ctx, new_id).feed();
    planner.add_rows(rows);
    planner.finish()
}

/// Fills the stored customer with the file's non-empty values; new contacts are added.
fn update_from(mut base: Customer, file: Customer, now: DateTime<Utc>) -> Customer {
    let keep = |old: &mut String, new: String| {
        if !new.is_empty() {
            *old = new;
        }
    };
    keep(&mut base.name, file.name);
    keep(&mut base.industry, file.industry);
    keep(&mut base.region, file.region);
    keep(&mut base.notes, file.notes);
    if file.credit_limit.is_some() {
        base.credit_limit = file.credit_limit;
    }
    for t in file.tags {
        if !base.tags.contains(&t) {
            base.tags.push(t);
        }
    }
    for c in file.contacts {
        let known = base.contacts.iter().any(|k| {
            (!c.phone.is_empty() && k.phone == c.phone) || (!c.email.is_empty() && k.email.eq_ignore_ascii_case(&c.email))
        });
        if !known {
            base.contacts.push(Contact { decision_maker: false, ..c });
        }
    }
    base.updated_at = now;
    base
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::csv::{decode, detect_separator, parse, NativeCodec};

    fn ctx(existing: &[Customer], policy: DuplicatePolicy) -> ImportContext<'_> {
        ImportContext { existing, code_prefix: "C", policy, now: "2026-11-23T00:00:00Z".parse().unwrap() }
    }

    fn ids() -> impl FnMut() -> Id {
        let mut n = 0;
        move || {
            n += 1;
            format!("id{n}")
        }
    }

    #[test]
    fn guesses_columns_in_both_languages() {
        let h: Vec<String> = ["客户名称", "联系人", "电话", "邮箱", "Industry", "Lead Source", "credit_limit", "whatever"].map(String::from).to_vec();
        assert_eq!(guess_mapping(&h), vec![
            Some(CustomerField::Name), Some(CustomerField::ContactName), Some(CustomerField::ContactPhone),
            Some(CustomerField::ContactEmail), Some(CustomerField::Industry), Some(CustomerField::Source),
            Some(CustomerField::CreditLimit), None,
        ]);
    }

    #[test]
    fn a_gbk_file_from_excel_imports() {
        let (text, _) = decode(include_bytes!("../../../tests/fixtures/customers-gbk.csv"), &NativeCodec).unwrap();
        let records = parse(&text, detect_separator(&text)).unwrap();
        let mapping = guess_mapping(&records[0]);
        let plan = plan(&records[1..], &mapping, ctx(&[], DuplicatePolicy::Skip), ids());
        assert_eq!(plan.errors, vec![]);
        assert_eq!(plan.creates.len(), 2);
        let c = &plan.creates[0];
        assert_eq!(c.name, "杭州启明信息技术有限公司");
        assert_eq!(c.code, "C00001");
        assert_eq!(c.source, LeadSource::TradeShow);
        assert_eq!(c.credit_limit, Some(Money::from_int(200_000)));
        assert_eq!(c.contacts[0].phone, "13900001111");
        assert_eq!(plan.creates[1].source, LeadSource::Referral);
        assert_eq!(plan.creates[1].code, "C00002");
    }

    #[test]
    fn every_bad_row_is_reported_with_its_line() {
        let text = "name,email,source,credit limit\nGood Co,a@b.cn,referral,100\n,x@y.cn,,\nBad Mail,not-mail,,\nOdd Source,,carrier pigeon,lots\n";
        let records = parse(text, ',').unwrap();
        let plan = plan(&records[1..], &guess_mapping(&records[0]), ctx(&[], DuplicatePolicy::Skip), ids());
        let found: Vec<(usize, &str)> = plan.errors.iter().map(|e| (e.row, e.field.as_str())).collect();
        assert_eq!(found, [(3, "name"), (4, "contact.email"), (5, "source"), (5, "credit_limit")]);
    }

    #[test]
    fn rows_sharing_a_customer_add_contacts() {
        let text = "code,name,contact,phone\nK1,Acme,Ann,13800000001\nK1,Acme,Bob,13800000002\n,Solo,Sue,13800000003\n,solo,Sam,13800000004\n";
        let records = parse(text, ',').unwrap();
        let plan = plan(&records[1..], &guess_mapping(&records[0]), ctx(&[], DuplicatePolicy::Skip), ids());
        assert_eq!(plan.errors, vec![]);
        assert_eq!(plan.creates.len(), 2);
        assert_eq!(plan.creates[0].contacts.iter().map(|c| c.name.as_str()).collect::<Vec<_>>(), ["Ann", "Bob"]);
        assert!(plan.creates[0].contacts[0].decision_maker);
        assert_eq!(plan.creates[1].contacts.len(), 2);
    }

    #[test]
    fn duplicates_are_skipped_updated_or_created_anyway() {
        let text = "code,name,phone,industry\nC00001,Acme Ltd,13800000001,Retail\n,Brand New,13900000000,\n";
        let records = parse(text, ',').unwrap();
        let mapping = guess_mapping(&records[0]);
        let first = plan(&records[1..2], &mapping, ctx(&[], DuplicatePolicy::Skip), ids());
        let existing = first.creates;

        let skip = plan(&records[1..], &mapping, ctx(&existing, DuplicatePolicy::Skip), ids());
        assert_eq!((skip.creates.len(), skip.updates.len(), skip.skipped), (1, 0, 1));

        let update = plan(&records[1..], &mapping, ctx(&existing, DuplicatePolicy::Update), ids());
        assert_eq!((update.creates.len(), update.updates.len(), update.skipped), (1, 1, 0));
        assert_eq!(update.updates[0].id, existing[0].id);
        assert_eq!(update.updates[0].industry, "Retail");
        assert_eq!(update.updates[0].contacts.len(), 1, "the same phone is not added twice");

        let anyway = plan(&records[1..], &mapping, ctx(&existing, DuplicatePolicy::CreateAnyway), ids());
        assert_eq!(anyway.creates.len(), 2);
        let codes: Vec<&str> = anyway.creates.iter().map(|c| c.code.as_str()).collect();
        assert_eq!(codes, ["C00003", "C00002"], "a clashing code gets the next free one");
    }

    #[test]
    fn twenty_thousand_rows_plan_in_chunks() {
        let mut text = String::from("name,phone,email\n");
        for i in 0..20_000 {
            text.push_str(&format!("Company {i},1380000{i:04},c{i}@example.com\n"));
        }
        let records = parse(&text, ',').unwrap();
        let mapping = guess_mapping(&records[0]);
        let c = ctx(&[], DuplicatePolicy::Skip);
        let mut planner = Planner::new(&mapping, c, ids()).feed();
        for chunk in records[1..].chunks(1000) {
            planner.add_rows(chunk);
        }
        assert_eq!(planner.rows_seen(), 20_000);
        let p = planner.finish();
        assert_eq!(p.errors, vec![]);
        assert_eq!(p.creates.len(), 20_000);
        assert_eq!(p.creates[19_999].code, "C20000");
    }

    #[test]
    fn a_file_without_a_name_column_is_refused() {
        let records = parse("foo,bar\n1,2\n", ',').unwrap();
        let plan = plan(&records[1..], &guess_mapping(&records[0]), ctx(&[], DuplicatePolicy::Skip), ids());
        assert_eq!(plan.errors, vec![RowError { row: 1, field: "name".into(), problem: Problem::Required }]);
    }
}
