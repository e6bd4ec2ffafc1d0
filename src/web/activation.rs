//! Activation of gated markup, in document order, each element exactly once.
//!
//! Activation inserts a *fresh* `<script>`: flipping `type` on a parsed script runs nothing.
//! Each element is marked when queued, so a second decision never queues it twice. External
//! scripts are activated one at a time: the next gated element waits for the previous
//! script's `load` (or `error`), so an inline script that uses an external library sees it.
//! The queue lives in the one state ([`crate::web::state::Queue`]); no borrow is held while an
//! element is activated, since the guard on `src` reads the state from inside that.

use crate::prelude::*;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, HtmlScriptElement};

use crate::core::config::Config;
use crate::core::consent::Consent;
use crate::web::dom::{self, query_all};
use crate::web::markup::{allowed, GATED, MARK, PARKED};
use crate::web::{callback, page, placeholders, state};

/// Queues every gated element the consent allows (`None`: no decision yet, exempt services
/// only), in document order, and starts activating.
pub fn activate(config: &Config, consent: Option<&Consent>) {
    let Some(doc) = page::document() else { return };
    let mut found = Vec::new();
    for el in query_all(&doc, GATED) {
        if allowed(config, consent, &el) && el.set_attribute(MARK, "queued").is_ok() {
            found.push(el);
        }
    }
    state::with(|s| {
        for el in found {
            s.queue.pending.push(el);
        }
    });
    pump();
}

/// Activates queued elements until an external script has to load first.
fn pump() {
    loop {
        let next = state::with(|s| {
            if s.queue.busy || s.queue.pending.is_empty() {
                return None;
            }
            Some((s.queue.pending.remove(0), s.queue.nonce.clone()))
        });
        let Some(Some((el, own_nonce))) = next else { return };
        if !el.is_connected() {
            continue;
        }
        if !el.tag_name().eq_ignore_ascii_case("script") {
            activate_embed(&el);
            continue;
        }
        if activate_script(&el, own_nonce) == Some(true) {
            state::with(|s| s.queue.busy = true);
            return;
        }
    }
}

fn loaded() {
    state::with(|s| s.queue.busy = false);
    pump();
}

/// Loads one gated embed (iframe, image, stylesheet…), removing its placeholder if it has one.
pub fn activate_embed(el: &Element) {
    let _ = el.set_attribute(MARK, "active");
    for (attribute, parked) in PARKED {
        let target = match attribute {
            "src" if el.tag_name() == "LINK" => continue,
            "href" if el.tag_name() != "LINK" => continue,
            _ => attribute,
        };
        if let Some(value) = el.get_attribute(parked) {
            let _ = el.remove_attribute(parked);
            let _ = el.set_attribute(target, &value);
        }
    }
    placeholders::remove(el);
}

/// The one `load`/`error` listener, made on first use.
fn loaded_listener() -> Option<js_sys::Function> {
    state::with(|s| s.queue.loaded.get_or_insert_with(|| callback::handler(|_| loaded())).clone())
}

/// Replaces a gated script by a fresh, runnable one. `Some(true)` when it is external (wait for it).
fn activate_script(old: &Element, own_nonce: Option<String>) -> Option<bool> {
    let doc = page::document()?;
    let fresh: HtmlScriptElement = doc.create_element("script").ok()?.unchecked_into();
    for name in old.get_attribute_names() {
        let name = name.as_string().unwrap_or_default();
        if !matches!(name.as_str(), "type" | "src" | "data-src" | "data-type" | "nonce" | MARK) {
            fresh.set_attribute(&name, &old.get_attribute(&name).unwrap_or_default()).ok()?;
        }
    }
    fresh.set_attribute(MARK, "active").ok()?;
    let subject = (old.get_attribute("data-category").unwrap_or_default(), old.get_attribute("data-service"));
    state::with(|s| s.queue.ran.push(subject));
    if let Some(kind) = old.get_attribute("data-type") {
        fresh.set_type(&kind);
    }
    // The gated element's own nonce (the `nonce` property: browsers hide the attribute), else
    // Biscotte's own script's: a strict CSP then lets the activated script run.
    let nonce = Some(old.unchecked_ref::<HtmlElement>().nonce()).filter(|n| !n.is_empty()).or(own_nonce);
    if let Some(nonce) = nonce {
        fresh.unchecked_ref::<HtmlElement>().set_nonce(&nonce);
    }
    let external = match old.get_attribute("data-src").or_else(|| old.get_attribute("src")) {
        Some(src) => {
            // Listeners, not `onload`/`onerror`: the script's own handler attributes stay.
            if let Some(done) = loaded_listener() {
                let _ = dom::listen(&fresh, "load", &done, &JsValue::UNDEFINED);
                let _ = dom::listen(&fresh, "error", &done, &JsValue::UNDEFINED);
            }
            let _ = dom::set(&fresh, "async", &JsValue::FALSE);
            fresh.set_src(&src);
            // The URL may belong to a refused service (the guard then parks it): nothing to wait for.
            !fresh.has_attribute("data-src")
        }
        None => {
            fresh.set_text(&old.text_content().unwrap_or_default()).ok()?;
            false
        }
    };
    old.replace_with_with_node_1(&fresh).ok()?;
    Some(external && fresh.is_connected())
}
