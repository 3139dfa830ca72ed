//! Products from a spreadsheet: one product per row, matched to stored products (and to earlier
//! rows of the same file) by code, or by name when the row has no code.

use crate::domain::codes::ProductCodeRule;
use crate::domain::import::{cell, header_key, missing_column, parse_choice, Column, DuplicatePolicy, ImportPlan, RowError, RowPlanner};
use crate::domain::money::Money;
use crate::domain::products::{Product, ProductStatus};
use crate::domain::validation::Problem;
use crate::domain::Id;
use chrono::{DateTime, Utc};
use std::collections::HashMap;
use crate::domain::sorting::SortShared;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ProductField {
    Code,
    Name,
    Category,
    Brand,
    Unit,
    ListPrice,
    Cost,
    Stock,
    LeadTime,
    OrderingCost,
    HoldingCost,
    Status,
}

impl Column for ProductField {
    const ALL: &'static [ProductField] = &[
        ProductField::Code, ProductField::Name, ProductField::Category, ProductField::Brand, ProductField::Unit,
        ProductField::ListPrice, ProductField::Cost, ProductField::Stock, ProductField::LeadTime,
        ProductField::OrderingCost, ProductField::HoldingCost, ProductField::Status,
    ];

    fn synonyms(self) -> &'static [&'static str] {
        match self {
            ProductField::Code => &["code", "sku", "productcode", "productid", "itemcode", "商品编码", "编码", "产品编码", "货号", "商品编号"],
            ProductField::Name => &["name", "product", "productname", "item", "itemname", "商品名称", "产品名称", "名称", "商品", "产品"],
            ProductField::Category => &["category", "categories", "productcategory", "series", "分类", "类别", "商品分类", "产品分类", "品类"],
            ProductField::Brand => &["brand", "manufacturer", "make", "品牌", "厂商"],
            ProductField::Unit => &["unit", "uom", "单位", "计量单位"],
            ProductField::ListPrice => &["listprice", "price", "salesprice", "unitprice", "msrp", "标价", "价格", "售价", "单价", "销售价"],
            ProductField::Cost => &["cost", "unitcost", "costprice", "成本", "成本价", "进价"],
            ProductField::Stock => &["stock", "stockonhand", "onhand", "quantity", "qty", "inventory", "库存", "库存数量", "现有库存"],
            ProductField::LeadTime => &["leadtime", "leadtimedays", "leadtime(days)", "交货期", "交货期(天)", "采购周期", "提前期"],
            ProductField::OrderingCost => &["orderingcost", "ordercost", "订货成本", "订购成本"],
            ProductField::HoldingCost => &["holdingcost", "carryingcost", "储存成本", "持有成本", "库存持有成本"],
            ProductField::Status => &["status", "state", "状态", "销售状态"],
        }
    }
}

pub fn parse_product_status(v: &str) -> Option<ProductStatus> {
    parse_choice(v, &[
        (ProductStatus::OnSale, &["on_sale", "on sale", "active", "available", "在售", "上架", "正常"]),
        (ProductStatus::Discontinued, &["discontinued", "inactive", "retired", "停售", "下架", "停产"]),
    ])
}

/// Category path from a cell: levels separated by `/`, `>`, `|` or `＞`.
pub fn parse_category(v: &str) -> Vec<String> {
    v.split(['/', '>', '|', '＞', '／']).map(str::trim).filter(|s| !s.is_empty()).map(str::to_string).collect()
}

pub type ProductPlan = ImportPlan<Product>;

#[derive(Clone, Copy)]
pub struct ProductImportContext<'a> {
    pub existing: &'a [Product],
    /// Settings → product code pattern, for rows without a code.
    pub code_pattern: &'a str,
    pub policy: DuplicatePolicy,
    pub now: DateTime<Utc>,
}

/// Category prefix and series used for codes of imported rows that have none: P-IM-001…
const GENERATED_CATEGORY: &str = "P";
const GENERATED_SERIES: &str = "IM";

fn name_key(name: &str) -> String {
    header_key(name)
}

pub struct ProductPlanner<'a, F: FnMut() -> Id> {
    mapping: &'a [Option<ProductField>],
    ctx: ProductImportContext<'a>,
    new_id: F,
    /// Rows turned into products, in file order, with their line and the fields they fill.
    rows: Vec<(usize, Product, Vec<ProductField>)>,
    errors: Vec<RowError>,
}

impl<'a, F: FnMut() -> Id> ProductPlanner<'a, F> {
    pub fn new(mapping: &'a [Option<ProductField>], ctx: ProductImportContext<'a>, new_id: F) -> Self {
        let errors = missing_column(mapping, ProductField::Name, "name").into_iter().collect();
        ProductPlanner { mapping, ctx, new_id, rows: Vec::new(), errors }
    }

    fn plan_one(&mut self, line: usize, row: &[String]) {
        let cell = |f| cell(self.mapping, row, f);
        let mut errors = Vec::new();
        let mut err = |field: &str, problem: Problem| errors.push(RowError { row: line, field: field.into(), problem });
        let money = |err: &mut dyn FnMut(&str, Problem), field: ProductField, name: &str| match cell(field) {
            v if v.is_empty() => Money::ZERO,
            v => Money::parse(&v).unwrap_or_else(|_| {
                err(name, Problem::Malformed(v));
                Money::ZERO
            }),
        };
        let list_price = money(&mut err, ProductField::ListPrice, "list_price");
        let cost = money(&mut err, ProductField::Cost, "cost");
        let ordering_cost = money(&mut err, ProductField::OrderingCost, "ordering_cost");
        let holding_cost = money(&mut err, ProductField::HoldingCost, "holding_cost");
        let stock = match cell(ProductField::Stock) {
            v if v.is_empty() => 0,
            v => v.replace([',', '，'], "").parse::<i64>().unwrap_or_else(|_| {
                err("stock", Problem::Malformed(v));
                0
            }),
        };
        let lead_time_days = match cell(ProductField::LeadTime) {
            v if v.is_empty() => 0,
            v => v.trim_end_matches(['天', 'd']).trim().parse::<u32>().unwrap_or_else(|_| {
                err("lead_time_days", Problem::Malformed(v));
                0
            }),
        };
        let status = match cell(ProductField::Status) {
            v if v.is_empty() => ProductStatus::OnSale,
            v => parse_product_status(&v).unwrap_or_else(|| {
                err("status", Problem::Malformed(v));
                ProductStatus::OnSale
            }),
        };
        let code = cell(ProductField::Code);
        let product = Product {
            id: (self.new_id)(),
            code: code.clone(),
            name: cell(ProductField::Name),
            category: parse_category(&cell(ProductField::Category)),
            brand: cell(ProductField::Brand),
            unit: cell(ProductField::Unit),
            list_price,
            cost,
            stock,
            lead_time_days,
            ordering_cost,
            holding_cost,
            status,
            created_at: self.ctx.now,
            updated_at: self.ctx.now, rev: 0,
        };
        let given = ProductField::ALL.iter().copied().filter(|&f| !cell(f).is_empty()).collect();
        self.errors.extend(errors);
        self.rows.push((line, product, given));
    }
}

/// Which product a row matches: a stored one, or one created earlier in the same file.
#[derive(Clone, Copy)]
enum Match {
    Stored(usize),
    InFile(usize),
}

impl<F: FnMut() -> Id> RowPlanner<Product> for ProductPlanner<'_, F> {
    fn ready(&self) -> bool {
        self.mapping.contains(&Some(ProductField::Name))
    }

    fn plan_row(&mut self, line: usize, row: &[String]) {
        self.plan_one(line, row);
    }

    /// Matches every row to stored products and earlier rows (by code, or by name when the
    /// row has no code), applies the duplicate rule, gives code-less rows a code by the
    /// pattern, and checks every resulting product.
    fn finish(self) -> ProductPlan {
        let ctx = self.ctx;
        let mut plan = ProductPlan { errors: self.errors, ..ProductPlan::default() };
        let mut by_code: HashMap<String, Match> = HashMap::new();
        let mut by_name: HashMap<String, Match> = HashMap::new();
        for (i, p) in ctx.existing.iter().enumerate() {
            by_code.insert(p.code.to_lowercase(), Match::Stored(i));
            by_name.entry(name_key(&p.name)).or_insert(Match::Stored(i));
        }
        let rule = ProductCodeRule::new(ctx.code_pattern, GENERATED_CATEGORY, GENERATED_SERIES);
        let mut next_seq = rule.highest(ctx.existing.iter().map(|p| p.code.as_str())) + 1;
        let mut allocate = |by_code: &HashMap<String, Match>| loop {
            let code = if rule.has_seq { rule.code(next_seq) } else { format!("{}-{next_seq}", rule.code(next_seq)) };
            next_seq += 1;
            if !by_code.contains_key(&code.to_lowercase()) {
                return code;
            }
        };
        let mut updated: HashMap<usize, (usize, Product)> = HashMap::new();
        let mut update_order = Vec::new();
        let mut lines = Vec::new();
        for (line, mut product, given) in self.rows {
            if product.name.is_empty() {
                plan.errors.push(RowError { row: line, field: "name".into(), problem: Problem::Required });
                continue;
            }
            let has_code = !product.code.is_empty();
            let found = if has_code { by_code.get(&product.code.to_lowercase()) } else { by_name.get(&name_key(&product.name)) }.copied();
            match (found, ctx.policy) {
                (Some(_), DuplicatePolicy::Skip) => plan.skipped += 1,
                (Some(Match::Stored(i)), DuplicatePolicy::Update) => {
                    let base = updated.remove(&i).map_or_else(|| ctx.existing[i].clone(), |(_, p)| p);
                    if !update_order.contains(&i) {
                        update_order.push(i);
                    }
                    updated.insert(i, (line, fill(base, &product, &given, ctx.now)));
                }
                (Some(Match::InFile(i)), DuplicatePolicy::Update) => {
                    plan.creates[i] = fill(plan.creates[i].clone(), &product, &given, ctx.now);
                    lines[i] = line;
                }
                (found, _) => {
                    if !has_code || found.is_some() {
                        product.code = allocate(&by_code);
                    }
                    let at = Match::InFile(plan.creates.len());
                    by_code.insert(product.code.to_lowercase(), at);
                    by_name.entry(name_key(&product.name)).or_insert(at);
                    lines.push(line);
                    plan.creates.push(product);
                }
            }
        }
        let updates: Vec<(usize, Product)> = update_order.into_iter().filter_map(|i| updated.remove(&i)).collect();
        for (line, p) in lines.iter().zip(&plan.creates).chain(updates.iter().map(|(l, p)| (l, p))) {
            plan.errors.extend(p.validate().into_iter().map(|fp| RowError { row: *line, field: fp.field, problem: fp.problem }));
        }
        plan.updates = updates.into_iter().map(|(_, p)| p).collect();
        plan.errors.sort_by_key_shared(|e| e.row);
        plan
    }
}

/// The stored (or earlier) product with the row's filled-in fields laid over it.
fn fill(mut base: Product, row: &Product, given: &[ProductField], now: DateTime<Utc>) -> Product {
    for f in given {
        match f {
            ProductField::Code => {}
            ProductField::Name => base.name = row.name.clone(),
            ProductField::Category => base.category = row.category.clone(),
            ProductField::Brand => base.brand = row.brand.clone(),
            ProductField::Unit => base.unit = row.unit.clone(),
            ProductField::ListPrice => base.list_price = row.list_price,
            ProductField::Cost => base.cost = row.cost,
            ProductField::Stock => base.stock = row.stock,
            ProductField::LeadTime => base.lead_time_days = row.lead_time_days,
            ProductField::OrderingCost => base.ordering_cost = row.ordering_cost,
            ProductField::HoldingCost => base.holding_cost = row.holding_cost,
            ProductField::Status => base.status = row.status,
        }
    }
    base.updated_at = now;
    base
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::csv::{decode, detect_separator, parse, NativeCodec};
    use crate::domain::import::guess_mapping;

    fn ids() -> impl FnMut() -> Id {
        let mut n = 0;
        move || {
            n += 1;
            format!("p{n}")
        }
    }

    fn run(text: &str, existing: &[Product], policy: DuplicatePolicy) -> ProductPlan {
        let (text, _) = decode(text.as_bytes(), &NativeCodec).unwrap();
        let records = parse(&text, detect_separator(&text)).unwrap();
        let mapping = guess_mapping::<ProductField>(&records[0]);
        let ctx = ProductImportContext { existing, code_pattern: "{category}-{series}-{seq}", policy, now: "2026-11-23T00:00:00Z".parse().unwrap() };
        let mut planner = ProductPlanner::new(&mapping, ctx, ids()).feed();
        planner.add_rows(&records[1..]);
        planner.finish()
    }

    #[test]
    fn chinese_headers_map_and_values_parse() {
        let plan = run("商品编码;商品名称;分类;品牌;单位;售价;成本;库存;交货期;状态\nOF-PR-001;激光打印机;办公设备/打印机;HP;台;2,499.00;1800;12;7天;在售\n", &[], DuplicatePolicy::Skip);
        assert_eq!(plan.errors, vec![]);
        let p = &plan.creates[0];
        assert_eq!((p.code.as_str(), p.name.as_str(), p.unit.as_str()), ("OF-PR-001", "激光打印机", "台"));
        assert_eq!(p.category, vec!["办公设备".to_string(), "打印机".into()]);
        assert_eq!(p.list_price, Money::parse("2499").unwrap());
        assert_eq!((p.stock, p.lead_time_days, p.status), (12, 7, ProductStatus::OnSale));
    }

    #[test]
    fn a_gbk_file_from_chinese_excel_imports() {
        let (text, encoding) = decode(include_bytes!("../../../tests/fixtures/products-gbk.csv"), &NativeCodec).unwrap();
        assert_eq!(encoding, crate::domain::csv::Encoding::Gb18030);
        let plan = run(&text, &[], DuplicatePolicy::Skip);
        assert_eq!(plan.errors, vec![]);
        let names: Vec<(&str, &str)> = plan.creates.iter().map(|p| (p.code.as_str(), p.name.as_str())).collect();
        assert_eq!(names, [("OF-SC-001", "高速扫描仪"), ("P-IM-001", "A4 复印纸（5包）"), ("P-IM-002", "会议平板 65 寸")]);
        assert_eq!(plan.creates[0].list_price, Money::from_int(3280));
        assert_eq!(plan.creates[2].status, ProductStatus::Discontinued);
    }

    #[test]
    fn bad_cells_are_reported_with_their_line() {
        let plan = run("name,price,stock,status\nGood,10,1,\n,5,1,\nBad price,ten,1,\nOdd,1,lots,sold out\n", &[], DuplicatePolicy::Skip);
        let found: Vec<(usize, &str)> = plan.errors.iter().map(|e| (e.row, e.field.as_str())).collect();
        assert_eq!(found, [(3, "name"), (4, "list_price"), (5, "stock"), (5, "status")]);
    }

    #[test]
    fn rows_without_a_code_get_one_by_the_pattern() {
        let existing = run("code,name\nP-IM-004,Old\n", &[], DuplicatePolicy::Skip).creates;
        let plan = run("name,price\nFirst,1\nSecond,2\n", &existing, DuplicatePolicy::Skip);
        let codes: Vec<&str> = plan.creates.iter().map(|p| p.code.as_str()).collect();
        assert_eq!(codes, ["P-IM-005", "P-IM-006"]);
    }

    #[test]
    fn duplicates_by_code_or_name_follow_the_rule() {
        let existing = run("code,name,price,stock\nA-1,Widget,10,5\n", &[], DuplicatePolicy::Skip).creates;
        let file = "code,name,price,stock\nA-1,Widget v2,12,\n,widget,,9\nB-1,Gadget,3,1\nB-1,Gadget again,4,\n";

        let skip = run(file, &existing, DuplicatePolicy::Skip);
        assert_eq!((skip.creates.len(), skip.updates.len(), skip.skipped), (1, 0, 3));

        let update = run(file, &existing, DuplicatePolicy::Update);
        assert_eq!(update.errors, vec![]);
        assert_eq!((update.creates.len(), update.updates.len(), update.skipped), (1, 1, 0));
        let w = &update.updates[0];
        assert_eq!((w.id.as_str(), w.name.as_str(), w.list_price, w.stock), (existing[0].id.as_str(), "widget", Money::from_int(12), 9), "both rows land on the stored product, the later last");
        assert_eq!(update.creates[0].name, "Gadget again", "a later row updates an earlier one");
        assert_eq!(update.creates[0].list_price, Money::from_int(4));
        assert_eq!(update.creates[0].stock, 1, "an empty cell keeps the value");

        let anyway = run(file, &existing, DuplicatePolicy::CreateAnyway);
        assert_eq!(anyway.creates.len(), 4);
        let mut codes: Vec<String> = anyway.creates.iter().map(|p| p.code.to_lowercase()).chain(existing.iter().map(|p| p.code.to_lowercase())).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), 5, "every created product has its own code");
    }

    #[test]
    fn a_file_without_a_name_column_is_refused() {
        let plan = run("code,price\nA,1\n", &[], DuplicatePolicy::Skip);
        assert_eq!(plan.errors, vec![RowError { row: 1, field: "name".into(), problem: Problem::Required }]);
        assert!(plan.creates.is_empty());
    }
}
