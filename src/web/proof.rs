//! Sends a decision's proof once to the portal's `consentLogUrl` (`sendBeacon`: never blocks
//! the page, survives navigation) and keeps the latest records in the visitor's own
//! localStorage (which records, the core's `proof::keep_latest` says), unless `proofStorage` is
//! false: then what an earlier decision stored there is removed.
//!
//! The beacon leaves in the decision's own task; the storage is written after the next frame,
//! or when the page is left or hidden first (`pagehide`; `visibilitychange`, as a phone may
//! discard a hidden tab without `pagehide`), whichever comes first: a page's first touch of
//! localStorage loads its whole area, and in the click's task that delayed the banner's closing
//! (docs/adr/018-start-up-and-interaction.md).

use crate::prelude::*;

use core::cell::RefCell;

use js_sys::Function;
use wasm_bindgen::JsValue;

use crate::core::effects::Proof;
use crate::core::proof::{keep_latest, STORAGE_KEY};
use crate::web::local::locals;
use crate::web::{callback, dom, page};

locals! {
    /// Records waiting to be stored, in order (`None`: remove what is stored), and the flush as a
    /// JS function once made (its `pagehide` listener is added then).
    static PENDING: RefCell<(Vec<Option<String>>, Option<Function>)> = RefCell::new((Vec::new(), None));
}

/// Storage or network being unavailable is not an error for the visitor.
pub fn keep(proof: &Proof) {
    let Some(window) = page::window() else { return };
    if let Some(url) = &proof.send_to {
        if !window.navigator().send_beacon_with_opt_str(url, Some(&proof.record)).unwrap_or(false) {
            page::warn("the consent record could not be queued for sending");
        }
    }
    let flush = PENDING.with(|p| {
        let mut p = p.try_borrow_mut().ok()?;
        p.0.push(proof.store.then(|| proof.record.clone()));
        if p.1.is_none() {
            let flush = callback::handler(|_| flush());
            let _ = dom::listen(&window, "pagehide", &flush, &JsValue::UNDEFINED);
            if let Some(doc) = page::document() {
                // Hidden or shown again: writing then costs the visitor nothing.
                let _ = dom::listen(&doc, "visibilitychange", &flush, &JsValue::UNDEFINED);
            }
            p.1 = Some(flush);
        }
        p.1.clone()
    });
    if let Some(flush) = flush {
        page::after_paint(&flush);
    }
}

/// Writes what waits, once.
fn flush() {
    let pending = PENDING.with(|p| p.try_borrow_mut().map(|mut p| core::mem::take(&mut p.0)).unwrap_or_default());
    if pending.is_empty() {
        return;
    }
    // localStorage may be absent or throw (privacy modes, sandboxed frames): absence is a state.
    let Some(storage) = page::window().and_then(|w| w.local_storage().ok().flatten()) else { return };
    for record in pending {
        match record {
            Some(record) => {
                let previous = storage.get_item(STORAGE_KEY).ok().flatten().unwrap_or_default();
                let _ = storage.set_item(STORAGE_KEY, &keep_latest(&previous, &record));
            }
            None => drop(storage.remove_item(STORAGE_KEY)),
        }
    }
}
