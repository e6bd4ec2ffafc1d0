//! The integrator's configuration, as plain data.
//!
//! Why plain structs and not serde derives: the browser build must stay small
//! and validation must report *every* problem with its path at once, keeping a
//! safe default for each bad part (see `docs/adr/003-config-ingress.md`).
//! Parsing and validation live in [`crate::core::config_parse`].

use crate::prelude::*;

use crate::strings::owned::owned_pairs;

/// Text in several languages: `(language, text)` pairs, e.g. `("fr", "Statistiques")`.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Localized(pub Vec<(String, String)>);

impl Localized {
    /// One text for every language.
    pub fn any(text: &str) -> Self {
        Localized(vec![(String::new(), text.into())])
    }

    /// Builds from `(language, text)` pairs.
    #[cfg(all(test, not(target_arch = "wasm32")))]
    pub fn of(pairs: &[(&str, &str)]) -> Self {
        Localized(owned_pairs(pairs))
    }

    /// The text for `lang`, else English, else the language-neutral entry, else the first.
    pub fn get(&self, lang: &str) -> &str {
        let find = |l: &str| self.0.iter().find(|(k, _)| k == l).map(|(_, t)| t.as_str());
        find(lang)
            .or_else(|| find("en"))
            .or_else(|| find(""))
            .or_else(|| self.0.first().map(|(_, t)| t.as_str()))
            .unwrap_or("")
    }

    /// True when no text is given in any language.
    pub fn is_empty(&self) -> bool {
        self.0.iter().all(|(_, t)| t.is_empty())
    }
}

/// The `SameSite` attribute of the consent cookie.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SameSite {
    /// Sent on top-level navigations from other sites (the default).
    #[default]
    Lax,
    /// Never sent from other sites.
    Strict,
    /// Always sent; browsers then require `Secure`.
    None,
}

impl SameSite {
    /// The attribute value as written in `Set-Cookie`.
    pub fn as_str(self) -> &'static str {
        match self {
            SameSite::Lax => "Lax",
            SameSite::Strict => "Strict",
            SameSite::None => "None",
        }
    }
}

/// Where the first layer sits (`layout` in the config).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Layout {
    /// A bar across the bottom of the window (the default).
    #[default]
    Bar,
    /// A box in the bottom corner (the inline-end corner: right, or left in RTL).
    Box,
}

impl Layout {
    /// `bar` or `box`, as written in the config and on the host's `data-layout`.
    pub fn as_str(self) -> &'static str {
        match self {
            Layout::Bar => "bar",
            Layout::Box => "box",
        }
    }
}

/// Colour scheme of the banner and dialog (`theme` in the config).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Theme {
    /// Follows the visitor's `prefers-color-scheme` (the default).
    #[default]
    Auto,
    /// Always light.
    Light,
    /// Always dark.
    Dark,
    /// The French State's design system (DSFR): its colours, type, square buttons and focus
    /// ring, light or dark as `prefers-color-scheme` says (docs/adr/014-looks-and-dsfr.md).
    Dsfr,
}

impl Theme {
    /// `auto`, `light`, `dark` or `dsfr`, as written in the config and on the host's `data-theme`.
    pub fn as_str(self) -> &'static str {
        match self {
            Theme::Auto => "auto",
            Theme::Light => "light",
            Theme::Dark => "dark",
            Theme::Dsfr => "dsfr",
        }
    }
}

/// Where and how the visitor's choice is stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CookieSettings {
    /// Cookie name; `cookies_preferences` by default, as on Opendatasoft portals.
    pub name: String,
    /// `Domain` attribute; `None` keeps the cookie on the current host only.
    pub domain: Option<String>,
    /// `Path` attribute; `/` by default.
    pub path: String,
    /// `SameSite` attribute; `Lax` by default.
    pub same_site: SameSite,
    /// `Secure` attribute: `None` sets it exactly when the page is served over https.
    pub secure: Option<bool>,
}

impl Default for CookieSettings {
    fn default() -> Self {
        CookieSettings {
            name: "cookies_preferences".into(),
            domain: None,
            path: "/".into(),
            same_site: SameSite::Lax,
            secure: None,
        }
    }
}

/// One row of the cookie table shown to visitors.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct CookieInfo {
    /// Cookie name as the browser shows it, e.g. `sessionid` or `_ga_*`.
    pub name: String,
    /// Who sets it, e.g. `Opendatasoft`.
    pub provider: String,
    /// Why it is set.
    pub purpose: Localized,
    /// How long it lives, in words (e.g. "Session", "13 months").
    pub duration: Localized,
}

/// A service inside a category (e.g. Matomo inside `statistical`).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Service {
    /// Identifier used in markup (`data-service`) and in the cookie: `[a-z0-9_-]`, 1–32 chars.
    pub id: String,
    /// Name shown to visitors.
    pub label: Localized,
    /// Cookies it sets, as exact names or `*` patterns (`_ga`, `_ga_*`, `_pk_id.*`), deleted on withdrawal.
    pub cookies: Vec<String>,
    /// URL patterns of the scripts and frames it loads (hosts or path globs), for dynamic blocking.
    pub urls: Vec<String>,
    /// Whether the visitor may toggle this service on its own (else it follows its category).
    pub toggle: bool,
    /// Exempt audience measurement (`"exempt": true`): runs without consent until the visitor
    /// objects; `None` for a service that needs consent (`crate::core::exempt`).
    pub exempt: Option<Exempt>,
}

/// How an exempt service's tracker is told its mode (`crate::core::exempt::calls`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exempt {
    /// The page's own markup only: Biscotte tells no tracker anything.
    Plain,
    /// Matomo (`_paq`): the CNIL's exempt settings the tracker's calls can set.
    Matomo,
    /// Piano Analytics (`pa.consent`, `pdl`): `essential` (its exempt mode), `opt-in` after consent.
    Piano,
}

/// A purpose the visitor decides on (necessary, statistical, third-party…).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Category {
    /// Identifier used in markup (`data-category`) and in the cookie: `[a-z0-9_-]`, 1–32 chars.
    pub id: String,
    /// Necessary categories are always on and shown read-only.
    pub necessary: bool,
    /// Title shown to visitors.
    pub label: Localized,
    /// What the category is for.
    pub description: Localized,
    /// Services inside it.
    pub services: Vec<Service>,
    /// Cookie table rows for this category.
    pub cookies: Vec<CookieInfo>,
    /// The policy revision in which this purpose last changed; `None`: it changes with every
    /// revision. A record made under an older revision asks again about it (ADR 016).
    pub revision: Option<u32>,
}

/// Per-language overrides of the built-in texts: `(language, key, text)`.
pub type TextOverrides = Vec<(String, String, String)>;

/// Longest consent lifetime accepted: 13 months (CNIL recommendation), in days.
pub const MAX_LIFETIME_DAYS: u32 = 395;
/// Default consent lifetime: 6 months, in days.
pub const DEFAULT_LIFETIME_DAYS: u32 = 182;
/// Default lifetime of a refusal: 6 months, in days (CNIL; ADR 016).
pub const DEFAULT_REFUSAL_DAYS: u32 = 182;

/// What the browser's Global Privacy Control signal does (`globalPrivacyControl`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Gpc {
    /// Ignored (`false`): no notice; the record still says whether it was present.
    Off,
    /// The banner says the signal was seen; optional purposes stay refused until chosen (`"notice"`, `true`).
    #[default]
    Notice,
    /// A refusal of every optional purpose, without a banner; the dialog still opts in (`"refuse"`).
    Refuse,
}

/// The whole configuration. `Config::default()` is the Opendatasoft portal policy.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Config {
    /// Policy revision: raising it asks every visitor again.
    pub revision: u32,
    /// How long an acceptance stays valid, in days (1 to [`MAX_LIFETIME_DAYS`]).
    pub lifetime_days: u32,
    /// How long a refusal stays valid, in days (1 to [`MAX_LIFETIME_DAYS`]): not asked again sooner.
    pub refusal_days: u32,
    /// The consent cookie.
    pub cookie: CookieSettings,
    /// Categories in display order.
    pub categories: Vec<Category>,
    /// Language forced by the integrator; `None` lets the page and browser decide.
    pub language: Option<String>,
    /// Language used when nothing else matches.
    pub default_language: String,
    /// Languages the portal offers; empty means every built-in language.
    pub languages: Vec<String>,
    /// Overrides of built-in texts.
    pub texts: TextOverrides,
    /// Folder the language packs are loaded from (`textsUrl`); `None`: beside the script.
    pub texts_url: Option<String>,
    /// Link to the portal's cookie policy page.
    pub policy_url: Option<String>,
    /// Bottom bar or corner box.
    pub layout: Layout,
    /// Light, dark, or following the visitor's system setting.
    pub theme: Theme,
    /// Whether a small "Cookie settings" button stays on the page after a decision to reopen the dialog.
    pub floating_button: bool,
    /// Google Consent Mode v2; `None` leaves `gtag` alone.
    pub consent_mode: Option<ConsentMode>,
    /// The other trackers' consent modes (Microsoft UET and Clarity, Matomo, Piano Analytics).
    pub consent_modes: ConsentModes,
    /// What Global Privacy Control does.
    pub gpc: Gpc,
    /// Where to send each decision as proof of consent (JSON, `sendBeacon`); `None` sends nothing.
    pub consent_log_url: Option<String>,
    /// Report in the console each request to a refused service's URL that was made anyway
    /// (what no page script can hold), and each cookie on the page no category or service declares.
    pub audit: bool,
    /// Keep the visitor's own copy of each decision's proof in `localStorage` (`biscotte:proof`).
    pub proof_storage: bool,
    /// Reload the page after a withdrawal when a script of a now-refused service ran on it.
    pub reload_on_withdrawal: bool,
}

fn opendatasoft(name: &str) -> CookieInfo {
    CookieInfo { name: name.into(), provider: "Opendatasoft".into(), ..CookieInfo::default() }
}

impl Category {
    /// The default `necessary` category (the portal's own cookies), also given to a
    /// configuration that declares no necessary category. Purposes and durations come from
    /// `core::cookie_rows`, in the visitor's language.
    pub fn default_necessary() -> Self {
        let necessary_cookies = ["sessionid", "django_language", "csrftoken", "cookies_preferences"].map(opendatasoft).into();
        Category {
            id: "necessary".into(),
            necessary: true,
            label: Localized::default(),
            description: Localized::default(),
            services: Vec::new(),
            cookies: necessary_cookies,
            revision: None,
        }
    }
}

impl Default for Config {
    fn default() -> Self {
        Config {
            revision: 1,
            lifetime_days: DEFAULT_LIFETIME_DAYS,
            refusal_days: DEFAULT_REFUSAL_DAYS,
            cookie: CookieSettings::default(),
            categories: vec![
                Category::default_necessary(),
                Category { id: "statistical".into(), ..Category::default() },
                Category { id: "third_party".into(), ..Category::default() },
            ],
            language: None,
            default_language: "en".into(),
            languages: Vec::new(),
            texts: Vec::new(),
            texts_url: None,
            policy_url: None,
            layout: Layout::Bar,
            theme: Theme::Auto,
            floating_button: false,
            consent_mode: None,
            consent_modes: ConsentModes::default(),
            gpc: Gpc::Notice,
            consent_log_url: None,
            audit: false,
            proof_storage: true,
            reload_on_withdrawal: false,
        }
    }
}

impl Config {
    /// How long an acceptance stays valid, in seconds: the age past which it has expired.
    pub fn lifetime_seconds(&self) -> u64 {
        u64::from(self.lifetime_days).saturating_mul(86_400)
    }

    /// How long a refusal stays valid, in seconds.
    pub fn refusal_seconds(&self) -> u64 {
        u64::from(self.refusal_days).saturating_mul(86_400)
    }

    /// The consent cookie's `Max-Age`: the longer of the two lifetimes, so neither is cut short.
    pub fn cookie_seconds(&self) -> u64 {
        self.lifetime_seconds().max(self.refusal_seconds())
    }

    /// The revision in which `category` last changed: its own `revision`, else the policy's.
    pub fn purpose_revision(&self, category: &str) -> u32 {
        self.category(category).and_then(|c| c.revision).unwrap_or(self.revision)
    }

    /// Whether any service names URL patterns: only then has the browser layer anything to guard.
    pub fn has_url_patterns(&self) -> bool {
        self.categories.iter().any(|c| c.services.iter().any(|s| !s.urls.is_empty()))
    }

    /// The category with this id.
    pub fn category(&self, id: &str) -> Option<&Category> {
        self.categories.iter().find(|c| c.id == id)
    }
}

/// Google Consent Mode v2 settings (`crate::core::gcm` computes the states from them).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConsentMode {
    /// `(consent type, category or category/service)` pairs.
    pub map: Vec<(String, String)>,
}

impl Default for ConsentMode {
    /// Analytics from `statistical`; ads and personalisation from `third_party`;
    /// functionality and security from `necessary`.
    fn default() -> Self {
        let pairs = [
            ("ad_storage", "third_party"),
            ("ad_user_data", "third_party"),
            ("ad_personalization", "third_party"),
            ("analytics_storage", "statistical"),
            ("functionality_storage", "necessary"),
            ("personalization_storage", "third_party"),
            ("security_storage", "necessary"),
        ];
        ConsentMode { map: owned_pairs(&pairs) }
    }
}

/// Which choice each of the other trackers' consent modes follows (`consentModes`;
/// `crate::core::vendors` makes the commands); `None` leaves the vendor alone.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ConsentModes {
    /// Microsoft UET (`uetq`): `ad_storage`.
    pub uet: Option<String>,
    /// Microsoft Clarity (`clarity('consentv2', …)`): `analytics_Storage`.
    pub clarity: Option<String>,
    /// Matomo (`_paq`): tracking consent.
    pub matomo: Option<String>,
    /// Matomo's cookie consent instead: it tracks without cookies until consent.
    pub matomo_cookies: bool,
    /// Piano Analytics (`pa.consent`, `pdl`): `opt-in` when granted, `opt-out` otherwise.
    pub piano: Option<String>,
}
