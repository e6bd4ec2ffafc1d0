//! Reading a `Cookie` header and writing `Set-Cookie`-style strings.
//!
//! `document.cookie` and an HTTP `Cookie` header share one syntax, so the
//! browser layer and Rust back ends use the same reader. Writing produces
//! the string assigned to `document.cookie` (same syntax as `Set-Cookie`).

use crate::prelude::*;

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

    #[test]
    fn deletes_with_scope() {
        assert_eq!(
            delete_cookie("_ga", "/", Some(".example.org")),
            "_ga=; Path=/; Domain=.example.org; Max-Age=0; Expires=Thu, 01 Jan 1970 00:00:00 GMT"
        );
    }
}
