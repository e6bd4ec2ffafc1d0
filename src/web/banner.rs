//! The banner (first layer), the preferences dialog and the floating
//! "Cookie settings" button, inside a shadow root.
//!
//! The shadow root keeps portal CSS out and ours in; the stylesheet is
//! adopted (constructable `CSSStyleSheet`), which a `style-src` CSP does not
//! govern, with a `<style>` fallback for browsers without it. The dialog is a
//! native `<dialog>` opened with `showModal()`: the browser then makes the
//! page inert, handles Escape, exposes `aria-modal` and gives focus back to
//! the opener when it closes (`docs/adr/004-native-dialog.md`). Layout, theme,
//! RTL, focus ring and reduced motion are CSS driven by host attributes, so
//! this file only writes attributes and text (`docs/adr/006-accessibility.md`).

use crate::prelude::*;

use wasm_bindgen::JsCast;
use web_sys::{Document, Element, HtmlDialogElement, HtmlElement, Node, ShadowRoot};

use crate::core::config::{Category, Config, Gpc};
use crate::core::consent::{Choice, Consent};
use crate::core::exempt::objected;
use crate::core::cookie_rows;
use crate::core::texts::{category_text, category_title, text, TextKey};
use crate::core::links::is_safe_link;
use crate::core::proof::{listed_under, STORAGE_KEY};
use crate::web::dom::{self, add, el, query, query_all};

/// Biscotte's only stylesheet, adopted by the shadow root (works under a strict style-src CSP).
/// Theme: custom properties on #biscotte (README "Theming"). Looks are CSS keyed on host
/// attributes, not Rust (docs/adr/006). The file itself has no comments: they would ship in
/// the wasm, so its notes live here. Its layout whitespace is stripped at compile time.
const STYLE: &[u8] = include_bytes!("style.css");
const STRIPPED: ([u8; crate::strings::css::strip::<0>(STYLE).1], usize) = crate::strings::css::strip(STYLE);
const CSS: &str = match core::str::from_utf8(STRIPPED.0.as_slice()) {
    Ok(css) => css,
    // Unreachable: only ASCII whitespace is removed, so the UTF-8 stays whole.
    Err(_) => "",
};
/// Id of the host element in the page (the theming hook).
pub const HOST_ID: &str = "biscotte";
/// What gets focus first in the banner and the dialog: the first link or button.
const FOCUSABLE: &str = "a[href],button";

/// The mounted UI: the host element and its shadow root (handles: a clone is the same UI).
#[derive(Clone)]
pub struct Ui {
    /// `<div id="biscotte">` at the end of `<body>`, carrying `lang`, `dir`, `data-layout`, `data-theme`.
    pub host: Element,
    /// Its open shadow root, holding the banner, the dialog and the floating button.
    pub root: ShadowRoot,
    /// The page element that had focus when the banner took it, to give it back after a decision.
    pub before: Option<HtmlElement>,
}

/// Creates (or recreates) the host at the end of `<body>` with its shadow root and stylesheet.
pub fn mount(doc: &Document, lang: &str, rtl: bool) -> Option<Ui> {
    if let Some(old) = doc.get_element_by_id(HOST_ID) {
        old.remove();
    }
    unreserve(doc);
    let host = el(doc, "div", &[("id", HOST_ID), ("lang", lang), ("dir", if rtl { "rtl" } else { "ltr" })], "")?;
    let (root, adopted) = dom::shadow(&host, CSS)?;
    if !adopted {
        add(doc, &root, "style", &[], CSS)?;
    }
    doc.body()?.append_child(&host).ok()?;
    Some(Ui { host, root, before: None })
}

/// Layout and theme as host attributes: style.css does the rest.
fn style_host(ui: &Ui, config: &Config) {
    let _ = ui.host.set_attribute("data-layout", config.layout.as_str());
    let _ = ui.host.set_attribute("data-theme", config.theme.as_str());
}

/// Removes every element of the shadow root but the `<style>` fallback and, when `keep` matches, that one.
fn clear(ui: &Ui, keep: Option<&str>) {
    let mut next = ui.root.first_element_child();
    while let Some(child) = next {
        next = child.next_element_sibling();
        if child.tag_name() != "STYLE" && !keep.is_some_and(|k| child.matches(k).unwrap_or(false)) {
            child.remove();
        }
    }
}

/// What the builders below share: the document, and the configuration and language their texts come from.
struct View<'a> {
    doc: &'a Document,
    config: &'a Config,
    lang: &'a str,
}

impl View<'_> {
    fn text(&self, key: TextKey) -> &str {
        text(self.config, self.lang, key)
    }

    fn add(&self, parent: &Node, tag: &str, attrs: &[(&str, &str)], text: &str) -> Option<Element> {
        add(self.doc, parent, tag, attrs, text)
    }

    /// An element showing the text `key`, at the end of `parent`.
    fn add_text(&self, parent: &Node, tag: &str, attrs: &[(&str, &str)], key: TextKey) -> Option<Element> {
        self.add(parent, tag, attrs, self.text(key))
    }

    fn button(&self, parent: &Node, action: &str, label: &str, class: &str) -> Option<Element> {
        self.add(parent, "button", &[("type", "button"), ("class", class), ("data-action", action)], label)
    }

    /// Accept all, Reject all, then `third`. Accept and Reject share one class, so
    /// they can only look alike (no deceptive design).
    fn actions(&self, parent: &Element, third: (&str, TextKey)) -> Option<()> {
        let actions = self.add(parent, "div", &[("class", "actions")], "")?;
        self.button(&actions, "accept", self.text(TextKey::AcceptAll), "btn");
        self.button(&actions, "reject", self.text(TextKey::RejectAll), "btn");
        self.button(&actions, third.0, self.text(third.1), "btn secondary");
        Some(())
    }

    fn policy_link(&self, parent: &Element) {
        if let Some(url) = self.config.policy_url.as_deref().filter(|u| is_safe_link(u)) {
            let _ = parent.append_with_str_1(" ");
            self.add_text(parent, "a", &[("href", url)], TextKey::PolicyLink);
        }
    }

    /// A `role=switch` button. A locked one (necessary) is `aria-disabled`, not
    /// `disabled`, so keyboard and screen-reader users still reach it and hear "on".
    fn switch(&self, parent: &Node, label_id: &str, on: bool, locked: bool, data: &[(&str, &str)]) -> Option<Element> {
        let switch = self.add(
            parent,
            "button",
            &[
                ("type", "button"),
                ("role", "switch"),
                ("aria-checked", if on { "true" } else { "false" }),
                ("aria-labelledby", label_id),
                ("data-action", "switch"),
            ],
            "",
        )?;
        if locked {
            switch.set_attribute("aria-disabled", "true").ok()?;
        }
        for (name, value) in data {
            switch.set_attribute(name, value).ok()?;
        }
        Some(switch)
    }

    fn category(&self, dialog: &Element, consent: Option<&Consent>, index: usize, cat: &Category) -> Option<()> {
        let (config, lang) = (self.config, self.lang);
        let section = self.add(dialog, "section", &[("class", "category")], "")?;
        let row = self.add(&section, "div", &[("class", "row")], "")?;
        let mut label_id = String::from("bsc-cat-");
        crate::strings::num::push_u64(&mut label_id, index as u64);
        self.add(&row, "h3", &[("id", &label_id)], category_title(config, cat, lang));
        let on = cat.necessary || consent.is_some_and(|c| c.allows(&cat.id));
        self.switch(&row, &label_id, on, cat.necessary, &[("data-category", &cat.id)]);
        if cat.necessary {
            self.add_text(&section, "p", &[("class", "desc")], TextKey::AlwaysOn);
        }
        let desc = category_text(config, cat, lang);
        if !desc.is_empty() {
            self.add(&section, "p", &[("class", "desc")], desc);
        }
        self.exempt_rows(&section, consent, &label_id, cat)?;
        if !cat.necessary && cat.services.iter().any(|s| s.toggle && s.exempt.is_none()) {
            let details = self.add(&section, "details", &[], "")?;
            self.add_text(&details, "summary", &[], TextKey::Services);
            let list = self.add(&details, "div", &[("class", "services"), ("role", "group"), ("aria-labelledby", &label_id)], "")?;
            for (n, svc) in cat.services.iter().filter(|s| s.toggle && s.exempt.is_none()).enumerate() {
                let row = self.add(&list, "div", &[("class", "row")], "")?;
                let mut svc_id = label_id.clone();
                svc_id.push('-');
                crate::strings::num::push_u64(&mut svc_id, n as u64);
                let label = if svc.label.is_empty() { svc.id.as_str() } else { svc.label.get(lang) };
                self.add(&row, "span", &[("id", &svc_id)], label);
                let on = consent.is_some_and(|c| c.allows_service(&cat.id, &svc.id));
                self.switch(&row, &svc_id, on, false, &[("data-category", &cat.id), ("data-service", &svc.id)]);
            }
        }
        let rows = cookie_rows::rows(config, cat, lang);
        if !rows.is_empty() || listed_under(config, cat) {
            self.cookie_table(&section, &rows, listed_under(config, cat))?;
        }
        Some(())
    }

    /// Each exempt service of the category, said plainly: "Exempt audience measurement", its name,
    /// what the switch does, and the switch (on: it runs; off: the visitor objects). Its cookies
    /// are rows of the category's cookie table, with their purpose and lifetime.
    /// Its category's switch leaves it alone: refusing the category is no objection.
    fn exempt_rows(&self, section: &Element, consent: Option<&Consent>, label_id: &str, cat: &Category) -> Option<()> {
        for (n, svc) in cat.services.iter().filter(|s| s.exempt.is_some()).enumerate() {
            let block = self.add(section, "div", &[("class", "exempt")], "")?;
            let row = self.add(&block, "div", &[("class", "row")], "")?;
            let mut id = String::from(label_id);
            id.push_str("-x");
            crate::strings::num::push_u64(&mut id, n as u64);
            let label = if svc.label.is_empty() { svc.id.as_str() } else { svc.label.get(self.lang) };
            let title = crate::strings::concat::concat(&[self.text(TextKey::ExemptLabel), " – ", label]);
            self.add(&row, "h4", &[("id", &id)], &title);
            let on = !objected(consent, &cat.id, &svc.id);
            self.switch(&row, &id, on, false, &[("data-category", &cat.id), ("data-service", &svc.id), ("data-exempt", "")]);
            self.add_text(&block, "p", &[("class", "desc")], TextKey::ExemptText);
        }
        Some(())
    }

    /// Says the browser sends Global Privacy Control, unless the configuration ignores it.
    fn gpc_notice(&self, parent: &Element) {
        if self.config.gpc != Gpc::Off && crate::web::page::global_privacy_control() {
            self.add_text(parent, "p", &[("class", "gpc")], TextKey::GpcNotice);
        }
    }

    /// The category's cookie table; `proof`: with the row of the visitor's own proof record.
    fn cookie_table(&self, section: &Element, rows: &[cookie_rows::Row], proof: bool) -> Option<()> {
        let details = self.add(section, "details", &[], "")?;
        self.add_text(&details, "summary", &[], TextKey::Cookies);
        let table = self.add(&details, "table", &[], "")?;
        let head = self.add(&table, "tr", &[], "")?;
        for key in [TextKey::CookieName, TextKey::CookieProvider, TextKey::CookiePurpose, TextKey::CookieDuration] {
            self.add_text(&head, "th", &[("scope", "col")], key);
        }
        for cookie in rows {
            self.cookie_row(&table, [cookie.name, cookie.provider, cookie.purpose, cookie.duration.as_str()])?;
        }
        if proof {
            self.cookie_row(&table, [STORAGE_KEY, "Biscotte", self.text(TextKey::ProofPurpose), self.text(TextKey::ProofDuration)])?;
        }
        Some(())
    }

    fn cookie_row(&self, table: &Element, cells: [&str; 4]) -> Option<()> {
        let columns = [TextKey::CookieName, TextKey::CookieProvider, TextKey::CookiePurpose, TextKey::CookieDuration];
        let row = self.add(table, "tr", &[], "")?;
        // Narrow screens stack each row; the column's name then shows before its value (style.css).
        for (cell, key) in cells.into_iter().zip(columns) {
            self.add(&row, "td", &[("data-label", self.text(key))], cell);
        }
        Some(())
    }
}

/// Shows the first layer: title, text, policy link, Accept all / Reject all /
/// Customise, and a close (×) button that rejects; focus moves into it.
pub fn show_banner(doc: &Document, ui: &Ui, config: &Config, lang: &str) -> Option<()> {
    clear(ui, None);
    style_host(ui, config);
    let view = View { doc, config, lang };
    let banner = el(
        doc,
        "div",
        &[("class", "banner"), ("role", "dialog"), ("aria-labelledby", "bsc-title"), ("aria-describedby", "bsc-text")],
        "",
    )?;
    view.add_text(&banner, "h2", &[("id", "bsc-title")], TextKey::BannerTitle);
    let para = view.add_text(&banner, "p", &[("id", "bsc-text")], TextKey::BannerText)?;
    view.policy_link(&para);
    if crate::core::exempt::any(config) {
        view.add_text(&banner, "p", &[("class", "exempt")], TextKey::ExemptNotice);
    }
    view.gpc_notice(&banner);
    view.actions(&banner, ("customise", TextKey::Customise))?;
    // Last in tab order, first in the corner: closing is refusing (CNIL), and it says so.
    view.add(
        &banner,
        "button",
        &[("type", "button"), ("class", "close"), ("data-action", "reject"), ("aria-label", view.text(TextKey::Close))],
        "×",
    );
    ui.root.append_child(&banner).ok()?;
    settle_in_next_frame(&ui.host, &banner);
    Some(())
}

/// At the next frame, before it is laid out and drawn, the page keeps room for `shown` and focus
/// moves into it: measuring and focusing force style and layout, which that frame does next
/// anyway, so they cost nothing more there; in a task before the frame they brought the page's
/// pending layout into a long task of their own (ADR 018).
fn settle_in_next_frame(host: &Element, shown: &Element) {
    let (host, shown) = (host.clone(), shown.clone());
    crate::web::page::next_frame(&crate::web::callback::handler(move |_| {
        reserve(&host, &shown);
        focus_first(&shown);
    }));
}

/// While `shown` (the bar, the box or the floating button) is on screen, the page keeps room for
/// it (WCAG 2.2 SC 2.4.11): the document's `scroll-padding-bottom` is its height and margin, so focus scrolls page elements out from under it, and the host (the
/// last element of `<body>`) is that tall, so the end of the page can scroll clear of it too.
/// Set through CSSOM, which a strict `style-src` CSP allows.
pub fn reserve(host: &Element, shown: &Element) {
    let Some(doc) = crate::web::page::document() else { return };
    let height = shown.unchecked_ref::<HtmlElement>().offset_height();
    if height <= 0 {
        return;
    }
    let mut px = String::new();
    // The box and the floating button stand 1rem off the bottom.
    crate::strings::num::push_u64(&mut px, height as u64 + 16);
    px.push_str("px");
    if let Some(html) = doc.document_element().and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = html.style().set_property("scroll-padding-bottom", &px);
    }
    let style = host.unchecked_ref::<HtmlElement>().style();
    let _ = style.set_property("display", "block");
    let _ = style.set_property("height", &px);
}

/// Gives the page back the room `reserve` took.
fn unreserve(doc: &Document) {
    if let Some(html) = doc.document_element().and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = html.style().remove_property("scroll-padding-bottom");
    }
    if let Some(host) = doc.get_element_by_id(HOST_ID).and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
        let _ = host.style().remove_property("display");
        let _ = host.style().remove_property("height");
    }
}

/// Moves focus to the first link or button of `container`.
pub fn focus_first(container: &Element) {
    if let Some(first) = first_focusable(container) {
        let _ = first.unchecked_into::<HtmlElement>().focus();
    }
}

fn first_focusable(container: &Element) -> Option<Element> {
    query(container, FOCUSABLE)
}

/// Shows the modal preferences dialog, switches set from `consent` (all off
/// without one). The banner, if shown, stays underneath (CSS hides it), so
/// closing the dialog gives focus back to the button that opened it.
pub fn show_preferences(doc: &Document, ui: &Ui, config: &Config, lang: &str, consent: Option<&Consent>) -> Option<()> {
    close_dialog(ui);
    style_host(ui, config);
    let view = View { doc, config, lang };
    let dialog = el(doc, "dialog", &[("aria-labelledby", "bsc-prefs-title"), ("aria-describedby", "bsc-prefs-text")], "")?;
    let header = view.add(&dialog, "div", &[("class", "head")], "")?;
    view.add_text(&header, "h2", &[("id", "bsc-prefs-title")], TextKey::PreferencesTitle);
    // Closing keeps the stored choices (or, undecided, goes back to the banner), as Escape does.
    view.add(
        &header,
        "button",
        &[("type", "button"), ("class", "close"), ("data-action", "dismiss"), ("aria-label", view.text(TextKey::Dismiss))],
        "×",
    );
    let para = view.add_text(&dialog, "p", &[("id", "bsc-prefs-text")], TextKey::PreferencesText)?;
    view.policy_link(&para);
    view.gpc_notice(&dialog);
    for (index, cat) in config.categories.iter().enumerate() {
        view.category(&dialog, consent, index, cat)?;
    }
    view.actions(&dialog, ("save", TextKey::Save))?;
    ui.root.append_child(&dialog).ok()?;
    dialog.unchecked_ref::<HtmlDialogElement>().show_modal().ok()?;
    focus_first(&dialog);
    Some(())
}

/// The choices currently shown by the dialog's switches.
pub fn read_switches(ui: &Ui) -> Vec<Choice> {
    let mut choices = Vec::new();
    for sw in query_all(&ui.root, "[role=switch][data-category]") {
        let Some(category) = sw.get_attribute("data-category") else { continue };
        let granted = sw.get_attribute("aria-checked").as_deref() == Some("true");
        choices.push(Choice { category, service: sw.get_attribute("data-service"), granted });
    }
    choices
}

/// Flips a switch's `aria-checked` (a locked one stays as it is). A category
/// switch sets its services' switches to the same state, but for exempt services' (an objection
/// is made only on their own switch).
pub fn toggle(switch: &Element) {
    if switch.has_attribute("aria-disabled") {
        return;
    }
    let value = if switch.get_attribute("aria-checked").as_deref() == Some("true") { "false" } else { "true" };
    let _ = switch.set_attribute("aria-checked", value);
    if switch.has_attribute("data-service") {
        return;
    }
    let Some(section) = switch.closest("section").ok().flatten() else { return };
    for sw in query_all(&section, "[data-service]:not([data-exempt])") {
        let _ = sw.set_attribute("aria-checked", value);
    }
}

/// Closes and removes the dialog, if open; the browser gives focus back to
/// whatever had it before. True when the banner is still shown underneath.
pub fn close_dialog(ui: &Ui) -> bool {
    if let Some(dialog) = query(&ui.root, "dialog") {
        // Only a dialog `showModal` opened has `open` (and a `close` to call, in any browser).
        if dialog.has_attribute("open") {
            dialog.unchecked_ref::<HtmlDialogElement>().close();
        }
        dialog.remove();
    }
    query(&ui.root, ".banner").is_some()
}

/// Removes the banner and the dialog, keeping the floating button; the page gets its room back.
pub fn close(ui: &Ui) {
    close_dialog(ui);
    clear(ui, Some(".floating"));
    if let Some(doc) = crate::web::page::document() {
        unreserve(&doc);
    }
}

/// Shows the small round "Cookie settings" button that reopens the dialog, when the
/// config asks for it and it is not there yet; the page keeps room for it.
pub fn show_floating(ui: &Ui, config: &Config, lang: &str) -> Option<()> {
    if !config.floating_button {
        return Some(());
    }
    if let Some(shown) = query(&ui.root, ".floating") {
        reserve(&ui.host, &shown);
        return Some(());
    }
    style_host(ui, config);
    let doc = crate::web::page::document()?;
    let view = View { doc: &doc, config, lang };
    // A round icon, small enough for the page's corner; its name is the dialog's title.
    let label = view.text(TextKey::PreferencesTitle);
    let attrs = [("type", "button"), ("class", "floating"), ("data-action", "customise"), ("aria-label", label), ("title", label)];
    let button = view.add(&ui.root, "button", &attrs, "")?;
    reserve(&ui.host, &button);
    Some(())
}
