//! Small DOM helpers: elements, attributes and text (never `innerHTML`), and one binding per
//! DOM method that web-sys binds once per interface (`query`, `query_all`, `listen`, `get`,
//! `set`, `shadow`), since every import costs in the wasm and in the glue (docs/adr/008).
//!
//! Texts come from the configuration, which an integrator controls but a CMS
//! may fill; setting them as text means no markup in them can ever run.

use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;
use web_sys::{CssStyleSheet, Document, Element, Event, Node, ShadowRoot, ShadowRootInit, ShadowRootMode};

use crate::prelude::*;

#[wasm_bindgen]
extern "C" {
    /// What `Document`, `Element` and `ShadowRoot` share (the DOM's `ParentNode` mixin): one
    /// import per method for the three, where web-sys has one per interface.
    type ParentNode;
    #[wasm_bindgen(method, catch, js_name = querySelector)]
    fn query_selector(this: &ParentNode, selectors: &str) -> Result<Option<Element>, JsValue>;
    #[wasm_bindgen(method, catch, js_name = querySelectorAll)]
    fn query_selector_all(this: &ParentNode, selectors: &str) -> Result<JsValue, JsValue>;
    /// Any `EventTarget`, for one `addEventListener` import where web-sys has one per form.
    type Target;
    #[wasm_bindgen(method, catch, js_name = addEventListener)]
    fn add_event_listener(this: &Target, kind: &str, listener: &Function, options: &JsValue) -> Result<(), JsValue>;

    /// `Reflect.get` with a `&str` key: `js_sys::Reflect` takes the key as a JS string, which
    /// each call site would make and drop.
    #[wasm_bindgen(catch, js_namespace = Reflect)]
    pub fn get(target: &JsValue, key: &str) -> Result<JsValue, JsValue>;
    /// `Reflect.set` with a `&str` key.
    #[wasm_bindgen(catch, js_namespace = Reflect)]
    pub fn set(target: &JsValue, key: &str, value: &JsValue) -> Result<bool, JsValue>;
    /// JavaScript's `String(value)`: how `setAttribute` and the `src` setter read their
    /// arguments, and how a number reads as text.
    #[wasm_bindgen(catch, js_name = String)]
    pub fn js_string(value: &JsValue) -> Result<String, JsValue>;
}

/// The first element matching `selectors` in `parent` (a document, an element or a shadow root).
pub fn query(parent: &JsValue, selectors: &str) -> Option<Element> {
    parent.unchecked_ref::<ParentNode>().query_selector(selectors).ok().flatten()
}

/// `target.addEventListener(kind, listener, options)`; `options` is `undefined`, a capture flag or an options object.
pub fn listen(target: &JsValue, kind: &str, listener: &Function, options: &JsValue) -> Result<(), JsValue> {
    target.unchecked_ref::<Target>().add_event_listener(kind, listener, options)
}

/// Every element matching `selectors` in `parent`, in document order.
pub fn query_all(parent: &JsValue, selectors: &str) -> impl Iterator<Item = Element> {
    let list = parent.unchecked_ref::<ParentNode>().query_selector_all(selectors);
    list.map_or_else(|_| Array::new(), |list| Array::from(&list)).into_iter().map(JsCast::unchecked_into)
}

/// Attaches an open shadow root to `host` and adopts `css` in it as a constructed stylesheet (which
/// a `style-src` CSP does not govern); beside the root, whether the browser could adopt it.
pub fn shadow(host: &Element, css: &str) -> Option<(ShadowRoot, bool)> {
    let root = host.attach_shadow(&ShadowRootInit::new(ShadowRootMode::Open)).ok()?;
    let adopted = CssStyleSheet::new().is_ok_and(|sheet| {
        sheet.replace_sync(css).is_ok() && set(&root, "adoptedStyleSheets", &Array::of1(&sheet)).unwrap_or(false)
    });
    Some((root, adopted))
}

/// Creates `<tag attr=value …>text</tag>`; `None` only if the document refuses the tag.
pub fn el(doc: &Document, tag: &str, attrs: &[(&str, &str)], text: &str) -> Option<Element> {
    let element = doc.create_element(tag).ok()?;
    for (name, value) in attrs {
        element.set_attribute(name, value).ok()?;
    }
    if !text.is_empty() {
        element.set_text_content(Some(text));
    }
    Some(element)
}

/// Creates `<tag attr=value …>text</tag>` at the end of `parent` and hands it back for chaining.
pub fn add(doc: &Document, parent: &Node, tag: &str, attrs: &[(&str, &str)], text: &str) -> Option<Element> {
    let child = el(doc, tag, attrs, text)?;
    parent.append_child(&child).ok()?;
    Some(child)
}

/// The element with a `data-action` nearest to where the event happened, shadow trees included
/// (the banner's buttons, an embed placeholder's).
pub fn closest_action(event: &Event) -> Option<Element> {
    for node in event.composed_path() {
        if let Ok(el) = node.dyn_into::<Element>() {
            if el.has_attribute("data-action") {
                return Some(el);
            }
        }
    }
    None
}
