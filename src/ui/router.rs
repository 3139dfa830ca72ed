//! Hash routes (`#/customers?q=…`): a reload or a shared link shows the same page from any
//! static host and under any sub-path, with no server rewrite rules.

use leptos::prelude::*;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Page {
    Dashboard,
    Customers,
    Products,
    Pipeline,
    Contracts,
    Analytics,
    Settings,
    /// One customer: `#/customers/<id>`.
    Customer,
    NotFound,
}

impl Page {
    pub const NAV: [Page; 7] = [
        Page::Dashboard,
        Page::Customers,
        Page::Products,
        Page::Pipeline,
        Page::Contracts,
        Page::Analytics,
        Page::Settings,
    ];

    pub fn path(self) -> &'static str {
        match self {
            Page::Dashboard | Page::NotFound => "",
            Page::Customers | Page::Customer => "customers",
            Page::Products => "products",
            Page::Pipeline => "pipeline",
            Page::Contracts => "contracts",
            Page::Analytics => "analytics",
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

fn decode(s: &str) -> String {
    js_sys::decode_uri_component(&s.replace('+', " ")).map(String::from).unwrap_or_else(|_| s.to_string())
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
        for p in Page::NAV {
            assert_eq!(Route::parse(&p.href()).page, p);
        }
    }
}
