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

fn args(items: &[&JsValue]) -> Array {
    let out = Array::new();
    for item in items {
        out.push(item);
    }
    out
}

fn state(granted: bool) -> JsValue {
    (if granted { "granted" } else { "denied" }).into()
}

/// `target[name]`, or `fallback` stored there when it is missing (as the vendor's snippet does).
fn global(target: &JsValue, name: &str, fallback: JsValue) -> JsValue {
    match dom::get(target, name) {
        Ok(v) if !v.is_undefined() && !v.is_null() => v,
        _ => {
            let _ = dom::set(target, name, &fallback);
            fallback
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
pub fn send(command: &VendorCall) {
    let Some(window) = page::window() else { return };
    let window: &JsValue = &window;
    match *command {
        VendorCall::Uet { update, granted } => {
            let params = Object::new();
            let _ = dom::set(&params, "ad_storage", &state(granted));
            let uetq = global(window, "uetq", Array::new().into());
            let command = if update { "update" } else { "default" };
            call(&uetq, "push", &args(&[&"consent".into(), &command.into(), &params]));
        }
        VendorCall::Clarity { granted } => {
            let params = Object::new();
            let _ = dom::set(&params, "ad_Storage", &state(false));
            let _ = dom::set(&params, "analytics_Storage", &state(granted));
            if !dom::get(window, "clarity").is_ok_and(|f| f.is_function()) {
                clarity_queue(window);
            }
            call(window, "clarity", &args(&[&"consentv2".into(), &params]));
        }
        VendorCall::Matomo(name) => {
            let paq = global(window, "_paq", Array::new().into());
            call(&paq, "push", &args(&[&args(&[&name.into()])]));
        }
        VendorCall::MatomoExempt => {
            let paq = global(window, "_paq", Array::new().into());
            // 13 months in seconds, the CNIL's longest lifetime for an exempt tracker.
            call(&paq, "push", &args(&[&args(&[&"setVisitorCookieTimeout".into(), &33_955_200.into()])]));
            call(&paq, "push", &args(&[&args(&[&"resetUserId".into()])]));
        }
        VendorCall::Piano(mode) => {
            let pdl = global(window, "pdl", Object::new().into());
            let _ = global(&pdl, "requireConsent", true.into());
            let consent = global(&pdl, "consent", Object::new().into());
            let preset = global(&consent, "defaultPreset", Object::new().into());
            let _ = dom::set(&preset, "PA", &mode.into());
            let pa_consent = dom::get(window, "pa").and_then(|pa| dom::get(&pa, "consent"));
            if let Some(pa_consent) = pa_consent.ok().filter(JsValue::is_object) {
                call(&pa_consent, "setMode", &args(&[&mode.into()]));
            }
        }
    }
}

/// Clarity's snippet stub, stored as `window.clarity`: a function queueing its calls' arguments
/// in its `q`, which the tag replays when it loads. A `Proxy` trap sees every argument, however
/// many the page passes.
fn clarity_queue(window: &JsValue) {
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
    let _ = dom::set(window, "clarity", &Proxy::new(&stub, &handler));
}
