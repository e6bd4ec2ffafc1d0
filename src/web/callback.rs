//! Every Rust function handed to the page goes through one closure type.
//!
//! Why: wasm-bindgen emits an invoke shim, an export and JS glue for each
//! distinct `Closure<dyn …>` signature; Biscotte used nine (listeners,
//! observers, property accessors, one-shot callbacks). One signature, wide
//! enough for all of them (three arguments, the shape of a `Proxy`'s `apply`
//! trap, and a result that may throw), costs one set. The returned functions
//! live as long as the page holds them.

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The one closure type: `(a, b, c) => value`, throwing on `Err`.
type Wide = dyn Fn(JsValue, JsValue, JsValue) -> Result<JsValue, JsValue>;

/// A JS function running `f` with its first three arguments (a `Proxy` trap's `target`,
/// `this` and arguments).
pub fn function(f: impl Fn(JsValue, JsValue, JsValue) -> Result<JsValue, JsValue> + 'static) -> Function {
    Closure::<Wide>::new(f).into_js_value().unchecked_into()
}

/// A JS function running `f` with its first argument (an event, mutation records, a value).
pub fn handler(f: impl Fn(JsValue) + 'static) -> Function {
    function(move |arg, _, _| {
        f(arg);
        Ok(JsValue::UNDEFINED)
    })
}
