//! The flows that settle the consent: start, a decision here, a decision in another tab.
//!
//! Each reads like the others: borrow the state once to decide (the core's `decide`, or the
//! stored record) and plan (the core's `effects::plan`), adopt the new consent, release the
//! borrow, then apply the plan (`crate::web::apply`). The UI's and the placeholders' handlers
//! are here too, since every one of them ends in a flow.

use crate::prelude::*;

use alloc::rc::Rc;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, Event};

use crate::core::config::Config;
use crate::core::consent::{consent_id, decide, grant, AskReason, Consent, Decision, Status};
use crate::core::standing::{answer, objections, signal_refusal};
use crate::core::effects::{plan, Cause, Effects, PageFacts};
use crate::core::reader::read;
use crate::strings::concat::concat;
use crate::web::placeholders::{self, Action};
use crate::web::state::{self, Hooks, Session};
use crate::web::{activation, apply, banner, callback, dom, events, guard, ingress, packs, page, parsing, proof, ui};

/// The page as the plan needs it, read now.
struct Facts {
    cookies: String,
    host: String,
    path: String,
}

impl Facts {
    fn read() -> Self {
        let (host, path) = page::location();
        Facts { cookies: page::cookies(), host, path }
    }

    fn with_language<'a>(&'a self, language: &'a str, objections: Option<&'a Consent>) -> PageFacts<'a> {
        let browser = page::browser();
        PageFacts { host: &self.host, path: &self.path, https: page::is_https(), cookies: &self.cookies, language, browser, objections }
    }
}

/// Starts on this page: the stored choice applies, or the banner asks.
pub fn start(config: &JsValue) {
    let config = Rc::new(ingress::config(config));
    let facts = Facts::read();
    let lang = ingress::language(&config, &facts.cookies);
    let verdict = read(&config, &facts.cookies, page::now());
    if let Some(error) = verdict.error {
        page::warn(&concat(&["the stored choice was ignored (", error.as_str(), "); asking again"]));
    } else if let Status::Ask(reason @ (AskReason::Future | AskReason::Conflicting)) = verdict.status {
        page::warn(reason.as_str());
    }
    let objections = objections(&config, &verdict.standing).map(Rc::new);
    let page_facts = facts.with_language(&lang, objections.as_deref());
    let (stored, fx) = match signal_refusal(&config, &verdict.status, &verdict.standing, page::global_privacy_control()) {
        Some(refusal) => {
            let next = decided_here(&config, &refusal, None);
            let fx = plan(&config, None, Some(&next), Cause::Signal, &page_facts);
            (Some(Rc::new(next)), fx)
        }
        None => {
            let stored = verdict.status.into_consent().map(Rc::new);
            (stored.clone(), plan(&config, None, stored.as_deref(), Cause::Start, &page_facts))
        }
    };
    let hooks = Hooks { click: on_click, cancel: on_cancel, embed: on_embed };
    let standing = verdict.standing;
    let session = Session { hooks, config: Rc::clone(&config), lang, consent: stored, standing, objections, ui: None, opener: None };
    if let Some(Some(old)) = state::with(|s| s.session.replace(session).and_then(|old| old.ui)) {
        old.host.remove();
    }
    placeholders::remove_all();
    guard::install(&config);
    let nonce = page::own_nonce();
    state::with(|s| s.queue.nonce = nonce);
    apply::early(&fx);
    // Blocking is in place: the banner's language pack, when it needs one, may now be fetched.
    packs::load();
    listen_for_openers();
    events::listen_to_other_tabs(follow_other_tab);
    // The guard and Consent Mode are in place now; what needs the whole document (gated markup,
    // <body>) waits for it when Biscotte runs at the top of <head>.
    // The document half is planned again later, as a start's: without the proof of a refusal
    // Global Privacy Control made now, so that is kept here.
    if let Some(kept) = &fx.proof {
        proof::keep(kept);
    }
    let parsed = page::document().is_some_and(|d| d.body().is_some() && d.ready_state() != "loading");
    if parsed {
        // What a stored choice allows runs now; the rest after the next frame: building the banner
        // after start's work would make one long task, and the page's own paint comes first.
        if fx.activate {
            parsing::batch();
        }
        page::after_paint(&callback::handler(|_| document_parsed()));
    } else {
        // A return visit: what the stored choice allows runs as the parser delivers it.
        if fx.activate {
            parsing::follow();
        }
        page::when_parsed(document_parsed);
    }
}

/// The document half of start, planned again now: a decision made while the page was parsing
/// (the page's own `acceptAll()`, another tab) stands, rather than the plan made at start.
fn document_parsed() {
    parsing::stop();
    let facts = Facts::read();
    let fx = state::with_session(|s| plan(&s.config, None, s.consent.as_deref(), Cause::Start, &facts.with_language(&s.lang, s.objections.as_deref())));
    if let Some(fx) = fx {
        apply::document(&fx, true);
    }
}

/// A record of `decision` made now, saying whether the browser sends Global Privacy Control.
fn decided_here(config: &Config, decision: &Decision, previous: Option<&Consent>) -> Consent {
    let mut next = decide(config, decision, previous, &consent_id(&page::random_bytes()), page::now());
    next.gpc = page::global_privacy_control();
    next
}

/// The visitor (or the page, through the API) decided.
pub fn decided(decision: &Decision) {
    let facts = Facts::read();
    let fx = state::with_session(|s| {
        let next = decided_here(&s.config, decision, s.consent.as_deref());
        let fx = plan(&s.config, s.consent.as_deref(), Some(&next), Cause::Decision, &facts.with_language(&s.lang, None));
        s.consent = Some(Rc::new(next));
        s.standing.clear();
        s.objections = None;
        fx
    });
    apply_now(fx);
}

/// Accept all or Reject all: on the banner, about the purposes it asks about only (the stored
/// choices that still stand are kept); in the dialog, about everything.
fn answered(target: &Element, granted: bool) {
    let on_banner = target.closest(".banner").ok().flatten().is_some();
    let decision = state::with_session(|s| answer(&s.config, if on_banner { &s.standing } else { &[] }, granted));
    if let Some(decision) = decision {
        decided(&decision);
    }
}

/// Another tab decided: re-read the cookie and follow it, without a reload.
fn follow_other_tab() {
    let facts = Facts::read();
    let fx = state::with_session(|s| {
        let next = read(&s.config, &facts.cookies, page::now()).status.into_consent()?;
        let fx = plan(&s.config, s.consent.as_deref(), Some(&next), Cause::OtherTab, &facts.with_language(&s.lang, None));
        s.consent = Some(Rc::new(next));
        Some(fx)
    });
    apply_now(fx.flatten());
}

fn apply_now(fx: Option<Effects>) {
    if let Some(fx) = fx {
        apply::early(&fx);
        apply::document(&fx, false);
    }
}

/// Clicks in the banner, the dialog and the floating button.
fn on_click(event: JsValue) {
    let event: Event = event.unchecked_into();
    let Some(target) = dom::closest_action(&event) else { return };
    match target.get_attribute("data-action").as_deref() {
        Some("accept") => answered(&target, true),
        Some("reject") => answered(&target, false),
        Some("customise") => ui::show_preferences(),
        Some("dismiss") => ui::cancel_dialog(),
        Some("switch") => banner::toggle(&target),
        Some("save") => {
            if let Some(choices) = ui::switches() {
                decided(&Decision::Custom(choices));
            }
        }
        _ => {}
    }
}

/// Escape on the dialog: the browser's own closing is replaced by ours.
fn on_cancel(event: JsValue) {
    event.unchecked_ref::<Event>().prevent_default();
    ui::cancel_dialog();
}

/// "Load this content" loads this embed once; "Always allow" decides for its service.
fn on_embed(frame: &Element, action: Action) {
    match action {
        Action::Once => guard::let_through(frame, || activation::activate_embed(frame)),
        Action::Always => {
            let Some(category) = frame.get_attribute("data-category") else { return };
            let service = frame.get_attribute("data-service");
            let decision = state::with_session(|s| grant(s.consent.as_deref(), &category, service.as_deref()));
            if let Some(decision) = decision {
                decided(&decision);
            }
        }
    }
}

/// One page-lifetime listener for `[data-biscotte-open]` anywhere in the document.
fn listen_for_openers() {
    let first = state::with(|s| !core::mem::replace(&mut s.opening, true)) == Some(true);
    let Some(doc) = page::document().filter(|_| first) else { return };
    let handler = callback::handler(|event| {
        let event: Event = event.unchecked_into();
        let opener = event
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|e| e.closest("[data-biscotte-open]").ok().flatten());
        if opener.is_some() {
            event.prevent_default();
            ui::show_preferences();
        }
    });
    let _ = dom::listen(&doc, "click", &handler, &JsValue::UNDEFINED);
}

/// Whether `name` (`category` or `category/service`) is accepted now.
pub fn accepted(name: &str) -> bool {
    state::read(|s| s.session.as_ref().map(|s| crate::core::exempt::accepted(&s.config, s.consent.as_deref(), name))).flatten().unwrap_or(false)
}

