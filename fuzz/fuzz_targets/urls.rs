//! `urls`: the checks of `biscotte::fuzz_checks::urls`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| biscotte::fuzz_checks::urls(data));
