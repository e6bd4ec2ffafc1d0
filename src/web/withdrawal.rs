//! A withdrawal on the page: what it can stop, stopped.
//!
//! The core says what the withdrawal stops ([`Withdrawal::stops`]); here each activated embed
//! of a stopped service (a frame, an image, a stylesheet) is replaced by a fresh, inert copy of
//! itself, its URL parked back in `data-src`, so the frame's document is gone at once and the
//! placeholders step puts its placeholder back. Scripts still waiting in the activation queue
//! go back to being gated. Scripts that ran cannot be unloaded: with `reloadOnWithdrawal`, the
//! page reloads when one of them belongs to a stopped service ([`Withdrawal::needs_reload`]).

use wasm_bindgen::JsCast;
use web_sys::Element;

use crate::core::withdrawal::Withdrawal;
use crate::web::dom::query_all;
use crate::web::markup::{MARK, PARKED};
use crate::web::{page, state};

/// Activated embeds (activation marks them `data-biscotte="active"`).
const ACTIVE_EMBEDS: &str = "[data-biscotte='active'][data-category]:not(script)";

fn stopped(w: &Withdrawal, el: &Element) -> bool {
    el.get_attribute("data-category").is_some_and(|category| w.stops(&category, el.get_attribute("data-service").as_deref()))
}

/// Unloads the embeds the withdrawal stops and takes its services' scripts out of the queue.
pub fn unload(w: &Withdrawal) {
    state::with(|s| s.queue.pending.retain(|q| !w.stops(&q.category, q.service.as_deref())));
    let Some(doc) = page::document() else { return };
    for el in query_all(&doc, ACTIVE_EMBEDS) {
        if !stopped(w, &el) {
            continue;
        }
        let Some(fresh) = el.clone_node_with_deep(true).ok().and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
        let link = fresh.tag_name() == "LINK";
        for (attribute, parked) in PARKED {
            if (attribute == "src" && link) || (attribute == "href" && !link) {
                continue;
            }
            if let Some(value) = fresh.get_attribute(attribute) {
                let _ = fresh.set_attribute(parked, &value);
                let _ = fresh.remove_attribute(attribute);
            }
        }
        let _ = fresh.remove_attribute(MARK);
        let _ = el.replace_with_with_node_1(&fresh);
    }
}

/// Reloads the page when the withdrawal asks for it and a stopped service's script ran here.
pub fn reload_if_needed(w: &Withdrawal) {
    if w.reload && state::read(|s| w.needs_reload(&s.queue.ran)) == Some(true) {
        if let Some(window) = page::window() {
            let _ = window.location().reload();
        }
    }
}
