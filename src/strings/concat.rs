//! Joining string slices without `alloc`'s generic `[S]::concat` / `join`.
//!
//! Their shared implementation (`join_generic_copy`) is far more wasm than what
//! is, for our few short strings, a loop of `push_str` (docs/size-log.md).

use crate::prelude::*;

/// `parts` one after the other, as `parts.concat()` gives.
pub fn concat(parts: &[&str]) -> String {
    let mut out = String::with_capacity(parts.iter().map(|p| p.len()).sum());
    for part in parts {
        out.push_str(part);
    }
    out
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    #[test]
    fn same_as_std() {
        for parts in [&[][..], &[""], &["a"], &["Biscotte: ", "x"], &["é", "", "日本", "-"]] {
            assert_eq!(concat(parts), parts.concat());
        }
    }
}
