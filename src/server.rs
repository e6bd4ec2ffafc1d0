//! The back-end API: a portal's configuration and the verdict on a request.
//!
//! Why a separate face: the core's modules are built for the browser layer and change with it;
//! a back end needs four things only — the configuration parsed from the portal's own JSON (with
//! every issue, as the browser reports them), the `Cookie` and `Sec-GPC` headers read into a
//! verdict, that verdict per category and service, and the record behind it. Every rule
//! (revision, lifetime, completeness, refusal of anything not written) is the core's, through
//! the same reader the browser uses, so a server and the page never disagree.

use crate::prelude::*;
use alloc::sync::Arc;

use crate::core::config::Config as Rules;
use crate::core::config_parse::{is_usable, ConfigIssue};
use crate::core::consent::{decide, AskReason, Consent, Status};
use crate::core::reader;
use crate::core::standing::{objections, signal_refusal};

/// The id of a refusal Global Privacy Control makes on a request with no standing decision
/// (`globalPrivacyControl: "refuse"`): the browser writes the same refusal with an id of its own.
pub const SIGNAL_ID: &str = "global-privacy-control";

/// A portal's consent configuration, read from the same JSON the page gives the browser.
///
/// `Config::default()` is the built-in portal policy (categories `necessary`, `statistical`,
/// `third_party`; revision 1; 182 days; cookie `cookies_preferences`).
///
/// Cloning is cheap (the parsed configuration is shared), so it can sit in a server's state.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Config(Arc<Parsed>);

#[derive(Debug, Default, PartialEq, Eq)]
struct Parsed {
    rules: Rules,
    issues: Vec<ConfigIssue>,
}

impl Config {
    /// Parses and validates the JSON configuration exactly as the browser does: every key is
    /// optional, each bad value keeps its default and becomes an issue naming its path, and
    /// text that is not JSON gives the defaults and one error. The result is always safe to
    /// run; log [`Config::issues`] (the browser prints them to the console).
    ///
    /// Settings given to the browser as `data-*` attributes of the script tag are not in the
    /// JSON, so a back end cannot see them: put settings a server shares in the JSON.
    #[must_use]
    pub fn from_json(text: &str) -> Config {
        let (rules, issues) = Rules::from_json(text);
        Config(Arc::new(Parsed { rules, issues }))
    }

    #[cfg(feature = "serde")]
    pub(crate) fn from_parts(rules: Rules, issues: Vec<ConfigIssue>) -> Config {
        Config(Arc::new(Parsed { rules, issues }))
    }

    /// What validation found: errors (a value refused, its default kept) and warnings
    /// (something ignored or completed), in document order.
    pub fn issues(&self) -> &[ConfigIssue] {
        &self.0.issues
    }

    /// True when no issue is an error (warnings allowed).
    pub fn is_usable(&self) -> bool {
        is_usable(&self.0.issues)
    }

    /// The policy revision; a record made under another one is outdated.
    pub fn revision(&self) -> u32 {
        self.0.rules.revision
    }

    /// How long an acceptance stays valid, in days.
    pub fn lifetime_days(&self) -> u32 {
        self.0.rules.lifetime_days
    }

    /// How long a refusal stays valid, in days.
    pub fn refusal_days(&self) -> u32 {
        self.0.rules.refusal_days
    }

    /// The consent cookie's name.
    pub fn cookie_name(&self) -> &str {
        &self.0.rules.cookie.name
    }

    /// The `consentLogUrl` the browser sends each decision to, if any.
    pub fn consent_log_url(&self) -> Option<&str> {
        self.0.rules.consent_log_url.as_deref()
    }

    /// Every purpose a verdict decides on, in display order: each category id, and
    /// `category/service` for each of its services.
    pub fn purposes(&self) -> Vec<String> {
        let mut out = Vec::new();
        for category in &self.0.rules.categories {
            out.push(category.id.clone());
            for service in &category.services {
                out.push(crate::strings::concat::concat(&[&category.id, "/", &service.id]));
            }
        }
        out
    }

    /// The verdict on a request: `cookie` are its `Cookie` header values (HTTP/2 may send
    /// several; they are joined as one header), `sec_gpc` its `Sec-GPC` header value if any,
    /// `now` the current Unix time in seconds.
    ///
    /// The browser's rules apply, through the browser's own reader: the cookie named in the
    /// configuration, how several copies of it count, the revisions, the lifetimes of an
    /// acceptance and of a refusal, and completeness (a purpose the record does not decide on
    /// asks again). Anything a valid record does not grant is refused. With
    /// `globalPrivacyControl: "refuse"` and `Sec-GPC: 1`, a request that would ask is a refusal
    /// of every optional purpose whose choice does not stand, as in the browser (record id
    /// [`SIGNAL_ID`] until the browser has stored its own).
    pub fn read<'h>(&self, cookie: impl IntoIterator<Item = &'h str>, sec_gpc: Option<&str>, now: u64) -> Verdict {
        let mut header = String::new();
        for value in cookie {
            if !header.is_empty() {
                header.push_str("; ");
            }
            header.push_str(value);
        }
        let rules = &self.0.rules;
        let mut read = reader::read(rules, &header, now);
        let gpc = sec_gpc.is_some_and(|v| v.trim() == "1");
        if let Some(refusal) = signal_refusal(rules, &read.status, &read.standing, gpc) {
            let mut consent = decide(rules, &refusal, read.status.consent(), SIGNAL_ID, now);
            consent.gpc = true;
            read.status = Status::Decided(consent);
        }
        let mut purposes = Vec::new();
        let mut exempt = Vec::new();
        // While asking again, an objection to an exempt service that stands still stops it.
        let objections = objections(rules, &read.standing);
        let consent = read.status.consent().or(objections.as_ref());
        for category in &rules.categories {
            purposes.push((category.id.clone(), read.allows(&category.id)));
            for service in &category.services {
                let name = crate::strings::concat::concat(&[&category.id, "/", &service.id]);
                let mode = crate::core::exempt::mode(rules, consent, &category.id, &service.id);
                if mode == crate::core::exempt::Mode::Exempt {
                    exempt.push(name.clone());
                }
                purposes.push((name, mode == crate::core::exempt::Mode::Full));
            }
        }
        Verdict { status: read.status, unreadable: read.error.map(|e| e.as_str()), gpc, purposes, exempt }
    }

    /// The verdict on a request's headers (`Cookie`, `Sec-GPC`) at `now` (Unix seconds).
    /// Header values that are not UTF-8 are skipped, so a cookie in one reads as absent.
    #[cfg(feature = "axum")]
    pub fn read_headers(&self, headers: &http::HeaderMap, now: u64) -> Verdict {
        let cookies = headers.get_all(http::header::COOKIE).into_iter().filter_map(|v| v.to_str().ok());
        let mut gpc = None;
        for value in headers.get_all("sec-gpc") {
            if value.to_str().is_ok_and(|v| v.trim() == "1") {
                gpc = Some("1");
            }
        }
        self.read(cookies, gpc, now)
    }
}

/// A visitor's consent for one request, per category and service.
///
/// Without a valid record nothing is allowed, not even a necessary category: as in the browser,
/// where `accepted('necessary')` is `false` and gated markup waits until the visitor decides.
/// (The portal's own necessary cookies are not gated.)
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    status: Status,
    unreadable: Option<&'static str>,
    gpc: bool,
    purposes: Vec<(String, bool)>,
    exempt: Vec<String>,
}

impl Verdict {
    /// Whether `name` runs with consent: a category id, or `category/service` (as `accepted` in
    /// the browser). A service follows its own choice when the record has one, else its
    /// category's; an exempt service is allowed in full mode only (consent to its category, no
    /// objection), see [`Verdict::exempt`].
    pub fn allows(&self, name: &str) -> bool {
        match self.purposes.iter().find(|(n, _)| n == name) {
            Some((_, allowed)) => *allowed,
            None => self.consent().is_some_and(|c| c.allows_name(name)),
        }
    }

    /// Whether `service` of `category` runs with consent (see [`Verdict::allows`]).
    pub fn allows_service(&self, category: &str, service: &str) -> bool {
        self.allows(&crate::strings::concat::concat(&[category, "/", service]))
    }

    /// Whether `category/service` runs as exempt audience measurement now: declared exempt, no
    /// consent to its category (no decision yet, or a refusal) and no objection. Such a service
    /// may run in its exempt mode (anonymous statistics only); [`Verdict::allows`] says when it
    /// may run in full.
    pub fn exempt(&self, name: &str) -> bool {
        self.exempt.iter().any(|n| n == name)
    }

    /// Each purpose of the configuration ([`Config::purposes`]) with whether it may run.
    pub fn purposes(&self) -> impl Iterator<Item = (&str, bool)> {
        self.purposes.iter().map(|(name, allowed)| (name.as_str(), *allowed))
    }

    /// The valid record the verdict rests on; `None` when the visitor must be asked.
    pub fn consent(&self) -> Option<&Consent> {
        self.status.consent()
    }

    /// Why the visitor must be asked (no record, unreadable, outdated, expired, incomplete);
    /// `None` when a valid record decides.
    pub fn ask_reason(&self) -> Option<AskReason> {
        match self.status {
            Status::Decided(_) => None,
            Status::Ask(reason) => Some(reason),
        }
    }

    /// What was wrong with a consent cookie that could not be read, for logs.
    pub fn unreadable(&self) -> Option<&'static str> {
        self.unreadable
    }

    /// Whether the request carried Global Privacy Control (`Sec-GPC: 1`). With
    /// `globalPrivacyControl: "notice"` (the default) it changes no verdict (the browser shows a
    /// notice and every optional category stays refused until the visitor chooses); with
    /// `"refuse"` a request without a standing decision is a refusal ([`Config::read`]).
    pub fn gpc(&self) -> bool {
        self.gpc
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::config_parse::Severity;

    const GOOD: &str = "cookies_preferences=v1.3.q2Xo3mZb8kT1vLwA.1000.1000.necessary=1|statistical=1|statistical/matomo=0|third_party=0";
    const CONFIG: &str = r#"{ "revision": 3, "lifetimeDays": 30,
        "categories": [{ "id": "necessary", "necessary": true }, { "id": "statistical", "services": [{ "preset": "matomo" }] }, { "id": "third_party" }] }"#;
    const DAY: u64 = 86_400;

    #[test]
    fn a_valid_record_decides_each_purpose() {
        let config = Config::from_json(CONFIG);
        assert_eq!(config.issues(), &[]);
        let v = config.read(["sessionid=x", GOOD], None, 2000);
        assert_eq!(v.ask_reason(), None);
        assert!(v.allows("necessary") && v.allows("statistical") && !v.allows("third_party"));
        assert!(!v.allows("statistical/matomo") && !v.allows_service("statistical", "matomo"));
        let purposes: Vec<_> = v.purposes().collect();
        assert_eq!(
            purposes,
            [("necessary", true), ("statistical", true), ("statistical/matomo", false), ("third_party", false)]
        );
        assert_eq!(v.consent().map(|c| c.id.as_str()), Some("q2Xo3mZb8kT1vLwA"));
    }

    #[test]
    fn an_exempt_service_runs_exempt_until_consent_or_objection() {
        let config = Config::from_json(&CONFIG.replace(r#"{ "preset": "matomo" }"#, r#"{ "preset": "matomo", "exempt": true }"#));
        assert_eq!(config.issues(), &[]);
        let none = config.read([], None, 2000);
        assert!(none.exempt("statistical/matomo") && !none.allows("statistical/matomo"), "before any decision");
        let refused = GOOD.replace("statistical=1|statistical/matomo=0", "statistical=0|statistical/matomo=1");
        let v = config.read([refused.as_str()], None, 2000);
        assert!(v.exempt("statistical/matomo") && !v.allows("statistical/matomo"), "after a refusal: exempt, not consented");
        let older = GOOD.replace("statistical=1|statistical/matomo=0", "statistical=0");
        let v = config.read([older.as_str()], None, 2000);
        assert_eq!(v.ask_reason(), None, "a record from before the exemption still decides");
        assert!(v.exempt("statistical/matomo"), "no entry: no objection");
        let accepted = GOOD.replace("statistical/matomo=0", "statistical/matomo=1");
        let v = config.read([accepted.as_str()], None, 2000);
        assert!(v.allows("statistical/matomo") && !v.exempt("statistical/matomo"), "full mode");
        let v = config.read([GOOD], None, 2000);
        assert!(!v.allows("statistical/matomo") && !v.exempt("statistical/matomo"), "objected: nothing runs");
        let asked = Config::from_json(&CONFIG.replace(r#"{ "preset": "matomo" }"#, r#"{ "preset": "matomo", "exempt": true }"#).replace(r#"{ "id": "third_party" }"#, r#"{ "id": "third_party" }, { "id": "maps" }"#));
        let v = asked.read([GOOD], None, 2000);
        assert_eq!(v.ask_reason(), Some(AskReason::Incomplete), "maps is new");
        assert!(!v.exempt("statistical/matomo") && !v.allows("statistical/matomo"), "asking about maps, the objection stands");
    }

    #[test]
    fn revision_lifetime_and_completeness_ask_again() {
        let config = Config::from_json(CONFIG);
        assert_eq!(config.read([GOOD], None, 1000 + 30 * DAY + 1).ask_reason(), Some(AskReason::Expired));
        let old = GOOD.replace("v1.3.", "v1.2.");
        assert_eq!(config.read([old.as_str()], None, 2000).ask_reason(), Some(AskReason::Outdated));
        let partial = GOOD.replace("|statistical/matomo=0", "");
        let v = config.read([partial.as_str()], None, 2000);
        assert_eq!(v.ask_reason(), Some(AskReason::Incomplete));
        assert!(v.purposes().all(|(_, allowed)| !allowed) && !v.allows("necessary"));
        let v = config.read(["cookies_preferences=nonsense"], None, 2000);
        assert_eq!((v.ask_reason(), v.unreadable()), (Some(AskReason::Unreadable), Some("not a Biscotte value")));
        assert_eq!(config.read([], None, 2000).ask_reason(), Some(AskReason::NoRecord));
    }

    #[test]
    fn several_cookie_headers_read_as_one() {
        let config = Config::from_json(CONFIG);
        assert!(config.read(["a=1", "b=2; ", GOOD], None, 2000).allows("statistical"));
    }

    #[test]
    fn sec_gpc_is_reported_and_changes_no_verdict() {
        let config = Config::from_json(CONFIG);
        let with = config.read([GOOD], Some(" 1 "), 2000);
        let without = config.read([GOOD], None, 2000);
        assert!(with.gpc() && !without.gpc());
        assert!(!config.read([GOOD], Some("0"), 2000).gpc());
        assert_eq!(with.purposes().collect::<Vec<_>>(), without.purposes().collect::<Vec<_>>());
    }

    #[test]
    fn sec_gpc_refuses_a_request_that_would_ask_when_configured() {
        let config = Config::from_json(&CONFIG.replace("\"revision\": 3,", "\"revision\": 3, \"globalPrivacyControl\": \"refuse\","));
        assert_eq!(config.issues(), &[]);
        let v = config.read([], Some("1"), 2000);
        assert_eq!(v.ask_reason(), None);
        assert!(v.gpc() && v.allows("necessary") && !v.allows("statistical") && !v.allows("statistical/matomo"));
        assert_eq!(v.consent().map(|c| (c.id.as_str(), c.gpc)), Some((SIGNAL_ID, true)));
        assert_eq!(config.read([], None, 2000).ask_reason(), Some(AskReason::NoRecord), "no signal, the banner asks");
        let opted_in = config.read([GOOD], Some("1"), 2000);
        assert!(opted_in.allows("statistical"), "an explicit choice stands over the signal");
        assert_eq!(opted_in.consent().map(|c| c.id.as_str()), Some("q2Xo3mZb8kT1vLwA"));
    }

    #[test]
    fn issues_are_all_returned_and_defaults_kept() {
        let config = Config::from_json(r#"{ "revision": "two", "lifetimeDays": 9999, "colour": "red" }"#);
        let severities: Vec<_> = config.issues().iter().map(|i| (i.path.as_str(), i.severity)).collect();
        assert_eq!(
            severities,
            [("colour", Severity::Warning), ("revision", Severity::Error), ("lifetimeDays", Severity::Error)]
        );
        assert!(!config.is_usable());
        assert_eq!((config.revision(), config.lifetime_days()), (1, 182));
        let not_json = Config::from_json("{");
        assert_eq!((not_json.issues().len(), not_json.cookie_name()), (1, "cookies_preferences"));
    }
}
