//! Telling the page and the other tabs about decisions.
//!
//! `biscotte:consent` fires on the document at start when a stored choice is
//! applied and after every decision; `biscotte:change` only when a decision
//! changed what is allowed. `detail` maps `category` and `category/service`
//! to `true`/`false`. Other open tabs of the site hear of a decision through
//! a `BroadcastChannel` and re-read the cookie, so no reload is needed.

use crate::prelude::*;

use core::cell::RefCell;

use js_sys::{Function, Object};
use wasm_bindgen::prelude::*;
use web_sys::{BroadcastChannel, CustomEvent, CustomEventInit};

use crate::core::consent::Consent;
use crate::web::local::locals;
use crate::web::{callback, dom, page};

const CHANNEL: &str = "biscotte";

locals! {
    static LISTENERS: RefCell<Vec<Function>> = RefCell::new(Vec::new());
    static CHANNEL_HANDLE: RefCell<Option<BroadcastChannel>> = RefCell::new(None);
}

fn detail(consent: &Consent) -> Object {
    let detail = Object::new();
    for choice in &consent.choices {
        let mut key = choice.category.clone();
        if let Some(service) = &choice.service {
            key.push('/');
            key.push_str(service);
        }
        let _ = dom::set(&detail, &key, &JsValue::from_bool(choice.granted));
    }
    detail
}

/// Fires `name` on the document with the decision in `detail`.
pub fn dispatch(name: &str, consent: &Consent) {
    let Some(doc) = page::document() else { return };
    let init = CustomEventInit::new();
    init.set_detail(&detail(consent));
    if let Ok(event) = CustomEvent::new_with_event_init_dict(name, &init) {
        let _ = doc.dispatch_event(&event);
    }
}

/// Registers a callback called with the decision's `detail` on every change.
pub fn on_change(callback: Function) {
    LISTENERS.with(|l| {
        if let Ok(mut l) = l.try_borrow_mut() {
            l.push(callback);
        }
    });
}

/// Announces a changed decision: the page's event, the callbacks, the other tabs.
pub fn changed(consent: &Consent, from_other_tab: bool) {
    dispatch("biscotte:change", consent);
    let callbacks = LISTENERS.with(|l| l.try_borrow().map(|l| l.clone()).unwrap_or_default());
    let detail = detail(consent);
    for callback in callbacks {
        if callback.call1(&JsValue::UNDEFINED, &detail).is_err() {
            page::error("an onChange callback threw");
        }
    }
    if !from_other_tab {
        CHANNEL_HANDLE.with(|c| {
            if let Some(channel) = c.try_borrow().ok().and_then(|c| c.clone()) {
                let _ = channel.post_message(&JsValue::from_str("changed"));
            }
        });
    }
}

/// Opens the channel once per page; `on_message` runs when another tab decided.
pub fn listen_to_other_tabs(on_message: fn()) {
    CHANNEL_HANDLE.with(|c| {
        let Ok(mut slot) = c.try_borrow_mut() else { return };
        if slot.is_some() {
            return;
        }
        let Ok(channel) = BroadcastChannel::new(CHANNEL) else { return };
        let _ = dom::set(&channel, "onmessage", &callback::handler(move |_| on_message()));
        *slot = Some(channel);
    });
}
