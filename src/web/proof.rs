//! Sends a decision's proof once to the portal's `consentLogUrl` (`sendBeacon`: never blocks
//! the page, survives navigation) and keeps the latest records in the visitor's own
//! localStorage (which records, the core's `proof::keep_latest` says), unless `proofStorage` is
//! false: then what an earlier decision stored there is removed.

use crate::core::effects::Proof;
use crate::core::proof::{keep_latest, STORAGE_KEY};
use crate::web::page;

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
    if !proof.store {
        let _ = storage.remove_item(STORAGE_KEY);
        return;
    }
    let previous = storage.get_item(STORAGE_KEY).ok().flatten().unwrap_or_default();
    let _ = storage.set_item(STORAGE_KEY, &keep_latest(&previous, &proof.record));
}
