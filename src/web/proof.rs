//! Sends a decision's proof once to the portal's `consentLogUrl` (`sendBeacon`: never blocks
//! the page, survives navigation) and keeps the latest records in the visitor's own
//! localStorage (which records, the core's `proof::keep_latest` says).

use crate::core::effects::Proof;
use crate::core::proof::keep_latest;
use crate::web::page;

const STORAGE_KEY: &str = "biscotte:proof";

/// Storage or network being unavailable is not an error for the visitor.
pub fn keep(proof: &Proof) {
    let Some(window) = page::window() else { return };
    if let Some(url) = &proof.send_to {
        if !window.navigator().send_beacon_with_opt_str(url, Some(&proof.record)).unwrap_or(false) {
            page::warn("the consent record could not be queued for sending");
        }
    }
    // localStorage may be absent or throw (privacy modes, sandboxed frames): absence is a state.
    let Some(storage) = window.local_storage().ok().flatten() else { return };
    let previous = storage.get_item(STORAGE_KEY).ok().flatten().unwrap_or_default();
    let _ = storage.set_item(STORAGE_KEY, &keep_latest(&previous, &proof.record));
}
