//! Contract templates 合同模板: a body with `{{placeholders}}` filled from the contract, its
//! customer and deal. One pure function fills a body; placeholders it does not know are
//! reported (never silently dropped or left), so the user can fix the template first.

use super::words::amount_in_words;
use super::{Contract, ContractTemplate};
use crate::domain::customers::Customer;
use crate::domain::pipeline::Deal;
use crate::domain::products::Product;
use crate::domain::Locale;
use chrono::{DateTime, Utc};

/// Every placeholder a body may use.
pub const PLACEHOLDERS: [&str; 14] = [
    "customer.name", "customer.code", "customer.region", "customer.contact", "contract.number", "contract.title", "contract.amount",
    "contract.amount_in_words", "contract.sign_date", "contract.start_date", "contract.end_date", "deal.title", "deal.lines", "payments",
];

/// The placeholders of `body` in order of appearance (each once).
pub fn placeholders(body: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut rest = body;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        // An unclosed one is named as written (so it is reported, never printed half-filled).
        let Some(end) = after.find("}}") else {
            out.push(format!("{{{{{}", after.chars().take(30).collect::<String>().trim_end()));
            break;
        };
        let name = after[..end].trim().to_string();
        if !out.contains(&name) {
            out.push(name);
        }
        rest = &after[end + 2..];
    }
    out
}

/// A placeholder as the user wrote it: `{{name}}`, or an unclosed one as found.
pub fn shown(name: &str) -> String {
    if name.starts_with("{{") { name.to_string() } else { format!("{{{{{name}}}}}") }
}

/// The placeholders of `body` this module cannot fill.
pub fn unknown_placeholders(body: &str) -> Vec<String> {
    placeholders(body).into_iter().filter(|p| !PLACEHOLDERS.contains(&p.as_str())).collect()
}

/// What a body is filled from.
pub struct Sources<'a> {
    pub contract: &'a Contract,
    pub customer: &'a Customer,
    pub deal: Option<&'a Deal>,
    pub products: &'a [Product],
    pub lang: Locale,
    /// The book's currency symbol, before every amount.
    pub symbol: &'a str,
}

/// `body` with every placeholder filled, or the unknown ones.
pub fn fill(body: &str, s: &Sources) -> Result<String, Vec<String>> {
    let unknown = unknown_placeholders(body);
    if !unknown.is_empty() {
        return Err(unknown);
    }
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find("{{") {
        let after = &rest[start + 2..];
        let Some(end) = after.find("}}") else { break };
        out.push_str(&rest[..start]);
        out.push_str(&value(after[..end].trim(), s));
        rest = &after[end + 2..];
    }
    out.push_str(rest);
    Ok(out)
}

fn value(name: &str, s: &Sources) -> String {
    let zh = s.lang == Locale::Zh;
    let date = |d: Option<chrono::NaiveDate>| d.map(|d| d.to_string()).unwrap_or_else(|| "____".into());
    let c = s.contract;
    match name {
        "customer.name" => s.customer.name.clone(),
        "customer.code" => s.customer.code.clone(),
        "customer.region" => s.customer.region.clone(),
        "customer.contact" => s.customer.contacts.first().map(|k| k.name.clone()).unwrap_or_default(),
        "contract.number" => c.number.clone(),
        "contract.title" => c.title.clone(),
        "contract.amount" => format!("{}{}", s.symbol, c.amount.grouped()),
        "contract.amount_in_words" => amount_in_words(c.amount, s.lang).unwrap_or_default(),
        "contract.sign_date" => date(c.sign_date),
        "contract.start_date" => date(c.start_date),
        "contract.end_date" => date(c.end_date),
        "deal.title" => s.deal.map(|d| d.title.clone()).unwrap_or_default(),
        "deal.lines" => {
            let lines = s.deal.map(|d| d.line_items.as_slice()).unwrap_or_default();
            lines
                .iter()
                .enumerate()
                .map(|(i, l)| {
                    let name = s.products.iter().find(|p| p.id == l.product_id).map(|p| p.name.as_str()).unwrap_or("—");
                    let total = l.unit_price * l.quantity;
                    let total = total.percent(rust_decimal::Decimal::ONE_HUNDRED - l.discount_pct);
                    format!("{}. {name} × {} @ {sym}{} = {sym}{}", i + 1, l.quantity.normalize(), l.unit_price.grouped(), total.grouped(), sym = s.symbol)
                })
                .collect::<Vec<_>>()
                .join("\n")
        }
        "payments" => c
            .payments
            .iter()
            .enumerate()
            .map(|(i, p)| if zh { format!("第 {} 期：{} 前支付 {}{}", i + 1, p.due, s.symbol, p.amount.grouped()) } else { format!("Installment {}: {}{} due {}", i + 1, s.symbol, p.amount.grouped(), p.due) })
            .collect::<Vec<_>>()
            .join("\n"),
        _ => String::new(),
    }
}

/// The template a contract gets when none is chosen: the first for sales, else the first.
pub fn default_template(templates: &[ContractTemplate]) -> Option<&ContractTemplate> {
    templates.iter().find(|t| t.scenario.contains("sales") || t.scenario.contains("销售")).or(templates.first())
}

/// The two templates an empty book starts with, in `lang`: a sales contract and a service
/// contract.
pub fn default_templates(lang: Locale, now: DateTime<Utc>) -> Vec<ContractTemplate> {
    let (sales_name, sales, service_name, service) = match lang {
        Locale::Zh => ("销售合同", SALES_ZH, "服务合同", SERVICE_ZH),
        Locale::En => ("Sales contract", SALES_EN, "Service contract", SERVICE_EN),
    };
    let template = |id: &str, name: &str, scenario: &str, body: &str| ContractTemplate {
        id: id.into(),
        name: name.into(),
        scenario: scenario.into(),
        body: body.into(),
        reviewed: false,
        reviewed_on: None,
        created_at: now,
        updated_at: now,
        rev: 0,
    };
    vec![template("tpl-sales", sales_name, "sales", sales), template("tpl-service", service_name, "service", service)]
}

const SALES_ZH: &str = "销售合同\n合同编号：{{contract.number}}\n\n买方（甲方）：{{customer.name}}\n卖方（乙方）：________\n\n\
一、标的\n{{deal.lines}}\n\n二、合同金额\n合同总金额为人民币 {{contract.amount}}（大写：{{contract.amount_in_words}}）。\n\n\
三、付款方式\n{{payments}}\n\n四、交付与验收\n乙方应于 {{contract.start_date}} 起按约定交付，甲方应在收货后 7 日内验收。\n\n\
五、合同期限\n自 {{contract.start_date}} 至 {{contract.end_date}}。\n\n六、违约责任\n任何一方违约，应赔偿对方因此遭受的损失。\n\n\
七、争议解决\n双方协商解决；协商不成的，提交乙方所在地人民法院诉讼解决。\n\n甲方（盖章）：　　　　　　乙方（盖章）：\n签订日期：{{contract.sign_date}}\n";

const SERVICE_ZH: &str = "服务合同\n合同编号：{{contract.number}}\n\n委托方（甲方）：{{customer.name}}\n服务方（乙方）：________\n\n\
一、服务内容\n{{contract.title}}\n\n二、服务期限\n自 {{contract.start_date}} 至 {{contract.end_date}}。\n\n\
三、服务费用\n服务费总额为人民币 {{contract.amount}}（大写：{{contract.amount_in_words}}）。\n付款安排：\n{{payments}}\n\n\
四、双方义务\n乙方按约定提供服务并保守甲方商业秘密；甲方提供必要的配合并按期付款。\n\n\
五、合同变更与解除\n变更须经双方书面同意。\n\n甲方（盖章）：　　　　　　乙方（盖章）：\n签订日期：{{contract.sign_date}}\n";

const SALES_EN: &str = "SALES CONTRACT\nContract no. {{contract.number}}\n\nBuyer: {{customer.name}}\nSeller: ________\n\n\
1. Goods\n{{deal.lines}}\n\n2. Price\nThe total price is {{contract.amount}} ({{contract.amount_in_words}}).\n\n\
3. Payment\n{{payments}}\n\n4. Delivery and acceptance\nThe Seller delivers from {{contract.start_date}}; the Buyer inspects the goods within 7 days of receipt.\n\n\
5. Term\nFrom {{contract.start_date}} to {{contract.end_date}}.\n\n6. Liability\nA party in breach compensates the other for the loss caused.\n\n\
7. Disputes\nThe parties first negotiate in good faith; failing that, the courts at the Seller's seat decide.\n\nBuyer (signature): ____________    Seller (signature): ____________\nDate signed: {{contract.sign_date}}\n";

const SERVICE_EN: &str = "SERVICE AGREEMENT\nAgreement no. {{contract.number}}\n\nClient: {{customer.name}}\nProvider: ________\n\n\
1. Services\n{{contract.title}}\n\n2. Term\nFrom {{contract.start_date}} to {{contract.end_date}}.\n\n\
3. Fees\nThe total fee is {{contract.amount}} ({{contract.amount_in_words}}), payable as follows:\n{{payments}}\n\n\
4. Obligations\nThe Provider performs the services as agreed and keeps the Client's information confidential; the Client cooperates and pays on time.\n\n\
5. Changes\nChanges need both parties' written consent.\n\nClient (signature): ____________    Provider (signature): ____________\nDate signed: {{contract.sign_date}}\n";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::contracts::tests::contract;
    use crate::domain::contracts::{ContractStatus, Installment};
    use crate::domain::customers::LeadSource;
    use crate::domain::money::Money;

    fn sources_fill(body: &str, lang: Locale) -> Result<String, Vec<String>> {
        let mut c = contract(ContractStatus::Draft);
        c.amount = Money::from_int(12_500);
        c.payments = vec![Installment::new("2026-02-01".parse().unwrap(), Money::from_int(12_500))];
        let customer = Customer::new_lead("cus-1".into(), "C00001".into(), "甲公司".into(), LeadSource::Other, Utc::now());
        fill(body, &Sources { contract: &c, customer: &customer, deal: None, products: &[], lang, symbol: "¥" })
    }

    #[test]
    fn placeholders_are_filled_and_unknown_ones_reported() {
        let filled = sources_fill("{{customer.name}}：{{ contract.amount }}（{{contract.amount_in_words}}）", Locale::Zh).unwrap();
        assert_eq!(filled, "甲公司：¥12,500.00（壹万贰仟伍佰元整）");
        assert_eq!(sources_fill("{{payments}}", Locale::En).unwrap(), "Installment 1: ¥12,500.00 due 2026-02-01");
        assert_eq!(sources_fill("Dear {{customer.nmae}}, {{boss}} {{boss}}", Locale::En), Err(vec!["customer.nmae".to_string(), "boss".to_string()]));
        // An unclosed placeholder is reported as written, not printed half-filled.
        assert_eq!(sources_fill("no placeholders, {{ unclosed", Locale::En), Err(vec!["{{ unclosed".to_string()]));
    }

    #[test]
    fn the_default_templates_use_only_known_placeholders() {
        for lang in [Locale::Zh, Locale::En] {
            for t in default_templates(lang, Utc::now()) {
                assert!(unknown_placeholders(&t.body).is_empty(), "{}", t.name);
                assert!(placeholders(&t.body).contains(&"contract.amount_in_words".to_string()));
                assert!(t.validate().is_empty());
            }
        }
    }
}
