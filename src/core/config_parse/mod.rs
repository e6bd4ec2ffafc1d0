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
//!
//! # Where each part is read
//! This file holds the entry points, the issue types and the document's top
//! level (`revision`, `lifetimeDays`, `policyUrl`, unknown keys); `read` the
//! path-tracking context and typed readers every part uses; `formats` what a
//! cookie name, domain or path may look like; `categories` the purposes and
//! their guards (no pre-granted consent, the decision cap); `settings` the
//! cookie, the appearance and the integrations; `languages` the languages and
//! texts.

mod categories;
mod formats;
mod languages;
mod read;
mod settings;

use crate::prelude::*;

use crate::core::config::{Config, MAX_LIFETIME_DAYS};
use crate::core::json::{self, Json};
use crate::core::links::is_safe_link;
use crate::strings::concat::concat;
use crate::strings::search;

use categories::{cap_decisions, categories};
use languages::{languages, texts, untranslated};
use read::{field, integer, object, string, Ctx, Path, ROOT};
use settings::{appearance, cookie, integrations};

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

/// The hint for a configuration that ends before its closing brace.
const CUT_SHORT: &str = "; the configuration ends early: if it is in a <script type=\"application/json\"> block, a </script> inside it ends the block there (write <\\/script> in its strings)";

impl Config {
    /// Parses and validates a JSON configuration (see [`Config::from_value`]).
    /// Text that is not JSON gives `Config::default()` and one error.
    pub fn from_json(text: &str) -> (Config, Vec<ConfigIssue>) {
        match json::parse(text) {
            Ok(value) => Config::from_value(&value),
            Err(e) => Config::invalid_json(&e.describe(), Some(text)),
        }
    }

    /// The default config and one error, for text that is not JSON (`reason`: why).
    ///
    /// `text` is what was read, if anything was: a `</script>` inside a
    /// `<script type="application/json">` block ends it early, and JSON cut short that way gets
    /// a hint saying so.
    pub fn invalid_json(reason: &str, text: Option<&str>) -> (Config, Vec<ConfigIssue>) {
        let cut_short = text.is_some_and(|t| !search::trim(t).ends_with('}'));
        let hint = if cut_short { CUT_SHORT } else { "" };
        let message = concat(&["invalid JSON: ", reason, hint]);
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

// ---- the document -----------------------------------------------------------

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
    "consentModes",
    "globalPrivacyControl",
    "consentLogUrl",
    "audit",
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

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::codec::is_id;
    use crate::core::config::{Layout, Theme};
    use crate::core::texts::TextKey;
    use categories::OPTIONAL_IDS;

    pub(super) fn parse(text: &str) -> (Config, Vec<ConfigIssue>) {
        Config::from_json(text)
    }

    /// The issues as `path: message` lines, errors and warnings alike.
    pub(super) fn described(issues: &[ConfigIssue]) -> Vec<String> {
        issues.iter().map(ConfigIssue::describe).collect()
    }

    pub(super) fn errors(issues: &[ConfigIssue]) -> Vec<&str> {
        issues.iter().filter(|i| i.severity == Severity::Error).map(|i| i.path.as_str()).collect()
    }

    pub(super) fn warnings(issues: &[ConfigIssue]) -> Vec<&str> {
        issues.iter().filter(|i| i.severity == Severity::Warning).map(|i| i.path.as_str()).collect()
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
    fn a_block_cut_short_by_a_script_end_tag_says_so() {
        // What the HTML parser leaves of `{"texts": {"en": {"bannerText": "a </script> b"}}}`.
        let (_, issues) = parse(r#"{"texts": {"en": {"bannerText": "a "#);
        let message = described(&issues).join("\n");
        assert!(message.contains("a </script> inside it ends the block there (write <\\/script>"), "{message}");
        let (_, issues) = parse("{\"revision\": 2,}");
        assert!(!described(&issues).join("").contains("</script>"), "whole but broken JSON gets no such hint");
        let (_, issues) = Config::invalid_json("JSON.stringify gave nothing", None);
        assert!(!described(&issues).join("").contains("</script>"));
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
        let others = |d: &String| crate::core::texts::OTHER_BRANCHES.iter().any(|k| *d == format!("texts.ja.{k}: unknown key"));
        assert!(described(&issues).iter().all(others), "pacificspatial: {:?}", described(&issues));
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
