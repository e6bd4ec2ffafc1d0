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
//! | `std` | yes | on wasm32: std, for the wasm-bindgen tests; the release wasm is built without it |
//! | `internals` | no | the fuzzers' checks (`fuzz/`); nothing a back end needs |
//!
//! Without `std`, the wasm32 build of `web` is `#![no_std]` and defines the panic handler, as
//! the shipped builds need; a Rust crate that links Biscotte's web layer into its own wasm keeps
//! `std` on (the default), or its own std would bring a second panic handler.
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
// The release wasm (wasm32, `web` without `std`) has no std: std's panic machinery and the
// `core::fmt` it keeps alive are dead weight there (ADR 008). Everywhere else, std.
#![cfg_attr(all(target_arch = "wasm32", feature = "web", not(feature = "std"), not(test)), no_std)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)
)]

extern crate alloc;

/// What std's prelude gives and `#![no_std]` does not: alloc's strings and vectors.
mod prelude {
    pub use alloc::borrow::ToOwned;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}

pub mod core;

/// The fuzzers' property checks (`fuzz/`), replayed on the kept corpus by `cargo test`.
#[cfg(any(all(test, not(target_arch = "wasm32")), feature = "internals"))]
#[doc(hidden)]
pub mod fuzz_checks;

/// Without std (the release wasm), a panic traps at once, as std's panic handler ends with
/// `panic = "abort"` on this target, minus the message formatting nobody can read there.
#[cfg(all(target_arch = "wasm32", feature = "web", not(feature = "std"), not(test)))]
#[panic_handler]
fn panic(_: &::core::panic::PanicInfo) -> ! {
    ::core::arch::wasm32::unreachable()
}

#[cfg(feature = "web")]
pub mod web;
