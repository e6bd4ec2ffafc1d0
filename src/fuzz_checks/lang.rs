//! Language choice, with any configuration languages and page signals.

use crate::prelude::*;

use crate::core::config::Config;
use crate::core::lang::{choose, normalize, LangInputs};
use crate::core::texts::{BUILTIN_LANGUAGES, PACK_LANGUAGES};
use crate::fuzz_checks::Input;

const TAGS: &[&str] = &["en", "fr", "FR", "fr-CA", "pt_BR", "pt-br", "de", "\"es\"", " it ", "zz", "x", "en-", "-en", "e\u{301}n", "", "i-klingon-very-long-tag-here"];

const KEYS: &[&str] = &["bannerTitle", "save", "acceptAll", "rejectAll", "customise"];

/// A configuration and page signals made of tag-like words: no panic; the result is lowercase
/// and is an offered language (built in, with a pack, or given texts), the default language normalised, or `en`; a forced language that
/// is offered as a well-formed tag wins.
pub fn lang(data: &[u8]) {
    let mut input = Input::new(data);
    let mut config = Config::default();
    for _ in 0..input.byte() % 4 {
        config.languages.push(input.word(TAGS));
    }
    if input.byte() & 1 == 1 {
        config.language = Some(input.word(TAGS));
    }
    config.default_language = input.word(TAGS);
    for _ in 0..input.byte() % 8 {
        let lang = input.word(TAGS);
        let key = input.word(KEYS);
        config.texts.push((lang, key, input.text(8)));
    }
    let explicit = (input.byte() & 1 == 1).then(|| input.word(TAGS));
    let django = (input.byte() & 1 == 1).then(|| input.word(TAGS));
    let html = (input.byte() & 1 == 1).then(|| input.word(TAGS));
    let mut navigator = Vec::new();
    for _ in 0..input.byte() % 20 {
        navigator.push(input.word(TAGS));
    }
    let navigator: Vec<&str> = navigator.iter().map(String::as_str).collect();
    let inputs = LangInputs {
        explicit: explicit.as_deref(),
        django_language: django.as_deref(),
        html_lang: html.as_deref(),
        navigator: &navigator,
    };
    let chosen = choose(&config, &inputs);
    assert_eq!(chosen, chosen.to_ascii_lowercase());
    let listed = |tag: &str| config.languages.iter().any(|l| l.eq_ignore_ascii_case(tag));
    let offered = |tag: &str| {
        let packs = config.texts.iter().any(|(l, _, _)| l.eq_ignore_ascii_case(tag));
        if config.languages.is_empty() { BUILTIN_LANGUAGES.contains(&tag) || PACK_LANGUAGES.contains(&tag) || packs } else { listed(tag) }
    };
    let default = normalize(&config.default_language);
    assert!(offered(&chosen) || default.as_deref() == Some(chosen.as_str()) || chosen == "en", "{chosen:?} from {config:?} {inputs:?}");
    let surely_offered = |tag: &str| if config.languages.is_empty() { BUILTIN_LANGUAGES.contains(&tag) } else { listed(tag) };
    if let Some(forced) = config.language.as_deref() {
        if normalize(forced).as_deref() == Some(forced) && surely_offered(forced) {
            assert_eq!(chosen, forced, "{config:?}");
        }
    }
}
