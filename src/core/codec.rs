//! The `cookies_preferences` value: a compact, versioned, cookie-safe text.
//!
//! ```text
//! value    = "v1" "." revision "." id "." first "." last "." choices [ "." "g" ]
//! choices  = [ choice *( "|" choice ) ]
//! choice   = category [ "/" service ] "=" ( "0" / "1" )
//! revision, first, last = decimal digits (first, last: Unix seconds)
//! id       = 8*64( ALPHA / DIGIT / "-" / "_" )
//! category, service = 1*32( lowercase / DIGIT / "-" / "_" )
//! ```
//!
//! Example: `v1.1.q2Xo3mZb8kT1vLwA.1763895000.1763895000.necessary=1|statistical=0|third_party=0`.
//! The optional last field `g` says the browser sent Global Privacy Control when the latest
//! decision was made (ADR 016); readers that predate it find a field too many and ask again.
//!
//! Every character is a `cookie-octet` of RFC 6265, so no quoting or
//! percent-encoding is needed, and a back end reads it with a string split
//! (see the README). Decoding is total: any input gives a record or a
//! [`DecodeError`], never a panic and never a grant that was not written.
//! Why this shape: `docs/adr/002-cookie-format.md`.

use crate::prelude::*;

use crate::core::consent::{Choice, Consent, FORMAT_VERSION};
use crate::strings::num::{parse_u64, push_u64};
use crate::strings::search;

/// Longest value we try to read; browsers cap a cookie at 4096 bytes.
pub const MAX_LEN: usize = 4096;

/// Why a cookie value is not a record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DecodeError {
    /// Empty value.
    Empty,
    /// Longer than [`MAX_LEN`].
    TooLong,
    /// Not our format (no `v<digits>` prefix, or the wrong number of fields).
    Foreign,
    /// A format version this build does not know (older or newer).
    UnknownVersion,
    /// A field that does not follow the grammar.
    Malformed,
    /// The same category or service decided twice.
    Duplicate,
}

impl DecodeError {
    /// A short English explanation for the console.
    pub fn as_str(self) -> &'static str {
        match self {
            DecodeError::Empty => "empty value",
            DecodeError::TooLong => "value longer than 4096 bytes",
            DecodeError::Foreign => "not a Biscotte value",
            DecodeError::UnknownVersion => "unknown format version",
            DecodeError::Malformed => "malformed field",
            DecodeError::Duplicate => "a choice appears twice",
        }
    }
}

impl core::fmt::Display for DecodeError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// True for the characters allowed in category and service ids.
pub fn is_id_char(b: u8) -> bool {
    b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'_'
}

/// True for a valid category or service id.
pub fn is_id(text: &str) -> bool {
    (1..=32).contains(&text.len()) && search::all_bytes(text, is_id_char)
}

fn is_consent_id(text: &str) -> bool {
    (8..=64).contains(&text.len()) && search::all_bytes(text, |b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Writes a record as a cookie value.
///
/// Entries whose ids fall outside the grammar are left out (so refused on
/// reading) rather than written in a form that could be misread.
pub fn encode(consent: &Consent) -> String {
    let mut out = String::with_capacity(64 + consent.choices.len() * 16);
    out.push('v');
    push_u64(&mut out, u64::from(FORMAT_VERSION));
    out.push('.');
    push_u64(&mut out, u64::from(consent.revision));
    out.push('.');
    out.push_str(&consent.id);
    out.push('.');
    push_u64(&mut out, consent.first);
    out.push('.');
    push_u64(&mut out, consent.last);
    out.push('.');
    let mut first = true;
    for choice in &consent.choices {
        let service_ok = choice.service.as_deref().is_none_or(is_id);
        if !is_id(&choice.category) || !service_ok {
            continue;
        }
        if !first {
            out.push('|');
        }
        first = false;
        out.push_str(&choice.category);
        if let Some(service) = &choice.service {
            out.push('/');
            out.push_str(service);
        }
        out.push_str(if choice.granted { "=1" } else { "=0" });
    }
    if consent.gpc {
        out.push_str(".g");
    }
    out
}

/// Reads a cookie value. Surrounding double quotes, which some servers add, are ignored.
pub fn decode(value: &str) -> Result<Consent, DecodeError> {
    let value = search::trim(value);
    let value = value.strip_prefix('"').and_then(|v| v.strip_suffix('"')).unwrap_or(value);
    if value.is_empty() {
        return Err(DecodeError::Empty);
    }
    if value.len() > MAX_LEN {
        return Err(DecodeError::TooLong);
    }
    let mut fields = search::split_ascii(value, b'.');
    let version = fields.next().and_then(|v| v.strip_prefix('v')).ok_or(DecodeError::Foreign)?;
    let version = parse_u64(version).ok_or(DecodeError::Foreign)?;
    let (Some(revision), Some(id), Some(first), Some(last), Some(choices), flag, None) =
        (fields.next(), fields.next(), fields.next(), fields.next(), fields.next(), fields.next(), fields.next())
    else {
        return Err(if version == u64::from(FORMAT_VERSION) { DecodeError::Malformed } else { DecodeError::Foreign });
    };
    if version != u64::from(FORMAT_VERSION) {
        return Err(DecodeError::UnknownVersion);
    }
    let revision = parse_u64(revision).and_then(|r| u32::try_from(r).ok()).ok_or(DecodeError::Malformed)?;
    let first = parse_u64(first).ok_or(DecodeError::Malformed)?;
    let last = parse_u64(last).ok_or(DecodeError::Malformed)?;
    if !is_consent_id(id) || first > last || flag.is_some_and(|f| f != "g") {
        return Err(DecodeError::Malformed);
    }
    let mut list: Vec<Choice> = Vec::new();
    for entry in search::split_ascii(choices, b'|').filter(|_| !choices.is_empty()) {
        let choice = decode_choice(entry).ok_or(DecodeError::Malformed)?;
        if list.iter().any(|c| c.category == choice.category && c.service == choice.service) {
            return Err(DecodeError::Duplicate);
        }
        list.push(choice);
    }
    Ok(Consent { revision, id: id.into(), first, last, choices: list, gpc: flag.is_some() })
}

fn decode_choice(entry: &str) -> Option<Choice> {
    let (name, flag) = search::split_once_ascii(entry, b'=')?;
    let granted = match flag {
        "1" => true,
        "0" => false,
        _ => return None,
    };
    let (category, service) = match search::split_once_ascii(name, b'/') {
        Some((c, s)) => (c, Some(s)),
        None => (name, None),
    };
    if !is_id(category) || !service.is_none_or(is_id) {
        return None;
    }
    Some(Choice { category: category.into(), service: service.map(Into::into), granted })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::config::Config;
    use crate::core::consent::{decide, Decision};
    use proptest::prelude::*;

    fn sample() -> Consent {
        Consent {
            revision: 3,
            id: "q2Xo3mZb8kT1vLwA".into(),
            first: 1_763_895_000,
            last: 1_763_899_999,
            choices: vec![
                Choice::category("necessary", true),
                Choice::category("statistical", true),
                Choice::service("statistical", "matomo", false),
                Choice::category("third_party", false),
            ],
            gpc: false,
        }
    }

    #[test]
    fn encodes_the_documented_grammar() {
        assert_eq!(
            encode(&sample()),
            "v1.3.q2Xo3mZb8kT1vLwA.1763895000.1763899999.necessary=1|statistical=1|statistical/matomo=0|third_party=0"
        );
    }

    #[test]
    fn round_trips() {
        assert_eq!(decode(&encode(&sample())), Ok(sample()));
        let signalled = Consent { gpc: true, ..sample() };
        assert!(encode(&signalled).ends_with("third_party=0.g"));
        assert_eq!(decode(&encode(&signalled)), Ok(signalled));
    }

    /// A record written before the flag existed reads as it always did (no signal recorded).
    #[test]
    fn a_value_without_the_gpc_flag_is_read_as_before() {
        let old = "v1.3.q2Xo3mZb8kT1vLwA.1763895000.1763899999.necessary=1|statistical=1|statistical/matomo=0|third_party=0";
        assert_eq!(decode(old), Ok(sample()));
    }

    #[test]
    fn default_config_value_is_compact_and_cookie_safe() {
        let c = decide(&Config::default(), &Decision::AcceptAll, None, "q2Xo3mZb8kT1vLwA", 1_763_895_000);
        let value = encode(&c);
        assert!(value.len() <= 200, "{} bytes", value.len());
        assert!(value.bytes().all(is_cookie_octet), "{value}");
    }

    fn is_cookie_octet(b: u8) -> bool {
        matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E)
    }

    #[test]
    fn the_largest_accepted_config_still_fits_a_cookie() {
        use crate::core::config_parse::MAX_DECISIONS;
        let services: Vec<String> = (0..60)
            .map(|i| ["{\"id\":\"", &"s".repeat(30), &i.to_string(), "\",\"toggle\":true}"].concat())
            .collect();
        let json = ["{\"categories\":[{\"id\":\"", &"c".repeat(32), "\",\"services\":[", &services.join(","), "]}]}"].concat();
        let (config, issues) = Config::from_json(&json);
        assert!(issues.iter().any(|i| i.describe().contains("too many")), "{issues:?}");
        let consent = decide(&config, &Decision::AcceptAll, None, &"i".repeat(64), u64::MAX);
        assert!(consent.choices.len() <= MAX_DECISIONS + 1, "{}", consent.choices.len());
        let value = encode(&consent);
        assert!(value.len() < MAX_LEN, "{} bytes", value.len());
        assert_eq!(decode(&value), Ok(consent));
    }

    #[test]
    fn corrupt_and_foreign_values_are_no_decision() {
        let cases = [
            ("", DecodeError::Empty),
            ("   ", DecodeError::Empty),
            ("accepted", DecodeError::Foreign),
            ("{\"statistical\":true}", DecodeError::Foreign),
            ("statistical=1", DecodeError::Foreign),
            ("v1.3.q2Xo3mZb8kT1vLwA.1.2", DecodeError::Malformed),
            ("v1.3.q2Xo3mZb8kT1vLwA.1.2.statistical=1.extra", DecodeError::Malformed),
            ("v1.3.q2Xo3mZb8kT1vLwA.1.2.statistical=1.", DecodeError::Malformed),
            ("v1.3.q2Xo3mZb8kT1vLwA.1.2.statistical=1.G", DecodeError::Malformed),
            ("v1.3.q2Xo3mZb8kT1vLwA.1.2.statistical=1.g.g", DecodeError::Malformed),
            ("v2.3.q2Xo3mZb8kT1vLwA.1.2.statistical=1", DecodeError::UnknownVersion),
            ("v0.3.q2Xo3mZb8kT1vLwA.1.2.statistical=1", DecodeError::UnknownVersion),
            ("v1.x.q2Xo3mZb8kT1vLwA.1.2.statistical=1", DecodeError::Malformed),
            ("v1.3.short.1.2.statistical=1", DecodeError::Malformed),
            ("v1.3.q2Xo3mZb8kT1vLwA.9.2.statistical=1", DecodeError::Malformed),
            ("v1.3.q2Xo3mZb8kT1vLwA.1.2.statistical=yes", DecodeError::Malformed),
            ("v1.3.q2Xo3mZb8kT1vLwA.1.2.Statistical=1", DecodeError::Malformed),
            ("v1.3.q2Xo3mZb8kT1vLwA.1.2.statistical=1|statistical=0", DecodeError::Duplicate),
            ("v1.3.q2Xo3mZb8kT1vLwA.1.2.statistical=1|", DecodeError::Malformed),
            ("v1.4294967296.q2Xo3mZb8kT1vLwA.1.2.statistical=1", DecodeError::Malformed),
        ];
        for (value, expected) in cases {
            assert_eq!(decode(value), Err(expected), "{value:?}");
        }
        let long = "v1.1.q2Xo3mZb8kT1vLwA.1.2.".to_owned() + &"a=1|".repeat(2000);
        assert_eq!(decode(&long), Err(DecodeError::TooLong));
    }

    #[test]
    fn truncations_of_a_valid_value_never_grant_more() {
        let full = encode(&sample());
        for cut in 0..full.len() {
            if let Ok(c) = decode(full.get(..cut).unwrap_or("")) {
                assert!(c.choices.iter().all(|ch| sample().choices.contains(ch) || !ch.granted), "{cut}");
            }
        }
    }

    #[test]
    fn quoted_values_and_empty_choices_are_read() {
        let quoted = "\"v1.1.q2Xo3mZb8kT1vLwA.5.6.statistical=1\"";
        assert!(decode(quoted).is_ok_and(|c| c.allows("statistical")));
        assert!(decode("v1.1.q2Xo3mZb8kT1vLwA.5.6.").is_ok_and(|c| c.choices.is_empty()));
    }

    fn arb_id() -> impl Strategy<Value = String> {
        "[a-z0-9_-]{1,32}"
    }

    fn arb_consent() -> impl Strategy<Value = Consent> {
        let choice = (arb_id(), proptest::option::of(arb_id()), any::<bool>())
            .prop_map(|(category, service, granted)| Choice { category, service, granted });
        (any::<u32>(), "[A-Za-z0-9_-]{8,64}", any::<u64>(), any::<u64>(), proptest::collection::vec(choice, 0..12), any::<bool>())
            .prop_map(|(revision, id, a, b, mut choices, gpc)| {
                let mut seen: Vec<(String, Option<String>)> = Vec::new();
                choices.retain(|c| {
                    let key = (c.category.clone(), c.service.clone());
                    let fresh = !seen.contains(&key);
                    seen.push(key);
                    fresh
                });
                Consent { revision, id, first: a.min(b), last: a.max(b), choices, gpc }
            })
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(4000))]

        #[test]
        fn any_record_round_trips(consent in arb_consent()) {
            prop_assert_eq!(decode(&encode(&consent)), Ok(consent));
        }

        #[test]
        fn decode_never_panics(value in "\\PC{0,300}") {
            let _ = decode(&value);
        }

        #[test]
        fn decode_never_panics_near_the_grammar(value in "v[0-9]{0,2}(\\.[a-zA-Z0-9=|/_-]{0,20}){0,8}") {
            if let Ok(c) = decode(&value) {
                prop_assert_eq!(decode(&encode(&c)), Ok(c));
            }
        }
    }
}
