//! `audit: true`: every request the page made to a refused service's URL, seen in the browser's
//! resource timing (those made before Biscotte started included), goes to the console with
//! what could not hold it. Held and parked requests are never made, so what shows here is what
//! no page script can stop: a `<script src>` or image the HTML parser fetched, `import()`, a CSS
//! `url()`, a worker. The integrator then gates it with markup.

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::refused;
use crate::strings::concat::concat;
use crate::web::{callback, dom, page, state};

/// Starts the audit once per page.
pub fn install() {
    if state::with(|s| core::mem::replace(&mut s.audited, true)) != Some(false) {
        return;
    }
    let Some(window) = page::window() else { return };
    let Some(ctor) = dom::get(&window, "PerformanceObserver").ok().and_then(|c| c.dyn_into::<Function>().ok()) else {
        page::warn("audit: this browser has no PerformanceObserver; requests are not audited");
        return;
    };
    let report = callback::handler(|list| {
        let entries = dom::get(&list, "getEntries")
            .ok()
            .and_then(|f| f.dyn_into::<Function>().ok())
            .and_then(|f| f.call0(&list).ok())
            .map(|v| Array::from(&v))
            .unwrap_or_default();
        for entry in entries.iter() {
            let url = dom::get(&entry, "name").ok().and_then(|n| n.as_string()).unwrap_or_default();
            let initiator = dom::get(&entry, "initiatorType").ok().and_then(|n| n.as_string()).unwrap_or_default();
            if let Some(refusal) = refused(&url) {
                page::warn(&concat(&[
                    "audit: ", &url, " (", &refusal.category, "/", &refusal.service, ", ", &initiator,
                    ") was requested without consent; no page script can hold this one (the HTML parser, import(), CSS or a worker fetched it): gate it with markup",
                ]));
            }
        }
    });
    let Ok(observer) = Reflect::construct(&ctor, &Array::of1(&report)) else { return };
    let options = Object::new();
    let _ = dom::set(&options, "type", &"resource".into());
    let _ = dom::set(&options, "buffered", &JsValue::TRUE);
    let observe = dom::get(&observer, "observe").ok().and_then(|f| f.dyn_into::<Function>().ok());
    if observe.is_none_or(|f| f.call1(&observer, &options).is_err()) {
        page::warn("audit: could not observe resource timing; requests are not audited");
    }
}
