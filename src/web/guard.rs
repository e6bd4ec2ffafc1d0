//! The guard on elements other code creates: scripts and frames that *other* code adds after Biscotte
//! started (a tag manager inserting `gtag/js`, Matomo's snippet inserting
//! `matomo.js`, an embed widget) are caught before they load when their URL
//! belongs to a service the visitor has not accepted.
//!
//! Two nets, because no single one sees every path:
//! 1. `document.createElement` is wrapped so that `script` and `iframe`
//!    elements get a guarded `src` property and `setAttribute`: a refused URL
//!    is parked in `data-src` with `type="text/plain"` and never fetched.
//!    This is how every tag-manager snippet loads and it is exact.
//! 2. A `MutationObserver` parks refused `<script src>`/`<iframe src>` that
//!    arrive another way (markup parsed after Biscotte, elements made
//!    without `document.createElement`, such as by `innerHTML` or cloning).
//!    Best effort: a fetch the parser already started cannot be recalled.
//!
//! Parked elements carry `data-category`/`data-service` like hand-gated
//! markup, so activation runs them on consent, in document order.
//! What each loading mode guarantees is in the README. The rules are the
//! session's configuration and consent in the one state ([`crate::web::state`]).

use crate::prelude::*;

use js_sys::{Function, Object, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, MutationObserver, MutationObserverInit, MutationRecord};

use crate::core::config::Config;
use crate::core::urls::classify;
use crate::web::markup::MARK;
use crate::web::{callback, dom, page, state};

#[wasm_bindgen]
extern "C" {
    /// Trusted Types' URL for scripts (Chromium); `instanceof` is false where it does not exist.
    #[wasm_bindgen(js_name = TrustedScriptURL)]
    type TrustedScriptUrl;
}

/// Installs the guard and its observer once per page, when any service declares URL patterns.
pub fn install(config: &Config) {
    let has_patterns = config.categories.iter().any(|c| c.services.iter().any(|s| !s.urls.is_empty()));
    let first = has_patterns && state::with(|s| !core::mem::replace(&mut s.guarded, true)) == Some(true);
    if first {
        if wrap_create_element().is_none() {
            page::error("could not guard document.createElement; scripts added later are only caught by the observer");
        }
        observe();
    }
}

/// The `(category, service)` refusing this URL, resolved against the page; `None` when it may load.
fn refused(url: &str) -> Option<(String, String)> {
    let base = page::document().and_then(|d| d.base_uri().ok().flatten()).unwrap_or_default();
    let absolute = web_sys::Url::new_with_base(url, &base).map(|u| u.href()).unwrap_or_else(|_| url.into());
    // Flows release the state before anything can run page code or set a `src`, so this borrow
    // only fails if page code runs inside one of them (a getter the page redefined): then the
    // URL is refused outright, and nothing will ever activate it (fail closed).
    let verdict = state::read(|s| {
        let session = s.session.as_ref()?;
        let (category, service) = classify(&session.config, &absolute)?;
        if session.consent.as_ref().is_some_and(|c| c.allows_service(category, service)) {
            return None;
        }
        Some((category.to_owned(), service.to_owned()))
    });
    match verdict {
        Some(refusal) => refusal,
        None => {
            page::error("a script or frame URL was checked while Biscotte was busy; it stays blocked");
            Some((String::new(), String::new()))
        }
    }
}

/// Parks `url` on the element instead of loading it.
fn park(el: &Element, url: &str, category: &str, service: &str) {
    if el.tag_name() == "SCRIPT" {
        let _ = el.set_attribute("type", "text/plain");
    }
    let _ = el.set_attribute("data-category", category);
    let _ = el.set_attribute("data-service", service);
    let _ = el.set_attribute("data-src", url);
    let _ = el.remove_attribute("src");
    let _ = el.remove_attribute(MARK);
}

fn wrap_create_element() -> Option<()> {
    let doc = page::document()?;
    let original: Function = dom::get(&doc, "createElement").ok()?.dyn_into().ok()?;
    let this = doc.clone();
    let wrapped = callback::function(move |tag, options| {
        let created = original.call2(&this, &tag, &options)?;
        let el = created.unchecked_ref::<Element>();
        if matches!(el.tag_name().as_str(), "SCRIPT" | "IFRAME") && guard_src(el).is_none() {
            page::error("could not guard the src of a created script or iframe; only the observer can catch it");
        }
        Ok(created)
    });
    dom::set(&doc, "createElement", &wrapped).ok()?;
    Some(())
}

/// Gives one element an own `src` property that refuses blocked URLs.
fn guard_src(el: &Element) -> Option<()> {
    let class = if el.tag_name() == "SCRIPT" { "HTMLScriptElement" } else { "HTMLIFrameElement" };
    let window: JsValue = page::window()?.into();
    let ctor = dom::get(&window, class).ok()?;
    let proto = dom::get(&ctor, "prototype").ok()?;
    // Throws (so `None`) when `proto` is not an object, as `Object` checks would have refused it.
    let native = Reflect::get_own_property_descriptor(proto.unchecked_ref::<Object>(), &"src".into()).ok()?;
    let native_set: Function = dom::get(&native, "set").ok()?.dyn_into().ok()?;
    let native_get: Function = dom::get(&native, "get").ok()?.dyn_into().ok()?;
    // `el.setAttribute('src', …)` must not slip past the guard either: one function guards both,
    // the `src` setter being it with the name bound.
    let target = el.clone();
    let native_set_attribute: Function = dom::get(&dom::get(&window, "Element").ok()?, "prototype")
        .and_then(|p| dom::get(&p, "setAttribute"))
        .ok()?
        .dyn_into()
        .ok()?;
    let guard_attribute = callback::function(move |name, value| {
        // As the browser does, the name and the URL are whatever `String()` makes of them: a
        // `URL` object, a `TrustedScriptURL` or `new String('src')` must not slip past.
        if !dom::js_string(&name)?.eq_ignore_ascii_case("src") {
            return native_set_attribute.call2(&target, &name, &value);
        }
        let url = dom::js_string(&value)?;
        match refused(&url) {
            Some((category, service)) => park(&target, &url, &category, &service),
            None => {
                // The checked string itself, unless the value cannot change between the check
                // and the load (a string, or a TrustedScriptURL, which Trusted Types may require).
                let fixed = value.is_string() || value.has_type::<TrustedScriptUrl>();
                native_set.call1(&target, &if fixed { value } else { url.into() })?;
            }
        }
        Ok(JsValue::UNDEFINED)
    });
    dom::set(el, "setAttribute", &guard_attribute).ok()?;
    let set = guard_attribute.bind1(&JsValue::UNDEFINED, &"src".into());
    let target = el.clone();
    let get = callback::function(move |_, _| match target.get_attribute("data-src") {
        Some(parked) => Ok(parked.into()),
        None => Ok(native_get.call1(&target, &JsValue::UNDEFINED).unwrap_or_default()),
    });
    let descriptor = Object::new();
    dom::set(&descriptor, "set", &set).ok()?;
    dom::set(&descriptor, "get", &get).ok()?;
    dom::set(&descriptor, "configurable", &JsValue::TRUE).ok()?;
    Object::define_property(el, &"src".into(), &descriptor);
    Some(())
}

fn check_node(node: &JsValue) {
    let Some(el) = node.dyn_ref::<Element>() else { return };
    let is_script = el.tag_name() == "SCRIPT";
    if !(is_script || el.tag_name() == "IFRAME") || el.has_attribute(MARK) {
        return;
    }
    if is_script && el.get_attribute("type").is_some_and(|t| t == "text/plain") {
        return;
    }
    if let Some(url) = el.get_attribute("src") {
        if let Some((category, service)) = refused(&url) {
            park(el, &url, &category, &service);
        }
    }
}

fn observe() -> Option<()> {
    let doc = page::document()?;
    let callback = callback::handler(|records| {
        for record in records.unchecked_into::<js_sys::Array>() {
            let record = record.unchecked_ref::<MutationRecord>();
            for node in js_sys::Array::from(&record.added_nodes()) {
                check_node(&node);
            }
            if record.type_() == "attributes" {
                check_node(&dom::get(record, "target").unwrap_or_default());
            }
        }
    });
    let observer = MutationObserver::new(&callback).ok()?;
    let options = MutationObserverInit::new();
    options.set_child_list(true);
    options.set_subtree(true);
    options.set_attributes(true);
    options.set_attribute_filter(&js_sys::Array::of1(&"src".into()));
    let root: web_sys::Node = doc.document_element()?.into();
    observer.observe_with_options(&root, &options).ok()
}
