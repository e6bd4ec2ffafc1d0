//! The purposes: categories, their services and cookie rows. Consent is
//! guarded here: nothing in a config can switch a purpose on before the
//! visitor decides, the default optional categories cannot be declared
//! necessary, an item with a missing or invalid id is dropped (so never
//! granted), a necessary category is always there, and the decisions fit in
//! one consent cookie.

use crate::prelude::*;

use super::exempt::{self, Parent};
use super::formats::is_cookie_pattern;
use super::read::{array, boolean, field, integer, localized, object, string, Ctx, Pairs, Path, ROOT};
use super::{Severity, MAX_DECISIONS};
use crate::core::codec::is_id;
use crate::core::config::{Category, Config, CookieInfo, Service};
use crate::core::json::Json;
use crate::core::links::is_url_pattern;
use crate::core::presets;
use crate::strings::search;

/// Keys that would switch a purpose on before the visitor decides.
const PRE_GRANT_KEYS: &[&str] = &["enabled", "default", "defaultEnabled", "checked"];
/// Default categories that always need consent.
pub(super) const OPTIONAL_IDS: &[&str] = &["statistical", "third_party"];

pub(super) fn categories(v: &Json, revision: u32, ctx: &mut Ctx) -> Vec<Category> {
    let mut out: Vec<Category> = Vec::new();
    let all = &Path::Key(ROOT, "categories");
    for (i, item) in array(v, all, ctx).iter().enumerate() {
        let path = all.index(i);
        let Some(cat) = category(item, &path, revision, ctx) else { continue };
        if out.iter().any(|c| c.id == cat.id) {
            ctx.quoted(Severity::Error, &path.key("id"), "duplicate id ", &cat.id, "; the first one is kept");
        } else {
            out.push(cat);
        }
    }
    if !out.iter().any(|c| c.necessary) {
        out.insert(0, Category::default_necessary());
        ctx.warn(&Path::Key(ROOT, "categories"), "no necessary category; the default one was added first");
    }
    out
}

/// Reports `enabled`/`default`… on a category or service: `true` on something
/// that needs consent is an error; anything else is ignored with a warning.
fn refuse_pre_grant(pairs: &Pairs, path: &Path, necessary: bool, ctx: &mut Ctx) {
    for k in PRE_GRANT_KEYS {
        let Some(v) = field(pairs, k) else { continue };
        let at = path.key(k);
        if necessary {
            ctx.warn(&at, "ignored: necessary categories are always on");
        } else if matches!(v, Json::Bool(true)) {
            ctx.error(&at, "ignored: consent cannot be pre-granted; non-necessary purposes start refused");
        } else {
            ctx.warn(&at, "ignored: non-necessary purposes always start refused");
        }
    }
}

/// The item's `id`, or `None` (reported, ending with `what`: `category ignored`) when missing or invalid.
fn item_id(pairs: &Pairs, path: &Path, what: &str, ctx: &mut Ctx) -> Option<String> {
    let at = path.key("id");
    let Some(v) = field(pairs, "id") else {
        ctx.issue(Severity::Error, &at, "missing id; ", None, what);
        return None;
    };
    let id = string(v, &at, ctx)?;
    if is_id(id) {
        return Some(id.into());
    }
    let mut suffix = String::from(" (1 to 32 of a-z 0-9 _ -); ");
    suffix.push_str(what);
    ctx.quoted(Severity::Error, &at, "invalid id ", id, &suffix);
    None
}

fn category(v: &Json, path: &Path, revision: u32, ctx: &mut Ctx) -> Option<Category> {
    const KEYS: &[&str] = &[
        "id", "necessary", "label", "description", "services", "cookies", "exempt", "revision", "enabled", "default", "defaultEnabled",
        "checked",
    ];
    let pairs = object(v, path, Some(KEYS), ctx)?;
    let id = item_id(pairs, path, "category ignored", ctx)?;
    let flag = field(pairs, "necessary").and_then(|v| boolean(v, &path.key("necessary"), ctx));
    let necessary = match (id.as_str(), flag) {
        ("necessary", Some(false)) => {
            ctx.error(&path.key("id"), "\"necessary\" is reserved for the necessary category; category ignored");
            return None;
        }
        ("necessary", None) => true,
        (id, Some(true)) if OPTIONAL_IDS.contains(&id) => {
            ctx.quoted(Severity::Error, &path.key("necessary"), "ignored: ", id, " always needs consent");
            false
        }
        (_, flag) => flag.unwrap_or(false),
    };
    refuse_pre_grant(pairs, path, necessary, ctx);
    let exempt = exempt::category_flag(pairs, path, necessary, ctx);
    let mut cat = Category { id, necessary, ..Category::default() };
    if let Some(v) = field(pairs, "label") {
        cat.label = localized(v, &path.key("label"), ctx);
    }
    if let Some(v) = field(pairs, "description") {
        cat.description = localized(v, &path.key("description"), ctx);
    }
    if let Some(v) = field(pairs, "revision") {
        let at = path.key("revision");
        match integer(v, &at, ctx) {
            Some(n) if n >= 1 && n <= i64::from(revision) => cat.revision = u32::try_from(n).ok(),
            Some(_) => ctx.error(&at, "must be from 1 to the policy's revision; ignored (the purpose changes with every revision)"),
            None => {}
        }
    }
    if cat.label.is_empty() && !matches!(cat.id.as_str(), "necessary" | "statistical" | "third_party") {
        ctx.warn(&path.key("label"), "missing; the id is shown instead");
    }
    if let Some(v) = field(pairs, "services") {
        let services_path = path.key("services");
        for (i, item) in array(v, &services_path, ctx).iter().enumerate() {
            let at = services_path.index(i);
            let parent = Parent { id: &cat.id, necessary, exempt };
            let Some(svc) = service(item, &at, parent, ctx) else { continue };
            if cat.services.iter().any(|s| s.id == svc.id) {
                ctx.quoted(Severity::Error, &at.key("id"), "duplicate id ", &svc.id, "; the first one is kept");
            } else {
                cat.services.push(svc);
            }
        }
    }
    if let Some(v) = field(pairs, "cookies") {
        let rows_path = path.key("cookies");
        for (i, item) in array(v, &rows_path, ctx).iter().enumerate() {
            if let Some(row) = cookie_row(item, &rows_path.index(i), ctx) {
                cat.cookies.push(row);
            }
        }
    }
    Some(cat)
}

fn service(v: &Json, path: &Path, parent: Parent, ctx: &mut Ctx) -> Option<Service> {
    const KEYS: &[&str] =
        &["id", "preset", "label", "cookies", "urls", "toggle", "exempt", "enabled", "default", "defaultEnabled", "checked"];
    let necessary = parent.necessary;
    let pairs = object(v, path, Some(KEYS), ctx)?;
    let preset = match field(pairs, "preset") {
        Some(v) => {
            let at = path.key("preset");
            let name = string(v, &at, ctx)?;
            let Some(preset) = presets::find(name) else {
                ctx.quoted(Severity::Error, &at, "unknown preset ", name, "; service ignored");
                return None;
            };
            Some(preset)
        }
        None => None,
    };
    // A preset names the service unless an id is given.
    let id = match preset {
        Some(p) if field(pairs, "id").is_none() => p.id.into(),
        _ => item_id(pairs, path, "service ignored", ctx)?,
    };
    refuse_pre_grant(pairs, path, necessary, ctx);
    let mut svc = Service { id, ..preset.map(presets::Preset::service).unwrap_or_default() };
    if let Some(v) = field(pairs, "label") {
        svc.label = localized(v, &path.key("label"), ctx);
    }
    if let Some(v) = field(pairs, "cookies") {
        let cookies = path.key("cookies");
        for (i, item) in array(v, &cookies, ctx).iter().enumerate() {
            let at = cookies.index(i);
            let Some(pattern) = string(item, &at, ctx) else { continue };
            if !is_cookie_pattern(pattern) {
                ctx.quoted(Severity::Error, &at, "invalid pattern ", pattern, "");
            } else if search::all_bytes(pattern, |b| b == b'*') {
                ctx.quoted(Severity::Error, &at, "refused pattern ", pattern, ": it would delete every cookie");
            } else {
                svc.cookies.push(pattern.into());
            }
        }
    }
    if let Some(v) = field(pairs, "urls") {
        let urls = path.key("urls");
        for (i, item) in array(v, &urls, ctx).iter().enumerate() {
            let at = urls.index(i);
            let Some(pattern) = string(item, &at, ctx) else { continue };
            if is_url_pattern(pattern) {
                svc.urls.push(pattern.into());
            } else {
                ctx.quoted(Severity::Error, &at, "invalid URL pattern ", pattern, "");
            }
        }
    }
    if let Some(toggle) = field(pairs, "toggle").and_then(|v| boolean(v, &path.key("toggle"), ctx)) {
        if necessary && toggle {
            ctx.warn(&path.key("toggle"), "ignored: services of a necessary category are always on");
        } else {
            svc.toggle = toggle;
        }
    }
    svc.exempt = exempt::service(pairs, path, &svc, preset, parent, ctx);
    Some(svc)
}

fn cookie_row(v: &Json, path: &Path, ctx: &mut Ctx) -> Option<CookieInfo> {
    const KEYS: &[&str] = &["name", "provider", "purpose", "duration"];
    let pairs = object(v, path, Some(KEYS), ctx)?;
    let at = path.key("name");
    let Some(name) = field(pairs, "name") else {
        ctx.error(&at, "missing name; row ignored");
        return None;
    };
    let name = string(name, &at, ctx)?;
    if !is_cookie_pattern(name) {
        ctx.quoted(Severity::Error, &at, "invalid cookie name ", name, "; row ignored");
        return None;
    }
    let mut row = CookieInfo { name: name.into(), ..CookieInfo::default() };
    if let Some(p) = field(pairs, "provider").and_then(|v| string(v, &path.key("provider"), ctx)) {
        row.provider = p.into();
    }
    if let Some(v) = field(pairs, "purpose") {
        row.purpose = localized(v, &path.key("purpose"), ctx);
    }
    if let Some(v) = field(pairs, "duration") {
        row.duration = localized(v, &path.key("duration"), ctx);
    }
    Some(row)
}

/// Drops the services past [`MAX_DECISIONS`] (refused, never granted) rather than
/// writing a cookie the browser would truncate and the banner would ask again forever.
pub(super) fn cap_decisions(c: &mut Config, ctx: &mut Ctx) {
    let mut count = 0;
    for (i, cat) in c.categories.iter_mut().enumerate() {
        count += 1;
        let mut kept = 0;
        for svc in &cat.services {
            if svc.toggle || svc.exempt.is_some() {
                count += 1;
            }
            if count > MAX_DECISIONS {
                break;
            }
            kept += 1;
        }
        if kept < cat.services.len() {
            let at = Path::Key(ROOT, "categories").index(i);
            ctx.error(&at.key("services"), "too many categories and services for one consent cookie (48 at most); the rest are ignored");
            cat.services.truncate(kept);
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::config::Localized;
    use crate::core::config_parse::is_usable;
    use crate::core::config_parse::tests::{described, errors, parse, warnings};

    /// One-category config around a service body.
    fn with_service(service: &str) -> String {
        let mut s = String::from(r#"{"categories":[{"id":"necessary"},{"id":"statistical","services":["#);
        s.push_str(service);
        s.push_str("]}]}");
        s
    }

    #[test]
    fn categories_replace_the_default_list() {
        let (c, issues) = parse(
            r#"{"categories":[
                {"id":"necessary","necessary":true,"cookies":[{"name":"sessionid","provider":"Opendatasoft","purpose":"Session","duration":{"en":"Session","FR":"Session"}}]},
                {"id":"maps","label":{"en":"Maps","fr":"Cartes"},"description":"Embedded maps",
                 "services":[{"id":"osm","label":"OpenStreetMap","urls":["tile.openstreetmap.org"],"toggle":true}]}
            ]}"#,
        );
        assert!(issues.is_empty(), "{:?}", described(&issues));
        let ids: Vec<&str> = c.categories.iter().map(|c| c.id.as_str()).collect();
        assert_eq!(ids, ["necessary", "maps"]);
        let maps = c.category("maps").unwrap();
        assert!(!maps.necessary);
        assert_eq!(maps.label.get("fr"), "Cartes");
        assert_eq!(maps.description.get("de"), "Embedded maps");
        assert_eq!(maps.services.first().map(|s| (s.id.as_str(), s.toggle)), Some(("osm", true)));
        let row = c.categories.first().and_then(|c| c.cookies.first()).unwrap();
        assert_eq!(row.duration, Localized::of(&[("en", "Session"), ("fr", "Session")]));
    }

    #[test]
    fn a_missing_necessary_category_is_added_first() {
        let (c, issues) = parse(r#"{"categories":[{"id":"statistical"}]}"#);
        assert_eq!(described(&issues), ["categories: no necessary category; the default one was added first"]);
        assert!(is_usable(&issues));
        assert_eq!(c.categories.first(), Config::default().category("necessary"));
        assert_eq!(c.categories.len(), 2);
        let (c, issues) = parse(r#"{"categories":[]}"#);
        assert_eq!(warnings(&issues), ["categories"]);
        assert_eq!(c.categories.len(), 1);
        // An id of "necessary" means the necessary category.
        let (c, issues) = parse(r#"{"categories":[{"id":"necessary"},{"id":"statistical"}]}"#);
        assert!(issues.is_empty());
        assert!(c.categories.first().is_some_and(|c| c.necessary && c.cookies.is_empty()));
    }

    #[test]
    fn category_rules_with_paths() {
        let cases = [
            (r#"[{"id":"necessary"},{"id":"statistical"},{"id":"statistical"}]"#, "categories[2].id: duplicate id \"statistical\"; the first one is kept"),
            (r#"[{"id":"necessary"},{"label":"x"}]"#, "categories[1].id: missing id; category ignored"),
            (r#"[{"id":"necessary"},{"id":"Stats"}]"#, "categories[1].id: invalid id \"Stats\" (1 to 32 of a-z 0-9 _ -); category ignored"),
            (r#"[{"id":"necessary"},{"id":7}]"#, "categories[1].id: expected a string, found number"),
            (r#"[{"id":"necessary"},"statistical"]"#, "categories[1]: expected an object, found string"),
            (r#"[{"id":"necessary"},{"id":"maps"}]"#, "categories[1].label: missing; the id is shown instead"),
            (r#"[{"id":"necessary"},{"id":"statistical","label":{"english":"x"}}]"#, "categories[1].label.english: invalid language tag \"english\""),
            (r#"[{"id":"necessary"},{"id":"statistical","label":{"en":1}}]"#, "categories[1].label.en: expected a string, found number"),
            (r#"[{"id":"necessary"},{"id":"statistical","label":true}]"#, "categories[1].label: expected a string or an object of translations, found boolean"),
            (r#"[{"id":"necessary"},{"id":"statistical","colour":"red"}]"#, "categories[1].colour: unknown key"),
            (r#"[{"id":"necessary"},{"id":"statistical","services":{}}]"#, "categories[1].services: expected an array, found object"),
            (r#"[{"id":"necessary","cookies":[{"provider":"x"}]}]"#, "categories[0].cookies[0].name: missing name; row ignored"),
            (r#"[{"id":"necessary","cookies":[{"name":"a;b"}]}]"#, "categories[0].cookies[0].name: invalid cookie name \"a;b\"; row ignored"),
        ];
        for (cats, want) in cases {
            let text = String::from(r#"{"categories":"#) + cats + "}";
            let (c, issues) = parse(&text);
            assert_eq!(described(&issues), [want], "{cats}");
            assert!(c.categories.first().is_some_and(|c| c.necessary), "{cats}");
        }
    }

    #[test]
    fn nothing_can_pre_grant_consent() {
        let (c, issues) = parse(
            r#"{"categories":[
                {"id":"necessary","enabled":true},
                {"id":"statistical","enabled":true,"default":true,"services":[{"id":"ga","default":true,"checked":false}]},
                {"id":"third_party","necessary":true,"defaultEnabled":false},
                {"id":"ads","label":"Ads","necessary":false,"checked":true}
            ]}"#,
        );
        assert_eq!(
            described(&issues),
            [
                "categories[0].enabled: ignored: necessary categories are always on",
                "categories[1].enabled: ignored: consent cannot be pre-granted; non-necessary purposes start refused",
                "categories[1].default: ignored: consent cannot be pre-granted; non-necessary purposes start refused",
                "categories[1].services[0].default: ignored: consent cannot be pre-granted; non-necessary purposes start refused",
                "categories[1].services[0].checked: ignored: non-necessary purposes always start refused",
                "categories[2].necessary: ignored: \"third_party\" always needs consent",
                "categories[2].defaultEnabled: ignored: non-necessary purposes always start refused",
                "categories[3].checked: ignored: consent cannot be pre-granted; non-necessary purposes start refused",
            ]
        );
        assert!(!is_usable(&issues));
        let necessary: Vec<&str> = c.categories.iter().filter(|c| c.necessary).map(|c| c.id.as_str()).collect();
        assert_eq!(necessary, ["necessary"]);
        assert_eq!(c.categories.len(), 4);
        // "necessary": false on the id "necessary" drops that category rather than guess.
        let (c, issues) = parse(r#"{"categories":[{"id":"necessary","necessary":false,"services":[{"id":"ga"}]},{"id":"statistical"}]}"#);
        assert_eq!(errors(&issues), ["categories[0].id"]);
        assert_eq!(warnings(&issues), ["categories"]);
        assert_eq!(c.categories.first(), Config::default().category("necessary"));
        // Statistical cannot be made necessary.
        let (c, issues) = parse(r#"{"categories":[{"id":"necessary"},{"id":"statistical","necessary":true}]}"#);
        assert_eq!(errors(&issues), ["categories[1].necessary"]);
        assert!(!c.category("statistical").unwrap().necessary);
    }

    #[test]
    fn service_rules_with_paths() {
        let (c, issues) = parse(&with_service(
            r#"{"id":"ga","label":"Google Analytics","cookies":["_ga","_ga_*","_pk_id.*"],"urls":["googletagmanager.com","*.matomo.cloud/*"],"toggle":true}"#,
        ));
        assert!(issues.is_empty(), "{:?}", described(&issues));
        let svc = c.category("statistical").and_then(|c| c.services.first()).unwrap();
        assert_eq!(svc.cookies, ["_ga", "_ga_*", "_pk_id.*"]);
        assert_eq!(svc.urls, ["googletagmanager.com", "*.matomo.cloud/*"]);
        let cases = [
            (r#"{"id":"ga","cookies":["_ga","_gid","a b"]}"#, "categories[1].services[0].cookies[2]: invalid pattern \"a b\""),
            (r#"{"id":"ga","cookies":["*"]}"#, "categories[1].services[0].cookies[0]: refused pattern \"*\": it would delete every cookie"),
            (r#"{"id":"ga","cookies":[""]}"#, "categories[1].services[0].cookies[0]: invalid pattern \"\""),
            (r#"{"id":"ga","cookies":[3]}"#, "categories[1].services[0].cookies[0]: expected a string, found number"),
            (r#"{"id":"ga","cookies":"_ga"}"#, "categories[1].services[0].cookies: expected an array, found string"),
            (r#"{"id":"ga","urls":["google analytics.com"]}"#, "categories[1].services[0].urls[0]: invalid URL pattern \"google analytics.com\""),
            (r#"{"id":"ga","urls":[""]}"#, "categories[1].services[0].urls[0]: invalid URL pattern \"\""),
            (r#"{"id":"ga","toggle":"yes"}"#, "categories[1].services[0].toggle: expected true or false, found string"),
            (r#"{"id":"ga","tggle":true}"#, "categories[1].services[0].tggle: unknown key"),
            (r#"{"id":"GA"}"#, "categories[1].services[0].id: invalid id \"GA\" (1 to 32 of a-z 0-9 _ -); service ignored"),
            (r#"{"id":"ga"},{"id":"ga"}"#, "categories[1].services[1].id: duplicate id \"ga\"; the first one is kept"),
        ];
        for (svc, want) in cases {
            let (_, issues) = parse(&with_service(svc));
            assert_eq!(described(&issues), [want], "{svc}");
        }
        // Services of a necessary category cannot be toggled off.
        let (c, issues) = parse(r#"{"categories":[{"id":"necessary","services":[{"id":"odsauth","toggle":true}]}]}"#);
        assert_eq!(warnings(&issues), ["categories[0].services[0].toggle"]);
        assert!(!c.categories.first().and_then(|c| c.services.first()).unwrap().toggle);
    }
}
