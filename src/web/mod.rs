//! The browser edge: reads the page into core types, renders what the core
//! decides, writes the cookie, activates gated markup. No consent rule lives
//! here; every rule is in `crate::core` and tested natively.
//!
//! State is one owned [`App`] in a static cell (`local::locals!`). Event
//! handlers borrow it with `try_borrow_mut` and release it before calling back
//! into page code, so a page script that calls the API from an event handler
//! cannot re-enter a held borrow.

use crate::prelude::*;

#[cfg(target_arch = "wasm32")]
mod alloc;
mod banner;
mod blocker;
mod callback;
mod dom;
mod embeds;
mod events;
mod gate;
mod gcm;
mod jar;
mod json;
mod local;
mod page;
mod proof;

use core::cell::{Cell, RefCell};
use ::alloc::rc::Rc;

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use web_sys::{Element, Event, HtmlElement};

use crate::core::codec::encode;
use crate::strings::concat::concat;
use crate::core::config::Config;
use crate::core::config_parse::{is_usable, Severity};
use crate::core::consent::{consent_id, decide, Choice, Consent, Decision, Status};
use crate::core::cookie::set_cookie;
use crate::core::lang::{choose, page_language_without_texts, LangInputs};
use crate::core::texts::{add_texts, is_rtl};
use crate::core::reader::read;

use banner::Ui;
use local::locals;

struct App {
    /// Shared with `gate`'s rules (no copy of the whole config).
    config: Rc<Config>,
    lang: String,
    /// Shared, not copied, with the steps that follow a decision.
    consent: Option<Rc<Consent>>,
    ui: Option<Ui>,
    /// Element focused before the dialog opened, to give focus back.
    opener: Option<HtmlElement>,
}

locals! {
    static APP: RefCell<Option<App>> = RefCell::new(None);
    static LISTENING: Cell<bool> = Cell::new(false);
}

fn with_app<R>(f: impl FnOnce(&mut App) -> R) -> Option<R> {
    APP.with(|cell| cell.try_borrow_mut().ok()?.as_mut().map(f))
}

impl App {
    /// Makes `consent` the current decision: the banner and the dialog close, the floating button shows.
    fn adopt(&mut self, consent: &Rc<Consent>) {
        self.consent = Some(consent.clone());
        if let Some(ui) = &self.ui {
            banner::close(ui);
            banner::show_floating(ui, &self.config, &self.lang);
        }
    }
}

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

fn load_config(config: &JsValue) -> Config {
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

fn language(config: &Config) -> String {
    let cookies = page::cookies();
    let django = crate::core::cookie::values(&cookies, "django_language").next();
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

/// Starts Biscotte on this page with a configuration (a JSON string, a plain object, or nothing for the defaults).
///
/// With a stored, valid choice it activates what was accepted and shows no
/// banner; otherwise it shows the banner and nothing optional runs.
#[wasm_bindgen]
pub fn start(config: JsValue) {
    let config = Rc::new(load_config(&config));
    let lang = language(&config);
    let verdict = read(&config, &page::cookies(), page::now());
    if let Some(error) = verdict.error {
        page::warn(&concat(&["the stored choice was ignored (", error.as_str(), "); asking again"]));
    }
    let consent = match verdict.status {
        Status::Decided(consent) => Some(Rc::new(consent)),
        Status::Ask(_) => None,
    };
    let decided = consent.is_some();
    gate::install(&config, consent.clone());
    gcm::send("default", &config, None);
    if consent.is_some() {
        gcm::send("update", &config, consent.as_deref());
    }
    blocker::set_nonce(page::own_nonce());
    jar::delete_refused(&config, consent.as_deref());
    APP.with(|cell| {
        if let Ok(mut slot) = cell.try_borrow_mut() {
            if let Some(old) = slot.take().and_then(|a| a.ui) {
                old.host.remove();
            }
            *slot = Some(App { config, lang, consent, ui: None, opener: None });
        }
    });
    listen_for_openers();
    events::listen_to_other_tabs(resync);
    // The gate and Consent Mode are in place now; what needs the whole document
    // (gated markup, <body>) waits for it when Biscotte runs at the top of <head>.
    let parsed = page::document().is_some_and(|d| d.body().is_some() && d.ready_state() != "loading");
    if parsed {
        begin(decided);
    } else {
        page::when_parsed(move || begin(decided));
    }
}

/// The visible part of starting: activation with a stored choice, else the banner.
fn begin(decided: bool) {
    placeholders();
    if decided {
        apply();
        show_floating();
        if let Some(consent) = with_app(|app| app.consent.clone()).flatten() {
            events::dispatch("biscotte:consent", &consent);
        }
    } else {
        show();
    }
}

/// Shows the first layer of the banner.
#[wasm_bindgen]
pub fn show() {
    with_app(|app| {
        let doc = page::document()?;
        let ui = ensure_ui(&mut app.ui, &app.lang)?;
        banner::show_banner(&doc, ui, &app.config, &app.lang)
    });
}

/// The floating "Cookie settings" button, when the config asks for one.
fn show_floating() {
    with_app(|app| {
        if !app.config.floating_button {
            return None;
        }
        let ui = ensure_ui(&mut app.ui, &app.lang)?;
        banner::show_floating(ui, &app.config, &app.lang)
    });
}

/// Opens the preferences dialog.
#[wasm_bindgen(js_name = showPreferences)]
pub fn show_preferences() {
    let active = page::document().and_then(|d| d.active_element()).and_then(|e| e.dyn_into::<HtmlElement>().ok());
    with_app(|app| {
        app.opener = active;
        let doc = page::document()?;
        let consent = app.consent.clone();
        let ui = ensure_ui(&mut app.ui, &app.lang)?;
        banner::show_preferences(&doc, ui, &app.config, &app.lang, consent.as_deref())
    });
}

/// Accepts every category, as the banner's button does.
#[wasm_bindgen(js_name = acceptAll)]
pub fn accept_all() {
    commit(Decision::AcceptAll);
}

/// Refuses every optional category, as the banner's button does.
#[wasm_bindgen(js_name = rejectAll)]
pub fn reject_all() {
    commit(Decision::RejectAll);
}

/// Whether a category (or `category/service`) is accepted right now.
#[wasm_bindgen]
pub fn accepted(name: &str) -> bool {
    with_app(|app| {
        app.consent.as_ref().is_some_and(|c| c.allows_name(name))
    })
    .unwrap_or(false)
}

/// The mounted UI, mounting it on first use. Takes the field, not the whole
/// `App`, so callers can still read the config beside it.
fn ensure_ui<'a>(ui: &'a mut Option<Ui>, lang: &str) -> Option<&'a Ui> {
    if ui.is_none() {
        let doc = page::document()?;
        let mounted = banner::mount(&doc, lang, is_rtl(lang))?;
        listen_inside(&mounted);
        *ui = Some(mounted);
    }
    ui.as_ref()
}

fn commit(decision: Decision) {
    let done = with_app(|app| {
        let id = consent_id(&page::random_bytes());
        let consent = Rc::new(decide(&app.config, &decision, app.consent.as_deref(), &id, page::now()));
        let lifetime = u64::from(app.config.lifetime_days) * 86_400;
        let stored = page::set_cookie(&set_cookie(&app.config.cookie, &encode(&consent), lifetime, page::is_https()));
        if !stored {
            page::error("cookies are unavailable; the choice applies to this page only");
        }
        let changed = app.consent.as_ref().map(|c| &c.choices) != Some(&consent.choices);
        app.adopt(&consent);
        (consent, changed, app.opener.take())
    });
    let Some((consent, changed, opener)) = done else { return };
    if let Some(opener) = opener {
        let _ = opener.focus();
    }
    settle(&consent);
    with_app(|app| proof::log(&app.config, &consent, &app.lang));
    events::dispatch("biscotte:consent", &consent);
    if changed {
        events::changed(&consent, false);
    }
}

/// Brings the page in line with a decision: the gate's rules, refused cookies, activation.
fn settle(consent: &Rc<Consent>) {
    gate::update(Some(Rc::clone(consent)));
    with_app(|app| {
        gcm::send("update", &app.config, Some(consent));
        jar::delete_refused(&app.config, Some(consent))
    });
    blocker::activate(consent);
    placeholders();
}

fn placeholders() {
    with_app(|app| embeds::show_placeholders(&app.config, app.consent.as_deref(), &app.lang, allow_service));
}

/// "Always allow" on an embed placeholder: keep every other choice, grant this service (or category).
fn allow_service(category: &str, service: Option<&str>) {
    let choices = with_app(|app| {
        let mut choices = app.consent.as_ref().map(|c| c.choices.clone()).unwrap_or_default();
        // First: `decide` takes the first choice for a category or service, so this one wins.
        choices.insert(0, match service {
            Some(s) => Choice::service(category, s, true),
            None => Choice::category(category, true),
        });
        choices
    });
    if let Some(choices) = choices {
        commit(Decision::Custom(choices));
    }
}

/// Another tab decided: re-read the cookie and follow it, without a reload.
fn resync() {
    let update = with_app(|app| {
        let verdict = read(&app.config, &page::cookies(), page::now());
        let Status::Decided(consent) = verdict.status else { return None };
        let consent = Rc::new(consent);
        if app.consent.as_ref().map(|c| &c.choices) == Some(&consent.choices) {
            return None;
        }
        app.adopt(&consent);
        Some(consent)
    })
    .flatten();
    if let Some(consent) = update {
        settle(&consent);
        events::changed(&consent, true);
    }
}

/// Calls `callback(detail)` whenever the decision changes (here or in another tab).
#[wasm_bindgen(js_name = onChange)]
pub fn on_change(callback: js_sys::Function) {
    events::on_change(callback);
}

/// Activates what the current consent allows.
fn apply() {
    let consent = with_app(|app| app.consent.clone()).flatten();
    if let Some(consent) = consent {
        blocker::activate(&consent);
    }
}

fn on_click(event: JsValue) {
    let event: Event = event.unchecked_into();
    let Some(target) = dom::closest_action(&event) else { return };
    match target.get_attribute("data-action").as_deref() {
        Some("accept") => commit(Decision::AcceptAll),
        Some("reject") => commit(Decision::RejectAll),
        Some("customise") => show_preferences(),
        Some("switch") => banner::toggle(&target),
        Some("save") => {
            if let Some(Some(choices)) = with_app(|app| app.ui.as_ref().map(banner::read_switches)) {
                commit(Decision::Custom(choices));
            }
        }
        _ => {}
    }
}

/// Escape on the dialog: the browser closes it; we go back to the banner when no choice exists yet.
fn on_cancel(event: JsValue) {
    event.unchecked_ref::<Event>().prevent_default();
    let undecided = with_app(|app| {
        // The banner stays under the dialog; closing gives focus back to the opener.
        let banner_shown = app.ui.as_ref().is_some_and(banner::close_dialog);
        (app.consent.is_none() && !banner_shown, app.opener.take())
    });
    if let Some((undecided, opener)) = undecided {
        if undecided {
            show();
        } else if let Some(opener) = opener {
            let _ = opener.focus();
        }
    }
}

fn listen_inside(ui: &Ui) {
    let _ = dom::listen(&ui.root, "click", &callback::handler(on_click), &JsValue::UNDEFINED);
    let _ = dom::listen(&ui.root, "cancel", &callback::handler(on_cancel), &JsValue::TRUE);
}

/// One page-lifetime listener for `[data-biscotte-open]` anywhere in the document.
fn listen_for_openers() {
    let first = LISTENING.with(|l| !l.replace(true));
    let Some(doc) = page::document().filter(|_| first) else { return };
    let handler = callback::handler(|event| {
        let event: Event = event.unchecked_into();
        let opener = event
            .target()
            .and_then(|t| t.dyn_into::<Element>().ok())
            .and_then(|e| e.closest("[data-biscotte-open]").ok().flatten());
        if opener.is_some() {
            event.prevent_default();
            show_preferences();
        }
    });
    let _ = dom::listen(&doc, "click", &handler, &JsValue::UNDEFINED);
}
