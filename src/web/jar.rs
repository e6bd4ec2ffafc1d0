//! Deletes the cookies of refused services from `document.cookie`.
//!
//! The core says which names to delete and on which domain and path variants
//! they may have been set (`core::cleanup`); this file only reads the names
//! and writes the deletions. Cookies set `HttpOnly` or by another site are
//! out of reach of any page script.

use crate::prelude::*;

use crate::core::cleanup::{domain_variants, path_variants, refused_cookies};
use crate::core::config::Config;
use crate::core::consent::Consent;
use crate::core::cookie::delete_cookie;
use crate::strings::search;
use crate::web::page;

/// Deletes every cookie of a service the consent does not allow (all optional ones without consent).
pub fn delete_refused(config: &Config, consent: Option<&Consent>) -> usize {
    let jar = page::cookies();
    let mut names = Vec::new();
    for pair in search::split_ascii(&jar, b';') {
        if let Some((name, _)) = search::split_once_ascii(pair, b'=') {
            names.push(search::trim(name));
        }
    }
    let doomed = refused_cookies(config, consent, &names);
    if doomed.is_empty() {
        return 0;
    }
    let Some(location) = page::window().map(|w| w.location()) else { return 0 };
    let domains = domain_variants(&location.hostname().unwrap_or_default());
    let paths = path_variants(&location.pathname().unwrap_or_default());
    for name in &doomed {
        for domain in &domains {
            for path in &paths {
                page::set_cookie(&delete_cookie(name, path, domain.as_deref()));
            }
        }
    }
    doomed.len()
}
