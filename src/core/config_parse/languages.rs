//! Which languages the banner speaks and in whose words: `language`,
//! `defaultLanguage`, `languages` and `texts`, then a warning wherever the
//! banner would fall back to English for want of texts.

use crate::prelude::*;

use super::read::{array, field, language, object, string, Ctx, Pairs, Path, ROOT};
use super::Severity;
use crate::core::config::Config;
use crate::core::json::Json;
use crate::core::lang::{is_tag, pack_for};
use crate::core::texts::{add_texts, coverage, primary, TextKey};
use crate::strings::concat::concat;
use crate::strings::num::push_u64;
use crate::strings::search;

fn offered(languages: &[String], tag: &str) -> bool {
    languages.iter().any(|l| l == tag || l == primary(tag))
}

pub(super) fn languages(pairs: &Pairs, c: &mut Config, ctx: &mut Ctx) {
    if let Some(v) = field(pairs, "language") {
        c.language = language(v, &Path::Key(ROOT, "language"), ctx);
    }
    if let Some(v) = field(pairs, "defaultLanguage") {
        if let Some(tag) = language(v, &Path::Key(ROOT, "defaultLanguage"), ctx) {
            c.default_language = tag;
        }
    }
    if let Some(v) = field(pairs, "languages") {
        let all = &Path::Key(ROOT, "languages");
        for (i, item) in array(v, all, ctx).iter().enumerate() {
            let at = all.index(i);
            let Some(tag) = language(item, &at, ctx) else { continue };
            if c.languages.contains(&tag) {
                ctx.quoted(Severity::Warning, &at, "duplicate language ", &tag, "");
            } else {
                c.languages.push(tag);
            }
        }
    }
    if c.languages.is_empty() {
        return;
    }
    if !offered(&c.languages, &c.default_language) {
        ctx.quoted(Severity::Warning, &Path::Key(ROOT, "defaultLanguage"), "", &c.default_language, " is not in languages");
    }
    if let Some(lang) = &c.language {
        if !offered(&c.languages, lang) {
            ctx.quoted(Severity::Warning, &Path::Key(ROOT, "language"), "", lang, " is not in languages");
        }
    }
}

pub(super) fn texts(v: &Json, c: &mut Config, ctx: &mut Ctx) {
    let path = &Path::Key(ROOT, "texts");
    for (lang, table) in object(v, path, None, ctx).unwrap_or(&[]) {
        let lang_path = path.key(lang);
        if !is_tag(lang) {
            ctx.quoted(Severity::Error, &lang_path, "invalid language tag ", lang, "");
            continue;
        }
        let lang = lang.to_ascii_lowercase();
        let Some(entries) = object(table, &lang_path, None, ctx) else { continue };
        for (name, text) in entries {
            let at = lang_path.key(name);
            let Some(text_key) = TextKey::from_name(name) else {
                ctx.warn(&at, "unknown key");
                continue;
            };
            let Some(text) = string(text, &at, ctx) else { continue };
            if search::trim(text).is_empty() {
                ctx.error(&at, "empty text; the built-in one is kept");
            } else if !c.texts.iter().any(|(l, k, _)| *l == lang && k == text_key.as_str()) {
                c.texts.push((lang.clone(), text_key.as_str().into(), text.into()));
            }
        }
    }
}

/// Warns where the banner would speak English for want of texts: a language the config
/// offers (or, without `languages`, forces or defaults to) with no texts at all, built in,
/// under `texts` or as a pack Biscotte loads (`core::packs`), and a language with no pack
/// under `texts` with some of its texts only, the others then shown in English (texts for `pt`
/// serve `pt-br`, as in the lookups).
pub(super) fn untranslated(c: &Config, ctx: &mut Ctx) {
    let all = &Path::Key(ROOT, "languages");
    for (i, tag) in c.languages.iter().enumerate() {
        warn_untranslated(c, &all.index(i), tag, ctx);
    }
    if c.languages.is_empty() {
        if let Some(tag) = &c.language {
            warn_untranslated(c, &Path::Key(ROOT, "language"), tag, ctx);
        }
        warn_untranslated(c, &Path::Key(ROOT, "defaultLanguage"), &c.default_language, ctx);
    }
    let texts = &Path::Key(ROOT, "texts");
    let mut seen: Vec<&str> = Vec::new();
    for (lang, _, _) in &c.texts {
        let have = coverage(c, lang);
        if seen.contains(&lang.as_str()) || have == TextKey::ALL.len() || pack_for(lang).is_some() {
            continue;
        }
        seen.push(lang);
        let (mut count, mut all) = (String::new(), String::new());
        push_u64(&mut count, have as u64);
        push_u64(&mut all, TextKey::ALL.len() as u64);
        let suffix = concat(&[" of ", &all, " texts only; the others show in English"]);
        ctx.issue(Severity::Warning, &texts.key(lang), &count, None, &suffix);
    }
}

fn warn_untranslated(c: &Config, path: &Path, tag: &str, ctx: &mut Ctx) {
    if coverage(c, tag) == 0 && pack_for(tag).is_none() {
        let suffix = concat(&[" has no texts, so the banner shows English", &add_texts(tag)]);
        ctx.quoted(Severity::Warning, path, "", tag, &suffix);
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use crate::core::config_parse::tests::{described, parse};

    #[test]
    fn languages_and_texts() {
        let (c, issues) = parse(
            r#"{"language":"pt-BR","defaultLanguage":"EN","languages":["fr","en","pt-br"],
                "texts":{"fr":{"acceptAll":"J’accepte"},"PT-BR":{"save":"Salvar"}}}"#,
        );
        // Biscotte loads the pt pack for pt-br: the one override sits on it, nothing to say.
        assert!(issues.is_empty(), "{:?}", described(&issues));
        assert_eq!(c.language.as_deref(), Some("pt-br"));
        assert_eq!(c.default_language, "en");
        assert_eq!(c.languages, ["fr", "en", "pt-br"]);
        // A complete language pack under `texts`: nothing to say.
        let (_, issues) = parse(concat!(r#"{"languages":["de"],"defaultLanguage":"de","texts":{"de":"#, include_str!("../texts/de.json"), "}}"));
        assert!(issues.is_empty(), "{:?}", described(&issues));
        assert_eq!(
            c.texts,
            [
                ("fr".into(), "acceptAll".into(), "J’accepte".into()),
                ("pt-br".into(), "save".into(), "Salvar".into())
            ]
        );
        let cases = [
            (r#"{"language":"french"}"#, "language: invalid language tag \"french\" (expected e.g. \"fr\" or \"pt-BR\")"),
            (r#"{"defaultLanguage":"fr_FR"}"#, "defaultLanguage: invalid language tag \"fr_FR\" (expected e.g. \"fr\" or \"pt-BR\")"),
            (r#"{"languages":["en","x"]}"#, "languages[1]: invalid language tag \"x\" (expected e.g. \"fr\" or \"pt-BR\")"),
            (r#"{"languages":["en","EN"]}"#, "languages[1]: duplicate language \"en\""),
            (r#"{"languages":["fr"]}"#, "defaultLanguage: \"en\" is not in languages"),
            (r#"{"languages":["en"],"language":"de"}"#, "language: \"de\" is not in languages"),
            (r#"{"texts":{"fr":{"acceptAl":"x"}}}"#, "texts.fr.acceptAl: unknown key"),
            (r#"{"texts":{"fr":{"acceptAll":" "}}}"#, "texts.fr.acceptAll: empty text; the built-in one is kept"),
            (r#"{"texts":{"fr":{"acceptAll":1}}}"#, "texts.fr.acceptAll: expected a string, found number"),
            (r#"{"texts":{"français":{"acceptAll":"x"}}}"#, "texts.français: invalid language tag \"français\""),
            (r#"{"texts":{"fr":"Tout accepter"}}"#, "texts.fr: expected an object, found string"),
            (r#"{"language":"zh"}"#, "language: \"zh\" has no texts, so the banner shows English: add texts.zh"),
            (r#"{"defaultLanguage":"eu"}"#, "defaultLanguage: \"eu\" has no texts, so the banner shows English: add texts.eu"),
            (r#"{"texts":{"zh":{"save":"a"}}}"#, "texts.zh: 1 of 47 texts only; the others show in English"),
            (
                r#"{"languages":["fr","ko-KR"],"defaultLanguage":"fr"}"#,
                "languages[1]: \"ko-kr\" has no texts, so the banner shows English: add texts.ko",
            ),
        ];
        // Languages Biscotte has a pack for: it loads the pack (core::packs), nothing to say.
        for text in [r#"{"language":"de"}"#, r#"{"texts":{"de":{"save":"a"}}}"#, r#"{"languages":["fr","ja-JP"],"defaultLanguage":"fr"}"#] {
            assert!(parse(text).1.is_empty(), "{text}");
        }
        for (text, want) in cases {
            let (c, issues) = parse(text);
            assert_eq!(described(&issues), [want], "{text}");
            assert!(c.texts.iter().all(|(_, _, t)| t == "a"), "{text}");
        }
    }
}
