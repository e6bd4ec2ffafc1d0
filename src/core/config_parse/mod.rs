//! Reading and validating the integrator's JSON configuration.
//!
//! Why this shape: a banner that refuses to start because of one typo leaves
//! the site either without a banner or with trackers ungated, so validation
//! never gives up. It reports *every* problem in one pass, each with its JSON
//! path (`categories[1].services[0].cookies[2]: invalid pattern "a b"`), and
//! keeps the default for each bad field. Only text that is not JSON at all
//! yields the whole default config.
//!
//! # Fail closed
//! Errors must never lead to non-necessary consent being assumed. Whatever
//! the issues, the caller logs them and still shows the banner (unless the
//! visitor already made a valid choice for this revision, which is their own
//! consent, not an assumed one), and nothing in a config can pre-grant consent:
//! there is no "on by default" setting for non-necessary categories or
//! services. `enabled`, `default`, `defaultEnabled` or `checked` set to `true`
//! on one is an [`Severity::Error`] and ignored; the default categories
//! `statistical` and `third_party` cannot be declared necessary; a category
//! or service whose id is missing or invalid is dropped (so never granted).
//! If the given categories have no necessary one, the default `necessary`
//! category is put first, as the portal cannot work without its cookies.

use crate::prelude::*;

use crate::core::codec::is_id;
use crate::core::config::{
    Category, ConsentMode, CookieInfo, CookieSettings, Config, Layout, Localized, SameSite, Service, Theme,
    MAX_LIFETIME_DAYS,
};
use crate::core::json::{self, Json};
use crate::core::lang::is_tag;
use crate::core::links::{is_safe_link, is_url_pattern};
use crate::strings::num::push_u64;
use crate::core::gcm;
use crate::core::presets;
use crate::strings::concat::concat;
use crate::strings::search;
use crate::core::texts::{add_texts, coverage, pack_hint, primary, TextKey};

/// How serious a configuration issue is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Severity {
    /// A value was refused and its default kept (or the item dropped).
    Error,
    /// Something was ignored or completed; the config works as intended otherwise.
    Warning,
}

impl Severity {
    /// `error` or `warning`.
    pub fn as_str(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
        }
    }
}

/// One problem found in the configuration.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConfigIssue {
    /// Where: a JSON path such as `cookie.sameSite` or `categories[1].services[0].id`;
    /// empty for the document itself.
    pub path: String,
    /// What is wrong, e.g. `invalid pattern "a b"`.
    pub message: String,
    /// Error (value refused) or warning (ignored or completed).
    pub severity: Severity,
}

impl ConfigIssue {
    /// `path: message`, e.g. `categories[1].services[0].cookies[2]: invalid pattern "a b"`.
    pub fn describe(&self) -> String {
        let path = if self.path.is_empty() { "config" } else { &self.path };
        let mut out = String::with_capacity(path.len() + self.message.len() + 2);
        out.push_str(path);
        out.push_str(": ");
        out.push_str(&self.message);
        out
    }
}

impl core::fmt::Display for ConfigIssue {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.describe())
    }
}

/// True when no issue is an error. Even when false, the returned config is
/// safe to run: the caller logs the issues and still shows the banner.
pub fn is_usable(issues: &[ConfigIssue]) -> bool {
    !issues.iter().any(|i| i.severity == Severity::Error)
}

impl Config {
    /// Parses and validates a JSON configuration (see [`Config::from_value`]).
    /// Text that is not JSON gives `Config::default()` and one error.
    pub fn from_json(text: &str) -> (Config, Vec<ConfigIssue>) {
        match json::parse(text) {
            Ok(value) => Config::from_value(&value),
            Err(e) => Config::invalid_json(&e.describe()),
        }
    }

    /// The default config and one error, for text that is not JSON (`reason`: why).
    pub fn invalid_json(reason: &str) -> (Config, Vec<ConfigIssue>) {
        let message = concat(&["invalid JSON: ", reason]);
        (Config::default(), vec![ConfigIssue { path: String::new(), message, severity: Severity::Error }])
    }

    /// Validates a parsed configuration: every key is optional, `null` counts
    /// as absent, each bad value keeps its default and is reported with its path.
    pub fn from_value(value: &Json) -> (Config, Vec<ConfigIssue>) {
        let mut ctx = Ctx::default();
        let config = root(value, &mut ctx);
        (config, ctx.issues)
    }
}

#[derive(Default)]
struct Ctx {
    issues: Vec<ConfigIssue>,
}

impl Ctx {
    /// Records `prefix "value"suffix` (the value quoted, escaped and shortened for logs),
    /// or `prefixsuffix` without a value. One builder for every message keeps the wasm small.
    fn issue(&mut self, severity: Severity, path: &Path, prefix: &str, value: Option<&str>, suffix: &str) {
        let mut message = String::from(prefix);
        if let Some(value) = value {
            push_quoted(&mut message, value);
        }
        message.push_str(suffix);
        let mut text = String::new();
        path.write(&mut text);
        self.issues.push(ConfigIssue { path: text, message, severity });
    }

    fn error(&mut self, path: &Path, message: &str) {
        self.issue(Severity::Error, path, message, None, "");
    }

    fn warn(&mut self, path: &Path, message: &str) {
        self.issue(Severity::Warning, path, message, None, "");
    }

    fn quoted(&mut self, severity: Severity, path: &Path, prefix: &str, value: &str, suffix: &str) {
        self.issue(severity, path, prefix, Some(value), suffix);
    }

    /// `expected …, found <kind>`: `what` is the message up to the kind.
    fn expected(&mut self, path: &Path, what: &str, found: &Json) {
        self.issue(Severity::Error, path, what, None, found.kind());
    }
}

// ---- paths and messages -------------------------------------------------

/// Where a value sits in the document: a chain of keys and indices on the
/// stack, written out as text only when an issue is reported.
#[derive(Clone, Copy)]
enum Path<'a> {
    /// The document itself (written as nothing).
    Root,
    /// `parent.key`, or just `key` under the root.
    Key(&'a Path<'a>, &'a str),
    /// `parent[index]`
    Index(&'a Path<'a>, usize),
}

// `key` and `index` are never inlined: one call is smaller than the stores it makes.
impl<'a> Path<'a> {
    #[inline(never)]
    fn key(&'a self, k: &'a str) -> Path<'a> {
        Path::Key(self, k)
    }

    #[inline(never)]
    fn index(&'a self, i: usize) -> Path<'a> {
        Path::Index(self, i)
    }

    /// Appends the path, e.g. `categories[1].services[0].id`.
    fn write(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Key(parent, k) => {
                parent.write(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Path::Index(parent, i) => {
                parent.write(out);
                out.push('[');
                push_u64(out, *i as u64);
                out.push(']');
            }
        }
    }
}

/// Longest value quoted in a message, in characters.
const QUOTE_MAX: usize = 60;

/// Appends `"value"`, escaped and shortened for logs.
fn push_quoted(out: &mut String, value: &str) {
    out.push('"');
    for (n, c) in value.chars().enumerate() {
        if n == QUOTE_MAX {
            out.push('…');
            break;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out.push('"');
}

// ---- generic readers ----------------------------------------------------

type Pairs = [(String, Json)];

/// The object's pairs, after warning about unknown keys when `known` is given. (A repeated key
/// is no longer there: the JSON reader keeps its last value, as `JSON.parse` does.)
fn object<'a>(v: &'a Json, path: &Path, known: Option<&[&str]>, ctx: &mut Ctx) -> Option<&'a Pairs> {
    let Json::Obj(pairs) = v else {
        ctx.expected(path, "expected an object, found ", v);
        return None;
    };
    if let Some(known) = known {
        for (k, _) in pairs {
            if !known.contains(&k.as_str()) {
                ctx.warn(&path.key(k), "unknown key");
            }
        }
    }
    Some(pairs)
}

/// The first value under `k`, `null` counting as absent.
fn field<'a>(pairs: &'a Pairs, k: &str) -> Option<&'a Json> {
    pairs.iter().find(|(name, _)| name == k).map(|(_, v)| v).filter(|v| !matches!(v, Json::Null))
}

fn string<'a>(v: &'a Json, path: &Path, ctx: &mut Ctx) -> Option<&'a str> {
    let s = v.as_str();
    if s.is_none() {
        ctx.expected(path, "expected a string, found ", v);
    }
    s
}

fn boolean(v: &Json, path: &Path, ctx: &mut Ctx) -> Option<bool> {
    let b = v.as_bool();
    if b.is_none() {
        ctx.expected(path, "expected true or false, found ", v);
    }
    b
}

fn integer(v: &Json, path: &Path, ctx: &mut Ctx) -> Option<i64> {
    match v {
        Json::Num(n) => {
            let i = n.as_i64();
            if i.is_none() {
                ctx.quoted(Severity::Error, path, "expected a whole number, found ", n.raw(), "");
            }
            i
        }
        other => {
            ctx.expected(path, "expected a whole number, found ", other);
            None
        }
    }
}

fn array<'a>(v: &'a Json, path: &Path, ctx: &mut Ctx) -> &'a [Json] {
    match v {
        Json::Arr(items) => items,
        other => {
            ctx.expected(path, "expected an array, found ", other);
            &[]
        }
    }
}

/// A lowercased language tag, or an error.
fn language(v: &Json, path: &Path, ctx: &mut Ctx) -> Option<String> {
    let s = string(v, path, ctx)?;
    if is_tag(s) {
        Some(s.to_ascii_lowercase())
    } else {
        ctx.quoted(Severity::Error, path, "invalid language tag ", s, " (expected e.g. \"fr\" or \"pt-BR\")");
        None
    }
}

/// A plain string (any language) or `{ "en": "...", "fr": "..." }`.
fn localized(v: &Json, path: &Path, ctx: &mut Ctx) -> Localized {
    match v {
        Json::Str(s) => Localized::any(s),
        Json::Obj(_) => {
            let mut out = Localized::default();
            for (lang, text) in object(v, path, None, ctx).unwrap_or(&[]) {
                let at = path.key(lang);
                if !is_tag(lang) {
                    ctx.quoted(Severity::Error, &at, "invalid language tag ", lang, "");
                    continue;
                }
                let lang = lang.to_ascii_lowercase();
                if let Some(text) = string(text, &at, ctx) {
                    if !out.0.iter().any(|(l, _)| *l == lang) {
                        out.0.push((lang, text.into()));
                    }
                }
            }
            out
        }
        other => {
            ctx.expected(path, "expected a string or an object of translations, found ", other);
            Localized::default()
        }
    }
}

// ---- character classes ----------------------------------------------------

/// RFC 6265 cookie-name (token) characters; `*` is one of them.
fn is_token_char(b: u8) -> bool {
    // `matches!`, not `b"…".contains(&b)`: that is `memchr`, more wasm than this needs.
    b.is_ascii_graphic()
        && !matches!(b, b'(' | b')' | b'<' | b'>' | b'@' | b',' | b';' | b':' | b'\\' | b'"' | b'/' | b'[' | b']' | b'?' | b'=' | b'{' | b'}')
}

fn is_cookie_name(s: &str) -> bool {
    (1..=128).contains(&s.len()) && search::all_bytes(s, is_token_char) && !search::contains_ascii(s, b'*')
}

fn is_cookie_pattern(s: &str) -> bool {
    (1..=128).contains(&s.len()) && search::all_bytes(s, is_token_char)
}

/// A host name, optionally with a leading dot: labels of letters, digits and `-`.
fn is_domain(s: &str) -> bool {
    let host = s.strip_prefix('.').unwrap_or(s);
    (1..=253).contains(&host.len())
        && search::split_ascii(host, b'.').all(|label| {
            (1..=63).contains(&label.len())
                && search::all_bytes(label, |b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

fn is_cookie_path(s: &str) -> bool {
    s.starts_with('/') && s.len() <= 1024 && !s.chars().any(|c| c == ';' || c.is_control())
}

// ---- the document -----------------------------------------------------------

/// The document itself. `&Path::Key(ROOT, "k")` is a constant: top-level paths cost no code.
const ROOT: &Path = &Path::Root;

const ROOT_KEYS: &[&str] = &[
    "revision",
    "lifetimeDays",
    "cookie",
    "categories",
    "language",
    "defaultLanguage",
    "languages",
    "texts",
    "policyUrl",
    "layout",
    "theme",
    "floatingButton",
    "consentMode",
    "globalPrivacyControl",
    "consentLogUrl",
];

fn root(v: &Json, ctx: &mut Ctx) -> Config {
    let mut c = Config::default();
    let Some(pairs) = object(v, ROOT, Some(ROOT_KEYS), ctx) else {
        return c;
    };
    if let Some(v) = field(pairs, "revision") {
        let path = &Path::Key(ROOT, "revision");
        match integer(v, path, ctx) {
            Some(n) if n >= 1 => match u32::try_from(n) {
                Ok(n) => c.revision = n,
                Err(_) => ctx.error(path, "too large"),
            },
            Some(_) => ctx.error(path, "must be at least 1"),
            None => {}
        }
    }
    if let Some(v) = field(pairs, "lifetimeDays") {
        let path = &Path::Key(ROOT, "lifetimeDays");
        match integer(v, path, ctx) {
            Some(n) if n > i64::from(MAX_LIFETIME_DAYS) => ctx.error(path, "exceeds 13 months (395 days)"),
            Some(n) if n < 1 => ctx.error(path, "must be at least 1 day"),
            Some(n) => c.lifetime_days = u32::try_from(n).unwrap_or(c.lifetime_days),
            None => {}
        }
    }
    if let Some(v) = field(pairs, "cookie") {
        cookie(v, &mut c.cookie, ctx);
    }
    if let Some(v) = field(pairs, "categories") {
        c.categories = categories(v, ctx);
        cap_decisions(&mut c, ctx);
    }
    languages(pairs, &mut c, ctx);
    if let Some(v) = field(pairs, "texts") {
        texts(v, &mut c, ctx);
    }
    untranslated(&c, ctx);
    if let Some(v) = field(pairs, "policyUrl") {
        let path = &Path::Key(ROOT, "policyUrl");
        if let Some(url) = string(v, path, ctx) {
            if is_safe_link(url) {
                c.policy_url = Some(url.into());
            } else {
                ctx.quoted(Severity::Error, path, "refused link ", url, " (only http(s) and relative links)");
            }
        }
    }
    appearance(pairs, &mut c, ctx);
    integrations(pairs, &mut c, ctx);
    c
}

/// Most decisions (categories plus toggleable services) one cookie can carry: at
/// most 68 bytes each, they keep the value well under the 4096 bytes browsers store.
pub const MAX_DECISIONS: usize = 48;

/// Drops the services past [`MAX_DECISIONS`] (refused, never granted) rather than
/// writing a cookie the browser would truncate and the banner would ask again forever.
fn cap_decisions(c: &mut Config, ctx: &mut Ctx) {
    let mut count = 0;
    for (i, cat) in c.categories.iter_mut().enumerate() {
        count += 1;
        let mut kept = 0;
        for svc in &cat.services {
            if svc.toggle {
                count += 1;
            }
            if count > MAX_DECISIONS {
                break;
            }
            kept += 1;
        }
        if kept < cat.services.len() {
            let at = Path::Key(ROOT, "categories").index(i);
            ctx.error(&at.key("services"), "too many categories and services for one consent cookie (48 at most); the rest are ignored");
            cat.services.truncate(kept);
        }
    }
}

/// `consentMode`, `globalPrivacyControl` and `consentLogUrl`.
fn integrations(pairs: &Pairs, c: &mut Config, ctx: &mut Ctx) {
    match field(pairs, "consentMode") {
        Some(Json::Bool(on)) => c.consent_mode = on.then(ConsentMode::default),
        Some(v @ Json::Obj(_)) => {
            let mut mode = ConsentMode::default();
            let path = &Path::Key(ROOT, "consentMode");
            if let Some(map) = object(v, path, None, ctx) {
                for (name, source) in map {
                    let at = path.key(name);
                    let Some(source) = string(source, &at, ctx) else { continue };
                    let known = match search::split_once_ascii(source, b'/') {
                        Some((cat, svc)) => is_id(cat) && is_id(svc),
                        None => is_id(source),
                    };
                    if !gcm::is_type(name) {
                        ctx.warn(&at, "unknown consent type; ignored");
                    } else if !known {
                        ctx.quoted(Severity::Error, &at, "invalid category ", source, "; the type stays denied");
                        if let Some(i) = mode.map.iter().position(|(t, _)| t == name) {
                            mode.map.remove(i);
                        }
                    } else if let Some(slot) = mode.map.iter_mut().find(|(t, _)| t == name) {
                        slot.1 = source.into();
                    }
                }
            }
            c.consent_mode = Some(mode);
        }
        Some(other) => ctx.expected(&Path::Key(ROOT, "consentMode"), "expected true, false or an object, found ", other),
        None => {}
    }
    let path = &Path::Key(ROOT, "globalPrivacyControl");
    if let Some(b) = field(pairs, "globalPrivacyControl").and_then(|v| boolean(v, path, ctx)) {
        c.honour_gpc = b;
    }
    let path = &Path::Key(ROOT, "consentLogUrl");
    if let Some(url) = field(pairs, "consentLogUrl").and_then(|v| string(v, path, ctx)) {
        if is_safe_link(url) {
            c.consent_log_url = Some(url.into());
        } else {
            ctx.quoted(Severity::Error, path, "refused URL ", url, " (only http(s) and relative URLs)");
        }
    }
}

/// `layout`, `theme` and `floatingButton`: presentation only, so a bad value
/// keeps its default and never touches consent.
fn appearance(pairs: &Pairs, c: &mut Config, ctx: &mut Ctx) {
    let path = &Path::Key(ROOT, "layout");
    if let Some(s) = field(pairs, "layout").and_then(|v| string(v, path, ctx)) {
        match s {
            "bar" => c.layout = Layout::Bar,
            "box" => c.layout = Layout::Box,
            _ => ctx.quoted(Severity::Error, path, "expected \"bar\" or \"box\", found ", s, ""),
        }
    }
    let path = &Path::Key(ROOT, "theme");
    if let Some(s) = field(pairs, "theme").and_then(|v| string(v, path, ctx)) {
        match s {
            "auto" => c.theme = Theme::Auto,
            "light" => c.theme = Theme::Light,
            "dark" => c.theme = Theme::Dark,
            _ => ctx.quoted(Severity::Error, path, "expected \"auto\", \"light\" or \"dark\", found ", s, ""),
        }
    }
    let path = &Path::Key(ROOT, "floatingButton");
    if let Some(b) = field(pairs, "floatingButton").and_then(|v| boolean(v, path, ctx)) {
        c.floating_button = b;
    }
}

fn cookie(v: &Json, out: &mut CookieSettings, ctx: &mut Ctx) {
    const KEYS: &[&str] = &["name", "domain", "path", "sameSite", "secure"];
    let path = &Path::Key(ROOT, "cookie");
    let Some(pairs) = object(v, path, Some(KEYS), ctx) else {
        return;
    };
    if let Some(name) = field(pairs, "name").and_then(|v| string(v, &path.key("name"), ctx)) {
        if is_cookie_name(name) {
            out.name = name.into();
        } else {
            ctx.quoted(Severity::Error, &path.key("name"), "invalid cookie name ", name, "");
        }
    }
    if let Some(domain) = field(pairs, "domain").and_then(|v| string(v, &path.key("domain"), ctx)) {
        if is_domain(domain) {
            out.domain = Some(domain.to_ascii_lowercase());
        } else {
            ctx.quoted(Severity::Error, &path.key("domain"), "invalid domain ", domain, "");
        }
    }
    if let Some(value) = field(pairs, "path").and_then(|v| string(v, &path.key("path"), ctx)) {
        if is_cookie_path(value) {
            out.path = value.into();
        } else {
            ctx.quoted(Severity::Error, &path.key("path"), "invalid path ", value, " (must start with /, no ';')");
        }
    }
    if let Some(s) = field(pairs, "sameSite").and_then(|v| string(v, &path.key("sameSite"), ctx)) {
        match s.to_ascii_lowercase().as_str() {
            "lax" => out.same_site = SameSite::Lax,
            "strict" => out.same_site = SameSite::Strict,
            "none" => out.same_site = SameSite::None,
            _ => ctx.quoted(Severity::Error, &path.key("sameSite"), "expected \"Lax\", \"Strict\" or \"None\", found ", s, ""),
        }
    }
    if let Some(secure) = field(pairs, "secure").and_then(|v| boolean(v, &path.key("secure"), ctx)) {
        out.secure = Some(secure);
    }
    if out.same_site == SameSite::None && out.secure == Some(false) {
        ctx.warn(&path.key("secure"), "ignored: SameSite=None always sets Secure");
    }
}

// ---- categories, services, cookie rows ----------------------------------------

/// Keys that would switch a purpose on before the visitor decides.
const PRE_GRANT_KEYS: &[&str] = &["enabled", "default", "defaultEnabled", "checked"];
/// Default categories that always need consent.
const OPTIONAL_IDS: &[&str] = &["statistical", "third_party"];

fn categories(v: &Json, ctx: &mut Ctx) -> Vec<Category> {
    let mut out: Vec<Category> = Vec::new();
    let all = &Path::Key(ROOT, "categories");
    for (i, item) in array(v, all, ctx).iter().enumerate() {
        let path = all.index(i);
        let Some(cat) = category(item, &path, ctx) else { continue };
        if out.iter().any(|c| c.id == cat.id) {
            ctx.quoted(Severity::Error, &path.key("id"), "duplicate id ", &cat.id, "; the first one is kept");
        } else {
            out.push(cat);
        }
    }
    if !out.iter().any(|c| c.necessary) {
        out.insert(0, Category::default_necessary());
        ctx.warn(&Path::Key(ROOT, "categories"), "no necessary category; the default one was added first");
    }
    out
}

/// Reports `enabled`/`default`… on a category or service: `true` on something
/// that needs consent is an error; anything else is ignored with a warning.
fn refuse_pre_grant(pairs: &Pairs, path: &Path, necessary: bool, ctx: &mut Ctx) {
    for k in PRE_GRANT_KEYS {
        let Some(v) = field(pairs, k) else { continue };
        let at = path.key(k);
        if necessary {
            ctx.warn(&at, "ignored: necessary categories are always on");
        } else if matches!(v, Json::Bool(true)) {
            ctx.error(&at, "ignored: consent cannot be pre-granted; non-necessary purposes start refused");
        } else {
            ctx.warn(&at, "ignored: non-necessary purposes always start refused");
        }
    }
}

/// The item's `id`, or `None` (reported, ending with `what`: `category ignored`) when missing or invalid.
fn item_id(pairs: &Pairs, path: &Path, what: &str, ctx: &mut Ctx) -> Option<String> {
    let at = path.key("id");
    let Some(v) = field(pairs, "id") else {
        ctx.issue(Severity::Error, &at, "missing id; ", None, what);
        return None;
    };
    let id = string(v, &at, ctx)?;
    if is_id(id) {
        return Some(id.into());
    }
    let mut suffix = String::from(" (1 to 32 of a-z 0-9 _ -); ");
    suffix.push_str(what);
    ctx.quoted(Severity::Error, &at, "invalid id ", id, &suffix);
    None
}

fn category(v: &Json, path: &Path, ctx: &mut Ctx) -> Option<Category> {
    const KEYS: &[&str] =
        &["id", "necessary", "label", "description", "services", "cookies", "enabled", "default", "defaultEnabled", "checked"];
    let pairs = object(v, path, Some(KEYS), ctx)?;
    let id = item_id(pairs, path, "category ignored", ctx)?;
    let flag = field(pairs, "necessary").and_then(|v| boolean(v, &path.key("necessary"), ctx));
    let necessary = match (id.as_str(), flag) {
        ("necessary", Some(false)) => {
            ctx.error(&path.key("id"), "\"necessary\" is reserved for the necessary category; category ignored");
            return None;
        }
        ("necessary", None) => true,
        (id, Some(true)) if OPTIONAL_IDS.contains(&id) => {
            ctx.quoted(Severity::Error, &path.key("necessary"), "ignored: ", id, " always needs consent");
            false
        }
        (_, flag) => flag.unwrap_or(false),
    };
    refuse_pre_grant(pairs, path, necessary, ctx);
    let mut cat = Category { id, necessary, ..Category::default() };
    if let Some(v) = field(pairs, "label") {
        cat.label = localized(v, &path.key("label"), ctx);
    }
    if let Some(v) = field(pairs, "description") {
        cat.description = localized(v, &path.key("description"), ctx);
    }
    if cat.label.is_empty() && !matches!(cat.id.as_str(), "necessary" | "statistical" | "third_party") {
        ctx.warn(&path.key("label"), "missing; the id is shown instead");
    }
    if let Some(v) = field(pairs, "services") {
        let services_path = path.key("services");
        for (i, item) in array(v, &services_path, ctx).iter().enumerate() {
            let at = services_path.index(i);
            let Some(svc) = service(item, &at, necessary, ctx) else { continue };
            if cat.services.iter().any(|s| s.id == svc.id) {
                ctx.quoted(Severity::Error, &at.key("id"), "duplicate id ", &svc.id, "; the first one is kept");
            } else {
                cat.services.push(svc);
            }
        }
    }
    if let Some(v) = field(pairs, "cookies") {
        let rows_path = path.key("cookies");
        for (i, item) in array(v, &rows_path, ctx).iter().enumerate() {
            if let Some(row) = cookie_row(item, &rows_path.index(i), ctx) {
                cat.cookies.push(row);
            }
        }
    }
    Some(cat)
}

fn service(v: &Json, path: &Path, necessary: bool, ctx: &mut Ctx) -> Option<Service> {
    const KEYS: &[&str] =
        &["id", "preset", "label", "cookies", "urls", "toggle", "enabled", "default", "defaultEnabled", "checked"];
    let pairs = object(v, path, Some(KEYS), ctx)?;
    let preset = match field(pairs, "preset") {
        Some(v) => {
            let at = path.key("preset");
            let name = string(v, &at, ctx)?;
            let Some(preset) = presets::find(name) else {
                ctx.quoted(Severity::Error, &at, "unknown preset ", name, "; service ignored");
                return None;
            };
            Some(preset)
        }
        None => None,
    };
    // A preset names the service unless an id is given.
    let id = match preset {
        Some(p) if field(pairs, "id").is_none() => p.id.into(),
        _ => item_id(pairs, path, "service ignored", ctx)?,
    };
    refuse_pre_grant(pairs, path, necessary, ctx);
    let mut svc = Service { id, ..preset.map(presets::Preset::service).unwrap_or_default() };
    if let Some(v) = field(pairs, "label") {
        svc.label = localized(v, &path.key("label"), ctx);
    }
    if let Some(v) = field(pairs, "cookies") {
        let cookies = path.key("cookies");
        for (i, item) in array(v, &cookies, ctx).iter().enumerate() {
            let at = cookies.index(i);
            let Some(pattern) = string(item, &at, ctx) else { continue };
            if !is_cookie_pattern(pattern) {
                ctx.quoted(Severity::Error, &at, "invalid pattern ", pattern, "");
            } else if search::all_bytes(pattern, |b| b == b'*') {
                ctx.quoted(Severity::Error, &at, "refused pattern ", pattern, ": it would delete every cookie");
            } else {
                svc.cookies.push(pattern.into());
            }
        }
    }
    if let Some(v) = field(pairs, "urls") {
        let urls = path.key("urls");
        for (i, item) in array(v, &urls, ctx).iter().enumerate() {
            let at = urls.index(i);
            let Some(pattern) = string(item, &at, ctx) else { continue };
            if is_url_pattern(pattern) {
                svc.urls.push(pattern.into());
            } else {
                ctx.quoted(Severity::Error, &at, "invalid URL pattern ", pattern, "");
            }
        }
    }
    if let Some(toggle) = field(pairs, "toggle").and_then(|v| boolean(v, &path.key("toggle"), ctx)) {
        if necessary && toggle {
            ctx.warn(&path.key("toggle"), "ignored: services of a necessary category are always on");
        } else {
            svc.toggle = toggle;
        }
    }
    Some(svc)
}

fn cookie_row(v: &Json, path: &Path, ctx: &mut Ctx) -> Option<CookieInfo> {
    const KEYS: &[&str] = &["name", "provider", "purpose", "duration"];
    let pairs = object(v, path, Some(KEYS), ctx)?;
    let at = path.key("name");
    let Some(name) = field(pairs, "name") else {
        ctx.error(&at, "missing name; row ignored");
        return None;
    };
    let name = string(name, &at, ctx)?;
    if !is_cookie_pattern(name) {
        ctx.quoted(Severity::Error, &at, "invalid cookie name ", name, "; row ignored");
        return None;
    }
    let mut row = CookieInfo { name: name.into(), ..CookieInfo::default() };
    if let Some(p) = field(pairs, "provider").and_then(|v| string(v, &path.key("provider"), ctx)) {
        row.provider = p.into();
    }
    if let Some(v) = field(pairs, "purpose") {
        row.purpose = localized(v, &path.key("purpose"), ctx);
    }
    if let Some(v) = field(pairs, "duration") {
        row.duration = localized(v, &path.key("duration"), ctx);
    }
    Some(row)
}

// ---- languages and texts ------------------------------------------------------

fn offered(languages: &[String], tag: &str) -> bool {
    languages.iter().any(|l| l == tag || l == primary(tag))
}

fn languages(pairs: &Pairs, c: &mut Config, ctx: &mut Ctx) {
    if let Some(v) = field(pairs, "language") {
        c.language = language(v, &Path::Key(ROOT, "language"), ctx);
    }
    if let Some(v) = field(pairs, "defaultLanguage") {
        if let Some(tag) = language(v, &Path::Key(ROOT, "defaultLanguage"), ctx) {
            c.default_language = tag;
        }
    }
    if let Some(v) = field(pairs, "languages") {
        let all = &Path::Key(ROOT, "languages");
        for (i, item) in array(v, all, ctx).iter().enumerate() {
            let at = all.index(i);
            let Some(tag) = language(item, &at, ctx) else { continue };
            if c.languages.contains(&tag) {
                ctx.quoted(Severity::Warning, &at, "duplicate language ", &tag, "");
            } else {
                c.languages.push(tag);
            }
        }
    }
    if c.languages.is_empty() {
        return;
    }
    if !offered(&c.languages, &c.default_language) {
        ctx.quoted(Severity::Warning, &Path::Key(ROOT, "defaultLanguage"), "", &c.default_language, " is not in languages");
    }
    if let Some(lang) = &c.language {
        if !offered(&c.languages, lang) {
            ctx.quoted(Severity::Warning, &Path::Key(ROOT, "language"), "", lang, " is not in languages");
        }
    }
}

fn texts(v: &Json, c: &mut Config, ctx: &mut Ctx) {
    let path = &Path::Key(ROOT, "texts");
    for (lang, table) in object(v, path, None, ctx).unwrap_or(&[]) {
        let lang_path = path.key(lang);
        if !is_tag(lang) {
            ctx.quoted(Severity::Error, &lang_path, "invalid language tag ", lang, "");
            continue;
        }
        let lang = lang.to_ascii_lowercase();
        let Some(entries) = object(table, &lang_path, None, ctx) else { continue };
        for (name, text) in entries {
            let at = lang_path.key(name);
            let Some(text_key) = TextKey::from_name(name) else {
                ctx.warn(&at, "unknown key");
                continue;
            };
            let Some(text) = string(text, &at, ctx) else { continue };
            if search::trim(text).is_empty() {
                ctx.error(&at, "empty text; the built-in one is kept");
            } else if !c.texts.iter().any(|(l, k, _)| *l == lang && k == text_key.as_str()) {
                c.texts.push((lang.clone(), text_key.as_str().into(), text.into()));
            }
        }
    }
}

/// Warns where the banner would speak English for want of texts: a language the config
/// offers (or, without `languages`, forces or defaults to) with no texts at all, built in or
/// under `texts`, and a language under `texts` with some of its texts only, the others then
/// shown in English (texts for `pt` serve `pt-br`, as in the lookups).
fn untranslated(c: &Config, ctx: &mut Ctx) {
    let all = &Path::Key(ROOT, "languages");
    for (i, tag) in c.languages.iter().enumerate() {
        warn_untranslated(c, &all.index(i), tag, ctx);
    }
    if c.languages.is_empty() {
        if let Some(tag) = &c.language {
            warn_untranslated(c, &Path::Key(ROOT, "language"), tag, ctx);
        }
        warn_untranslated(c, &Path::Key(ROOT, "defaultLanguage"), &c.default_language, ctx);
    }
    let texts = &Path::Key(ROOT, "texts");
    let mut seen: Vec<&str> = Vec::new();
    for (lang, _, _) in &c.texts {
        let have = coverage(c, lang);
        if seen.contains(&lang.as_str()) || have == TextKey::ALL.len() {
            continue;
        }
        seen.push(lang);
        let mut count = String::new();
        push_u64(&mut count, have as u64);
        let suffix = concat(&[" of 27 texts only; the others show in English", &pack_hint(lang)]);
        ctx.issue(Severity::Warning, &texts.key(lang), &count, None, &suffix);
    }
}

fn warn_untranslated(c: &Config, path: &Path, tag: &str, ctx: &mut Ctx) {
    if coverage(c, tag) == 0 {
        let suffix = concat(&[" has no texts, so the banner shows English", &add_texts(tag)]);
        ctx.quoted(Severity::Warning, path, "", tag, &suffix);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn parse(text: &str) -> (Config, Vec<ConfigIssue>) {
        Config::from_json(text)
    }

    /// The issues as `path: message` lines, errors and warnings alike.
    fn described(issues: &[ConfigIssue]) -> Vec<String> {
        issues.iter().map(ConfigIssue::describe).collect()
    }

    fn errors(issues: &[ConfigIssue]) -> Vec<&str> {
        issues.iter().filter(|i| i.severity == Severity::Error).map(|i| i.path.as_str()).collect()
    }

    fn warnings(issues: &[ConfigIssue]) -> Vec<&str> {
        issues.iter().filter(|i| i.severity == Severity::Warning).map(|i| i.path.as_str()).collect()
    }

    /// One-category config around a service body.
    fn with_service(service: &str) -> String {
        let mut s = String::from(r#"{"categories":[{"id":"necessary"},{"id":"statistical","services":["#);
        s.push_str(service);
        s.push_str("]}]}");
        s
    }

    /// As in the browser, where `JSON.parse` reads the text: the last value of a repeated key.
    #[test]
    fn a_repeated_key_keeps_its_last_value() {
        let (c, issues) = parse(r#"{"layout":"bar","theme":"dark","layout":"box"}"#);
        assert_eq!((c.layout, c.theme), (Layout::Box, Theme::Dark));
        assert!(issues.is_empty(), "{issues:?}");
    }

    #[test]
    fn empty_object_is_the_default_config() {
        for text in ["{}", "  {}\n", "\u{feff}{}", r#"{"cookie":{},"texts":{},"policyUrl":null,"language":null}"#] {
            let (config, issues) = parse(text);
            assert_eq!(config, Config::default(), "{text:?}");
            assert!(issues.is_empty(), "{text:?}: {:?}", described(&issues));
            assert!(is_usable(&issues));
        }
    }

    #[test]
    fn not_json_gives_the_default_and_one_error() {
        let (config, issues) = parse("{\"revision\": 2,}");
        assert_eq!(config, Config::default());
        assert_eq!(described(&issues), ["config: invalid JSON: expected a string key at byte 15"]);
        assert!(!is_usable(&issues));
        let (config, issues) = parse("[1]");
        assert_eq!(config, Config::default());
        assert_eq!(described(&issues), ["config: expected an object, found array"]);
    }

    #[test]
    fn revision_and_lifetime() {
        let (c, issues) = parse(r#"{"revision": 3, "lifetimeDays": 395}"#);
        assert!(issues.is_empty());
        assert_eq!((c.revision, c.lifetime_days), (3, 395));
        let cases = [
            (r#"{"revision": 0}"#, "revision: must be at least 1"),
            (r#"{"revision": 4294967296}"#, "revision: too large"),
            (r#"{"revision": "2"}"#, "revision: expected a whole number, found string"),
            (r#"{"revision": 1.5}"#, "revision: expected a whole number, found \"1.5\""),
            (r#"{"lifetimeDays": 396}"#, "lifetimeDays: exceeds 13 months (395 days)"),
            (r#"{"lifetimeDays": 100000000000000000000}"#, "lifetimeDays: expected a whole number, found \"100000000000000000000\""),
            (r#"{"lifetimeDays": 0}"#, "lifetimeDays: must be at least 1 day"),
            (r#"{"lifetimeDays": -5}"#, "lifetimeDays: must be at least 1 day"),
        ];
        for (text, want) in cases {
            let (c, issues) = parse(text);
            assert_eq!(described(&issues), [want], "{text}");
            assert_eq!((c.revision, c.lifetime_days), (1, 182), "{text}: default kept");
        }
    }

    #[test]
    fn cookie_settings() {
        let (c, issues) = parse(
            r#"{"cookie":{"name":"bisc_consent","domain":".Data.Corsica","path":"/portal","sameSite":"strict","secure":true}}"#,
        );
        assert!(issues.is_empty(), "{:?}", described(&issues));
        assert_eq!(c.cookie.name, "bisc_consent");
        assert_eq!(c.cookie.domain.as_deref(), Some(".data.corsica"));
        assert_eq!(c.cookie.path, "/portal");
        assert_eq!(c.cookie.same_site, SameSite::Strict);
        assert_eq!(c.cookie.secure, Some(true));
        let (c, issues) = parse(r#"{"cookie":{"sameSite":"NONE","secure":null,"domain":null}}"#);
        assert!(issues.is_empty());
        assert_eq!((c.cookie.same_site, c.cookie.secure, c.cookie.domain), (SameSite::None, None, None));
        let cases = [
            (r#"{"cookie":{"sameSit":"Lax"}}"#, "cookie.sameSit: unknown key"),
            (r#"{"cookie":{"name":"a b"}}"#, "cookie.name: invalid cookie name \"a b\""),
            (r#"{"cookie":{"name":"a=b"}}"#, "cookie.name: invalid cookie name \"a=b\""),
            (r#"{"cookie":{"name":""}}"#, "cookie.name: invalid cookie name \"\""),
            (r#"{"cookie":{"name":"prefs_*"}}"#, "cookie.name: invalid cookie name \"prefs_*\""),
            (r#"{"cookie":{"domain":"exa mple.org"}}"#, "cookie.domain: invalid domain \"exa mple.org\""),
            (r#"{"cookie":{"domain":"a..b"}}"#, "cookie.domain: invalid domain \"a..b\""),
            (r#"{"cookie":{"path":"portal"}}"#, "cookie.path: invalid path \"portal\" (must start with /, no ';')"),
            (r#"{"cookie":{"path":"/a;b"}}"#, "cookie.path: invalid path \"/a;b\" (must start with /, no ';')"),
            (r#"{"cookie":{"sameSite":"Sometimes"}}"#, "cookie.sameSite: expected \"Lax\", \"Strict\" or \"None\", found \"Sometimes\""),
            (r#"{"cookie":{"secure":"yes"}}"#, "cookie.secure: expected true or false, found string"),
            (r#"{"cookie":{"sameSite":"None","secure":false}}"#, "cookie.secure: ignored: SameSite=None always sets Secure"),
            (r#"{"cookie":"cookies_preferences"}"#, "cookie: expected an object, found string"),
        ];
        for (text, want) in cases {
            let (c, issues) = parse(text);
            assert_eq!(described(&issues), [want], "{text}");
            assert_eq!(c.cookie.name, "cookies_preferences", "{text}");
            assert_eq!(c.cookie.path, "/", "{text}");
        }
        assert_eq!(warnings(&parse(r#"{"cookie":{"sameSit":"Lax"}}"#).1), ["cookie.sameSit"]);
    }

    #[test]
    fn categories_replace_the_default_list() {
        let (c, issues) = parse(
            r#"{"categories":[
                {"id":"necessary","necessary":true,"cookies":[{"name":"sessionid","provider":"Opendatasoft","purpose":"Session","duration":{"en":"Session","FR":"Session"}}]},
                {"id":"maps","label":{"en":"Maps","fr":"Cartes"},"description":"Embedded maps",
                 "services":[{"id":"osm","label":"OpenStreetMap","urls":["tile.openstreetmap.org"],"toggle":true}]}
            ]}"#,
        );
        assert!(issues.is_empty(), "{:?}", described(&issues));
        let ids: Vec<&str> = c.categories.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["necessary", "maps"]);
        let maps = c.category("maps").unwrap();
        assert!(!maps.necessary);
        assert_eq!(maps.label.get("fr"), "Cartes");
        assert_eq!(maps.description.get("de"), "Embedded maps");
        assert_eq!(maps.services.first().map(|s| (s.id.as_str(), s.toggle)), Some(("osm", true)));
        let row = c.categories.first().and_then(|c| c.cookies.first()).unwrap();
        assert_eq!(row.duration, Localized::of(&[("en", "Session"), ("fr", "Session")]));
    }

    #[test]
    fn a_missing_necessary_category_is_added_first() {
        let (c, issues) = parse(r#"{"categories":[{"id":"statistical"}]}"#);
        assert_eq!(described(&issues), ["categories: no necessary category; the default one was added first"]);
        assert!(is_usable(&issues));
        assert_eq!(c.categories.first(), Config::default().category("necessary"));
        assert_eq!(c.categories.len(), 2);
        let (c, issues) = parse(r#"{"categories":[]}"#);
        assert_eq!(warnings(&issues), ["categories"]);
        assert_eq!(c.categories.len(), 1);
        // An id of "necessary" means the necessary category.
        let (c, issues) = parse(r#"{"categories":[{"id":"necessary"},{"id":"statistical"}]}"#);
        assert!(issues.is_empty());
        assert!(c.categories.first().is_some_and(|c| c.necessary && c.cookies.is_empty()));
    }

    #[test]
    fn category_rules_with_paths() {
        let cases = [
            (r#"[{"id":"necessary"},{"id":"statistical"},{"id":"statistical"}]"#, "categories[2].id: duplicate id \"statistical\"; the first one is kept"),
            (r#"[{"id":"necessary"},{"label":"x"}]"#, "categories[1].id: missing id; category ignored"),
            (r#"[{"id":"necessary"},{"id":"Stats"}]"#, "categories[1].id: invalid id \"Stats\" (1 to 32 of a-z 0-9 _ -); category ignored"),
            (r#"[{"id":"necessary"},{"id":7}]"#, "categories[1].id: expected a string, found number"),
            (r#"[{"id":"necessary"},"statistical"]"#, "categories[1]: expected an object, found string"),
            (r#"[{"id":"necessary"},{"id":"maps"}]"#, "categories[1].label: missing; the id is shown instead"),
            (r#"[{"id":"necessary"},{"id":"statistical","label":{"english":"x"}}]"#, "categories[1].label.english: invalid language tag \"english\""),
            (r#"[{"id":"necessary"},{"id":"statistical","label":{"en":1}}]"#, "categories[1].label.en: expected a string, found number"),
            (r#"[{"id":"necessary"},{"id":"statistical","label":true}]"#, "categories[1].label: expected a string or an object of translations, found boolean"),
            (r#"[{"id":"necessary"},{"id":"statistical","colour":"red"}]"#, "categories[1].colour: unknown key"),
            (r#"[{"id":"necessary"},{"id":"statistical","services":{}}]"#, "categories[1].services: expected an array, found object"),
            (r#"[{"id":"necessary","cookies":[{"provider":"x"}]}]"#, "categories[0].cookies[0].name: missing name; row ignored"),
            (r#"[{"id":"necessary","cookies":[{"name":"a;b"}]}]"#, "categories[0].cookies[0].name: invalid cookie name \"a;b\"; row ignored"),
        ];
        for (cats, want) in cases {
            let text = String::from(r#"{"categories":"#) + cats + "}";
            let (c, issues) = parse(&text);
            assert_eq!(described(&issues), [want], "{cats}");
            assert!(c.categories.first().is_some_and(|c| c.necessary), "{cats}");
        }
    }

    #[test]
    fn nothing_can_pre_grant_consent() {
        let (c, issues) = parse(
            r#"{"categories":[
                {"id":"necessary","enabled":true},
                {"id":"statistical","enabled":true,"default":true,"services":[{"id":"ga","default":true,"checked":false}]},
                {"id":"third_party","necessary":true,"defaultEnabled":false},
                {"id":"ads","label":"Ads","necessary":false,"checked":true}
            ]}"#,
        );
        assert_eq!(
            described(&issues),
            [
                "categories[0].enabled: ignored: necessary categories are always on",
                "categories[1].enabled: ignored: consent cannot be pre-granted; non-necessary purposes start refused",
                "categories[1].default: ignored: consent cannot be pre-granted; non-necessary purposes start refused",
                "categories[1].services[0].default: ignored: consent cannot be pre-granted; non-necessary purposes start refused",
                "categories[1].services[0].checked: ignored: non-necessary purposes always start refused",
                "categories[2].necessary: ignored: \"third_party\" always needs consent",
                "categories[2].defaultEnabled: ignored: non-necessary purposes always start refused",
                "categories[3].checked: ignored: consent cannot be pre-granted; non-necessary purposes start refused",
            ]
        );
        assert!(!is_usable(&issues));
        let necessary: Vec<&str> = c.categories.iter().filter(|c| c.necessary).map(|c| c.id.as_str()).collect();
        assert_eq!(necessary, ["necessary"]);
        assert_eq!(c.categories.len(), 4);
        // "necessary": false on the id "necessary" drops that category rather than guess.
        let (c, issues) = parse(r#"{"categories":[{"id":"necessary","necessary":false,"services":[{"id":"ga"}]},{"id":"statistical"}]}"#);
        assert_eq!(errors(&issues), ["categories[0].id"]);
        assert_eq!(warnings(&issues), ["categories"]);
        assert_eq!(c.categories.first(), Config::default().category("necessary"));
        // Statistical cannot be made necessary.
        let (c, issues) = parse(r#"{"categories":[{"id":"necessary"},{"id":"statistical","necessary":true}]}"#);
        assert_eq!(errors(&issues), ["categories[1].necessary"]);
        assert!(!c.category("statistical").unwrap().necessary);
    }

    #[test]
    fn service_rules_with_paths() {
        let (c, issues) = parse(&with_service(
            r#"{"id":"ga","label":"Google Analytics","cookies":["_ga","_ga_*","_pk_id.*"],"urls":["googletagmanager.com","*.matomo.cloud/*"],"toggle":true}"#,
        ));
        assert!(issues.is_empty(), "{:?}", described(&issues));
        let svc = c.category("statistical").and_then(|c| c.services.first()).unwrap();
        assert_eq!(svc.cookies, ["_ga", "_ga_*", "_pk_id.*"]);
        assert_eq!(svc.urls, ["googletagmanager.com", "*.matomo.cloud/*"]);
        let cases = [
            (r#"{"id":"ga","cookies":["_ga","_gid","a b"]}"#, "categories[1].services[0].cookies[2]: invalid pattern \"a b\""),
            (r#"{"id":"ga","cookies":["*"]}"#, "categories[1].services[0].cookies[0]: refused pattern \"*\": it would delete every cookie"),
            (r#"{"id":"ga","cookies":[""]}"#, "categories[1].services[0].cookies[0]: invalid pattern \"\""),
            (r#"{"id":"ga","cookies":[3]}"#, "categories[1].services[0].cookies[0]: expected a string, found number"),
            (r#"{"id":"ga","cookies":"_ga"}"#, "categories[1].services[0].cookies: expected an array, found string"),
            (r#"{"id":"ga","urls":["google analytics.com"]}"#, "categories[1].services[0].urls[0]: invalid URL pattern \"google analytics.com\""),
            (r#"{"id":"ga","urls":[""]}"#, "categories[1].services[0].urls[0]: invalid URL pattern \"\""),
            (r#"{"id":"ga","toggle":"yes"}"#, "categories[1].services[0].toggle: expected true or false, found string"),
            (r#"{"id":"ga","tggle":true}"#, "categories[1].services[0].tggle: unknown key"),
            (r#"{"id":"GA"}"#, "categories[1].services[0].id: invalid id \"GA\" (1 to 32 of a-z 0-9 _ -); service ignored"),
            (r#"{"id":"ga"},{"id":"ga"}"#, "categories[1].services[1].id: duplicate id \"ga\"; the first one is kept"),
        ];
        for (svc, want) in cases {
            let (_, issues) = parse(&with_service(svc));
            assert_eq!(described(&issues), [want], "{svc}");
        }
        // Services of a necessary category cannot be toggled off.
        let (c, issues) = parse(r#"{"categories":[{"id":"necessary","services":[{"id":"odsauth","toggle":true}]}]}"#);
        assert_eq!(warnings(&issues), ["categories[0].services[0].toggle"]);
        assert!(!c.categories.first().and_then(|c| c.services.first()).unwrap().toggle);
    }

    #[test]
    fn languages_and_texts() {
        let (c, issues) = parse(
            r#"{"language":"pt-BR","defaultLanguage":"EN","languages":["fr","en","pt-br"],
                "texts":{"fr":{"acceptAll":"J’accepte"},"PT-BR":{"save":"Salvar"}}}"#,
        );
        assert_eq!(
            described(&issues),
            ["texts.pt-br: 1 of 27 texts only; the others show in English (language pack: dist/texts/pt.json or biscotte/texts/pt)"]
        );
        assert_eq!(c.language.as_deref(), Some("pt-br"));
        assert_eq!(c.default_language, "en");
        assert_eq!(c.languages, ["fr", "en", "pt-br"]);
        // A complete language pack under `texts`: nothing to say.
        let (_, issues) = parse(concat!(r#"{"languages":["de"],"defaultLanguage":"de","texts":{"de":"#, include_str!("../texts/de.json"), "}}"));
        assert!(issues.is_empty(), "{:?}", described(&issues));
        assert_eq!(
            c.texts,
            [
                ("fr".into(), "acceptAll".into(), "J’accepte".into()),
                ("pt-br".into(), "save".into(), "Salvar".into())
            ]
        );
        let cases = [
            (r#"{"language":"french"}"#, "language: invalid language tag \"french\" (expected e.g. \"fr\" or \"pt-BR\")"),
            (r#"{"defaultLanguage":"fr_FR"}"#, "defaultLanguage: invalid language tag \"fr_FR\" (expected e.g. \"fr\" or \"pt-BR\")"),
            (r#"{"languages":["en","x"]}"#, "languages[1]: invalid language tag \"x\" (expected e.g. \"fr\" or \"pt-BR\")"),
            (r#"{"languages":["en","EN"]}"#, "languages[1]: duplicate language \"en\""),
            (r#"{"languages":["fr"]}"#, "defaultLanguage: \"en\" is not in languages"),
            (r#"{"languages":["en"],"language":"de"}"#, "language: \"de\" is not in languages"),
            (r#"{"texts":{"fr":{"acceptAl":"x"}}}"#, "texts.fr.acceptAl: unknown key"),
            (r#"{"texts":{"fr":{"acceptAll":" "}}}"#, "texts.fr.acceptAll: empty text; the built-in one is kept"),
            (r#"{"texts":{"fr":{"acceptAll":1}}}"#, "texts.fr.acceptAll: expected a string, found number"),
            (r#"{"texts":{"français":{"acceptAll":"x"}}}"#, "texts.français: invalid language tag \"français\""),
            (r#"{"texts":{"fr":"Tout accepter"}}"#, "texts.fr: expected an object, found string"),
            (
                r#"{"language":"de"}"#,
                "language: \"de\" has no texts, so the banner shows English: add texts.de (language pack: dist/texts/de.json or biscotte/texts/de)",
            ),
            (r#"{"defaultLanguage":"eu"}"#, "defaultLanguage: \"eu\" has no texts, so the banner shows English: add texts.eu"),
            (
                r#"{"texts":{"de":{"save":"a"}}}"#,
                "texts.de: 1 of 27 texts only; the others show in English (language pack: dist/texts/de.json or biscotte/texts/de)",
            ),
            (
                r#"{"languages":["fr","ja-JP"],"defaultLanguage":"fr"}"#,
                "languages[1]: \"ja-jp\" has no texts, so the banner shows English: add texts.ja (language pack: dist/texts/ja.json or biscotte/texts/ja)",
            ),
        ];
        for (text, want) in cases {
            let (c, issues) = parse(text);
            assert_eq!(described(&issues), [want], "{text}");
            assert!(c.texts.iter().all(|(_, _, t)| t == "a"), "{text}");
        }
    }

    #[test]
    fn layout_theme_and_floating_button() {
        let (c, issues) = parse("{}");
        assert!(issues.is_empty());
        assert_eq!((c.layout, c.theme, c.floating_button), (Layout::Bar, Theme::Auto, false));
        let (c, issues) = parse(r#"{"layout":"box","theme":"dark","floatingButton":true}"#);
        assert!(issues.is_empty(), "{:?}", described(&issues));
        assert_eq!((c.layout, c.theme, c.floating_button), (Layout::Box, Theme::Dark, true));
        assert_eq!((c.layout.as_str(), c.theme.as_str()), ("box", "dark"));
        let (c, _) = parse(r#"{"theme":"light","layout":"bar"}"#);
        assert_eq!((c.layout, c.theme), (Layout::Bar, Theme::Light));
        let (c, _) = parse(r#"{"theme":"auto","floatingButton":false,"layout":null}"#);
        assert_eq!((c.layout, c.theme, c.floating_button), (Layout::Bar, Theme::Auto, false));
        let cases = [
            (r#"{"layout":"Box"}"#, "layout: expected \"bar\" or \"box\", found \"Box\""),
            (r#"{"layout":"popup"}"#, "layout: expected \"bar\" or \"box\", found \"popup\""),
            (r#"{"layout":1}"#, "layout: expected a string, found number"),
            (r#"{"theme":"blue"}"#, "theme: expected \"auto\", \"light\" or \"dark\", found \"blue\""),
            (r#"{"theme":true}"#, "theme: expected a string, found boolean"),
            (r#"{"floatingButton":"yes"}"#, "floatingButton: expected true or false, found string"),
            (r#"{"floatingbutton":true}"#, "floatingbutton: unknown key"),
        ];
        for (text, want) in cases {
            let (c, issues) = parse(text);
            assert_eq!(described(&issues), [want], "{text}");
            // A bad value keeps the default.
            assert_eq!((c.layout, c.theme, c.floating_button), (Layout::Bar, Theme::Auto, false), "{text}");
        }
    }

    #[test]
    fn policy_url_is_http_or_relative() {
        for ok in ["https://www.data.corsica/pages/cookies/", "HTTP://example.org", "/pages/cookies", "pages/cookies", "#cookies", "?p=1", "//cdn.example.org/x"] {
            let (c, issues) = parse(&(String::from(r#"{"policyUrl":""#) + ok + "\"}"));
            assert!(issues.is_empty(), "{ok}: {:?}", described(&issues));
            assert_eq!(c.policy_url.as_deref(), Some(ok));
        }
        for bad in [
            "javascript:alert(1)", "JaVaScRiPt:alert(1)", "java\\tscript:alert(1)", " javascript:alert(1)",
            "data:text/html,x", "vbscript:x", "mailto:dpo@example.org", "https://", "https:///x", "", "ftp://x",
            "/a b", "\\\\evil.example", "foo:bar/baz",
        ] {
            let (c, issues) = parse(&(String::from(r#"{"policyUrl":""#) + bad + "\"}"));
            assert_eq!(errors(&issues), ["policyUrl"], "{bad}");
            assert_eq!(c.policy_url, None, "{bad}");
        }
        let (_, issues) = parse(r#"{"policyUrl":"javascript:alert(1)"}"#);
        assert_eq!(described(&issues), ["policyUrl: refused link \"javascript:alert(1)\" (only http(s) and relative links)"]);
    }

    #[test]
    fn every_problem_is_reported_in_one_pass() {
        let (c, issues) = parse(
            r#"{"revision":0,"lifetimeDays":400,"colour":"red",
                "cookie":{"sameSit":"Lax","path":"x","sameSite":"sideways"},
                "categories":[{"id":"Stats"},{"id":"statistical","enabled":true,"services":[{"id":"ga","cookies":["_ga","a b"]}]}],
                "languages":["fr","??"],"texts":{"fr":{"acceptAl":"x"}},"policyUrl":"data:x"}"#,
        );
        assert_eq!(
            described(&issues),
            [
                "colour: unknown key",
                "revision: must be at least 1",
                "lifetimeDays: exceeds 13 months (395 days)",
                "cookie.sameSit: unknown key",
                "cookie.path: invalid path \"x\" (must start with /, no ';')",
                "cookie.sameSite: expected \"Lax\", \"Strict\" or \"None\", found \"sideways\"",
                "categories[0].id: invalid id \"Stats\" (1 to 32 of a-z 0-9 _ -); category ignored",
                "categories[1].enabled: ignored: consent cannot be pre-granted; non-necessary purposes start refused",
                "categories[1].services[0].cookies[1]: invalid pattern \"a b\"",
                "categories: no necessary category; the default one was added first",
                "languages[1]: invalid language tag \"??\" (expected e.g. \"fr\" or \"pt-BR\")",
                "defaultLanguage: \"en\" is not in languages",
                "texts.fr.acceptAl: unknown key",
                "policyUrl: refused link \"data:x\" (only http(s) and relative links)",
            ]
        );
        // Good parts are kept, bad parts fall back to their defaults.
        assert_eq!((c.revision, c.lifetime_days, c.cookie.path.as_str()), (1, 182, "/"));
        let ids: Vec<&str> = c.categories.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["necessary", "statistical"]);
        assert_eq!(c.category("statistical").and_then(|c| c.services.first()).map(|s| s.cookies.clone()), Some(vec!["_ga".into()]));
        assert_eq!(c.languages, ["fr"]);
    }

    #[test]
    fn messages_quote_values_safely() {
        let long = "x".repeat(100);
        let (_, issues) = parse(&(String::from(r#"{"cookie":{"name":"a\"b\\c\n"#) + &long + "\"}}"));
        let message = &issues.first().unwrap().message;
        assert!(message.starts_with("invalid cookie name \"a\\\"b\\\\c\u{fffd}xxx"), "{message}");
        assert!(message.ends_with("x…\""), "{message}");
    }

    /// Opendatasoft portals from the seeds: each config reads without issues.
    #[test]
    fn seed_portals() {
        // data.corsica: French first, Matomo statistics, relative policy link.
        let (c, issues) = parse(
            r#"{"revision":2,"defaultLanguage":"fr","languages":["fr","en"],"policyUrl":"/pages/cookies/",
                "categories":[
                  {"id":"necessary","necessary":true,"cookies":[
                    {"name":"sessionid","provider":"Opendatasoft","purpose":{"fr":"Vous reconnaître d'une page à l'autre","en":"To remember the user from one page to another"},"duration":"Session"},
                    {"name":"django_language","provider":"Opendatasoft","purpose":{"en":"To remember the visitor's language"}},
                    {"name":"csrftoken","provider":"Opendatasoft","purpose":{"en":"To retrieve data via API calls"}},
                    {"name":"cookies_preferences","provider":"Opendatasoft","purpose":{"en":"To remember the visitor's cookie preferences"}}]},
                  {"id":"statistical","services":[{"id":"matomo","label":"Matomo","cookies":["_pk_id.*","_pk_ses.*"],"urls":["*.matomo.cloud/*"]}]}]}"#,
        );
        assert!(issues.is_empty(), "data.corsica: {:?}", described(&issues));
        assert_eq!(c.default_language, "fr");
        assert_eq!(c.categories.first().map(|c| c.cookies.len()), Some(4));

        // codeforcary: English, Google Analytics, absolute policy link.
        let (c, issues) = parse(
            r#"{"languages":["en"],"policyUrl":"https://codeforcary.opendatasoft.com/pages/cookies/",
                "categories":[{"id":"necessary"},{"id":"statistical","services":[
                  {"id":"google_analytics","label":"Google Analytics","cookies":["_ga","_ga_*","_gid"],"urls":["googletagmanager.com","www.google-analytics.com"]}]}]}"#,
        );
        assert!(issues.is_empty(), "codeforcary: {:?}", described(&issues));
        assert_eq!(c.policy_url.as_deref(), Some("https://codeforcary.opendatasoft.com/pages/cookies/"));

        // pacificspatial: Japanese first, with the Japanese language pack.
        let (c, issues) = parse(concat!(
            r#"{"defaultLanguage":"ja","languages":["ja","en"],"texts":{"ja":"#,
            include_str!("../texts/ja.json"),
            "}}"
        ));
        assert!(issues.is_empty(), "pacificspatial: {:?}", described(&issues));
        assert_eq!(c.categories, Config::default().categories);
        assert_eq!(crate::core::texts::text(&c, "ja", TextKey::BannerTitle), "当サイトではCookieを使用しています");

        // datamidsouth: the default categories plus embedded videos as third-party content.
        let (c, issues) = parse(
            r#"{"cookie":{"domain":"datamidsouth.opendatasoft.com","secure":true},
                "categories":[{"id":"necessary"},{"id":"statistical"},
                  {"id":"third_party","label":{"en":"Embedded content"},"services":[
                    {"id":"youtube","label":"YouTube","urls":["www.youtube.com/embed/*","www.youtube-nocookie.com/*"],"toggle":true}],
                   "cookies":[{"name":"VISITOR_INFO1_LIVE","provider":"YouTube","purpose":"Video player preferences","duration":{"en":"6 months"}}]}]}"#,
        );
        assert!(issues.is_empty(), "datamidsouth: {:?}", described(&issues));
        assert_eq!(c.category("third_party").map(|c| c.services.len()), Some(1));

        // nterpolilli: a second policy revision kept for the longest allowed time.
        let (c, issues) = parse(r#"{"revision":2,"lifetimeDays":395,"languages":["en","fr"],"cookie":{"sameSite":"Lax"}}"#);
        assert!(issues.is_empty(), "nterpolilli: {:?}", described(&issues));
        assert_eq!((c.revision, c.lifetime_days), (2, 395));
    }

    /// Writes a JSON value back to text (test helper).
    fn write(v: &Json, out: &mut String) {
        match v {
            Json::Null => out.push_str("null"),
            Json::Bool(b) => out.push_str(if *b { "true" } else { "false" }),
            Json::Num(n) => out.push_str(n.raw()),
            Json::Str(s) => write_str(s, out),
            Json::Arr(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write(item, out);
                }
                out.push(']');
            }
            Json::Obj(pairs) => {
                out.push('{');
                for (i, (k, item)) in pairs.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_str(k, out);
                    out.push(':');
                    write(item, out);
                }
                out.push('}');
            }
        }
    }

    fn write_str(s: &str, out: &mut String) {
        out.push('"');
        for c in s.chars() {
            match c {
                '"' => out.push_str("\\\""),
                '\\' => out.push_str("\\\\"),
                c if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
                c => out.push(c),
            }
        }
        out.push('"');
    }

    fn config_like() -> impl proptest::strategy::Strategy<Value = Json> {
        use proptest::prelude::*;
        const NAMES: &[&str] = &[
            "revision", "lifetimeDays", "cookie", "name", "domain", "path", "sameSite", "secure", "categories", "id",
            "necessary", "label", "description", "services", "cookies", "urls", "toggle", "enabled", "provider",
            "purpose", "duration", "language", "defaultLanguage", "languages", "texts", "policyUrl", "fr", "en",
            "acceptAll", "x",
        ];
        let leaf = prop_oneof![
            Just(Json::Null),
            any::<bool>().prop_map(Json::Bool),
            prop_oneof![Just("0"), Just("1"), Just("-3"), Just("395"), Just("1.5"), Just("1e400"), Just("99999999999")]
                .prop_map(|n| json::parse(n).unwrap_or(Json::Null)),
            prop_oneof![
                Just("necessary"), Just("statistical"), Just("_ga_*"), Just("*"), Just("a b"), Just("Lax"), Just("fr"),
                Just("https://x.org"), Just("javascript:x"), Just("/p"), Just(""), Just("é\u{1F36A}"),
            ]
            .prop_map(|s| Json::Str(s.into())),
        ];
        leaf.prop_recursive(5, 64, 6, |inner| {
            prop_oneof![
                proptest::collection::vec(inner.clone(), 0..6).prop_map(Json::Arr),
                proptest::collection::vec((proptest::sample::select(NAMES), inner), 0..6)
                    .prop_map(|pairs| Json::Obj(pairs.into_iter().map(|(k, v)| (k.to_string(), v)).collect())),
            ]
        })
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_any_text(text in ".{0,300}") {
            let _ = Config::from_json(&text);
        }

        #[test]
        fn config_shaped_values_always_give_a_safe_config(v in config_like()) {
            let mut text = String::new();
            write(&v, &mut text);
            let (c, issues) = Config::from_json(&text);
            // Always a necessary category first-or-somewhere, never a pre-granted optional one.
            proptest::prop_assert!(c.categories.iter().any(|c| c.necessary));
            for cat in &c.categories {
                proptest::prop_assert!(!(cat.necessary && OPTIONAL_IDS.contains(&cat.id.as_str())));
                proptest::prop_assert!(is_id(&cat.id));
            }
            proptest::prop_assert!((1..=MAX_LIFETIME_DAYS).contains(&c.lifetime_days));
            proptest::prop_assert!(c.revision >= 1);
            for issue in &issues {
                proptest::prop_assert!(!issue.describe().is_empty());
            }
        }
    }
}
