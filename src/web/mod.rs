//! The browser edge: reads the page into core types, applies what the core plans, and offers
//! the JavaScript API. No consent rule lives here; every rule is in `crate::core` and tested
//! natively.
//!
//! One decision passes through: [`flow`] (decide and plan, with one borrow of the [`state`]),
//! then [`apply`] (cookies, Consent Mode, the [`ui`], [`activation`] of gated markup,
//! [`placeholders`], [`events`], the [`proof`]). The [`guard`] holds scripts and frames that
//! other code creates, reading the same state.

#[cfg(target_arch = "wasm32")]
mod alloc;
mod activation;
mod apply;
mod banner;
mod callback;
mod cookie_audit;
mod dom;
mod events;
mod flow;
mod gcm;
mod guard;
mod ingress;
mod json;
mod local;
mod markup;
mod packs;
mod page;
mod parsing;
mod placeholders;
mod proof;
mod state;
mod ui;
mod vendors;
mod withdrawal;

use wasm_bindgen::prelude::*;

use crate::core::consent::Decision;

/// Starts Biscotte on this page with a configuration (a JSON string, a plain object, or nothing for the defaults).
///
/// With a stored, valid choice it activates what was accepted and shows no
/// banner; otherwise it shows the banner and nothing optional runs.
/// `texts`, optional: where the language packs are (their folder's URL, or a function
/// `lang => pack`); by default, the `texts/` folder beside Biscotte's own script.
#[wasm_bindgen]
pub fn start(config: JsValue, texts: JsValue) {
    packs::set_source(texts);
    flow::start(&config);
}

/// Shows the first layer of the banner.
#[wasm_bindgen]
pub fn show() {
    ui::show_banner();
}

/// Opens the preferences dialog.
#[wasm_bindgen(js_name = showPreferences)]
pub fn show_preferences() {
    ui::show_preferences();
}

/// Accepts every category, as the banner's button does.
#[wasm_bindgen(js_name = acceptAll)]
pub fn accept_all() {
    flow::decided(&Decision::AcceptAll);
}

/// Refuses every optional category, as the banner's button does.
#[wasm_bindgen(js_name = rejectAll)]
pub fn reject_all() {
    flow::decided(&Decision::RejectAll);
}

/// Whether a category (or `category/service`) is accepted right now.
#[wasm_bindgen]
pub fn accepted(name: &str) -> bool {
    flow::accepted(name)
}

/// Calls `callback(detail)` whenever the decision changes (here or in another tab).
#[wasm_bindgen(js_name = onChange)]
pub fn on_change(callback: js_sys::Function) {
    events::on_change(callback);
}
