//! Requests without elements: `fetch`, `XMLHttpRequest` and `navigator.sendBeacon` to a refused
//! service's URL are held, not sent, and made exactly once when the service is accepted.
//!
//! `fetch` gets a promise that settles with the real response once released (and stays pending
//! while the service is refused, as a request that never answers would; in a browser without
//! `Promise.withResolvers` it fails at once, as a blocked request does); a held `send` returns
//! as if sent; a held beacon reports that it was queued, which it is.

use crate::prelude::*;

use js_sys::{Array, Function, Promise, Reflect};
use wasm_bindgen::{JsCast, JsValue};

use super::traps::Trap;
use super::{refused, Refusal};
use crate::core::config::Config;
use crate::core::consent::Consent;
use crate::web::state::{self, Held};
use crate::web::dom;

/// `fetch`'s arguments as one `Request` (what `fetch` itself makes of them), so the URL checked
/// is the URL fetched: a `toString` that answers differently the second time changes nothing.
fn fetch_request(args: &Array) -> Result<JsValue, JsValue> {
    let window: JsValue = crate::web::page::window().map(JsValue::from).unwrap_or_default();
    let request = dom::get(&window, "Request")?.dyn_into::<Function>()?;
    Reflect::construct(&request, &Array::of2(&args.get(0), &args.get(1)))
}

/// `args` with argument `at` replaced by the string that was checked.
fn with_checked(args: &Array, at: u32, checked: &str) -> Array {
    let out = Array::from(args);
    out.set(at, checked.into());
    out
}

fn hold(refusal: Refusal, target: &Function, this: &JsValue, args: &Array, resolve: Option<Function>) {
    let held = Held { category: refusal.category, service: refusal.service, target: target.clone(), this: this.clone(), args: Array::from(args), resolve };
    state::with(|s| s.held.push(held));
}

/// The network traps.
pub fn run(trap: Trap, original: &Function, this: &JsValue, args: &Array) -> Result<JsValue, JsValue> {
    match trap {
        Trap::Fetch => {
            // Arguments no `Request` can be made of: fetch rejects them by itself, as it would.
            let Ok(request) = fetch_request(args) else { return original.apply(this, args) };
            let args = &Array::of1(&request);
            let url = dom::get(&request, "url")?.as_string().unwrap_or_default();
            if let Some(refusal) = refused(&url) {
                let promise: JsValue = Promise::resolve(&JsValue::UNDEFINED).constructor().into();
                let pending = dom::get(&promise, "withResolvers")
                    .ok()
                    .and_then(|f| f.dyn_into::<Function>().ok())
                    .and_then(|f| f.call0(&promise).ok());
                let Some(pending) = pending else {
                    return Ok(Promise::reject(&"Biscotte: blocked until consent".into()).into());
                };
                let resolve = dom::get(&pending, "resolve").ok().and_then(|f| f.dyn_into::<Function>().ok());
                hold(refusal, original, this, args, resolve);
                return dom::get(&pending, "promise");
            }
            return original.apply(this, args);
        }
        Trap::Beacon => {
            let url = dom::js_string(&args.get(0))?;
            let args = &with_checked(args, 0, &url);
            if let Some(refusal) = refused(&url) {
                hold(refusal, original, this, args, None);
                return Ok(JsValue::TRUE);
            }
            return original.apply(this, args);
        }
        Trap::XhrOpen => {
            let url = dom::js_string(&args.get(1))?;
            let refusal = refused(&url);
            // A new `open` aborts what the request was doing: its held `send`, if any, goes too.
            state::with(|s| {
                s.held_xhr.retain(|(xhr, _, _)| !js_sys::Object::is(xhr, this));
                s.held.retain(|held| !js_sys::Object::is(&held.this, this));
                if let Some(r) = refusal {
                    s.held_xhr.push((this.clone(), r.category, r.service));
                }
            });
            return original.apply(this, &with_checked(args, 1, &url));
        }
        Trap::XhrSend => {
            let opened = state::with(|s| {
                let at = s.held_xhr.iter().position(|(xhr, _, _)| js_sys::Object::is(xhr, this))?;
                Some(s.held_xhr.remove(at))
            });
            if let Some(Some((_, category, service))) = opened {
                hold(Refusal { category, service }, original, this, args, None);
                return Ok(JsValue::UNDEFINED);
            }
        }
        _ => {}
    }
    original.apply(this, args)
}

/// Makes the held requests the consent now allows, in the order they were held, each once.
pub fn release(config: &Config, consent: Option<&Consent>) {
    let ready = state::with(|s| {
        let mut ready = Vec::new();
        for held in core::mem::take(&mut s.held) {
            if crate::core::exempt::runs(config, consent, &held.category, Some(&held.service)) {
                ready.push(held);
            } else {
                s.held.push(held);
            }
        }
        ready
    });
    for held in ready.unwrap_or_default() {
        let result = held.target.apply(&held.this, &held.args);
        if let Some(resolve) = held.resolve {
            let settled = result.unwrap_or_else(|e| Promise::reject(&e).into());
            let _ = resolve.call1(&JsValue::UNDEFINED, &settled);
        }
    }
}
