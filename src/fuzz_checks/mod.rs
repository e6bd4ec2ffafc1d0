//! The properties the fuzzers check, in one place: the cargo-fuzz targets in `fuzz/` call these
//! functions, and `cargo test` on stable replays the kept corpus (`fuzz/corpus/<target>/*`)
//! through the same functions, so CI covers what the fuzzers found without nightly.
//!
//! Compiled for the crate's native tests and under the `internals` feature (the fuzz crate's),
//! never in the shipped wasm. Each check panics when a property fails: that is what a fuzzer
//! reports, and what fails a test.

use crate::prelude::*;

mod config;
mod decoder;
mod header;
mod lang;
mod urls;

#[cfg(all(test, not(target_arch = "wasm32")))]
mod replay;

pub use config::{config_json, config_tree};
pub use decoder::decoder;
pub use header::header;
pub use lang::lang;
pub use urls::urls;

/// A property check: panics when `data` breaks the property.
pub type Check = fn(&[u8]);

/// Every fuzz target: its name (the `fuzz/fuzz_targets/<name>.rs` file and the corpus folder)
/// and its check.
pub const TARGETS: &[(&str, Check)] = &[
    ("decoder", decoder),
    ("header", header),
    ("config_json", config_json),
    ("config_tree", config_tree),
    ("lang", lang),
    ("urls", urls),
];

/// Fuzzer bytes read front to back as small choices; past the end every read gives zeros or
/// nothing, so any input is a complete one.
pub(crate) struct Input<'a> {
    data: &'a [u8],
}

impl<'a> Input<'a> {
    pub(crate) fn new(data: &'a [u8]) -> Self {
        Input { data }
    }

    pub(crate) fn byte(&mut self) -> u8 {
        match self.data.split_first() {
            Some((first, rest)) => {
                self.data = rest;
                *first
            }
            None => 0,
        }
    }

    /// Up to `max` bytes as text (invalid UTF-8 replaced), length from the next byte.
    pub(crate) fn text(&mut self, max: usize) -> String {
        let len = usize::from(self.byte()) % (max + 1);
        let (head, rest) = self.data.split_at(len.min(self.data.len()));
        self.data = rest;
        String::from_utf8_lossy(head).into_owned()
    }

    /// One of `words`, or when the next byte says so, free text.
    pub(crate) fn word(&mut self, words: &[&str]) -> String {
        let pick = usize::from(self.byte());
        match words.get(pick % (words.len() + 1)) {
            Some(word) => String::from(*word),
            None => self.text(24),
        }
    }
}
