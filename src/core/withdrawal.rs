//! What a withdrawal can stop, and when it takes a reload.
//!
//! When the visitor (here or in another tab) refuses what they had accepted, the embeds that
//! service loaded on this page are unloaded and get their placeholder back: a frame can be taken
//! down. A script that already ran cannot: its code, timers and listeners stay until the page
//! goes. So `reloadOnWithdrawal` reloads the page, and only when a script of a service the
//! withdrawal stops did run on it; the new page starts under the refusal. Off by default, as in
//! vanilla-cookieconsent (`autoClearCookies` plus its optional reload).

use crate::prelude::*;

use crate::core::config::Config;
use crate::core::consent::Consent;

/// A decision that refuses something the previous one allowed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Withdrawal {
    /// The consent before.
    pub before: Consent,
    /// The consent now.
    pub after: Consent,
    /// The configuration asks for a reload when a stopped service's script ran (`reloadOnWithdrawal`).
    pub reload: bool,
}

impl Withdrawal {
    /// Whether what names this category and maybe service (gated markup's `data-category` and
    /// `data-service`) was allowed before and is refused now.
    pub fn stops(&self, category: &str, service: Option<&str>) -> bool {
        self.before.allows_subject(category, service) && !self.after.allows_subject(category, service)
    }

    /// Whether the page must reload: the configuration asks for it and a script of a stopped
    /// service ran here (`ran`: the category and service of each script activated on this page).
    pub fn needs_reload(&self, ran: &[(String, Option<String>)]) -> bool {
        self.reload && ran.iter().any(|(category, service)| self.stops(category, service.as_deref()))
    }
}

/// The withdrawal from `previous` to `next`, if `next` refuses anything `previous` allowed.
pub fn withdrawal(config: &Config, previous: Option<&Consent>, next: &Consent) -> Option<Withdrawal> {
    let before = previous?;
    let withdrawn = before.choices.iter().any(|c| c.granted && !next.allows_subject(&c.category, c.service.as_deref()));
    withdrawn.then(|| Withdrawal { before: before.clone(), after: next.clone(), reload: config.reload_on_withdrawal })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::consent::{decide, Choice, Decision};

    fn config(reload: bool) -> Config {
        let json = r#"{"reloadOnWithdrawal":RELOAD,"categories":[{"id":"necessary"},
            {"id":"statistical","services":[{"id":"matomo","toggle":true},{"id":"ga4"}]},
            {"id":"third_party","services":[{"preset":"youtube"}]}]}"#;
        let (config, issues) = Config::from_json(&json.replace("RELOAD", if reload { "true" } else { "false" }));
        assert!(issues.is_empty(), "{issues:?}");
        config
    }

    fn decided(config: &Config, decision: Decision) -> Consent {
        decide(config, &decision, None, "q2Xo3mZb8kT1vLwA", 1_763_895_000)
    }

    /// Everything accepted, then Matomo refused on its own.
    fn matomo_withdrawn(config: &Config) -> Withdrawal {
        let all = decided(config, Decision::AcceptAll);
        let no_matomo = decided(
            config,
            Decision::Custom(vec![Choice::category("statistical", true), Choice::service("statistical", "matomo", false), Choice::category("third_party", true)]),
        );
        withdrawal(config, Some(&all), &no_matomo).expect("matomo withdrawn")
    }

    fn ran(pairs: &[(&str, Option<&str>)]) -> Vec<(String, Option<String>)> {
        pairs.iter().map(|(c, s)| ((*c).into(), s.map(Into::into))).collect()
    }

    #[test]
    fn only_a_refusal_of_something_allowed_is_a_withdrawal() {
        let config = config(false);
        let all = decided(&config, Decision::AcceptAll);
        let none = decided(&config, Decision::RejectAll);
        assert!(withdrawal(&config, None, &none).is_none(), "a first decision withdraws nothing");
        assert!(withdrawal(&config, Some(&none), &all).is_none(), "accepting more withdraws nothing");
        assert!(withdrawal(&config, Some(&all), &all).is_none());
        assert!(withdrawal(&config, Some(&none), &none).is_none());
        let w = withdrawal(&config, Some(&all), &none).expect("reject after accept");
        assert!(w.stops("third_party", None) && w.stops("third_party", Some("youtube")) && w.stops("statistical", Some("matomo")));
        assert!(!w.stops("necessary", None), "necessary stays");
        assert!(!w.reload);
    }

    #[test]
    fn a_service_of_its_own_is_withdrawn_alone() {
        let config = config(true);
        let w = matomo_withdrawn(&config);
        assert!(w.stops("statistical", Some("matomo")));
        assert!(!w.stops("statistical", Some("ga4")) && !w.stops("statistical", None) && !w.stops("third_party", Some("youtube")));
    }

    #[test]
    fn a_reload_only_when_asked_and_a_stopped_services_script_ran() {
        let all_then_none = |reload| {
            let config = config(reload);
            withdrawal(&config, Some(&decided(&config, Decision::AcceptAll)), &decided(&config, Decision::RejectAll)).expect("withdrawal")
        };
        let on = all_then_none(true);
        assert!(on.needs_reload(&ran(&[("necessary", None), ("statistical", Some("matomo"))])));
        assert!(on.needs_reload(&ran(&[("third_party", None)])));
        assert!(!on.needs_reload(&ran(&[("necessary", None)])), "nothing stopped ran");
        assert!(!on.needs_reload(&[]), "only embeds were loaded: they are unloaded, no reload");
        let off = all_then_none(false);
        assert!(!off.needs_reload(&ran(&[("statistical", Some("matomo"))])), "off by default");
        // Matomo withdrawn alone: a third-party script that ran needs no reload.
        let config = config(true);
        let w = matomo_withdrawn(&config);
        assert!(!w.needs_reload(&ran(&[("third_party", Some("youtube")), ("statistical", Some("ga4"))])));
        assert!(w.needs_reload(&ran(&[("statistical", Some("matomo"))])));
    }

    #[test]
    fn a_refusal_leaves_exempt_measurement_running_an_objection_stops_it() {
        let (config, issues) = Config::from_json(
            r#"{"reloadOnWithdrawal":true,"categories":[{"id":"necessary"},
            {"id":"statistical","services":[{"preset":"matomo","exempt":true}]}]}"#,
        );
        assert!(issues.is_empty(), "{issues:?}");
        let all = decided(&config, Decision::AcceptAll);
        let w = withdrawal(&config, Some(&all), &decided(&config, Decision::RejectAll)).expect("statistics withdrawn");
        assert!(!w.stops("statistical", Some("matomo")), "back to exempt mode, not stopped");
        assert!(!w.needs_reload(&ran(&[("statistical", Some("matomo"))])), "exempt Matomo goes on: no reload");
        let objected = decided(&config, Decision::Custom(vec![Choice::category("statistical", true), Choice::service("statistical", "matomo", false)]));
        let w = withdrawal(&config, Some(&all), &objected).expect("objection");
        assert!(w.stops("statistical", Some("matomo")) && w.needs_reload(&ran(&[("statistical", Some("matomo"))])));
    }
}
