//! Integer ⇄ decimal text without `core::fmt`.
//!
//! `format!` and `to_string` on numbers pull the formatting machinery into the
//! wasm (several KB); cookie values and attributes only ever need unsigned
//! decimals, so these two small functions do that one job.

use crate::prelude::*;

/// Appends `n` in decimal to `out`.
pub fn push_u64(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 20];
    let mut len = 0;
    loop {
        if let Some(slot) = digits.get_mut(len) {
            *slot = b'0' + (n % 10) as u8;
        }
        len += 1;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    for d in digits.iter().take(len).rev() {
        out.push(char::from(*d));
    }
}

/// Parses a plain decimal (digits only, no sign, no leading zeros except "0", no overflow).
pub fn parse_u64(text: &str) -> Option<u64> {
    let bytes = text.as_bytes();
    if bytes.is_empty() || bytes.len() > 20 || (bytes.len() > 1 && bytes.first() == Some(&b'0')) {
        return None;
    }
    bytes.iter().try_fold(0u64, |acc, &b| {
        if b.is_ascii_digit() {
            acc.checked_mul(10)?.checked_add(u64::from(b - b'0'))
        } else {
            None
        }
    })
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn writes_and_reads_decimals() {
        for n in [0, 7, 10, 1_763_895_000, u64::MAX] {
            let mut s = String::new();
            push_u64(&mut s, n);
            assert_eq!(s, n.to_string());
            assert_eq!(parse_u64(&s), Some(n));
        }
    }

    #[test]
    fn refuses_what_is_not_a_plain_decimal() {
        for bad in ["", "-1", "+1", "01", "1a", " 1", "18446744073709551616", "１"] {
            assert_eq!(parse_u64(bad), None, "{bad:?}");
        }
    }
}
