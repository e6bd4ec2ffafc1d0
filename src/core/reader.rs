//! From a `Cookie` header to "may this purpose run?": the one reader shared
//! by the browser layer (`document.cookie`) and Rust back ends (the HTTP header).
//!
//! ```
//! # #[cfg(feature = "internals")] { // `core` is crate-private otherwise: the public face is `biscotte::Config::read`
//! use biscotte::core::{config::Config, reader};
//! let header = "csrftoken=t; cookies_preferences=v1.1.q2Xo3mZb8kT1vLwA.1763895000.1763895000.necessary=1|statistical=1|third_party=0";
//! let verdict = reader::read(&Config::default(), header, 1_763_900_000);
//! assert!(verdict.allows("statistical"));
//! assert!(!verdict.allows("third_party"));
//! assert!(!reader::read(&Config::default(), "", 0).allows("statistical"));
//! # }
//! ```

use crate::prelude::*;

use crate::core::codec::{decode, DecodeError};
use crate::core::config::Config;
use crate::core::consent::{status, AskReason, Choice, Consent, Status};
use crate::core::standing::standing;
use crate::core::cookie::values;

/// The consent state read from a request or page, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Verdict {
    /// Decided, or why to ask.
    pub status: Status,
    /// What was wrong with an unreadable cookie, for logs.
    pub error: Option<DecodeError>,
    /// When asking: the stored choices that still stand (`crate::core::standing`), which the
    /// answer keeps; empty when there are none or copies disagree.
    pub standing: Vec<Choice>,
}

impl Verdict {
    /// Whether the valid record grants `category`. Without one, nothing is granted, necessary
    /// categories included: what runs without consent is the back end's own call (records
    /// Biscotte writes always grant the necessary categories).
    pub fn allows(&self, category: &str) -> bool {
        self.status.consent().is_some_and(|c| c.allows(category))
    }

    /// Whether the record grants `service` of `category` (its own entry, else its category's).
    /// For an exempt service that entry says "not objected": `crate::core::exempt::mode` tells
    /// its mode, as the server's verdict does.
    #[cfg(any(test, feature = "internals"))]
    pub fn allows_service(&self, category: &str, service: &str) -> bool {
        self.status.consent().is_some_and(|c| c.allows_service(category, service))
    }
}

/// Reads the consent cookie named in `config` from a `Cookie` header at time `now` (Unix seconds).
///
/// The name can appear more than once: a sibling subdomain can set it on the parent domain,
/// an older configuration on another path, and neither a `Cookie` header nor `document.cookie`
/// says which copy is which. So the order the browser sends them in decides nothing: every
/// readable copy is evaluated, and the visitor's choice holds only when they all hold the same
/// valid choice; copies that disagree mean "ask again" ([`AskReason::Conflicting`]), so a copy
/// this site did not write can never overturn a refusal (ADR 002). Unreadable copies cannot
/// grant anything and are ignored beside a readable one. No readable value means "ask".
pub fn read(config: &Config, header: &str, now: u64) -> Verdict {
    let mut error = None;
    let mut verdict: Option<Status> = None;
    let mut kept: Option<Vec<Choice>> = None;
    for value in values(header, &config.cookie.name) {
        let record = match decode(value) {
            Ok(c) => c,
            Err(e) => {
                error = error.or(Some(e));
                continue;
            }
        };
        let these = standing(config, &record, now);
        kept = Some(match kept {
            Some(before) if before != these => Vec::new(),
            _ => these,
        });
        let this = status(config, Some(record), false, now);
        verdict = Some(match verdict {
            None => this,
            Some(before) => combine(before, this),
        });
    }
    match verdict {
        Some(status) => {
            let asking = matches!(status, Status::Ask(AskReason::Outdated | AskReason::Expired | AskReason::Incomplete));
            let standing = if asking { kept.unwrap_or_default() } else { Vec::new() };
            Verdict { status, error: None, standing }
        }
        None => Verdict { status: status(config, None, error.is_some(), now), error, standing: Vec::new() },
    }
}

/// Two copies' statuses as one: a decision only when both hold the same one.
fn combine(before: Status, this: Status) -> Status {
    match (before, this) {
        (Status::Decided(a), Status::Decided(b)) if same_choices(&a, &b) => Status::Decided(a),
        (Status::Ask(reason), Status::Ask(_)) => Status::Ask(reason),
        _ => Status::Ask(AskReason::Conflicting),
    }
}

/// The same decisions, in any order (a decoded record never repeats one).
fn same_choices(a: &Consent, b: &Consent) -> bool {
    a.choices.len() == b.choices.len() && a.choices.iter().all(|c| b.choices.contains(c))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::consent::CLOCK_SKEW;

    const GOOD: &str = "v1.1.q2Xo3mZb8kT1vLwA.1000.1000.necessary=1|statistical=1|third_party=0";

    #[test]
    fn reads_a_valid_cookie_among_others() {
        let header = ["sessionid=s; django_language=fr; cookies_preferences=", GOOD].concat();
        let v = read(&Config::default(), &header, 2000);
        assert!(v.allows("statistical") && v.allows("necessary") && !v.allows("third_party"));
        assert_eq!(v.error, None);
    }

    #[test]
    fn a_corrupt_cookie_means_ask_and_says_why() {
        let v = read(&Config::default(), "cookies_preferences=%7B%22all%22%3Atrue%7D", 2000);
        assert_eq!(v.status, Status::Ask(AskReason::Unreadable));
        assert_eq!(v.error, Some(DecodeError::Foreign));
        assert!(!v.allows("statistical") && !v.allows("necessary"));
    }

    #[test]
    fn an_unreadable_copy_beside_a_readable_one_is_ignored() {
        for header in [["cookies_preferences=garbage; cookies_preferences=", GOOD].concat(), ["cookies_preferences=", GOOD, "; cookies_preferences=v9.x"].concat()] {
            let v = read(&Config::default(), &header, 2000);
            assert!(v.allows("statistical"), "{header}");
            assert_eq!(v.error, None);
        }
    }

    const REFUSED: &str = "v1.1.q2Xo3mZb8kT1vLwA.1000.1500.necessary=1|statistical=0|third_party=0";
    const SIBLING_GRANT: &str = "v1.1.AAAAsiblingAAAA.1200.1200.necessary=1|statistical=1|third_party=1";

    /// A visitor who refused here, and a copy a sibling subdomain set on the parent domain that
    /// grants: whichever the browser sends first, nothing optional runs and the banner asks.
    #[test]
    fn a_copy_from_elsewhere_never_overturns_a_refusal() {
        let config = Config::default();
        for header in [
            ["cookies_preferences=", SIBLING_GRANT, "; cookies_preferences=", REFUSED].concat(),
            ["cookies_preferences=", REFUSED, "; cookies_preferences=", SIBLING_GRANT].concat(),
            ["a=b; cookies_preferences=", REFUSED, "; cookies_preferences=x; cookies_preferences=", SIBLING_GRANT].concat(),
        ] {
            let v = read(&config, &header, 2000);
            assert_eq!(v.status, Status::Ask(AskReason::Conflicting), "{header}");
            assert!(!v.allows("statistical") && !v.allows("third_party") && !v.allows_service("statistical", "matomo"));
        }
    }

    #[test]
    fn copies_that_agree_are_the_decision() {
        let same_choices_other_id = "v1.1.AAAAsiblingAAAA.900.1900.necessary=1|third_party=0|statistical=1";
        let header = ["cookies_preferences=", GOOD, "; cookies_preferences=", same_choices_other_id].concat();
        let v = read(&Config::default(), &header, 2000);
        assert!(v.allows("statistical") && !v.allows("third_party"));
        assert_eq!(v.status.consent().map(|c| c.id.as_str()), Some("q2Xo3mZb8kT1vLwA"));
    }

    /// A copy that is no valid decision (expired, another revision, dated in the future) beside
    /// a valid one is a disagreement too: the valid one may be the stranger.
    #[test]
    fn an_invalid_copy_beside_a_valid_one_asks() {
        let config = Config::default();
        let lifetime = u64::from(config.lifetime_days) * 86_400;
        let late = 1000 + lifetime + 1;
        let fresh = ["v1.1.q2Xo3mZb8kT1vLwA.", &late.to_string(), ".", &late.to_string(), ".necessary=1|statistical=1|third_party=0"].concat();
        let header = ["cookies_preferences=", &fresh, "; cookies_preferences=", GOOD].concat();
        assert_eq!(read(&config, &header, late).status, Status::Ask(AskReason::Conflicting));
        let other_revision = "v1.7.q2Xo3mZb8kT1vLwA.1000.1000.necessary=1|statistical=1|third_party=0";
        let header = ["cookies_preferences=", GOOD, "; cookies_preferences=", other_revision].concat();
        assert_eq!(read(&config, &header, 2000).status, Status::Ask(AskReason::Conflicting));
        let header = ["cookies_preferences=", other_revision, "; cookies_preferences=", other_revision].concat();
        assert_eq!(read(&config, &header, 2000).status, Status::Ask(AskReason::Outdated));
    }

    fn dated(first: u64, last: u64) -> String {
        ["cookies_preferences=v1.1.q2Xo3mZb8kT1vLwA.", &first.to_string(), ".", &last.to_string(), ".necessary=1|statistical=1|third_party=1"].concat()
    }

    const NOW: u64 = 1_763_900_000;
    const YEAR: u64 = 365 * 86_400;

    /// The browser and back ends both call `read`: a record dated ahead of now by more than the
    /// clock-skew allowance is no decision, however far ahead (ten years, the year 9999, u64::MAX).
    #[test]
    fn a_record_from_the_future_is_no_decision() {
        let config = Config::default();
        for (first, last) in [
            (NOW, NOW + 10 * YEAR),
            (NOW + 10 * YEAR, NOW + 10 * YEAR),
            (NOW, 253_402_300_799),
            (NOW, u64::MAX),
            (NOW, NOW + CLOCK_SKEW + 1),
        ] {
            let v = read(&config, &dated(first, last), NOW);
            assert_eq!(v.status, Status::Ask(AskReason::Future), "{first} {last}");
            assert!(!v.allows("statistical") && !v.allows("necessary"));
        }
        let future_beside_valid = [&dated(NOW, NOW + 10 * YEAR), "; ", &dated(NOW - 10, NOW - 10)].concat();
        assert_eq!(read(&config, &future_beside_valid, NOW).status, Status::Ask(AskReason::Conflicting));
    }

    #[test]
    fn clock_skew_within_the_allowance_is_tolerated() {
        let config = Config::default();
        assert!(read(&config, &dated(NOW, NOW + CLOCK_SKEW), NOW).allows("statistical"));
        assert!(read(&config, &dated(NOW + CLOCK_SKEW, NOW + CLOCK_SKEW), NOW).allows("third_party"));
        assert!(read(&config, &dated(NOW - YEAR / 4, NOW - 60), NOW).allows("statistical"));
    }

    #[test]
    fn a_first_decision_after_the_last_is_invalid() {
        let v = read(&Config::default(), &dated(NOW - 10, NOW - 20), NOW);
        assert_eq!(v.status, Status::Ask(AskReason::Unreadable));
        assert_eq!(v.error, Some(DecodeError::Malformed));
        let record = Consent { first: NOW - 10, last: NOW - 20, ..decode(GOOD).unwrap() };
        assert_eq!(status(&Config::default(), Some(record), false, NOW), Status::Ask(AskReason::Future));
    }

    /// Found by the `header` fuzzer: a record may leave out a necessary category (Biscotte
    /// always writes it, a forged one need not); `allows` then says what the record says.
    #[test]
    fn allows_reads_the_record_for_necessary_categories_too() {
        let without_necessary = "cookies_preferences=v1.1.q2Xo3mZb8kT1vLwA.1000.1000.necssary=1|statistical=1|third_party=0";
        let v = read(&Config::default(), without_necessary, 2000);
        assert!(v.status.consent().is_some() && v.allows("statistical"));
        assert!(!v.allows("necessary"));
        assert!(!read(&Config::default(), "", 2000).allows("necessary"));
    }

    #[test]
    fn honours_a_configured_cookie_name() {
        let mut config = Config::default();
        config.cookie.name = "consent".into();
        let header = ["cookies_preferences=", GOOD].concat();
        assert_eq!(read(&config, &header, 2000).status, Status::Ask(AskReason::NoRecord));
    }
}
