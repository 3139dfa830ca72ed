//! Hash routes (`#/customers?q=…`): a reload or a shared link shows the same page from any
//! static host and under any sub-path, with no server rewrite rules.

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Dashboard,
    Reminders,
    Customers,
    Products,
    Pipeline,
    Contracts,
    Analytics,
    Targets,
    Events,
    Settings,
    /// One customer: `#/customers/<id>`.
    Customer,
    NotFound,
}

impl Page {
    pub const NAV: [Page; 10] = [
        Page::Dashboard,
        Page::Reminders,
        Page::Customers,
        Page::Products,
        Page::Pipeline,
        Page::Contracts,
        Page::Analytics,
        Page::Targets,
        Page::Events,
        Page::Settings,
    ];

    pub fn path(self) -> &'static str {
        match self {
            Page::Dashboard | Page::NotFound => "",
            Page::Reminders => "reminders",
            Page::Customers | Page::Customer => "customers",
            Page::Products => "products",
            Page::Pipeline => "pipeline",
            Page::Contracts => "contracts",
            Page::Analytics => "analytics",
            Page::Targets => "targets",
            Page::Events => "events",
            Page::Settings => "settings",
        }
    }

    pub fn href(self) -> String {
        format!("#/{}", self.path())
    }
}

/// Where the app is: the page and the query-string state (search, filters) of the hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Route {
    pub page: Page,
    /// The record id of a detail page.
    pub id: Option<String>,
    pub query: Vec<(String, String)>,
}

impl Route {
    pub fn parse(hash: &str) -> Route {
        let rest = hash.trim_start_matches('#').trim_start_matches('/');
        let (path, query) = rest.split_once('?').unwrap_or((rest, ""));
        let path = path.trim_end_matches('/');
        let (page, id) = match path.split_once('/') {
            Some(("customers", id)) if !id.is_empty() && !id.contains('/') => (Page::Customer, Some(decode(id))),
            Some(_) => (Page::NotFound, None),
            None => (Page::NAV.into_iter().find(|p| p.path() == path).unwrap_or(Page::NotFound), None),
        };
        let query = query
            .split('&')
            .filter(|kv| !kv.is_empty())
            .map(|kv| {
                let (k, v) = kv.split_once('=').unwrap_or((kv, ""));
                (decode(k), decode(v))
            })
            .collect();
        Route { page, id, query }
    }
}

/// Percent-decoding (`%E5%AE%A2` → 客, `+` → space); malformed escapes are kept as they are.
fn decode(s: &str) -> String {
    let hex = |b: u8| (b as char).to_digit(16);
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => match (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                (Some(h), Some(l)) => {
                    out.push((h * 16 + l) as u8);
                    i += 2;
                }
                _ => out.push(b'%'),
            },
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

fn current_hash() -> String {
    window().location().hash().unwrap_or_default()
}

/// Provides the current route and keeps it in step with the address bar.
pub fn provide_router() -> RwSignal<Route> {
    let route = RwSignal::new(Route::parse(&current_hash()));
    let handle = window_event_listener(leptos::ev::hashchange, move |_| {
        route.set(Route::parse(&current_hash()));
        window().scroll_to_with_x_and_y(0.0, 0.0);
    });
    on_cleanup(move || handle.remove());
    provide_context(route);
    route
}

pub fn customer_href(id: &str) -> String {
    format!("#/customers/{}", String::from(js_sys::encode_uri_component(id)))
}

/// Shows `href` in the address bar without navigating (a reload then opens what is on screen,
/// not a dialog already done with).
pub fn replace_href(href: &str) {
    if let Ok(history) = window().history() {
        let _ = history.replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(href));
    }
}

/// The contracts page with one contract open.
pub fn contract_href(id: &str) -> String {
    format!("#/contracts?open={}", String::from(js_sys::encode_uri_component(id)))
}

pub fn use_route() -> RwSignal<Route> {
    expect_context::<RwSignal<Route>>()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_pages_and_unknown_paths() {
        assert_eq!(Route::parse("").page, Page::Dashboard);
        assert_eq!(Route::parse("#/").page, Page::Dashboard);
        assert_eq!(Route::parse("#/settings").page, Page::Settings);
        assert_eq!(Route::parse("#/customers/").page, Page::Customers);
        assert_eq!(Route::parse("#/nope").page, Page::NotFound);
        let detail = Route::parse("#/customers/cus-0001");
        assert_eq!((detail.page, detail.id.as_deref()), (Page::Customer, Some("cus-0001")));
        assert_eq!(Route::parse("#/customers/a/b").page, Page::NotFound);
        let q = Route::parse("#/customers?q=%E6%81%92%E4%BF%A1+ltd&bad=%zz&end=%4");
        assert_eq!(q.query, vec![("q".to_string(), "恒信 ltd".to_string()), ("bad".into(), "%zz".into()), ("end".into(), "%4".into())]);
        for p in Page::NAV {
            assert_eq!(Route::parse(&p.href()).page, p);
        }
    }
}
