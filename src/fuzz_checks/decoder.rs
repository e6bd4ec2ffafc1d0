//! The `cookies_preferences` decoder: total, stable under re-encoding, and never granting what
//! the value did not write.

use crate::prelude::*;

use crate::core::codec::{decode, encode, is_id_char};
use crate::strings::concat::concat;

/// Any bytes as a cookie value: no panic; `decode(encode(decode(x))) == decode(x)`; every granted
/// choice is written `…=1` in the input, and every choice the input does not write is absent.
pub fn decoder(data: &[u8]) {
    let value = String::from_utf8_lossy(data);
    let Ok(record) = decode(&value) else { return };
    assert_eq!(decode(&encode(&record)), Ok(record.clone()), "{value:?}");
    assert!(record.first <= record.last, "{value:?}");
    for choice in &record.choices {
        let name = match &choice.service {
            Some(service) => concat(&[&choice.category, "/", service]),
            None => choice.category.clone(),
        };
        let written = concat(&[&name, if choice.granted { "=1" } else { "=0" }]);
        let bytes = value.as_bytes();
        let standalone = value.match_indices(written.as_str()).any(|(at, _)| {
            let before = at.checked_sub(1).and_then(|i| bytes.get(i));
            let after = bytes.get(at + written.len());
            // The last entry may be followed by the GPC flag (`.g`), and only by it.
            let rest = value.get(at + written.len()..).unwrap_or_default();
            let flag = rest.strip_prefix(".g").is_some_and(|r| !r.bytes().any(|b| is_id_char(b) || b"/=.|".contains(&b)));
            matches!(before, Some(b'.' | b'|')) && (flag || !after.is_some_and(|b| is_id_char(*b) || b"/=.".contains(b)))
        });
        assert!(standalone, "{written} is not an entry of {value:?}");
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    /// The GPC flag after the last entry (ADR 016) passes; a foreign field there is no record.
    #[test]
    fn the_gpc_flag_passes_the_check() {
        for value in ["v1.1.q2Xo3mZb8kT1vLwA.1.2.statistical=1|third_party=0.g", "\"v1.1.q2Xo3mZb8kT1vLwA.1.2.a=1.g\"", "v1.1.q2Xo3mZb8kT1vLwA.1.2..g"] {
            super::decoder(value.as_bytes());
        }
        assert!(crate::core::codec::decode("v1.1.q2Xo3mZb8kT1vLwA.1.2.a=1.x=1").is_err());
    }
}
