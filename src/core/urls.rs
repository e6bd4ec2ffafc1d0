//! Which service a script or frame URL belongs to, for blocking what other
//! code inserts after the page loaded (a tag manager adding `gtag/js`,
//! Matomo adding `matomo.js`).
//!
//! A service's `urls` are either a bare host (`googletagmanager.com`, which
//! also covers its subdomains) or a glob over `host/path` where `*` is any
//! run of characters (`*.matomo.cloud/*`, `cdn.example.org/*/tag.js`).

use crate::prelude::*;

use crate::core::cleanup::matches;
use crate::strings::concat::concat;
use crate::core::config::Config;
use crate::core::consent::Consent;
use crate::strings::search;

/// `host/path` of an absolute URL (scheme, user info, port, query and fragment dropped), lowercased host.
pub fn host_and_path(url: &str) -> Option<(String, &str)> {
    let rest = search::split_once(url, "://").map(|(_, r)| r).or_else(|| url.strip_prefix("//"))?;
    let end = search::find_any_ascii(rest, b"/?#").unwrap_or(rest.len());
    let authority = rest.get(..end)?;
    let after = rest.get(end..).unwrap_or("");
    let path = search::before_any_ascii(after, b"?#");
    let host = search::rsplit_once_ascii(authority, b'@').map_or(authority, |(_, host)| host);
    let host = match search::rsplit_once_ascii(host, b':') {
        Some((h, port)) if search::all_bytes(port, |b| b.is_ascii_digit()) => h,
        _ => host,
    };
    // `tracker.example.` is the same host as `tracker.example` (the root's empty label).
    let host = host.strip_suffix('.').unwrap_or(host);
    Some((host.to_ascii_lowercase(), path))
}

/// True when `url` matches one URL pattern.
pub fn url_matches(pattern: &str, url: &str) -> bool {
    let Some((host, path)) = host_and_path(url) else { return false };
    let pattern = pattern.to_ascii_lowercase();
    if !search::contains_ascii(&pattern, b'/') && !search::contains_ascii(&pattern, b'*') {
        let sub = host.strip_suffix(pattern.as_str()).is_some_and(|rest| rest.ends_with('.'));
        return host == pattern || sub;
    }
    matches(&pattern, &concat(&[&host, path]))
}

/// The `(category, service)` whose URL patterns match `url`, if any.
pub fn classify<'a>(config: &'a Config, url: &str) -> Option<(&'a str, &'a str)> {
    config.categories.iter().filter(|c| !c.necessary).find_map(|cat| {
        cat.services
            .iter()
            .find(|s| s.urls.iter().any(|p| url_matches(p, url)))
            .map(|s| (cat.id.as_str(), s.id.as_str()))
    })
}

/// The `(category, service)` that refuses `url` (absolute) under `consent`: its URL patterns
/// match and the consent does not allow it (no consent allows nothing optional). `None` when the
/// URL may load: no service claims it, or its service is allowed.
pub fn refusal<'a>(config: &'a Config, consent: Option<&Consent>, url: &str) -> Option<(&'a str, &'a str)> {
    let (category, service) = classify(config, url)?;
    if crate::core::exempt::runs(config, consent, category, Some(service)) {
        return None;
    }
    Some((category, service))
}

/// Whether HTML text can hold an element the guard watches (`<img`, `<iframe`, `<script`,
/// `<link`). Tag names cannot be escaped in HTML, so text without them needs no parsing to be
/// let through as it is (a page's links and paragraphs are never parsed twice).
pub fn may_load(html: &str) -> bool {
    ["<img", "<iframe", "<script", "<link"].iter().any(|tag| search::contains_ignore_ascii_case(html, tag))
}

/// The URLs of an `<img srcset>` value: each comma-separated candidate's first word.
pub fn srcset_urls(srcset: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for candidate in search::split_ascii(srcset, b',') {
        let url = search::before_any_ascii(search::trim(candidate), b" \t\n");
        if !url.is_empty() {
            out.push(url);
        }
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::config::Service;

    #[test]
    fn splits_urls() {
        assert_eq!(host_and_path("https://WWW.GoogleTagManager.com:443/gtag/js?id=G-1#x"), Some(("www.googletagmanager.com".into(), "/gtag/js")));
        assert_eq!(host_and_path("//cdn.matomo.cloud/x/matomo.js"), Some(("cdn.matomo.cloud".into(), "/x/matomo.js")));
        assert_eq!(host_and_path("https://user:pw@host.org"), Some(("host.org".into(), "")));
        assert_eq!(host_and_path("/relative.js"), None);
    }

    #[test]
    fn host_patterns_cover_subdomains_only() {
        assert!(url_matches("googletagmanager.com", "https://www.googletagmanager.com/gtag/js?id=G"));
        assert!(url_matches("googletagmanager.com", "https://googletagmanager.com/gtm.js"));
        assert!(!url_matches("googletagmanager.com", "https://evilgoogletagmanager.com/x.js"));
        assert!(!url_matches("googletagmanager.com", "https://example.org/googletagmanager.com.js"));
    }

    #[test]
    fn glob_patterns_cover_host_and_path() {
        assert!(url_matches("*.matomo.cloud/*", "https://portal.matomo.cloud/matomo.js"));
        assert!(url_matches("127.0.0.1/js/matomo.js", "http://127.0.0.1:8080/js/matomo.js?v=1"));
        assert!(!url_matches("*.matomo.cloud/*", "https://matomo.cloud.evil.org/matomo.js"));
    }

    #[test]
    fn classifies_by_service() {
        let mut config = Config::default();
        if let Some(stats) = config.categories.iter_mut().find(|c| c.id == "statistical") {
            stats.services.push(Service { id: "ga4".into(), urls: vec!["googletagmanager.com".into()], ..Service::default() });
        }
        assert_eq!(classify(&config, "https://www.googletagmanager.com/gtag/js"), Some(("statistical", "ga4")));
        assert_eq!(classify(&config, "https://data.corsica/app.js"), None);
    }

    #[test]
    fn refusal_follows_the_consent() {
        use crate::core::consent::{decide, Choice, Decision};
        let mut config = Config::default();
        if let Some(stats) = config.categories.iter_mut().find(|c| c.id == "statistical") {
            stats.services.push(Service { id: "ga4".into(), urls: vec!["googletagmanager.com".into()], toggle: true, ..Service::default() });
        }
        let url = "https://www.googletagmanager.com/gtag/js?id=G-1";
        assert_eq!(refusal(&config, None, url), Some(("statistical", "ga4")));
        assert_eq!(refusal(&config, None, "https://example.org/app.js"), None);
        let only_stats = decide(&config, &Decision::Custom(vec![Choice::category("statistical", true), Choice::service("statistical", "ga4", false)]), None, "abcdefgh", 1);
        assert_eq!(refusal(&config, Some(&only_stats), url), Some(("statistical", "ga4")));
        let all = decide(&config, &Decision::AcceptAll, None, "abcdefgh", 1);
        assert_eq!(refusal(&config, Some(&all), url), None);
    }

    #[test]
    fn srcset_candidates() {
        assert_eq!(srcset_urls("a.png 1x, https://t.example/p.gif 2x"), ["a.png", "https://t.example/p.gif"]);
        assert_eq!(srcset_urls(" x.png\t100w ,, "), ["x.png"]);
        assert!(srcset_urls("").is_empty());
    }

    #[test]
    fn a_trailing_dot_names_the_same_host() {
        assert_eq!(host_and_path("https://Tracker.Test./x.gif"), Some(("tracker.test".into(), "/x.gif")));
        assert!(url_matches("tracker.test", "https://www.tracker.test.:443/p"));
    }

    #[test]
    fn html_that_may_load() {
        assert!(may_load("<IMG SRC=x>") && may_load("<link HREF=x>") && may_load("<iframe srcdoc='…'>"));
        assert!(may_load("<svg><script href=x></script></svg>"));
        assert!(!may_load("<p>Hello <a href=\"/x\">world</a></p>") && !may_load(""));
    }
}
