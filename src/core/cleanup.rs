//! Which cookies to delete when consent is refused or withdrawn, and on
//! which domain and path variants they could have been set.
//!
//! A tracker may have set `_ga` on `.example.org` or on `www.example.org`,
//! on `/` or on the page's path; `document.cookie` shows names only, so the
//! browser layer writes a deletion for every variant computed here.

use crate::prelude::*;

use crate::strings::concat::concat;
use crate::core::config::Config;
use crate::core::consent::Consent;
use crate::strings::num::parse_u64;
use crate::strings::search;

/// True when cookie `name` matches `pattern`, where `*` stands for any run of characters.
pub fn matches(pattern: &str, name: &str) -> bool {
    let mut parts = search::split_ascii(pattern, b'*');
    let Some(first) = parts.next() else { return false };
    let Some(mut rest) = name.strip_prefix(first) else { return false };
    let mut pieces = Vec::new();
    for part in parts {
        pieces.push(part);
    }
    let Some(last) = pieces.pop() else { return rest.is_empty() };
    for piece in pieces {
        match search::find(rest, piece) {
            Some(at) => rest = rest.get(at + piece.len()..).unwrap_or(""),
            None => return false,
        }
    }
    rest.len() >= last.len() && rest.ends_with(last)
}

/// The cookie names among `present` that belong to services the consent does not allow
/// (every optional service but the exempt ones when there is no consent; an exempt service's
/// once the visitor objects).
pub fn refused_cookies<'a>(config: &Config, consent: Option<&Consent>, present: &[&'a str]) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for cat in config.categories.iter().filter(|c| !c.necessary) {
        for svc in &cat.services {
            if crate::core::exempt::runs(config, consent, &cat.id, Some(&svc.id)) {
                continue;
            }
            for name in present {
                if !out.contains(name) && svc.cookies.iter().any(|p| matches(p, name)) {
                    out.push(name);
                }
            }
        }
    }
    out
}

/// `Domain` values a cookie visible on `host` may carry: none (host-only), then the host
/// and each parent domain with a leading dot, down to the registrable-looking two labels.
pub fn domain_variants(host: &str) -> Vec<Option<String>> {
    let mut out = vec![None];
    if host.is_empty() || is_ipv4(host) || search::contains_ascii(host, b':') {
        return out;
    }
    // One variant per dot: the host from each label on that still has a dot after it.
    let mut rest = host;
    while let Some((_, tail)) = search::split_once_ascii(rest, b'.') {
        out.push(Some(concat(&[".", rest])));
        rest = tail;
    }
    out
}

/// True when `host` is a dotted-quad IPv4 address, with the rules of `std::net::Ipv4Addr`'s
/// parser (four decimal octets up to 255, no leading zeros) without its formatting code.
fn is_ipv4(host: &str) -> bool {
    let mut count = 0;
    let all_octets = search::split_ascii(host, b'.').all(|octet| {
        count += 1;
        octet.len() <= 3 && parse_u64(octet).is_some_and(|n| n <= 255)
    });
    all_octets && count == 4
}

/// `Path` values a cookie visible on `path` may carry: `/` and every prefix of the path.
pub fn path_variants(path: &str) -> Vec<String> {
    let mut out = vec![String::from("/")];
    let mut prefix = String::new();
    for segment in search::split_ascii(path, b'/').filter(|s| !s.is_empty()) {
        prefix.push('/');
        prefix.push_str(segment);
        out.push(prefix.clone());
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::config::{Category, Service};
    use crate::core::consent::{decide, Choice, Decision};

    #[test]
    fn glob_patterns() {
        assert!(matches("_ga", "_ga"));
        assert!(!matches("_ga", "_gat"));
        assert!(matches("_ga_*", "_ga_ABC123"));
        assert!(!matches("_ga_*", "_ga"));
        assert!(matches("_pk_id.*", "_pk_id.1.abcd"));
        assert!(matches("*_session", "atuser_session"));
        assert!(matches("a*b*c", "a-x-b-y-c"));
        assert!(!matches("a*b*c", "a-x-c"));
        assert!(!matches("ab*ba", "aba"), "prefix and suffix must not overlap");
    }

    fn config() -> Config {
        let mut config = Config::default();
        config.categories.push(Category {
            id: "ads".into(),
            services: vec![Service { id: "pixel".into(), cookies: vec!["_fbp".into()], ..Service::default() }],
            ..Category::default()
        });
        if let Some(stats) = config.categories.iter_mut().find(|c| c.id == "statistical") {
            stats.services.push(Service { id: "ga4".into(), cookies: vec!["_ga".into(), "_ga_*".into()], ..Service::default() });
            stats.services.push(Service { id: "matomo".into(), toggle: true, cookies: vec!["_pk_*".into()], ..Service::default() });
        }
        config
    }

    #[test]
    fn deletes_only_what_is_refused() {
        let config = config();
        let present = ["sessionid", "_ga", "_ga_X1", "_pk_id.1.ab", "_fbp", "csrftoken"];
        assert_eq!(refused_cookies(&config, None, &present), ["_ga", "_ga_X1", "_pk_id.1.ab", "_fbp"]);
        let stats_no_matomo = Decision::Custom(vec![Choice::category("statistical", true), Choice::service("statistical", "matomo", false)]);
        let consent = decide(&config, &stats_no_matomo, None, "abcdefgh", 1);
        assert_eq!(refused_cookies(&config, Some(&consent), &present), ["_pk_id.1.ab", "_fbp"]);
        let all = decide(&config, &Decision::AcceptAll, None, "abcdefgh", 1);
        assert!(refused_cookies(&config, Some(&all), &present).is_empty());
    }

    #[test]
    fn ipv4_like_std() {
        for host in ["127.0.0.1", "0.0.0.0", "255.255.255.255", "256.1.1.1", "01.2.3.4", "1.2.3", "1.2.3.4.5", "1..3.4", "a.b.c.d", "1.2.3.4 ", "+1.2.3.4", "0000.1.1.1", ""] {
            assert_eq!(is_ipv4(host), host.parse::<std::net::Ipv4Addr>().is_ok(), "{host}");
        }
    }

    proptest::proptest! {
        #[test]
        fn ipv4_same_as_std(host in "[0-9.+a]{0,16}") {
            proptest::prop_assert_eq!(is_ipv4(&host), host.parse::<std::net::Ipv4Addr>().is_ok());
        }
    }

    #[test]
    fn variants() {
        assert_eq!(
            domain_variants("www.data.corsica"),
            [None, Some(".www.data.corsica".into()), Some(".data.corsica".into())]
        );
        assert_eq!(domain_variants("localhost"), [None]);
        assert_eq!(domain_variants("127.0.0.1"), [None]);
        assert_eq!(path_variants("/explore/dataset/"), ["/", "/explore", "/explore/dataset"]);
    }
}
