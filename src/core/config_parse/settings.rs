//! The top-level settings besides purposes and texts: the consent cookie
//! itself (`cookie`: name, domain, path, SameSite, Secure), the banner's
//! appearance (`layout`, `theme`, `floatingButton`) and the integrations
//! (`consentMode`, `consentModes`, `globalPrivacyControl`, `consentLogUrl`, `audit`,
//! `proofStorage`, `reloadOnWithdrawal`).
//! Each bad value keeps its default.

use crate::prelude::*;

use super::formats::{is_cookie_name, is_cookie_path, is_domain};
use super::read::{boolean, field, object, string, Ctx, Pairs, Path, ROOT};
use super::Severity;
use crate::core::codec::is_id;
use crate::core::config::{ConsentMode, Config, CookieSettings, Gpc, Layout, SameSite, Theme};
use crate::core::gcm;
use crate::core::json::Json;
use crate::core::links::is_safe_link;
use crate::strings::search;

pub(super) fn cookie(v: &Json, out: &mut CookieSettings, ctx: &mut Ctx) {
    const KEYS: &[&str] = &["name", "domain", "path", "sameSite", "secure"];
    let path = &Path::Key(ROOT, "cookie");
    let Some(pairs) = object(v, path, Some(KEYS), ctx) else {
        return;
    };
    if let Some(name) = field(pairs, "name").and_then(|v| string(v, &path.key("name"), ctx)) {
        if is_cookie_name(name) {
            out.name = name.into();
        } else {
            ctx.quoted(Severity::Error, &path.key("name"), "invalid cookie name ", name, "");
        }
    }
    if let Some(domain) = field(pairs, "domain").and_then(|v| string(v, &path.key("domain"), ctx)) {
        if is_domain(domain) {
            out.domain = Some(domain.to_ascii_lowercase());
        } else {
            ctx.quoted(Severity::Error, &path.key("domain"), "invalid domain ", domain, "");
        }
    }
    if let Some(value) = field(pairs, "path").and_then(|v| string(v, &path.key("path"), ctx)) {
        if is_cookie_path(value) {
            out.path = value.into();
        } else {
            ctx.quoted(Severity::Error, &path.key("path"), "invalid path ", value, " (must start with /, no ';')");
        }
    }
    if let Some(s) = field(pairs, "sameSite").and_then(|v| string(v, &path.key("sameSite"), ctx)) {
        match s.to_ascii_lowercase().as_str() {
            "lax" => out.same_site = SameSite::Lax,
            "strict" => out.same_site = SameSite::Strict,
            "none" => out.same_site = SameSite::None,
            _ => ctx.quoted(Severity::Error, &path.key("sameSite"), "expected \"Lax\", \"Strict\" or \"None\", found ", s, ""),
        }
    }
    if let Some(secure) = field(pairs, "secure").and_then(|v| boolean(v, &path.key("secure"), ctx)) {
        out.secure = Some(secure);
    }
    if out.same_site == SameSite::None && out.secure == Some(false) {
        ctx.warn(&path.key("secure"), "ignored: SameSite=None always sets Secure");
    }
}

/// `layout`, `theme` and `floatingButton`: presentation only, so a bad value
/// keeps its default and never touches consent.
pub(super) fn appearance(pairs: &Pairs, c: &mut Config, ctx: &mut Ctx) {
    let path = &Path::Key(ROOT, "layout");
    if let Some(s) = field(pairs, "layout").and_then(|v| string(v, path, ctx)) {
        match s {
            "bar" => c.layout = Layout::Bar,
            "box" => c.layout = Layout::Box,
            _ => ctx.quoted(Severity::Error, path, "expected \"bar\" or \"box\", found ", s, ""),
        }
    }
    let path = &Path::Key(ROOT, "theme");
    if let Some(s) = field(pairs, "theme").and_then(|v| string(v, path, ctx)) {
        match s {
            "auto" => c.theme = Theme::Auto,
            "light" => c.theme = Theme::Light,
            "dark" => c.theme = Theme::Dark,
            "dsfr" => c.theme = Theme::Dsfr,
            _ => ctx.quoted(Severity::Error, path, "expected \"auto\", \"light\", \"dark\" or \"dsfr\", found ", s, ""),
        }
    }
    let path = &Path::Key(ROOT, "floatingButton");
    if let Some(b) = field(pairs, "floatingButton").and_then(|v| boolean(v, path, ctx)) {
        c.floating_button = b;
    }
}

/// `consentMode`, `globalPrivacyControl`, `audit`, `proofStorage`, `reloadOnWithdrawal` and
/// `consentLogUrl`.
pub(super) fn integrations(pairs: &Pairs, c: &mut Config, ctx: &mut Ctx) {
    match field(pairs, "consentMode") {
        Some(Json::Bool(on)) => c.consent_mode = on.then(ConsentMode::default),
        Some(v @ Json::Obj(_)) => {
            let mut mode = ConsentMode::default();
            let path = &Path::Key(ROOT, "consentMode");
            if let Some(map) = object(v, path, None, ctx) {
                for (name, source) in map {
                    let at = path.key(name);
                    let Some(source) = string(source, &at, ctx) else { continue };
                    let known = match search::split_once_ascii(source, b'/') {
                        Some((cat, svc)) => is_id(cat) && is_id(svc),
                        None => is_id(source),
                    };
                    if !gcm::is_type(name) {
                        ctx.warn(&at, "unknown consent type; ignored");
                    } else if !known {
                        ctx.quoted(Severity::Error, &at, "invalid category ", source, "; the type stays denied");
                        mode.map.retain(|(t, _)| t != name);
                    } else if let Some(slot) = mode.map.iter_mut().find(|(t, _)| t == name) {
                        slot.1 = source.into();
                    }
                }
            }
            c.consent_mode = Some(mode);
        }
        Some(other) => ctx.expected(&Path::Key(ROOT, "consentMode"), "expected true, false or an object, found ", other),
        None => {}
    }
    if let Some(v) = field(pairs, "consentModes") {
        vendor_modes(v, c, ctx);
    }
    let path = &Path::Key(ROOT, "globalPrivacyControl");
    match field(pairs, "globalPrivacyControl") {
        Some(Json::Bool(on)) => c.gpc = if *on { Gpc::Notice } else { Gpc::Off },
        Some(Json::Str(s)) if s == "notice" => c.gpc = Gpc::Notice,
        Some(Json::Str(s)) if s == "refuse" => c.gpc = Gpc::Refuse,
        Some(Json::Str(s)) => ctx.quoted(Severity::Error, path, "expected \"notice\", \"refuse\" or false, found ", s, ""),
        Some(other) => ctx.expected(path, "expected \"notice\", \"refuse\" or false, found ", other),
        None => {}
    }
    let path = &Path::Key(ROOT, "audit");
    if let Some(b) = field(pairs, "audit").and_then(|v| boolean(v, path, ctx)) {
        c.audit = b;
    }
    let path = &Path::Key(ROOT, "proofStorage");
    if let Some(b) = field(pairs, "proofStorage").and_then(|v| boolean(v, path, ctx)) {
        c.proof_storage = b;
    }
    let path = &Path::Key(ROOT, "reloadOnWithdrawal");
    if let Some(b) = field(pairs, "reloadOnWithdrawal").and_then(|v| boolean(v, path, ctx)) {
        c.reload_on_withdrawal = b;
    }
    let path = &Path::Key(ROOT, "consentLogUrl");
    if let Some(url) = field(pairs, "consentLogUrl").and_then(|v| string(v, path, ctx)) {
        if is_safe_link(url) {
            c.consent_log_url = Some(url.into());
        } else {
            ctx.quoted(Severity::Error, path, "refused URL ", url, " (only http(s) and relative URLs)");
        }
    }
}

/// `consentModes`: per vendor, the category or `category/service` it follows. A vendor whose
/// source is invalid, or names no category here, is still told, and always told "refused" (fail
/// closed). A service its category does not list follows the category, as in `consentMode`.
fn vendor_modes(v: &Json, c: &mut Config, ctx: &mut Ctx) {
    const KEYS: &[&str] = &["uet", "clarity", "matomo", "matomoCookies", "piano"];
    let path = &Path::Key(ROOT, "consentModes");
    let Some(pairs) = object(v, path, Some(KEYS), ctx) else { return };
    for (key, value) in pairs {
        let at = path.key(key);
        let modes = &mut c.consent_modes;
        let slot = match key.as_str() {
            "uet" => &mut modes.uet,
            "clarity" => &mut modes.clarity,
            "piano" => &mut modes.piano,
            "matomo" | "matomoCookies" if modes.matomo.is_some() => {
                ctx.error(&at, "ignored: give either matomo or matomoCookies");
                continue;
            }
            "matomo" | "matomoCookies" => {
                modes.matomo_cookies = key == "matomoCookies";
                &mut modes.matomo
            }
            _ => continue,
        };
        if matches!(value, Json::Null) {
            continue;
        }
        let source = string(value, &at, ctx).unwrap_or_default();
        let (category, service) = search::split_once_ascii(source, b'/').unwrap_or((source, "_"));
        if is_id(service) && c.categories.iter().any(|k| k.id == category) {
            *slot = Some(source.into());
        } else {
            *slot = Some(String::new());
            if value.as_str().is_some() {
                ctx.quoted(Severity::Error, &at, "no category or category/service ", source, " here; the vendor is told everything is refused");
            }
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::config_parse::tests::{described, parse, warnings};

    #[test]
    fn cookie_settings() {
        let (c, issues) = parse(
            r#"{"cookie":{"name":"bisc_consent","domain":".Data.Corsica","path":"/portal","sameSite":"strict","secure":true}}"#,
        );
        assert!(issues.is_empty(), "{:?}", described(&issues));
        assert_eq!(c.cookie.name, "bisc_consent");
        assert_eq!(c.cookie.domain.as_deref(), Some(".data.corsica"));
        assert_eq!(c.cookie.path, "/portal");
        assert_eq!(c.cookie.same_site, SameSite::Strict);
        assert_eq!(c.cookie.secure, Some(true));
        let (c, issues) = parse(r#"{"cookie":{"sameSite":"NONE","secure":null,"domain":null}}"#);
        assert!(issues.is_empty());
        assert_eq!((c.cookie.same_site, c.cookie.secure, c.cookie.domain), (SameSite::None, None, None));
        let cases = [
            (r#"{"cookie":{"sameSit":"Lax"}}"#, "cookie.sameSit: unknown key"),
            (r#"{"cookie":{"name":"a b"}}"#, "cookie.name: invalid cookie name \"a b\""),
            (r#"{"cookie":{"name":"a=b"}}"#, "cookie.name: invalid cookie name \"a=b\""),
            (r#"{"cookie":{"name":""}}"#, "cookie.name: invalid cookie name \"\""),
            (r#"{"cookie":{"name":"prefs_*"}}"#, "cookie.name: invalid cookie name \"prefs_*\""),
            (r#"{"cookie":{"domain":"exa mple.org"}}"#, "cookie.domain: invalid domain \"exa mple.org\""),
            (r#"{"cookie":{"domain":"a..b"}}"#, "cookie.domain: invalid domain \"a..b\""),
            (r#"{"cookie":{"path":"portal"}}"#, "cookie.path: invalid path \"portal\" (must start with /, no ';')"),
            (r#"{"cookie":{"path":"/a;b"}}"#, "cookie.path: invalid path \"/a;b\" (must start with /, no ';')"),
            (r#"{"cookie":{"sameSite":"Sometimes"}}"#, "cookie.sameSite: expected \"Lax\", \"Strict\" or \"None\", found \"Sometimes\""),
            (r#"{"cookie":{"secure":"yes"}}"#, "cookie.secure: expected true or false, found string"),
            (r#"{"cookie":{"sameSite":"None","secure":false}}"#, "cookie.secure: ignored: SameSite=None always sets Secure"),
            (r#"{"cookie":"cookies_preferences"}"#, "cookie: expected an object, found string"),
        ];
        for (text, want) in cases {
            let (c, issues) = parse(text);
            assert_eq!(described(&issues), [want], "{text}");
            assert_eq!(c.cookie.name, "cookies_preferences", "{text}");
            assert_eq!(c.cookie.path, "/", "{text}");
        }
        assert_eq!(warnings(&parse(r#"{"cookie":{"sameSit":"Lax"}}"#).1), ["cookie.sameSit"]);
    }

    #[test]
    fn layout_theme_and_floating_button() {
        let (c, issues) = parse("{}");
        assert!(issues.is_empty());
        assert_eq!((c.layout, c.theme, c.floating_button), (Layout::Bar, Theme::Auto, false));
        let (c, issues) = parse(r#"{"layout":"box","theme":"dark","floatingButton":true}"#);
        assert!(issues.is_empty(), "{:?}", described(&issues));
        assert_eq!((c.layout, c.theme, c.floating_button), (Layout::Box, Theme::Dark, true));
        assert_eq!((c.layout.as_str(), c.theme.as_str()), ("box", "dark"));
        let (c, issues) = parse(r#"{"theme":"dsfr"}"#);
        assert!(issues.is_empty(), "{:?}", described(&issues));
        assert_eq!((c.theme, c.theme.as_str()), (Theme::Dsfr, "dsfr"));
        let (c, _) = parse(r#"{"theme":"light","layout":"bar"}"#);
        assert_eq!((c.layout, c.theme), (Layout::Bar, Theme::Light));
        let (c, _) = parse(r#"{"theme":"auto","floatingButton":false,"layout":null}"#);
        assert_eq!((c.layout, c.theme, c.floating_button), (Layout::Bar, Theme::Auto, false));
        let cases = [
            (r#"{"layout":"Box"}"#, "layout: expected \"bar\" or \"box\", found \"Box\""),
            (r#"{"layout":"popup"}"#, "layout: expected \"bar\" or \"box\", found \"popup\""),
            (r#"{"layout":1}"#, "layout: expected a string, found number"),
            (r#"{"theme":"blue"}"#, "theme: expected \"auto\", \"light\", \"dark\" or \"dsfr\", found \"blue\""),
            (r#"{"theme":true}"#, "theme: expected a string, found boolean"),
            (r#"{"floatingButton":"yes"}"#, "floatingButton: expected true or false, found string"),
            (r#"{"floatingbutton":true}"#, "floatingbutton: unknown key"),
        ];
        for (text, want) in cases {
            let (c, issues) = parse(text);
            assert_eq!(described(&issues), [want], "{text}");
            // A bad value keeps the default.
            assert_eq!((c.layout, c.theme, c.floating_button), (Layout::Bar, Theme::Auto, false), "{text}");
        }
    }

    #[test]
    fn consent_modes_name_what_each_vendor_follows() {
        let (c, issues) = parse(
            r#"{"categories":[{"id":"necessary"},{"id":"statistical","services":[{"preset":"matomo"}]},{"id":"third_party"}],
                "consentModes":{"uet":"third_party","matomoCookies":"statistical/matomo","piano":null}}"#,
        );
        assert!(issues.is_empty(), "{:?}", described(&issues));
        let m = &c.consent_modes;
        assert_eq!((m.uet.as_deref(), m.matomo.as_deref(), m.matomo_cookies), (Some("third_party"), Some("statistical/matomo"), true));
        assert_eq!((m.clarity.as_deref(), m.piano.as_deref()), (None, None));
        assert_eq!(parse("{}").0.consent_modes, Default::default());
        let refused = "; the vendor is told everything is refused";
        let cases = [
            (r#"{"consentModes":{"clarity":"Stats"}}"#, "consentModes.clarity: no category or category/service \"Stats\" here"),
            (r#"{"consentModes":{"piano":"statistical/"}}"#, "consentModes.piano: no category or category/service \"statistical/\" here"),
            (r#"{"consentModes":{"uet":"ads"}}"#, "consentModes.uet: no category or category/service \"ads\" here"),
            (r#"{"consentModes":{"matomo":"statistical","matomoCookies":"statistical"}}"#, "consentModes.matomoCookies: ignored: give either matomo or matomoCookies"),
            (r#"{"consentModes":{"hotjar":"statistical"}}"#, "consentModes.hotjar: unknown key"),
            (r#"{"consentModes":{"uet":true}}"#, "consentModes.uet: expected a string, found boolean"),
            (r#"{"consentModes":true}"#, "consentModes: expected an object, found boolean"),
        ];
        for (text, want) in cases {
            let described = described(&parse(text).1).join("");
            assert_eq!(described.trim_end_matches(refused), want, "{text}");
        }
        // An invalid or unknown source still tells the vendor: "refused", always.
        assert_eq!(parse(r#"{"consentModes":{"clarity":"Stats","uet":3}}"#).0.consent_modes.clarity.as_deref(), Some(""));
        assert_eq!(parse(r#"{"consentModes":{"uet":3}}"#).0.consent_modes.uet.as_deref(), Some(""));
        let (c, _) = parse(r#"{"consentModes":{"matomo":"statistical","matomoCookies":"third_party"}}"#);
        assert_eq!((c.consent_modes.matomo.as_deref(), c.consent_modes.matomo_cookies), (Some("statistical"), false));
        // A service the category does not list follows the category, as in consentMode.
        assert_eq!(parse(r#"{"consentModes":{"clarity":"statistical/clarity"}}"#).1, []);
    }
    #[test]
    fn proof_storage_and_reload_on_withdrawal() {
        let (c, issues) = parse("{}");
        assert!(issues.is_empty());
        assert_eq!((c.proof_storage, c.reload_on_withdrawal), (true, false), "the proof is kept, no reload, by default");
        let (c, issues) = parse(r#"{"proofStorage":false,"reloadOnWithdrawal":true}"#);
        assert!(issues.is_empty(), "{:?}", described(&issues));
        assert_eq!((c.proof_storage, c.reload_on_withdrawal), (false, true));
        let (c, issues) = parse(r#"{"proofStorage":"no","reloadOnWithdrawal":1}"#);
        assert_eq!(
            described(&issues),
            ["proofStorage: expected true or false, found string", "reloadOnWithdrawal: expected true or false, found number"]
        );
        assert_eq!((c.proof_storage, c.reload_on_withdrawal), (true, false), "a bad value keeps its default");
        assert_eq!(warnings(&parse(r#"{"proofstorage":false}"#).1), ["proofstorage"]);
    }
}
