//! Owned copies of built-in string tables (presets, Consent Mode's default, texts).
//!
//! One plain loop shared by every table: a `collect` per table would be its own
//! copy of `Vec`'s iterator code in the wasm.

use crate::prelude::*;

/// Owned copies of built-in strings.
pub fn owned(items: &[&str]) -> Vec<String> {
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        out.push(String::from(*item));
    }
    out
}

/// Owned copies of built-in pairs, as [`owned`].
pub fn owned_pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut out = Vec::with_capacity(pairs.len());
    for (a, b) in pairs {
        out.push((String::from(*a), String::from(*b)));
    }
    out
}
