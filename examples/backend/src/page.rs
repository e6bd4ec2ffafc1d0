//! The portal's pages as the server renders them: its configuration in the `#biscotte-config`
//! block, and a mark where the server counted a page view.
//!
//! Why the server writes the block: a back end and the page must judge with one configuration
//! (revision, lifetime, purposes). Settings given as `data-*` attributes of the script tag
//! never reach the server, so the pages carry none and the JSON is the only source.

/// The pages rendered by the server (the rest of `www/` is served as is).
pub const PAGES: [&str; 2] = ["index.html", "cookies.html"];

/// What a page shows when the server counted its view: a stand-in for the call a real
/// server-side analytics would make, visible to the tests and to the curious.
pub const ANALYTICS_MARK: &str = r#"<meta name="server-analytics" content="page view counted">"#;

const BLOCK_START: &str = r#"<script type="application/json" id="biscotte-config">"#;

/// One page, split around its configuration block.
pub struct Page {
    /// File name in `www/`.
    pub name: &'static str,
    /// Up to and including the block's opening tag (the whole page when it has no block).
    head: String,
    /// From the block's closing tag on.
    tail: String,
}

impl Page {
    /// Splits `html` around its `#biscotte-config` block.
    pub fn read(name: &'static str, html: &str) -> Page {
        let split = html.find(BLOCK_START).map(|at| at + BLOCK_START.len()).and_then(|start| {
            let end = start + html[start..].find("</script>")?;
            Some((&html[..start], &html[end..]))
        });
        match split {
            Some((head, tail)) => Page { name, head: head.into(), tail: tail.into() },
            None => Page { name, head: html.into(), tail: String::new() },
        }
    }

    /// The page with `config` (JSON) in its block and, when `analytics`, the mark in `<head>`.
    pub fn render(&self, config: &str, analytics: bool) -> String {
        let mut html = String::with_capacity(self.head.len() + config.len() + self.tail.len() + 80);
        html.push_str(&self.head);
        if !self.tail.is_empty() {
            // `</script` inside the JSON would end the block early.
            html.push_str(&config.replace("</", "<\\/"));
        }
        html.push_str(&self.tail);
        if analytics {
            if let Some(at) = html.find("</head>") {
                html.insert_str(at, ANALYTICS_MARK);
            }
        }
        html
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_block_gets_the_server_config() {
        let page = Page::read("index.html", r#"<head><script type="application/json" id="biscotte-config">{ "x": 1 }</script></head>"#);
        assert_eq!(
            page.render(r#"{"policyUrl":"</script>"}"#, true),
            r#"<head><script type="application/json" id="biscotte-config">{"policyUrl":"<\/script>"}</script><meta name="server-analytics" content="page view counted"></head>"#
        );
        assert!(!page.render("{}", false).contains("server-analytics"));
    }
}
