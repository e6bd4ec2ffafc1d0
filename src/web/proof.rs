//! Sends each decision once to the portal's `consentLogUrl` (`sendBeacon`:
//! never blocks the page, survives navigation) and keeps the latest records
//! in localStorage for the visitor's own reference.

use crate::prelude::*;

use crate::core::config::Config;
use crate::core::consent::Consent;
use crate::core::proof::{browser_family, record};
use crate::strings::search;
use crate::web::page;

const STORAGE_KEY: &str = "biscotte:proof";
const KEEP: usize = 10;

/// Logs a decision as configured. Storage or network being unavailable is not an error for the visitor.
pub fn log(config: &Config, consent: &Consent, lang: &str) {
    let Some(window) = page::window() else { return };
    let ua = window.navigator().user_agent().unwrap_or_default();
    let json = record(consent, lang, browser_family(&ua));
    if let Some(url) = &config.consent_log_url {
        if !window.navigator().send_beacon_with_opt_str(url, Some(&json)).unwrap_or(false) {
            page::warn("the consent record could not be queued for sending");
        }
    }
    // localStorage may be absent or throw (privacy modes, sandboxed frames): absence is a state.
    let Some(storage) = window.local_storage().ok().flatten() else { return };
    let previous = storage.get_item(STORAGE_KEY).ok().flatten().unwrap_or_default();
    let mut lines = Vec::new();
    for line in search::lines(&previous) {
        if line.starts_with('{') {
            lines.push(line);
        }
    }
    lines.push(&json);
    let start = lines.len().saturating_sub(KEEP);
    let mut kept = String::new();
    for line in lines.get(start..).unwrap_or(&[]) {
        if !kept.is_empty() {
            kept.push('\n');
        }
        kept.push_str(line);
    }
    let _ = storage.set_item(STORAGE_KEY, &kept);
}
