//! Plans for exempt audience measurement, on data.corsica's own configuration with its Matomo
//! declared exempt: it runs before any decision and after a refusal, its cookies stay; an
//! objection stops it and deletes them; consent switches it to full mode.

use super::*;
use crate::core::consent::{decide, Choice, Decision};
use crate::core::exempt::{mode, Mode};

const PAGE: &str = include_str!("../../../www/portals/data-corsica.html");
const JAR: &str = "sessionid=s; _ga=GA1.1; _pk_id.1.ab=p; _pk_ses.1.ab=1; atuserid=a";
const NOW: u64 = 1_763_895_000;

/// data.corsica's configuration, its Matomo made the exempt preset.
fn corsica() -> Config {
    let start = PAGE.find("id=\"biscotte-config\">").map(|at| at + "id=\"biscotte-config\">".len());
    let text = start.and_then(|s| PAGE.get(s..)).and_then(|rest| rest.split("</script>").next()).unwrap_or_default();
    let text = text.replace(
        r#"{"id": "matomo", "label": "Matomo", "cookies": ["_pk_id.*", "_pk_ses.*"], "toggle": true}"#,
        r#"{"preset": "matomo", "exempt": true}"#,
    );
    let (config, issues) = Config::from_json(&text);
    assert!(crate::core::config_parse::is_usable(&issues), "{issues:?}");
    assert!(crate::core::exempt::any(&config), "the replacement found data.corsica's Matomo");
    config
}

fn page(cookies: &str) -> PageFacts<'_> {
    PageFacts { host: "www.data.corsica", path: "/explore/", https: true, cookies, language: "fr", browser: "firefox", objections: None }
}

fn deleted(fx: &Effects) -> Vec<&str> {
    let mut names: Vec<&str> = fx.delete.iter().filter_map(|d| d.split('=').next()).collect();
    names.dedup();
    names
}

fn decided(config: &Config, decision: Decision, previous: Option<&Consent>) -> Consent {
    decide(config, &decision, previous, "q2Xo3mZb8kT1vLwA", NOW)
}

#[test]
fn before_any_decision_the_exempt_tracker_runs_in_exempt_mode_and_keeps_its_cookies() {
    let config = corsica();
    let fx = plan(&config, None, None, Cause::Start, &page(JAR));
    assert_eq!(fx.banner, Banner::Show);
    assert!(fx.activate, "the exempt service's gated markup runs before any decision");
    assert_eq!(fx.vendors, [VendorCall::MatomoExempt]);
    assert_eq!(deleted(&fx), ["_ga", "atuserid"], "Matomo's cookies stay; the others go");
    assert_eq!(fx.write, None);
}

#[test]
fn a_refusal_keeps_it_exempt_and_is_no_objection() {
    let config = corsica();
    let reject = decided(&config, Decision::RejectAll, None);
    assert_eq!(crate::core::codec::encode(&reject).rsplit('.').next(), Some("necessary=1|statistical=0|statistical/ga4=0|statistical/matomo=1|statistical/smarttag=0|third_party=0|third_party/youtube=0"));
    let fx = plan(&config, None, Some(&reject), Cause::Decision, &page(JAR));
    assert_eq!(fx.vendors, [VendorCall::MatomoExempt]);
    assert!(!deleted(&fx).iter().any(|n| n.starts_with("_pk_")), "{:?}", deleted(&fx));
    assert_eq!(mode(&config, Some(&reject), "statistical", "matomo"), Mode::Exempt);
}

#[test]
fn consent_to_its_category_switches_it_to_full_mode() {
    let config = corsica();
    let reject = decided(&config, Decision::RejectAll, None);
    let accept = decided(&config, Decision::AcceptAll, Some(&reject));
    let fx = plan(&config, Some(&reject), Some(&accept), Cause::Decision, &page(JAR));
    assert!(fx.vendors.is_empty(), "no exempt settings once consented: {:?}", fx.vendors);
    assert!(fx.delete.iter().all(|d| d.starts_with("cookies_preferences=")), "nothing of the trackers deleted: {:?}", fx.delete);
    assert_eq!(mode(&config, Some(&accept), "statistical", "matomo"), Mode::Full);
}

#[test]
fn an_objection_stops_it_and_deletes_its_cookies_on_every_variant() {
    let config = corsica();
    let accept = decided(&config, Decision::AcceptAll, None);
    let objection = Decision::Custom(vec![Choice::category("statistical", true), Choice::service("statistical", "matomo", false)]);
    let objected = decided(&config, objection, Some(&accept));
    let fx = plan(&config, Some(&accept), Some(&objected), Cause::Decision, &page(JAR));
    assert_eq!(fx.vendors, [VendorCall::Matomo("requireConsent")], "a loaded Matomo tracks nothing more");
    assert_eq!(deleted(&fx).iter().filter(|n| n.starts_with("_pk_")).count(), 2, "{:?}", deleted(&fx));
    assert!(fx.delete.iter().any(|d| d.starts_with("_pk_id.1.ab=") && d.contains("Domain=.data.corsica")));
    assert!(fx.events.contains(&Event::Change));
    assert!(fx.detail.contains(&("statistical/matomo".into(), false)));
    // The next page view: the stored objection holds at start, before any script.
    let start = plan(&config, None, Some(&objected), Cause::Start, &page("_pk_id.1.ab=p"));
    assert_eq!(deleted(&start), ["_pk_id.1.ab"]);
    assert_eq!(mode(&config, Some(&objected), "statistical", "matomo"), Mode::Off);
    // Withdrawing the objection (its switch back on) lets it run again, in full mode here.
    let back = decided(&config, Decision::Custom(vec![Choice::category("statistical", true)]), Some(&objected));
    assert_eq!(mode(&config, Some(&back), "statistical", "matomo"), Mode::Full);
}

#[test]
fn the_guard_lets_the_exempt_tracker_load_until_the_visitor_objects() {
    let config = corsica();
    let url = "https://stats.data.corsica/matomo.js";
    assert_eq!(crate::core::urls::refusal(&config, None, url), None);
    let objected = decided(&config, Decision::Custom(vec![Choice::service("statistical", "matomo", false)]), None);
    assert_eq!(crate::core::urls::refusal(&config, Some(&objected), url), Some(("statistical", "matomo")));
}

#[test]
fn asking_again_keeps_a_standing_objection_stopping_the_tracker() {
    let config = corsica();
    let objection = Decision::Custom(vec![Choice::service("statistical", "matomo", false)]);
    let record = decided(&config, objection, None);
    let standing = crate::core::standing::standing(&config, &record, NOW);
    let objections = crate::core::standing::objections(&config, &standing);
    assert!(objections.is_some());
    let fx = plan(&config, None, None, Cause::Start, &PageFacts { objections: objections.as_ref(), ..page(JAR) });
    assert_eq!(fx.banner, Banner::Show);
    assert_eq!(fx.vendors, [VendorCall::Matomo("requireConsent")], "stopped, not exempt");
    assert!(deleted(&fx).contains(&"_pk_id.1.ab"), "its cookies go: {:?}", deleted(&fx));
    assert_eq!(mode(&config, objections.as_ref(), "statistical", "matomo"), Mode::Off);
    assert_eq!(crate::core::standing::objections(&config, &[]), None, "no objection, nothing held back");
}
