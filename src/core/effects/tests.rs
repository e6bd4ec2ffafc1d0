//! Plans asserted as data for the five seed portal demos' own configurations (`www/portals/`).

use super::*;
use crate::core::consent::{decide, grant, Choice, Decision, Status};
use crate::core::reader::read;

const PORTALS: [(&str, &str); 5] = [
    ("data-corsica", include_str!("../../../www/portals/data-corsica.html")),
    ("codeforcary", include_str!("../../../www/portals/codeforcary.html")),
    ("pacificspatial", include_str!("../../../www/portals/pacificspatial.html")),
    ("datamidsouth", include_str!("../../../www/portals/datamidsouth.html")),
    ("nterpolilli", include_str!("../../../www/portals/nterpolilli.html")),
];

/// The configuration in a demo page's `#biscotte-config` block, read as the browser reads it.
fn config_of(page: &str) -> Config {
    let start = page.find("id=\"biscotte-config\">").map(|at| at + "id=\"biscotte-config\">".len());
    let text = start.and_then(|s| page.get(s..)).and_then(|rest| rest.split("</script>").next());
    let (config, issues) = Config::from_json(text.unwrap_or_default());
    assert!(crate::core::config_parse::is_usable(&issues), "{issues:?}");
    config
}

pub(super) fn portals() -> Vec<(&'static str, Config)> {
    PORTALS.iter().map(|(name, page)| (*name, config_of(page))).collect()
}

pub(super) const JAR: &str = "sessionid=s; _ga=GA1.1; _ga_X1=G; _pk_id.1.ab=p; csrftoken=t; VISITOR_INFO1_LIVE=y";

pub(super) fn page(cookies: &str) -> PageFacts<'_> {
    PageFacts { host: "www.data.corsica", path: "/explore/", https: true, cookies, language: "fr", browser: "firefox", objections: None }
}

pub(super) const NOW: u64 = 1_763_895_000;

pub(super) fn decided(config: &Config, decision: Decision, previous: Option<&Consent>) -> Consent {
    decide(config, &decision, previous, "q2Xo3mZb8kT1vLwA", NOW)
}

fn deleted_names(fx: &Effects) -> Vec<&str> {
    let mut names: Vec<&str> = fx.delete.iter().filter_map(|d| d.split('=').next()).collect();
    names.dedup();
    names
}

fn granted(fx: &Effects) -> Vec<&str> {
    fx.detail.iter().filter(|(_, g)| *g).map(|(n, _)| n.as_str()).collect()
}

#[test]
fn first_visit_asks_and_runs_nothing_optional() {
    for (name, config) in portals() {
        let fx = plan(&config, None, None, Cause::Start, &page(JAR));
        assert_eq!(fx.banner, Banner::Show, "{name}");
        assert!(!fx.activate && fx.placeholders, "{name}");
        assert_eq!((fx.write.as_deref(), fx.proof.as_ref(), fx.tell_other_tabs), (None, None, false), "{name}");
        assert!(fx.events.is_empty() && fx.detail.is_empty(), "{name}");
        let declared: Vec<&str> = ["_ga", "_ga_X1", "_pk_id.1.ab", "VISITOR_INFO1_LIVE"].into_iter().filter(|n| config_deletes(&config, n)).collect();
        assert_eq!(deleted_names(&fx), declared, "{name}");
        assert!(deleted_names(&fx).contains(&"_ga"), "{name}: every seed portal declares Google Analytics");
    }
}

/// Whether some optional service of `config` declares cookie `name`.
fn config_deletes(config: &Config, name: &str) -> bool {
    config.categories.iter().filter(|c| !c.necessary).flat_map(|c| &c.services).any(|s| s.cookies.iter().any(|p| crate::core::cleanup::matches(p, name)))
}

#[test]
fn accept_all_writes_activates_and_tells_everyone() {
    for (name, config) in portals() {
        let next = decided(&config, Decision::AcceptAll, None);
        let fx = plan(&config, None, Some(&next), Cause::Decision, &page(JAR));
        let write = fx.write.clone().unwrap_or_default();
        assert!(write.starts_with(&[config.cookie.name.as_str(), "=", &encode(&next), ";"].concat()), "{name}: {write}");
        assert!(write.contains(&["; Max-Age=", &config.lifetime_seconds().to_string(), ";"].concat()), "{name}: {write}");
        assert!(write.ends_with("; Secure"), "{name}: https pages store it Secure");
        assert!(fx.delete.iter().all(|d| d.starts_with(&[config.cookie.name.as_str(), "="].concat())), "{name}: nothing refused, only stray consent copies deleted");
        assert!(fx.activate && fx.placeholders, "{name}");
        assert_eq!(fx.banner, Banner::Close { floating: config.floating_button }, "{name}");
        assert_eq!(fx.events, [Event::Consent, Event::Change], "{name}");
        assert_eq!(granted(&fx).len(), fx.detail.len(), "{name}");
        assert!(fx.detail.iter().any(|(n, _)| n == "statistical/matomo"), "{name}: services are named category/service");
        let proof = fx.proof.clone().map(|p| p.record).unwrap_or_default();
        assert!(proof.contains("\"language\":\"fr\"") && proof.contains("\"browser\":\"firefox\""), "{name}: {proof}");
        assert!(fx.tell_other_tabs, "{name}");
    }
}

#[test]
fn reject_all_deletes_every_optional_cookie_on_every_variant() {
    for (name, config) in portals() {
        let next = decided(&config, Decision::RejectAll, None);
        let fx = plan(&config, None, Some(&next), Cause::Decision, &page(JAR));
        assert_eq!(granted(&fx), ["necessary"], "{name}");
        assert!(fx.write.is_some() && fx.activate, "{name}: necessary gated markup still activates");
        // www.data.corsica: host-only, .www.data.corsica, .data.corsica × /, /explore.
        let ga: Vec<&String> = fx.delete.iter().filter(|d| d.starts_with("_ga=")).collect();
        assert_eq!(ga.len(), 6, "{name}: {ga:?}");
        assert!(ga.iter().any(|d| d.contains("Path=/explore; Domain=.data.corsica; Max-Age=0")), "{name}: {ga:?}");
        assert!(!deleted_names(&fx).iter().any(|n| ["sessionid", "csrftoken"].contains(n)), "{name}: necessary cookies stay");
        assert_eq!(fx.events, [Event::Consent, Event::Change], "{name}");
    }
}

#[test]
fn a_decision_first_deletes_the_consent_cookies_other_copies() {
    for (name, config) in portals() {
        let next = decided(&config, Decision::RejectAll, None);
        let fx = plan(&config, None, Some(&next), Cause::Decision, &page(JAR));
        let own = [config.cookie.name.as_str(), "="].concat();
        let copies: Vec<&String> = fx.delete.iter().filter(|d| d.starts_with(&own)).collect();
        assert!(copies.iter().any(|d| d.contains("Domain=.data.corsica")), "{name}: the parent domain's copy goes: {copies:?}");
        assert!(!copies.iter().any(|d| d.contains("Path=/;") && !d.contains("Domain=")), "{name}: never this site's own copy: {copies:?}");
        let first_other = fx.delete.iter().position(|d| !d.starts_with(&own)).unwrap_or(fx.delete.len());
        assert_eq!(first_other, copies.len(), "{name}: the copies come first, then the refused services' cookies");
        let start = plan(&config, None, None, Cause::Start, &page(JAR));
        assert!(!start.delete.iter().any(|d| d.starts_with(&own)), "{name}: nothing is decided at start, no copy is touched");
    }
}

#[test]
fn a_partial_choice_runs_and_deletes_per_service() {
    for (name, config) in portals() {
        let choice = Decision::Custom(vec![Choice::category("statistical", true), Choice::service("statistical", "ga4", false)]);
        let next = decided(&config, choice, None);
        let fx = plan(&config, None, Some(&next), Cause::Decision, &page(JAR));
        let on = granted(&fx);
        assert!(on.contains(&"statistical") && on.contains(&"statistical/matomo"), "{name}: {on:?}");
        assert!(!on.contains(&"statistical/ga4") && !on.contains(&"third_party"), "{name}: {on:?}");
        let gone = deleted_names(&fx);
        assert!(gone.contains(&"_ga") && gone.contains(&"_ga_X1"), "{name}: {gone:?}");
        assert!(!gone.contains(&"_pk_id.1.ab"), "{name}: Matomo was accepted: {gone:?}");
    }
}

#[test]
fn withdrawal_deletes_and_tells_the_other_tabs() {
    for (name, config) in portals() {
        let before = decided(&config, Decision::AcceptAll, None);
        let after = decide(&config, &Decision::RejectAll, Some(&before), "ignoredignored", NOW + 60);
        let fx = plan(&config, Some(&before), Some(&after), Cause::Decision, &page(JAR));
        assert!(fx.tell_other_tabs && fx.events.contains(&Event::Change), "{name}");
        assert!(deleted_names(&fx).contains(&"_ga"), "{name}");
        assert!(fx.proof.as_ref().is_some_and(|p| p.record.contains("\"id\":\"q2Xo3mZb8kT1vLwA\"")), "{name}: same consent history");
    }
}

#[test]
fn the_same_choice_again_is_no_change() {
    for (name, config) in portals() {
        let before = decided(&config, Decision::RejectAll, None);
        let again = decide(&config, &Decision::RejectAll, Some(&before), "ignoredignored", NOW + 60);
        let fx = plan(&config, Some(&before), Some(&again), Cause::Decision, &page(""));
        assert_eq!(fx.events, [Event::Consent], "{name}");
        assert!(!fx.tell_other_tabs && fx.write.is_some() && fx.proof.is_some(), "{name}: still stored and proven");
    }
}

#[test]
fn a_stored_choice_at_start_applies_without_storing_again() {
    for (name, config) in portals() {
        let stored = decided(&config, Decision::AcceptAll, None);
        let header = [JAR, "; ", &config.cookie.name, "=", &encode(&stored)].concat();
        let verdict = read(&config, &header, NOW + 10);
        let Status::Decided(consent) = verdict.status else { panic!("{name}: {:?}", verdict.status) };
        let fx = plan(&config, None, Some(&consent), Cause::Start, &page(&header));
        assert_eq!(fx.banner, Banner::Settled { floating: config.floating_button }, "{name}: nothing to close, a dialog opened since stays");
        assert!(fx.activate, "{name}");
        assert_eq!(fx.events, [Event::Consent], "{name}: a stored choice is no change");
        assert_eq!((fx.write.as_deref(), fx.proof.as_ref(), fx.tell_other_tabs), (None, None, false), "{name}");
    }
}

#[test]
fn a_revision_bump_asks_again_and_runs_nothing_optional() {
    for (name, mut config) in portals() {
        let stored = decided(&config, Decision::AcceptAll, None);
        config.revision += 1;
        let header = [JAR, "; ", &config.cookie.name, "=", &encode(&stored)].concat();
        let verdict = read(&config, &header, NOW + 10);
        assert!(verdict.status.consent().is_none(), "{name}");
        let fx = plan(&config, None, verdict.status.consent(), Cause::Start, &page(&header));
        assert_eq!(fx.banner, Banner::Show, "{name}");
        assert!(!fx.activate && deleted_names(&fx).contains(&"_ga"), "{name}");
    }
}

#[test]
fn another_tabs_decision_is_followed_only_when_it_changes_something() {
    for (name, config) in portals() {
        let here = decided(&config, Decision::RejectAll, None);
        let same = decide(&config, &Decision::RejectAll, Some(&here), "ignoredignored", NOW + 5);
        assert_eq!(plan(&config, Some(&here), Some(&same), Cause::OtherTab, &page(JAR)), Effects::default(), "{name}");
        let there = decide(&config, &Decision::AcceptAll, Some(&here), "ignoredignored", NOW + 5);
        let fx = plan(&config, Some(&here), Some(&there), Cause::OtherTab, &page(JAR));
        assert_eq!(fx.events, [Event::Change], "{name}");
        assert!(fx.activate && fx.write.is_none() && fx.proof.is_none() && !fx.tell_other_tabs, "{name}: the deciding tab stored and told");
    }
}

#[test]
fn another_tabs_first_decision_is_this_tabs_first_too() {
    for (name, config) in portals() {
        let there = decided(&config, Decision::AcceptAll, None);
        let fx = plan(&config, None, Some(&there), Cause::OtherTab, &page(JAR));
        assert_eq!(fx.events, [Event::Consent, Event::Change], "{name}: a decision applies here for the first time");
        assert!(fx.write.is_none() && !fx.tell_other_tabs, "{name}");
    }
}

#[test]
fn always_allow_on_an_embed_keeps_every_other_choice() {
    for (name, config) in portals() {
        let before = decided(&config, Decision::Custom(vec![Choice::category("statistical", true)]), None);
        let after = decided(&config, grant(Some(&before), "third_party", Some("youtube")), Some(&before));
        let fx = plan(&config, Some(&before), Some(&after), Cause::Decision, &page(""));
        let on = granted(&fx);
        assert!(on.contains(&"statistical") && on.contains(&"third_party/youtube"), "{name}: {on:?}");
        assert!(!on.contains(&"third_party"), "{name}: the service, not its whole category: {on:?}");
        assert!(fx.events.contains(&Event::Change), "{name}");
    }
}

#[test]
fn consent_mode_default_first_then_update() {
    let mut config = config_of(PORTALS[0].1);
    config.consent_mode = Some(Default::default());
    let fx = plan(&config, None, None, Cause::Start, &page(""));
    assert_eq!(fx.consent_mode.iter().map(|c| c.command).collect::<Vec<_>>(), ["default"]);
    assert!(fx.consent_mode.iter().flat_map(|c| &c.states).all(|(t, g)| *g == ["functionality_storage", "security_storage"].contains(t)));
    let stored = decided(&config, Decision::Custom(vec![Choice::category("statistical", true)]), None);
    let fx = plan(&config, None, Some(&stored), Cause::Start, &page(""));
    assert_eq!(fx.consent_mode.iter().map(|c| c.command).collect::<Vec<_>>(), ["default", "update"]);
    let update = fx.consent_mode.last().map(|c| c.states.clone()).unwrap_or_default();
    assert!(update.contains(&("analytics_storage", true)) && update.contains(&("ad_storage", false)), "{update:?}");
    let fx = plan(&config, None, Some(&stored), Cause::Decision, &page(""));
    assert_eq!(fx.consent_mode.iter().map(|c| c.command).collect::<Vec<_>>(), ["update"]);
    config.consent_mode = None;
    assert!(plan(&config, None, Some(&stored), Cause::Decision, &page("")).consent_mode.is_empty());
}

#[test]
fn the_proof_goes_where_the_config_says() {
    let mut config = config_of(PORTALS[0].1);
    let next = decided(&config, Decision::AcceptAll, None);
    assert_eq!(plan(&config, None, Some(&next), Cause::Decision, &page("")).proof.and_then(|p| p.send_to), None);
    config.consent_log_url = Some("/consent-log".into());
    let proof = plan(&config, None, Some(&next), Cause::Decision, &page("")).proof;
    assert_eq!(proof.and_then(|p| p.send_to).as_deref(), Some("/consent-log"));
}

/// data.corsica's configuration with every vendor's consent mode on: UET on a third-party
/// service, Clarity and Matomo on statistical services, Piano on the whole statistical category.
fn with_vendors(matomo_key: &str) -> Config {
    let json = [
        r#"{"categories":[{"id":"statistical","services":[{"preset":"matomo"},{"preset":"clarity"},{"preset":"atinternet"}]},
            {"id":"third_party","services":[{"preset":"uet"},{"preset":"youtube"}]}],
           "consentModes":{"uet":"third_party/uet","clarity":"statistical/clarity",""#,
        matomo_key,
        r#"":"statistical/matomo","piano":"statistical"}}"#,
    ]
    .concat();
    let (config, issues) = Config::from_json(&json);
    assert!(issues.iter().all(|i| i.severity == crate::core::config_parse::Severity::Warning), "{issues:?}");
    config
}

use crate::core::vendors::VendorCall::{Clarity, Matomo, Piano, Uet};

#[test]
fn vendor_defaults_go_out_at_start_before_any_choice() {
    let config = with_vendors("matomo");
    let fx = plan(&config, None, None, Cause::Start, &page(""));
    assert_eq!(fx.vendors, [Uet { update: false, granted: false }, Clarity { granted: false }, Matomo("requireConsent"), Piano("opt-out")]);
    let cookies = with_vendors("matomoCookies");
    let fx = plan(&cookies, None, None, Cause::Start, &page(""));
    assert!(fx.vendors.contains(&Matomo("requireCookieConsent")) && !fx.vendors.contains(&Matomo("requireConsent")));
}

#[test]
fn vendors_follow_accept_reject_and_a_partial_choice() {
    let config = with_vendors("matomo");
    let all = decided(&config, Decision::AcceptAll, None);
    let fx = plan(&config, None, Some(&all), Cause::Decision, &page(""));
    assert_eq!(fx.vendors, [Uet { update: true, granted: true }, Clarity { granted: true }, Matomo("setConsentGiven"), Piano("opt-in")]);
    let none = decided(&config, Decision::RejectAll, None);
    let fx = plan(&config, None, Some(&none), Cause::Decision, &page(""));
    assert_eq!(fx.vendors, [Uet { update: true, granted: false }, Clarity { granted: false }, Matomo("forgetConsentGiven"), Piano("opt-out")]);
    let stats_but_clarity = Decision::Custom(vec![Choice::category("statistical", true), Choice::service("statistical", "clarity", false)]);
    let some = decided(&config, stats_but_clarity, None);
    let fx = plan(&config, None, Some(&some), Cause::Decision, &page(""));
    assert_eq!(fx.vendors, [Uet { update: true, granted: false }, Clarity { granted: false }, Matomo("setConsentGiven"), Piano("opt-in")]);
}

#[test]
fn withdrawal_and_a_stored_choice_update_the_vendors() {
    let config = with_vendors("matomoCookies");
    let before = decided(&config, Decision::AcceptAll, None);
    let after = decide(&config, &Decision::RejectAll, Some(&before), "ignoredignored", NOW + 60);
    let fx = plan(&config, Some(&before), Some(&after), Cause::Decision, &page(""));
    assert!(fx.vendors.contains(&Matomo("forgetCookieConsentGiven")) && fx.vendors.contains(&Piano("opt-out")), "{:?}", fx.vendors);
    // A stored choice at start: each default, then each update, in that order.
    let fx = plan(&config, None, Some(&before), Cause::Start, &page(""));
    let (defaults, updates) = fx.vendors.split_at(4);
    assert!(defaults.iter().all(|c| matches!(c, Uet { update: false, .. } | Clarity { granted: false } | Matomo("requireCookieConsent") | Piano("opt-out"))), "{defaults:?}");
    assert_eq!(updates, [Uet { update: true, granted: true }, Clarity { granted: true }, Matomo("setCookieConsentGiven"), Piano("opt-in")]);
    // Another tab's withdrawal reaches the vendors of this one.
    let fx = plan(&config, Some(&before), Some(&after), Cause::OtherTab, &page(""));
    assert!(fx.vendors.contains(&Uet { update: true, granted: false }));
}

#[test]
fn without_consent_modes_no_vendor_is_told_anything() {
    for (name, config) in portals() {
        let next = decided(&config, Decision::AcceptAll, None);
        assert!(plan(&config, None, None, Cause::Start, &page("")).vendors.is_empty(), "{name}");
        assert!(plan(&config, None, Some(&next), Cause::Start, &page("")).vendors.is_empty(), "{name}");
        assert!(plan(&config, None, Some(&next), Cause::Decision, &page("")).vendors.is_empty(), "{name}");
    }
}

/// `globalPrivacyControl: "refuse"` with the signal: a first visit is settled as a refusal at
/// start, with no banner, its record (saying the signal was there) written and its proof kept,
/// and without the `biscotte:change` a visitor's decision fires.
#[test]
fn the_signal_refuses_at_start_without_a_banner_and_records_itself() {
    for (name, mut config) in portals() {
        config.gpc = crate::core::config::Gpc::Refuse;
        let verdict = read(&config, JAR, NOW);
        let refusal = crate::core::standing::signal_refusal(&config, &verdict.status, &verdict.standing, true);
        let mut next = decided(&config, refusal.unwrap_or(Decision::AcceptAll), None);
        next.gpc = true;
        assert!(next.choices.iter().all(|c| !c.granted || config.category(&c.category).is_some_and(|k| k.necessary)), "{name}");
        let fx = plan(&config, None, Some(&next), Cause::Signal, &page(JAR));
        assert_eq!(fx.banner, Banner::Settled { floating: config.floating_button }, "{name}");
        assert!(fx.activate && fx.placeholders, "{name}");
        assert_eq!(fx.events, [Event::Consent], "{name}");
        assert!(fx.write.as_deref().is_some_and(|w| w.contains(".g;")), "{name}: {:?}", fx.write);
        assert!(fx.proof.as_ref().is_some_and(|p| p.record.contains("\"gpc\":true")), "{name}");
        assert!(!fx.tell_other_tabs, "{name}: the other tabs see the signal themselves");
        assert!(deleted_names(&fx).contains(&"_ga"), "{name}: refused services' cookies go");
        let start = plan(&config, None, None, Cause::Start, &page(JAR));
        assert_eq!(fx.consent_mode.first(), start.consent_mode.first(), "{name}: Consent Mode's default first, as at start");
        assert!(fx.vendors.starts_with(&start.vendors), "{name}: the trackers' defaults first, as at start");
        let stored = read(&config, &[config.cookie.name.as_str(), "=", &encode(&next)].concat(), NOW + 60);
        assert!(matches!(&stored.status, Status::Decided(c) if c.gpc), "{name}: the next page reads the refusal");
    }
}

/// Refusal and acceptance kept apart: the cookie lives as long as the longer of the two.
#[test]
fn the_cookie_lives_as_long_as_the_longer_lifetime() {
    let mut config = Config { lifetime_days: 30, refusal_days: 182, ..Config::default() };
    let next = decided(&config, Decision::RejectAll, None);
    let write = plan(&config, None, Some(&next), Cause::Decision, &page("")).write.unwrap_or_default();
    assert!(write.contains("; Max-Age=15724800;"), "{write}");
    config.lifetime_days = 395;
    let write = plan(&config, None, Some(&next), Cause::Decision, &page("")).write.unwrap_or_default();
    assert!(write.contains("; Max-Age=34128000;"), "{write}");
}
