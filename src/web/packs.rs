//! Loads the banner's language pack when its language is neither built in nor given in the
//! configuration, and holds back what would show text until the pack is there, has failed, or
//! [`WAIT_MS`] have passed (docs/adr/013-packs-at-run-time.md).
//!
//! Which language needs a pack, where it is, whether it is one and what shows instead are the
//! core's (`core::packs`); here is only the request. Nothing here touches blocking: `start` has
//! put the guard and the early effects in place before [`load`] runs, and while the banner waits
//! nothing optional runs (no decision exists yet).

use crate::prelude::*;

use alloc::rc::Rc;
use core::cell::{Cell, RefCell};

use js_sys::Function;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

use crate::core::config::Config;
use crate::core::packs::{beside, failed, fallback, needed, read, url, WAIT_MS};
use crate::strings::num::push_u64;
use crate::web::local::locals;
use crate::web::{callback, dom, json, page, state};

#[wasm_bindgen]
extern "C" {
    /// What `fetch`, a loader or `response.text()` return: something with `then`.
    type Thenable;
    #[wasm_bindgen(method)]
    fn then(this: &Thenable, ok: &Function, err: &Function) -> Thenable;
    /// The global `fetch`.
    #[wasm_bindgen(catch, js_name = fetch)]
    fn fetch(url: &str) -> Result<Thenable, JsValue>;
    /// `Promise.resolve`, for a loader that returns the pack itself.
    #[wasm_bindgen(js_namespace = Promise, js_name = resolve)]
    fn resolve(value: &JsValue) -> Thenable;
    type Response;
    #[wasm_bindgen(method, getter)]
    fn ok(this: &Response) -> bool;
    #[wasm_bindgen(method, getter)]
    fn status(this: &Response) -> u16;
    #[wasm_bindgen(method)]
    fn text(this: &Response) -> Thenable;
}

/// What waits for the pack.
pub enum Slot {
    /// The banner, the dialog or the floating button: the last one asked for.
    Ui,
    /// The embeds' placeholders.
    Placeholders,
}

struct Waiting {
    id: u32,
    ui: Option<fn()>,
    placeholders: Option<fn()>,
}

locals! {
    /// Where packs come from when the configuration has no `textsUrl`: start's second argument.
    static SOURCE: RefCell<Option<JsValue>> = RefCell::new(None);
    static WAITING: RefCell<Option<Waiting>> = RefCell::new(None);
    static NEXT: Cell<u32> = Cell::new(0);
}

/// Start's second argument: the packs' folder URL, or a function `lang => pack` (or a promise
/// of it); `undefined` for the folder beside Biscotte's own `<script>`.
pub fn set_source(source: JsValue) {
    let source = (!source.is_undefined() && !source.is_null()).then_some(source);
    SOURCE.with(|s| *s.borrow_mut() = source);
}

/// Runs `then` later, once the pack has arrived or failed, when one is awaited (`true`); else
/// `false`: go on now. For the UI the last call wins (`None`: a decision closed it).
pub fn later(slot: Slot, then: Option<fn()>) -> bool {
    WAITING.with(|w| {
        let Ok(mut w) = w.try_borrow_mut() else { return false };
        let Some(w) = w.as_mut() else { return false };
        match slot {
            Slot::Ui => w.ui = then,
            Slot::Placeholders => w.placeholders = then,
        }
        true
    })
}

/// Requests the pack of the session's language when it needs one; nothing otherwise. A new
/// start forgets any pack still awaited by the one before.
pub fn load() {
    WAITING.with(|w| *w.borrow_mut() = None);
    let Some((config, pack)) = state::with_session(|s| Some((s.config.clone(), needed(&s.config, &s.lang)?))).flatten() else { return };
    let config = &*config;
    let id = NEXT.with(|n| {
        n.set(n.get().wrapping_add(1));
        n.get()
    });
    WAITING.with(|w| *w.borrow_mut() = Some(Waiting { id, ui: None, placeholders: None }));
    let (from, request) = request(config, pack);
    let Some(request) = request else {
        settle(id, pack, &from, Err("no folder to load it from, or the request threw".into()));
        return;
    };
    match request {
        Request::Loader(answer) => answer.then(&step(id, pack, &from, Step::Text), &step(id, pack, &from, Step::Error)),
        Request::Fetch(response) => response.then(&step(id, pack, &from, Step::Response), &step(id, pack, &from, Step::Error)),
    };
    if let Some(window) = page::window() {
        let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(&step(id, pack, &from, Step::Timeout), WAIT_MS);
    }
}

/// What a callback of the request was called for.
#[derive(Clone, Copy)]
enum Step {
    Response,
    Text,
    Error,
    Timeout,
}

/// The request's callbacks, all one closure type (each type costs the wasm and the glue its own
/// wrapper), made in one place.
#[inline(never)]
fn step(id: u32, pack: &'static str, from: &str, step: Step) -> Function {
    let from = String::from(from);
    callback::handler(move |value| on(id, pack, &from, step, value))
}

fn on(id: u32, pack: &'static str, from: &str, what: Step, value: JsValue) {
    match what {
        Step::Response => {
            let response: Response = value.unchecked_into();
            if response.ok() {
                response.text().then(&step(id, pack, from, Step::Text), &step(id, pack, from, Step::Error));
            } else {
                let mut why = String::from("HTTP ");
                push_u64(&mut why, u64::from(response.status()));
                settle(id, pack, from, Err(why));
            }
        }
        Step::Text => settle(id, pack, from, pack_text(&value)),
        Step::Error => settle(id, pack, from, Err(dom::js_string(&value).unwrap_or_default())),
        Step::Timeout => settle(id, pack, from, Err("no answer in time".into())),
    }
}

/// A pack's request: `fetch`'s response, or a loader's answer (the pack, or a promise of it).
enum Request {
    Fetch(Thenable),
    Loader(Thenable),
}

/// Where the pack comes from (a URL, or the loader given to start) and its request; no request
/// when there is no place to load from or the request threw.
fn request(config: &Config, pack: &str) -> (String, Option<Request>) {
    let given = SOURCE.with(|s| s.borrow().clone());
    let folder = config
        .texts_url
        .clone()
        .or_else(|| given.as_ref().and_then(JsValue::as_string))
        .or_else(|| given.is_none().then(own_folder).flatten());
    if let Some(folder) = folder {
        let at = url(&folder, pack);
        let response = fetch(&at).ok().map(Request::Fetch);
        return (at, response);
    }
    match given.filter(JsValue::is_function) {
        Some(loader) => {
            let answer = loader.unchecked_into::<Function>().call1(&JsValue::UNDEFINED, &JsValue::from_str(pack));
            ("the loader given to start".into(), answer.ok().map(|a| Request::Loader(resolve(&a))))
        }
        None => ("beside the script".into(), None),
    }
}

/// The folder beside Biscotte's own `<script src>` (the one-file build marks its tag).
fn own_folder() -> Option<String> {
    let own = dom::query(&page::document()?.into(), "script[data-biscotte-script][src]")?;
    beside(&own.unchecked_into::<web_sys::HtmlScriptElement>().src())
}

/// A pack's JSON text: as it came, or an object written out by `JSON.stringify`.
fn pack_text(value: &JsValue) -> Result<String, String> {
    if let Some(text) = value.as_string() {
        return Ok(text);
    }
    js_sys::JSON::stringify(value).ok().and_then(|t| t.as_string()).ok_or_else(|| "not a pack".into())
}

/// The pack's answer, once: its texts join the configuration's (which come first), or the
/// banner speaks the fallback language and the console says why; then what waited shows.
fn settle(id: u32, pack: &str, from: &str, text: Result<String, String>) {
    let waited = WAITING.with(|w| {
        let mut w = w.try_borrow_mut().ok()?;
        (w.as_ref()?.id == id).then(|| w.take()).flatten()
    });
    let Some(waited) = waited else { return };
    let texts = text.and_then(|t| json::parse(&t)).and_then(|tree| read(pack, tree));
    // The session holds the only handle on its configuration between flows (each flow's copy is
    // dropped before it returns), so the texts are added in place.
    let added = texts.and_then(|texts| {
        let added = state::with_session(|s| Rc::get_mut(&mut s.config).map(|c| c.texts.extend(texts)));
        added.flatten().ok_or_else(|| String::from("the configuration was in use"))
    });
    if let Err(why) = added {
        let instead = state::with_session(|s| {
            s.lang = fallback(&s.config);
            s.lang.clone()
        });
        page::error(&failed(pack, from, &why, &instead.unwrap_or_default()));
    }
    if let Some(f) = waited.placeholders {
        f();
    }
    if let Some(f) = waited.ui {
        f();
    }
}
