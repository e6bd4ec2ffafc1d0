//! What a value must look like before it reaches a cookie: cookie names and
//! patterns (RFC 6265 tokens), domains and cookie paths. The link rule
//! (`policyUrl`, `consentLogUrl`, service URLs) is [`crate::core::links`],
//! shared with the banner.

use crate::strings::search;

/// RFC 6265 cookie-name (token) characters; `*` is one of them.
fn is_token_char(b: u8) -> bool {
    // `matches!`, not `b"…".contains(&b)`: that is `memchr`, more wasm than this needs.
    b.is_ascii_graphic()
        && !matches!(b, b'(' | b')' | b'<' | b'>' | b'@' | b',' | b';' | b':' | b'\\' | b'"' | b'/' | b'[' | b']' | b'?' | b'=' | b'{' | b'}')
}

pub(super) fn is_cookie_name(s: &str) -> bool {
    (1..=128).contains(&s.len()) && search::all_bytes(s, is_token_char) && !search::contains_ascii(s, b'*')
}

pub(super) fn is_cookie_pattern(s: &str) -> bool {
    (1..=128).contains(&s.len()) && search::all_bytes(s, is_token_char)
}

/// A host name, optionally with a leading dot: labels of letters, digits and `-`.
pub(super) fn is_domain(s: &str) -> bool {
    let host = s.strip_prefix('.').unwrap_or(s);
    (1..=253).contains(&host.len())
        && search::split_ascii(host, b'.').all(|label| {
            (1..=63).contains(&label.len())
                && search::all_bytes(label, |b| b.is_ascii_alphanumeric() || b == b'-')
                && !label.starts_with('-')
                && !label.ends_with('-')
        })
}

pub(super) fn is_cookie_path(s: &str) -> bool {
    s.starts_with('/') && s.len() <= 1024 && !s.chars().any(|c| c == ';' || c.is_control())
}
