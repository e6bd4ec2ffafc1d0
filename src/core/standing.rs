//! Refusal and acceptance kept apart: which choices of a stored record still stand, and what
//! Global Privacy Control decides when none is asked for. (The rule for one choice,
//! [`lapse`], sits with `consent::status`, which uses it.)
//!
//! An acceptance lasts `lifetimeDays`, a refusal `refusalDays` (6 months by default: the CNIL's
//! good practice; the Digital Omnibus proposal of November 2025 forbids asking again about a
//! refused purpose sooner). A policy revision asks again only about the purposes that changed in
//! it (a category's `revision`), and never about a refused one before its refusal's lifetime is
//! over: a refusal of a changed purpose is still a refusal. Why: `docs/adr/016-refusal-and-gpc.md`.

use crate::prelude::*;

use crate::core::config::{Config, Gpc};
use crate::core::exempt::{is_exempt, objected};
use crate::core::consent::{decide, lapse, purposes, readable, Choice, Consent, Decision, Status};

/// The choices of `record` that still stand at `now`: kept when the banner asks about the others.
/// An objection to an exempt service is no purpose and no revision asks about it again: it stands
/// as long as the record can be read, so an answer to the banner never drops it.
pub fn standing(config: &Config, record: &Consent, now: u64) -> Vec<Choice> {
    let mut out = Vec::new();
    if readable(config, record, now).is_err() {
        return out;
    }
    for (category, service) in purposes(config) {
        if lapse(config, record, category, service, now).is_none() {
            let granted = record.allows_subject(category, service);
            out.push(Choice { category: category.into(), service: service.map(Into::into), granted });
        }
    }
    for cat in &config.categories {
        for svc in cat.services.iter().filter(|s| s.exempt.is_some() && objected(Some(record), &cat.id, &s.id)) {
            out.push(Choice::service(&cat.id, &svc.id, false));
        }
    }
    out
}

/// The banner's answer (accept or refuse, `granted`) when it asks about some purposes only:
/// every choice that stands is kept, the others get `granted`.
pub fn answer(config: &Config, standing: &[Choice], granted: bool) -> Decision {
    if standing.is_empty() {
        return if granted { Decision::AcceptAll } else { Decision::RejectAll };
    }
    let mut list = standing.to_vec();
    for (category, service) in purposes(config) {
        list.push(Choice { category: category.into(), service: service.map(Into::into), granted });
    }
    Decision::Custom(list)
}

/// What the dialog's switches show while the banner asks about some purposes only (`standing`
/// not empty): the choices that stand, every purpose asked about off, as nothing is pre-ticked.
/// Without it a visitor who opened the dialog and saved would withdraw what they had accepted.
pub fn shown(config: &Config, standing: &[Choice]) -> Option<Consent> {
    kept_and_refused(config, standing)
}

/// While the banner asks again: the standing objections to exempt services (`None` without one),
/// as a record that refuses every purpose and objects to those. It decides what runs until the
/// visitor answers (an objected service stays stopped); it is never written or reported.
pub fn objections(config: &Config, standing: &[Choice]) -> Option<Consent> {
    let objected = |c: &&Choice| !c.granted && c.service.as_deref().is_some_and(|s| is_exempt(config, &c.category, s));
    kept_and_refused(config, &standing.iter().filter(objected).cloned().collect::<Vec<_>>())
}

/// A record, never written, holding the choices `kept` and refusing every other purpose; `None`
/// when nothing is kept.
fn kept_and_refused(config: &Config, kept: &[Choice]) -> Option<Consent> {
    (!kept.is_empty()).then(|| decide(config, &answer(config, kept, false), None, "", 0))
}

/// With `globalPrivacyControl: "refuse"` and the signal present, a page view that would ask
/// refuses every optional purpose whose choice does not stand instead, without a banner. A
/// decision that stands, an explicit opt-in included, is not overridden.
pub fn signal_refusal(config: &Config, status: &Status, standing: &[Choice], gpc: bool) -> Option<Decision> {
    let asking = matches!(status, Status::Ask(_));
    (asking && gpc && config.gpc == Gpc::Refuse).then(|| answer(config, standing, false))
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::config::{Category, Exempt, Service};
    use crate::core::consent::{decide, status, AskReason};

    const DAY: u64 = 86_400;
    const T0: u64 = 1_763_895_000;

    /// Statistical (with a toggleable Matomo) and third-party, revision 1.
    fn config() -> Config {
        let mut config = Config::default();
        if let Some(stats) = config.categories.iter_mut().find(|c| c.id == "statistical") {
            stats.services.push(Service { id: "matomo".into(), toggle: true, ..Service::default() });
        }
        config
    }

    fn custom(stats: bool, third: bool) -> Decision {
        Decision::Custom(vec![Choice::category("statistical", stats), Choice::category("third_party", third)])
    }

    fn asks(config: &Config, record: &Consent, now: u64) -> Option<AskReason> {
        match status(config, Some(record.clone()), false, now) {
            Status::Decided(_) => None,
            Status::Ask(reason) => Some(reason),
        }
    }

    #[test]
    fn a_refusal_and_an_acceptance_each_keep_their_own_lifetime() {
        let mut config = config();
        config.lifetime_days = 395;
        config.refusal_days = 182;
        let refused = decide(&config, &Decision::RejectAll, None, "abcdefgh", T0);
        assert_eq!(asks(&config, &refused, T0 + 182 * DAY), None);
        assert_eq!(asks(&config, &refused, T0 + 182 * DAY + 1), Some(AskReason::Expired));
        let accepted = decide(&config, &Decision::AcceptAll, None, "abcdefgh", T0);
        assert_eq!(asks(&config, &accepted, T0 + 395 * DAY), None);
        assert_eq!(asks(&config, &accepted, T0 + 395 * DAY + 1), Some(AskReason::Expired));
        // Mixed: after 182 days only the refusal has lapsed; the acceptance still stands.
        let mixed = decide(&config, &custom(true, false), None, "abcdefgh", T0);
        assert_eq!(asks(&config, &mixed, T0 + 183 * DAY), Some(AskReason::Expired));
        let kept = standing(&config, &mixed, T0 + 183 * DAY);
        assert_eq!(kept, [Choice::category("statistical", true), Choice::service("statistical", "matomo", true)]);
        // The other way round: a refusal kept longer than an acceptance.
        config.lifetime_days = 30;
        config.refusal_days = 395;
        assert_eq!(asks(&config, &refused, T0 + 395 * DAY), None);
        assert_eq!(standing(&config, &mixed, T0 + 31 * DAY), [Choice::category("third_party", false)]);
        assert_eq!(config.cookie_seconds(), 395 * DAY);
    }

    #[test]
    fn a_revision_bump_keeps_a_refusal_of_an_unchanged_or_changed_purpose() {
        let mut config = config();
        let refused = decide(&config, &Decision::RejectAll, None, "abcdefgh", T0);
        config.revision = 2;
        assert_eq!(asks(&config, &refused, T0 + DAY), None, "every purpose changed, all of them refused: no banner");
        if let Some(cat) = config.categories.iter_mut().find(|c| c.id == "statistical") {
            cat.revision = Some(1);
        }
        assert_eq!(asks(&config, &refused, T0 + DAY), None);
        assert_eq!(asks(&config, &refused, T0 + 183 * DAY), Some(AskReason::Expired), "but not past its lifetime");
    }

    #[test]
    fn a_revision_bump_asks_again_about_a_changed_acceptance_only() {
        let mut config = config();
        let mixed = decide(&config, &custom(true, false), None, "abcdefgh", T0);
        config.revision = 2;
        for cat in &mut config.categories {
            cat.revision = Some(1);
        }
        assert_eq!(asks(&config, &mixed, T0 + DAY), None, "nothing changed in revision 2");
        if let Some(cat) = config.categories.iter_mut().find(|c| c.id == "statistical") {
            cat.revision = Some(2);
        }
        assert_eq!(asks(&config, &mixed, T0 + DAY), Some(AskReason::Outdated));
        assert_eq!(standing(&config, &mixed, T0 + DAY), [Choice::category("third_party", false)]);
        config.revision = 3;
        if let Some(cat) = config.categories.iter_mut().find(|c| c.id == "statistical") {
            cat.revision = Some(1);
        }
        assert_eq!(asks(&config, &mixed, T0 + DAY), None, "statistical unchanged since revision 1");
        let later = Consent { revision: 4, ..mixed };
        assert_eq!(asks(&config, &later, T0 + DAY), Some(AskReason::Outdated), "a record from a later revision");
        assert!(standing(&config, &later, T0 + DAY).is_empty());
    }

    #[test]
    fn a_new_purpose_is_asked_about_and_the_answer_keeps_the_rest() {
        let mut config = config();
        let refused = decide(&config, &Decision::RejectAll, None, "abcdefgh", T0);
        config.revision = 2;
        config.categories.push(Category { id: "ads".into(), revision: Some(2), ..Category::default() });
        assert_eq!(asks(&config, &refused, T0 + DAY), Some(AskReason::Incomplete));
        let kept = standing(&config, &refused, T0 + DAY);
        assert_eq!(kept.len(), 3);
        let next = decide(&config, &answer(&config, &kept, true), Some(&refused), "ijklmnop", T0 + DAY);
        assert!(next.allows("ads"), "the new purpose is accepted");
        assert!(!next.allows("statistical") && !next.allows_service("statistical", "matomo") && !next.allows("third_party"));
        assert_eq!((next.id.as_str(), next.revision), ("abcdefgh", 2));
        assert_eq!(asks(&config, &next, T0 + DAY), None);
        assert_eq!(answer(&config, &[], true), Decision::AcceptAll);
        assert_eq!(answer(&config, &[], false), Decision::RejectAll);
    }

    #[test]
    fn the_dialog_shows_the_choices_that_stand_and_the_new_purpose_off() {
        let mut config = config();
        let accepted = decide(&config, &Decision::AcceptAll, None, "abcdefgh", T0);
        config.revision = 2;
        for cat in &mut config.categories {
            cat.revision = Some(1);
        }
        config.categories.push(Category { id: "ads".into(), revision: Some(2), ..Category::default() });
        let kept = standing(&config, &accepted, T0 + DAY);
        let Some(switches) = shown(&config, &kept) else { panic!("choices stand") };
        assert!(switches.allows("statistical") && switches.allows_service("statistical", "matomo") && switches.allows("third_party"));
        assert!(!switches.allows("ads"), "the purpose asked about starts off");
        assert_eq!(shown(&config, &[]), None, "a first visit's dialog starts all off");
    }

    #[test]
    fn the_dialog_shows_a_new_service_off_even_in_an_accepted_category() {
        let mut config = config();
        let accepted = decide(&config, &Decision::AcceptAll, None, "abcdefgh", T0);
        if let Some(stats) = config.categories.iter_mut().find(|c| c.id == "statistical") {
            stats.services.push(Service { id: "ga4".into(), toggle: true, ..Service::default() });
        }
        assert_eq!(asks(&config, &accepted, T0 + DAY), Some(AskReason::Incomplete));
        let Some(switches) = shown(&config, &standing(&config, &accepted, T0 + DAY)) else { panic!("choices stand") };
        assert!(switches.allows("statistical") && switches.allows_service("statistical", "matomo"));
        assert!(!switches.allows_service("statistical", "ga4"), "not pre-ticked by its category's acceptance");
    }

    #[test]
    fn an_objection_to_an_exempt_service_outlives_a_new_question() {
        let mut config = config();
        if let Some(stats) = config.categories.iter_mut().find(|c| c.id == "statistical") {
            stats.services.push(Service { id: "piano".into(), toggle: true, exempt: Some(Exempt::Plain), ..Service::default() });
        }
        let objection = Decision::Custom(vec![Choice::service("statistical", "piano", false)]);
        let record = decide(&config, &objection, None, "abcdefgh", T0);
        assert!(objected(Some(&record), "statistical", "piano"));
        config.revision = 2;
        for cat in &mut config.categories {
            cat.revision = Some(1);
        }
        config.categories.push(Category { id: "ads".into(), revision: Some(2), ..Category::default() });
        let kept = standing(&config, &record, T0 + DAY);
        assert!(kept.contains(&Choice::service("statistical", "piano", false)), "{kept:?}");
        for granted in [true, false] {
            let next = decide(&config, &answer(&config, &kept, granted), Some(&record), "ijklmnop", T0 + DAY);
            assert!(objected(Some(&next), "statistical", "piano"), "the banner's answer ({granted}) keeps the objection");
        }
        assert!(shown(&config, &kept).is_some_and(|c| objected(Some(&c), "statistical", "piano")), "the dialog shows it");
    }

    #[test]
    fn the_signal_refuses_only_what_would_be_asked_and_only_when_configured() {
        let mut config = config();
        let ask = Status::Ask(AskReason::NoRecord);
        assert_eq!(signal_refusal(&config, &ask, &[], true), None, "notice: the banner asks");
        config.gpc = Gpc::Refuse;
        assert_eq!(signal_refusal(&config, &ask, &[], false), None, "no signal");
        assert_eq!(signal_refusal(&config, &ask, &[], true), Some(Decision::RejectAll));
        let accepted = decide(&config, &Decision::AcceptAll, None, "abcdefgh", T0);
        assert_eq!(signal_refusal(&config, &Status::Decided(accepted.clone()), &[], true), None, "an opt-in stands");
        config.categories.push(Category { id: "ads".into(), ..Category::default() });
        let kept = standing(&config, &accepted, T0);
        let decision = signal_refusal(&config, &Status::Ask(AskReason::Incomplete), &kept, true);
        let next = decide(&config, &decision.unwrap_or(Decision::AcceptAll), Some(&accepted), "ijklmnop", T0);
        assert!(next.allows("statistical") && next.allows("third_party") && !next.allows("ads"));
    }

    fn described(json: &str) -> (Config, Vec<String>) {
        let (config, issues) = Config::from_json(json);
        (config, issues.iter().map(|i| i.describe()).collect())
    }

    #[test]
    fn the_configuration_keys() {
        let (c, issues) = described(
            r#"{"revision":3,"refusalDays":395,"globalPrivacyControl":"refuse","categories":[{"id":"necessary"},{"id":"statistical","revision":2},{"id":"third_party","revision":3}]}"#,
        );
        assert!(issues.is_empty(), "{issues:?}");
        assert_eq!((c.refusal_days, c.lifetime_days, c.gpc), (395, 182, Gpc::Refuse));
        assert_eq!((c.purpose_revision("statistical"), c.purpose_revision("third_party"), c.purpose_revision("necessary")), (2, 3, 3));
        assert_eq!(described(r#"{"globalPrivacyControl":"notice"}"#).0.gpc, Gpc::Notice);
        assert_eq!(described(r#"{"globalPrivacyControl":true}"#).0.gpc, Gpc::Notice);
        assert_eq!(described(r#"{"globalPrivacyControl":false}"#).0.gpc, Gpc::Off);
        assert_eq!(Config::default().gpc, Gpc::Notice);
        let cases = [
            (r#"{"refusalDays":396}"#, "refusalDays: exceeds 13 months (395 days)"),
            (r#"{"refusalDays":0}"#, "refusalDays: must be at least 1 day"),
            (r#"{"globalPrivacyControl":"block"}"#, "globalPrivacyControl: expected \"notice\", \"refuse\" or false, found \"block\""),
            (r#"{"globalPrivacyControl":1}"#, "globalPrivacyControl: expected \"notice\", \"refuse\" or false, found number"),
            (
                r#"{"revision":2,"categories":[{"id":"statistical","revision":3}]}"#,
                "categories[0].revision: must be from 1 to the policy's revision; ignored (the purpose changes with every revision)",
            ),
            (
                r#"{"categories":[{"id":"statistical","revision":0}]}"#,
                "categories[0].revision: must be from 1 to the policy's revision; ignored (the purpose changes with every revision)",
            ),
        ];
        for (json, want) in cases {
            let (c, issues) = described(json);
            assert_eq!(issues.iter().filter(|i| !i.contains("necessary category")).collect::<Vec<_>>(), [want], "{json}");
            assert_eq!((c.refusal_days, c.gpc), (182, Gpc::Notice), "{json}: defaults kept");
            assert_eq!(c.category("statistical").and_then(|k| k.revision), None, "{json}");
        }
    }

    /// Two copies of the cookie that both ask but keep different choices keep none: a sibling
    /// site's copy cannot slip a grant into the banner's answer.
    #[test]
    fn copies_that_keep_different_choices_keep_none() {
        use crate::core::codec::encode;
        use crate::core::reader::read;
        let mut config = config();
        let ours = decide(&config, &Decision::RejectAll, None, "abcdefgh", T0);
        let theirs = decide(&config, &custom(true, false), None, "siblingsite", T0);
        config.categories.push(Category { id: "ads".into(), ..Category::default() });
        let header = |values: &[&Consent]| {
            let pairs: Vec<String> = values.iter().map(|c| ["cookies_preferences=", &encode(c)].concat()).collect();
            pairs.join("; ")
        };
        let alone = read(&config, &header(&[&ours]), T0 + DAY);
        assert_eq!((alone.status, alone.standing.len()), (Status::Ask(AskReason::Incomplete), 3));
        let both = read(&config, &header(&[&theirs, &ours]), T0 + DAY);
        assert_eq!((both.status, both.standing), (Status::Ask(AskReason::Incomplete), Vec::new()));
        let twice = read(&config, &header(&[&ours, &ours]), T0 + DAY);
        assert_eq!(twice.standing.len(), 3, "identical copies agree");
    }
}
