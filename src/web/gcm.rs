//! Google Consent Mode v2 on the page: `gtag('consent', 'default' | 'update', {…})`.
//!
//! `default` goes out as soon as Biscotte starts (top of `<head>` with the
//! one-file script, so before Google's tags), followed by `update` when a
//! stored choice exists and after every decision. The page's own `gtag`
//! is used when it exists; otherwise the command is pushed to `dataLayer` as
//! an arguments-like object, the shape Google's tags read from `gtag()`.

use crate::prelude::*;

use js_sys::{Array, Function, Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use crate::core::config::Config;
use crate::core::consent::Consent;
use crate::core::gcm::states;
use crate::web::{dom, page};

/// Sends one consent command when Consent Mode is on in the configuration.
pub fn send(command: &str, config: &Config, consent: Option<&Consent>) {
    let Some(mode) = &config.consent_mode else { return };
    let Some(window) = page::window() else { return };
    let mut necessary = Vec::new();
    for cat in config.categories.iter().filter(|c| c.necessary) {
        necessary.push(cat.id.as_str());
    }
    let params = Object::new();
    for (name, granted) in states(mode, consent, &necessary) {
        let _ = dom::set(&params, name, &(if granted { "granted" } else { "denied" }).into());
    }
    let gtag = dom::get(&window, "gtag").ok().and_then(|g| g.dyn_into::<Function>().ok());
    if let Some(gtag) = gtag {
        if gtag.call3(&window, &"consent".into(), &command.into(), &params).is_err() {
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
    for (index, value) in [("0", JsValue::from("consent")), ("1", command.into()), ("2", params.into())] {
        let _ = dom::set(&args, index, &value);
    }
    let _ = dom::set(&args, "length", &JsValue::from(3));
    let _ = Reflect::set(&args, &js_sys::Symbol::to_string_tag().into(), &"Arguments".into());
    layer.push(&args);
}
