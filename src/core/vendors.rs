//! The trackers' own consent modes besides Google's: Microsoft UET and Clarity, Matomo, Piano
//! Analytics.
//!
//! Each of these trackers can run while holding back what needs consent, if it is told. The
//! configuration (`consentModes`) names, per vendor, the category or `category/service` whose
//! choice it follows; this module turns a consent into the commands each vendor documents, as
//! data ([`VendorCall`]). As with Consent Mode, the default goes out at start, before the page's
//! next script, and the update with a stored choice and after every decision. A source that is
//! not granted, or names nothing in the configuration, counts as refused.

use crate::prelude::*;

use crate::core::config::ConsentModes;
use crate::core::consent::Consent;

/// One command to a tracker's consent API.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VendorCall {
    /// `uetq.push('consent', 'default' | 'update', { ad_storage })`.
    Uet {
        /// `update` (else `default`).
        update: bool,
        /// `ad_storage` granted.
        granted: bool,
    },
    /// `clarity('consentv2', { ad_Storage: 'denied', analytics_Storage })`.
    Clarity {
        /// `analytics_Storage` granted.
        granted: bool,
    },
    /// `_paq.push([command])`: `requireConsent`, `setConsentGiven`, `forgetConsentGiven` or
    /// their cookie variants.
    Matomo(&'static str),
    /// Piano Analytics' mode (`opt-in` or `opt-out`): the SDK's default before it loads
    /// (`pdl.consent.defaultPreset.PA`) and `pa.consent.setMode` once it has.
    Piano(&'static str),
    /// Matomo as exempt audience measurement (`crate::core::exempt`): the CNIL's settings its
    /// tracker calls can set, `setVisitorCookieTimeout` at 13 months and `resetUserId`.
    MatomoExempt,
}

/// The defaults sent at start, before any decision applies: everything refused.
pub fn defaults(modes: &ConsentModes, out: &mut Vec<VendorCall>) {
    if modes.uet.is_some() {
        out.push(VendorCall::Uet { update: false, granted: false });
    }
    if modes.clarity.is_some() {
        out.push(VendorCall::Clarity { granted: false });
    }
    if modes.matomo.is_some() {
        out.push(VendorCall::Matomo(if modes.matomo_cookies { "requireCookieConsent" } else { "requireConsent" }));
    }
    if modes.piano.is_some() {
        out.push(VendorCall::Piano("opt-out"));
    }
}

/// The updates for a consent in force.
pub fn updates(modes: &ConsentModes, consent: &Consent, out: &mut Vec<VendorCall>) {
    let granted = |source: &Option<String>| source.as_deref().is_some_and(|s| consent.allows_name(s));
    if modes.uet.is_some() {
        out.push(VendorCall::Uet { update: true, granted: granted(&modes.uet) });
    }
    if modes.clarity.is_some() {
        out.push(VendorCall::Clarity { granted: granted(&modes.clarity) });
    }
    if modes.matomo.is_some() {
        out.push(VendorCall::Matomo(match (granted(&modes.matomo), modes.matomo_cookies) {
            (true, false) => "setConsentGiven",
            (false, false) => "forgetConsentGiven",
            (true, true) => "setCookieConsentGiven",
            (false, true) => "forgetCookieConsentGiven",
        }));
    }
    if modes.piano.is_some() {
        out.push(VendorCall::Piano(if granted(&modes.piano) { "opt-in" } else { "opt-out" }));
    }
}
