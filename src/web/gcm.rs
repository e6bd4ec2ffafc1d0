//! Google Consent Mode v2 on the page: `gtag('consent', 'default' | 'update', {…})`.
//!
//! The core's plan says which commands to send with which states (`default` as soon as
//! Biscotte starts, at the top of `<head>` with the one-file script, so before Google's tags;
//! `update` with a stored choice and after every decision). The page's own `gtag` is used when
//! it exists; otherwise the command is pushed to `dataLayer` as an arguments-like object, the
//! shape Google's tags read from `gtag()`.

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::core::effects::ConsentModeCall;
use crate::web::{dom, page};

/// Sends one consent command. Page code (`gtag`): call with no borrow of the state held.
pub fn send(call: &ConsentModeCall) {
    let Some(window) = page::window() else { return };
    let params = Object::new();
    for (name, granted) in &call.states {
        let _ = dom::set(&params, name, &(if *granted { "granted" } else { "denied" }).into());
    }
    let command: JsValue = call.command.into();
    let gtag = dom::get(&window, "gtag").ok().and_then(|g| g.dyn_into::<Function>().ok());
    if let Some(gtag) = gtag {
        if gtag.call3(&window, &"consent".into(), &command, &params).is_err() {
            page::error("gtag('consent', …) threw");
        }
        return;
    }
    let layer = match dom::get(&window, "dataLayer").ok().and_then(|l| l.dyn_into::<Array>().ok()) {
        Some(layer) => layer,
        None => {
            let layer = Array::new();
            let _ = dom::set(&window, "dataLayer", &layer);
            layer
        }
    };
    let args = Object::new();
    for (index, value) in [("0", JsValue::from("consent")), ("1", command), ("2", params.into())] {
        let _ = dom::set(&args, index, &value);
    }
    let _ = dom::set(&args, "length", &JsValue::from(3));
    let _ = Reflect::set(&args, &js_sys::Symbol::to_string_tag().into(), &"Arguments".into());
    layer.push(&args);
}
