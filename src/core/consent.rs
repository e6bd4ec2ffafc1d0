//! The consent record and the rules that turn a visitor's decision into one.
//!
//! A record lists a decision for every category and toggleable service of the
//! configuration it was made under. Anything the record does not mention is
//! refused: consent is never inferred, only read.

use crate::prelude::*;

use crate::core::config::Config;
use crate::strings::search;

/// Version of the record format written in the cookie (`v1`).
pub const FORMAT_VERSION: u32 = 1;

/// One decision: a category (`service: None`) or a service inside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Choice {
    /// Category id.
    pub category: String,
    /// Service id, for a service-level decision.
    pub service: Option<String>,
    /// True when the visitor accepted.
    pub granted: bool,
}

impl Choice {
    /// A category-level choice.
    pub fn category(category: &str, granted: bool) -> Self {
        Choice { category: category.into(), service: None, granted }
    }

    /// A service-level choice.
    pub fn service(category: &str, service: &str, granted: bool) -> Self {
        Choice { category: category.into(), service: Some(service.into()), granted }
    }

    /// What it decides on, as the page names it: `category` or `category/service`.
    pub fn name(&self) -> String {
        let mut name = self.category.clone();
        if let Some(service) = &self.service {
            name.push('/');
            name.push_str(service);
        }
        name
    }

    fn same_subject(&self, other: &Choice) -> bool {
        self.category == other.category && self.service == other.service
    }
}

/// What the visitor decided, and when, under which policy revision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Consent {
    /// Policy revision the decision was made under.
    pub revision: u32,
    /// Random identifier of this consent, for proof of consent (`[A-Za-z0-9_-]`, 8–64 chars).
    pub id: String,
    /// Unix time (seconds) of the visitor's first decision.
    pub first: u64,
    /// Unix time (seconds) of the latest decision.
    pub last: u64,
    /// One entry per category and per toggleable service.
    pub choices: Vec<Choice>,
    /// The browser sent Global Privacy Control when the latest decision was made.
    pub gpc: bool,
}

impl Consent {
    /// Whether the category was accepted. Unknown categories are refused.
    pub fn allows(&self, category: &str) -> bool {
        self.choices.iter().any(|c| c.service.is_none() && c.category == category && c.granted)
    }

    /// Whether a service may run: its own choice when it has one, else its category's.
    pub fn allows_service(&self, category: &str, service: &str) -> bool {
        let own = self
            .choices
            .iter()
            .find(|c| c.category == category && c.service.as_deref() == Some(service));
        match own {
            Some(choice) => choice.granted,
            None => self.allows(category),
        }
    }

    /// Whether what names a category and maybe a service (gated markup's `data-category` and
    /// `data-service`) may run: the service's choice when it names one, else the category's.
    pub fn allows_subject(&self, category: &str, service: Option<&str>) -> bool {
        match service {
            Some(service) => self.allows_service(category, service),
            None => self.allows(category),
        }
    }

    /// Whether `name` may run: a category id, or `category/service`.
    pub fn allows_name(&self, name: &str) -> bool {
        match search::split_once_ascii(name, b'/') {
            Some((category, service)) => self.allows_subject(category, Some(service)),
            None => self.allows_subject(name, None),
        }
    }
}

/// What the visitor asked for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    /// Every category and service.
    AcceptAll,
    /// Necessary categories only.
    RejectAll,
    /// The listed choices; anything not listed is refused.
    Custom(Vec<Choice>),
}

/// Why the banner must be shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AskReason {
    /// No consent cookie.
    NoRecord,
    /// A cookie that is not a record we can read (corrupt, foreign, unknown version).
    Unreadable,
    /// Made under a later policy revision, or an acceptance of a purpose changed since.
    Outdated,
    /// A choice older than its lifetime (an acceptance's or a refusal's).
    Expired,
    /// The configuration has a category or service the record does not decide on.
    Incomplete,
    /// Dated later than now beyond [`CLOCK_SKEW`], or a first decision after the latest:
    /// no real decision was made then.
    Future,
    /// Several readable copies of the cookie (on other domains or paths) disagree.
    Conflicting,
}

impl AskReason {
    /// A short English explanation for the console.
    pub fn as_str(self) -> &'static str {
        match self {
            AskReason::NoRecord => "no stored choice",
            AskReason::Unreadable => "the stored choice is unreadable; asking again",
            AskReason::Outdated => "the cookie policy changed since the stored choice; asking again",
            AskReason::Expired => "the stored choice expired; asking again",
            AskReason::Incomplete => "new purposes were added since the stored choice; asking again",
            AskReason::Future => "the stored choice is dated in the future; asking again",
            AskReason::Conflicting => "several stored choices disagree; asking again",
        }
    }
}

/// The consent state of a page view.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Status {
    /// A valid decision: apply it, show no banner.
    Decided(Consent),
    /// Ask the visitor; only necessary categories run meanwhile.
    Ask(AskReason),
}

impl Status {
    /// The valid record, if any.
    pub fn consent(&self) -> Option<&Consent> {
        match self {
            Status::Decided(c) => Some(c),
            Status::Ask(_) => None,
        }
    }

    /// The valid record, if any, taken out.
    pub fn into_consent(self) -> Option<Consent> {
        match self {
            Status::Decided(c) => Some(c),
            Status::Ask(_) => None,
        }
    }
}

/// How far ahead of `now` a record's times may lie and still count: one day. A browser whose
/// clock is set in the wrong time zone is off by up to 14 hours, and a back end reads times
/// the browser's clock wrote; beyond a day the record is forged or the clock is wrong, and
/// either way it must not live past its lifetime (a record dated in 9999 would never expire).
pub const CLOCK_SKEW: u64 = 86_400;

/// Evaluates a decoded record against the configuration at time `now` (Unix seconds): a
/// decision when every optional purpose has a choice that still stands (`crate::core::standing`).
pub fn status(config: &Config, record: Option<Consent>, unreadable: bool, now: u64) -> Status {
    let consent = match record {
        Some(c) => c,
        None if unreadable => return Status::Ask(AskReason::Unreadable),
        None => return Status::Ask(AskReason::NoRecord),
    };
    if let Err(reason) = readable(config, &consent, now) {
        return Status::Ask(reason);
    }
    for (category, service) in purposes(config) {
        if let Some(reason) = lapse(config, &consent, category, service, now) {
            return Status::Ask(reason);
        }
    }
    Status::Decided(consent)
}

// ---- refusal and acceptance kept apart (ADR 016; `crate::core::standing`) ----

/// Why the choice `record` holds for `category` (and `service`) no longer stands at `now`, or
/// `None` when it does: not decided ([`AskReason::Incomplete`]), past its own lifetime
/// ([`AskReason::Expired`]), or an acceptance of a purpose changed since
/// ([`AskReason::Outdated`]).
pub fn lapse(config: &Config, record: &Consent, category: &str, service: Option<&str>, now: u64) -> Option<AskReason> {
    let Some(choice) = record.choices.iter().find(|c| c.category == category && c.service.as_deref() == service) else {
        return Some(AskReason::Incomplete);
    };
    let lifetime = if choice.granted { config.lifetime_seconds() } else { config.refusal_seconds() };
    if now > record.last.saturating_add(lifetime) {
        return Some(AskReason::Expired);
    }
    if choice.granted && config.purpose_revision(category) > record.revision {
        return Some(AskReason::Outdated);
    }
    None
}

/// Whether the record can be weighed at all: not made under a later revision than the
/// configuration's (rolled back), not dated in the future.
pub fn readable(config: &Config, record: &Consent, now: u64) -> Result<(), AskReason> {
    if record.revision > config.revision {
        return Err(AskReason::Outdated);
    }
    if record.first > record.last || record.last > now.saturating_add(CLOCK_SKEW) {
        return Err(AskReason::Future);
    }
    Ok(())
}

/// Every optional purpose of `config`: `(category, None)` and `(category, Some(service))` for
/// each toggleable service. Exempt services are no purpose: their entry is an objection, and a
/// record without one (made before the service was exempt) still stands.
pub fn purposes(config: &Config) -> Vec<(&str, Option<&str>)> {
    let mut out = Vec::new();
    for cat in config.categories.iter().filter(|c| !c.necessary) {
        out.push((cat.id.as_str(), None));
        for svc in cat.services.iter().filter(|s| s.toggle && s.exempt.is_none()) {
            out.push((cat.id.as_str(), Some(svc.id.as_str())));
        }
    }
    out
}

/// Turns a decision into a complete record for `config`.
///
/// Necessary categories are always granted; every other category and every
/// toggleable service gets an explicit entry, refused unless the decision
/// grants it; an exempt service's entry is `granted` unless the decision objects to it by name
/// (`crate::core::exempt`): refusing its category is no objection. `previous` keeps the id and first-decision time of an earlier
/// record, so a changed mind stays the same consent history.
pub fn decide(config: &Config, decision: &Decision, previous: Option<&Consent>, new_id: &str, now: u64) -> Consent {
    let wanted = |category: &str, service: Option<&str>| -> bool {
        match decision {
            Decision::AcceptAll => true,
            Decision::RejectAll => false,
            Decision::Custom(list) => {
                let find = |svc: Option<&str>| {
                    list.iter().find(|c| c.category == category && c.service.as_deref() == svc).map(|c| c.granted)
                };
                match service {
                    None => find(None).unwrap_or(false),
                    Some(s) => find(Some(s)).or_else(|| find(None)).unwrap_or(false),
                }
            }
        }
    };
    let mut choices = Vec::new();
    for cat in &config.categories {
        let granted = cat.necessary || wanted(&cat.id, None);
        choices.push(Choice::category(&cat.id, granted));
        if cat.necessary {
            continue;
        }
        for svc in &cat.services {
            // An exempt service's entry is the visitor's objection, made only by naming it.
            let runs = match (svc.exempt, decision) {
                (None, _) if !svc.toggle => continue,
                (None, _) => wanted(&cat.id, Some(&svc.id)),
                (Some(_), Decision::Custom(list)) => {
                    !list.iter().any(|c| c.category == cat.id && c.service.as_deref() == Some(&svc.id) && !c.granted)
                }
                (Some(_), _) => true,
            };
            choices.push(Choice::service(&cat.id, &svc.id, runs));
        }
    }
    let (id, first) = match previous {
        Some(p) => (p.id.clone(), p.first.min(now)),
        None => (new_id.to_owned(), now),
    };
    Consent { revision: config.revision, id, first, last: now, choices, gpc: false }
}

/// "Always allow" one service (or a whole category) from an embed's placeholder: every other
/// choice of `previous` stays as it was; this one is granted.
pub fn grant(previous: Option<&Consent>, category: &str, service: Option<&str>) -> Decision {
    let granted = match service {
        Some(s) => Choice::service(category, s, true),
        None => Choice::category(category, true),
    };
    let mut choices = Vec::new();
    if let Some(previous) = previous {
        for choice in &previous.choices {
            if !choice.same_subject(&granted) {
                choices.push(choice.clone());
            }
        }
    }
    choices.push(granted);
    Decision::Custom(choices)
}

/// Whether `next` changes what is allowed compared with `previous` (no decision before counts as
/// a change). Only then do the page's change listeners and the other tabs hear of it.
pub fn changed(previous: Option<&Consent>, next: &Consent) -> bool {
    previous.map(|p| &p.choices) != Some(&next.choices)
}

/// Makes a consent id from random bytes: unpadded base64url, 16 chars for 12 bytes.
pub fn consent_id(random: &[u8; 12]) -> String {
    const ALPHABET: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    let mut out = String::with_capacity(16);
    for chunk in random.chunks(3) {
        let n = chunk.iter().fold(0u32, |acc, &b| (acc << 8) | u32::from(b));
        for shift in [18, 12, 6, 0] {
            let idx = ((n >> shift) & 63) as usize;
            out.push(char::from(*ALPHABET.get(idx).unwrap_or(&b'A')));
        }
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::config::{Category, Service};

    fn config_with_matomo() -> Config {
        let mut config = Config::default();
        if let Some(stats) = config.categories.iter_mut().find(|c| c.id == "statistical") {
            stats.services.push(Service { id: "matomo".into(), toggle: true, ..Service::default() });
            stats.services.push(Service { id: "xiti".into(), toggle: false, ..Service::default() });
        }
        config
    }

    #[test]
    fn reject_all_grants_only_necessary() {
        let c = decide(&Config::default(), &Decision::RejectAll, None, "abcdefgh", 100);
        assert!(c.allows("necessary"));
        assert!(!c.allows("statistical"));
        assert!(!c.allows("third_party"));
        assert_eq!((c.first, c.last, c.revision), (100, 100, 1));
    }

    #[test]
    fn accept_all_grants_every_category_and_service() {
        let c = decide(&config_with_matomo(), &Decision::AcceptAll, None, "abcdefgh", 100);
        assert!(c.allows("statistical") && c.allows("third_party"));
        assert!(c.allows_service("statistical", "matomo"));
        assert!(c.allows_service("statistical", "xiti"), "a service without toggle follows its category");
    }

    #[test]
    fn custom_refuses_what_it_does_not_mention() {
        let d = Decision::Custom(vec![Choice::category("statistical", true), Choice::service("statistical", "matomo", false)]);
        let c = decide(&config_with_matomo(), &d, None, "abcdefgh", 5);
        assert!(c.allows("statistical"));
        assert!(!c.allows_service("statistical", "matomo"));
        assert!(c.allows_service("statistical", "xiti"));
        assert!(!c.allows("third_party"));
        assert!(!c.allows("unknown"));
    }

    /// What "Always allow" on an embed relies on: it puts its choice first, before the
    /// visitor's earlier one for the same service or category.
    #[test]
    fn in_a_custom_decision_the_first_choice_for_a_purpose_wins() {
        let d = Decision::Custom(vec![
            Choice::service("statistical", "matomo", true),
            Choice::category("third_party", true),
            Choice::service("statistical", "matomo", false),
            Choice::category("third_party", false),
        ]);
        let c = decide(&config_with_matomo(), &d, None, "abcdefgh", 5);
        assert!(c.allows_service("statistical", "matomo"));
        assert!(c.allows("third_party"));
    }

    #[test]
    fn allows_name_reads_a_category_or_category_slash_service() {
        let d = Decision::Custom(vec![Choice::category("statistical", true), Choice::service("statistical", "matomo", false)]);
        let c = decide(&config_with_matomo(), &d, None, "abcdefgh", 5);
        assert!(c.allows_name("statistical") && c.allows_name("statistical/xiti"));
        assert!(!c.allows_name("statistical/matomo") && !c.allows_name("third_party"));
    }

    #[test]
    fn a_custom_decision_cannot_refuse_necessary() {
        let d = Decision::Custom(vec![Choice::category("necessary", false)]);
        assert!(decide(&Config::default(), &d, None, "abcdefgh", 5).allows("necessary"));
    }

    #[test]
    fn changing_ones_mind_keeps_id_and_first_time() {
        let config = Config::default();
        let first = decide(&config, &Decision::AcceptAll, None, "first-id", 10);
        let second = decide(&config, &Decision::RejectAll, Some(&first), "other-id", 99);
        assert_eq!((second.id.as_str(), second.first, second.last), ("first-id", 10, 99));
        assert!(!second.allows("statistical"));
    }

    #[test]
    fn status_asks_again_when_revision_lifetime_or_purposes_change() {
        let mut config = Config::default();
        let c = decide(&config, &Decision::AcceptAll, None, "abcdefgh", 1_000);
        assert!(matches!(status(&config, Some(c.clone()), false, 1_000), Status::Decided(_)));
        let lifetime = config.lifetime_seconds();
        assert!(matches!(status(&config, Some(c.clone()), false, 1_000 + lifetime), Status::Decided(_)));
        assert_eq!(status(&config, Some(c.clone()), false, 1_001 + lifetime), Status::Ask(AskReason::Expired));
        config.revision = 2;
        assert_eq!(status(&config, Some(c.clone()), false, 1_000), Status::Ask(AskReason::Outdated));
        config.revision = 1;
        config.categories.push(Category { id: "ads".into(), ..Category::default() });
        assert_eq!(status(&config, Some(c), false, 1_000), Status::Ask(AskReason::Incomplete));
        assert_eq!(status(&config, None, true, 1), Status::Ask(AskReason::Unreadable));
        assert_eq!(status(&config, None, false, 1), Status::Ask(AskReason::NoRecord));
    }

    #[test]
    fn status_refuses_a_record_from_the_future() {
        let config = Config::default();
        let c = decide(&config, &Decision::AcceptAll, None, "abcdefgh", 1_000 + CLOCK_SKEW);
        assert!(matches!(status(&config, Some(c.clone()), false, 1_000), Status::Decided(_)));
        assert_eq!(status(&config, Some(c.clone()), false, 999), Status::Ask(AskReason::Future));
        let backwards = Consent { first: c.last + 1, ..c };
        assert_eq!(status(&config, Some(backwards), false, 1_000 + CLOCK_SKEW), Status::Ask(AskReason::Future));
    }

    #[test]
    fn consent_ids_are_base64url() {
        assert_eq!(consent_id(&[0; 12]), "AAAAAAAAAAAAAAAA");
        assert_eq!(consent_id(&[255; 12]), "________________");
        assert_eq!(consent_id(&[0xfb, 0xef, 0xbe, 0, 0, 0, 0, 0, 0, 0, 0, 1]), "----AAAAAAAAAAAB");
    }

    #[test]
    fn always_allow_keeps_every_other_choice() {
        let config = config_with_matomo();
        let before = decide(&config, &Decision::Custom(vec![Choice::service("statistical", "matomo", false)]), None, "abcdefgh", 1);
        let after = decide(&config, &grant(Some(&before), "statistical", Some("matomo")), Some(&before), "ijklmnop", 2);
        assert!(after.allows_service("statistical", "matomo"));
        assert!(!after.allows("statistical") && !after.allows("third_party"));
        let after = decide(&config, &grant(Some(&before), "third_party", None), Some(&before), "ijklmnop", 2);
        assert!(after.allows("third_party") && !after.allows_service("statistical", "matomo"));
        assert!(grant(None, "third_party", None) == Decision::Custom(vec![Choice::category("third_party", true)]));
    }

    #[test]
    fn a_change_is_a_change_of_choices() {
        let config = config_with_matomo();
        let reject = decide(&config, &Decision::RejectAll, None, "abcdefgh", 1);
        let later = decide(&config, &Decision::RejectAll, Some(&reject), "abcdefgh", 99);
        assert!(changed(None, &reject));
        assert!(!changed(Some(&reject), &later), "the time of a decision is no change");
        assert!(changed(Some(&reject), &decide(&config, &Decision::AcceptAll, None, "abcdefgh", 1)));
    }
}
