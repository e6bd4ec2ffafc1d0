//! Biscotte: a small, strict cookie-consent banner for open-data portals.
//!
//! The crate has two faces:
//! - in the browser (feature `web`, on by default), the banner compiled to WebAssembly: it
//!   renders the banner and dialog, writes the `cookies_preferences` cookie and activates the
//!   gated scripts (module `web` is its JavaScript API);
//! - on a server (`default-features = false`), the same rules read from a request: [`Config`]
//!   parses the portal's JSON configuration, [`Config::read`] turns a request's `Cookie` and
//!   `Sec-GPC` headers into a [`Verdict`] per category and service.
//!
//! # Reading the choice on a server
//! ```toml
//! biscotte = { version = "0.1", default-features = false }              # the API below
//! biscotte = { version = "0.1", default-features = false, features = ["serde", "axum"] }
//! ```
//! Give the back end the same JSON as the page's `#biscotte-config` block (settings given only
//! as `data-*` attributes of the script tag are invisible here, so keep shared ones in the
//! JSON). The revision, the lifetime, completeness (a purpose the record does not decide on asks
//! again) and the refusal of anything not written are the browser's own rules:
//! ```
//! use biscotte::{AskReason, Config};
//!
//! let json = r#"{ "revision": 2, "lifetimeDays": 90, "policyUrl": "/pages/cookies/",
//!   "categories": [{ "id": "statistical", "services": [{ "preset": "matomo" }] }, { "id": "third_party" }] }"#;
//! let config = Config::from_json(json);
//! for issue in config.issues() {
//!     eprintln!("biscotte config: {issue}"); // errors keep their default; the config still runs
//! }
//! assert!(config.is_usable());
//!
//! // The request's headers: `Cookie` (one or several values) and `Sec-GPC`.
//! let cookie = "sessionid=abc; cookies_preferences=v1.2.q2Xo3mZb8kT1vLwA.1763895000.1763895000.\
//!               necessary=1|statistical=1|statistical/matomo=1|third_party=0";
//! let now = 1_763_900_000; // Unix seconds, e.g. from SystemTime::now()
//! let verdict = config.read([cookie], Some("1"), now);
//!
//! assert!(verdict.allows("statistical") && verdict.allows("statistical/matomo"));
//! assert!(!verdict.allows("third_party"));
//! assert!(verdict.gpc()); // reported; with the default `"notice"`, GPC changes no verdict
//! for (purpose, allowed) in verdict.purposes() {
//!     println!("{purpose}: {allowed}"); // necessary, statistical, statistical/matomo, third_party
//! }
//!
//! // Made under revision 1, or older than 90 days: ask again, nothing optional runs.
//! let old = cookie.replace("v1.2.", "v1.1.");
//! assert_eq!(config.read([old.as_str()], None, now).ask_reason(), Some(AskReason::Outdated));
//! let late = config.read([cookie], None, now + 91 * 86_400);
//! assert_eq!(late.ask_reason(), Some(AskReason::Expired));
//! assert!(!late.allows("statistical"));
//! ```
//!
//! # Features
//! | feature | default | what it adds |
//! |---|---|---|
//! | `web` | yes | module `web`, `wasm-bindgen`, `web-sys`, `js-sys` |
//! | `std` | yes | on wasm32: std, for the wasm-bindgen tests; the release wasm is built without it |
//! | `serde` | no | `Deserialize` for [`Config`] (the same validation; errors fail, warnings stay in [`Config::issues`]); `Serialize` for [`Verdict`], [`Consent`], [`ConfigIssue`] |
//! | `axum` | no | [`Verdict`] as an axum extractor (`FromRequestParts`), `Config::read_headers` |
//! | `internals` | no | UNSTABLE, for the fuzz targets (`fuzz/`, their checks in `fuzz_checks`) and tests only: makes the `core` module public; no part of the API |
//!
//! Without `std`, the wasm32 build of `web` is `#![no_std]` and defines the panic handler, as
//! the shipped builds need; a Rust crate that links Biscotte's web layer into its own wasm keeps
//! `std` on (the default), or its own std would bring a second panic handler.
// The release wasm (wasm32, `web` without `std`) has no std: std's panic machinery and the
// `core::fmt` it keeps alive are dead weight there (ADR 008). Everywhere else, std.
#![cfg_attr(all(target_arch = "wasm32", feature = "web", not(feature = "std"), not(test)), no_std)]
#![deny(missing_docs)]
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::panic, clippy::indexing_slicing)
)]

// clippy.toml refuses what pulls heavy code into the wasm; tests may use it.
#![cfg_attr(test, allow(clippy::disallowed_macros, clippy::disallowed_methods, clippy::disallowed_types))]

extern crate alloc;

/// What std's prelude gives and `#![no_std]` does not: alloc's strings and vectors.
mod prelude {
    pub use alloc::borrow::ToOwned;
    pub use alloc::string::{String, ToString};
    pub use alloc::vec;
    pub use alloc::vec::Vec;
}

/// The consent model, cookie codec, configuration and languages: the rules behind [`Config`]
/// and [`Verdict`]. Public only with the unstable `internals` feature (fuzz targets, tests).
#[cfg(feature = "internals")]
pub mod core;
// Without `web`, the parts only the browser layer uses are dead code by design.
#[cfg(not(feature = "internals"))]
#[cfg_attr(not(feature = "web"), allow(dead_code))]
pub(crate) mod core;
// Some helpers serve only the browser layer.
#[cfg_attr(not(feature = "web"), allow(dead_code))]
mod strings;

mod server;
#[cfg(feature = "serde")]
mod serde_support;
#[cfg(feature = "axum")]
mod axum_support;
pub use crate::core::config_parse::{ConfigIssue, Severity};
pub use crate::core::consent::{AskReason, Choice, Consent};
pub use server::{Config, Verdict};

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
