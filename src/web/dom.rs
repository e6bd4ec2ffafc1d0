//! Small DOM builders: elements, attributes and text, never `innerHTML`.
//!
//! Texts come from the configuration, which an integrator controls but a CMS
//! may fill; setting them as text means no markup in them can ever run.

use web_sys::{Document, Element};

use crate::core::search;

/// Creates `<tag attr=value …>text</tag>`; `None` only if the document refuses the tag.
pub fn el(doc: &Document, tag: &str, attrs: &[(&str, &str)], text: &str) -> Option<Element> {
    let element = doc.create_element(tag).ok()?;
    for (name, value) in attrs {
        element.set_attribute(name, value).ok()?;
    }
    if !text.is_empty() {
        element.set_text_content(Some(text));
    }
    Some(element)
}

/// Appends `child` to `parent` and hands `child` back for chaining.
pub fn append(parent: &Element, child: Option<Element>) -> Option<Element> {
    let child = child?;
    parent.append_child(&child).ok()?;
    Some(child)
}

/// True for an href that can only navigate: http(s) or relative (no other scheme: no `javascript:`).
pub fn is_safe_href(href: &str) -> bool {
    let lower = search::trim_start(href).to_ascii_lowercase();
    let scheme_end = search::find_any_ascii(&lower, b":");
    let path_start = search::find_any_ascii(&lower, b"/?#");
    let relative = match (scheme_end, path_start) {
        (None, _) => true,
        (Some(colon), Some(path)) => path < colon,
        (Some(_), None) => false,
    };
    lower.starts_with("https://") || lower.starts_with("http://") || relative
}
