//! The session's banner, dialog and floating button: mounted on first use, shown and closed
//! as flows and plans ask. Rendering itself is `crate::web::banner`'s; this file holds the
//! mounted [`Ui`] in the session and wires the flows' handlers to it.

use wasm_bindgen::{JsCast, JsValue};
use web_sys::HtmlElement;

use crate::core::texts::is_rtl;
use crate::web::banner::{self, Ui};
use crate::web::state::{self, Session};
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

/// The page element that has focus now; `None` when it is Biscotte's own host or nothing.
fn focused() -> Option<HtmlElement> {
    let active = page::document()?.active_element()?;
    (active.id() != banner::HOST_ID).then_some(active.dyn_into::<HtmlElement>().ok()?)
}

/// Shows the first layer of the banner, remembering what had focus.
pub fn show_banner() {
    let active = focused();
    state::with_session(|s| {
        let doc = page::document()?;
        let (config, lang) = (s.config.clone(), s.lang.clone());
        ensure(s)?;
        let ui = s.ui.as_mut()?;
        if active.is_some() {
            ui.before = active;
        }
        banner::show_banner(&doc, ui, &config, &lang)
    });
}

/// Opens the preferences dialog, remembering what had focus.
pub fn show_preferences() {
    let active = focused();
    state::with_session(|s| {
        s.opener = active;
        let doc = page::document()?;
        let (config, lang, consent) = (s.config.clone(), s.lang.clone(), s.consent.clone());
        banner::show_preferences(&doc, ensure(s)?, &config, &lang, consent.as_deref())
    });
}

/// A decision stands: the banner and the dialog close, the floating button shows when asked
/// for, and focus goes back to where it was before the dialog took it (the footer link, the
/// floating button), or before the banner did when that opener went with the banner.
pub fn close(floating: bool) {
    let opener = state::with_session(|s| {
        let mut before = None;
        if let Some(ui) = &mut s.ui {
            banner::close(ui);
            before = ui.before.take();
        }
        if floating {
            let (config, lang) = (s.config.clone(), s.lang.clone());
            if let Some(ui) = ensure(s) {
                banner::show_floating(ui, &config, &lang);
            }
        }
        // Never one of ours: `focused` leaves out the host, so the banner's Customise is no opener.
        s.opener.take().or(before)
    });
    if let Some(Some(opener)) = opener {
        let _ = opener.focus();
    }
}

/// Escape or the dialog's ×: the dialog closes, nothing is decided; back to the banner when no choice exists yet,
/// else focus goes back to the opener.
pub fn cancel_dialog() {
    let undecided = state::with_session(|s| {
        // The banner stays under the dialog; closing gives focus back to the opener.
        let banner_shown = s.ui.as_ref().is_some_and(banner::close_dialog);
        (s.consent.is_none() && !banner_shown, s.opener.take())
    });
    if let Some((undecided, opener)) = undecided {
        if undecided {
            show_banner();
        } else if let Some(opener) = opener {
            let _ = opener.focus();
        }
    }
}

/// The dialog's switches as the visitor left them.
pub fn switches() -> Option<alloc::vec::Vec<crate::core::consent::Choice>> {
    state::with_session(|s| s.ui.as_ref().map(banner::read_switches)).flatten()
}
