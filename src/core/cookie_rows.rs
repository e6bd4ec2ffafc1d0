//! The rows of the dialog's cookie tables: name, provider, purpose and duration, in the
//! visitor's language, for the cookies a category lists and those its services declare.
//!
//! Why a table of known cookies: a preset (or an integrator's service) names its cookies so they
//! can be deleted; the dialog must also say what each is for and how long it lives, from the
//! vendor's documentation. Purposes are a short shared vocabulary of text keys and durations are
//! numbers with a unit, rendered with the language's unit words and plural forms, so each
//! language translates a dozen phrases instead of every row (docs/adr/019-cookie-rows.md).

use crate::prelude::*;

use crate::core::cleanup::matches;
use crate::core::config::{Category, Config};
use crate::core::texts::{primary, text, TextKey};
use crate::strings::num::push_u64;
use crate::strings::search;

/// How long a cookie lives: a number of units, or the browsing session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Span {
    /// Until the browser is closed.
    Session,
    /// Minutes.
    Minutes(u16),
    /// Days.
    Days(u16),
    /// Months.
    Months(u16),
    /// Years.
    Years(u16),
}

use Span::{Days, Minutes, Months, Session, Years};
use TextKey::{
    PurposeChoices as CHOICES, PurposeLanguage as LANGUAGE, PurposePlayer as PLAYER, PurposeRate as RATE,
    PurposeSecurity as SECURITY, PurposeSignIn as SIGN_IN, PurposeSource as SOURCE, PurposeVisit as VISIT,
    PurposeVisitor as VISITOR,
};

/// What the vendors document for the cookies Biscotte's presets and the portals' own policy
/// name: pattern, purpose and default lifetime (sources in docs/adr/019-cookie-rows.md).
/// `cookies_preferences` lives as long as the configured consent (see [`rows`]).
const KNOWN: &[(&str, TextKey, Span)] = &[
    // Opendatasoft portals (Django defaults: the CSRF cookie 52 weeks).
    ("sessionid", SIGN_IN, Session),
    ("django_language", LANGUAGE, Session),
    ("csrftoken", SECURITY, Years(1)),
    ("cookies_preferences", CHOICES, Months(6)),
    // Google Analytics 4.
    ("_ga", VISITOR, Years(2)),
    ("_ga_*", VISIT, Years(2)),
    ("_gid", VISITOR, Days(1)),
    ("_gat", RATE, Minutes(1)),
    ("_gat_*", RATE, Minutes(1)),
    // Matomo.
    ("_pk_id.*", VISITOR, Months(13)),
    ("_pk_ses.*", VISIT, Minutes(30)),
    ("_pk_ref.*", SOURCE, Months(6)),
    ("_pk_cvar.*", VISIT, Minutes(30)),
    ("_pk_hsr.*", VISIT, Minutes(30)),
    ("mtm_consent*", CHOICES, Years(30)),
    ("matomo_sessid", SECURITY, Session),
    // AT Internet / Piano Analytics.
    ("atuserid", VISITOR, Months(13)),
    ("atidvisitor", VISITOR, Months(6)),
    ("atauthority", CHOICES, Months(13)),
    ("_pcid", VISITOR, Months(13)),
    ("_pprv", CHOICES, Months(13)),
    // Microsoft Clarity and UET.
    ("_clck", VISITOR, Years(1)),
    ("_clsk", VISIT, Days(1)),
    ("_uetsid", VISIT, Days(1)),
    ("_uetvid", VISITOR, Months(13)),
    ("_uetmsclkid", SOURCE, Days(90)),
    // YouTube and Vimeo.
    ("YSC", SECURITY, Session),
    ("VISITOR_INFO1_LIVE", PLAYER, Months(6)),
    ("VISITOR_PRIVACY_METADATA", CHOICES, Months(6)),
    ("vuid", VISITOR, Years(2)),
];

/// What the vendor documents for a declared cookie name or pattern (`_ga_*`, `_pk_id.1.ab12`).
pub fn known(name: &str) -> Option<(TextKey, Span)> {
    KNOWN.iter().find(|(pattern, _, _)| matches(pattern, name)).map(|(_, purpose, span)| (*purpose, *span))
}

/// Which plural form of a unit word `n` takes in `lang`: the index of its CLDR plural category
/// among those the language has, in CLDR order (one, two, few, many, other), so a pack writes
/// exactly that many `|`-separated forms.
pub fn plural(lang: &str, n: u64) -> usize {
    let (n10, n100) = (n % 10, n % 100);
    let teen = (11..=19).contains(&n100);
    let few = (2..=4).contains(&n10) && !(12..=14).contains(&n100);
    match primary(lang) {
        "ja" => 0,
        "fr" | "pt" => usize::from(n > 1),
        "cs" | "sk" => match n {
            1 => 0,
            2..=4 => 1,
            _ => 2,
        },
        "pl" => match n {
            1 => 0,
            _ if few => 1,
            _ => 2,
        },
        "hr" => match n {
            _ if n10 == 1 && n100 != 11 => 0,
            _ if few => 1,
            _ => 2,
        },
        "sl" => match n100 {
            1 => 0,
            2 => 1,
            3 | 4 => 2,
            _ => 3,
        },
        "lt" => match n10 {
            _ if teen => 2,
            1 => 0,
            2..=9 => 1,
            _ => 2,
        },
        "lv" => usize::from(n10 != 1 || n100 == 11),
        "ro" => match n {
            1 => 0,
            _ if n == 0 || (1..=19).contains(&n100) => 1,
            _ => 2,
        },
        "mt" => match n {
            1 => 0,
            2 => 1,
            _ if n == 0 || (3..=10).contains(&n100) => 2,
            _ if teen => 3,
            _ => 4,
        },
        "ga" => match n {
            1 => 0,
            2 => 1,
            3..=6 => 2,
            7..=10 => 3,
            _ => 4,
        },
        _ => usize::from(n != 1),
    }
}

/// `span` in words: "Session", "13 months", "13 mois", "13 miesięcy".
pub fn duration(config: &Config, lang: &str, span: Span) -> String {
    let (key, n) = match span {
        Session => return text(config, lang, TextKey::DurationSession).into(),
        Minutes(n) => (TextKey::DurationMinutes, n),
        Days(n) => (TextKey::DurationDays, n),
        Months(n) => (TextKey::DurationMonths, n),
        Years(n) => (TextKey::DurationYears, n),
    };
    let n = u64::from(n);
    let forms = text(config, lang, key);
    let form = search::split_ascii(forms, b'|').nth(plural(lang, n)).or_else(|| search::split_ascii(forms, b'|').last());
    let mut number = String::new();
    push_u64(&mut number, n);
    search::replace(form.unwrap_or(""), "{n}", &number)
}

/// The consent cookie's own lifetime: days, or months past two months.
fn consent_span(days: u32) -> Span {
    let days = days.min(u32::from(u16::MAX)) as u16;
    if days < 60 { Days(days) } else { Months(((u32::from(days) * 12 + 182) / 365) as u16) }
}

/// One row of a cookie table, ready to show.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Row<'a> {
    /// Name or pattern (`_pk_id.*`).
    pub name: &'a str,
    /// Who sets it: the row's provider, else the service's name.
    pub provider: &'a str,
    /// What it is for: the row's own words, else the vendor's purpose in the visitor's language.
    pub purpose: &'a str,
    /// How long it lives: the row's own words, else the vendor's default, in words.
    pub duration: String,
}

/// The rows of `cat`'s cookie table: the rows it lists, each gap (purpose, duration) filled from
/// the vendors' documentation, then each cookie its services declare that no row names.
pub fn rows<'a>(config: &'a Config, cat: &'a Category, lang: &str) -> Vec<Row<'a>> {
    let span = |name: &str| {
        if name == config.cookie.name {
            return Some(consent_span(config.lifetime_days));
        }
        known(name).map(|(_, s)| s)
    };
    let purpose = |name: &str| known(name).map_or("", |(key, _)| text(config, lang, key));
    let mut out = Vec::new();
    for row in &cat.cookies {
        let name = row.name.as_str();
        out.push(Row {
            name,
            provider: &row.provider,
            purpose: if row.purpose.is_empty() { purpose(name) } else { row.purpose.get(lang) },
            duration: if row.duration.is_empty() {
                span(name).map(|s| duration(config, lang, s)).unwrap_or_default()
            } else {
                row.duration.get(lang).into()
            },
        });
    }
    for svc in &cat.services {
        let provider = if svc.label.is_empty() { svc.id.as_str() } else { svc.label.get(lang) };
        for name in &svc.cookies {
            if out.iter().any(|r| r.name == name) {
                continue;
            }
            let duration = span(name).map(|s| duration(config, lang, s)).unwrap_or_default();
            out.push(Row { name, provider, purpose: purpose(name), duration });
        }
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::config::Config;

    fn table(json: &str, lang: &str, cat: &str) -> Vec<(String, String, String, String)> {
        let (config, _) = Config::from_json(json);
        let cat = config.category(cat).cloned().unwrap_or_default();
        rows(&config, &cat, lang).into_iter().map(|r| (r.name.into(), r.provider.into(), r.purpose.into(), r.duration)).collect()
    }

    fn row(name: &str, provider: &str, purpose: &str, duration: &str) -> (String, String, String, String) {
        (name.into(), provider.into(), purpose.into(), duration.into())
    }

    const STATS: &str = r#"{"categories":[{"id":"statistical","services":[{"preset":"ga4"},{"preset":"matomo"}]},
        {"id":"third_party","services":[{"preset":"youtube"},{"preset":"vimeo"}]}]}"#;

    #[test]
    fn preset_cookies_come_with_purpose_and_duration() {
        let en = table(STATS, "en", "statistical");
        assert_eq!(en.first(), Some(&row("_ga", "Google Analytics", "Tells visitors apart", "2 years")));
        assert!(en.contains(&row("_ga_*", "Google Analytics", "Links the pages of one visit", "2 years")));
        assert!(en.contains(&row("_gid", "Google Analytics", "Tells visitors apart", "1 day")));
        assert!(en.contains(&row("_gat", "Google Analytics", "Limits how often data is sent", "1 minute")));
        assert!(en.contains(&row("_pk_id.*", "Matomo", "Tells visitors apart", "13 months")));
        assert!(en.contains(&row("_pk_ses.*", "Matomo", "Links the pages of one visit", "30 minutes")));
        let fr = table(STATS, "fr", "statistical");
        assert!(fr.contains(&row("_pk_id.*", "Matomo", "Distingue les visiteurs", "13\u{a0}mois")));
        assert!(fr.contains(&row("_gid", "Google Analytics", "Distingue les visiteurs", "1\u{a0}jour")));
        let video = table(STATS, "en", "third_party");
        assert!(video.contains(&row("YSC", "YouTube", "Protects your requests against cross-site request forgery", "Session")));
        assert!(video.contains(&row("VISITOR_INFO1_LIVE", "YouTube", "Remembers the video player’s settings", "6 months")));
        assert!(video.contains(&row("vuid", "Vimeo", "Tells visitors apart", "2 years")));
        // Every cookie a preset declares has a row; only a few legacy AT Internet ones lack the vendor's data.
        for preset in crate::core::presets::PRESETS {
            for name in preset.cookies {
                let undocumented = ["xtvrn", "xtan*", "xtant*", "_pctx"].contains(name);
                assert_eq!(known(name).is_none(), undocumented, "{}: {name}", preset.id);
            }
        }
    }

    #[test]
    fn a_pack_renders_rows_in_its_language() {
        let pack = include_str!("texts/de.json");
        let json = format!(r#"{{"texts":{{"de":{pack}}},"categories":[{{"id":"statistical","services":[{{"preset":"matomo"}}]}}]}}"#);
        let de = table(&json, "de", "statistical");
        assert!(de.contains(&row("_pk_id.*", "Matomo", "Unterscheidet Besucher voneinander", "13 Monate")));
        assert!(de.contains(&row("_pk_ses.*", "Matomo", "Verknüpft die Seiten eines Besuchs", "30 Minuten")));
    }

    #[test]
    fn the_default_necessary_rows_say_how_long_they_live() {
        let en = table("{}", "en", "necessary");
        assert_eq!(
            en,
            [
                row("sessionid", "Opendatasoft", "Keeps you signed in from one page to the next", "Session"),
                row("django_language", "Opendatasoft", "Remembers the language you chose", "Session"),
                row("csrftoken", "Opendatasoft", "Protects your requests against cross-site request forgery", "1 year"),
                row("cookies_preferences", "Opendatasoft", "Remembers your cookie choices", "6 months"),
            ]
        );
        let fr = table(r#"{"lifetimeDays":395}"#, "fr", "necessary");
        assert_eq!(fr.last(), Some(&row("cookies_preferences", "Opendatasoft", "Mémorise vos choix en matière de cookies", "13\u{a0}mois")));
        assert_eq!(table(r#"{"lifetimeDays":30}"#, "en", "necessary").last().map(|r| r.3.as_str()), Some("30 days"));
        // A portal's own rows keep their words and gain the durations they lack (data.corsica's policy).
        let corsica = r#"{"categories":[{"id":"necessary","necessary":true,"cookies":[
            {"name":"sessionid","provider":"Opendatasoft","purpose":{"fr":"Vous reconnaître d'une page à l'autre"}},
            {"name":"tracker","provider":"X","duration":"3 jours"}]}]}"#;
        assert_eq!(
            table(corsica, "fr", "necessary"),
            [row("sessionid", "Opendatasoft", "Vous reconnaître d'une page à l'autre", "Session"), row("tracker", "X", "", "3 jours")]
        );
    }

    #[test]
    fn declared_cookies_are_listed_once() {
        let json = r#"{"categories":[{"id":"statistical","cookies":[{"name":"_ga","provider":"Google","purpose":"Own words"}],
            "services":[{"id":"ga","label":"GA","cookies":["_ga","_ga_*","custom"]}]}]}"#;
        assert_eq!(
            table(json, "en", "statistical"),
            [row("_ga", "Google", "Own words", "2 years"), row("_ga_*", "GA", "Links the pages of one visit", "2 years"), row("custom", "GA", "", "")]
        );
    }

    #[test]
    fn plural_forms_follow_each_language() {
        let forms = |lang: &str| [1, 2, 5, 13, 21, 22, 30].map(|n| plural(lang, n));
        assert_eq!(forms("en"), [0, 1, 1, 1, 1, 1, 1]);
        assert_eq!(forms("fr"), [0, 1, 1, 1, 1, 1, 1]);
        assert_eq!(forms("ja"), [0; 7]);
        assert_eq!(forms("pl"), [0, 1, 2, 2, 2, 1, 2]);
        assert_eq!(forms("cs"), [0, 1, 2, 2, 2, 2, 2]);
        assert_eq!(forms("hr"), [0, 1, 2, 2, 0, 1, 2]);
        assert_eq!(forms("sl"), [0, 1, 3, 3, 3, 3, 3]);
        assert_eq!(forms("lt"), [0, 1, 1, 2, 0, 1, 2]);
        assert_eq!(forms("lv"), [0, 1, 1, 1, 0, 1, 1]);
        assert_eq!(forms("ro"), [0, 1, 1, 1, 2, 2, 2]);
        assert_eq!(forms("mt"), [0, 1, 2, 3, 4, 4, 4]);
        assert_eq!(forms("ga"), [0, 1, 2, 4, 4, 4, 4]);
        let (config, _) = Config::from_json(r#"{"texts":{"pl":{"durationMonths":"{n} miesiąc|{n} miesiące|{n} miesięcy"}}}"#);
        assert_eq!(duration(&config, "pl", Months(13)), "13 miesięcy");
        assert_eq!(duration(&config, "pl", Months(2)), "2 miesiące");
        assert_eq!(duration(&config, "pl-PL", Months(1)), "1 miesiąc");
        // Fewer forms than the rule asks for: the last one.
        assert_eq!(duration(&config, "cs", Months(3)), "3 months");
    }
}
