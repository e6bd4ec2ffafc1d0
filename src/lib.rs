//! Biscotte: a small, strict cookie-consent banner for open-data portals.
//!
//! The crate has two layers:
//! - [`core`]: the consent model, the `cookies_preferences` codec, the
//!   configuration and language choice. Plain Rust, no browser; it is what a
//!   Rust back end links to read a visitor's choice.
//! - `web` (feature `web`, on by default): the thin browser layer compiled to
//!   WebAssembly; it renders the banner, writes the cookie and activates the
//!   gated scripts according to what the core decides.
//!
//! # Features
//! | feature | default | what it adds |
//! |---|---|---|
//! | `web` | yes | `src/web`, `wasm-bindgen`, `web-sys`, `js-sys` |
//!
//! # Reading the choice on a server
//! Depend on `biscotte` with `default-features = false` and call
//! [`core::reader::read`] with the request's `Cookie` header:
//! ```
//! use biscotte::core::{config::Config, reader};
//! let header = "sessionid=abc; cookies_preferences=v1.1.q2Xo3mZb8kT1vLwA.1763895000.1763895000.necessary=1|statistical=1|third_party=0";
//! let verdict = reader::read(&Config::default(), header, 1_763_900_000);
//! assert!(verdict.allows("statistical"));
//! assert!(!verdict.allows("third_party"));
//! ```
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)
)]

pub mod core;

#[cfg(feature = "web")]
pub mod web;
