//! The guard: what page code adds after Biscotte started (a tag manager inserting `gtag/js`,
//! Matomo's snippet, a pixel, an embed widget, a beacon) is held before any request when its URL
//! belongs to a service the visitor has not accepted, and released exactly once on consent.
//!
//! Why at the prototypes: page code reaches the network through a handful of DOM entry points,
//! and each can be called on any element however it was made (`createElementNS`, `cloneNode`,
//! another document's elements, `Element.prototype.setAttribute.call(…)`). So the guard wraps
//! the entry points themselves, once per page, each in a `Proxy` whose trap sees `this`
//! ([`traps`]): the `src`/`href`/`srcset`/`srcdoc` setters and `setAttribute(NS)` of scripts,
//! frames, images and links; node insertion; HTML parsed from strings; `fetch`, `XMLHttpRequest`
//! and `sendBeacon` ([`held`]). A refused element is *parked*: its URL moves to a `data-`
//! attribute with `data-category`/`data-service`, as hand-gated markup, so activation runs it
//! on consent, in document order, once.
//!
//! What no page script can hold (a `<script src>` the HTML parser already fetched, `import()`,
//! CSS `url()`) is listed in the README; `audit: true` reports it when it happens ([`audit`]).
//! The rules are the session's configuration and consent in the one state, decided by
//! `core::urls::refusal`.

mod audit;
mod held;
mod traps;

use crate::prelude::*;

use wasm_bindgen::JsValue;
use web_sys::Element;

use crate::core::config::Config;
use crate::core::consent::Consent;
use crate::core::urls::{may_load, refusal, srcset_urls};
use crate::web::markup::{self, MARK, PARKED};
use crate::web::{activation, dom, page, state};

/// Releases what the guard holds and the consent now allows: requests, and images or frames
/// parked while in no document (activation finds the others in the document).
pub fn release(config: &Config, consent: Option<&Consent>) {
    held::release(config, consent);
    let ready = state::with(|s| {
        let mut ready = Vec::new();
        s.parked_detached.retain(|el| {
            let go = !el.is_connected() && markup::allowed(config, consent, el);
            if go {
                ready.push(el.clone());
            }
            !go && !el.is_connected()
        });
        ready
    });
    for el in ready.unwrap_or_default() {
        activation::activate_embed(&el);
    }
}

/// Elements (inside a subtree) that load something through an attribute the guard watches
/// (`script[href]`: SVG's script).
const LOADING: &str = "script[src],script[href],iframe[src],iframe[srcdoc],img[src],img[srcset],link[href]";

/// Installs the guard once per page, when any service declares URL patterns; the audit when
/// the configuration asks for it.
pub fn install(config: &Config) {
    let first = config.has_url_patterns() && state::with(|s| !core::mem::replace(&mut s.guarded, true)) == Some(true);
    if first && traps::install().is_none() {
        page::error("could not install the guard on scripts, frames and requests that page code adds");
    }
    if config.audit {
        audit::install();
    }
}

/// Runs `load` with `el` let past the guard: the visitor asked for this one embed, this page
/// view ("Load this content"), whatever its service's consent.
pub fn let_through(el: &Element, load: impl FnOnce()) {
    state::with(|s| s.let_through = Some(el.clone()));
    load();
    state::with(|s| s.let_through = None);
}

fn is_let_through(el: &Element) -> bool {
    state::read(|s| s.let_through.as_ref().is_some_and(|through| js_sys::Object::is(through, el))) == Some(true)
}

/// A refusal: the service that refuses a URL.
pub struct Refusal {
    category: String,
    service: String,
}

/// The service refusing this URL (resolved against the page), or `None` when it may load.
fn refused(url: &str) -> Option<Refusal> {
    let base = page::document().and_then(|d| d.base_uri().ok().flatten()).unwrap_or_default();
    let absolute = web_sys::Url::new_with_base(url, &base).map(|u| u.href()).unwrap_or_else(|_| url.into());
    // Flows release the state before anything can run page code or set a `src`, so this borrow
    // only fails if page code runs inside one of them (a getter the page redefined): then the
    // URL is refused outright, and nothing will ever activate it (fail closed).
    let verdict = state::read(|s| {
        let session = s.session.as_ref()?;
        let (category, service) = refusal(&session.config, session.in_force().as_deref(), &absolute)?;
        Some(Refusal { category: category.to_owned(), service: service.to_owned() })
    });
    match verdict {
        Some(refusal) => refusal,
        None => {
            page::error("a URL was checked while Biscotte was busy; it stays blocked");
            Some(Refusal { category: String::new(), service: String::new() })
        }
    }
}

/// The refusal of the first refused URL in `value` of `attribute` (`srcset` lists several;
/// `srcdoc` is HTML, refused when anything in it is).
fn refused_value(attribute: &str, value: &str) -> Option<Refusal> {
    match attribute {
        "srcset" => {
            for url in srcset_urls(value) {
                if let Some(refusal) = refused(url) {
                    return Some(refusal);
                }
            }
            None
        }
        "srcdoc" => sanitize(value, &value.into(), true).map(|(_, refusal)| refusal),
        _ => refused(value),
    }
}

/// Whether an element with this `tagName` loads through `attribute` and the guard watches it
/// there (upper case: HTML; `script`: SVG's).
fn watched(tag: &str, attribute: &str) -> bool {
    matches!(
        (tag, attribute),
        ("SCRIPT", "src") | ("script", "href") | ("IFRAME", "src" | "srcdoc") | ("IMG", "src" | "srcset") | ("LINK", "href")
    )
}

/// Whether an element with this `tagName` can load anything the guard watches.
fn loads(tag: &str) -> bool {
    matches!(tag, "SCRIPT" | "script" | "IFRAME" | "IMG" | "LINK")
}

/// Parks `value` of `attribute` on the element instead of loading it.
fn park(el: &Element, attribute: &str, value: &str, refusal: &Refusal) {
    let script = el.tag_name().eq_ignore_ascii_case("script");
    if script {
        if let Some(kind) = el.get_attribute("type").filter(|t| t != "text/plain") {
            let _ = el.set_attribute("data-type", &kind);
        }
        let _ = el.set_attribute("type", "text/plain");
    }
    let _ = el.set_attribute("data-category", &refusal.category);
    let _ = el.set_attribute("data-service", &refusal.service);
    let parked = PARKED.iter().find(|(a, _)| *a == attribute).map_or("data-src", |(_, p)| *p);
    let _ = el.set_attribute(parked, value);
    let _ = el.remove_attribute(attribute);
    let _ = el.remove_attribute(MARK);
    // A detached image or frame of the page (`new Image()`) is loaded on consent; one in a
    // template's inert content never loads, so it is not kept.
    let in_page = page::document().is_some_and(|doc| js_sys::Object::is(&el.owner_document().map(JsValue::from).unwrap_or_default(), &doc));
    if !script && !el.is_connected() && in_page {
        state::with(|s| s.parked_detached.push(el.clone()));
    }
}

/// Whether a parked script is waiting: its `type` must stay `text/plain` until activation.
fn is_parked_script(el: &Element) -> bool {
    el.tag_name().eq_ignore_ascii_case("script") && el.has_attribute("data-src") && el.get_attribute("type").as_deref() == Some("text/plain")
}

/// Parks every refused element in `node` and its subtree (an element or a fragment about to be
/// inserted); Biscotte's own elements (marked) pass.
fn scan(node: &JsValue) {
    // By `nodeType`, not `instanceof`: a node made in a frame's document has that frame's prototypes.
    let kind = dom::get(node, "nodeType").ok().and_then(|t| t.as_f64());
    if let Some(el) = traps::as_element(node) {
        check(el);
    }
    if matches!(kind, Some(1.0 | 11.0)) {
        for el in dom::query_all(node, LOADING) {
            check(&el);
        }
    }
}

fn check(el: &Element) {
    let tag = el.tag_name();
    if !loads(&tag) || el.has_attribute(MARK) || is_parked_script(el) {
        return;
    }
    for (attribute, _) in PARKED {
        if !watched(&tag, attribute) {
            continue;
        }
        if let Some(value) = el.get_attribute(attribute) {
            if let Some(refusal) = refused_value(attribute, &value) {
                park(el, attribute, &value, &refusal);
            }
        }
    }
}

/// HTML from a string with its refused elements parked (scripts only when `scripts_run`: a
/// script that would never run must not start on consent), and the first refusal; `None` when
/// nothing in it is refused (then the string is used as it is). Parsed in a `<template>`, whose
/// content is inert: nothing in it loads or runs. `value` is what the page passed (a Trusted
/// Types value stays one for the template); `html` is its text.
fn sanitize(html: &str, value: &JsValue, scripts_run: bool) -> Option<(String, Refusal)> {
    if !may_load(html) {
        return None;
    }
    let doc = page::document()?;
    let template = doc.create_element("template").ok()?;
    dom::set(&template, "innerHTML", value).ok()?;
    let content: JsValue = dom::get(&template, "content").ok()?;
    let mut first = None;
    for el in dom::query_all(&content, LOADING) {
        let tag = el.tag_name();
        if !scripts_run && tag.eq_ignore_ascii_case("script") {
            continue;
        }
        for (attribute, _) in PARKED {
            let Some(value) = el.get_attribute(attribute).filter(|_| watched(&tag, attribute)) else { continue };
            if let Some(refusal) = refused_value(attribute, &value) {
                park(&el, attribute, &value, &refusal);
                first = first.or(Some(refusal));
            }
        }
    }
    first.map(|refusal| (template.inner_html(), refusal))
}

