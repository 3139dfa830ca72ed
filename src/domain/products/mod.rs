//! Products 商品 with their category path 分类 and the figures inventory maths needs.

pub mod analysis;
pub mod export;
pub mod import;
pub mod stock;

use crate::domain::money::Money;
use crate::domain::validation::{Checker, FieldProblem};
use crate::domain::collation::{squeezed, NameOrder};
use crate::domain::Id;
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use crate::domain::sorting::SortShared;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProductStatus {
    OnSale,
    Discontinued,
}

#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Product {
    pub id: Id,
    pub code: String,
    pub name: String,
    /// Category path from the root, e.g. ["办公设备", "打印机"].
    #[serde(default)]
    pub category: Vec<String>,
    #[serde(default)]
    pub brand: String,
    #[serde(default)]
    pub unit: String,
    pub list_price: Money,
    #[serde(default)]
    pub cost: Money,
    #[serde(default)]
    pub stock: i64,
    #[serde(default)]
    pub lead_time_days: u32,
    #[serde(default)]
    pub ordering_cost: Money,
    #[serde(default)]
    pub holding_cost: Money,
    pub status: ProductStatus,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
    pub created_at: DateTime<Utc>,
    #[serde(deserialize_with = "crate::domain::stamps::time")]
    pub updated_at: DateTime<Utc>,
    /// Changes with every write: a save that expected another revision is refused (see `Service::write`). 0 until first stored.
    #[serde(default)]
    pub rev: u32,
}

impl Product {
    pub fn validate(&self) -> Vec<FieldProblem> {
        let mut c = Checker::new();
        c.required("code", &self.code).required("name", &self.name);
        c.max_len("brand", &self.brand, 100).max_len("unit", &self.unit, 20);
        c.money("list_price", self.list_price)
            .money("cost", self.cost)
            .money("ordering_cost", self.ordering_cost)
            .money("holding_cost", self.holding_cost);
        c.range("stock", self.stock, -1_000_000_000, 1_000_000_000);
        c.range("lead_time_days", i64::from(self.lead_time_days), 0, 3650);
        for (i, part) in self.category.iter().enumerate() {
            c.required(&format!("category[{i}]"), part);
        }
        c.finish()
    }
}

/// A node of the category tree 分类 built from products' category paths.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CategoryNode {
    pub name: String,
    /// Path from the root, e.g. ["办公设备", "打印机"].
    pub path: Vec<String>,
    /// Products in this category or below.
    pub count: usize,
    pub children: Vec<CategoryNode>,
}

pub fn category_tree(products: &[Product], names: &crate::domain::collation::NameOrder) -> Vec<CategoryNode> {
    let mut root = CategoryNode::default();
    for p in products {
        let mut node = &mut root;
        node.count += 1;
        for (depth, part) in p.category.iter().enumerate() {
            let i = match node.children.iter().position(|c| &c.name == part) {
                Some(i) => i,
                None => {
                    node.children.push(CategoryNode {
                        name: part.clone(),
                        path: p.category[..=depth].to_vec(),
                        ..CategoryNode::default()
                    });
                    node.children.len() - 1
                }
            };
            node = &mut node.children[i];
            node.count += 1;
        }
    }
    fn sort(nodes: &mut [CategoryNode], names: &crate::domain::collation::NameOrder) {
        nodes.sort_by_shared(|a, b| names.cmp(&a.name, &b.name));
        for n in nodes {
            sort(&mut n.children, names);
        }
    }
    sort(&mut root.children, names);
    root.children
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum ProductSort {
    #[default]
    Code,
    Name,
    PriceHigh,
    StockLow,
}

#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProductQuery {
    pub text: String,
    /// Products whose category path starts with this one.
    pub category: Vec<String>,
    pub status: Option<ProductStatus>,
    pub sort: ProductSort,
}

/// Products matching the query: the search text as a whole phrase (ignoring spaces and case)
/// in the code, name, brand or category, or else each of its words somewhere in them. Whole
/// phrase matches come first, each group in the chosen order (names in `names`' order).
pub fn find_products<'a>(products: &'a [Product], names: &NameOrder, q: &ProductQuery) -> Vec<&'a Product> {
    let words: Vec<String> = q.text.to_lowercase().split_whitespace().map(str::to_string).collect();
    let phrase = squeezed(&q.text);
    let mut hits: Vec<(bool, &Product)> = products
        .iter()
        .filter(|p| p.category.starts_with(&q.category) && q.status.is_none_or(|s| p.status == s))
        .filter_map(|p| {
            if words.is_empty() {
                return Some((true, p));
            }
            let fields = [p.code.as_str(), p.name.as_str(), p.brand.as_str(), &p.category.join("")];
            if !phrase.is_empty() && fields.iter().any(|f| squeezed(f).contains(&phrase)) {
                return Some((true, p));
            }
            let hay = format!("{} {} {} {}", p.code, p.name, p.brand, p.category.join(" ")).to_lowercase();
            words.iter().all(|w| hay.contains(w.as_str())).then_some((false, p))
        })
        .collect();
    match q.sort {
        ProductSort::Code => hits.sort_by_shared(|a, b| a.1.code.cmp(&b.1.code)),
        ProductSort::Name => hits.sort_by_shared(|a, b| names.cmp(&a.1.name, &b.1.name)),
        ProductSort::PriceHigh => hits.sort_by_shared(|a, b| b.1.list_price.cmp(&a.1.list_price)),
        ProductSort::StockLow => hits.sort_by_key_shared(|h| h.1.stock),
    }
    // Stable: the chosen order stays within each group.
    hits.sort_by_key_shared(|h| !h.0);
    hits.into_iter().map(|h| h.1).collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::demo::{generate, DemoSize, DEMO_SEED};
    use crate::domain::Locale;

    fn catalogue() -> Vec<Product> {
        generate(DemoSize::STANDARD, Locale::Zh, "2026-11-23".parse().unwrap(), DEMO_SEED).products
    }

    #[test]
    fn search_ignores_spaces_and_case_and_ranks_the_whole_phrase_first() {
        let mut products = catalogue();
        let base = products[0].clone();
        let named = |id: &str, name: &str| Product { id: id.into(), code: format!("X-{id}"), name: name.into(), category: vec![], ..base.clone() };
        products = vec![named("1", "Colour Laser Printer Pro"), named("2", "Laser printer"), named("0", "Printer for laser labels"), named("4", "Inkjet")];
        let q = |text: &str| ProductQuery { text: text.into(), sort: ProductSort::Code, ..ProductQuery::default() };
        let ids = |text: &str| find_products(&products, &NameOrder::default(), &q(text)).iter().map(|p| p.id.clone()).collect::<Vec<_>>();
        // Written without its space, the name is still found.
        assert_eq!(ids("laserprinter"), ["1", "2"]);
        assert_eq!(ids("LASERPRINTER"), ["1", "2"]);
        // Punctuation left out or put in, as with spaces.
        assert_eq!(ids("laser-printer"), ["1", "2"]);
        // Both words: the whole phrase first, then names holding both words apart.
        assert_eq!(ids("laser printer"), ["1", "2", "0"], "X-0 sorts first by code, but holds the words apart");
        // "Laser Printer Pro" holds the phrase; the others only both words.
        assert_eq!(ids("printer pro laser"), ["1"]);
        assert_eq!(ids("laserprinterpro"), ["1"]);
        assert_eq!(ids("printer laser"), ["0", "1", "2"], "no whole phrase: every name with both words, in code order");
        assert_eq!(ids("for laser"), ["0"]);
        assert_eq!(ids(""), ["0", "1", "2", "4"]);
        assert!(ids("toaster").is_empty());
    }

    #[test]
    fn tree_counts_products_at_every_level() {
        let products = catalogue();
        let tree = category_tree(&products, &Default::default());
        assert_eq!(tree.iter().map(|n| n.count).sum::<usize>(), products.len());
        let office = tree.iter().find(|n| n.name == "办公设备").unwrap();
        assert_eq!(office.children.iter().map(|n| n.count).sum::<usize>(), office.count);
        let printers = office.children.iter().find(|n| n.name == "打印机").unwrap();
        assert_eq!(printers.path, vec!["办公设备".to_string(), "打印机".into()]);
        assert_eq!(printers.count, products.iter().filter(|p| p.category == printers.path).count());
        // Categories follow the reader's order given (here: the reverse of code points).
        let mut all: Vec<String> = tree.iter().map(|n| n.name.clone()).collect();
        all.reverse();
        let reversed = category_tree(&products, &NameOrder::from_sorted(all.clone()));
        assert_eq!(reversed.iter().map(|n| n.name.clone()).collect::<Vec<_>>(), all);
    }

    #[test]
    fn search_category_status_and_sort() {
        let products = catalogue();
        let q = ProductQuery { category: vec!["办公设备".into()], sort: ProductSort::PriceHigh, ..Default::default() };
        let hits = find_products(&products, &NameOrder::default(), &q);
        assert!(!hits.is_empty() && hits.iter().all(|p| p.category[0] == "办公设备"));
        assert!(hits.windows(2).all(|w| w[0].list_price >= w[1].list_price));
        let by_code = find_products(&products, &NameOrder::default(), &ProductQuery { text: "of-pr-001".into(), ..Default::default() });
        assert_eq!(by_code.len(), 1);
        let on_sale = find_products(&products, &NameOrder::default(), &ProductQuery { status: Some(ProductStatus::Discontinued), ..Default::default() });
        assert!(on_sale.iter().all(|p| p.status == ProductStatus::Discontinued));
    }
}
