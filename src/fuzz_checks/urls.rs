//! URL patterns (`core::urls`) and the `*` globs they share with cookie names (`core::cleanup`).

use crate::prelude::*;

use crate::core::cleanup::matches;
use crate::core::config::{Config, Service};
use crate::core::urls::{classify, host_and_path, url_matches};

/// Bytes up to the first newline: a pattern; after it: a URL (also used as a cookie name). No
/// panic; the glob agrees with a plain dynamic-programming matcher; a bare-host pattern matches
/// only that host and its subdomains; `classify` finds the service exactly when its pattern matches.
pub fn urls(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (pattern, url) = text.split_once('\n').unwrap_or((&text, ""));
    if pattern.len() <= 64 && url.len() <= 256 {
        assert_eq!(matches(pattern, url), glob(pattern.as_bytes(), url.as_bytes()), "{pattern:?} {url:?}");
    }
    let split = host_and_path(url);
    if let Some((host, path)) = &split {
        assert_eq!(*host, host.to_ascii_lowercase());
        assert!(!path.contains(['?', '#']) && url.contains(path), "{url:?}");
    }
    let matched = url_matches(pattern, url);
    let bare = pattern.to_ascii_lowercase();
    if matched && !bare.contains(['/', '*']) {
        let host = split.map(|(h, _)| h).unwrap_or_default();
        let sub = host.strip_suffix(bare.as_str()).is_some_and(|rest| rest.ends_with('.'));
        assert!(host == bare || sub, "{pattern:?} matched {url:?}");
    }
    let mut config = Config::default();
    if let Some(stats) = config.categories.iter_mut().find(|c| c.id == "statistical") {
        stats.services.push(Service { id: "s".into(), urls: vec![pattern.into()], ..Service::default() });
    }
    assert_eq!(classify(&config, url).is_some(), matched, "{pattern:?} {url:?}");
}

/// `*` as any run of bytes, everything else literal: the textbook table.
fn glob(pattern: &[u8], name: &[u8]) -> bool {
    // row[j]: the pattern so far matches name[..j].
    let mut row = vec![false; name.len() + 1];
    if let Some(first) = row.first_mut() {
        *first = true;
    }
    for &p in pattern {
        let mut next = vec![false; name.len() + 1];
        for j in 0..=name.len() {
            let here = row.get(j).copied().unwrap_or(false);
            let diagonal = j > 0 && row.get(j - 1).copied().unwrap_or(false) && name.get(j - 1) == Some(&p);
            let star_extends = p == b'*' && j > 0 && next.get(j - 1).copied().unwrap_or(false);
            if let Some(cell) = next.get_mut(j) {
                *cell = if p == b'*' { here || star_extends } else { diagonal };
            }
        }
        row = next;
    }
    row.last().copied().unwrap_or(false)
}
