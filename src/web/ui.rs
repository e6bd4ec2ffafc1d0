//! The session's banner, dialog and floating button: mounted on first use, shown and closed
//! as flows and plans ask. Rendering itself is `crate::web::banner`'s; this file holds the
//! mounted [`Ui`] in the session and wires the flows' handlers to it.
//!
//! Rendering runs with no borrow of the state held: opening or closing the dialog and moving
//! focus fire the page's focus listeners at once, and those may call back into Biscotte (or set
//! a `src` the guard checks against the state).

use alloc::rc::Rc;
use alloc::string::String;

use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlElement;

use crate::core::config::Config;
use crate::core::consent::Consent;
use crate::core::standing::shown;
use crate::core::texts::is_rtl;
use crate::web::banner::{self, Ui};
use crate::web::state::{self, Session};
use crate::web::packs::{self, Slot};
use crate::web::{dom, page};

/// The mounted UI, mounting it on first use.
fn ensure(session: &mut Session) -> Option<&Ui> {
    if session.ui.is_none() {
        let doc = page::document()?;
        let mounted = banner::mount(&doc, &session.lang, is_rtl(&session.lang))?;
        let hooks = session.hooks;
        let _ = dom::listen(&mounted.root, "click", &crate::web::callback::handler(hooks.click), &JsValue::UNDEFINED);
        let _ = dom::listen(&mounted.root, "cancel", &crate::web::callback::handler(hooks.cancel), &JsValue::TRUE);
        session.ui = Some(mounted);
    }
    session.ui.as_ref()
}

/// What rendering needs, taken out of the session.
struct Mounted {
    ui: Ui,
    config: Rc<Config>,
    lang: String,
    consent: Option<Rc<Consent>>,
}

/// Mounts the UI if needed, lets `remember` note what it must in the session, and takes out
/// what rendering needs, releasing the borrow.
fn mounted(remember: impl FnOnce(&mut Session)) -> Option<Mounted> {
    state::with_session(|s| {
        ensure(s)?;
        remember(s);
        // Undecided, the choices that still stand while the banner asks about the others.
        let consent = s.consent.clone().or_else(|| shown(&s.config, &s.standing).map(Rc::new));
        Some(Mounted { ui: s.ui.clone()?, config: s.config.clone(), lang: s.lang.clone(), consent })
    })
    .flatten()
}

/// The page element that has focus now; `None` when it is Biscotte's own host or nothing.
fn focused() -> Option<HtmlElement> {
    let active = page::document()?.active_element()?;
    (active.id() != banner::HOST_ID).then_some(active.dyn_into::<HtmlElement>().ok()?)
}

/// Shows the first layer of the banner, remembering what had focus.
pub fn show_banner() {
    if packs::later(Slot::Ui, Some(show_banner)) {
        return;
    }
    let active = focused();
    let Some(m) = mounted(|s| {
        if let (Some(ui), Some(active)) = (&mut s.ui, &active) {
            ui.before = Some(active.clone());
        }
    }) else {
        return;
    };
    if let Some(doc) = page::document() {
        banner::show_banner(&doc, &m.ui, &m.config, &m.lang);
    }
}

/// Opens the preferences dialog, remembering what had focus.
pub fn show_preferences() {
    if packs::later(Slot::Ui, Some(show_preferences)) {
        return;
    }
    let active = focused();
    let Some(m) = mounted(|s| s.opener = active) else { return };
    if let Some(doc) = page::document() {
        banner::show_preferences(&doc, &m.ui, &m.config, &m.lang, m.consent.as_deref());
    }
}

/// A decision stands: the banner and the dialog close, the floating button shows when asked
/// for, and focus goes back to where it was before the dialog took it (the footer link, the
/// floating button), or before the banner did when that opener went with the banner.
pub fn close(floating: bool) {
    // Nothing is shown while the language pack is awaited: only the floating button may wait.
    if packs::later(Slot::Ui, floating.then_some(show_floating as fn())) {
        return;
    }
    // Never one of ours: `focused` leaves out the host, so the banner's Customise is no opener.
    let mut opener = None;
    let take_opener = |s: &mut Session| {
        let before = s.ui.as_mut().and_then(|ui| ui.before.take());
        s.opener.take().or(before)
    };
    let ui = if floating {
        mounted(|s| opener = take_opener(s))
    } else {
        state::with_session(|s| {
            opener = take_opener(s);
            Some(Mounted { ui: s.ui.clone()?, config: s.config.clone(), lang: s.lang.clone(), consent: None })
        })
        .flatten()
    };
    if let Some(m) = ui {
        banner::close(&m.ui);
        if floating {
            banner::show_floating(&m.ui, &m.config, &m.lang);
        }
    }
    if let Some(opener) = opener {
        let _ = opener.focus();
    }
}

fn show_floating() {
    close(true);
}

/// A decision stood before this page: the floating button when `floating`; nothing is closed (a
/// dialog the visitor opened since start stays).
pub fn settled(floating: bool) {
    if !floating || packs::later(Slot::Ui, Some(floating_only as fn())) {
        return;
    }
    floating_only();
}

fn floating_only() {
    if let Some(m) = mounted(|_| {}) {
        banner::show_floating(&m.ui, &m.config, &m.lang);
    }
}

/// Escape or the dialog's ×: the dialog closes, nothing is decided; back to the banner when no
/// choice exists yet, else focus goes back to the opener.
pub fn cancel_dialog() {
    let Some((ui, decided, opener)) = state::with_session(|s| (s.ui.clone(), s.consent.is_some(), s.opener.take())) else {
        return;
    };
    // The banner stays under the dialog; closing gives focus back to the opener.
    let banner_shown = ui.as_ref().is_some_and(banner::close_dialog);
    if !decided && !banner_shown {
        show_banner();
    } else if let Some(opener) = opener {
        let _ = opener.focus();
    }
}

/// The dialog's switches as the visitor left them.
pub fn switches() -> Option<alloc::vec::Vec<crate::core::consent::Choice>> {
    state::with_session(|s| s.ui.as_ref().map(banner::read_switches)).flatten()
}
