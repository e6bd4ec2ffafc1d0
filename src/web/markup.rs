//! Gated markup as the page writes it, read into the core's terms.
//!
//! `<script type="text/plain" data-category=… [data-service=…]>` and `<iframe|img|link
//! data-src=… data-category=…>` stay inert in the HTML itself, so nothing runs when Biscotte is
//! blocked or fails (fail-closed, docs/adr/001). This file names them (selectors, the mark
//! Biscotte sets) and asks the core whether a consent allows one; activation and placeholders
//! both use it.

use crate::prelude::*;

use web_sys::Element;

use crate::core::config::Config;
use crate::core::consent::Consent;
use crate::core::exempt::runs;

/// Marks elements Biscotte created or activated.
pub const MARK: &str = "data-biscotte";
/// What every gated element has. Searching the document for it and matching what it finds
/// against [`GATED`] is quicker than searching for `GATED`: most elements fail one attribute.
pub const CATEGORIZED: &str = "[data-category]";
/// Gated elements not yet activated.
pub const GATED: &str = "script[type='text/plain'][data-category]:not([data-biscotte]), \
                         [data-category][data-src]:not(script):not([data-biscotte]), \
                         [data-category][data-srcset]:not([data-biscotte]), \
                         iframe[data-category][data-srcdoc]:not([data-biscotte])";
/// Gated frames not yet activated (the ones that get a placeholder).
pub const GATED_FRAMES: &str = "iframe[data-category][data-src]:not([data-biscotte]), \
                                iframe[data-category][data-srcdoc]:not([data-biscotte])";
/// The attributes through which an element loads something, as the guard watches them, and the
/// `data-` attribute each is parked in until consent.
pub const PARKED: [(&str, &str); 4] = [("src", "data-src"), ("href", "data-src"), ("srcset", "data-srcset"), ("srcdoc", "data-srcdoc")];

/// Whether the consent (`None`: no decision yet) lets this gated element run
/// (`crate::core::exempt::runs`: exempt services run without consent, until the visitor objects).
pub fn allowed(config: &Config, consent: Option<&Consent>, element: &Element) -> bool {
    subject(element).is_some_and(|(category, service)| runs(config, consent, &category, service.as_deref()))
}

/// The element's `data-category` and `data-service`; `None` without a category.
fn subject(element: &Element) -> Option<(String, Option<String>)> {
    Some((element.get_attribute("data-category")?, element.get_attribute("data-service")))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Activation searches the page for `CATEGORIZED` and keeps what matches `GATED`: a kind of
    /// gated element without a category would never be found.
    #[test]
    fn every_kind_of_gated_element_has_a_category() {
        for kind in GATED.split(',') {
            assert!(kind.contains(CATEGORIZED), "{kind}");
        }
    }
}
