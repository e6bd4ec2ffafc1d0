//! Placeholders for blocked embeds: a gated `<iframe data-src>` (a video, a
//! map) is hidden and replaced by a short, accessible notice saying what it
//! is, with "Load this content" (this embed, this page view only) and
//! "Always allow <service>" (a stored decision for that service).
//!
//! The notice lives in its own shadow root (portal CSS can't reach it), is
//! sized with CSSOM (allowed under a strict `style-src`), and uses the
//! visitor's language. What a click does is the caller's ([`Action`]): this file only shows and
//! removes the notices.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::{Element, HtmlElement};

use crate::core::config::Config;
use crate::core::consent::Consent;
use crate::core::texts::{text, TextKey};
use crate::strings::concat::concat;
use crate::strings::search;
use crate::web::dom::{add, el, listen, query_all};
use crate::web::markup::{allowed, GATED_FRAMES};
use crate::web::{callback, dom, page};

const HOST_MARK: &str = "data-biscotte-embed";
const CSS: &str = ":host{display:block;box-sizing:border-box;border:1px solid #767676;border-radius:8px;padding:1rem;\
background:#f4f4f4;color:#1a1a1a;font:16px/1.45 system-ui,sans-serif}p{margin:0 0 .75rem}\
button{font:inherit;font-weight:600;min-height:44px;margin:0 .5rem .5rem 0;padding:.5rem 1rem;border:2px solid #1d4ed8;\
border-radius:8px;background:#1d4ed8;color:#fff;cursor:pointer}button:focus-visible{outline:3px solid #b45309;outline-offset:2px}";

/// What a visitor asked for on a placeholder.
#[derive(Clone, Copy)]
pub enum Action {
    /// "Load this content": this embed, this page view.
    Once,
    /// "Always allow <service>": a stored decision for its service (or category).
    Always,
}

/// Runs a visitor's [`Action`] on a gated frame.
pub type OnAction = fn(&Element, Action);

fn service_label<'a>(config: &'a Config, category: &str, service: Option<&str>, lang: &str) -> &'a str {
    let Some(cat) = config.category(category) else { return "" };
    match service.and_then(|id| cat.services.iter().find(|s| s.id == id)) {
        Some(svc) if !svc.label.is_empty() => svc.label.get(lang),
        Some(svc) => &svc.id,
        None => crate::core::texts::category_title(config, cat, lang),
    }
}

/// Puts a placeholder before every gated iframe the consent does not allow.
pub fn show(config: &Config, consent: Option<&Consent>, lang: &str, on_action: OnAction) {
    let Some(doc) = page::document() else { return };
    for frame in query_all(&doc, GATED_FRAMES) {
        if allowed(config, consent, &frame) || has_placeholder(&frame) {
            continue;
        }
        let _ = placeholder(&frame, config, lang, on_action);
    }
}

/// Removes every placeholder (a new `start` shows them again in its own language).
pub fn remove_all() {
    let Some(doc) = page::document() else { return };
    for frame in query_all(&doc, GATED_FRAMES) {
        remove(&frame);
    }
}

fn has_placeholder(frame: &Element) -> bool {
    frame.previous_element_sibling().is_some_and(|p| p.has_attribute(HOST_MARK))
}

/// Removes the placeholder of `frame` and shows the frame again.
pub fn remove(frame: &Element) {
    if let Some(prev) = frame.previous_element_sibling().filter(|p| p.has_attribute(HOST_MARK)) {
        prev.remove();
    }
    let _ = frame.remove_attribute("hidden");
}

fn placeholder(frame: &Element, config: &Config, lang: &str, on_action: OnAction) -> Option<()> {
    let doc = page::document()?;
    let category = frame.get_attribute("data-category")?;
    let service = frame.get_attribute("data-service");
    let label = service_label(config, &category, service.as_deref(), lang);
    let host = el(&doc, "div", &[(HOST_MARK, ""), ("role", "region"), ("aria-label", label), ("lang", lang)], "")?;
    let style = host.unchecked_ref::<HtmlElement>().style();
    for (prop, attr) in [("width", "width"), ("min-height", "height")] {
        if let Some(v) = frame.get_attribute(attr).filter(|v| search::all_bytes(v, |b| b.is_ascii_digit())) {
            let _ = style.set_property(prop, &concat(&[&v, "px"]));
        }
    }
    let _ = style.set_property("max-width", "100%");
    let (root, true) = dom::shadow(&host, CSS)? else { return None };
    let body = el(&doc, "div", &[], "")?;
    add(&doc, &body, "p", &[], &search::replace(text(config, lang, TextKey::EmbedBlocked), "{service}", label));
    add(&doc, &body, "button", &[("type", "button"), ("data-action", "once")], text(config, lang, TextKey::LoadOnce));
    let always = search::replace(text(config, lang, TextKey::AlwaysAllow), "{service}", label);
    add(&doc, &body, "button", &[("type", "button"), ("data-action", "always")], &always);
    root.append_child(&body).ok()?;
    let target = frame.clone();
    let on_click = callback::handler(move |event| {
        let action = dom::closest_action(event.unchecked_ref()).and_then(|e| e.get_attribute("data-action"));
        match action.as_deref() {
            Some("once") => on_action(&target, Action::Once),
            Some("always") => on_action(&target, Action::Always),
            _ => {}
        }
    });
    listen(&root, "click", &on_click, &JsValue::UNDEFINED).ok()?;
    frame.parent_node()?.insert_before(&host, Some(frame)).ok()?;
    frame.set_attribute("hidden", "").ok()?;
    Some(())
}
