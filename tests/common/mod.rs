//! Page helpers shared by the wasm-bindgen browser tests (`tests/web_*.rs`).
#![allow(dead_code)]

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlDocument, HtmlElement};

pub fn doc() -> Document {
    web_sys::window().and_then(|w| w.document()).expect("document")
}

pub fn cookies() -> String {
    doc().dyn_into::<HtmlDocument>().expect("html document").cookie().expect("cookie")
}

/// Forgets the stored choice and removes Biscotte's host element.
pub fn clear_consent() {
    let d = doc().dyn_into::<HtmlDocument>().expect("html document");
    d.set_cookie("cookies_preferences=; Path=/; Max-Age=0").expect("clear cookie");
    if let Some(old) = d.get_element_by_id("biscotte") {
        old.remove();
    }
}

/// The first element matching `selector` inside Biscotte's shadow root.
pub fn query(selector: &str) -> Option<Element> {
    doc().get_element_by_id("biscotte")?.shadow_root()?.query_selector(selector).ok()?
}

pub fn click(selector: &str) {
    query(selector).expect(selector).dyn_into::<HtmlElement>().expect("html element").click();
}
