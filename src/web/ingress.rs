//! What `start` reads from the page before anything is decided: the configuration (a JSON
//! text, or an object through `JSON.stringify`, read by the browser's `JSON.parse` and validated
//! by the core) and the banner's language (the core chooses from what the page says).

use crate::prelude::*;

use wasm_bindgen::JsValue;

use crate::core::config::Config;
use crate::core::config_parse::{is_usable, Severity};
use crate::core::cookie::values;
use crate::core::lang::{choose, page_language_without_texts, LangInputs};
use crate::core::texts::add_texts;
use crate::strings::concat::concat;
use crate::web::{dom, json, page};

/// The configuration as JSON text: a string as it is, anything else through `JSON.stringify`;
/// `Ok(None)` for no configuration, `Err` with the reason when `JSON.stringify` throws (a cycle,
/// a BigInt) or gives nothing (a function, a symbol).
fn config_text(config: &JsValue) -> Result<Option<String>, String> {
    if config.is_undefined() || config.is_null() {
        return Ok(None);
    }
    if let Some(text) = config.as_string() {
        return Ok(Some(text));
    }
    match js_sys::JSON::stringify(config) {
        Ok(text) => text.as_string().map(Some).ok_or_else(|| "JSON.stringify gave nothing".into()),
        Err(e) => Err(dom::js_string(&e).unwrap_or_default()),
    }
}

/// The validated configuration; every issue goes to the console, and a faulty part keeps its
/// safe default.
pub fn config(config: &JsValue) -> Config {
    let Some(text) = config_text(config).transpose() else { return Config::default() };
    let (config, issues) = match text.and_then(|text| json::parse(&text)) {
        Ok(value) => Config::from_value(&value),
        Err(reason) => Config::invalid_json(&reason),
    };
    for issue in &issues {
        let message = issue.describe();
        match issue.severity {
            Severity::Error => page::error(&message),
            Severity::Warning => page::warn(&message),
        }
    }
    if !is_usable(&issues) {
        page::error("the configuration has errors; the faulty parts use safe defaults and nothing optional runs without consent");
    }
    config
}

/// The banner's language, with a console note when the page's own language has no texts.
pub fn language(config: &Config, cookies: &str) -> String {
    let django = values(cookies, "django_language").next();
    let navigator = page::navigator_languages();
    let mut tags = Vec::new();
    for tag in &navigator {
        tags.push(tag.as_str());
    }
    let html_lang = page::html_lang();
    let inputs = LangInputs { explicit: None, django_language: django, html_lang: html_lang.as_deref(), navigator: &tags };
    let chosen = choose(config, &inputs);
    if let Some(page_lang) = page_language_without_texts(config, &inputs) {
        page::warn(&concat(&[
            "the page is in \"", &page_lang, "\", which has no texts, so the banner speaks \"", &chosen, "\"",
            &add_texts(&page_lang),
        ]));
    }
    chosen
}
