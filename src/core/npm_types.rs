//! The npm package's hand-written types (scripts/dist/npm/biscotte.d.ts) list exactly the text keys,
//! Consent Mode types and presets the core knows. The other direction of the configuration's
//! shape is tested end to end: the typed Vite app (tests/npm/vite) uses every key and must start
//! without a warning (tests/e2e/npm.test.mjs).

use crate::core::{gcm, presets::PRESETS, texts::TextKey};

const TYPES: &str = include_str!("../../scripts/dist/npm/biscotte.d.ts");

/// The string literals of `export type <name> = 'a' | 'b' …;`.
fn union(name: &str) -> Vec<&'static str> {
    let start = TYPES.find(&format!("export type {name} =")).unwrap_or_else(|| panic!("no type {name}"));
    let body = &TYPES[start..];
    let body = &body[..body.find(';').expect("unterminated type")];
    body.split('\'').skip(1).step_by(2).collect()
}

fn sorted<'a>(items: impl IntoIterator<Item = &'a str>) -> Vec<&'a str> {
    let mut v: Vec<&str> = items.into_iter().collect();
    v.sort_unstable();
    v
}

#[test]
fn text_keys_match() {
    assert_eq!(sorted(union("TextKey")), sorted(TextKey::ALL.iter().map(|k| k.as_str())));
}

#[test]
fn consent_mode_types_match() {
    assert_eq!(sorted(union("ConsentType")), sorted(gcm::TYPES));
}

#[test]
fn presets_match() {
    assert_eq!(sorted(union("Preset")), sorted(PRESETS.iter().map(|p| p.id)));
}
