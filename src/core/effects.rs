//! What a decision does to the page, as data.
//!
//! Every path that settles the consent (start with a stored record, a button, "Always allow" on
//! an embed, another tab's decision, an API call) goes decide → plan → apply: the core decides
//! the record ([`crate::core::consent::decide`]), [`plan`] lists everything that follows from it
//! as plain values ([`Effects`]), and `crate::web` applies the list without asking the core
//! anything more. So what a decision does to cookies, Consent Mode and the other trackers' consent
//! modes, gated markup, events, the proof and the other tabs is asserted natively, here, for the
//! seed portals' own configurations.

use crate::prelude::*;

use crate::core::cleanup::{domain_variants, path_variants, refused_cookies};
use crate::core::codec::encode;
use crate::core::config::Config;
use crate::core::consent::{changed, Consent};
use crate::core::cookie::{delete_cookie, names, set_cookie, stray_copies};
use crate::core::exempt;
use crate::core::gcm::states;
use crate::core::proof::record;
use crate::core::vendors::{self, VendorCall};
use crate::core::withdrawal::{withdrawal, Withdrawal};

/// Why a plan is made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    /// Biscotte starts on a page, with the stored record if a valid one exists.
    Start,
    /// The visitor (or the page, through the API) decided here.
    Decision,
    /// Another tab of the site decided; this one follows.
    OtherTab,
    /// Biscotte starts on a page that would ask, and Global Privacy Control refuses instead
    /// (`globalPrivacyControl: "refuse"`): as at start with that refusal, plus its record
    /// written and its proof kept, as for a decision.
    Signal,
}

/// What the page knows that the plan needs, read by the browser layer.
#[derive(Debug, Clone, Copy)]
pub struct PageFacts<'a> {
    /// `location.hostname`.
    pub host: &'a str,
    /// `location.pathname`.
    pub path: &'a str,
    /// Whether the page is served over https.
    pub https: bool,
    /// `document.cookie`.
    pub cookies: &'a str,
    /// The banner's language, recorded in the proof.
    pub language: &'a str,
    /// The browser family, recorded in the proof ([`crate::core::proof::browser_family`]).
    pub browser: &'a str,
    /// While no decision stands and the banner asks again: the visitor's objections to exempt
    /// services that still stand ([`crate::core::standing::objections`]); they stop those services.
    pub objections: Option<&'a Consent>,
}

/// What the banner does.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Banner {
    /// Nothing changes.
    #[default]
    Keep,
    /// Ask: show the banner.
    Show,
    /// A decision stands: close the banner and the dialog, and show the floating button when
    /// `floating`.
    Close {
        /// The configuration asks for the floating "Cookie settings" button.
        floating: bool,
    },
    /// A decision stood before this page (start): no banner, the floating button when
    /// `floating`, and a dialog the visitor has opened since start stays open (start's document
    /// half comes a frame later, docs/adr/018-start-up-and-interaction.md).
    Settled {
        /// The configuration asks for the floating "Cookie settings" button.
        floating: bool,
    },
}

/// A document event, whose `detail` is [`Effects::detail`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Event {
    /// `biscotte:consent`: a decision applies on this page.
    Consent,
    /// `biscotte:change`: what is allowed changed; `onChange` callbacks run too.
    Change,
}

impl Event {
    /// The event's name on the document.
    pub fn name(self) -> &'static str {
        match self {
            Event::Consent => "biscotte:consent",
            Event::Change => "biscotte:change",
        }
    }
}

/// One Consent Mode v2 command: `gtag('consent', command, states)`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentModeCall {
    /// `"default"` or `"update"`.
    pub command: &'static str,
    /// Each consent type, `true` for granted.
    pub states: Vec<(&'static str, bool)>,
}

/// The proof of a decision.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proof {
    /// The JSON record ([`crate::core::proof::record`]).
    pub record: String,
    /// Where to send it (`consentLogUrl`), if anywhere.
    pub send_to: Option<String>,
    /// Keep it in the visitor's own `localStorage` (`proofStorage`); when false, the stored
    /// records are removed.
    pub store: bool,
}

/// Everything one decision does to the page, in the order the browser layer applies it.
///
/// The first four run as soon as Biscotte starts, before the page's next script; the rest
/// needs the parsed document (`crate::web` waits for it at start).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Effects {
    /// The consent cookie to store, as a `document.cookie` assignment.
    pub write: Option<String>,
    /// Cookies to delete, before the write: every other copy of the consent cookie (a sibling
    /// site's on the parent domain, an old path's) when the visitor decides, then the cookies of
    /// refused services. One assignment per name, domain and path variant.
    pub delete: Vec<String>,
    /// Consent Mode commands, in order.
    pub consent_mode: Vec<ConsentModeCall>,
    /// The other trackers' consent commands (UET, Clarity, Matomo, Piano), in order, then each
    /// exempt tracker's mode (`crate::core::exempt::calls`).
    pub vendors: Vec<VendorCall>,
    /// What the banner does.
    pub banner: Banner,
    /// Put placeholders on the gated embeds the consent does not allow.
    pub placeholders: bool,
    /// Activate the gated markup the consent allows (each element once, in document order); before
    /// any decision, that of exempt services.
    pub activate: bool,
    /// Events to dispatch, in order.
    pub events: Vec<Event>,
    /// The events' `detail` (and `onChange`'s argument): `category` and `category/service` → granted.
    pub detail: Vec<(String, bool)>,
    /// The proof of a decision made here.
    pub proof: Option<Proof>,
    /// Tell the site's other open tabs to follow.
    pub tell_other_tabs: bool,
    /// A withdrawal: unload the embeds it stops (their placeholders come back, before
    /// [`Effects::placeholders`] applies), then reload if a script it stops ran here.
    pub withdrawal: Option<Withdrawal>,
    /// `audit: true`: list in the console the cookies present that nothing declares
    /// ([`crate::core::cookie_audit`]), once the page has loaded.
    pub audit_cookies: bool,
}

/// Everything that follows when the consent goes from `previous` to `next` for `cause`.
///
/// `next` is `None` only at start without a decision that stands: nothing optional runs but the
/// exempt services not objected to ([`PageFacts::objections`]), the banner asks, and every other
/// optional service's cookies go.
pub fn plan(config: &Config, previous: Option<&Consent>, next: Option<&Consent>, cause: Cause, page: &PageFacts) -> Effects {
    let changed = next.is_some_and(|n| changed(previous, n));
    if cause == Cause::OtherTab && !changed {
        return Effects::default();
    }
    let mut fx = Effects { delete: deletions(config, next.or(page.objections), page), audit_cookies: config.audit, ..Effects::default() };
    let starting = matches!(cause, Cause::Start | Cause::Signal);
    if starting {
        fx.consent_mode.extend(consent_mode(config, "default", None));
        vendors::defaults(&config.consent_modes, &mut fx.vendors);
    }
    fx.placeholders = true;
    let Some(next) = next else {
        exempt::calls(config, page.objections, &mut fx.vendors);
        fx.banner = Banner::Show;
        fx.activate = exempt::any(config);
        return fx;
    };
    fx.consent_mode.extend(consent_mode(config, "update", Some(next)));
    vendors::updates(&config.consent_modes, next, &mut fx.vendors);
    exempt::calls(config, Some(next), &mut fx.vendors);
    fx.banner = if starting { Banner::Settled { floating: config.floating_button } } else { Banner::Close { floating: config.floating_button } };
    fx.activate = true;
    for choice in &next.choices {
        fx.detail.push((choice.name(), choice.granted));
    }
    if cause != Cause::OtherTab || previous.is_none() {
        fx.events.push(Event::Consent);
    }
    if changed && !starting {
        fx.events.push(Event::Change);
    }
    if matches!(cause, Cause::Decision | Cause::Signal) {
        let mut stray = stray_copies(&config.cookie, page.host, page.path);
        stray.append(&mut fx.delete);
        fx.delete = stray;
        fx.write = Some(set_cookie(&config.cookie, &encode(next), config.cookie_seconds(), page.https));
        let proof = Proof { record: record(next, page.language, page.browser), send_to: config.consent_log_url.clone(), store: config.proof_storage };
        fx.proof = Some(proof);
        fx.tell_other_tabs = changed && cause == Cause::Decision;
    }
    if !starting {
        fx.withdrawal = withdrawal(config, previous, next);
    }
    fx
}

fn consent_mode(config: &Config, command: &'static str, consent: Option<&Consent>) -> Option<ConsentModeCall> {
    let mode = config.consent_mode.as_ref()?;
    let mut necessary = Vec::new();
    for cat in config.categories.iter().filter(|c| c.necessary) {
        necessary.push(cat.id.as_str());
    }
    Some(ConsentModeCall { command, states: states(mode, consent, &necessary) })
}

/// A deletion for every cookie of a refused service present on the page, on every domain and
/// path it could have been set on (`document.cookie` shows names only).
fn deletions(config: &Config, consent: Option<&Consent>, page: &PageFacts) -> Vec<String> {
    let present = names(page.cookies);
    let doomed = refused_cookies(config, consent, &present);
    let mut out = Vec::new();
    if doomed.is_empty() {
        return out;
    }
    let domains = domain_variants(page.host);
    let paths = path_variants(page.path);
    for name in &doomed {
        for domain in &domains {
            for path in &paths {
                out.push(delete_cookie(name, path, domain.as_deref()));
            }
        }
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests;
#[cfg(all(test, not(target_arch = "wasm32")))]
mod truth;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod exempt_tests;
