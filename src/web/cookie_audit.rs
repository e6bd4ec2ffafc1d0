//! `audit: true`, cookies: after load and after each decision, each cookie on the page that no
//! category or service declares goes to the console with how to declare it (the rule is the
//! core's [`crate::core::cookie_audit`]). `document.cookie` shows this page's cookies only, and
//! names without their domain or path: what it cannot see (`HttpOnly` cookies, other paths) is
//! not audited.

use alloc::rc::Rc;

use crate::core::cookie::names;
use crate::core::cookie_audit::{message, undeclared};
use crate::web::{callback, dom, page, state};

/// Audits now if the page has loaded, else once it has (trackers set their cookies while it loads).
pub fn after_load() {
    let Some(doc) = page::document() else { return };
    if doc.ready_state() == "complete" {
        report();
        return;
    }
    let Some(window) = page::window() else { return };
    let options = web_sys::AddEventListenerOptions::new();
    options.set_once(true);
    let _ = dom::listen(&window, "load", &callback::handler(|_| report()), &options);
}

fn report() {
    let Some(config) = state::read(|s| s.session.as_ref().map(|session| Rc::clone(&session.config))).flatten() else { return };
    let jar = page::cookies();
    for name in undeclared(&config, &names(&jar)) {
        page::warn(&message(name));
    }
}
