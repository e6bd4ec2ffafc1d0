//! `audit: true`, cookies: which cookies on the page the configuration does not declare.
//!
//! A cookie no service declares is never deleted on refusal, and one no category lists is missing
//! from the table the visitor reads, so the policy stops telling the truth without anyone
//! noticing (a tracker's `_pk_id.1.ab` that survives "Reject all"). The browser layer reads
//! `document.cookie` after load and after each decision and prints what this finds.

use crate::prelude::*;

use crate::core::cleanup::matches;
use crate::core::config::Config;
use crate::strings::concat::concat;

/// Whether a service's `cookies` or a category's cookie table names `name` (exactly or by a `*`
/// pattern), necessary categories included.
pub fn is_declared(config: &Config, name: &str) -> bool {
    config.categories.iter().any(|cat| {
        cat.cookies.iter().any(|row| matches(&row.name, name))
            || cat.services.iter().any(|svc| svc.cookies.iter().any(|p| matches(p, name)))
    })
}

/// The names among `present` that nothing in the configuration declares, each once, in order.
pub fn undeclared<'a>(config: &Config, present: &[&'a str]) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for name in present {
        if !name.is_empty() && !out.contains(name) && !is_declared(config, name) {
            out.push(name);
        }
    }
    out
}

/// The console line for one undeclared cookie: what it is and how to declare it.
pub fn message(name: &str) -> String {
    concat(&[
        "audit: cookie \"",
        name,
        "\" is not declared: list it (or a * pattern) in the \"cookies\" of the service that sets it (deleted on refusal) or of its category (the table)",
    ])
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::cookie::names;

    fn config(json: &str) -> Config {
        let (config, issues) = Config::from_json(json);
        assert!(issues.is_empty(), "{issues:?}");
        config
    }

    #[test]
    fn lists_what_no_category_or_service_declares() {
        let config = config(
            r#"{"categories":[{"id":"necessary","cookies":[{"name":"sessionid"}]},
                {"id":"statistical","services":[{"id":"ga4","cookies":["_ga","_ga_*"]}]},
                {"id":"third_party","cookies":[{"name":"VISITOR_INFO1_LIVE","provider":"YouTube"}]}]}"#,
        );
        let jar = "sessionid=s; _ga=1; _ga_X1=2; _pk_id.1.demo=3; VISITOR_INFO1_LIVE=y; _pk_id.1.demo=4; theme=dark; csrftoken=t";
        assert_eq!(undeclared(&config, &names(jar)), ["_pk_id.1.demo", "theme", "csrftoken"]);
    }

    #[test]
    fn the_default_necessary_rows_declare_the_portals_own_cookies() {
        let config = Config::default();
        let jar = "sessionid=s; django_language=fr; csrftoken=t; cookies_preferences=v1.x";
        assert!(undeclared(&config, &names(jar)).is_empty());
        assert!(undeclared(&config, &[]).is_empty());
        // A renamed consent cookie the table does not list is reported: the table would be wrong.
        let renamed = self::config(r#"{"cookie":{"name":"bisc"}}"#);
        assert_eq!(undeclared(&renamed, &names("bisc=v1.x; sessionid=s")), ["bisc"]);
    }

    #[test]
    fn patterns_in_rows_and_services_declare_families() {
        let config = config(
            r#"{"categories":[{"id":"necessary","cookies":[{"name":"ods_*"}]},
                {"id":"statistical","services":[{"id":"matomo","cookies":["_pk_id.*","_pk_ses.*"]}]}]}"#,
        );
        assert_eq!(undeclared(&config, &names("ods_a=1; _pk_id.1.demo=2; _pk_ses.1.demo=3; _pk_ref=4")), ["_pk_ref"]);
    }

    #[test]
    fn the_message_names_the_cookie_and_how_to_declare_it() {
        let line = message("_pk_id.1.demo");
        assert!(line.starts_with("audit: cookie \"_pk_id.1.demo\" is not declared"), "{line}");
        assert!(line.contains("\"cookies\" of the service that sets it"), "{line}");
    }
}
