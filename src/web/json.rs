//! The configuration's JSON text read by the browser's own `JSON.parse`, then turned into the
//! core's [`Json`] tree, which the core validates as it does natively.
//!
//! Why: `JSON.parse` is already in every browser, fast and exact; leaving our own reader
//! (`core::json`) out of the wasm makes it smaller (docs/adr/003). Both give the same tree for the
//! same text (a repeated key keeps its first place and its last value) and the same limits:
//! [`MAX_INPUT`] bytes and [`MAX_DEPTH`] levels, checked here, so deep input can't exhaust the
//! wasm's stack. Where they differ (docs/adr/003): text that is not JSON gets the browser's own
//! message (`SyntaxError: …`); a number is the text JavaScript writes for the double it read
//! (`1.0` → `1`, `1e400` → `Infinity`); a lone surrogate becomes U+FFFD; a too-deep value that a
//! repeated key overwrites is never seen here.

use js_sys::{Array, Object};
use wasm_bindgen::{JsCast, JsValue};

use crate::core::json::{Json, Number, MAX_DEPTH, MAX_INPUT};
use crate::prelude::*;
use crate::web::dom;

/// The tree of `text`, or why it is not one.
pub fn parse(text: &str) -> Result<Json, String> {
    if text.len() > MAX_INPUT {
        return Err("input too large".into());
    }
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value = js_sys::JSON::parse(text).map_err(|e| dom::js_string(&e).unwrap_or_default())?;
    tree(&value, 0).ok_or_else(|| "nesting too deep".into())
}

/// `value` as a tree; `None` when arrays and objects nest more than [`MAX_DEPTH`] deep. (The
/// other `?`s cannot fail on what `JSON.parse` returns: string keys, plain data properties.)
fn tree(value: &JsValue, depth: usize) -> Option<Json> {
    if value.is_null() {
        return Some(Json::Null);
    }
    if let Some(b) = value.as_bool() {
        return Some(Json::Bool(b));
    }
    if let Some(s) = value.as_string() {
        return Some(Json::Str(s));
    }
    if !value.is_object() {
        return Some(Json::Num(Number::new(dom::js_string(value).ok()?)));
    }
    if depth == MAX_DEPTH {
        return None;
    }
    let is_array = Array::is_array(value);
    // An array's items, or an object's keys (then read one by one).
    let list: Array = if is_array { value.clone().unchecked_into() } else { Object::keys(value.unchecked_ref::<Object>()) };
    let (mut items, mut pairs) = (Vec::new(), Vec::new());
    for i in 0..list.length() {
        let entry = list.get(i);
        if is_array {
            items.push(tree(&entry, depth + 1)?);
        } else {
            let key = entry.as_string()?;
            let item = dom::get(value, &key).ok()?;
            pairs.push((key, tree(&item, depth + 1)?));
        }
    }
    Some(if is_array { Json::Arr(items) } else { Json::Obj(pairs) })
}
