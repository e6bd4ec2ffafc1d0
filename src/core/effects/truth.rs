//! Plans for the policy's truth (issue 14): the cookie audit, the visitor's own proof copy, and
//! what a withdrawal stops, on the seed portals' configurations.

use super::tests::{decided, page, portals, JAR, NOW};
use super::*;
use crate::core::consent::{decide, grant, Decision};

fn with(config: &Config, f: impl FnOnce(&mut Config)) -> Config {
    let mut config = config.clone();
    f(&mut config);
    config
}

#[test]
fn the_cookie_audit_runs_after_load_and_after_each_decision_only_when_asked() {
    for (name, config) in portals() {
        let audited = with(&config, |c| c.audit = true);
        let all = decided(&config, Decision::AcceptAll, None);
        let none = decide(&config, &Decision::RejectAll, Some(&all), "ignoredignored", NOW + 60);
        for (c, want) in [(&config, config.audit), (&audited, true)] {
            assert_eq!(plan(c, None, None, Cause::Start, &page(JAR)).audit_cookies, want, "{name}: start, undecided");
            assert_eq!(plan(c, None, Some(&all), Cause::Start, &page(JAR)).audit_cookies, want, "{name}: start, stored");
            assert_eq!(plan(c, Some(&all), Some(&none), Cause::Decision, &page(JAR)).audit_cookies, want, "{name}: decision");
            assert_eq!(plan(c, Some(&all), Some(&none), Cause::OtherTab, &page(JAR)).audit_cookies, want, "{name}: other tab");
        }
    }
}

#[test]
fn the_visitors_own_proof_copy_follows_proof_storage() {
    for (name, config) in portals() {
        let next = decided(&config, Decision::RejectAll, None);
        let kept = plan(&config, None, Some(&next), Cause::Decision, &page(JAR));
        assert!(kept.proof.as_ref().is_some_and(|p| p.store), "{name}: kept by default");
        let off = with(&config, |c| c.proof_storage = false);
        let proof = plan(&off, None, Some(&next), Cause::Decision, &page(JAR)).proof.expect("still a proof for consentLogUrl");
        assert!(!proof.store, "{name}");
        assert_eq!(proof.send_to, config.consent_log_url, "{name}: the log still receives it");
    }
}

#[test]
fn a_withdrawal_unloads_and_may_reload_but_nothing_else_does() {
    for (name, config) in portals() {
        let all = decided(&config, Decision::AcceptAll, None);
        let none = decide(&config, &Decision::RejectAll, Some(&all), "ignoredignored", NOW + 60);
        for cause in [Cause::Decision, Cause::OtherTab] {
            let fx = plan(&config, Some(&all), Some(&none), cause, &page(JAR));
            let w = fx.withdrawal.expect("reject after accept withdraws");
            assert!(w.stops("third_party", None) && !w.stops("necessary", None), "{name}");
            assert_eq!(w.reload, config.reload_on_withdrawal, "{name}");
            assert!(fx.placeholders, "{name}: the unloaded embeds get their placeholders");
        }
        let reloading = with(&config, |c| c.reload_on_withdrawal = true);
        let w = plan(&reloading, Some(&all), Some(&none), Cause::Decision, &page(JAR)).withdrawal.expect("withdrawal");
        assert!(w.needs_reload(&[("statistical".into(), None)]) && !w.needs_reload(&[]), "{name}");
        // Accepting, the same choice again, "Always allow", and a stored choice at start withdraw nothing.
        let again = decide(&config, &Decision::RejectAll, Some(&none), "ignoredignored", NOW + 90);
        let allowed = decide(&config, &grant(Some(&none), "third_party", None), Some(&none), "ignoredignored", NOW + 90);
        for (previous, next, cause) in [(Some(&none), &all, Cause::Decision), (Some(&none), &again, Cause::Decision), (Some(&none), &allowed, Cause::Decision), (None, &none, Cause::Start)] {
            assert_eq!(plan(&reloading, previous, Some(next), cause, &page(JAR)).withdrawal, None, "{name}");
        }
    }
}
