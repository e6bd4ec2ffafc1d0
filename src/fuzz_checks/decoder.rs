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
            matches!(before, Some(b'.' | b'|')) && !after.is_some_and(|b| is_id_char(*b) || b"/=.".contains(b))
        });
        assert!(standalone, "{written} is not an entry of {value:?}");
    }
}
