//! Exempt audience measurement: what runs without consent, and what the visitor's objection stops.
//!
//! A service declared exempt (`"exempt": true`, validated in `config_parse::exempt`) runs before
//! any decision and after a refusal of its category, in its tracker's exempt mode; consent to
//! its category switches it to full mode; the visitor's objection stops it (nothing of it runs,
//! its cookies are deleted). The objection is the service's own entry in the `v1` record:
//! `category/service=0` is an objection, `=1` or no entry (a record made before the service was
//! exempt) is none. So no format change: readers that grant `category/service` only on `=1`
//! already say "runs" or "objected" for it. Why: `docs/adr/015-exempt-audience-measurement.md`.

use crate::prelude::*;

use crate::core::config::{Config, Exempt, Service};
use crate::core::consent::Consent;
use crate::core::vendors::VendorCall;

/// How a service runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    /// Not at all: refused, or an exempt service the visitor objected to.
    Off,
    /// Exempt audience measurement: no consent to its category, no objection.
    Exempt,
    /// With consent.
    Full,
}

fn service<'a>(config: &'a Config, category: &str, service: &str) -> Option<&'a Service> {
    config.category(category)?.services.iter().find(|s| s.id == service)
}

/// Whether `category/service` is declared exempt.
pub fn is_exempt(config: &Config, category: &str, svc: &str) -> bool {
    service(config, category, svc).is_some_and(|s| s.exempt.is_some())
}

/// Whether the record holds the visitor's objection to this service (its entry is `=0`).
pub fn objected(consent: Option<&Consent>, category: &str, service: &str) -> bool {
    consent.is_some_and(|c| c.choices.iter().any(|ch| ch.category == category && ch.service.as_deref() == Some(service) && !ch.granted))
}

/// How the service `category/service` runs under `consent` (`None`: no decision yet).
pub fn mode(config: &Config, consent: Option<&Consent>, category: &str, svc: &str) -> Mode {
    let exempt = is_exempt(config, category, svc);
    match consent {
        _ if exempt && objected(consent, category, svc) => Mode::Off,
        Some(c) if exempt && c.allows(category) => Mode::Full,
        _ if exempt => Mode::Exempt,
        Some(c) if c.allows_service(category, svc) => Mode::Full,
        _ => Mode::Off,
    }
}

/// Whether gated markup (`data-category`, `data-service`), a URL or a cookie of this subject may
/// run or stay: a category by its consent, a service by its [`mode`].
pub fn runs(config: &Config, consent: Option<&Consent>, category: &str, service: Option<&str>) -> bool {
    match service {
        Some(s) => mode(config, consent, category, s) != Mode::Off,
        None => consent.is_some_and(|c| c.allows(category)),
    }
}

/// Whether `name` (`category` or `category/service`) runs with consent: an exempt service only
/// in full mode (its entry in the record says "not objected", not "consented").
pub fn accepted(config: &Config, consent: Option<&Consent>, name: &str) -> bool {
    match crate::strings::search::split_once_ascii(name, b'/') {
        Some((category, service)) => mode(config, consent, category, service) == Mode::Full,
        None => consent.is_some_and(|c| c.allows(name)),
    }
}

/// Whether the configuration declares any exempt service.
pub fn any(config: &Config) -> bool {
    config.categories.iter().any(|c| c.services.iter().any(|s| s.exempt.is_some()))
}

/// The commands telling each exempt tracker its mode: Matomo the CNIL's exempt settings (or,
/// on objection, to track nothing more); Piano Analytics `essential`, `opt-in` or `opt-out`.
pub fn calls(config: &Config, consent: Option<&Consent>, out: &mut Vec<VendorCall>) {
    for cat in &config.categories {
        for svc in &cat.services {
            let Some(kind) = svc.exempt else { continue };
            let mode = mode(config, consent, &cat.id, &svc.id);
            match (kind, mode) {
                (Exempt::Matomo, Mode::Exempt) => out.push(VendorCall::MatomoExempt),
                (Exempt::Matomo, Mode::Off) => out.push(VendorCall::Matomo("requireConsent")),
                (Exempt::Piano, Mode::Exempt) => out.push(VendorCall::Piano("essential")),
                (Exempt::Piano, Mode::Full) => out.push(VendorCall::Piano("opt-in")),
                (Exempt::Piano, Mode::Off) => out.push(VendorCall::Piano("opt-out")),
                _ => {}
            }
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::codec::{decode, encode};
    use crate::core::consent::{decide, status, Choice, Decision, Status};

    fn config() -> Config {
        let json = r#"{"categories":[{"id":"necessary"},{"id":"statistical","services":[
            {"preset":"matomo","exempt":true},{"preset":"atinternet","exempt":true},{"preset":"ga4"}]}]}"#;
        Config::from_json(json).0
    }

    fn record(decision: Decision) -> Consent {
        decide(&config(), &decision, None, "abcdefgh", 100)
    }

    #[test]
    fn an_exempt_service_runs_before_any_decision_and_nothing_else_does() {
        let c = config();
        assert_eq!(mode(&c, None, "statistical", "matomo"), Mode::Exempt);
        assert_eq!(mode(&c, None, "statistical", "ga4"), Mode::Off);
        assert!(runs(&c, None, "statistical", Some("matomo")) && !runs(&c, None, "statistical", None));
    }

    #[test]
    fn a_refusal_keeps_it_exempt_and_consent_switches_it_to_full() {
        let c = config();
        let refused = record(Decision::RejectAll);
        assert_eq!(mode(&c, Some(&refused), "statistical", "matomo"), Mode::Exempt);
        assert_eq!(mode(&c, Some(&refused), "statistical", "ga4"), Mode::Off);
        let accepted = record(Decision::AcceptAll);
        assert_eq!(mode(&c, Some(&accepted), "statistical", "matomo"), Mode::Full);
        assert_eq!(mode(&c, Some(&accepted), "statistical", "ga4"), Mode::Full);
    }

    #[test]
    fn an_objection_stops_it_even_with_consent_to_its_category() {
        let c = config();
        let objected = record(Decision::Custom(vec![Choice::service("statistical", "matomo", false)]));
        assert_eq!(encode(&objected), "v1.1.abcdefgh.100.100.necessary=1|statistical=0|statistical/matomo=0|statistical/atinternet=1|statistical/ga4=0");
        assert_eq!(mode(&c, Some(&objected), "statistical", "matomo"), Mode::Off);
        assert_eq!(mode(&c, Some(&objected), "statistical", "atinternet"), Mode::Exempt, "one objection is not another");
        let both = record(Decision::Custom(vec![Choice::category("statistical", true), Choice::service("statistical", "matomo", false)]));
        assert_eq!(mode(&c, Some(&both), "statistical", "matomo"), Mode::Off);
        assert_eq!(mode(&c, Some(&both), "statistical", "atinternet"), Mode::Full);
    }

    #[test]
    fn accepted_means_consented_not_merely_running() {
        let c = config();
        let refused = record(Decision::RejectAll);
        assert!(refused.allows_name("statistical/matomo"), "the record's entry says: not objected");
        assert!(!accepted(&c, Some(&refused), "statistical/matomo") && !accepted(&c, None, "statistical/matomo"));
        let all = record(Decision::AcceptAll);
        assert!(accepted(&c, Some(&all), "statistical/matomo") && accepted(&c, Some(&all), "statistical"));
    }

    #[test]
    fn a_record_without_the_entry_is_no_objection_and_still_complete() {
        let c = config();
        let old = decode("v1.1.abcdefgh.100.100.necessary=1|statistical=0|statistical/ga4=0").ok();
        assert!(matches!(status(&c, old.clone(), false, 100), Status::Decided(_)), "no question asked again for an exemption");
        assert_eq!(mode(&c, old.as_ref(), "statistical", "matomo"), Mode::Exempt);
    }

    #[test]
    fn each_tracker_is_told_its_mode() {
        let c = config();
        let mut out = Vec::new();
        calls(&c, None, &mut out);
        assert_eq!(out, [VendorCall::MatomoExempt, VendorCall::Piano("essential")]);
        out.clear();
        calls(&c, Some(&record(Decision::AcceptAll)), &mut out);
        assert_eq!(out, [VendorCall::Piano("opt-in")], "Matomo in full mode needs no call");
        out.clear();
        let objected = record(Decision::Custom(vec![Choice::service("statistical", "matomo", false), Choice::service("statistical", "atinternet", false)]));
        calls(&c, Some(&objected), &mut out);
        assert_eq!(out, [VendorCall::Matomo("requireConsent"), VendorCall::Piano("opt-out")]);
    }
}
