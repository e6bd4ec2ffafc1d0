//! Ready-made services for the trackers and embeds open-data portals load,
//! so an integrator writes `{ "preset": "matomo" }` instead of hunting for
//! cookie names and script hosts.
//!
//! Cookie names come from each vendor's documentation; `urls` are what their
//! standard snippets load. Self-hosted Matomo and SmartTag are matched by file
//! name on any host (`*/matomo.js`).

use crate::core::config::{Exempt, Localized, Service};
use crate::strings::owned::owned;

/// A known tracker or embed.
pub struct Preset {
    /// Preset name, also the default service id.
    pub id: &'static str,
    /// The category it usually belongs to (the integrator places it; no rule reads this).
    #[allow(dead_code)]
    pub category: &'static str,
    /// Name shown to visitors.
    pub label: &'static str,
    /// Cookies it sets (patterns).
    pub cookies: &'static [&'static str],
    /// Script and frame URL patterns.
    pub urls: &'static [&'static str],
    /// How it runs when declared exempt; `None`: it cannot be (it needs consent).
    pub exempt: Option<Exempt>,
}

/// Every preset.
pub const PRESETS: &[Preset] = &[
    Preset {
        id: "ga4",
        category: "statistical",
        label: "Google Analytics",
        cookies: &["_ga", "_ga_*", "_gid", "_gat", "_gat_*"],
        urls: &["googletagmanager.com", "google-analytics.com"],
        exempt: None,
    },
    Preset {
        id: "matomo",
        category: "statistical",
        label: "Matomo",
        cookies: &["_pk_id.*", "_pk_ses.*", "_pk_ref.*", "_pk_cvar.*", "_pk_hsr.*", "mtm_consent*", "matomo_sessid"],
        urls: &["*/matomo.js", "*/piwik.js", "matomo.cloud"],
        exempt: Some(Exempt::Matomo),
    },
    Preset {
        id: "atinternet",
        category: "statistical",
        label: "AT Internet (Piano Analytics)",
        cookies: &["atuserid", "atidvisitor", "xtvrn", "xtan*", "xtant*", "atauthority", "_pcid", "_pctx", "_pprv"],
        urls: &["*/smarttag.js", "*/piano-analytics.js", "aticdn.net", "xiti.com"],
        exempt: Some(Exempt::Piano),
    },
    Preset {
        id: "clarity",
        category: "statistical",
        label: "Microsoft Clarity",
        cookies: &["_clck", "_clsk"],
        urls: &["clarity.ms"],
        exempt: None,
    },
    Preset {
        id: "uet",
        category: "third_party",
        label: "Microsoft Advertising (UET)",
        cookies: &["_uetsid", "_uetvid", "_uetmsclkid"],
        urls: &["bat.bing.com"],
        exempt: None,
    },
    Preset {
        id: "youtube",
        category: "third_party",
        label: "YouTube",
        cookies: &["YSC", "VISITOR_INFO1_LIVE", "VISITOR_PRIVACY_METADATA"],
        urls: &["youtube.com", "youtube-nocookie.com", "ytimg.com"],
        exempt: None,
    },
    Preset {
        id: "vimeo",
        category: "third_party",
        label: "Vimeo",
        cookies: &["vuid"],
        urls: &["vimeo.com", "vimeocdn.com"],
        exempt: None,
    },
];

/// The preset with this name.
pub fn find(name: &str) -> Option<&'static Preset> {
    PRESETS.iter().find(|p| p.id == name)
}

impl Preset {
    /// A service filled from the preset.
    pub fn service(&self) -> Service {
        Service {
            id: self.id.into(),
            label: Localized::any(self.label),
            cookies: owned(self.cookies),
            urls: owned(self.urls),
            toggle: true,
            exempt: None,
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::cleanup::matches;
    use crate::core::urls::url_matches;

    #[test]
    fn presets_match_their_vendors_real_names() {
        let ga = find("ga4").map(Preset::service).unwrap_or_default();
        assert!(ga.urls.iter().any(|p| url_matches(p, "https://www.googletagmanager.com/gtag/js?id=G-XYZ")));
        assert!(ga.cookies.iter().any(|p| matches(p, "_ga_XYZ123")));
        let matomo = find("matomo").map(Preset::service).unwrap_or_default();
        assert!(matomo.urls.iter().any(|p| url_matches(p, "https://stats.data.corsica/matomo.js")));
        assert!(matomo.cookies.iter().any(|p| matches(p, "_pk_id.3.1fff")));
        let at = find("atinternet").map(Preset::service).unwrap_or_default();
        assert!(at.urls.iter().any(|p| url_matches(p, "https://tag.aticdn.net/123/smarttag.js")));
        let yt = find("youtube").map(Preset::service).unwrap_or_default();
        assert!(yt.urls.iter().any(|p| url_matches(p, "https://www.youtube-nocookie.com/embed/abc")));
        assert!(find("nope").is_none());
    }

    #[test]
    fn a_config_service_can_start_from_a_preset() {
        use crate::core::config::Config;
        let json = r#"{"categories":[{"id":"statistical","services":[
            {"preset":"matomo","cookies":["_custom"],"toggle":false},
            {"preset":"ga4","id":"google"},
            {"preset":"nope"}]}]}"#;
        let (config, issues) = Config::from_json(json);
        let stats = config.category("statistical").map(|c| c.services.clone()).unwrap_or_default();
        assert_eq!(stats.len(), 2);
        let matomo = stats.first().cloned().unwrap_or_default();
        assert_eq!(matomo.id, "matomo");
        assert!(!matomo.toggle);
        assert!(matomo.cookies.contains(&"_pk_id.*".to_string()) && matomo.cookies.contains(&"_custom".to_string()));
        assert_eq!(stats.get(1).map(|s| s.id.as_str()), Some("google"));
        assert_eq!(issues.len(), 2, "the unknown preset, and the default necessary category added: {issues:?}");
        assert_eq!(issues.first().map(|i| i.describe()), Some("categories[0].services[2].preset: unknown preset \"nope\"; service ignored".into()));
    }

    #[test]
    fn preset_ids_are_valid_service_ids() {
        assert!(PRESETS.iter().all(|p| crate::core::codec::is_id(p.id)));
    }
}
