//! `config_tree`: the checks of `biscotte::fuzz_checks::config_tree`.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| biscotte::fuzz_checks::config_tree(data));
