//! An example Rust back end for Biscotte: the demo portal served by axum, with the visitor's
//! verdict deciding what the server itself does, and the `consentLogUrl` receiver.
//!
//! - `GET /`, `GET /index.html`, `GET /cookies.html`: the portal's pages, with the server's
//!   configuration written into their `#biscotte-config` block (one configuration for the page
//!   and the server), and a server-side page view counted only when `statistical` is allowed.
//! - every other `GET`: the static files of `www/`.
//! - `POST /consent-log`: the browser's proof-of-consent beacon, validated and appended to SQLite.
//! - `GET /consent-log/export?id=…` or `?from=…&to=…` (`&format=csv`): the stored records, for a
//!   regulator's request; needs `Authorization: Bearer <export token>`.

pub mod beacon;
pub mod page;
pub mod store;

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use axum::extract::{DefaultBodyLimit, FromRef, Query, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::Router;
use biscotte::{Config, Verdict};
use tower_http::services::ServeDir;

use crate::page::Page;
use crate::store::{Selection, Store};

/// What every handler shares.
#[derive(Clone)]
pub struct AppState {
    /// The portal's Biscotte configuration (the `Verdict` extractor reads it from here).
    pub biscotte: Config,
    /// The configuration's JSON text, written into each page's `#biscotte-config` block.
    pub config_json: Arc<str>,
    /// The portal's pages, read at start-up.
    pub pages: Arc<[Page]>,
    /// The append-only consent log.
    pub store: Store,
    /// The bearer token the export asks for; `None` turns the export off.
    pub export_token: Option<Arc<str>>,
    /// Page views the server counted (its "analytics"): only with `statistical` allowed.
    pub page_views: Arc<AtomicU64>,
}

impl FromRef<AppState> for Config {
    fn from_ref(state: &AppState) -> Config {
        state.biscotte.clone()
    }
}

/// Where the pieces are.
pub struct Options {
    /// The portal's static files (the repository's `www/`).
    pub www: PathBuf,
    /// The Biscotte configuration, JSON: the same text the pages get.
    pub config: PathBuf,
    /// The SQLite database file of the consent log.
    pub database: PathBuf,
    /// The export's bearer token.
    pub export_token: Option<String>,
}

/// Reads the configuration and pages, opens the database. Configuration issues are printed;
/// an error in the configuration stops the server (fix it: the browser would run on defaults
/// and say so in every visitor's console).
pub fn state(options: &Options) -> Result<AppState, String> {
    let text = std::fs::read_to_string(&options.config).map_err(|e| describe(&options.config, &e))?;
    let biscotte = Config::from_json(&text);
    for issue in biscotte.issues() {
        eprintln!("biscotte config: {issue}");
    }
    if !biscotte.is_usable() {
        return Err(format!("{}: the configuration has errors", options.config.display()));
    }
    let mut pages = Vec::new();
    for name in page::PAGES {
        let path = options.www.join(name);
        pages.push(Page::read(name, &std::fs::read_to_string(&path).map_err(|e| describe(&path, &e))?));
    }
    Ok(AppState {
        biscotte,
        config_json: text.into(),
        pages: pages.into(),
        store: Store::open(&options.database).map_err(|e| format!("{}: {e}", options.database.display()))?,
        export_token: options.export_token.as_deref().map(Arc::from),
        page_views: Arc::default(),
    })
}

fn describe(path: &Path, error: &std::io::Error) -> String {
    format!("{}: {error}", path.display())
}

/// The whole application on `state`, serving static files from `www`.
pub fn app(state: AppState, www: &Path) -> Router {
    Router::new()
        .route("/", get(show_page))
        .route("/index.html", get(show_page))
        .route("/cookies.html", get(show_page))
        .route("/consent-log", post(receive).layer(DefaultBodyLimit::max(beacon::MAX_BYTES)))
        .route("/consent-log/export", get(export))
        .fallback_service(ServeDir::new(www))
        .with_state(state)
}

async fn show_page(State(state): State<AppState>, uri: axum::http::Uri, verdict: Verdict) -> Response {
    let name = match uri.path() {
        "/" => "index.html",
        other => other.trim_start_matches('/'),
    };
    let Some(page) = state.pages.iter().find(|p| p.name == name) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let analytics = verdict.allows("statistical");
    if analytics {
        let count = state.page_views.fetch_add(1, Ordering::Relaxed) + 1;
        eprintln!("analytics: page view {} (#{count}, gpc: {})", uri.path(), verdict.gpc());
    }
    let html = page.render(&state.config_json, analytics);
    // The page depends on the visitor's cookie: no shared cache may keep it.
    let headers = [
        (header::CONTENT_TYPE, "text/html; charset=utf-8"),
        (header::CACHE_CONTROL, "private, no-store"),
        (header::VARY, "Cookie, Sec-GPC"),
    ];
    (headers, html).into_response()
}

async fn receive(State(state): State<AppState>, body: axum::body::Bytes) -> Response {
    let record = match beacon::validate(&body, &state.biscotte, unix_now()) {
        Ok(record) => record,
        Err(refusal) => return (refusal.status(), refusal.to_string()).into_response(),
    };
    match state.store.append(record, unix_now()).await {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(e) => {
            eprintln!("consent log: {e}");
            (StatusCode::INTERNAL_SERVER_ERROR, "the record could not be stored").into_response()
        }
    }
}

/// `?id=…` (one consent's history) or `?from=…&to=…` (Unix seconds of reception, `to`
/// excluded); `format=csv` for CSV, JSON otherwise.
#[derive(serde::Deserialize)]
struct ExportQuery {
    id: Option<String>,
    from: Option<u64>,
    to: Option<u64>,
    format: Option<String>,
}

async fn export(State(state): State<AppState>, headers: HeaderMap, query: Result<Query<ExportQuery>, axum::extract::rejection::QueryRejection>) -> Response {
    let Some(token) = &state.export_token else {
        return (StatusCode::FORBIDDEN, "export is off: start the server with BISCOTTE_EXPORT_TOKEN").into_response();
    };
    let given = headers.get(header::AUTHORIZATION).and_then(|v| v.to_str().ok()).and_then(|v| v.strip_prefix("Bearer "));
    if given != Some(&**token) {
        return (StatusCode::UNAUTHORIZED, [(header::WWW_AUTHENTICATE, "Bearer")], "a bearer token is needed").into_response();
    }
    let Ok(Query(query)) = query else {
        return (StatusCode::BAD_REQUEST, "query: id=…, or from=…&to=… (Unix seconds), and format=json or csv").into_response();
    };
    let selection = match (query.id, query.from, query.to) {
        (Some(id), None, None) => Selection::Consent(id),
        (None, from, to) if from.is_some() || to.is_some() => Selection::Period { from: from.unwrap_or(0), to: to.unwrap_or(u64::MAX) },
        _ => return (StatusCode::BAD_REQUEST, "give either id, or from and/or to").into_response(),
    };
    let rows = match state.store.select(selection).await {
        Ok(rows) => rows,
        Err(e) => {
            eprintln!("consent log: {e}");
            return (StatusCode::INTERNAL_SERVER_ERROR, "the records could not be read").into_response();
        }
    };
    match query.format.as_deref() {
        None | Some("json") => ([(header::CONTENT_TYPE, "application/json")], store::to_json(&rows)).into_response(),
        Some("csv") => ([(header::CONTENT_TYPE, "text/csv; charset=utf-8")], store::to_csv(&rows)).into_response(),
        Some(_) => (StatusCode::BAD_REQUEST, "format is json or csv").into_response(),
    }
}

/// Seconds since the Unix epoch.
pub fn unix_now() -> u64 {
    std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}
