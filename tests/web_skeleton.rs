//! Browser tests of the walking skeleton: the banner renders, buttons write
//! the cookie, gated scripts activate only after consent. Run with
//! `wasm-pack test --headless --chrome` (scripts/test.sh does).
#![cfg(all(target_arch = "wasm32", feature = "web"))]

use biscotte::web::{accepted, start};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlDocument};

mod common;
use common::{clear_consent, click, cookies, doc, query, settle};

wasm_bindgen_test_configure!(run_in_browser);

/// A clean page: no consent cookie, no host, one gated script that records its run.
fn reset() {
    clear_consent();
    let d = doc();
    if let Ok(list) = d.query_selector_all("[data-test-gated]") {
        for i in 0..list.length() {
            if let Some(n) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) {
                n.remove();
            }
        }
    }
    js_sys::Reflect::set(&js_sys::global(), &"gatedRuns".into(), &JsValue::from(0)).expect("reset counter");
    let script = d.create_element("script").expect("script");
    script.set_attribute("type", "text/plain").expect("type");
    script.set_attribute("data-category", "statistical").expect("category");
    script.set_attribute("data-test-gated", "").expect("marker");
    script.set_text_content(Some("window.gatedRuns = (window.gatedRuns || 0) + 1;"));
    d.body().expect("body").append_child(&script).expect("append");
}

fn runs() -> f64 {
    js_sys::Reflect::get(&js_sys::global(), &"gatedRuns".into()).ok().and_then(|v| v.as_f64()).unwrap_or(-1.0)
}

#[wasm_bindgen_test]
async fn first_visit_renders_the_three_buttons_and_runs_nothing() {
    reset();
    start(JsValue::NULL, JsValue::UNDEFINED);
    settle().await;
    for action in ["accept", "reject", "customise"] {
        assert!(query(&["[data-action=", action, "]"].concat()).is_some(), "{action}");
    }
    assert!(query(".banner[role=dialog]").is_some());
    assert_eq!(runs(), 0.0);
    assert!(!accepted("statistical"));
}

#[wasm_bindgen_test]
async fn reject_writes_the_cookie_and_keeps_the_script_inert() {
    reset();
    start(JsValue::NULL, JsValue::UNDEFINED);
    settle().await;
    click("[data-action=reject]");
    settle().await;
    let jar = cookies();
    assert!(jar.contains("cookies_preferences=v1.1."), "{jar}");
    assert!(jar.contains("|statistical=0|third_party=0"), "{jar}");
    assert!(query(".banner").is_none(), "banner closed");
    assert_eq!(runs(), 0.0);
    assert!(!accepted("statistical"));
}

#[wasm_bindgen_test]
async fn accept_writes_the_cookie_and_activates_the_script_once() {
    reset();
    start(JsValue::NULL, JsValue::UNDEFINED);
    settle().await;
    assert_eq!(runs(), 0.0);
    click("[data-action=accept]");
    settle().await;
    assert!(cookies().contains("|statistical=1|third_party=1"), "{}", cookies());
    assert_eq!(runs(), 1.0, "inline gated script ran once");
    assert!(accepted("statistical"));
    // Starting again on the same page (a reload, in effect) must not run it a second time.
    start(JsValue::NULL, JsValue::UNDEFINED);
    settle().await;
    assert_eq!(runs(), 1.0);
    assert!(query(".banner").is_none(), "no banner with a stored choice");
}

#[wasm_bindgen_test]
async fn saving_partial_choices_from_the_dialog() {
    reset();
    start(JsValue::from_str(r#"{"categories":[{"id":"statistical"},{"id":"third_party"}]}"#), JsValue::UNDEFINED);
    settle().await;
    click("[data-action=customise]");
    settle().await;
    assert!(query("dialog[open]").is_some(), "dialog open");
    click("[role=switch][data-category=statistical]");
    click("[data-action=save]");
    settle().await;
    let jar = cookies();
    assert!(jar.contains("statistical=1|third_party=0"), "{jar}");
    assert_eq!(runs(), 1.0);
}

#[wasm_bindgen_test]
async fn a_corrupt_cookie_shows_the_banner_and_grants_nothing() {
    reset();
    doc().dyn_into::<HtmlDocument>().expect("doc").set_cookie("cookies_preferences=v1.1.%%%.x; Path=/").expect("set");
    start(JsValue::NULL, JsValue::UNDEFINED);
    settle().await;
    assert!(query(".banner").is_some());
    assert_eq!(runs(), 0.0);
    assert!(!accepted("statistical"));
}
