//! Google Consent Mode v2: which of its seven consent types are granted.
//!
//! Tags from Google read these states instead of the banner; a wrong
//! "granted" is a tracking leak, so every type is denied unless the category
//! (or `category/service`) it is mapped to is allowed, and a type mapped to
//! an unknown category stays denied.

use crate::prelude::*;

use crate::core::config::ConsentMode;
use crate::core::consent::Consent;

/// The seven consent types of Consent Mode v2.
pub const TYPES: [&str; 7] = [
    "ad_storage",
    "ad_user_data",
    "ad_personalization",
    "analytics_storage",
    "functionality_storage",
    "personalization_storage",
    "security_storage",
];

/// True for one of the seven consent types.
pub fn is_type(name: &str) -> bool {
    TYPES.contains(&name)
}

/// The state of every consent type: `true` for granted.
///
/// Without a decision only types mapped to a necessary category are granted;
/// `necessary` lists the configuration's necessary category ids.
pub fn states(mode: &ConsentMode, consent: Option<&Consent>, necessary: &[&str]) -> Vec<(&'static str, bool)> {
    let mut out = Vec::with_capacity(TYPES.len());
    for t in TYPES {
        let source = mode.map.iter().find(|(k, _)| k == t).map(|(_, v)| v.as_str());
        let granted = source.is_some_and(|s| {
            if necessary.contains(&s) {
                return true;
            }
            consent.is_some_and(|c| c.allows_name(s))
        });
        out.push((t, granted));
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::config::Config;
    use crate::core::consent::{decide, Choice, Decision};

    fn granted(states: &[(&str, bool)]) -> Vec<&'static str> {
        TYPES.iter().copied().filter(|t| states.iter().any(|(k, g)| k == t && *g)).collect()
    }

    #[test]
    fn before_a_decision_only_necessary_types_are_granted() {
        let s = states(&ConsentMode::default(), None, &["necessary"]);
        assert_eq!(s.len(), 7);
        assert_eq!(granted(&s), ["functionality_storage", "security_storage"]);
    }

    #[test]
    fn decisions_map_to_types() {
        let config = Config::default();
        let stats_only = decide(&config, &Decision::Custom(vec![Choice::category("statistical", true)]), None, "abcdefgh", 1);
        let s = states(&ConsentMode::default(), Some(&stats_only), &["necessary"]);
        assert_eq!(granted(&s), ["analytics_storage", "functionality_storage", "security_storage"]);
        let all = decide(&config, &Decision::AcceptAll, None, "abcdefgh", 1);
        assert_eq!(granted(&states(&ConsentMode::default(), Some(&all), &["necessary"])).len(), 7);
    }

    #[test]
    fn configured_from_json() {
        let (config, issues) = Config::from_json(r#"{"consentMode":{"analytics_storage":"statistical/ga4","ad_storage":"Bad Id","foo":"x"}}"#);
        let mode = config.consent_mode.unwrap_or_default();
        assert!(mode.map.contains(&("analytics_storage".into(), "statistical/ga4".into())));
        assert!(!mode.map.iter().any(|(t, _)| t == "ad_storage"), "an invalid source leaves the type denied");
        let described: Vec<String> = issues.iter().map(|i| i.describe()).collect();
        assert_eq!(described.len(), 2, "{described:?}");
        assert!(Config::from_json(r#"{"consentMode":true}"#).0.consent_mode == Some(ConsentMode::default()));
        assert!(Config::from_json("{}").0.consent_mode.is_none());
    }

    #[test]
    fn unmapped_or_unknown_sources_stay_denied() {
        let all = decide(&Config::default(), &Decision::AcceptAll, None, "abcdefgh", 1);
        let mode = ConsentMode { map: vec![("analytics_storage".into(), "marketing".into())] };
        assert!(granted(&states(&mode, Some(&all), &["necessary"])).is_empty());
    }
}
