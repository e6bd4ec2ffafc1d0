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

use js_sys::{Array, Reflect};
use wasm_bindgen::{JsCast, JsValue};
use web_sys::{CssStyleSheet, Document, Element, HtmlDialogElement, HtmlElement, ShadowRoot, ShadowRootInit, ShadowRootMode};

use crate::core::config::{Category, Config};
use crate::core::consent::{Choice, Consent};
use crate::core::texts::{category_text, category_title, text, TextKey};
use crate::web::dom::{append, el, is_safe_href};

/// Biscotte's only stylesheet, adopted by the shadow root (works under a strict style-src CSP).
/// Theme: custom properties on #biscotte (README "Theming"). Looks are CSS keyed on host
/// attributes, not Rust (docs/adr/006). The file itself has no comments: they would ship in
/// the wasm (a header comment cost 136 bytes brotli), so its notes live here.
const CSS: &str = include_str!("style.css");
/// Id of the host element in the page (the theming hook).
pub const HOST_ID: &str = "biscotte";
/// What gets focus first in the banner and the dialog: the first link or button.
const FOCUSABLE: &str = "a[href],button";

/// The mounted UI: the host element and its shadow root.
pub struct Ui {
    /// `<div id="biscotte">` at the end of `<body>`, carrying `lang`, `dir`, `data-layout`, `data-theme`.
    pub host: Element,
    /// Its open shadow root, holding the banner, the dialog and the floating button.
    pub root: ShadowRoot,
}

/// Creates (or recreates) the host at the end of `<body>` with its shadow root and stylesheet.
pub fn mount(doc: &Document, lang: &str, rtl: bool) -> Option<Ui> {
    if let Some(old) = doc.get_element_by_id(HOST_ID) {
        old.remove();
    }
    let host = el(doc, "div", &[("id", HOST_ID), ("lang", lang), ("dir", if rtl { "rtl" } else { "ltr" })], "")?;
    let init = ShadowRootInit::new(ShadowRootMode::Open);
    let root = host.attach_shadow(&init).ok()?;
    if !adopt_stylesheet(&root) {
        let style = el(doc, "style", &[], CSS)?;
        root.append_child(&style).ok()?;
    }
    doc.body()?.append_child(&host).ok()?;
    Some(Ui { host, root })
}

fn adopt_stylesheet(root: &ShadowRoot) -> bool {
    let Ok(sheet) = CssStyleSheet::new() else { return false };
    if sheet.replace_sync(CSS).is_err() {
        return false;
    }
    Reflect::set(root, &JsValue::from_str("adoptedStyleSheets"), &Array::of1(&sheet)).unwrap_or(false)
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

fn button(doc: &Document, action: &str, label: &str, class: &str) -> Option<Element> {
    el(doc, "button", &[("type", "button"), ("class", class), ("data-action", action)], label)
}

/// Accept all, Reject all, then `third`. Accept and Reject share one class, so
/// they can only look alike (no deceptive design).
fn actions(doc: &Document, parent: &Element, config: &Config, lang: &str, third: (&str, TextKey)) -> Option<()> {
    let actions = append(parent, el(doc, "div", &[("class", "actions")], ""))?;
    append(&actions, button(doc, "accept", text(config, lang, TextKey::AcceptAll), "btn"));
    append(&actions, button(doc, "reject", text(config, lang, TextKey::RejectAll), "btn"));
    append(&actions, button(doc, third.0, text(config, lang, third.1), "btn secondary"));
    Some(())
}

fn policy_link(doc: &Document, config: &Config, lang: &str, parent: &Element) {
    if let Some(url) = config.policy_url.as_deref().filter(|u| is_safe_href(u)) {
        let _ = parent.append_with_str_1(" ");
        append(parent, el(doc, "a", &[("href", url)], text(config, lang, TextKey::PolicyLink)));
    }
}

/// Shows the first layer: title, text, policy link, Accept all / Reject all /
/// Customise, and a close (×) button that rejects; focus moves into it.
pub fn show_banner(doc: &Document, ui: &Ui, config: &Config, lang: &str) -> Option<()> {
    clear(ui, None);
    style_host(ui, config);
    let banner = el(
        doc,
        "div",
        &[("class", "banner"), ("role", "dialog"), ("aria-labelledby", "bsc-title"), ("aria-describedby", "bsc-text")],
        "",
    )?;
    append(&banner, el(doc, "h2", &[("id", "bsc-title")], text(config, lang, TextKey::BannerTitle)));
    let para = append(&banner, el(doc, "p", &[("id", "bsc-text")], text(config, lang, TextKey::BannerText)))?;
    policy_link(doc, config, lang, &para);
    if config.honour_gpc && crate::web::page::global_privacy_control() {
        append(&banner, el(doc, "p", &[("class", "gpc")], text(config, lang, TextKey::GpcNotice)));
    }
    actions(doc, &banner, config, lang, ("customise", TextKey::Customise))?;
    // Last in tab order, first in the corner: closing is refusing (CNIL), and it says so.
    append(
        &banner,
        el(
            doc,
            "button",
            &[("type", "button"), ("class", "close"), ("data-action", "reject"), ("aria-label", text(config, lang, TextKey::Close))],
            "×",
        ),
    );
    ui.root.append_child(&banner).ok()?;
    focus_first_soon(&banner);
    Some(())
}

/// Like `focus_first`, in a task of its own: focusing forces style and layout at once, which would
/// make the task showing the banner long (half of it, measured under 4× CPU throttling); the first
/// rendering does that work anyway. A bound `focus`, so no Rust closure is needed.
fn focus_first_soon(container: &Element) {
    let Some(first) = first_focusable(container) else { return };
    let focus = Reflect::get(&first, &JsValue::from_str("focus")).ok().and_then(|f| f.dyn_into::<js_sys::Function>().ok());
    if let Some(focus) = focus {
        crate::web::page::soon(&focus.bind0(&first));
    }
}

/// Moves focus to the first link or button of `container`.
pub fn focus_first(container: &Element) {
    if let Some(first) = first_focusable(container) {
        let _ = first.unchecked_into::<HtmlElement>().focus();
    }
}

fn first_focusable(container: &Element) -> Option<Element> {
    container.query_selector(FOCUSABLE).ok().flatten()
}

/// A `role=switch` button. A locked one (necessary) is `aria-disabled`, not
/// `disabled`, so keyboard and screen-reader users still reach it and hear "on".
fn switch(doc: &Document, label_id: &str, on: bool, locked: bool, data: &[(&str, &str)]) -> Option<Element> {
    let mut attrs = vec![
        ("type", "button"),
        ("role", "switch"),
        ("aria-checked", if on { "true" } else { "false" }),
        ("aria-labelledby", label_id),
        ("data-action", "switch"),
    ];
    if locked {
        attrs.push(("aria-disabled", "true"));
    }
    attrs.extend_from_slice(data);
    el(doc, "button", &attrs, "")
}

/// Shows the modal preferences dialog, switches set from `consent` (all off
/// without one). The banner, if shown, stays underneath (CSS hides it), so
/// closing the dialog gives focus back to the button that opened it.
pub fn show_preferences(doc: &Document, ui: &Ui, config: &Config, lang: &str, consent: Option<&Consent>) -> Option<()> {
    close_dialog(ui);
    style_host(ui, config);
    let dialog = el(doc, "dialog", &[("aria-labelledby", "bsc-prefs-title"), ("aria-describedby", "bsc-prefs-text")], "")?;
    append(&dialog, el(doc, "h2", &[("id", "bsc-prefs-title")], text(config, lang, TextKey::PreferencesTitle)));
    let para = append(&dialog, el(doc, "p", &[("id", "bsc-prefs-text")], text(config, lang, TextKey::PreferencesText)))?;
    policy_link(doc, config, lang, &para);
    for (index, cat) in config.categories.iter().enumerate() {
        render_category(doc, &dialog, config, lang, consent, index, cat)?;
    }
    actions(doc, &dialog, config, lang, ("save", TextKey::Save))?;
    ui.root.append_child(&dialog).ok()?;
    dialog.unchecked_ref::<HtmlDialogElement>().show_modal().ok()?;
    focus_first(&dialog);
    Some(())
}

fn render_category(
    doc: &Document,
    dialog: &Element,
    config: &Config,
    lang: &str,
    consent: Option<&Consent>,
    index: usize,
    cat: &Category,
) -> Option<()> {
    let section = append(dialog, el(doc, "section", &[("class", "category")], ""))?;
    let row = append(&section, el(doc, "div", &[("class", "row")], ""))?;
    let mut label_id = String::from("bsc-cat-");
    crate::core::num::push_u64(&mut label_id, index as u64);
    append(&row, el(doc, "h3", &[("id", &label_id)], category_title(config, cat, lang)));
    let on = cat.necessary || consent.is_some_and(|c| c.allows(&cat.id));
    append(&row, switch(doc, &label_id, on, cat.necessary, &[("data-category", &cat.id)]));
    if cat.necessary {
        append(&section, el(doc, "p", &[("class", "desc")], text(config, lang, TextKey::AlwaysOn)));
    }
    let desc = category_text(config, cat, lang);
    if !desc.is_empty() {
        append(&section, el(doc, "p", &[("class", "desc")], desc));
    }
    let services: Vec<_> = cat.services.iter().filter(|s| s.toggle && !cat.necessary).collect();
    if !services.is_empty() {
        let details = append(&section, el(doc, "details", &[], ""))?;
        append(&details, el(doc, "summary", &[], text(config, lang, TextKey::Services)));
        let list = append(&details, el(doc, "div", &[("class", "services"), ("role", "group"), ("aria-labelledby", &label_id)], ""))?;
        for (n, svc) in services.iter().enumerate() {
            let row = append(&list, el(doc, "div", &[("class", "row")], ""))?;
            let mut svc_id = label_id.clone();
            svc_id.push('-');
            crate::core::num::push_u64(&mut svc_id, n as u64);
            let label = if svc.label.is_empty() { svc.id.as_str() } else { svc.label.get(lang) };
            append(&row, el(doc, "span", &[("id", &svc_id)], label));
            let on = consent.is_some_and(|c| c.allows_service(&cat.id, &svc.id));
            append(&row, switch(doc, &svc_id, on, false, &[("data-category", &cat.id), ("data-service", &svc.id)]));
        }
    }
    if !cat.cookies.is_empty() {
        render_cookie_table(doc, &section, config, lang, cat)?;
    }
    Some(())
}

fn render_cookie_table(doc: &Document, section: &Element, config: &Config, lang: &str, cat: &Category) -> Option<()> {
    let details = append(section, el(doc, "details", &[], ""))?;
    append(&details, el(doc, "summary", &[], text(config, lang, TextKey::Cookies)));
    let table = append(&details, el(doc, "table", &[], ""))?;
    let head = append(&table, el(doc, "tr", &[], ""))?;
    for key in [TextKey::CookieName, TextKey::CookieProvider, TextKey::CookiePurpose, TextKey::CookieDuration] {
        append(&head, el(doc, "th", &[("scope", "col")], text(config, lang, key)));
    }
    for cookie in &cat.cookies {
        let row = append(&table, el(doc, "tr", &[], ""))?;
        for cell in [cookie.name.as_str(), cookie.provider.as_str(), cookie.purpose.get(lang), cookie.duration.get(lang)] {
            append(&row, el(doc, "td", &[], cell));
        }
    }
    Some(())
}

/// The choices currently shown by the dialog's switches.
pub fn read_switches(ui: &Ui) -> Vec<Choice> {
    let mut choices = Vec::new();
    let Ok(list) = ui.root.query_selector_all("[role=switch][data-category]") else { return choices };
    for i in 0..list.length() {
        let Some(sw) = list.item(i).map(|n| n.unchecked_into::<Element>()) else { continue };
        let Some(category) = sw.get_attribute("data-category") else { continue };
        let granted = sw.get_attribute("aria-checked").as_deref() == Some("true");
        choices.push(Choice { category, service: sw.get_attribute("data-service"), granted });
    }
    choices
}

/// Flips a switch's `aria-checked` (a locked one stays as it is). A category
/// switch sets its services' switches to the same state.
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
    let Ok(list) = section.query_selector_all("[data-service]") else { return };
    for i in 0..list.length() {
        if let Some(sw) = list.item(i).map(|n| n.unchecked_into::<Element>()) {
            let _ = sw.set_attribute("aria-checked", value);
        }
    }
}

/// Closes and removes the dialog, if open; the browser gives focus back to
/// whatever had it before. True when the banner is still shown underneath.
pub fn close_dialog(ui: &Ui) -> bool {
    if let Ok(Some(dialog)) = ui.root.query_selector("dialog") {
        // Only a dialog `showModal` opened has `open` (and a `close` to call, in any browser).
        if dialog.has_attribute("open") {
            dialog.unchecked_ref::<HtmlDialogElement>().close();
        }
        dialog.remove();
    }
    ui.root.query_selector(".banner").ok().flatten().is_some()
}

/// Removes the banner and the dialog, keeping the floating button.
pub fn close(ui: &Ui) {
    close_dialog(ui);
    clear(ui, Some(".floating"));
}

/// Shows the small "Cookie settings" button that reopens the dialog, when the
/// config asks for it and it is not there yet.
pub fn show_floating(ui: &Ui, config: &Config, lang: &str) -> Option<()> {
    if !config.floating_button || ui.root.query_selector(".floating").ok().flatten().is_some() {
        return Some(());
    }
    style_host(ui, config);
    let doc = ui.host.owner_document()?;
    let label = text(config, lang, TextKey::PreferencesTitle);
    let floating = button(&doc, "customise", label, "floating")?;
    ui.root.append_child(&floating).ok()?;
    Some(())
}
