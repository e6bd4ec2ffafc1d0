//! The pure core: everything Biscotte decides, with no browser in sight.
//!
//! Nothing here touches `web-sys`, `JsValue` or globals, so every rule is
//! tested natively in milliseconds and the same code serves Rust back ends
//! (`default-features = false`). The browser layer (`crate::web`) only reads
//! the page into these types and applies what they decide.

pub mod cleanup;
pub mod codec;
pub mod config;
pub mod config_parse;
pub mod consent;
pub mod cookie_rows;
pub mod cookie;
pub mod cookie_audit;
pub mod effects;
pub mod exempt;
pub mod gcm;
pub mod json;
pub mod lang;
pub mod links;
pub mod packs;
pub mod presets;
pub mod proof;
pub mod reader;
pub mod standing;
pub mod texts;
pub mod urls;
pub mod vendors;
pub mod withdrawal;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod npm_types;
