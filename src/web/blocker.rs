//! Activation of gated markup.
//!
//! Gated elements stay inert in the HTML itself (`<script type="text/plain"
//! data-category=…>`, `<iframe data-src=… data-category=…>`), so nothing runs
//! when Biscotte is blocked or fails (fail-closed). Activation inserts a
//! *fresh* `<script>`: flipping `type` on a parsed script runs nothing.
//! The original is replaced, so each element activates exactly once.

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlScriptElement};

use crate::core::consent::Consent;

const GATED_SCRIPTS: &str = "script[type='text/plain'][data-category]";
const GATED_EMBEDS: &str = "[data-category][data-src]:not(script)";

fn allowed(consent: &Consent, element: &Element) -> bool {
    let Some(category) = element.get_attribute("data-category") else { return false };
    match element.get_attribute("data-service") {
        Some(service) => consent.allows_service(&category, &service),
        None => consent.allows(&category),
    }
}

/// Activates every gated element the consent allows, in document order. Returns how many.
pub fn activate(doc: &Document, consent: &Consent) -> u32 {
    let mut count = 0;
    if let Ok(list) = doc.query_selector_all(GATED_SCRIPTS) {
        for i in 0..list.length() {
            let Some(old) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
            if allowed(consent, &old) && activate_script(doc, &old).is_some() {
                count += 1;
            }
        }
    }
    if let Ok(list) = doc.query_selector_all(GATED_EMBEDS) {
        for i in 0..list.length() {
            let Some(el) = list.item(i).and_then(|n| n.dyn_into::<Element>().ok()) else { continue };
            if allowed(consent, &el) {
                if let Some(src) = el.get_attribute("data-src") {
                    let _ = el.remove_attribute("data-src");
                    let _ = el.set_attribute("src", &src);
                    count += 1;
                }
            }
        }
    }
    count
}

fn activate_script(doc: &Document, old: &Element) -> Option<()> {
    let fresh: HtmlScriptElement = doc.create_element("script").ok()?.dyn_into().ok()?;
    let attrs = old.attributes();
    for i in 0..attrs.length() {
        let Some(attr) = attrs.item(i) else { continue };
        let name = attr.name();
        match name.as_str() {
            "type" | "data-src" | "data-type" => {}
            _ => fresh.set_attribute(&name, &attr.value()).ok()?,
        }
    }
    if let Some(kind) = old.get_attribute("data-type") {
        fresh.set_type(&kind);
    }
    let src = old.get_attribute("data-src").or_else(|| old.get_attribute("src"));
    match src {
        Some(src) => {
            // Dynamically inserted external scripts run as async unless told otherwise;
            // async=false keeps them in document order.
            fresh.set_async(false);
            fresh.set_src(&src);
        }
        None => fresh.set_text(&old.text_content().unwrap_or_default()).ok()?,
    }
    old.replace_with_with_node_1(&fresh).ok()
}
