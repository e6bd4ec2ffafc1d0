//! The `Cookie` header reader: what the browser and back ends both call.

use crate::prelude::*;

use crate::core::codec::decode;
use crate::core::config::{Config, Service};
use crate::core::consent::{Consent, Status, CLOCK_SKEW};
use crate::core::cookie::values;
use crate::core::reader::{read, Verdict};

/// The default categories, plus a toggleable and a non-toggleable service in `statistical`.
fn config() -> Config {
    let mut config = Config::default();
    if let Some(stats) = config.categories.iter_mut().find(|c| c.id == "statistical") {
        stats.services.push(Service { id: "matomo".into(), toggle: true, ..Service::default() });
        stats.services.push(Service { id: "ga4".into(), ..Service::default() });
    }
    config
}

/// The optional purposes of [`config`] as `(category, service)`.
const PURPOSES: &[(&str, Option<&str>)] =
    &[("statistical", None), ("third_party", None), ("statistical", Some("matomo")), ("statistical", Some("ga4"))];

fn allows(verdict: &Verdict, (category, service): (&str, Option<&str>)) -> bool {
    match service {
        Some(service) => verdict.allows_service(category, service),
        None => verdict.allows(category),
    }
}

fn grants(record: &Consent, (category, service): (&str, Option<&str>)) -> bool {
    match service {
        Some(service) => record.allows_service(category, service),
        None => record.allows(category),
    }
}

/// First 8 bytes: `now`; the rest: a `Cookie` header. No panic; an optional purpose is allowed
/// only when the header holds a readable value granting it, and then every readable value grants
/// it, is of this revision and is neither expired nor from the future; the order of the pairs
/// changes nothing.
pub fn header(data: &[u8]) {
    let (now, header) = match data.split_first_chunk::<8>() {
        Some((now, rest)) => (u64::from_be_bytes(*now), String::from_utf8_lossy(rest)),
        None => (0, String::from_utf8_lossy(data)),
    };
    let config = config();
    let verdict = read(&config, &header, now);
    let records: Vec<Consent> = values(&header, &config.cookie.name).filter_map(|v| decode(v).ok()).collect();
    let lifetime = u64::from(config.lifetime_days) * 86_400;
    for &purpose in PURPOSES {
        if !allows(&verdict, purpose) {
            continue;
        }
        assert!(!records.is_empty(), "{purpose:?} allowed without a readable value in {header:?}");
        for record in &records {
            assert!(grants(record, purpose), "{purpose:?} allowed though a copy refuses it in {header:?}");
            assert!(record.revision == config.revision && record.first <= record.last, "{header:?}");
            assert!(record.last <= now.saturating_add(CLOCK_SKEW), "a record from the future in {header:?} at {now}");
            assert!(now <= record.last.saturating_add(lifetime), "an expired record in {header:?} at {now}");
        }
    }
    assert!(!verdict.allows("necessary") || matches!(verdict.status, Status::Decided(_)));
    let reversed: Vec<&str> = header.split(';').rev().collect();
    let reversed = read(&config, &reversed.join(";"), now);
    for &purpose in PURPOSES {
        assert_eq!(allows(&verdict, purpose), allows(&reversed, purpose), "order matters for {purpose:?} in {header:?}");
    }
}
