//! Which services may run as exempt audience measurement, and what refuses it.
//!
//! The CNIL exempts from consent audience measurement that is first-party, produces anonymous
//! statistics only and lets the visitor object (guidelines 2020-091, recommendation 2020-092,
//! July 2025 deliberation). A configuration can only claim it where that can hold: never on a
//! necessary purpose (it runs anyway, without a way to object), never for a preset whose tracker
//! the exemption does not cover (Google Analytics, Clarity, UET, embeds), never for a service of
//! the third-party category loaded from another site's host. A refused claim is an error and the
//! service keeps needing consent: fail closed. Why: `docs/adr/015-exempt-audience-measurement.md`.


use super::read::{boolean, field, Ctx, Pairs, Path, ROOT};
use super::Severity;
use crate::core::config::{Config, Exempt, Service};
use crate::core::presets::Preset;

/// A necessary purpose runs anyway, with nothing to object to.
const NECESSARY: &str = "ignored: a necessary purpose cannot be exempt";

/// The category a service is read in, as the exemption rules need it.
#[derive(Clone, Copy)]
pub(super) struct Parent<'a> {
    /// Its id.
    pub(super) id: &'a str,
    /// Necessary categories run anyway.
    pub(super) necessary: bool,
    /// The category's own `exempt`, which its services inherit.
    pub(super) exempt: bool,
}

/// The category's `exempt` flag; `false` (reported) on a necessary category.
pub(super) fn category_flag(pairs: &Pairs, path: &Path, necessary: bool, ctx: &mut Ctx) -> bool {
    let at = path.key("exempt");
    let flag = field(pairs, "exempt").and_then(|v| boolean(v, &at, ctx)).unwrap_or(false);
    if flag && necessary {
        ctx.error(&at, NECESSARY);
        return false;
    }
    flag
}

/// The service's exemption: its own `exempt`, else its category's; `None` when it needs consent
/// (the refusal of a claim is reported at the service's `exempt`, or its category's).
pub(super) fn service(pairs: &Pairs, path: &Path, svc: &Service, preset: Option<&Preset>, parent: Parent, ctx: &mut Ctx) -> Option<Exempt> {
    let at = path.key("exempt");
    let own = field(pairs, "exempt").and_then(|v| boolean(v, &at, ctx));
    if !own.unwrap_or(parent.exempt) {
        return None;
    }
    if parent.necessary {
        ctx.error(&at, NECESSARY);
        return None;
    }
    let kind = match preset {
        Some(p) => p.exempt,
        None => Some(Exempt::Plain),
    };
    let Some(kind) = kind else {
        let name = preset.map_or("", |p| p.id);
        ctx.quoted(Severity::Error, &at, "ignored: preset ", name, " cannot be exempt");
        return None;
    };
    if parent.id == "third_party" {
        if let Some(host) = svc.urls.iter().find(|u| !u.starts_with('*') && !u.starts_with('/')) {
            ctx.quoted(Severity::Error, &at, "ignored: a third-party host cannot be exempt: ", host, "");
            return None;
        }
    }
    Some(kind)
}

/// A tracker both exempt and named in `consentModes` would be told two modes: the exempt one
/// drives it, and the `consentModes` entry is dropped (reported).
pub(super) fn settle_modes(c: &mut Config, ctx: &mut Ctx) {
    let has = |kind: Exempt| c.categories.iter().any(|cat| cat.services.iter().any(|s| s.exempt == Some(kind)));
    let (matomo, piano) = (has(Exempt::Matomo), has(Exempt::Piano));
    let modes = &Path::Key(ROOT, "consentModes");
    const WHY: &str = "ignored: the tracker is exempt";
    if matomo && c.consent_modes.matomo.take().is_some() {
        ctx.error(&modes.key(if c.consent_modes.matomo_cookies { "matomoCookies" } else { "matomo" }), WHY);
        c.consent_modes.matomo_cookies = false;
    }
    if piano && c.consent_modes.piano.take().is_some() {
        ctx.error(&modes.key("piano"), WHY);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use crate::core::config::Exempt;
    use crate::core::config_parse::tests::{described, parse};

    fn exempt_of(json: &str) -> (Vec<(String, Option<Exempt>)>, Vec<String>) {
        let (c, issues) = parse(json);
        let mut out = Vec::new();
        for cat in &c.categories {
            for s in &cat.services {
                out.push((s.id.clone(), s.exempt));
            }
        }
        (out, described(&issues))
    }

    #[test]
    fn matomo_piano_and_own_services_can_be_exempt() {
        let (services, issues) = exempt_of(
            r#"{"categories":[{"id":"necessary"},{"id":"statistical","services":[
                {"preset":"matomo","exempt":true},{"preset":"atinternet","exempt":true},
                {"id":"own","label":"Own","urls":["*/stats.js"],"exempt":true},{"preset":"ga4"}]}]}"#,
        );
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(
            services,
            [("matomo".into(), Some(Exempt::Matomo)), ("atinternet".into(), Some(Exempt::Piano)), ("own".into(), Some(Exempt::Plain)), ("ga4".into(), None)]
        );
    }

    #[test]
    fn a_category_makes_its_services_exempt_unless_one_says_otherwise() {
        let (services, issues) = exempt_of(
            r#"{"categories":[{"id":"necessary"},{"id":"audience","label":"A","exempt":true,"services":[
                {"preset":"matomo"},{"preset":"atinternet","exempt":false}]}]}"#,
        );
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!(services, [("matomo".into(), Some(Exempt::Matomo)), ("atinternet".into(), None)]);
    }

    #[test]
    fn what_cannot_be_exempt_is_refused_with_its_path() {
        let (services, issues) = exempt_of(
            r#"{"categories":[{"id":"necessary","exempt":true,"services":[{"id":"s","label":"S","exempt":true}]},
                {"id":"statistical","services":[{"preset":"ga4","exempt":true}]},
                {"id":"third_party","services":[{"id":"maps","label":"M","urls":["maps.example.com"],"exempt":true},
                    {"preset":"youtube","exempt":true}]}]}"#,
        );
        assert!(services.iter().all(|(_, e)| e.is_none()), "{services:?}");
        assert_eq!(issues, [
            "categories[0].exempt: ignored: a necessary purpose cannot be exempt",
            "categories[0].services[0].exempt: ignored: a necessary purpose cannot be exempt",
            "categories[1].services[0].exempt: ignored: preset \"ga4\" cannot be exempt",
            "categories[2].services[0].exempt: ignored: a third-party host cannot be exempt: \"maps.example.com\"",
            "categories[2].services[1].exempt: ignored: preset \"youtube\" cannot be exempt",
        ]);
    }

    #[test]
    fn an_exempt_tracker_drops_its_consent_modes_entry() {
        let (c, issues) = parse(
            r#"{"categories":[{"id":"necessary"},{"id":"statistical","services":[{"preset":"matomo","exempt":true},{"preset":"atinternet","exempt":true}]}],
                "consentModes":{"matomoCookies":"statistical","piano":"statistical"}}"#,
        );
        assert_eq!((c.consent_modes.matomo, c.consent_modes.matomo_cookies, c.consent_modes.piano), (None, false, None));
        assert_eq!(described(&issues), [
            "consentModes.matomoCookies: ignored: the tracker is exempt",
            "consentModes.piano: ignored: the tracker is exempt",
        ]);
    }
}
