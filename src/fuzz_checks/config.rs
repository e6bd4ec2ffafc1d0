//! The configuration reader and validator, from JSON text (native) and from the tree the
//! browser's `JSON.parse` gives (`web::json` builds it; here the fuzzer builds it directly).

use crate::prelude::*;

use crate::core::codec::{decode, encode, is_id, MAX_LEN};
use crate::core::config::{Config, MAX_LIFETIME_DAYS};
use crate::core::consent::{decide, status, Decision, Status};
use crate::core::exempt::{self, Mode};
use crate::core::gcm;
use crate::core::json::{Json, Number};
use crate::core::reader::read;
use crate::fuzz_checks::Input;

/// Any bytes as configuration text: the checks of [`valid`].
pub fn config_json(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let (config, _) = Config::from_json(&text);
    valid(&config);
}

/// Any bytes as a `Json` tree (config keys and values likely): the checks of [`valid`].
pub fn config_tree(data: &[u8]) {
    let tree = tree(&mut Input::new(data), 0);
    let (config, _) = Config::from_value(&tree);
    valid(&config);
}

/// Whatever was read: ids in the grammar and unique, limits kept, necessary categories present
/// and never the optional defaults, no optional purpose granted without a record or by
/// "reject all" (nor in Consent Mode), and the record "accept all" writes fits one cookie and
/// reads back as the same decision.
fn valid(config: &Config) {
    assert!(config.revision >= 1);
    assert!((1..=MAX_LIFETIME_DAYS).contains(&config.lifetime_days));
    assert!(config.categories.iter().any(|c| c.necessary), "no necessary category");
    let mut ids: Vec<&str> = Vec::new();
    for cat in &config.categories {
        assert!(is_id(&cat.id) && !ids.contains(&cat.id.as_str()), "category id {:?}", cat.id);
        ids.push(&cat.id);
        assert!(!(cat.necessary && (cat.id == "statistical" || cat.id == "third_party")), "{} made necessary", cat.id);
        let mut services: Vec<&str> = Vec::new();
        for svc in &cat.services {
            assert!(is_id(&svc.id) && !services.contains(&svc.id.as_str()), "service id {:?}", svc.id);
            services.push(&svc.id);
            assert!(!(cat.necessary && svc.exempt.is_some()), "{} exempt in a necessary category", svc.id);
        }
    }
    let now = 1_763_900_000;
    let nothing = read(config, "", now);
    let refused = decide(config, &Decision::RejectAll, None, "fuzzfuzz", now);
    let necessary: Vec<&str> = config.categories.iter().filter(|c| c.necessary).map(|c| c.id.as_str()).collect();
    for cat in config.categories.iter().filter(|c| !c.necessary) {
        assert!(!nothing.allows(&cat.id) && !refused.allows(&cat.id), "{} starts granted", cat.id);
        for svc in &cat.services {
            // Only a service validated as exempt runs without consent, in its exempt mode; none is
            // consented to (full mode) before "accept all".
            let consented = |c: Option<&crate::core::consent::Consent>| exempt::mode(config, c, &cat.id, &svc.id) == Mode::Full;
            assert!(!consented(nothing.status.consent()) && !consented(Some(&refused)), "{}/{} starts consented", cat.id, svc.id);
            if svc.exempt.is_none() {
                assert!(!nothing.allows_service(&cat.id, &svc.id) && !refused.allows_service(&cat.id, &svc.id));
            } else if cat.id == "third_party" {
                assert!(svc.urls.iter().all(|u| u.starts_with('*') || u.starts_with('/')), "{} exempt on a third-party host", svc.id);
            }
        }
    }
    if let Some(mode) = &config.consent_mode {
        for (kind, granted) in gcm::states(mode, None, &necessary) {
            let source = mode.map.iter().find(|(k, _)| k == kind).map(|(_, v)| v.as_str());
            assert!(!granted || source.is_some_and(|s| necessary.contains(&s)), "{kind} starts granted");
        }
    }
    let accepted = decide(config, &Decision::AcceptAll, None, "fuzzfuzz", now);
    let value = encode(&accepted);
    assert!(value.len() < MAX_LEN, "the cookie takes {} bytes", value.len());
    assert_eq!(decode(&value), Ok(accepted.clone()));
    assert!(matches!(status(config, Some(accepted), false, now), Status::Decided(_)), "accept all does not hold");
}

/// Keys the configuration reads, so the fuzzer reaches past "unknown key".
const KEYS: &[&str] = &[
    "revision", "lifetimeDays", "refusalDays", "cookie", "categories", "language", "defaultLanguage", "languages", "texts",
    "policyUrl", "layout", "theme", "floatingButton", "consentMode", "globalPrivacyControl", "consentLogUrl",
    "name", "domain", "path", "sameSite", "secure", "id", "necessary", "label", "description", "services",
    "cookies", "urls", "toggle", "exempt", "enabled", "default", "preset", "provider", "purpose", "duration", "fr", "en",
    "de", "bannerTitle", "acceptAll", "save", "analytics_storage", "ad_storage",
];

/// String values with a meaning somewhere in the configuration.
const WORDS: &[&str] = &[
    "necessary", "statistical", "third_party", "matomo", "ga4", "youtube", "_ga_*", "*", "a b", "Lax", "None",
    "box", "dark", "fr", "pt_BR", "en-GB", "https://x.org/p", "javascript:x", "/p", ".data.corsica", "",
    "statistical/matomo", "\u{1F36A}", "notice", "refuse",
];

/// Number texts as `JSON.parse` then `String()` give them, and as written in JSON.
const NUMBERS: &[&str] = &["0", "1", "-1", "2", "395", "396", "4294967296", "1.5", "1e+21", "-0", "Infinity", "5e-324", "99999999999999999999"];

const MAX_TREE_DEPTH: usize = 8;

/// A tree as `JSON.parse` gives it: any shape, each key once per object (the last value kept).
fn tree(input: &mut Input, depth: usize) -> Json {
    let kind = input.byte() % if depth >= MAX_TREE_DEPTH { 4 } else { 8 };
    match kind {
        0 => Json::Null,
        1 => Json::Bool(input.byte() & 1 == 1),
        2 => Json::Num(Number::new(input.word(NUMBERS))),
        3 => Json::Str(input.word(WORDS)),
        4 | 5 => {
            let len = usize::from(input.byte() % 8);
            let mut items = Vec::with_capacity(len);
            for _ in 0..len {
                items.push(tree(input, depth + 1));
            }
            Json::Arr(items)
        }
        _ => {
            let len = usize::from(input.byte() % 8);
            let mut pairs: Vec<(String, Json)> = Vec::with_capacity(len);
            for _ in 0..len {
                let key = input.word(KEYS);
                let value = tree(input, depth + 1);
                match pairs.iter_mut().find(|(k, _)| *k == key) {
                    Some(slot) => slot.1 = value,
                    None => pairs.push((key, value)),
                }
            }
            Json::Obj(pairs)
        }
    }
}
