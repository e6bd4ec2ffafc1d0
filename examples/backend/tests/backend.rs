//! The example back end end to end, in process: each kind of consent cookie (and `Sec-GPC`)
//! gives the right page, beacons are stored in a real SQLite file or refused with a clear
//! status, and the export returns what was stored.

use std::path::PathBuf;
use std::sync::atomic::Ordering;

use axum::body::{to_bytes, Body};
use axum::http::{header, Request, StatusCode};
use axum::Router;
use biscotte_backend::{app, state, unix_now, AppState, Options};
use tower::ServiceExt;

const TOKEN: &str = "test-export-token";

fn www() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../www")
}

/// Deletes a test's database files when the test ends.
struct TempDb(PathBuf);

impl Drop for TempDb {
    fn drop(&mut self) {
        for suffix in ["", "-wal", "-shm"] {
            let mut path = self.0.clone().into_os_string();
            path.push(suffix);
            let _ = std::fs::remove_file(path);
        }
    }
}

/// A fresh application on a new database file in the system's temporary directory.
fn setup(name: &str) -> (Router, AppState, TempDb) {
    let database = std::env::temp_dir().join(format!("biscotte-backend-{}-{name}.sqlite3", std::process::id()));
    let _ = std::fs::remove_file(&database);
    let options = Options {
        www: www(),
        config: PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("biscotte.json"),
        database: database.clone(),
        export_token: Some(TOKEN.into()),
    };
    let state = state(&options).expect("the example starts");
    (app(state.clone(), &www()), state, TempDb(database))
}

async fn send(app: &Router, request: Request<Body>) -> (StatusCode, String) {
    let response = app.clone().oneshot(request).await.expect("the router answers");
    let status = response.status();
    let body = to_bytes(response.into_body(), 1 << 20).await.expect("a body");
    (status, String::from_utf8_lossy(&body).into_owned())
}

async fn page(app: &Router, headers: &[(&str, &str)]) -> String {
    let mut request = Request::get("/");
    for (name, value) in headers {
        request = request.header(*name, *value);
    }
    let (status, body) = send(app, request.body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    body
}

fn cookie(revision: u32, last: u64, choices: &str) -> String {
    format!("sessionid=s; cookies_preferences=v1.{revision}.q2Xo3mZb8kT1vLwA.{last}.{last}.{choices}")
}

const ACCEPTED: &str = "necessary=1|statistical=1|third_party=1";
const REJECTED: &str = "necessary=1|statistical=0|third_party=0";
const MARK: &str = r#"<meta name="server-analytics""#;

#[tokio::test]
async fn the_page_counts_a_view_only_when_statistical_is_allowed() {
    let (app, state, _) = setup("pages");
    let now = unix_now();
    let counted = |html: &str| html.contains(MARK);

    let first_visit = page(&app, &[]).await;
    assert!(!counted(&first_visit));
    assert!(first_visit.contains(r#""consentLogUrl": "/consent-log""#), "the page gets the server's configuration");
    assert!(!counted(&page(&app, &[("sec-gpc", "1")]).await));
    assert!(!counted(&page(&app, &[("cookie", &cookie(1, now, REJECTED))]).await));
    assert!(!counted(&page(&app, &[("cookie", &cookie(2, now, ACCEPTED))]).await), "another revision");
    assert!(!counted(&page(&app, &[("cookie", &cookie(1, now - 200 * 86_400, ACCEPTED))]).await), "expired");
    assert!(!counted(&page(&app, &[("cookie", &cookie(1, now, "necessary=1|statistical=1"))]).await), "incomplete");
    assert!(!counted(&page(&app, &[("cookie", "cookies_preferences=%7B%22all%22%3Atrue%7D")]).await), "unreadable");
    assert_eq!(state.page_views.load(Ordering::Relaxed), 0);

    assert!(counted(&page(&app, &[("cookie", &cookie(1, now, ACCEPTED))]).await));
    // The visitor's explicit choice stands with GPC on, as in the browser.
    assert!(counted(&page(&app, &[("cookie", &cookie(1, now, ACCEPTED)), ("sec-gpc", "1")]).await));
    assert_eq!(state.page_views.load(Ordering::Relaxed), 2);
}

#[tokio::test]
async fn pages_are_private_and_static_files_served() {
    let (app, _, _) = setup("static");
    let response = app.clone().oneshot(Request::get("/cookies.html").body(Body::empty()).unwrap()).await.unwrap();
    assert_eq!(response.headers()[header::CACHE_CONTROL], "private, no-store");
    assert_eq!(response.headers()[header::VARY], "Cookie, Sec-GPC");
    let (status, css) = send(&app, Request::get("/portal.css").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(css, std::fs::read_to_string(www().join("portal.css")).unwrap());
    let (status, _) = send(&app, Request::get("/../Cargo.toml").body(Body::empty()).unwrap()).await;
    assert_ne!(status, StatusCode::OK);
}

fn beacon(body: impl Into<Body>) -> Request<Body> {
    Request::post("/consent-log").header(header::CONTENT_TYPE, "text/plain;charset=UTF-8").body(body.into()).unwrap()
}

fn record(id: &str, revision: u32, last: u64, choices: &str) -> String {
    format!(r#"{{"id":"{id}","revision":{revision},"first":{last},"last":{last},"language":"fr","browser":"firefox","choices":{choices}}}"#)
}

const CHOICES: &str = r#"{"necessary":true,"statistical":false,"third_party":true}"#;

fn export(query: &str) -> Request<Body> {
    Request::get(format!("/consent-log/export?{query}")).header(header::AUTHORIZATION, format!("Bearer {TOKEN}")).body(Body::empty()).unwrap()
}

#[tokio::test]
async fn a_beacon_is_stored_and_exported() {
    let (app, _, database) = setup("store");
    let now = unix_now();
    let (status, _) = send(&app, beacon(record("q2Xo3mZb8kT1vLwA", 1, now, CHOICES))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let (status, _) = send(&app, beacon(record("q2Xo3mZb8kT1vLwA", 1, now, r#"{"necessary":true,"statistical":true,"third_party":true}"#))).await;
    assert_eq!(status, StatusCode::NO_CONTENT);
    let with_gpc = record("another-consent", 1, now, CHOICES).replace(r#""browser":"firefox","#, r#""browser":"firefox","gpc":true,"#);
    let (status, _) = send(&app, beacon(with_gpc)).await;
    assert_eq!(status, StatusCode::NO_CONTENT);

    let (status, json) = send(&app, export("id=q2Xo3mZb8kT1vLwA")).await;
    assert_eq!(status, StatusCode::OK);
    let rows: serde_json::Value = serde_json::from_str(&json).unwrap();
    assert_eq!(rows.as_array().map(Vec::len), Some(2), "{json}");
    assert_eq!(rows[0]["id"], "q2Xo3mZb8kT1vLwA");
    assert_eq!(rows[0]["choices"]["statistical"], false);
    assert_eq!(rows[1]["choices"]["statistical"], true);
    assert_eq!((rows[0]["language"].as_str(), rows[0]["browser"].as_str()), (Some("fr"), Some("firefox")));
    assert_eq!(rows[0]["gpc"], false, "a record without the field: no signal");

    let (status, csv) = send(&app, export(&format!("from={}&to={}&format=csv", now - 10, now + 10))).await;
    assert_eq!(status, StatusCode::OK);
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(lines.len(), 4, "{csv}");
    assert_eq!(lines[0], "seq,received,id,revision,first,last,language,browser,choices,gpc");
    assert!(lines[3].contains(",another-consent,1,") && lines[3].ends_with(",fr,firefox,necessary=1|statistical=0|third_party=1,true"), "{csv}");
    let (_, none) = send(&app, export(&format!("from={}", now + 1000))).await;
    assert_eq!(none, "[]");

    // The file is a real SQLite database, and it refuses to forget.
    let db = rusqlite::Connection::open(&database.0).unwrap();
    let count: i64 = db.query_row("SELECT count(*) FROM consent_log", [], |r| r.get(0)).unwrap();
    assert_eq!(count, 3);
    assert!(db.execute("DELETE FROM consent_log", []).is_err());
    assert!(db.execute("UPDATE consent_log SET revision = 9", []).is_err());
}

#[tokio::test]
async fn bad_beacons_are_refused_with_a_clear_status() {
    let (app, _, _) = setup("refuse");
    let now = unix_now();
    let cases = [
        ("not json".to_owned(), StatusCode::BAD_REQUEST, "not a JSON object"),
        ("[1,2]".to_owned(), StatusCode::BAD_REQUEST, "not a JSON object"),
        (record("q2Xo3mZb8kT1vLwA", 2, now, CHOICES), StatusCode::CONFLICT, "under revision 2; the policy is at revision 1"),
        (record("short", 1, now, CHOICES), StatusCode::UNPROCESSABLE_ENTITY, "id: "),
        (record("q2Xo3mZb8kT1vLwA", 1, now + 86_400, CHOICES), StatusCode::UNPROCESSABLE_ENTITY, "last: in the future"),
        (record("q2Xo3mZb8kT1vLwA", 1, now, r#"{"necessary":true}"#), StatusCode::UNPROCESSABLE_ENTITY, "every purpose"),
        (record("q2Xo3mZb8kT1vLwA", 1, now, r#"{"necessary":true,"statistical":true,"third_party":true,"ads":true}"#), StatusCode::UNPROCESSABLE_ENTITY, "choices.ads: not a purpose"),
        (record("q2Xo3mZb8kT1vLwA", 1, now, r#"{"statistical":"yes"}"#), StatusCode::UNPROCESSABLE_ENTITY, "true or false"),
        (record("q2Xo3mZb8kT1vLwA", 1, now - 400 * 86_400, CHOICES), StatusCode::UNPROCESSABLE_ENTITY, "lifetime"),
        (record("q2Xo3mZb8kT1vLwA", 1, now, CHOICES).replace("}}", r#"},"ip":"1.2.3.4"}"#), StatusCode::UNPROCESSABLE_ENTITY, "ip: unknown field"),
        (record("q2Xo3mZb8kT1vLwA", 1, now, CHOICES).replace("}}", r#"},"gpc":1}"#), StatusCode::UNPROCESSABLE_ENTITY, "gpc: true or false"),
        (record("q2Xo3mZb8kT1vLwA", 1, now, CHOICES).replace(r#""browser":"firefox","#, ""), StatusCode::UNPROCESSABLE_ENTITY, "browser: "),
        (format!("{}{}", record("q2Xo3mZb8kT1vLwA", 1, now, CHOICES), " ".repeat(9000)), StatusCode::PAYLOAD_TOO_LARGE, ""),
    ];
    for (body, want, message) in cases {
        let (status, text) = send(&app, beacon(body.clone())).await;
        assert_eq!(status, want, "{body:.120}: {text}");
        assert!(text.contains(message), "{text:?} should say {message:?}");
    }
    let (_, rows) = send(&app, export("from=0")).await;
    assert_eq!(rows, "[]", "nothing refused was stored");
}

#[tokio::test]
async fn the_export_needs_the_token() {
    let (app, _, _) = setup("token");
    let (status, _) = send(&app, Request::get("/consent-log/export?from=0").body(Body::empty()).unwrap()).await;
    assert_eq!(status, StatusCode::UNAUTHORIZED);
    let wrong = Request::get("/consent-log/export?from=0").header(header::AUTHORIZATION, "Bearer nope").body(Body::empty()).unwrap();
    assert_eq!(send(&app, wrong).await.0, StatusCode::UNAUTHORIZED);
    assert_eq!(send(&app, export("")).await.0, StatusCode::BAD_REQUEST);
    assert_eq!(send(&app, export("from=0&format=xml")).await.0, StatusCode::BAD_REQUEST);
}
