//! `config_json`: the checks of `biscotte::fuzz_checks::config_json`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| biscotte::fuzz_checks::config_json(data));
