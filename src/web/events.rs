//! Telling the page and the other tabs about decisions.
//!
//! `biscotte:consent` fires on the document at start when a stored choice is applied and after
//! every decision; `biscotte:change` only when a decision changed what is allowed, and then the
//! `onChange` callbacks run too. `detail` maps `category` and `category/service` to
//! `true`/`false` (the core's plan lists which events and what detail). Other open tabs of the
//! site hear of a decision through a `BroadcastChannel` and re-read the cookie, so no reload is
//! needed. The callbacks and the channel live in the one state.

use crate::prelude::*;

use js_sys::{Function, Object};
use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, CustomEvent, CustomEventInit};

use crate::core::effects::Event;
use crate::web::{callback, dom, page, state};

const CHANNEL: &str = "biscotte";

fn detail_object(detail: &[(String, bool)]) -> Object {
    let object = Object::new();
    for (name, granted) in detail {
        let _ = dom::set(&object, name, &JsValue::from_bool(*granted));
    }
    object
}

/// Fires each event on the document with `detail`; after a change, runs the `onChange`
/// callbacks. Call with no borrow of the state held: listeners are page code.
pub fn dispatch(events: &[Event], detail: &[(String, bool)]) {
    let Some(doc) = page::document() else { return };
    let detail = detail_object(detail);
    for event in events {
        let init = CustomEventInit::new();
        init.set_detail(&detail);
        if let Ok(custom) = CustomEvent::new_with_event_init_dict(event.name(), &init) {
            let _ = doc.dispatch_event(&custom);
        }
        if *event == Event::Change {
            for callback in state::with(|s| s.listeners.clone()).unwrap_or_default() {
                if callback.call1(&JsValue::UNDEFINED, &detail).is_err() {
                    page::error("an onChange callback threw");
                }
            }
        }
    }
}

/// Registers a callback called with the decision's `detail` on every change.
pub fn on_change(callback: Function) {
    state::with(|s| s.listeners.push(callback));
}

/// Tells the site's other open tabs that the decision changed.
pub fn tell_other_tabs() {
    if let Some(Some(channel)) = state::with(|s| s.channel.clone()) {
        let _ = channel.post_message(&JsValue::from_str("changed"));
    }
}

/// Opens the channel once per page; `on_message` runs when another tab decided.
pub fn listen_to_other_tabs(on_message: fn()) {
    if state::with(|s| s.channel.is_some()) != Some(false) {
        return;
    }
    let Ok(channel) = BroadcastChannel::new(CHANNEL) else { return };
    let _ = dom::set(&channel, "onmessage", &callback::handler(move |_| on_message()));
    state::with(|s| s.channel = Some(channel));
}
