//! Page helpers shared by the wasm-bindgen browser tests (`tests/web_*.rs`).
#![allow(dead_code)]

use wasm_bindgen::closure::Closure;
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

/// Lets run what Biscotte scheduled, the way it schedules it (`page::after_paint`: the next frame,
/// then a task): the banner is built after the page's next paint, and the scripts a decision
/// releases run from the task after the next frame. Twice, for what those tasks schedule in turn.
pub async fn settle() {
    for _ in 0..2 {
        let promise = js_sys::Promise::new(&mut |resolve, _| {
            let window = web_sys::window().expect("window");
            let then = Closure::once_into_js(move || {
                web_sys::window().expect("window").set_timeout_with_callback(resolve.unchecked_ref()).expect("timeout");
            });
            if doc().hidden() {
                window.set_timeout_with_callback(then.unchecked_ref()).expect("timeout");
            } else {
                window.request_animation_frame(then.unchecked_ref()).expect("frame");
            }
        });
        wasm_bindgen_futures::JsFuture::from(promise).await.expect("settled");
    }
}
