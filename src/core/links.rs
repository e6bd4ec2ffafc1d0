//! Which links and URL patterns Biscotte accepts: one rule, used where the configuration is
//! validated and again where the banner renders a link, so a `javascript:` policy link can
//! never reach the page whichever way the configuration arrived.

use crate::strings::search;

/// A link that can only go to a web page: `http(s)://host…` or a relative
/// reference (no scheme). No whitespace or control characters anywhere, since
/// browsers drop some of them (`java\tscript:`), and no backslashes.
pub fn is_safe_link(url: &str) -> bool {
    if !is_url_pattern(url) || search::contains_ascii(url, b'\\') {
        return false;
    }
    for scheme in ["https://", "http://"] {
        if url.get(..scheme.len()).is_some_and(|head| head.eq_ignore_ascii_case(scheme)) {
            let rest = url.get(scheme.len()..).unwrap_or("");
            return !rest.is_empty() && !rest.starts_with('/');
        }
    }
    // A relative reference has no ':' before its first '/', '?' or '#'.
    let head = search::before_any_ascii(url, b"/?#");
    !search::contains_ascii(head, b':')
}

/// A URL or URL pattern as the configuration accepts it: 1 to 2048 characters, no whitespace or
/// control characters.
pub fn is_url_pattern(s: &str) -> bool {
    (1..=2048).contains(&s.len()) && !s.chars().any(|c| c.is_whitespace() || c.is_control())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn only_web_pages_and_relative_references() {
        for good in ["https://data.corsica/pages/cookies/", "http://x.org", "/pages/cookies", "cookies.html", "?lang=fr", "#cookies", "HTTPS://X.ORG"] {
            assert!(is_safe_link(good), "{good}");
        }
        for bad in ["javascript:alert(1)", "JavaScript:alert(1)", "java\tscript:x", "data:text/html,x", "https://", "https:///x",
            " javascript:x", "vbscript:x", "mailto:a@b", "https:\\evil", ""] {
            assert!(!is_safe_link(bad), "{bad}");
        }
    }
}
