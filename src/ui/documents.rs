//! Printed documents (print CSS shows only these; the browser's dialog saves them as PDF): the
//! seller's letterhead, and the quote 报价单 with its number and version, validity, tax, the
//! total in words, terms and signature lines. A4 portrait, in the user's language.

use crate::domain::contracts::words::amount_in_words;
use crate::domain::customers::Customer;
use crate::domain::pipeline::quote::{tax_included, IssuedQuote};
use crate::domain::pipeline::quote_totals;
use crate::domain::products::Product;
use crate::domain::settings::SellerProfile;
use crate::domain::Locale;
use crate::ui::components::money_text;
use crate::ui::i18n::{use_i18n, Key};
use leptos::prelude::*;
use std::sync::Arc;

/// The seller's logo, name and details at the top of a document (nothing when no profile).
#[component]
pub fn Letterhead(seller: SellerProfile) -> impl IntoView {
    let i18n = use_i18n();
    let details = [
        seller.address.clone(),
        [seller.phone.clone(), seller.email.clone()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · "),
        if seller.tax_number.is_empty() { String::new() } else { format!("{} {}", i18n.t(Key::SellerTaxNumber), seller.tax_number) },
        [seller.bank.clone(), seller.account.clone()].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" "),
    ];
    let empty = seller.name.is_empty() && seller.logo.is_empty();
    (!empty).then(|| view! {
        <header class="letterhead" data-testid="letterhead">
            {(!seller.logo.is_empty()).then(|| view! { <img class="logo" src=seller.logo.clone() alt="" /> })}
            <div>
                <strong class="seller-name">{seller.name.clone()}</strong>
                {details.into_iter().filter(|d| !d.is_empty()).map(|d| view! { <div>{d}</div> }).collect_view()}
            </div>
        </header>
    })
}

/// Everything a quote document shows.
#[derive(Clone)]
pub struct QuoteDocument {
    pub quote: IssuedQuote,
    pub title: String,
    pub customer: Option<Customer>,
    pub seller: SellerProfile,
    pub products: Arc<Vec<Product>>,
}

#[component]
pub fn PrintQuote(doc: QuoteDocument, on_done: Callback<()>) -> impl IntoView {
    let i18n = use_i18n();
    let lang = i18n.lang.get_untracked();
    // Closing after printing (the print dialog blocks until done).
    let handle = window_event_listener(leptos::ev::afterprint, move |_| on_done.run(()));
    on_cleanup(move || handle.remove());
    let q = doc.quote;
    let t = quote_totals(&q.lines);
    let tax = tax_included(t.total, q.tax_rate_pct);
    let words = amount_in_words(t.total, lang).unwrap_or_default();
    let rate = q.tax_rate_pct.normalize().to_string();
    let customer = doc.customer.clone();
    let contact = customer.as_ref().and_then(|c| c.contacts.first().cloned());
    let terms = match lang {
        Locale::Zh => vec![
            format!("本报价有效期至 {}。", q.valid_until),
            format!("以上价格含 {rate}% 增值税。"),
            "付款方式与交货期以双方签订的合同为准。".to_string(),
        ],
        Locale::En => vec![
            format!("This quotation is valid until {}.", q.valid_until),
            format!("Prices include VAT at {rate}%."),
            "Payment and delivery as agreed in the contract.".to_string(),
        ],
    };
    view! {
        <section class="print-quote print-doc" data-testid="print-quote" lang=if lang == Locale::Zh { "zh-CN" } else { "en" }>
            <Letterhead seller=doc.seller.clone() />
            <h1>{i18n.t(Key::QuoteDocTitle)}</h1>
            <dl class="doc-meta">
                <dt>{i18n.t(Key::QuoteNumber)}</dt><dd data-testid="quote-number">{format!("{} · v{}", q.number, q.version)}</dd>
                <dt>{i18n.t(Key::QuoteDate)}</dt><dd>{q.issued_on.to_string()}</dd>
                <dt>{i18n.t(Key::ValidUntil)}</dt><dd>{q.valid_until.to_string()}</dd>
            </dl>
            <div class="parties">
                <div>
                    <h2>{i18n.t(Key::QuoteTo)}</h2>
                    <strong>{customer.as_ref().map(|c| c.name.clone()).unwrap_or_default()}</strong>
                    {contact.map(|k| view! { <div>{[k.name, k.phone, k.email].into_iter().filter(|s| !s.is_empty()).collect::<Vec<_>>().join(" · ")}</div> })}
                    {customer.as_ref().filter(|c| !c.region.is_empty()).map(|c| view! { <div>{c.region.clone()}</div> })}
                </div>
                <div>
                    <h2>{i18n.t(Key::QuoteFrom)}</h2>
                    <strong>{doc.seller.name.clone()}</strong>
                    {(!doc.seller.phone.is_empty()).then(|| view! { <div>{doc.seller.phone.clone()}</div> })}
                </div>
            </div>
            <p>{format!("{}: {}", i18n.t(Key::DealTitle), doc.title)}</p>
            <table class="table">
                <thead><tr>
                    <th>"#"</th><th>{i18n.t(Key::Product)}</th><th class="num">{i18n.t(Key::Quantity)}</th><th class="num">{i18n.t(Key::UnitPrice)}</th>
                    <th class="num">{i18n.t(Key::DiscountPct)}</th><th class="num">{i18n.t(Key::LineTotal)}</th>
                </tr></thead>
                <tbody>
                    {q.lines.iter().enumerate().map(|(i, l)| {
                        let p = doc.products.iter().find(|p| p.id == l.product_id);
                        view! {
                            <tr>
                                <td>{i + 1}</td>
                                <td>{p.map(|p| format!("{} {}", p.code, p.name)).unwrap_or_else(|| "—".into())}</td>
                                <td class="num">{format!("{} {}", l.quantity.normalize(), p.map(|p| p.unit.clone()).unwrap_or_default())}</td>
                                <td class="num">{money_text(l.unit_price)}</td>
                                <td class="num">{format!("{}%", l.discount_pct.normalize())}</td>
                                <td class="num">{money_text(l.total())}</td>
                            </tr>
                        }
                    }).collect_view()}
                </tbody>
            </table>
            <dl class="doc-totals">
                <dt>{i18n.t(Key::Subtotal)}</dt><dd>{money_text(t.subtotal)}</dd>
                <dt>{i18n.t(Key::TotalDiscount)}</dt><dd>{format!("−{}", money_text(t.discount))}</dd>
                <dt><strong>{i18n.t(Key::TotalTaxIncluded)}</strong></dt><dd><strong data-testid="quote-total">{money_text(t.total)}</strong></dd>
                <dt>{format!("{} {rate}%", i18n.t(Key::TaxIncluded))}</dt><dd data-testid="quote-tax">{money_text(tax)}</dd>
                <dt>{i18n.t(Key::InWords)}</dt><dd data-testid="quote-words">{words}</dd>
            </dl>
            <h2>{i18n.t(Key::Terms)}</h2>
            <ol class="doc-terms">{terms.into_iter().map(|t| view! { <li>{t}</li> }).collect_view()}</ol>
            <div class="signatures">
                <p>{i18n.t(Key::QuoteConfirmBuyer)}</p>
                <p>{i18n.t(Key::SignatureSeller)}</p>
            </div>
        </section>
    }
}
