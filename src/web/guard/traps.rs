//! The guard's entry points: each DOM or network function that can load a URL is replaced by a
//! `Proxy` of itself whose `apply` trap checks the call, parks or holds what is refused, and
//! calls the original with what may load. A `Proxy` keeps the original's name, length and
//! `toString`, and its trap receives `this`, which a plain wrapper made here could not.

use js_sys::{Array, Function, Object, Proxy, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::Element;

use super::{check, held, is_let_through, is_parked_script, park, refused_value, sanitize, scan, watched};
use crate::core::urls::may_load;
use crate::strings::search;
use crate::web::markup::MARK;
use crate::web::{callback, dom, page};

#[wasm_bindgen]
extern "C" {
    /// Trusted Types' values (Chromium); `instanceof` is false where they do not exist.
    #[wasm_bindgen(js_name = TrustedScriptURL)]
    type TrustedScriptUrl;
    #[wasm_bindgen(js_name = TrustedHTML)]
    type TrustedHtml;
}

/// Elements whose content is text, never elements: HTML written into them loads nothing.
const RAW_TEXT: [&str; 10] = ["SCRIPT", "STYLE", "TEXTAREA", "TITLE", "XMP", "NOEMBED", "NOFRAMES", "IFRAME", "NOSCRIPT", "PLAINTEXT"];

/// What a trapped function is, so the trap knows where its URL or HTML is.
#[derive(Clone, Copy)]
pub enum Trap {
    /// A setter of this loading attribute (`src`, `href`, `srcset`, `srcdoc`).
    Url(&'static str),
    /// `HTMLScriptElement`'s `type` setter: a parked script stays `text/plain`.
    ScriptType,
    /// `setAttribute` (the name is argument 0) or `setAttributeNS` (argument 1).
    SetAttribute(u32),
    /// `setAttributeNode(NS)`: the attribute node is argument 0.
    AttrNode,
    /// `Attr`'s `value` setter: `this` is the attribute node, its element is `ownerElement`.
    AttrValue,
    /// A node insertion: every node argument is checked with its subtree.
    Insert,
    /// HTML from a string at this argument (`u32::MAX`: all arguments joined, as
    /// `document.write` takes them), and whether scripts in it run (they do not from `innerHTML`,
    /// so those are left as they are: parking them would run them on consent).
    Html(u32, bool),
    /// `fetch`.
    Fetch,
    /// `XMLHttpRequest.prototype.open`.
    XhrOpen,
    /// `XMLHttpRequest.prototype.send`.
    XhrSend,
    /// `navigator.sendBeacon`.
    Beacon,
}

/// The element `value` is, in this realm or another (`nodeType`, not `instanceof`: elements
/// made in a frame's document come with that frame's prototypes).
pub fn as_element(value: &JsValue) -> Option<&Element> {
    (dom::get(value, "nodeType").ok()?.as_f64() == Some(1.0)).then(|| value.unchecked_ref())
}

fn proxy(original: &JsValue, trap: Trap) -> Option<JsValue> {
    let handler = Object::new();
    let apply = callback::function(move |target, this, args| run(trap, target.unchecked_ref(), &this, args.unchecked_ref()));
    dom::set(&handler, "apply", &apply).ok()?;
    Some(Proxy::new(original, &handler).into())
}

fn method(owner: &JsValue, name: &str, trap: Trap) -> Option<()> {
    let original = dom::get(owner, name).ok().filter(JsValue::is_function)?;
    dom::set(owner, name, &proxy(&original, trap)?).ok()?;
    Some(())
}

fn setter(owner: &JsValue, name: &str, trap: Trap) -> Option<()> {
    let key: JsValue = name.into();
    let descriptor = Reflect::get_own_property_descriptor(owner.unchecked_ref::<Object>(), &key).ok()?;
    let set = dom::get(&descriptor, "set").ok().filter(JsValue::is_function)?;
    dom::set(&descriptor, "set", &proxy(&set, trap)?).ok()?;
    Object::define_property(owner.unchecked_ref::<Object>(), &key, descriptor.unchecked_ref::<Object>());
    Some(())
}

fn prototype(window: &JsValue, class: &str) -> JsValue {
    dom::get(window, class).and_then(|c| dom::get(&c, "prototype")).unwrap_or_default()
}

/// The accessors wrapped: `(class, property, trap)`.
const SETTERS: [(&str, &str, Trap); 11] = [
    ("HTMLScriptElement", "src", Trap::Url("src")),
    ("HTMLScriptElement", "type", Trap::ScriptType),
    ("HTMLIFrameElement", "src", Trap::Url("src")),
    ("HTMLIFrameElement", "srcdoc", Trap::Url("srcdoc")),
    ("HTMLImageElement", "src", Trap::Url("src")),
    ("HTMLImageElement", "srcset", Trap::Url("srcset")),
    ("HTMLLinkElement", "href", Trap::Url("href")),
    ("Element", "innerHTML", Trap::Html(0, false)),
    ("ShadowRoot", "innerHTML", Trap::Html(0, false)),
    ("Element", "outerHTML", Trap::Html(0, false)),
    ("Attr", "value", Trap::AttrValue),
];

/// The methods wrapped: `(class, method, trap)`; the class `""` is `window` itself.
const METHODS: [(&str, &str, Trap); 32] = [
    ("Element", "setAttribute", Trap::SetAttribute(0)),
    ("Element", "setAttributeNS", Trap::SetAttribute(1)),
    ("Element", "setAttributeNode", Trap::AttrNode),
    ("Element", "setAttributeNodeNS", Trap::AttrNode),
    ("Element", "setHTMLUnsafe", Trap::Html(0, false)),
    ("ShadowRoot", "setHTMLUnsafe", Trap::Html(0, false)),
    ("Element", "replaceChildren", Trap::Insert),
    ("Document", "replaceChildren", Trap::Insert),
    ("Document", "append", Trap::Insert),
    ("Document", "prepend", Trap::Insert),
    ("CharacterData", "before", Trap::Insert),
    ("CharacterData", "after", Trap::Insert),
    ("CharacterData", "replaceWith", Trap::Insert),
    ("Range", "insertNode", Trap::Insert),
    ("Range", "surroundContents", Trap::Insert),
    ("Element", "insertAdjacentHTML", Trap::Html(1, false)),
    ("Element", "append", Trap::Insert),
    ("Element", "prepend", Trap::Insert),
    ("Element", "before", Trap::Insert),
    ("Element", "after", Trap::Insert),
    ("Element", "replaceWith", Trap::Insert),
    ("Element", "insertAdjacentElement", Trap::Insert),
    ("Node", "appendChild", Trap::Insert),
    ("Node", "insertBefore", Trap::Insert),
    ("Node", "replaceChild", Trap::Insert),
    ("Range", "createContextualFragment", Trap::Html(0, true)),
    ("Document", "write", Trap::Html(u32::MAX, true)),
    ("Document", "writeln", Trap::Html(u32::MAX, true)),
    ("", "fetch", Trap::Fetch),
    ("XMLHttpRequest", "open", Trap::XhrOpen),
    ("XMLHttpRequest", "send", Trap::XhrSend),
    ("Navigator", "sendBeacon", Trap::Beacon),
];

/// Installs every trap; `None` when one could not be (the others still are).
pub fn install() -> Option<()> {
    let window: JsValue = page::window()?.into();
    let owner = |class: &str| if class.is_empty() { window.clone() } else { prototype(&window, class) };
    let mut all = true;
    for (class, name, trap) in SETTERS {
        all &= setter(&owner(class), name, trap).is_some();
    }
    for (class, name, trap) in METHODS {
        all &= method(&owner(class), name, trap).is_some();
    }
    all.then_some(())
}

fn run(trap: Trap, original: &Function, this: &JsValue, args: &Array) -> Result<JsValue, JsValue> {
    match trap {
        Trap::Url(attribute) => {
            if let Some(el) = as_element(this) {
                return set_checked(original, this, el, attribute, &args.get(0), args, 0);
            }
        }
        Trap::ScriptType => {
            if let Some(el) = as_element(this).filter(|el| is_parked_script(el)) {
                keep_type(el, &dom::js_string(&args.get(0))?);
                return Ok(JsValue::UNDEFINED);
            }
        }
        Trap::SetAttribute(at) => {
            if let Some(el) = as_element(this) {
                let name = dom::js_string(&args.get(at))?.to_ascii_lowercase();
                let value = args.get(at + 1);
                if name == "type" && is_parked_script(el) {
                    keep_type(el, &dom::js_string(&value)?);
                    return Ok(JsValue::UNDEFINED);
                }
                if watched(&el.tag_name(), &name) {
                    return set_checked(original, this, el, &name, &value, args, at + 1);
                }
            }
        }
        Trap::AttrNode => {
            let attr = args.get(0);
            if let Some(el) = as_element(this) {
                let name = dom::js_string(&dom::get(&attr, "name")?)?.to_ascii_lowercase();
                if watched(&el.tag_name(), &name) {
                    let value = dom::js_string(&dom::get(&attr, "value")?)?;
                    if let Some(refusal) = refused_value(&name, &value).filter(|_| !is_let_through(el)) {
                        park(el, &name, &value, &refusal);
                        return Ok(JsValue::NULL);
                    }
                }
            }
        }
        Trap::AttrValue => {
            let owner = dom::get(this, "ownerElement").unwrap_or_default();
            if let Some(el) = as_element(&owner) {
                let name = dom::js_string(&dom::get(this, "name")?)?.to_ascii_lowercase();
                if watched(&el.tag_name(), &name) {
                    let value = args.get(0);
                    return set_checked(original, this, el, &name, &value, args, 0);
                }
            }
        }
        Trap::Insert => {
            for node in args.iter() {
                scan(&node);
            }
        }
        Trap::Html(at, scripts_run) => {
            let tag = as_element(this).map(Element::tag_name).unwrap_or_default();
            if tag == "TEMPLATE" {
                let result = original.apply(this, args);
                mark_inert_scripts(&dom::get(this, "content").unwrap_or_default(), false);
                return result;
            }
            // Raw text: what is written there is never parsed as elements.
            if !RAW_TEXT.contains(&tag.as_str()) {
                return write_html(original, this, args, at, scripts_run);
            }
        }
        Trap::Fetch | Trap::XhrOpen | Trap::XhrSend | Trap::Beacon => return held::run(trap, original, this, args),
    }
    original.apply(this, args)
}

/// A parked script's new `type` waits in `data-type` for activation.
fn keep_type(el: &Element, kind: &str) {
    if kind != "text/plain" {
        let _ = el.set_attribute("data-type", kind);
    }
}

/// Sets a loading attribute unless its URL is refused (then parks it). The value passed on is
/// the checked string itself, unless it cannot change between the check and the load (a string,
/// or a Trusted Types value, which the page's policy may require).
fn set_checked(original: &Function, this: &JsValue, el: &Element, attribute: &str, value: &JsValue, args: &Array, at: u32) -> Result<JsValue, JsValue> {
    let text = dom::js_string(value)?;
    if is_let_through(el) {
        return original.apply(this, args);
    }
    if let Some(refusal) = refused_value(attribute, &text) {
        park(el, attribute, &text, &refusal);
        return Ok(JsValue::UNDEFINED);
    }
    let fixed = value.is_string() || value.has_type::<TrustedScriptUrl>() || value.has_type::<TrustedHtml>();
    if !fixed {
        let checked = Array::from(args);
        checked.set(at, text.into());
        return original.apply(this, &checked);
    }
    original.apply(this, args)
}

/// HTML from a string: the original gets it with refused elements parked. After `innerHTML`
/// (and `setHTMLUnsafe`), the new children are checked once more, in case the element's own
/// context parsed the text otherwise than the template did (SVG, `<noscript>`).
fn write_html(original: &Function, this: &JsValue, args: &Array, at: u32, scripts_run: bool) -> Result<JsValue, JsValue> {
    let mut html = alloc::string::String::new();
    let value = if at == u32::MAX {
        for part in args.iter() {
            html.push_str(&dom::js_string(&part)?);
        }
        JsValue::from(html.as_str())
    } else {
        let value = args.get(at);
        html = dom::js_string(&value)?;
        value
    };
    let result = match sanitize(&html, &value, scripts_run) {
        Some((clean, _)) if at == u32::MAX => original.apply(this, &Array::of1(&clean.into())),
        Some((clean, _)) => {
            let checked = Array::from(args);
            checked.set(at, clean.into());
            original.apply(this, &checked)
        }
        None => original.apply(this, args),
    };
    if !scripts_run && search::contains_ignore_ascii_case(&html, "<script") {
        mark_inert_scripts(this, true);
    }
    if at == 0 && !scripts_run && may_load(&html) {
        for child in dom::query_all(this, "iframe,img,link") {
            check(&child);
        }
    }
    result
}

/// Scripts that came from `innerHTML` and the like never run, even once inserted elsewhere: the
/// mark keeps the guard from parking them (which would run them on consent). Scripts already in
/// the page that ran or were inserted are marked too, which changes nothing for them.
fn mark_inert_scripts(this: &JsValue, with_parent: bool) {
    let parent = if with_parent { dom::get(this, "parentNode").unwrap_or_default() } else { JsValue::UNDEFINED };
    for root in [this, &parent] {
        if root.is_object() {
            for script in dom::query_all(root, "script[src]:not([type='text/plain']):not([data-biscotte]),script[href]:not([data-biscotte])") {
                let _ = script.set_attribute(MARK, "inert");
            }
        }
    }
}
