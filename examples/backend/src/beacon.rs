//! The proof-of-consent beacon the browser sends to `consentLogUrl`, checked before it is kept.
//!
//! The browser sends `{"id","revision","first","last","language","browser","gpc","choices"}`
//! (biscotte's `core::proof::record`) as text with `sendBeacon`. Anyone can post to the URL,
//! so every field is checked, and the record itself is judged by Biscotte's own reader: it is
//! written back as the cookie value it stands for and read with the portal's configuration,
//! so the revision, completeness and lifetime rules are the browser's, not a copy of them.

use std::fmt;

use axum::http::StatusCode;
use biscotte::{AskReason, Config};
use serde_json::{Map, Value};

/// Largest beacon accepted, in bytes: a record with the most purposes a cookie can hold (48)
/// is about 2 KB.
pub const MAX_BYTES: usize = 8 * 1024;

/// How far ahead of the server's clock a decision may be dated (clock skew), in seconds.
const SKEW: u64 = 300;

const FIELDS: [&str; 8] = ["id", "revision", "first", "last", "language", "browser", "gpc", "choices"];
const BROWSERS: [&str; 5] = ["edge", "firefox", "chrome", "safari", "other"];

/// A record worth keeping.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Record {
    /// The consent id (the visitor's history under one id).
    pub id: String,
    /// Policy revision of the decision.
    pub revision: u32,
    /// Unix time of the first decision.
    pub first: u64,
    /// Unix time of this decision.
    pub last: u64,
    /// The banner's language.
    pub language: String,
    /// The browser family.
    pub browser: String,
    /// The browser sent Global Privacy Control (`false` when a record from before ADR 016 omits it).
    pub gpc: bool,
    /// `category` or `category/service` → granted, in the record's order.
    pub choices: Vec<(String, bool)>,
}

/// Why a beacon is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Refusal {
    /// Not a JSON object.
    NotJson,
    /// A field missing, unknown or of the wrong form.
    Field(String),
    /// Made under another revision of the policy.
    Revision { record: u32, policy: u32 },
    /// The record does not stand as consent under the configuration (incomplete, expired…).
    Rejected(&'static str),
}

impl Refusal {
    /// 400 for what is not a record, 409 for another revision, 422 for a record that breaks a rule.
    pub fn status(&self) -> StatusCode {
        match self {
            Refusal::NotJson => StatusCode::BAD_REQUEST,
            Refusal::Revision { .. } => StatusCode::CONFLICT,
            Refusal::Field(_) | Refusal::Rejected(_) => StatusCode::UNPROCESSABLE_ENTITY,
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Refusal::NotJson => f.write_str("the body is not a JSON object"),
            Refusal::Field(why) => f.write_str(why),
            Refusal::Revision { record, policy } => {
                write!(f, "revision: the record was made under revision {record}; the policy is at revision {policy}")
            }
            Refusal::Rejected(why) => write!(f, "the record is not valid consent: {why}"),
        }
    }
}

fn field(why: impl Into<String>) -> Refusal {
    Refusal::Field(why.into())
}

fn is_id(text: &str, min: usize, max: usize, extra: &[u8]) -> bool {
    (min..=max).contains(&text.len()) && text.bytes().all(|b| b.is_ascii_alphanumeric() || extra.contains(&b))
}

fn text<'a>(record: &'a Map<String, Value>, name: &str) -> Result<&'a str, Refusal> {
    record.get(name).and_then(Value::as_str).ok_or_else(|| field(format!("{name}: a string is needed")))
}

fn number(record: &Map<String, Value>, name: &str) -> Result<u64, Refusal> {
    record.get(name).and_then(Value::as_u64).ok_or_else(|| field(format!("{name}: a whole number is needed")))
}

/// Checks a beacon's body against the configuration at `now` (Unix seconds).
pub fn validate(body: &[u8], config: &Config, now: u64) -> Result<Record, Refusal> {
    let Ok(Value::Object(record)) = serde_json::from_slice::<Value>(body) else { return Err(Refusal::NotJson) };
    if let Some(unknown) = record.keys().find(|k| !FIELDS.contains(&k.as_str())) {
        return Err(field(format!("{unknown}: unknown field")));
    }
    let id = text(&record, "id")?;
    if !is_id(id, 8, 64, b"-_") {
        return Err(field("id: 8 to 64 of A-Z a-z 0-9 - _"));
    }
    let revision = number(&record, "revision")?;
    let revision = u32::try_from(revision).map_err(|_| field("revision: too large"))?;
    let (first, last) = (number(&record, "first")?, number(&record, "last")?);
    if first > last {
        return Err(field("first: later than last"));
    }
    if last > now.saturating_add(SKEW) {
        return Err(field("last: in the future"));
    }
    let language = text(&record, "language")?;
    if !is_id(language, 0, 35, b"-") {
        return Err(field("language: not a language tag"));
    }
    let browser = text(&record, "browser")?;
    if !BROWSERS.contains(&browser) {
        return Err(field("browser: one of edge, firefox, chrome, safari, other"));
    }
    let gpc = match record.get("gpc") {
        None => false,
        Some(value) => value.as_bool().ok_or_else(|| field("gpc: true or false"))?,
    };
    let Some(Value::Object(given)) = record.get("choices") else { return Err(field("choices: an object is needed")) };
    let purposes = config.purposes();
    let mut choices = Vec::with_capacity(given.len());
    for (name, granted) in given {
        let Some(granted) = granted.as_bool() else { return Err(field(format!("choices.{name}: true or false"))) };
        if !purposes.contains(name) {
            return Err(field(format!("choices.{name}: not a purpose of this configuration")));
        }
        choices.push((name.clone(), granted));
    }
    if revision != config.revision() {
        return Err(Refusal::Revision { record: revision, policy: config.revision() });
    }
    let verdict = config.read([cookie(config, id, revision, first, last, &choices).as_str()], None, now);
    match verdict.ask_reason() {
        None => {}
        Some(AskReason::Incomplete) => return Err(Refusal::Rejected("it does not decide on every purpose")),
        Some(AskReason::Expired) => return Err(Refusal::Rejected("older than the configured lifetime")),
        Some(_) => return Err(Refusal::Rejected(verdict.unreadable().unwrap_or("unreadable"))),
    }
    Ok(Record { id: id.into(), revision, first, last, language: language.into(), browser: browser.into(), gpc, choices })
}

/// The `Cookie` header pair the record stands for (the README's `cookies_preferences` grammar).
fn cookie(config: &Config, id: &str, revision: u32, first: u64, last: u64, choices: &[(String, bool)]) -> String {
    let list: Vec<String> = choices.iter().map(|(name, granted)| format!("{name}={}", u8::from(*granted))).collect();
    format!("{}=v1.{revision}.{id}.{first}.{last}.{}", config.cookie_name(), list.join("|"))
}
