//! The trackers' own consent APIs on the page: Microsoft UET and Clarity, Matomo, Piano Analytics.
//!
//! The core's plan says what to send ([`VendorCall`]); this only speaks each vendor's shape. None
//! is loaded here: a queue the vendor's snippet would create (`uetq`, `_paq`, Clarity's queueing
//! `clarity` function, Piano's `pdl` settings) is created the same way when missing, so what is
//! sent before the tracker loads is read by it when it does; a loaded tracker gets the call.

use js_sys::{Array, Function, Object, Proxy};
use wasm_bindgen::{JsCast, JsValue};

use crate::core::vendors::VendorCall;
use crate::web::{callback, dom, page};

fn state(granted: bool) -> JsValue {
    (if granted { "granted" } else { "denied" }).into()
}

/// `window[name]`, or `make()` stored there when it is missing (as the vendor's snippet does).
fn global(window: &JsValue, name: &str, make: impl FnOnce() -> JsValue) -> JsValue {
    match dom::get(window, name) {
        Ok(v) if !v.is_undefined() && !v.is_null() => v,
        _ => {
            let v = make();
            let _ = dom::set(window, name, &v);
            v
        }
    }
}

/// `target.method(...args)`, if `target.method` is a function. Page code: no borrow held.
fn call(target: &JsValue, method: &str, args: &Array) {
    let Some(f) = dom::get(target, method).ok().and_then(|f| f.dyn_into::<Function>().ok()) else { return };
    if f.apply(target, args).is_err() {
        page::error("a tracker's consent call threw");
    }
}

/// Sends one command. Page code (a tracker's queue or API): call with no borrow of the state held.
pub fn send(call_: &VendorCall) {
    let Some(window) = page::window() else { return };
    let window: &JsValue = &window;
    match *call_ {
        VendorCall::Uet { update, granted } => {
            let params = Object::new();
            let _ = dom::set(&params, "ad_storage", &state(granted));
            let uetq = global(window, "uetq", || Array::new().into());
            let command = if update { "update" } else { "default" };
            call(&uetq, "push", &Array::of3(&"consent".into(), &command.into(), &params));
        }
        VendorCall::Clarity { granted } => {
            let params = Object::new();
            let _ = dom::set(&params, "ad_Storage", &state(false));
            let _ = dom::set(&params, "analytics_Storage", &state(granted));
            let clarity = global(window, "clarity", clarity_queue);
            if let Ok(f) = clarity.dyn_into::<Function>() {
                if f.call2(window, &"consentv2".into(), &params).is_err() {
                    page::error("clarity('consentv2', …) threw");
                }
            }
        }
        VendorCall::Matomo(command) => {
            let paq = global(window, "_paq", || Array::new().into());
            call(&paq, "push", &Array::of1(&Array::of1(&command.into())));
        }
        VendorCall::Piano(mode) => {
            let pdl = global(window, "pdl", || Object::new().into());
            let _ = global(&pdl, "requireConsent", || true.into());
            let consent = global(&pdl, "consent", || Object::new().into());
            let preset = global(&consent, "defaultPreset", || Object::new().into());
            let _ = dom::set(&preset, "PA", &mode.into());
            let pa_consent = dom::get(window, "pa").and_then(|pa| dom::get(&pa, "consent"));
            if let Some(pa_consent) = pa_consent.ok().filter(JsValue::is_object) {
                call(&pa_consent, "setMode", &Array::of1(&mode.into()));
            }
        }
    }
}

/// Clarity's snippet stub: a function queueing its calls' arguments in its `q`, which the tag
/// replays when it loads. A `Proxy` trap sees every argument, however many the page passes.
fn clarity_queue() -> JsValue {
    let queue = Array::new();
    let stub = callback::function({
        let queue = queue.clone();
        move |_target, _this, args| {
            queue.push(&args);
            Ok(JsValue::UNDEFINED)
        }
    });
    let handler = Object::new();
    let _ = dom::set(&handler, "apply", &stub);
    let _ = dom::set(&stub, "q", &queue);
    Proxy::new(&stub, &handler).into()
}
