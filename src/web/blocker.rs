//! Activation of gated markup, in document order, each element exactly once.
//!
//! Gated elements stay inert in the HTML itself (`<script type="text/plain"
//! data-category=…>`, `<iframe data-src=… data-category=…>`), so nothing runs
//! when Biscotte is blocked or fails (fail-closed, `docs/adr/001`).
//! Activation inserts a *fresh* `<script>`: flipping `type` on a parsed
//! script runs nothing. Each element is marked when queued, so a second
//! decision never queues it twice. External scripts are activated one at a
//! time: the next gated element waits for the previous script's `load` (or
//! `error`), so an inline script that uses an external library sees it.

use crate::prelude::*;

use core::cell::{LazyCell, RefCell};

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement, HtmlScriptElement};

use crate::core::consent::Consent;
use crate::web::dom::{self, query_all};
use crate::web::local::locals;
use crate::web::{callback, page};

/// Marks elements Biscotte created or already queued.
pub const MARK: &str = "data-biscotte";
const GATED: &str = "script[type='text/plain'][data-category]:not([data-biscotte]), \
                     [data-category][data-src]:not(script):not([data-biscotte])";

struct Queue {
    /// In document order. A `Vec` (front removal is O(n), n is a page's gated elements):
    /// `VecDeque` costs more wasm than it saves here.
    pending: Vec<Element>,
    /// An external script is loading; the rest waits for it.
    busy: bool,
    /// Nonce of Biscotte's own script, given to the scripts it activates (strict CSP).
    nonce: Option<String>,
}

locals! {
    /// The `load`/`error` handler of every external script activated: one function for all.
    static LOADED: LazyCell<js_sys::Function> = LazyCell::new(|| callback::handler(|_| loaded()));
    static QUEUE: RefCell<Queue> = RefCell::new(Queue { pending: Vec::new(), busy: false, nonce: None });
}

/// Remembers the nonce to propagate to activated scripts.
pub fn set_nonce(nonce: Option<String>) {
    QUEUE.with(|q| {
        if let Ok(mut q) = q.try_borrow_mut() {
            q.nonce = nonce.filter(|n| !n.is_empty());
        }
    });
}

/// Whether the consent lets this gated element run.
pub fn allowed(consent: &Consent, element: &Element) -> bool {
    let Some(category) = element.get_attribute("data-category") else { return false };
    match element.get_attribute("data-service") {
        Some(service) => consent.allows_service(&category, &service),
        None => consent.allows(&category),
    }
}

/// Queues every gated element the consent allows, in document order, and starts activating.
pub fn activate(consent: &Consent) {
    let Some(doc) = page::document() else { return };
    let mut found = Vec::new();
    for el in query_all(&doc, GATED) {
        if allowed(consent, &el) && el.set_attribute(MARK, "queued").is_ok() {
            found.push(el);
        }
    }
    QUEUE.with(|q| {
        if let Ok(mut q) = q.try_borrow_mut() {
            for el in found {
                q.pending.push(el);
            }
        }
    });
    pump();
}

/// Activates queued elements until an external script has to load first.
fn pump() {
    loop {
        let next = QUEUE.with(|q| {
            let mut q = q.try_borrow_mut().ok()?;
            if q.busy {
                return None;
            }
            if q.pending.is_empty() {
                return None;
            }
            let el = q.pending.remove(0);
            Some((el, q.nonce.clone()))
        });
        let Some((el, nonce)) = next else { return };
        if el.tag_name() != "SCRIPT" {
            activate_embed(&el);
            continue;
        }
        if activate_script(&el, nonce.as_deref()) == Some(true) {
            QUEUE.with(|q| {
                if let Ok(mut q) = q.try_borrow_mut() {
                    q.busy = true;
                }
            });
            return;
        }
    }
}

fn loaded() {
    QUEUE.with(|q| {
        if let Ok(mut q) = q.try_borrow_mut() {
            q.busy = false;
        }
    });
    pump();
}

/// Loads one gated embed (iframe, image, video…), removing its placeholder if it has one.
pub fn activate_embed(el: &Element) {
    if let Some(src) = el.get_attribute("data-src") {
        let _ = el.remove_attribute("data-src");
        let target = if el.tag_name() == "LINK" { "href" } else { "src" };
        let _ = el.set_attribute(target, &src);
        let _ = el.set_attribute(MARK, "active");
        crate::web::embeds::remove_placeholder(el);
    }
}

/// Replaces a gated script by a fresh, runnable one. `Some(true)` when it is external (wait for it).
fn activate_script(old: &Element, nonce: Option<&str>) -> Option<bool> {
    let doc = page::document()?;
    let fresh: HtmlScriptElement = doc.create_element("script").ok()?.unchecked_into();
    for name in old.get_attribute_names() {
        let name = name.as_string().unwrap_or_default();
        if !matches!(name.as_str(), "type" | "src" | "data-src" | "data-type" | MARK) {
            fresh.set_attribute(&name, &old.get_attribute(&name).unwrap_or_default()).ok()?;
        }
    }
    fresh.set_attribute(MARK, "active").ok()?;
    if let Some(kind) = old.get_attribute("data-type") {
        fresh.set_type(&kind);
    }
    if let Some(nonce) = nonce {
        fresh.unchecked_ref::<HtmlElement>().set_nonce(nonce);
    }
    let external = match old.get_attribute("data-src").or_else(|| old.get_attribute("src")) {
        Some(src) => {
            // Listeners, not `onload`/`onerror`: the script's own handler attributes stay.
            LOADED.with(|done| {
                let done: &js_sys::Function = done;
                let _ = dom::listen(&fresh, "load", done, &JsValue::UNDEFINED);
                let _ = dom::listen(&fresh, "error", done, &JsValue::UNDEFINED);
            });
            let _ = dom::set(&fresh, "async", &JsValue::FALSE);
            fresh.set_src(&src);
            // The URL may belong to a refused service (web::gate then parks it): nothing to wait for.
            !fresh.has_attribute("data-src")
        }
        None => {
            fresh.set_text(&old.text_content().unwrap_or_default()).ok()?;
            false
        }
    };
    old.replace_with_with_node_1(&fresh).ok()?;
    Some(external)
}
