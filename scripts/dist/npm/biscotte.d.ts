/**
 * Biscotte: a small, strict cookie-consent banner for open-data portals (Rust compiled to
 * WebAssembly, inside this module).
 *
 * ```ts
 * import { init } from 'biscotte';
 * init({ policyUrl: '/pages/cookies/', categories: [{ id: 'statistical', services: [{ preset: 'matomo' }] }, { id: 'third_party' }] });
 * ```
 *
 * Every configuration key is optional. Nothing in a configuration can grant consent: optional
 * categories always start refused. Invalid parts are reported in the console with their path and
 * keep their safe default.
 */

/** Starts Biscotte on this page: gates dynamically added trackers at once, then shows the banner
 * (or applies the stored choice) once the document is parsed. Calling it again restarts with the
 * new configuration. Returns false, with the reason in the console, when Biscotte cannot run (no
 * browser, WebAssembly blocked by the Content-Security-Policy): gated markup then stays inert. */
export function init(config?: BiscotteConfig | string): boolean;

/** Shows the banner's first layer. */
export function show(): void;

/** Opens the preferences dialog. */
export function showPreferences(): void;

/** Accepts every category, as the banner's button does. */
export function acceptAll(): void;

/** Refuses every optional category, as the banner's button does. */
export function rejectAll(): void;

/** Whether a category (`"statistical"`) or one of its services (`"statistical/matomo"`) is accepted
 * now; false before init() and before the visitor chose. */
export function accepted(name: string): boolean;

/** Calls `callback` with the decision whenever it changes, here or in another tab of the site. */
export function onChange(callback: (decision: Decision) => void): void;

/** A decision: `true` for each accepted category id and `category/service` pair, `false` for each
 * refused one. Also the `detail` of the `biscotte:consent` and `biscotte:change` document events. */
export type Decision = Record<string, boolean>;

/** The configuration (the README's "Configuration" section describes each key). */
export interface BiscotteConfig {
  /** Policy revision (≥ 1, default 1): raising it asks again about the purposes changed in it
   * (a category's own `revision`; without one, every purpose changes with each revision), never
   * about one refused less than `refusalDays` ago. */
  revision?: number;
  /** How long an acceptance is kept, 1 to 395 days (default 182). */
  lifetimeDays?: number;
  /** How long a refusal is kept (not asked again sooner), 1 to 395 days (default 182). */
  refusalDays?: number;
  /** The consent cookie's name and attributes. */
  cookie?: CookieOptions;
  /** The purposes in display order (default: necessary, statistical, third_party). Without a
   * necessary category, the default one with the four Opendatasoft cookies is added first. At
   * most 48 categories and toggleable services in all. */
  categories?: Category[];
  /** Forces a language; otherwise: django_language cookie, `<html lang>`, navigator.languages,
   * then defaultLanguage. */
  language?: LanguageTag;
  /** Used when nothing else matches (default "en"). */
  defaultLanguage?: LanguageTag;
  /** The languages the portal offers (`"fr-FR"` matches `"fr"`); default: en, fr and every
   * language whose texts are all given in `texts`. */
  languages?: LanguageTag[];
  /** Per-language texts, e.g. `{ fr: { acceptAll: "J'accepte tout" } }` or a language pack:
   * `import de from 'biscotte/texts/de'` then `{ de }`. A missing key falls back to the built-in
   * text, then to English. */
  texts?: Record<LanguageTag, Partial<Record<TextKey, string>>>;
  /** A folder URL (http(s) or relative) serving the language packs as `<lang>.json` (copies of
   * the one-file build's `dist/texts/`): the pack of a visitor's
   * language that is neither built in nor in `texts` is then fetched from there (CSP
   * `connect-src`). Without it, the npm module fetches nothing: import the packs you need. */
  textsUrl?: string;
  /** Link to the cookie policy (http(s) or relative). */
  policyUrl?: string;
  /** A bar along the bottom (default) or a box in the corner. */
  layout?: 'bar' | 'box';
  /** Follows the visitor's colour scheme by default; 'dsfr': the French State's design system. */
  theme?: 'auto' | 'light' | 'dark' | 'dsfr';
  /** A small button to reopen the preferences after a choice (default false). */
  floatingButton?: boolean;
  /** Google Consent Mode v2: `true` for the default mapping, or which category (or
   * `category/service`) grants each consent type; unmapped types stay denied. */
  consentMode?: boolean | Partial<Record<ConsentType, string>>;
  /** Other trackers' own consent modes: per vendor, the category (or `category/service`) whose
   * choice it follows. Each gets its default (refused) at start and an update after each decision;
   * none is loaded by Biscotte. */
  consentModes?: ConsentModes;
  /** The browser's Global Privacy Control signal: `'notice'` (default, or `true`) the banner says
   * so; `'refuse'` every optional purpose is refused without a banner (the dialog still opts in);
   * `false` no notice. The record and the proof say whether the signal was present. */
  globalPrivacyControl?: 'notice' | 'refuse' | boolean;
  /** URL receiving each decision as JSON through `navigator.sendBeacon` (proof of consent). */
  consentLogUrl?: string;
  /** Report in the console each request to a refused service's URL that no page script could
   * hold (the HTML parser, `import()`, CSS, a worker), and, after load and after each decision,
   * each cookie present that no category or service declares. Default false. */
  audit?: boolean;
  /** Keep the visitor's own copy of each decision in `localStorage` (`biscotte:proof`, listed
   * among the necessary cookies). Default true; false removes it. */
  proofStorage?: boolean;
  /** After a withdrawal, reload the page when a script of a now-refused service ran on it
   * (embeds are unloaded either way). Default false. */
  reloadOnWithdrawal?: boolean;
}

/** Which choice each tracker's consent mode follows (README, "The trackers' own consent modes"). */
export interface ConsentModes {
  /** Microsoft UET: `uetq.push('consent', 'default' | 'update', { ad_storage })`. */
  uet?: string;
  /** Microsoft Clarity: `clarity('consentv2', { ad_Storage: 'denied', analytics_Storage })`. */
  clarity?: string;
  /** Matomo: `requireConsent` at start, then `setConsentGiven` or `forgetConsentGiven`. */
  matomo?: string;
  /** Matomo without cookies until consent: `requireCookieConsent`, then `setCookieConsentGiven`
   * or `forgetCookieConsentGiven` (instead of `matomo`). */
  matomoCookies?: string;
  /** Piano Analytics: mode `opt-out` until consent, `opt-in` after (`pdl.consent.defaultPreset.PA`
   * and `pa.consent.setMode`). */
  piano?: string;
}

/** A BCP 47 language tag such as `"fr"` or `"pt-BR"`. Built-in texts: en, fr; language packs
 * (`biscotte/texts/<lang>`): de es it nl pt ca ja. */
export type LanguageTag = string;

/** One text, or one per language tag (`{ en: "Statistics", fr: "Statistiques" }`). */
export type Localized = string | Record<LanguageTag, string>;

export interface CookieOptions {
  /** Default "cookies_preferences". */
  name?: string;
  /** `Domain` attribute, e.g. ".data.corsica" to share with subdomains; default: host only. */
  domain?: string;
  /** `Path` attribute, default "/". */
  path?: string;
  /** Default "Lax"; "None" always adds `Secure`. */
  sameSite?: 'Lax' | 'Strict' | 'None' | 'lax' | 'strict' | 'none';
  /** Default: when the page is https. */
  secure?: boolean;
}

/** A purpose. Ids are 1 to 32 of `a-z 0-9 _ -`; `statistical` and `third_party` get built-in
 * titles and descriptions, `necessary` is the always-on category. There is deliberately no
 * `enabled`/`default` key: an optional category cannot start accepted. */
export interface Category {
  id: string;
  /** Always on, not refusable (only for ids other than the built-in optional ones). */
  necessary?: boolean;
  label?: Localized;
  description?: Localized;
  services?: Service[];
  /** Rows of the category's cookie table in the preferences dialog. */
  cookies?: CookieInfo[];
  /** Every service of it is exempt audience measurement (see `ServiceFields.exempt`); not on a
   * necessary category. */
  exempt?: boolean;
  /** The policy revision in which this purpose last changed (1 to `revision`); default: it
   * changes with every revision. */
  revision?: number;
}

/** A service inside a category: its own fields, or a preset with optional additions. */
export type Service = ServiceFields & ({ id: string; preset?: Preset } | { preset: Preset; id?: string });

export interface ServiceFields {
  label?: Localized;
  /** Names or `*` patterns of the cookies deleted when the service is refused or withdrawn. */
  cookies?: string[];
  /** Host names (subdomains included) or `host/path` globs with `*`: scripts and frames other code
   * inserts with these URLs are held until consent. */
  urls?: string[];
  /** Whether the visitor can choose this service on its own in the dialog (default: true for a
   * preset, false for your own services, which then follow their category). */
  toggle?: boolean;
  /** Exempt audience measurement (CNIL): runs before any decision and after a refusal of its
   * category, in its tracker's exempt mode; full mode with consent to its category; stopped, its
   * cookies deleted, when the visitor objects with its own switch. Presets `matomo` and
   * `atinternet` or your own first-party services only. */
  exempt?: boolean;
}

/** Built-in services: Google Analytics 4, Matomo, AT Internet (SmartTag/Xiti), YouTube, Vimeo. */
export type Preset = 'ga4' | 'matomo' | 'atinternet' | 'clarity' | 'uet' | 'youtube' | 'vimeo';

/** A row of a category's cookie table. */
export interface CookieInfo {
  name: string;
  provider?: string;
  purpose?: Localized;
  duration?: Localized;
}

/** Google Consent Mode v2 consent types. */
export type ConsentType =
  | 'ad_storage'
  | 'ad_user_data'
  | 'ad_personalization'
  | 'analytics_storage'
  | 'functionality_storage'
  | 'personalization_storage'
  | 'security_storage';

/** Keys of the texts that `texts` can override. */
export type TextKey =
  | 'bannerTitle'
  | 'bannerText'
  | 'acceptAll'
  | 'rejectAll'
  | 'customise'
  | 'save'
  | 'close'
  | 'policyLink'
  | 'preferencesTitle'
  | 'preferencesText'
  | 'alwaysOn'
  | 'services'
  | 'cookies'
  | 'cookieName'
  | 'cookieProvider'
  | 'cookiePurpose'
  | 'cookieDuration'
  | 'catNecessaryTitle'
  | 'catNecessaryText'
  | 'catStatisticalTitle'
  | 'catStatisticalText'
  | 'catThirdPartyTitle'
  | 'catThirdPartyText'
  | 'embedBlocked'
  | 'loadOnce'
  | 'alwaysAllow'
  | 'gpcNotice'
  | 'dismiss'
  | 'durationSession'
  | 'durationMinutes'
  | 'durationDays'
  | 'durationMonths'
  | 'durationYears'
  | 'purposeVisitor'
  | 'purposeVisit'
  | 'purposeSource'
  | 'purposeRate'
  | 'purposeChoices'
  | 'purposeSignIn'
  | 'purposeLanguage'
  | 'purposeSecurity'
  | 'purposePlayer'
  | 'proofPurpose'
  | 'proofDuration'
  | 'exemptNotice'
  | 'exemptLabel'
  | 'exemptText';
