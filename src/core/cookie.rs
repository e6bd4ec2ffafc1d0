//! Reading a `Cookie` header and writing `Set-Cookie`-style strings.
//!
//! `document.cookie` and an HTTP `Cookie` header share one syntax, so the
//! browser layer and Rust back ends use the same reader. Writing produces
//! the string assigned to `document.cookie` (same syntax as `Set-Cookie`).

use crate::prelude::*;

use crate::core::cleanup::{domain_variants, path_variants};
use crate::core::config::CookieSettings;
use crate::strings::num::push_u64;
use crate::strings::search;

/// Every value of cookie `name` in a `Cookie` header, in header order.
///
/// A header can hold the same name several times (set on different paths or
/// domains); the caller decides which one to trust. Malformed pairs are skipped.
pub fn values<'a>(header: &'a str, name: &'a str) -> Values<'a> {
    Values { pairs: search::split_ascii(header, b';'), name }
}

/// The iterator of [`values`] (a plain `next`: smaller in the wasm than `filter_map`'s).
pub struct Values<'a> {
    pairs: search::SplitAscii<'a>,
    name: &'a str,
}

impl<'a> Iterator for Values<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        for pair in self.pairs.by_ref() {
            if let Some((key, value)) = search::split_once_ascii(pair, b'=') {
                if search::trim(key) == self.name {
                    return Some(search::trim(value));
                }
            }
        }
        None
    }
}

/// The name of every cookie in a `Cookie` header, in header order (a name set on several
/// paths or domains comes several times).
pub fn names(header: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for pair in search::split_ascii(header, b';') {
        if let Some((name, _)) = search::split_once_ascii(pair, b'=') {
            out.push(search::trim(name));
        }
    }
    out
}

/// Builds the string that stores `value` under the configured name for `max_age` seconds.
///
/// `https` is whether the page is served over https; it sets `Secure` unless
/// the configuration forces it either way. `SameSite=None` always gets `Secure`,
/// as browsers reject it otherwise.
pub fn set_cookie(settings: &CookieSettings, value: &str, max_age: u64, https: bool) -> String {
    let mut out = String::with_capacity(value.len() + 96);
    out.push_str(&settings.name);
    out.push('=');
    out.push_str(value);
    push_scope(&mut out, &settings.path, settings.domain.as_deref());
    out.push_str("; Max-Age=");
    push_u64(&mut out, max_age);
    out.push_str("; SameSite=");
    out.push_str(settings.same_site.as_str());
    let secure = settings.secure.unwrap_or(https) || settings.same_site == crate::core::config::SameSite::None;
    if secure {
        out.push_str("; Secure");
    }
    out
}

/// Builds the string that deletes cookie `name` set with this path and domain.
pub fn delete_cookie(name: &str, path: &str, domain: Option<&str>) -> String {
    let mut out = String::with_capacity(name.len() + 80);
    out.push_str(name);
    out.push('=');
    push_scope(&mut out, path, domain);
    out.push_str("; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT");
    out
}

/// The deletions to write just before storing the consent cookie (and before it, as a
/// `Domain` equal to the host can name the host's own cookie in some browsers): the name on
/// every domain and path variant visible on `host` and `page_path` except the one the
/// configuration writes, so that a copy set by a sibling subdomain on a parent domain, or by
/// an older configuration on another path, stops disagreeing with the visitor's choice (see
/// [`crate::core::reader::read`]). Usable as `document.cookie` assignments or `Set-Cookie`
/// headers. A `__Host-` name cannot have such copies: nothing to delete.
pub fn stray_copies(settings: &CookieSettings, host: &str, page_path: &str) -> Vec<String> {
    let mut out = Vec::new();
    if settings.name.starts_with("__Host-") {
        return out;
    }
    let own = settings.domain.as_deref().map(|d| d.strip_prefix('.').unwrap_or(d));
    let paths = path_variants(page_path);
    for domain in domain_variants(host) {
        let variant = domain.as_deref().map(|d| d.strip_prefix('.').unwrap_or(d));
        let own_domain = match (variant, own) {
            (None, None) => true,
            (Some(v), Some(o)) => v.eq_ignore_ascii_case(o),
            _ => false,
        };
        for path in &paths {
            if !(own_domain && *path == settings.path) {
                let mut deletion = delete_cookie(&settings.name, path, domain.as_deref());
                if settings.name.starts_with("__Secure-") {
                    deletion.push_str("; Secure");
                }
                out.push(deletion);
            }
        }
    }
    out
}

fn push_scope(out: &mut String, path: &str, domain: Option<&str>) {
    out.push_str("; Path=");
    out.push_str(path);
    if let Some(domain) = domain {
        out.push_str("; Domain=");
        out.push_str(domain);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::config::SameSite;

    #[test]
    fn finds_every_value_of_a_name() {
        let header = "sessionid=abc; cookies_preferences=v1.x; broken; csrftoken=t; cookies_preferences = second ";
        let found: Vec<_> = values(header, "cookies_preferences").collect();
        assert_eq!(found, ["v1.x", "second"]);
        assert_eq!(values(header, "django_language").count(), 0);
        assert_eq!(values("", "a").count(), 0);
    }

    #[test]
    fn writes_the_default_attributes() {
        let s = set_cookie(&CookieSettings::default(), "v1.x", 182 * 86_400, false);
        assert_eq!(s, "cookies_preferences=v1.x; Path=/; Max-Age=15724800; SameSite=Lax");
        let s = set_cookie(&CookieSettings::default(), "v1.x", 10, true);
        assert!(s.ends_with("; SameSite=Lax; Secure"), "{s}");
    }

    #[test]
    fn honours_configured_attributes() {
        let settings = CookieSettings {
            name: "consent".into(),
            domain: Some(".data.corsica".into()),
            path: "/portal".into(),
            same_site: SameSite::None,
            secure: Some(false),
        };
        assert_eq!(
            set_cookie(&settings, "v", 1, false),
            "consent=v; Path=/portal; Domain=.data.corsica; Max-Age=1; SameSite=None; Secure"
        );
    }

    fn scopes(deletions: &[String]) -> Vec<String> {
        deletions
            .iter()
            .map(|d| {
                let rest = d.strip_prefix("cookies_preferences=; ").unwrap_or(d);
                rest.split("; Max-Age=0").next().unwrap_or("").to_owned()
            })
            .collect()
    }

    #[test]
    fn stray_copies_are_every_other_variant() {
        let host_only = CookieSettings::default();
        let deletions = stray_copies(&host_only, "www.data.corsica", "/explore/dataset");
        assert_eq!(
            scopes(&deletions),
            [
                "Path=/explore",
                "Path=/explore/dataset",
                "Path=/; Domain=.www.data.corsica",
                "Path=/explore; Domain=.www.data.corsica",
                "Path=/explore/dataset; Domain=.www.data.corsica",
                "Path=/; Domain=.data.corsica",
                "Path=/explore; Domain=.data.corsica",
                "Path=/explore/dataset; Domain=.data.corsica",
            ]
        );
        assert!(deletions.iter().all(|d| d.ends_with("; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT")));
    }

    #[test]
    fn stray_copies_spare_the_configured_domain_and_path() {
        for domain in ["data.corsica", ".data.corsica", ".Data.Corsica"] {
            let shared = CookieSettings { domain: Some(domain.into()), path: "/explore".into(), ..CookieSettings::default() };
            let scopes = scopes(&stray_copies(&shared, "www.data.corsica", "/explore/"));
            assert_eq!(scopes, ["Path=/", "Path=/explore", "Path=/; Domain=.www.data.corsica", "Path=/explore; Domain=.www.data.corsica", "Path=/; Domain=.data.corsica"], "{domain}");
        }
        assert!(stray_copies(&CookieSettings::default(), "localhost", "/").is_empty());
        assert!(stray_copies(&CookieSettings::default(), "127.0.0.1", "/a/").len() == 1);
    }

    #[test]
    fn stray_copies_of_prefixed_names() {
        let host = CookieSettings { name: "__Host-consent".into(), ..CookieSettings::default() };
        assert!(stray_copies(&host, "www.data.corsica", "/a").is_empty());
        let secure = CookieSettings { name: "__Secure-consent".into(), ..CookieSettings::default() };
        let deletions = stray_copies(&secure, "www.data.corsica", "/");
        assert_eq!(deletions.len(), 2);
        assert!(deletions.iter().all(|d| d.starts_with("__Secure-consent=; ") && d.ends_with("; Secure")), "{deletions:?}");
    }

    #[test]
    fn deletes_with_scope() {
        assert_eq!(
            delete_cookie("_ga", "/", Some(".example.org")),
            "_ga=; Path=/; Domain=.example.org; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT"
        );
    }
}
