//! Writes a SalesDesk backup for the browser benchmark (`bash .ci/bench`):
//! `data <customers> <open deals> <out.json>`. Everything comes from the seeded demo
//! generator, so every run measures the same data.

use salesdesk::domain::backup::export_json;
use salesdesk::domain::demo::{generate, DemoSize, DEMO_SEED};
use salesdesk::domain::pipeline::StageKind;
use salesdesk::domain::Locale;

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, customers, open_deals, out] = &args[..] else {
        eprintln!("usage: data <customers> <open deals> <out.json>");
        std::process::exit(2);
    };
    let customers: usize = customers.parse().expect("customers: a number");
    let open_deals: usize = open_deals.parse().expect("open deals: a number");
    let today = chrono::Utc::now().date_naive();
    // Demo proportions put about half of all deals in open stages; generate enough, then keep
    // exactly `open_deals` open ones (and every won or lost deal, which history needs).
    let size = DemoSize { customers, products: 100, deals: open_deals * 3, contracts: customers / 20 };
    let mut data = generate(size, Locale::Zh, today, DEMO_SEED);
    let open: std::collections::HashSet<String> =
        data.stages.iter().filter(|s| s.kind == StageKind::Open).map(|s| s.id.clone()).collect();
    let mut kept = 0;
    data.deals.retain(|d| {
        if !open.contains(&d.stage_id) {
            return true;
        }
        kept += 1;
        kept <= open_deals
    });
    assert!(kept >= open_deals, "only {kept} open deals generated");
    let deal_ids: std::collections::HashSet<&str> = data.deals.iter().map(|d| d.id.as_str()).collect();
    data.contracts.retain(|c| c.deal_id.as_deref().is_none_or(|d| deal_ids.contains(d)));
    for f in &mut data.follow_ups {
        if f.deal_id.as_deref().is_some_and(|d| !deal_ids.contains(d)) {
            f.deal_id = None;
        }
    }
    std::fs::write(out, export_json(&data, chrono::Utc::now())).expect("write the backup");
    eprintln!("{out}: {} customers, {} deals ({open_deals} open)", data.customers.len(), data.deals.len());
}
