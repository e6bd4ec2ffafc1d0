//! Proof of consent: the small JSON record sent to the portal's
//! `consentLogUrl` and kept in the visitor's own localStorage (unless `proofStorage` is false),
//! where the dialog lists it among the necessary cookies, as storage is no less a tracker.
//!
//! Built by hand (no serde_json in the wasm): every value is either a
//! number, a boolean, or a string from a closed alphabet (ids, language tag,
//! browser family), escaped anyway in case a config lets odd text through.

use crate::prelude::*;

use crate::core::config::{Category, Config};
use crate::core::consent::Consent;
use crate::strings::num::push_u64;
use crate::strings::search;

/// The browser family from a user-agent string; nothing finer, to keep the record anonymous.
pub fn browser_family(user_agent: &str) -> &'static str {
    let has = |needle: &str| search::contains(user_agent, needle);
    if has("Edg/") {
        "edge"
    } else if has("Firefox/") {
        "firefox"
    } else if has("Chrome/") || has("Chromium/") {
        "chrome"
    } else if has("Safari/") {
        "safari"
    } else {
        "other"
    }
}

fn push_json_str(out: &mut String, text: &str) {
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if (c as u32) < 0x20 => out.push(' '),
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `{"id":…,"revision":…,"first":…,"last":…,"language":…,"browser":…,"gpc":…,"choices":{"statistical":true,…}}`;
/// `gpc`: the browser sent Global Privacy Control.
pub fn record(consent: &Consent, language: &str, browser: &str) -> String {
    let mut out = String::with_capacity(160 + consent.choices.len() * 24);
    out.push_str("{\"id\":");
    push_json_str(&mut out, &consent.id);
    out.push_str(",\"revision\":");
    push_u64(&mut out, u64::from(consent.revision));
    out.push_str(",\"first\":");
    push_u64(&mut out, consent.first);
    out.push_str(",\"last\":");
    push_u64(&mut out, consent.last);
    out.push_str(",\"language\":");
    push_json_str(&mut out, language);
    out.push_str(",\"browser\":");
    push_json_str(&mut out, browser);
    out.push_str(if consent.gpc { ",\"gpc\":true" } else { ",\"gpc\":false" });
    out.push_str(",\"choices\":{");
    for (i, choice) in consent.choices.iter().enumerate() {
        if i > 0 {
            out.push(',');
        }
        push_json_str(&mut out, &choice.name());
        out.push_str(if choice.granted { ":true" } else { ":false" });
    }
    out.push_str("}}");
    out
}

/// The `localStorage` key of the visitor's own copy.
pub const STORAGE_KEY: &str = "biscotte:proof";

/// Whether the dialog lists the visitor's own copy as a row of `category`'s cookie table: the
/// first necessary category, while `proofStorage` keeps it.
pub fn listed_under(config: &Config, category: &Category) -> bool {
    config.proof_storage && config.categories.iter().find(|c| c.necessary).is_some_and(|c| c.id == category.id)
}

/// How many records the visitor's own copy keeps.
pub const KEPT: usize = 10;

/// The visitor's own copy after a decision: the [`KEPT`] latest records of `previous` (one JSON
/// record a line; anything else there is dropped) and `latest`, oldest first.
pub fn keep_latest(previous: &str, latest: &str) -> String {
    let mut lines = Vec::new();
    for line in search::lines(previous) {
        if line.starts_with('{') {
            lines.push(line);
        }
    }
    lines.push(latest);
    let start = lines.len().saturating_sub(KEPT);
    let mut kept = String::new();
    for line in lines.get(start..).unwrap_or(&[]) {
        if !kept.is_empty() {
            kept.push('\n');
        }
        kept.push_str(line);
    }
    kept
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::consent::Choice;
    use crate::core::json::parse;

    #[test]
    fn families() {
        let chrome = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36";
        assert_eq!(browser_family(chrome), "chrome");
        assert_eq!(browser_family("Mozilla/5.0 (X11; rv:140.0) Gecko/20100101 Firefox/140.0"), "firefox");
        assert_eq!(browser_family("Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 Version/18.0 Safari/605.1.15"), "safari");
        assert_eq!(browser_family([chrome, " Edg/140.0"].concat().as_str()), "edge");
        assert_eq!(browser_family("curl/8"), "other");
    }

    #[test]
    fn record_is_valid_json_with_every_choice() {
        let consent = Consent {
            revision: 2,
            id: "q2Xo3mZb8kT1vLwA".into(),
            first: 10,
            last: 20,
            choices: vec![Choice::category("statistical", true), Choice::service("statistical", "matomo", false)],
            gpc: true,
        };
        let json = record(&consent, "fr\"x", "chrome");
        assert_eq!(
            json,
            r#"{"id":"q2Xo3mZb8kT1vLwA","revision":2,"first":10,"last":20,"language":"fr\"x","browser":"chrome","gpc":true,"choices":{"statistical":true,"statistical/matomo":false}}"#
        );
        assert!(parse(&json).is_ok());
    }

    #[test]
    fn the_visitors_copy_is_listed_under_the_first_necessary_category() {
        let config = Config::default();
        let listed: Vec<&str> = config.categories.iter().filter(|c| listed_under(&config, c)).map(|c| c.id.as_str()).collect();
        assert_eq!(listed, ["necessary"]);
        let (own, issues) = Config::from_json(r#"{"categories":[{"id":"statistical"},{"id":"portal","label":"Portal","necessary":true},{"id":"site","label":"Site","necessary":true}]}"#);
        assert!(issues.is_empty(), "{issues:?}");
        let listed: Vec<&str> = own.categories.iter().filter(|c| listed_under(&own, c)).map(|c| c.id.as_str()).collect();
        assert_eq!(listed, ["portal"]);
        let (off, _) = Config::from_json(r#"{"proofStorage":false}"#);
        assert!(!off.categories.iter().any(|c| listed_under(&off, c)), "not kept, not listed");
    }

    #[test]
    fn the_visitors_copy_keeps_the_latest_records() {
        assert_eq!(keep_latest("", "{\"a\":1}"), "{\"a\":1}");
        assert_eq!(keep_latest("junk\n{\"a\":1}\n", "{\"b\":2}"), "{\"a\":1}\n{\"b\":2}");
        let mut stored = String::new();
        for n in 0..15u64 {
            let mut line = String::from("{\"n\":");
            crate::strings::num::push_u64(&mut line, n);
            line.push('}');
            stored = keep_latest(&stored, &line);
        }
        let lines: Vec<&str> = stored.lines().collect();
        assert_eq!(lines.len(), KEPT);
        assert_eq!(lines.first(), Some(&"{\"n\":5}"));
        assert_eq!(lines.last(), Some(&"{\"n\":14}"));
    }
}
