//! Activation of gated markup, in document order, each element exactly once.
//!
//! Activation inserts a *fresh* `<script>`, a deep clone of the gated one (its attributes and
//! text, never through the wasm) with `type` and `src` put back: flipping `type` on a parsed
//! script runs nothing. That DOM work is one call to `scripts/dist/activate.js`, which decides
//! nothing; so is reading the gated elements with their categories and services, for the
//! wasm to judge. Each element is marked when activated, so it never runs twice;
//! each queueing reads the page again and replaces the queue, so a second decision never queues
//! an element twice, and one the consent no longer allows drops out. External scripts are
//! activated one at a time: the next gated element waits for the previous script's `load` (or
//! `error`), so an inline script that uses an external library sees it.
//!
//! When: while the page parses, at once (before the parser's next script, `crate::web::parsing`);
//! after a decision, from the task after the next frame (the banner closes in the frame the
//! visitor's click asked for; docs/adr/018-start-up-and-interaction.md). After a decision the
//! queue is worked in slices of a few milliseconds, yielding between them (`scheduler.yield` where
//! it exists, else `setTimeout`); while the page parses, in the parser's own task, as the page's
//! scripts would run without a banner. Each element is checked against the consent in force when
//! its turn comes: one withdrawn in between never runs.
//! The queue lives in the one state ([`crate::web::state::Queue`]); no borrow is held while an
//! element is activated, since the guard on `src` reads the state from inside that.

use crate::prelude::*;

use alloc::rc::Rc;
use core::cell::RefCell;

use js_sys::{Array, Function};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlScriptElement, Node};

use crate::core::consent::Consent;
use crate::core::exempt::runs;
use crate::strings::search::{split_ascii, split_once_ascii};
use crate::web::local::locals;
use crate::web::markup::{CATEGORIZED, GATED, MARK, PARKED};
use crate::web::state::Queued;
use crate::web::{callback, page, placeholders, state};

/// Milliseconds of activation per task before yielding.
const SLICE_MS: f64 = 8.0;
/// While the page parses: no yielding. The parser would have run these scripts in its own task,
/// and a yielded turn waits behind the parser's next tasks and the first frame.
const PARSER_PACE: f64 = f64::INFINITY;

#[wasm_bindgen]
extern "C" {
    /// `scheduler.yield()`: throws where there is no `scheduler` (then `setTimeout`).
    #[wasm_bindgen(catch, js_namespace = scheduler, js_name = "yield")]
    fn scheduler_yield() -> Result<Promise, JsValue>;
    type Promise;
    #[wasm_bindgen(method)]
    fn then(this: &Promise, f: &Function) -> JsValue;
}

// scripts/dist/activate.js: an ES module for the wasm-bindgen tests (built with `std`), and in
// the shipped glue an object of the bundle's own scope (scripts/build.py).
#[cfg_attr(feature = "std", wasm_bindgen(module = "/scripts/dist/activate.js"))]
#[cfg_attr(not(feature = "std"), wasm_bindgen(js_namespace = biscotteActivate))]
extern "C" {
    /// The elements matching `selector` under `root` after one string of their subjects: see the file.
    #[wasm_bindgen(catch, js_name = gatedElements)]
    fn gated_elements(root: &Document, near: &str, selector: &str) -> Result<Array, JsValue>;
    /// Swaps `old` for `fresh` (or for its deep clone) made runnable: see the file.
    #[wasm_bindgen(catch, js_name = activateScript)]
    fn activate_copy(old: &Element, fresh: Option<&HtmlScriptElement>, mark: &str, own_nonce: Option<&str>, done: Option<&Function>) -> Result<bool, JsValue>;
}

locals! {
    /// The queue's next turn as a JS function ([`later`]), made once.
    static STEP: RefCell<Option<Function>> = RefCell::new(None);
}

/// Queues every gated element the consent allows (`None`: no decision yet, exempt services
/// only), in document order, and works the queue: in this task when `at_once` (start), else from
/// the task after the next frame (a decision), where the page is read under the consent in force
/// then.
pub fn activate(consent: Option<&Rc<Consent>>, at_once: bool) {
    if at_once {
        queue(consent, None);
        pump(SLICE_MS);
    } else if let Some(step) = step() {
        page::after_paint(&step);
    }
}

/// Queues what the consent in force allows, and works the queue; while the page parses, up to
/// the element the parser may still be filling.
fn later() {
    let consent = state::read(|s| s.session.as_ref().and_then(|s| s.in_force())).flatten();
    queue(consent.as_ref(), Some(&page::parser_position));
    pump(SLICE_MS);
}

/// Queues and activates, in this task, the gated elements the parser has finished, up to the
/// one it may still be filling (the document's last node, `page::parser_position`, is inside it).
pub fn activate_parsed(consent: &Rc<Consent>, parsing: &dyn Fn() -> Option<Node>) {
    queue(Some(consent), Some(parsing));
    pump(PARSER_PACE);
}

/// Replaces the queue by the gated elements the consent allows now, in document order.
fn queue(consent: Option<&Rc<Consent>>, parsing: Option<&dyn Fn() -> Option<Node>>) {
    let Some(doc) = page::document() else { return };
    let Some(Some(config)) = state::read(|s| s.session.as_ref().map(|s| s.config.clone())) else { return };
    let (elements, subjects) = gated(&doc).unwrap_or_default();
    let mut found = Vec::new();
    // Where the parser is, read once and only when there is a gated element to check against it:
    // most of the parser's batches bring none.
    let mut last: Option<Option<Node>> = None;
    for (el, subject) in elements.iter().skip(1).zip(split_ascii(&subjects, 0x1e)) {
        let el: Element = el.unchecked_into();
        // The parser may still be filling it (the document's last node is inside it).
        if let Some(parsing) = parsing {
            if last.get_or_insert_with(parsing).as_ref().is_some_and(|last| el.contains(Some(last))) {
                break;
            }
        }
        let (category, service) = match split_once_ascii(subject, 0x1f) {
            Some((category, service)) => (category, Some(service)),
            None => (subject, None),
        };
        if runs(&config, consent.map(|c| &**c), category, service) {
            found.push(Queued { el, category: category.into(), service: service.map(Into::into) });
        }
    }
    state::with(|s| s.queue.pending = found);
}

/// The gated elements and their subjects (`scripts/dist/activate.js`); `None`, said in the console,
/// when they do not come one for one (page code replaced a built-in the file calls): then nothing
/// is queued rather than an element under another's subject.
fn gated(doc: &Document) -> Option<(Array, String)> {
    let read = gated_elements(doc, CATEGORIZED, GATED).ok().and_then(|elements| {
        let subjects = elements.get(0).as_string()?;
        let one_each = subjects.bytes().filter(|&b| b == 0x1e).count() + 1 == elements.length() as usize;
        one_each.then_some((elements, subjects))
    });
    if read.is_none() {
        page::error("the page's gated elements could not be read; none is activated");
    }
    read
}

fn step() -> Option<Function> {
    STEP.with(|t| Some(t.try_borrow_mut().ok()?.get_or_insert_with(|| callback::handler(|_| later())).clone()))
}

/// Activates queued elements until an external script has to load first or `slice_ms` are spent.
fn pump(slice_ms: f64) {
    let start = js_sys::Date::now();
    loop {
        let next = state::with(|s| {
            if s.queue.busy || s.queue.pending.is_empty() {
                return None;
            }
            let session = s.session.as_ref()?;
            let (config, consent) = (session.config.clone(), session.in_force());
            Some((s.queue.pending.remove(0), s.queue.nonce.clone(), config, consent))
        });
        let Some(Some((queued, own_nonce, config, consent))) = next else { return };
        if js_sys::Date::now() - start > slice_ms {
            state::with(|s| s.queue.pending.insert(0, queued));
            yield_then_pump();
            return;
        }
        let Queued { el, category, service } = queued;
        if !el.is_connected() {
            continue;
        }
        // Checked again under the consent in force (the subject was read when queued): withdrawn
        // before its turn, it never runs; a later consent may queue it again.
        if !runs(&config, consent.as_deref(), &category, service.as_deref()) {
            continue;
        }
        let html_script = el.dyn_ref::<HtmlScriptElement>().is_some();
        if !html_script && !el.tag_name().eq_ignore_ascii_case("script") {
            activate_embed(&el);
            continue;
        }
        state::with(|s| s.queue.ran.push((category, service)));
        if activate_script(&el, html_script, own_nonce.as_deref()) == Some(true) {
            state::with(|s| s.queue.busy = true);
            return;
        }
    }
}

/// The rest of the queue in a later task.
fn yield_then_pump() {
    let Some(step) = step() else { return };
    match scheduler_yield() {
        Ok(promise) => drop(promise.then(&step)),
        Err(_) => page::soon(&step),
    }
}

fn loaded() {
    state::with(|s| s.queue.busy = false);
    pump(SLICE_MS);
}

/// Loads one gated embed (iframe, image, stylesheet…), removing its placeholder if it has one.
pub fn activate_embed(el: &Element) {
    let _ = el.set_attribute(MARK, "active");
    for (attribute, parked) in PARKED {
        let target = match attribute {
            "src" if el.tag_name() == "LINK" => continue,
            "href" if el.tag_name() != "LINK" => continue,
            _ => attribute,
        };
        if let Some(value) = el.get_attribute(parked) {
            let _ = el.remove_attribute(parked);
            let _ = el.set_attribute(target, &value);
        }
    }
    placeholders::remove(el);
}

/// The one `load`/`error` listener, made on first use.
fn loaded_listener() -> Option<Function> {
    state::with(|s| s.queue.loaded.get_or_insert_with(|| callback::handler(|_| loaded())).clone())
}

/// Replaces a gated script by a fresh, runnable copy. `Some(true)` when it is external (wait for it).
/// `html_script`: `old` is an `HTMLScriptElement` of this window (pump has asked already).
fn activate_script(old: &Element, html_script: bool, own_nonce: Option<&str>) -> Option<bool> {
    let fresh = if html_script || old.tag_name() == "SCRIPT" {
        None
    } else {
        // SVG's script, parked by the guard: an HTML script with its attributes takes its place.
        Some(html_copy(old)?)
    };
    activate_copy(old, fresh.as_ref(), MARK, own_nonce, loaded_listener().as_ref()).ok()
}

/// An HTML `<script>` with `old`'s attributes and children (moved, not copied through the wasm).
fn html_copy(old: &Element) -> Option<HtmlScriptElement> {
    let fresh = page::document()?.create_element("script").ok()?;
    for name in old.get_attribute_names() {
        let name = name.as_string().unwrap_or_default();
        fresh.set_attribute(&name, &old.get_attribute(&name).unwrap_or_default()).ok()?;
    }
    while let Some(child) = old.first_child() {
        fresh.append_child(&child).ok()?;
    }
    Some(fresh.unchecked_into())
}
