//! The browser layer's one owned state.
//!
//! Everything Biscotte holds on a page lives in [`State`], in one cell: the configuration, the
//! language and the consent of the running session, the mounted UI, the activation queue, the
//! page's `onChange` callbacks and the channel to other tabs. The guard on created elements reads
//! the same consent (no copy to keep in sync).
//!
//! Re-entrancy: page code can call back into Biscotte from anything Biscotte triggers (an event
//! listener, `gtag`, a `src` setter the guard wraps). So a borrow never spans page code: a flow
//! borrows to decide and plan, releases, then applies the plan ([`crate::web::apply`]). A borrow
//! that fails (page code running inside one) is treated as "not now", never as a panic.

use crate::prelude::*;

use alloc::rc::Rc;
use core::cell::RefCell;

use js_sys::Function;
use web_sys::{BroadcastChannel, Element, HtmlElement};

use crate::core::config::Config;
use crate::core::consent::{Choice, Consent};
use crate::web::banner::Ui;
use crate::web::local::locals;

/// The flows' handlers, given to the UI and the placeholders when they are made (so neither
/// module reaches back up to the flows).
#[derive(Clone, Copy)]
pub struct Hooks {
    /// Clicks inside the banner, dialog and floating button.
    pub click: fn(wasm_bindgen::JsValue),
    /// The dialog's `cancel` (Escape).
    pub cancel: fn(wasm_bindgen::JsValue),
    /// A visitor's action on an embed's placeholder.
    pub embed: crate::web::placeholders::OnAction,
}

/// What `start` set up; a second `start` replaces it.
pub struct Session {
    /// The flows' handlers.
    pub hooks: Hooks,
    /// The validated configuration, shared with the flows that render from it.
    pub config: Rc<Config>,
    /// The banner's language.
    pub lang: String,
    /// The decision in force, if any; the guard and `accepted()` read it.
    pub consent: Option<Rc<Consent>>,
    /// While the banner asks about some purposes only: the stored choices that still stand,
    /// which its buttons keep (`crate::core::standing::answer`).
    pub standing: Vec<Choice>,
    /// While no decision stands: the visitor's objections to exempt services that still stand
    /// (`crate::core::standing::objections`), which keep those services stopped until an answer.
    pub objections: Option<Rc<Consent>>,
    /// The banner, dialog and floating button, mounted on first use.
    pub ui: Option<Ui>,
    /// Element focused before the banner or dialog took focus, to give it back.
    pub opener: Option<HtmlElement>,
}

impl Session {
    /// What decides what runs now: the decision in force, else the standing objections.
    pub fn in_force(&self) -> Option<Rc<Consent>> {
        self.consent.clone().or_else(|| self.objections.clone())
    }
}

/// Gated elements waiting for activation, in document order.
#[derive(Default)]
pub struct Queue {
    /// A `Vec` (front removal is O(n), n is a page's gated elements): `VecDeque` costs more
    /// wasm than it saves here.
    pub pending: Vec<Queued>,
    /// An external script is loading; the rest waits for it.
    pub busy: bool,
    /// The `load`/`error` listener of every external script activated: one function for all.
    pub loaded: Option<Function>,
    /// The nonce of Biscotte's own script, for activated scripts that have none of their own.
    pub nonce: Option<String>,
    /// The category and service of each script activated on this page: what a withdrawal
    /// cannot unload (`reloadOnWithdrawal`).
    pub ran: Vec<(String, Option<String>)>,
}

/// A gated element in the queue, with its category and service as read when it was queued.
pub struct Queued {
    /// The element.
    pub el: Element,
    /// Its `data-category`.
    pub category: String,
    /// Its `data-service`.
    pub service: Option<String>,
}

/// A request the guard holds until its service is accepted: the original function, its `this`
/// and arguments, and for `fetch` the promise's `resolve`.
pub struct Held {
    /// The refusing category.
    pub category: String,
    /// The refusing service.
    pub service: String,
    /// The page's original `fetch`, `send` or `sendBeacon`.
    pub target: Function,
    /// What it was called on.
    pub this: wasm_bindgen::JsValue,
    /// Its arguments.
    pub args: js_sys::Array,
    /// `fetch`'s promise, resolved with the real response once released.
    pub resolve: Option<Function>,
}

/// Everything, for the page's lifetime.
#[derive(Default)]
pub struct State {
    /// Set by `start`.
    pub session: Option<Session>,
    /// The activation queue (page-lifetime: an element is activated once, whatever restarts).
    pub queue: Queue,
    /// `onChange` callbacks (they may be registered before `start`).
    pub listeners: Vec<Function>,
    /// The channel to the site's other tabs, once opened.
    pub channel: Option<BroadcastChannel>,
    /// Requests the guard holds, in the order they were made.
    pub held: Vec<Held>,
    /// `XMLHttpRequest`s opened on a refused URL, with their refusing category and service,
    /// until `send`.
    pub held_xhr: Vec<(wasm_bindgen::JsValue, String, String)>,
    /// Images and frames parked while in no document (`new Image().src = …`), loaded on consent.
    pub parked_detached: Vec<Element>,
    /// The element a visitor's "Load this content" lets past the guard while it loads.
    pub let_through: Option<Element>,
    /// The guard is installed (once per page).
    pub guarded: bool,
    /// The audit of requests made before consent is installed (once per page).
    pub audited: bool,
    /// The page-wide `[data-biscotte-open]` click listener is installed (once per page).
    pub opening: bool,
}

locals! {
    static STATE: RefCell<Option<State>> = RefCell::new(None);
}

/// Runs `f` with the state borrowed mutably; `None` when it is already borrowed.
pub fn with<R>(f: impl FnOnce(&mut State) -> R) -> Option<R> {
    STATE.with(|cell| {
        let mut slot = cell.try_borrow_mut().ok()?;
        Some(f(slot.get_or_insert_with(State::default)))
    })
}

/// Runs `f` with the running session; `None` before `start` or when the state is borrowed.
pub fn with_session<R>(f: impl FnOnce(&mut Session) -> R) -> Option<R> {
    with(|state| state.session.as_mut().map(f)).flatten()
}

/// Runs `f` with the state borrowed shared (the guard, from inside page code); `None` when it
/// is borrowed mutably.
pub fn read<R>(f: impl FnOnce(&State) -> R) -> Option<R> {
    STATE.with(|cell| cell.try_borrow().ok()?.as_ref().map(f))
}
