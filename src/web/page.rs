//! The browser's globals, reached without panicking.
//!
//! Every accessor returns `Option`: a page without `document`, a sandboxed
//! frame without cookies or a blocked `crypto` is a state to handle, not a
//! crash (a trap would leave the page with no banner and no answer).

use crate::prelude::*;

use wasm_bindgen::prelude::*;
use web_sys::{Document, HtmlDocument, Window};

#[wasm_bindgen]
extern "C" {
    /// `window`, read once. `web_sys::window()` finds it through `js_sys::global()`'s four lookups
    /// (`self`, `window`, `globalThis`, `global`) and an `instanceof Window` check, each an import.
    #[wasm_bindgen(thread_local_v2, js_name = window)]
    static WINDOW: Option<Window>;
}

/// The page's `window`; `None` where there is none (a worker).
pub fn window() -> Option<Window> {
    WINDOW.with(Option::clone)
}

pub fn document() -> Option<Document> {
    window()?.document()
}

/// `document.cookie`, or empty when cookies are unavailable.
pub fn cookies() -> String {
    document()
        .and_then(|d| d.dyn_into::<HtmlDocument>().ok())
        .and_then(|d| d.cookie().ok())
        .unwrap_or_default()
}

/// Assigns one cookie string to `document.cookie`.
pub fn set_cookie(cookie: &str) -> bool {
    document()
        .and_then(|d| d.dyn_into::<HtmlDocument>().ok())
        .is_some_and(|d| d.set_cookie(cookie).is_ok())
}

/// `location.hostname` and `location.pathname`.
pub fn location() -> (String, String) {
    let Some(location) = window().map(|w| w.location()) else { return (String::new(), String::new()) };
    (location.hostname().unwrap_or_default(), location.pathname().unwrap_or_default())
}

/// The browser family, nothing finer (for the proof).
pub fn browser() -> &'static str {
    let ua = window().and_then(|w| w.navigator().user_agent().ok()).unwrap_or_default();
    crate::core::proof::browser_family(&ua)
}

pub fn is_https() -> bool {
    window().and_then(|w| w.location().protocol().ok()).is_some_and(|p| p == "https:")
}

/// Unix time in whole seconds.
pub fn now() -> u64 {
    let ms = js_sys::Date::now();
    if ms.is_finite() && ms > 0.0 {
        (ms / 1000.0) as u64
    } else {
        0
    }
}

/// Twelve random bytes for a consent id (not a secret: `Math.random` is an acceptable fallback).
pub fn random_bytes() -> [u8; 12] {
    let mut bytes = [0u8; 12];
    let crypto_ok = window()
        .and_then(|w| w.crypto().ok())
        .is_some_and(|c| c.get_random_values_with_u8_array(&mut bytes).is_ok());
    if !crypto_ok {
        for b in bytes.iter_mut() {
            *b = (js_sys::Math::random() * 256.0) as u8;
        }
    }
    bytes
}

/// `<html lang>`.
pub fn html_lang() -> Option<String> {
    document()?.document_element()?.get_attribute("lang")
}

/// `navigator.languages`, most preferred first.
pub fn navigator_languages() -> Vec<String> {
    let Some(window) = window() else { return Vec::new() };
    let mut tags = Vec::new();
    for tag in window.navigator().languages() {
        if let Some(tag) = tag.as_string() {
            tags.push(tag);
        }
    }
    tags
}

fn console_message(message: &str) -> JsValue {
    JsValue::from_str(&crate::strings::concat::concat(&["Biscotte: ", message]))
}

pub fn error(message: &str) {
    web_sys::console::error_1(&console_message(message));
}

pub fn warn(message: &str) {
    web_sys::console::warn_1(&console_message(message));
}

/// The nonce of Biscotte's own `<script>` (found by `data-biscotte-script` or a `src` naming biscotte),
/// to give to the scripts it activates on strict-CSP portals.
pub fn own_nonce() -> Option<String> {
    let doc = document()?;
    let own = crate::web::dom::query(&doc, "script[data-biscotte-script][nonce], script[nonce][src*='biscotte']")?;
    let nonce = own.unchecked_into::<web_sys::HtmlElement>().nonce();
    (!nonce.is_empty()).then_some(nonce)
}

/// Runs `f` once the document is parsed, after the frame that follows `DOMContentLoaded`
/// ([`after_paint`]): that event's task also holds the browser's load-time work (the page's first
/// style and layout when nothing was painted yet), and the two together made one long task
/// (docs/adr/008-wasm-size.md); the page's own first paint comes before the banner (ADR 018).
pub fn when_parsed(f: impl Fn() + 'static) {
    let Some(doc) = document() else { return };
    let task = crate::web::callback::handler(move |_| f());
    let callback = crate::web::callback::handler(move |_| after_paint(&task));
    let options = web_sys::AddEventListenerOptions::new();
    options.set_once(true);
    let _ = crate::web::dom::listen(&doc, "DOMContentLoaded", &callback, &options);
}

/// Where the parser is inserting while the page parses: the document's last node in tree order.
pub fn parser_position() -> Option<web_sys::Node> {
    let doc = document().filter(|d| d.ready_state() == "loading")?;
    let mut node: web_sys::Node = doc.document_element()?.into();
    while let Some(child) = node.last_child() {
        node = child;
    }
    Some(node)
}

/// Calls `f` in the task after the next frame (`requestAnimationFrame`, then `setTimeout`); in
/// the next task when the page is hidden, where no frame comes.
pub fn after_paint(f: &js_sys::Function) {
    let f = f.clone();
    next_frame(&crate::web::callback::handler(move |_| soon(&f)));
}

/// Calls `f` at the next frame, before its style, layout and paint (`requestAnimationFrame`); in
/// the next task when the page is hidden, where no frame comes.
pub fn next_frame(f: &js_sys::Function) {
    let Some(window) = window() else { return };
    if window.document().is_some_and(|d| d.hidden()) {
        soon(f);
    } else {
        let _ = window.request_animation_frame(f);
    }
}

/// Calls `f` in a task of its own (`setTimeout(f)`), after what the current task still does.
pub fn soon(f: &js_sys::Function) {
    if let Some(window) = window() {
        let _ = window.set_timeout_with_callback(f);
    }
}

/// `navigator.globalPrivacyControl === true`.
pub fn global_privacy_control() -> bool {
    window()
        .and_then(|w| crate::web::dom::get(&w.navigator(), "globalPrivacyControl").ok())
        .is_some_and(|v| v.as_bool() == Some(true))
}
