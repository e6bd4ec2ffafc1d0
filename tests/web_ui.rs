//! Browser tests of the banner and dialog UI that need a real DOM: switches,
//! the locked necessary switch, partial choices, the close (×) control, host
//! attributes for layout and theme, and the floating button. Run with
//! `wasm-pack test --headless --chrome` (scripts/test.sh does).
#![cfg(all(target_arch = "wasm32", feature = "web"))]

use biscotte::web::{show_preferences, start};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::*;
use web_sys::Element;

mod common;
use common::{clear_consent, click, cookies, doc, query, settle};

wasm_bindgen_test_configure!(run_in_browser);

/// A clean page: no consent cookie, no host.
fn reset() {
    clear_consent();
}

fn host() -> Element {
    doc().get_element_by_id("biscotte").expect("host")
}

fn checked(selector: &str) -> String {
    query(selector).expect(selector).get_attribute("aria-checked").expect("aria-checked")
}

/// `getComputedStyle(element)[property]` (web-sys's binding needs a feature the crate does not enable).
fn computed(element: &Element, property: &str) -> String {
    let window = web_sys::window().expect("window");
    let get: js_sys::Function = js_sys::Reflect::get(&window, &"getComputedStyle".into()).expect("fn").dyn_into().expect("function");
    let style = get.call1(&window, element).expect("style");
    js_sys::Reflect::get(&style, &property.into()).expect("property").as_string().expect("string")
}

const WITH_SERVICES: &str = r#"{"categories":[{"id":"necessary"},{"id":"statistical","services":[{"id":"matomo","label":"Matomo","toggle":true}]},{"id":"third_party"}]}"#;

#[wasm_bindgen_test]
async fn switches_toggle_aria_checked_and_start_off() {
    reset();
    start(JsValue::from_str(WITH_SERVICES), JsValue::UNDEFINED);
    settle().await;
    show_preferences();
    assert!(query("dialog[open]").is_some(), "dialog open");
    for sel in ["[data-category=statistical]:not([data-service])", "[data-service=matomo]", "[data-category=third_party]"] {
        assert_eq!(checked(sel), "false", "{sel} starts refused");
        assert_eq!(query(sel).and_then(|s| s.get_attribute("role")).as_deref(), Some("switch"));
    }
    click("[data-category=third_party]");
    assert_eq!(checked("[data-category=third_party]"), "true");
    click("[data-category=third_party]");
    assert_eq!(checked("[data-category=third_party]"), "false");
    // A service switch flips alone; its category switch sets it along.
    click("[data-service=matomo]");
    assert_eq!(checked("[data-service=matomo]"), "true");
    assert_eq!(checked("[data-category=statistical]:not([data-service])"), "false");
    click("[data-category=statistical]:not([data-service])");
    assert_eq!(checked("[data-category=statistical]:not([data-service])"), "true");
    assert_eq!(checked("[data-service=matomo]"), "true");
    click("[data-category=statistical]:not([data-service])");
    assert_eq!(checked("[data-service=matomo]"), "false");
}

#[wasm_bindgen_test]
async fn the_necessary_switch_is_on_and_locked() {
    reset();
    start(JsValue::NULL, JsValue::UNDEFINED);
    settle().await;
    show_preferences();
    let sel = "[role=switch][data-category=necessary]";
    assert_eq!(checked(sel), "true");
    assert_eq!(query(sel).and_then(|s| s.get_attribute("aria-disabled")).as_deref(), Some("true"));
    click(sel);
    assert_eq!(checked(sel), "true", "clicking does not turn it off");
    // Labelled by its category title.
    let label_id = query(sel).and_then(|s| s.get_attribute("aria-labelledby")).expect("labelledby");
    assert_eq!(query(&["#", &label_id].concat()).and_then(|l| l.text_content()).as_deref(), Some("Necessary"));
}

#[wasm_bindgen_test]
async fn saving_statistical_on_third_party_off() {
    reset();
    start(JsValue::NULL, JsValue::UNDEFINED);
    settle().await;
    click(".banner [data-action=customise]");
    settle().await;
    assert!(query("dialog[open]").is_some(), "dialog open");
    assert!(query(".banner").is_some(), "the banner waits under the dialog");
    click("[role=switch][data-category=statistical]");
    click("dialog [data-action=save]");
    settle().await;
    let jar = cookies();
    assert!(jar.contains(".necessary=1|statistical=1|third_party=0"), "{jar}");
    assert!(query("dialog").is_none() && query(".banner").is_none(), "all closed");
}

#[wasm_bindgen_test]
async fn the_close_control_is_labelled_and_rejects() {
    reset();
    start(JsValue::NULL, JsValue::UNDEFINED);
    settle().await;
    let close = query(".banner .close").expect("close button");
    assert_eq!(close.get_attribute("aria-label").as_deref(), Some("Close and reject"));
    click(".banner .close");
    settle().await;
    assert!(cookies().contains("|statistical=0|third_party=0"), "{}", cookies());
    assert!(query(".banner").is_none());
}

#[wasm_bindgen_test]
async fn layout_and_theme_reach_the_host() {
    reset();
    start(JsValue::NULL, JsValue::UNDEFINED);
    settle().await;
    assert_eq!(host().get_attribute("data-layout").as_deref(), Some("bar"));
    assert_eq!(host().get_attribute("data-theme").as_deref(), Some("auto"));
    reset();
    start(JsValue::from_str(r#"{"layout":"box","theme":"dark"}"#), JsValue::UNDEFINED);
    settle().await;
    assert_eq!(host().get_attribute("data-layout").as_deref(), Some("box"));
    assert_eq!(host().get_attribute("data-theme").as_deref(), Some("dark"));
    let banner = query(".banner").expect("banner");
    assert_eq!(computed(&banner, "backgroundColor"), "rgb(31, 35, 41)", "dark background");
}

#[wasm_bindgen_test]
async fn rtl_languages_set_dir_on_the_host() {
    reset();
    start(JsValue::from_str(r#"{"languages":["ar","en"],"language":"ar"}"#), JsValue::UNDEFINED);
    settle().await;
    assert_eq!(host().get_attribute("dir").as_deref(), Some("rtl"));
    reset();
    start(JsValue::from_str(r#"{"language":"fr"}"#), JsValue::UNDEFINED);
    settle().await;
    assert_eq!(host().get_attribute("dir").as_deref(), Some("ltr"));
}

#[wasm_bindgen_test]
async fn the_floating_button_appears_after_a_decision_only_when_configured() {
    reset();
    start(JsValue::from_str(r#"{"floatingButton":true}"#), JsValue::UNDEFINED);
    settle().await;
    assert!(query(".floating").is_none(), "not while the banner is shown");
    click(".banner [data-action=reject]");
    settle().await;
    let floating = query(".floating").expect("floating button after the decision");
    assert_eq!(floating.get_attribute("aria-label").as_deref(), Some("Cookie settings"), "an icon named by its label");
    click(".floating");
    settle().await;
    assert!(query("dialog[open]").is_some(), "it reopens the dialog");
    click("[role=switch][data-category=third_party]");
    click("dialog [data-action=save]");
    settle().await;
    assert!(cookies().contains("|statistical=0|third_party=1"), "{}", cookies());
    assert!(query(".floating").is_some(), "still there after the next decision");
    // On a later page view with a stored choice it is there at once.
    start(JsValue::from_str(r#"{"floatingButton":true}"#), JsValue::UNDEFINED);
    settle().await;
    assert!(query(".floating").is_some());
    // And never without the setting.
    start(JsValue::NULL, JsValue::UNDEFINED);
    settle().await;
    assert!(doc().get_element_by_id("biscotte").and_then(|h| h.shadow_root()).and_then(|r| r.query_selector(".floating").ok().flatten()).is_none());
}
