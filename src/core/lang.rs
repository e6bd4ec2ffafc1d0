//! Which language the banner speaks.
//!
//! Why here and not in the browser layer: the order of the signals (integrator,
//! portal cookie, page, browser) is policy, and it must be testable natively.
//! Opendatasoft portals remember the visitor's language in the `django_language`
//! cookie and set `<html lang>`, so the banner follows the portal first and
//! the browser only after; the web layer just collects these inputs.

use crate::prelude::*;

use crate::core::config::Config;
use crate::strings::search;
use crate::core::texts::{coverage, is_complete, primary, BUILTIN_LANGUAGES, PACK_LANGUAGES};

/// Every language signal the page offers, strongest first.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LangInputs<'a> {
    /// A language asked for at run time (e.g. a `data-lang` attribute or an API call).
    pub explicit: Option<&'a str>,
    /// Value of the portal's `django_language` cookie.
    pub django_language: Option<&'a str>,
    /// The page's `<html lang>` attribute.
    pub html_lang: Option<&'a str>,
    /// `navigator.languages`, in the browser's order of preference.
    pub navigator: &'a [&'a str],
}

/// True for a loose BCP 47 tag: `[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8})*`.
pub fn is_tag(tag: &str) -> bool {
    let mut parts = search::split_ascii(tag, b'-');
    let first_ok = parts
        .next()
        .is_some_and(|p| (2..=3).contains(&p.len()) && search::all_bytes(p, |b| b.is_ascii_alphabetic()));
    first_ok && parts.all(|p| (1..=8).contains(&p.len()) && search::all_bytes(p, |b| b.is_ascii_alphanumeric()))
}

/// A page- or browser-given tag in the form Biscotte stores: trimmed, quotes
/// and `_` tolerated (`"pt_BR"` → `pt-br`), lowercased; `None` when it is not a tag.
pub fn normalize(tag: &str) -> Option<String> {
    let tag = search::trim_ascii_byte(search::trim(tag), b'"');
    if tag.len() > 35 {
        return None;
    }
    let tag = search::replace(&tag.to_ascii_lowercase(), "_", "-");
    is_tag(&tag).then_some(tag)
}

/// The offered language matching `candidate`: the same tag, else the
/// candidate's primary subtag (`fr-FR` → `fr`), else an offered tag with the
/// same primary subtag (`pt-PT` → `pt-br` when only that is offered).
fn matching(candidate: &str, available: &[&str]) -> Option<String> {
    let tag = normalize(candidate)?;
    let p = primary(&tag);
    available
        .iter()
        .find(|a| a.eq_ignore_ascii_case(&tag))
        .or_else(|| available.iter().find(|a| a.eq_ignore_ascii_case(p)))
        .or_else(|| available.iter().find(|a| primary(a).eq_ignore_ascii_case(p)))
        .map(|a| a.to_ascii_lowercase())
}

/// The pack Biscotte has for `lang` (matched on its primary subtag: `pt-BR` → `pt`), loaded at
/// run time when the banner speaks it (`core::packs`).
pub fn pack_for(lang: &str) -> Option<&'static str> {
    let p = primary(lang);
    PACK_LANGUAGES.iter().copied().find(|l| l.eq_ignore_ascii_case(p))
}

/// The portal's own language (its `django_language` cookie, else `<html lang>`) when it has no
/// texts at all, nor a pack, and the config neither lists nor forces languages: the banner then
/// speaks English, and the integrator should be told why.
pub fn page_language_without_texts(config: &Config, inputs: &LangInputs) -> Option<String> {
    if !config.languages.is_empty() || config.language.is_some() {
        return None;
    }
    let tag = normalize(inputs.django_language.or(inputs.html_lang)?)?;
    (coverage(config, &tag) == 0 && pack_for(&tag).is_none()).then_some(tag)
}

/// Longest `navigator.languages` list looked at.
const MAX_NAVIGATOR: usize = 16;

/// Picks the banner language.
///
/// Candidates in order: `config.language`, `inputs.explicit`, the
/// `django_language` cookie, `<html lang>`, `navigator.languages`; the first
/// that matches an offered language (`config.languages`, or when that is
/// empty every language Biscotte has: built in, a pack it loads (`core::packs`), or all
/// texts given in the config's `texts`) wins. Then `config.default_language` (as given when it is not in
/// the offered list), then `"en"`.
pub fn choose(config: &Config, inputs: &LangInputs) -> String {
    let mut offered = Vec::new();
    for lang in &config.languages {
        offered.push(lang.as_str());
    }
    if offered.is_empty() {
        offered.extend(BUILTIN_LANGUAGES);
        offered.extend(PACK_LANGUAGES);
        for (lang, _, _) in &config.texts {
            if !offered.contains(&lang.as_str()) && is_complete(config, lang) {
                offered.push(lang);
            }
        }
    }
    let signals = [config.language.as_deref(), inputs.explicit, inputs.django_language, inputs.html_lang];
    // Two loops, not one `chain`: a chained iterator costs the wasm more than the repeated lines.
    for candidate in signals.into_iter().flatten() {
        if let Some(found) = matching(candidate, &offered) {
            return found;
        }
    }
    for candidate in inputs.navigator.iter().take(MAX_NAVIGATOR) {
        if let Some(found) = matching(candidate, &offered) {
            return found;
        }
    }
    matching(&config.default_language, &offered)
        .or_else(|| normalize(&config.default_language))
        .unwrap_or_else(|| "en".into())
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::texts::TextKey;

    fn config(languages: &[&str], default: &str) -> Config {
        Config {
            languages: languages.iter().map(|l| (*l).into()).collect(),
            default_language: default.into(),
            ..Config::default()
        }
    }

    /// A config with every text (as from a language pack) for each of `langs`.
    fn with_texts(langs: &[&str]) -> Config {
        let all = |l: &str| TextKey::ALL.map(|k| (l.into(), k.as_str().into(), "…".into()));
        Config { texts: langs.iter().flat_map(|l| all(l)).collect(), ..Config::default() }
    }

    #[test]
    fn validates_tags_loosely() {
        for ok in ["en", "fr", "pt-br", "zh-Hant-TW", "ast", "de-CH-1901", "es-419"] {
            assert!(is_tag(ok), "{ok}");
        }
        for bad in ["", "e", "engl", "en-", "-en", "en--us", "fr_FR", "en-toolongsub", "e1", "*", "fr ", "日本"] {
            assert!(!is_tag(bad), "{bad}");
        }
        assert_eq!(normalize(" pt_BR "), Some("pt-br".into()));
        assert_eq!(normalize("\"FR\""), Some("fr".into()));
        assert_eq!(normalize("*"), None);
    }

    proptest::proptest! {
        /// `normalize` as first written with std's `str` methods.
        #[test]
        fn normalize_as_with_std(tag in "[ \u{a0}\"_a-zA-Z0-9é-]{0,40}") {
            let trimmed = tag.trim().trim_matches('"');
            let expected = (trimmed.len() <= 35)
                .then(|| trimmed.chars().map(|c| if c == '_' { '-' } else { c.to_ascii_lowercase() }).collect::<String>())
                .filter(|t| is_tag(t));
            proptest::prop_assert_eq!(normalize(&tag), expected);
        }
    }

    #[test]
    fn order_of_the_signals() {
        let c = with_texts(&["de", "es", "it", "nl", "ca"]);
        let all = LangInputs { explicit: Some("de"), django_language: Some("es"), html_lang: Some("it"), navigator: &["nl"] };
        assert_eq!(choose(&Config { language: Some("ca".into()), ..c.clone() }, &all), "ca");
        assert_eq!(choose(&c, &all), "de");
        assert_eq!(choose(&c, &LangInputs { explicit: None, ..all }), "es");
        assert_eq!(choose(&c, &LangInputs { explicit: None, django_language: None, ..all }), "it");
        assert_eq!(choose(&c, &LangInputs { navigator: &["nl"], ..LangInputs::default() }), "nl");
        assert_eq!(choose(&config(&[], "fr"), &LangInputs::default()), "fr");
        assert_eq!(choose(&c, &LangInputs::default()), "en");
        // Every language Biscotte has a pack for is offered (its pack is loaded: core::packs).
        assert_eq!(choose(&Config::default(), &all), "de");
        // Languages Biscotte has no words for are not: built-in French, else English.
        let none = LangInputs { explicit: Some("zh"), django_language: Some("ko"), html_lang: Some("th"), navigator: &["vi"] };
        assert_eq!(choose(&Config::default(), &none), "en");
        assert_eq!(choose(&Config::default(), &LangInputs { navigator: &["vi", "fr"], ..none }), "fr");
        assert_eq!(choose(&Config::default(), &LangInputs { explicit: None, django_language: None, html_lang: Some("fr-FR"), ..all }), "fr");
    }

    #[test]
    fn unavailable_or_invalid_candidates_are_skipped() {
        let c = with_texts(&["pt"]);
        let inputs = LangInputs {
            explicit: Some(""),
            django_language: Some("zh-hans"),
            html_lang: Some("not a tag"),
            navigator: &["*", "ko-KR", "pt-BR", "en"],
        };
        assert_eq!(choose(&c, &inputs), "pt");
        let none = LangInputs { navigator: &["zh", "ko"], ..LangInputs::default() };
        assert_eq!(choose(&c, &none), "en");
    }

    #[test]
    fn matches_exactly_then_by_primary_subtag() {
        let c = config(&["fr", "pt-br", "en"], "en");
        let nav = |n: &'static [&'static str]| LangInputs { navigator: n, ..LangInputs::default() };
        assert_eq!(choose(&c, &nav(&["PT-BR"])), "pt-br");
        assert_eq!(choose(&c, &nav(&["pt-PT"])), "pt-br");
        assert_eq!(choose(&c, &nav(&["fr-CA"])), "fr");
        assert_eq!(choose(&c, &nav(&["de", "es"])), "en");
    }

    #[test]
    fn offered_languages_restrict_the_choice() {
        // A portal in French only: a German browser still gets French.
        let c = config(&["fr"], "fr");
        let inputs = LangInputs { navigator: &["de-DE", "de"], ..LangInputs::default() };
        assert_eq!(choose(&c, &inputs), "fr");
        // A default outside the offered list is used as given (texts fall back to English).
        assert_eq!(choose(&config(&["fr"], "eu"), &inputs), "eu");
        assert_eq!(choose(&config(&["fr"], ""), &inputs), "en");
    }

    #[test]
    fn seed_portals() {
        // data.corsica: French portal, the cookie says fr.
        let corsica = config(&["fr", "en"], "fr");
        let fr = LangInputs { django_language: Some("fr"), html_lang: Some("fr"), navigator: &["en-US"], ..LangInputs::default() };
        assert_eq!(choose(&corsica, &fr), "fr");
        // codeforcary: English page, American browser.
        let cary = config(&["en"], "en");
        let us = LangInputs { html_lang: Some("en-US"), navigator: &["en-US", "en"], ..LangInputs::default() };
        assert_eq!(choose(&cary, &us), "en");
        assert_eq!(choose(&Config::default(), &LangInputs { navigator: &["en-US"], ..LangInputs::default() }), "en");
        // pacificspatial: Japanese portal.
        let pacific = config(&["ja", "en"], "ja");
        let ja = LangInputs { html_lang: Some("ja"), navigator: &["ja-JP", "ja", "en-US"], ..LangInputs::default() };
        assert_eq!(choose(&pacific, &ja), "ja");
        assert_eq!(choose(&pacific, &LangInputs { navigator: &["ko-KR"], ..LangInputs::default() }), "ja");
        // A Catalan portal with the Catalan pack as its only texts.
        let catalan = with_texts(&["ca"]);
        let ca = LangInputs { django_language: Some("ca"), navigator: &["es-ES"], ..LangInputs::default() };
        assert_eq!(choose(&catalan, &ca), "ca");
        assert_eq!(choose(&catalan, &LangInputs { navigator: &["ca-ES"], ..LangInputs::default() }), "ca");
    }

    #[test]
    fn only_complete_texts_offer_a_language() {
        // One Basque text (Biscotte has no Basque pack) is an override, not Basque: the banner
        // stays in a language it can speak whole.
        let mut partial = Config::default();
        partial.texts.push(("eu".into(), "save".into(), "Gorde".into()));
        let eu = LangInputs { html_lang: Some("eu"), navigator: &["eu-ES"], ..LangInputs::default() };
        assert_eq!(choose(&partial, &eu), "en");
        assert_eq!(choose(&with_texts(&["eu"]), &eu), "eu");
    }

    #[test]
    fn names_the_page_language_it_cannot_speak() {
        let page = |html: &'static str| LangInputs { html_lang: Some(html), navigator: &["fr"], ..LangInputs::default() };
        let c = Config::default();
        assert_eq!(page_language_without_texts(&c, &page("zh-TW")), Some("zh-tw".into()));
        assert_eq!(page_language_without_texts(&c, &page("fr-FR")), None, "built in");
        assert_eq!(page_language_without_texts(&c, &page("de")), None, "Biscotte loads its pack");
        assert_eq!(page_language_without_texts(&with_texts(&["eu"]), &page("eu")), None, "the config gives its texts");
        let cookie = LangInputs { django_language: Some("ko"), ..page("en") };
        assert_eq!(page_language_without_texts(&c, &cookie), Some("ko".into()), "the portal cookie first");
        // The integrator chose the languages: the config's own warnings speak.
        assert_eq!(page_language_without_texts(&config(&["en"], "en"), &page("zh")), None);
        assert_eq!(page_language_without_texts(&Config { language: Some("en".into()), ..c.clone() }, &page("zh")), None);
        assert_eq!(page_language_without_texts(&c, &LangInputs::default()), None);
    }
}
