//! Return visits: gated markup the stored choice allows runs as the parser delivers it, where
//! the same script without a banner would run, not once the whole document is parsed.
//!
//! Why an observer: the parser's insertions reach no prototype the guard wraps. A
//! `MutationObserver`'s records are delivered at each microtask checkpoint, and the parser makes
//! one before every parser-blocking script it runs: a gated script the visitor accepted runs
//! before the page's next ordinary script, in document order with the other gated elements
//! (activation's one queue). Each batch reads the consent in force (a decision made while the
//! page parses stands). An element the parser may still be filling (the document's last node is
//! inside it: an inline script's text arriving in pieces) waits for the next batch or for
//! `DOMContentLoaded`, when start's document half activates whatever is left and this stops.

use wasm_bindgen::prelude::*;
use web_sys::Node;

use crate::web::local::locals;
use crate::web::{activation, callback, dom, page, state};

#[wasm_bindgen]
extern "C" {
    type Observer;
    #[wasm_bindgen(constructor, js_class = MutationObserver, catch)]
    fn new(callback: &js_sys::Function) -> Result<Observer, JsValue>;
    #[wasm_bindgen(method)]
    fn observe(this: &Observer, target: &Node, options: &JsValue);
    #[wasm_bindgen(method)]
    fn disconnect(this: &Observer);
}

locals! {
    static OBSERVER: core::cell::RefCell<Option<Observer>> = core::cell::RefCell::new(None);
}

/// Activates what is parsed now and follows the parser until [`stop`].
pub fn follow() {
    // A second `start` while parsing replaces the first one's observer.
    stop();
    batch();
    let Some(doc) = page::document() else { return };
    let Ok(observer) = Observer::new(&callback::handler(|_| batch())) else { return };
    let options = js_sys::Object::new();
    let _ = dom::set(&options, "childList", &JsValue::TRUE);
    let _ = dom::set(&options, "subtree", &JsValue::TRUE);
    observer.observe(&doc, &options);
    OBSERVER.with(|o| o.replace(Some(observer)));
}

/// The document is parsed: start's document half takes over.
pub fn stop() {
    if let Some(observer) = OBSERVER.with(|o| o.take()) {
        observer.disconnect();
    }
}

/// Queues and activates the parsed gated elements the consent in force allows, but one the
/// parser may still be filling.
pub fn batch() {
    let Some(Some(consent)) = state::read(|s| s.session.as_ref().and_then(|s| s.consent.clone())) else { return };
    activation::activate_parsed(&consent, &page::parser_position);
}
