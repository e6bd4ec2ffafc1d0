//! Language packs loaded at run time: which language needs one, where it is, whether what came
//! back is one, and what the banner speaks when it is not.
//!
//! Why: English and French are built into the wasm; every other language Biscotte has is a pack
//! (`src/core/texts/<lang>.json`, served beside the script as `texts/<lang>.json`). A visitor
//! whose language is not built in gets its pack, and only that one; nobody else pays for it
//! (docs/adr/013-packs-at-run-time.md). The browser layer only fetches (`crate::web::packs`);
//! these rules are tested natively.

use crate::prelude::*;

use crate::core::config::Config;
use crate::core::config_parse::Severity;
use crate::core::json::Json;
use crate::core::lang::pack_for;
use crate::core::texts::{builtin, is_complete, TextKey};
use crate::strings::concat::concat;
use crate::strings::search;

/// How long the banner waits for its pack before it shows in the fallback language.
pub const WAIT_MS: i32 = 3000;

/// The pack to load for the banner's language: one Biscotte has, for a language that is not
/// built in and whose texts the configuration does not give in full. A configuration giving a
/// few texts only (overrides) still gets the pack: its texts come first.
pub fn needed(config: &Config, lang: &str) -> Option<&'static str> {
    pack_for(lang).filter(|_| builtin(lang, TextKey::Save).is_none() && !is_complete(config, lang))
}

/// The folder of packs beside a script: `https://cdn.example/b/biscotte.js?v=2` →
/// `https://cdn.example/b/texts/`; `None` for no URL (an inline script).
pub fn beside(script_url: &str) -> Option<String> {
    let (folder, _) = search::rsplit_once_ascii(search::before_any_ascii(script_url, b"?#"), b'/')?;
    Some(concat(&[folder, "/texts/"]))
}

/// The URL of `lang`'s pack in `folder` (with or without its final `/`).
pub fn url(folder: &str, lang: &str) -> String {
    let slash = if folder.as_bytes().last() == Some(&b'/') { "" } else { "/" };
    concat(&[folder, slash, lang, ".json"])
}

/// A fetched pack read as the configuration's `texts.<lang>`, by the configuration's own reader:
/// its texts, or why it cannot be used (not an object, a text that is not a string or is empty,
/// a text missing: a banner half in English would say the wrong language). A key this build
/// does not know is skipped: a pack newer than the script still serves it.
pub fn read(lang: &str, pack: Json) -> Result<Vec<(String, String, String)>, String> {
    let config = Json::Obj(vec![("texts".into(), Json::Obj(vec![(lang.into(), pack)]))]);
    let (read, issues) = Config::from_value(&config);
    if let Some(issue) = issues.iter().find(|i| i.severity == Severity::Error) {
        return Err(issue.describe());
    }
    if !is_complete(&read, lang) {
        return Err("some texts are missing".into());
    }
    Ok(read.texts)
}

/// The language the banner speaks when its pack cannot be had: the configuration's default
/// language when it has every text (built in, or given in full), else English.
pub fn fallback(config: &Config) -> String {
    let default = &config.default_language;
    if builtin(default, TextKey::Save).is_some() || is_complete(config, default) {
        default.clone()
    } else {
        "en".into()
    }
}

/// The console's message when a pack could not be had: what, where, why, and what shows instead.
pub fn failed(lang: &str, url: &str, why: &str, instead: &str) -> String {
    concat(&[
        "the \"", lang, "\" language pack could not be loaded from ", url, " (", why, "), so the banner speaks \"", instead,
        "\": serve Biscotte's texts/ folder beside the script, set textsUrl to where it is, or give texts.", lang,
        " in the configuration",
    ])
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::json;
    use crate::core::texts::PACK_LANGUAGES;

    fn pack(lang: &str) -> Json {
        json::parse(&std::fs::read_to_string(format!("src/core/texts/{lang}.json")).unwrap()).unwrap()
    }

    fn config(text: &str) -> Config {
        Config::from_json(text).0
    }

    #[test]
    fn only_languages_without_texts_need_their_pack() {
        let none = Config::default();
        assert_eq!(needed(&none, "ja"), Some("ja"));
        assert_eq!(needed(&none, "pt-BR"), Some("pt"), "the pt pack serves pt-br");
        assert_eq!(needed(&none, "DE"), Some("de"));
        assert_eq!(needed(&none, "en"), None, "built in");
        assert_eq!(needed(&none, "fr-CA"), None, "built in");
        assert_eq!(needed(&none, "zh"), None, "Biscotte has no pack for it");
        assert_eq!(needed(&none, ""), None);
        let given = config(&format!("{{\"texts\":{{\"ja\":{}}}}}", std::fs::read_to_string("src/core/texts/ja.json").unwrap()));
        assert_eq!(needed(&given, "ja"), None, "the configuration gives every text");
        let partial = config(r#"{"texts":{"ja":{"acceptAll":"同意"}}}"#);
        assert_eq!(needed(&partial, "ja"), Some("ja"), "a few overrides sit on the pack");
    }

    #[test]
    fn urls_beside_the_script_or_in_the_folder_given() {
        assert_eq!(beside("https://cdn.example/b/1.0/biscotte.js").as_deref(), Some("https://cdn.example/b/1.0/texts/"));
        assert_eq!(beside("https://x.test/biscotte.js?v=2#a/b").as_deref(), Some("https://x.test/texts/"));
        assert_eq!(beside("http://127.0.0.1:8080/pkg/biscotte.js").as_deref(), Some("http://127.0.0.1:8080/pkg/texts/"));
        assert_eq!(beside(""), None);
        assert_eq!(beside("biscotte.js"), None);
        assert_eq!(url("https://x.test/texts/", "ja"), "https://x.test/texts/ja.json");
        assert_eq!(url("/static/packs", "de"), "/static/packs/de.json");
    }

    #[test]
    fn texts_url_is_an_http_or_relative_link() {
        for ok in ["https://cdn.example/biscotte/texts/", "/static/texts", "texts/"] {
            let (c, issues) = Config::from_json(&format!("{{\"textsUrl\":\"{ok}\"}}"));
            assert_eq!(issues, [], "{ok}");
            assert_eq!(c.texts_url.as_deref(), Some(ok));
        }
        let (c, issues) = Config::from_json(r#"{"textsUrl":"javascript:alert(1)"}"#);
        assert_eq!(issues[0].describe(), "textsUrl: refused link \"javascript:alert(1)\" (only http(s) and relative links)");
        assert_eq!(c.texts_url, None);
    }

    #[test]
    fn a_pack_is_read_as_texts_of_the_config() {
        for lang in PACK_LANGUAGES {
            let texts = read(lang, pack(lang)).unwrap_or_else(|e| panic!("{lang}: {e}"));
            assert_eq!(texts.len(), TextKey::ALL.len(), "{lang}");
            assert!(texts.iter().all(|(l, _, t)| l == lang && !t.is_empty()));
        }
        assert_eq!(read("ja", Json::Arr(vec![])), Err("texts.ja: expected an object, found array".into()));
        assert_eq!(read("ja", Json::Obj(vec![("acceptAll".into(), Json::Str("同意".into()))])), Err("some texts are missing".into()));
        let Json::Obj(mut pairs) = pack("ja") else { panic!() };
        pairs.push(("aNewerText".into(), Json::Str("新しい".into())));
        assert_eq!(read("ja", Json::Obj(pairs.clone())).map(|t| t.len()), Ok(TextKey::ALL.len()), "a key it does not know is skipped");
        pairs.pop();
        pairs[1].1 = Json::Str(" ".into());
        assert_eq!(read("ja", Json::Obj(pairs.clone())), Err("texts.ja.bannerText: empty text; the built-in one is kept".into()));
        pairs[1].1 = Json::Str("本文".into());
        pairs[0].1 = Json::Num(json::Number::new("1".into()));
        assert_eq!(read("ja", Json::Obj(pairs)), Err("texts.ja.bannerTitle: expected a string, found number".into()));
    }

    #[test]
    fn falls_back_to_a_language_it_can_speak_whole() {
        assert_eq!(fallback(&Config::default()), "en");
        assert_eq!(fallback(&config(r#"{"defaultLanguage":"fr"}"#)), "fr");
        assert_eq!(fallback(&config(r#"{"defaultLanguage":"ja"}"#)), "en", "its pack is what failed");
        let message = failed("ja", "/texts/ja.json", "HTTP 404", "en");
        assert!(message.starts_with("the \"ja\" language pack could not be loaded from /texts/ja.json (HTTP 404), so the banner speaks \"en\""));
    }
}
