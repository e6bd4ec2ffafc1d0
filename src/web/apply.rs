//! Applying a plan: where the core's [`Effects`] meet the page, and nowhere else.
//!
//! [`early`] is what must be in place before the page's next script (deletions, the consent
//! cookie, Consent Mode and the other trackers' consent modes); [`document`] needs the parsed
//! document. A decision applies both at once; `start` applies the second when the document is
//! parsed. Neither holds a borrow of the state while page code can run (Consent Mode's `gtag`,
//! the trackers' queues, event listeners, callbacks).

use crate::core::effects::{Banner, Effects};
use crate::web::packs::{self, Slot};
use crate::web::{activation, cookie_audit, events, gcm, guard, page, placeholders, proof, state, ui, vendors, withdrawal};

/// The deletions, the consent cookie, Consent Mode and the other trackers' consent modes.
pub fn early(fx: &Effects) {
    for deletion in &fx.delete {
        page::set_cookie(deletion);
    }
    if let Some(cookie) = &fx.write {
        if !page::set_cookie(cookie) {
            page::error("cookies are unavailable; the choice applies to this page only");
        }
    }
    for call in &fx.consent_mode {
        gcm::send(call);
    }
    for call in &fx.vendors {
        vendors::send(call);
    }
}

/// The banner, gated markup, what a withdrawal stops, placeholders, events, the proof, the other
/// tabs, the cookie audit, and last the reload a withdrawal may need. `at_once`: gated markup runs
/// in this task (start), else after the next frame (a decision: the banner closes first;
/// `crate::web::activation`).
pub fn document(fx: &Effects, at_once: bool) {
    match fx.banner {
        Banner::Keep => {}
        Banner::Show => ui::show_banner(),
        Banner::Close { floating } => ui::close(floating),
        Banner::Settled { floating } => ui::settled(floating),
    }
    let Some((config, consent)) = state::with_session(|s| (s.config.clone(), s.in_force())) else { return };
    if fx.activate {
        activation::activate(consent.as_ref(), at_once);
        guard::release(&config, consent.as_deref());
    }
    if let Some(w) = &fx.withdrawal {
        withdrawal::unload(w);
    }
    if fx.placeholders && !packs::later(Slot::Placeholders, Some(placeholders_now)) {
        placeholders_now();
    }
    events::dispatch(&fx.events, &fx.detail);
    if let Some(proof) = &fx.proof {
        proof::keep(proof);
    }
    if fx.tell_other_tabs {
        events::tell_other_tabs();
    }
    if fx.audit_cookies {
        cookie_audit::after_load();
    }
    if let Some(w) = &fx.withdrawal {
        withdrawal::reload_if_needed(w);
    }
}

/// The placeholders under the consent in force (also once the language pack they waited for has
/// arrived or failed).
fn placeholders_now() {
    if let Some((config, lang, consent, hooks)) = state::with_session(|s| (s.config.clone(), s.lang.clone(), s.in_force(), s.hooks)) {
        placeholders::show(&config, consent.as_deref(), &lang, hooks.embed);
    }
}
