//! Built-in interface texts, language packs, and how integrator overrides take precedence.
//!
//! Why built in: most portals only pick categories and languages; shipping
//! neutral, CNIL-style wording means a config with no `texts` still shows a
//! complete, fair banner ("reject all" as prominent and as plain as "accept
//! all"). Lookups never return an empty string: they fall back to English,
//! which is always complete.
//!
//! Why only English and French in the wasm: every visitor of every page
//! downloads every built-in text, and each further language costs bytes
//! (measured in docs/adr/009). The other languages Opendatasoft portals use ship as packs
//! (`src/core/texts/<lang>.json`, copied to `dist/texts/` and the npm
//! package's `biscotte/texts/<lang>`): the config's `texts.<lang>` object, so
//! a portal pays only for its own languages (docs/adr/009-language-packs.md).
//! A language with all its texts in the config counts as offered like a built-in one.

use crate::prelude::*;

use crate::strings::concat::concat;
use crate::core::config::{Category, Config};
use crate::strings::search;

/// Every text the banner and the preferences dialog show.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TextKey {
    /// Banner heading.
    BannerTitle,
    /// Banner body.
    BannerText,
    /// "Accept all" button.
    AcceptAll,
    /// "Reject all" button.
    RejectAll,
    /// Button opening the preferences dialog.
    Customise,
    /// Button saving the choices made in the dialog.
    Save,
    /// Accessible label of the close (×) button, which rejects.
    Close,
    /// Link to the cookie policy.
    PolicyLink,
    /// Preferences dialog heading (also the "Cookie settings" reopener).
    PreferencesTitle,
    /// Preferences dialog introduction.
    PreferencesText,
    /// Marker on necessary categories.
    AlwaysOn,
    /// Heading of a category's service list.
    Services,
    /// Summary of a category's cookie table.
    Cookies,
    /// Cookie table column: name.
    CookieName,
    /// Cookie table column: provider.
    CookieProvider,
    /// Cookie table column: purpose.
    CookiePurpose,
    /// Cookie table column: duration.
    CookieDuration,
    /// Title of the default `necessary` category.
    CatNecessaryTitle,
    /// Description of the default `necessary` category.
    CatNecessaryText,
    /// Title of the default `statistical` category.
    CatStatisticalTitle,
    /// Description of the default `statistical` category.
    CatStatisticalText,
    /// Title of the default `third_party` category.
    CatThirdPartyTitle,
    /// Description of the default `third_party` category.
    CatThirdPartyText,
    /// Placeholder text of a blocked embed; `{service}` is replaced by the service name.
    EmbedBlocked,
    /// Placeholder button loading one blocked embed.
    LoadOnce,
    /// Placeholder button accepting the embed's service; `{service}` is replaced.
    AlwaysAllow,
    /// Banner note shown when the browser sends Global Privacy Control.
    GpcNotice,
    /// Accessible label of the dialog's close (×) button, which keeps the stored choices.
    Dismiss,
    /// Duration cell of a cookie that ends with the browsing session.
    DurationSession,
    /// Duration in minutes: `{n}` forms separated by `|`, one per plural class (`cookie_rows::plural`).
    DurationMinutes,
    /// Duration in days, plural forms as for minutes.
    DurationDays,
    /// Duration in months, plural forms as for minutes.
    DurationMonths,
    /// Duration in years, plural forms as for minutes.
    DurationYears,
    /// Cookie purpose: tells visitors apart (a visitor id).
    PurposeVisitor,
    /// Cookie purpose: links the pages of one visit.
    PurposeVisit,
    /// Cookie purpose: remembers the site or campaign the visitor came from.
    PurposeSource,
    /// Cookie purpose: limits how often data is sent.
    PurposeRate,
    /// Cookie purpose: remembers the visitor's cookie choices.
    PurposeChoices,
    /// Cookie purpose: keeps the visitor signed in.
    PurposeSignIn,
    /// Cookie purpose: remembers the chosen language.
    PurposeLanguage,
    /// Cookie purpose: protects requests against cross-site request forgery.
    PurposeSecurity,
    /// Cookie purpose: remembers the video player's settings.
    PurposePlayer,
    /// Purpose of the visitor's own proof record in `localStorage` (necessary cookie table).
    ProofPurpose,
    /// Duration of the visitor's own proof record in `localStorage`.
    ProofDuration,
    /// Banner note shown when a service runs as exempt audience measurement.
    ExemptNotice,
    /// Heading of an exempt service's row in the dialog, under its category.
    ExemptLabel,
    /// What an exempt service's switch does (switching it off objects).
    ExemptText,
}

/// Number of text keys.
const COUNT: usize = 47;

impl TextKey {
    /// Every key, in declaration order (the order of the built-in tables).
    pub const ALL: [TextKey; COUNT] = [
        TextKey::BannerTitle,
        TextKey::BannerText,
        TextKey::AcceptAll,
        TextKey::RejectAll,
        TextKey::Customise,
        TextKey::Save,
        TextKey::Close,
        TextKey::PolicyLink,
        TextKey::PreferencesTitle,
        TextKey::PreferencesText,
        TextKey::AlwaysOn,
        TextKey::Services,
        TextKey::Cookies,
        TextKey::CookieName,
        TextKey::CookieProvider,
        TextKey::CookiePurpose,
        TextKey::CookieDuration,
        TextKey::CatNecessaryTitle,
        TextKey::CatNecessaryText,
        TextKey::CatStatisticalTitle,
        TextKey::CatStatisticalText,
        TextKey::CatThirdPartyTitle,
        TextKey::CatThirdPartyText,
        TextKey::EmbedBlocked,
        TextKey::LoadOnce,
        TextKey::AlwaysAllow,
        TextKey::GpcNotice,
        TextKey::Dismiss,
        TextKey::DurationSession,
        TextKey::DurationMinutes,
        TextKey::DurationDays,
        TextKey::DurationMonths,
        TextKey::DurationYears,
        TextKey::PurposeVisitor,
        TextKey::PurposeVisit,
        TextKey::PurposeSource,
        TextKey::PurposeRate,
        TextKey::PurposeChoices,
        TextKey::PurposeSignIn,
        TextKey::PurposeLanguage,
        TextKey::PurposeSecurity,
        TextKey::PurposePlayer,
        TextKey::ProofPurpose,
        TextKey::ProofDuration,
        TextKey::ExemptNotice,
        TextKey::ExemptLabel,
        TextKey::ExemptText,
    ];

    /// The camelCase name used in the config's `texts` object.
    pub fn as_str(self) -> &'static str {
        match self {
            TextKey::BannerTitle => "bannerTitle",
            TextKey::BannerText => "bannerText",
            TextKey::AcceptAll => "acceptAll",
            TextKey::RejectAll => "rejectAll",
            TextKey::Customise => "customise",
            TextKey::Save => "save",
            TextKey::Close => "close",
            TextKey::PolicyLink => "policyLink",
            TextKey::PreferencesTitle => "preferencesTitle",
            TextKey::PreferencesText => "preferencesText",
            TextKey::AlwaysOn => "alwaysOn",
            TextKey::Services => "services",
            TextKey::Cookies => "cookies",
            TextKey::CookieName => "cookieName",
            TextKey::CookieProvider => "cookieProvider",
            TextKey::CookiePurpose => "cookiePurpose",
            TextKey::CookieDuration => "cookieDuration",
            TextKey::CatNecessaryTitle => "catNecessaryTitle",
            TextKey::CatNecessaryText => "catNecessaryText",
            TextKey::CatStatisticalTitle => "catStatisticalTitle",
            TextKey::CatStatisticalText => "catStatisticalText",
            TextKey::CatThirdPartyTitle => "catThirdPartyTitle",
            TextKey::CatThirdPartyText => "catThirdPartyText",
            TextKey::EmbedBlocked => "embedBlocked",
            TextKey::LoadOnce => "loadOnce",
            TextKey::AlwaysAllow => "alwaysAllow",
            TextKey::GpcNotice => "gpcNotice",
            TextKey::Dismiss => "dismiss",
            TextKey::DurationSession => "durationSession",
            TextKey::DurationMinutes => "durationMinutes",
            TextKey::DurationDays => "durationDays",
            TextKey::DurationMonths => "durationMonths",
            TextKey::DurationYears => "durationYears",
            TextKey::PurposeVisitor => "purposeVisitor",
            TextKey::PurposeVisit => "purposeVisit",
            TextKey::PurposeSource => "purposeSource",
            TextKey::PurposeRate => "purposeRate",
            TextKey::PurposeChoices => "purposeChoices",
            TextKey::PurposeSignIn => "purposeSignIn",
            TextKey::PurposeLanguage => "purposeLanguage",
            TextKey::PurposeSecurity => "purposeSecurity",
            TextKey::PurposePlayer => "purposePlayer",
            TextKey::ProofPurpose => "proofPurpose",
            TextKey::ProofDuration => "proofDuration",
            TextKey::ExemptNotice => "exemptNotice",
            TextKey::ExemptLabel => "exemptLabel",
            TextKey::ExemptText => "exemptText",
        }
    }

    /// The key with this camelCase name.
    pub fn from_name(name: &str) -> Option<TextKey> {
        TextKey::ALL.iter().copied().find(|k| k.as_str() == name)
    }
}

impl core::fmt::Display for TextKey {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Languages with built-in texts (primary subtags).
pub const BUILTIN_LANGUAGES: &[&str] = &["en", "fr"];

/// Languages whose texts ship as packs (`src/core/texts/<lang>.json`), not in the wasm.
pub const PACK_LANGUAGES: &[&str] =
    &["bg", "ca", "cs", "da", "de", "el", "es", "et", "fi", "ga", "hr", "hu", "it", "ja", "lt", "lv", "mt", "nl", "pl", "pt", "ro", "sk", "sl", "sv"];

// One string per language, its texts in `TextKey::ALL` order separated by `SEP`
// (one string is smaller in the wasm than a table of string slices). French uses
// U+00A0 where typography wants a non-breaking space (before ':' and inside « »).
const EN: &str = concat!(
    "This site uses cookies\u{1f}",
    "We use cookies to measure visits (statistics) and to show content from other sites (third-party cookies). You can accept them, reject them or choose, and change your mind at any time via “Cookie settings”.\u{1f}",
    "Accept all\u{1f}",
    "Reject all\u{1f}",
    "Customise\u{1f}",
    "Save my choices\u{1f}",
    "Close and reject\u{1f}",
    "Cookie policy\u{1f}",
    "Cookie settings\u{1f}",
    "Choose which cookies you allow. Necessary cookies are always on because the portal cannot work without them. You can change your choice at any time.\u{1f}",
    "Always on\u{1f}",
    "Services\u{1f}",
    "Cookies used\u{1f}",
    "Name\u{1f}",
    "Provider\u{1f}",
    "Purpose\u{1f}",
    "Duration\u{1f}",
    "Necessary\u{1f}",
    "Needed for the portal to work: they keep you signed in, remember your language, protect requests to the API and store your cookie choices. They cannot be turned off.\u{1f}",
    "Statistics\u{1f}",
    "They measure visits to the portal (web analytics) so that we can understand how it is used and improve it.\u{1f}",
    "Third-party cookies\u{1f}",
    "Set by other sites, for example when the portal shows embedded content (videos, maps, social media posts) or for advertising. These sites may follow your browsing.\u{1f}",
    "This {service} content is blocked because it can set cookies.\u{1f}",
    "Load this content\u{1f}",
    "Always allow {service}\u{1f}",
    "Your browser sends a Global Privacy Control signal: optional cookies stay off unless you turn them on.\u{1f}",
    "Close\u{1f}",
    "Session\u{1f}",
    "{n} minute|{n} minutes\u{1f}",
    "{n} day|{n} days\u{1f}",
    "{n} month|{n} months\u{1f}",
    "{n} year|{n} years\u{1f}",
    "Tells visitors apart\u{1f}",
    "Links the pages of one visit\u{1f}",
    "Remembers the site or campaign you came from\u{1f}",
    "Limits how often data is sent\u{1f}",
    "Remembers your cookie choices\u{1f}",
    "Keeps you signed in from one page to the next\u{1f}",
    "Remembers the language you chose\u{1f}",
    "Protects your requests against cross-site request forgery\u{1f}",
    "Remembers the video player’s settings\u{1f}",
    "Keeps your own record of your latest cookie choices, in this browser’s storage\u{1f}",
    "Until you clear it (your last 10 choices)\u{1f}",
    "Anonymous audience measurement runs without your consent; you can object to it in the preferences.\u{1f}",
    "Exempt audience measurement\u{1f}",
    "Anonymous statistics that need no consent. Switch off to object: it stops and its cookies are deleted.",
);

const FR: &str = concat!(
    "Ce site utilise des cookies\u{1f}",
    "Nous utilisons des cookies pour mesurer la fréquentation du site (statistiques) et afficher des contenus provenant d’autres sites (cookies tiers). Vous pouvez les accepter, les refuser ou choisir, et changer d’avis à tout moment via «\u{a0}Paramètres des cookies\u{a0}».\u{1f}",
    "Tout accepter\u{1f}",
    "Tout refuser\u{1f}",
    "Personnaliser\u{1f}",
    "Enregistrer mes choix\u{1f}",
    "Fermer et refuser\u{1f}",
    "Politique relative aux cookies\u{1f}",
    "Paramètres des cookies\u{1f}",
    "Choisissez les cookies que vous autorisez. Les cookies nécessaires sont toujours actifs, car le portail ne peut pas fonctionner sans eux. Vous pouvez modifier votre choix à tout moment.\u{1f}",
    "Toujours actifs\u{1f}",
    "Services\u{1f}",
    "Cookies utilisés\u{1f}",
    "Nom\u{1f}",
    "Fournisseur\u{1f}",
    "Finalité\u{1f}",
    "Durée\u{1f}",
    "Nécessaires\u{1f}",
    "Indispensables au fonctionnement du portail\u{a0}: ils vous gardent connecté, mémorisent votre langue, sécurisent les appels à l’API et conservent vos choix en matière de cookies. Ils ne peuvent pas être désactivés.\u{1f}",
    "Statistiques\u{1f}",
    "Ils mesurent la fréquentation du portail (mesure d’audience) afin de comprendre comment il est utilisé et de l’améliorer.\u{1f}",
    "Cookies tiers\u{1f}",
    "Déposés par d’autres sites, par exemple lorsque le portail affiche des contenus intégrés (vidéos, cartes, publications de réseaux sociaux) ou à des fins publicitaires. Ces sites peuvent suivre votre navigation.\u{1f}",
    "Ce contenu {service} est bloqué, car il peut déposer des cookies.\u{1f}",
    "Charger ce contenu\u{1f}",
    "Toujours autoriser {service}\u{1f}",
    "Votre navigateur envoie un signal Global Privacy Control : les cookies facultatifs restent désactivés, sauf si vous les activez.\u{1f}",
    "Fermer\u{1f}",
    "Session\u{1f}",
    "{n}\u{a0}minute|{n}\u{a0}minutes\u{1f}",
    "{n}\u{a0}jour|{n}\u{a0}jours\u{1f}",
    "{n}\u{a0}mois\u{1f}",
    "{n}\u{a0}an|{n}\u{a0}ans\u{1f}",
    "Distingue les visiteurs\u{1f}",
    "Relie les pages d’une même visite\u{1f}",
    "Mémorise le site ou la campagne d’où vous venez\u{1f}",
    "Limite la fréquence des envois\u{1f}",
    "Mémorise vos choix en matière de cookies\u{1f}",
    "Vous garde connecté d’une page à l’autre\u{1f}",
    "Mémorise la langue choisie\u{1f}",
    "Protège vos requêtes contre la falsification de requêtes intersites\u{1f}",
    "Mémorise les réglages du lecteur vidéo\u{1f}",
    "Conserve votre propre trace de vos derniers choix en matière de cookies, dans le stockage de ce navigateur\u{1f}",
    "Jusqu’à ce que vous l’effaciez (vos 10 derniers choix)\u{1f}",
    "Une mesure d’audience anonyme fonctionne sans votre consentement\u{a0}; vous pouvez vous y opposer dans les préférences.\u{1f}",
    "Mesure d’audience exemptée\u{1f}",
    "Statistiques anonymes qui ne nécessitent pas de consentement. Désactivez pour vous y opposer\u{a0}: elle s’arrête et ses cookies sont supprimés.",
);

const TABLES: [(&str, &str); 2] = [("en", EN), ("fr", FR)];

/// Separates the texts of a language's string.
const SEP: u8 = 0x1f;

/// The `key`th text of a language's string.
fn nth(table: &'static str, key: TextKey) -> Option<&'static str> {
    search::split_ascii(table, SEP).nth(index(key))
}

/// The primary subtag of a language tag: `pt-BR` → `pt`, `fr_FR` → `fr`.
pub fn primary(lang: &str) -> &str {
    search::before_any_ascii(lang, b"-_")
}

fn index(key: TextKey) -> usize {
    key as usize
}

/// The built-in text for `key` in `lang` (matched case-insensitively on its
/// primary subtag, so `pt-BR` reads `pt`); `None` for other languages.
pub fn builtin(lang: &str, key: TextKey) -> Option<&'static str> {
    let lang = primary(lang);
    TABLES
        .iter()
        .find(|(l, _)| l.eq_ignore_ascii_case(lang))
        .and_then(|(_, table)| nth(table, key))
}

/// How many texts `lang` has: all of them for a built-in language, else those the config
/// gives for `lang` or its primary subtag (a complete language pack gives all).
pub fn coverage(config: &Config, lang: &str) -> usize {
    if builtin(lang, TextKey::Save).is_some() {
        return COUNT;
    }
    let given = |key: TextKey| overridden(config, lang, key).or_else(|| overridden(config, primary(lang), key));
    TextKey::ALL.iter().filter(|key| given(**key).is_some()).count()
}

/// True when every text of `lang` is there, built in or in the config.
pub fn is_complete(config: &Config, lang: &str) -> bool {
    coverage(config, lang) == COUNT
}

/// `: add texts.zh`: the end of a message about a language with no texts and no pack (a language
/// with a pack is fetched, `core::packs`, and never gets this message).
pub fn add_texts(lang: &str) -> String {
    concat(&[": add texts.", primary(lang)])
}

fn overridden<'a>(config: &'a Config, lang: &str, key: TextKey) -> Option<&'a str> {
    config
        .texts
        .iter()
        .find(|(l, k, t)| l.eq_ignore_ascii_case(lang) && k == key.as_str() && !t.is_empty())
        .map(|(_, _, t)| t.as_str())
}

/// The text to show for `key` in `lang`.
///
/// Order: the config's override for `lang`, then for its primary subtag
/// (`pt-br` → `pt`), the built-in text for `lang`, the override for `en`,
/// and last the built-in English text, so the result is never empty.
pub fn text<'a>(config: &'a Config, lang: &str, key: TextKey) -> &'a str {
    overridden(config, lang, key)
        .or_else(|| overridden(config, primary(lang), key))
        .or_else(|| builtin(lang, key))
        .or_else(|| overridden(config, "en", key))
        .or_else(|| nth(EN, key))
        .unwrap_or("Cookies")
}

/// The built-in title and description keys of a default category id.
fn category_keys(id: &str) -> Option<(TextKey, TextKey)> {
    match id {
        "necessary" => Some((TextKey::CatNecessaryTitle, TextKey::CatNecessaryText)),
        "statistical" => Some((TextKey::CatStatisticalTitle, TextKey::CatStatisticalText)),
        "third_party" => Some((TextKey::CatThirdPartyTitle, TextKey::CatThirdPartyText)),
        _ => None,
    }
}

/// A category's title: its configured label, else the built-in title for the
/// default ids (`necessary`, `statistical`, `third_party`), else its id.
pub fn category_title<'a>(config: &'a Config, category: &'a Category, lang: &str) -> &'a str {
    if !category.label.is_empty() {
        return category.label.get(lang);
    }
    match category_keys(&category.id) {
        Some((title, _)) => text(config, lang, title),
        None => &category.id,
    }
}

/// A category's description: its configured one, else the built-in text for
/// the default ids, else empty.
pub fn category_text<'a>(config: &'a Config, category: &'a Category, lang: &str) -> &'a str {
    if !category.description.is_empty() {
        return category.description.get(lang);
    }
    match category_keys(&category.id) {
        Some((_, body)) => text(config, lang, body),
        None => "",
    }
}

/// True for languages written right to left (Arabic, Hebrew, Persian, Urdu
/// and a few others), matched on the primary subtag.
pub fn is_rtl(lang: &str) -> bool {
    const RTL: &[&str] = &["ar", "he", "iw", "fa", "ur", "ps", "yi", "dv", "ckb", "sd", "ug"];
    let p = primary(lang);
    RTL.iter().any(|r| r.eq_ignore_ascii_case(p))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::config::Localized;
    use crate::core::json::{self, Json};

    /// The language packs, as shipped.
    pub(crate) const PACKS: [(&str, &str); 24] = [
        ("bg", include_str!("texts/bg.json")),
        ("ca", include_str!("texts/ca.json")),
        ("cs", include_str!("texts/cs.json")),
        ("da", include_str!("texts/da.json")),
        ("de", include_str!("texts/de.json")),
        ("el", include_str!("texts/el.json")),
        ("es", include_str!("texts/es.json")),
        ("et", include_str!("texts/et.json")),
        ("fi", include_str!("texts/fi.json")),
        ("ga", include_str!("texts/ga.json")),
        ("hr", include_str!("texts/hr.json")),
        ("hu", include_str!("texts/hu.json")),
        ("it", include_str!("texts/it.json")),
        ("ja", include_str!("texts/ja.json")),
        ("lt", include_str!("texts/lt.json")),
        ("lv", include_str!("texts/lv.json")),
        ("mt", include_str!("texts/mt.json")),
        ("nl", include_str!("texts/nl.json")),
        ("pl", include_str!("texts/pl.json")),
        ("pt", include_str!("texts/pt.json")),
        ("ro", include_str!("texts/ro.json")),
        ("sk", include_str!("texts/sk.json")),
        ("sl", include_str!("texts/sl.json")),
        ("sv", include_str!("texts/sv.json")),
    ];

    /// A config holding the pack of `lang` as its `texts.<lang>`, read without any issue.
    fn with_pack(lang: &str) -> Config {
        let pack = PACKS.iter().find(|(l, _)| *l == lang).map(|(_, p)| *p).unwrap_or("{}");
        let (config, issues) = Config::from_json(&format!("{{\"texts\": {{\"{lang}\": {pack}}}}}"));
        assert_eq!(issues, [], "the {lang} pack is a valid texts.{lang}");
        config
    }

    /// Every language Biscotte has words for, built in or as a pack.
    fn every_language() -> Vec<(&'static str, Config)> {
        BUILTIN_LANGUAGES.iter().map(|l| (*l, Config::default())).chain(PACKS.iter().map(|(l, _)| (*l, with_pack(l)))).collect()
    }

    #[test]
    fn every_key_is_written_in_every_language() {
        for lang in BUILTIN_LANGUAGES {
            for key in TextKey::ALL {
                let t = builtin(lang, key).unwrap_or("");
                assert!(!t.trim().is_empty(), "{lang} {key} is empty");
            }
        }
        assert_eq!(TABLES.len(), BUILTIN_LANGUAGES.len());
        for ((l, table), b) in TABLES.iter().zip(BUILTIN_LANGUAGES) {
            assert_eq!(l, b);
            assert_eq!(table.split(char::from(SEP)).count(), COUNT, "{l}: one text per key, none containing the separator");
        }
        // A pack has every key, in the order of the built-in tables, and nothing else.
        assert_eq!(PACKS.map(|(l, _)| l), PACK_LANGUAGES);
        for (lang, pack) in PACKS {
            let Ok(Json::Obj(pairs)) = json::parse(pack) else { panic!("{lang}: not a JSON object") };
            let names: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
            assert_eq!(names, TextKey::ALL.map(TextKey::as_str), "{lang}");
            let config = with_pack(lang);
            for key in TextKey::ALL {
                assert_eq!(Some(text(&config, lang, key)), pairs[index(key)].1.as_str(), "{lang} {key}");
            }
        }
    }

    #[test]
    fn keys_round_trip_and_follow_the_tables() {
        for (i, key) in TextKey::ALL.iter().enumerate() {
            assert_eq!(index(*key), i);
            assert_eq!(TextKey::from_name(key.as_str()), Some(*key));
        }
        assert_eq!(TextKey::from_name("acceptall"), None);
        assert_eq!(TextKey::from_name(""), None);
    }

    #[test]
    fn wording_is_neutral() {
        assert_eq!(builtin("fr", TextKey::AcceptAll), Some("Tout accepter"));
        assert_eq!(builtin("fr", TextKey::RejectAll), Some("Tout refuser"));
        assert_eq!(builtin("fr", TextKey::Customise), Some("Personnaliser"));
        let ja = with_pack("ja");
        assert_eq!(text(&ja, "ja", TextKey::AcceptAll), "すべて同意する");
        assert_eq!(text(&ja, "ja", TextKey::RejectAll), "すべて拒否する");
        // The banner text points to the settings entry by its real name.
        for (lang, config) in every_language() {
            let body = text(&config, lang, TextKey::BannerText);
            let settings = text(&config, lang, TextKey::PreferencesTitle);
            assert!(body.contains(settings), "{lang}: banner text does not name {settings:?}");
        }
    }

    #[test]
    fn accept_and_reject_weigh_the_same() {
        for (lang, config) in every_language() {
            let (accept, reject) = (text(&config, lang, TextKey::AcceptAll), text(&config, lang, TextKey::RejectAll));
            let words = |t: &str| t.split_whitespace().count();
            assert_eq!(words(accept), words(reject), "{lang}: {accept:?} / {reject:?}");
            assert!(accept.chars().count().abs_diff(reject.chars().count()) <= 6, "{lang}: {accept:?} / {reject:?}");
        }
    }

    #[test]
    fn durations_have_one_form_per_plural_class() {
        use crate::core::cookie_rows::plural;
        let units = [TextKey::DurationMinutes, TextKey::DurationDays, TextKey::DurationMonths, TextKey::DurationYears];
        for (lang, config) in every_language() {
            let classes = (0..=200).map(|n| plural(lang, n)).max().unwrap_or(0) + 1;
            for key in units {
                let forms: Vec<&str> = text(&config, lang, key).split('|').collect();
                assert!(forms.len() == classes || forms.len() == 1, "{lang} {key}: {} forms for {classes} plural classes", forms.len());
                assert!(forms.iter().all(|f| f.matches("{n}").count() == 1), "{lang} {key}: each form says {{n}} once");
            }
            for key in TextKey::ALL.iter().filter(|k| !units.contains(k)) {
                assert!(!text(&config, lang, *key).contains('|'), "{lang} {key}: no | outside durations");
            }
        }
    }

    #[test]
    fn builtin_matches_on_the_primary_subtag() {
        assert_eq!(builtin("fr-CA", TextKey::Save), builtin("fr", TextKey::Save));
        assert_eq!(builtin("FR", TextKey::Save), Some("Enregistrer mes choix"));
        assert_eq!(builtin("de", TextKey::Save), None, "a pack, not built in");
        assert_eq!(builtin("zh", TextKey::Save), None);
        assert_eq!(builtin("", TextKey::Save), None);
    }

    #[test]
    fn overrides_take_precedence_then_fall_back() {
        let mut config = Config::default();
        let add = |c: &mut Config, l: &str, k: &str, t: &str| c.texts.push((l.into(), k.into(), t.into()));
        add(&mut config, "fr", "acceptAll", "J’accepte tout");
        add(&mut config, "pt", "save", "Salvar");
        add(&mut config, "en", "bannerTitle", "Cookies on Data Corsica");
        add(&mut config, "fr", "save", "");
        // Override for the language.
        assert_eq!(text(&config, "fr", TextKey::AcceptAll), "J’accepte tout");
        // Built-in for the language when not overridden.
        assert_eq!(text(&config, "fr", TextKey::RejectAll), "Tout refuser");
        // Override for the primary subtag.
        assert_eq!(text(&config, "pt-br", TextKey::Save), "Salvar");
        // An empty override is ignored.
        assert_eq!(text(&config, "fr", TextKey::Save), "Enregistrer mes choix");
        // Built-in language beats the English override.
        assert_eq!(text(&config, "fr", TextKey::BannerTitle), "Ce site utilise des cookies");
        // Unknown language: English override, then built-in English.
        assert_eq!(text(&config, "zh", TextKey::BannerTitle), "Cookies on Data Corsica");
        assert_eq!(text(&config, "zh", TextKey::AcceptAll), "Accept all");
        // An override for a language with no built-in texts.
        add(&mut config, "eu", "acceptAll", "Onartu guztiak");
        assert_eq!(text(&config, "eu", TextKey::AcceptAll), "Onartu guztiak");
        assert_eq!(text(&config, "eu", TextKey::RejectAll), "Reject all");
    }

    #[test]
    fn category_titles_use_labels_then_builtins_then_ids() {
        let mut config = Config::default();
        config.categories.push(Category { id: "maps".into(), ..Category::default() });
        config.categories.push(Category {
            id: "video".into(),
            label: Localized::of(&[("fr", "Vidéos"), ("en", "Videos")]),
            ..Category::default()
        });
        let titles: Vec<&str> = config.categories.iter().map(|c| category_title(&config, c, "fr")).collect();
        assert_eq!(titles, ["Nécessaires", "Statistiques", "Cookies tiers", "maps", "Vidéos"]);
        let stat = config.category("statistical").unwrap();
        assert!(category_text(&with_pack("ja"), stat, "ja").contains("アクセス解析"));
        assert_eq!(category_text(&config, config.category("maps").unwrap(), "en"), "");
    }

    #[test]
    fn detects_right_to_left_languages() {
        for rtl in ["ar", "he", "fa", "ur", "ar-EG", "HE", "fa_IR"] {
            assert!(is_rtl(rtl), "{rtl}");
        }
        for ltr in ["en", "fr", "ja", "", "arn", "hr"] {
            assert!(!is_rtl(ltr), "{ltr}");
        }
    }
}
