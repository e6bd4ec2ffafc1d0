//! Substring search without `core::str::pattern::StrSearcher`.
//!
//! `str::find`, `contains`, `replace` and `split_once` with a `&str` pattern
//! use the two-way searcher, whose slicing panics pull `slice_error_fail`,
//! `char`'s `Debug` and the Unicode printable tables into the wasm
//! (docs/size-log.md). Our haystacks are short (URLs, user agents, cookie names, texts),
//! so a plain byte-window scan does the same job. A match of a UTF-8 needle
//! in UTF-8 text always starts and ends on character boundaries, so the
//! offsets returned here are valid `str` slice bounds.

use crate::prelude::*;

/// Byte offset of the first occurrence of `needle` in `haystack` (`Some(0)` for an empty needle).
pub fn find(haystack: &str, needle: &str) -> Option<usize> {
    let needle = needle.as_bytes();
    if needle.is_empty() {
        return Some(0);
    }
    haystack.as_bytes().windows(needle.len()).position(|w| w == needle)
}

/// True when `needle` occurs in `haystack`.
pub fn contains(haystack: &str, needle: &str) -> bool {
    find(haystack, needle).is_some()
}

/// True when `needle` occurs in `haystack`, ASCII letters compared without case.
pub fn contains_ignore_ascii_case(haystack: &str, needle: &str) -> bool {
    let needle = needle.as_bytes();
    needle.is_empty() || haystack.as_bytes().windows(needle.len()).any(|w| w.eq_ignore_ascii_case(needle))
}

/// `haystack` with every non-overlapping occurrence of the non-empty `from` replaced by `to`,
/// as `str::replace` does (an empty `from` leaves `haystack` as it is).
pub fn replace(haystack: &str, from: &str, to: &str) -> String {
    if from.is_empty() {
        return String::from(haystack);
    }
    let mut out = String::with_capacity(haystack.len());
    let mut rest = haystack;
    while let Some(at) = find(rest, from) {
        out.push_str(rest.get(..at).unwrap_or(""));
        out.push_str(to);
        rest = rest.get(at + from.len()..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// `(before, after)` around the first occurrence of `delimiter`, as `str::split_once` does.
pub fn split_once<'a>(haystack: &'a str, delimiter: &str) -> Option<(&'a str, &'a str)> {
    let at = find(haystack, delimiter)?;
    Some((haystack.get(..at)?, haystack.get(at + delimiter.len()..)?))
}

/// `(before, after)` around the last occurrence of the ASCII byte `delimiter`, as
/// `str::rsplit_once` with that character does, without the reverse `char` searcher
/// (`memrchr`, reverse UTF-8 decoding). An ASCII byte is always a whole character.
pub fn rsplit_once_ascii(haystack: &str, delimiter: u8) -> Option<(&str, &str)> {
    let at = scan(haystack.as_bytes(), delimiter, true, true)?;
    Some((haystack.get(..at)?, haystack.get(at + 1..)?))
}

/// Byte offset of the first byte of `haystack` in `set` (ASCII bytes), as `str::find` with an
/// array of those characters returns, without `CharArraySearcher` and its `char` decoding.
pub fn find_any_ascii(haystack: &str, set: &[u8]) -> Option<usize> {
    let mut first = None;
    for &byte in set {
        if let Some(at) = scan(haystack.as_bytes(), byte, true, false) {
            first = Some(first.map_or(at, |f: usize| f.min(at)));
        }
    }
    first
}

/// True when the ASCII byte `byte` occurs in `haystack`, as `str::contains` with that
/// character answers, without `memchr`.
pub fn contains_ascii(haystack: &str, byte: u8) -> bool {
    scan(haystack.as_bytes(), byte, true, false).is_some()
}

/// `haystack` up to its first byte in `set` (ASCII bytes), all of it when there is none:
/// `str::split(array of those characters).next()`.
pub fn before_any_ascii<'a>(haystack: &'a str, set: &[u8]) -> &'a str {
    let end = find_any_ascii(haystack, set).unwrap_or(haystack.len());
    haystack.get(..end).unwrap_or(haystack)
}

/// `haystack` without its leading and trailing `byte`s (ASCII), as `str::trim_matches` with that
/// character does, without the reverse UTF-8 decoding of `trim_end_matches`.
pub fn trim_ascii_byte(haystack: &str, byte: u8) -> &str {
    let bytes = haystack.as_bytes();
    let start = scan(bytes, byte, false, false).unwrap_or(bytes.len());
    let end = scan(bytes, byte, false, true).map_or(start, |last| last + 1);
    haystack.get(start..end).unwrap_or("")
}

/// `(before, after)` around the first occurrence of the ASCII byte `delimiter`, as
/// `str::split_once` with that character does, without `CharSearcher` and `memchr`.
pub fn split_once_ascii(haystack: &str, delimiter: u8) -> Option<(&str, &str)> {
    let at = scan(haystack.as_bytes(), delimiter, true, false)?;
    Some((haystack.get(..at)?, haystack.get(at + 1..)?))
}

/// Index of the first (or, with `last`, the last) byte that is `byte` (or, without `equal`, is
/// not). One plain loop for every byte search here: each iterator adapter (`position`,
/// `rposition`, `any`) with its own closure would be its own code in the wasm.
fn scan(bytes: &[u8], byte: u8, equal: bool, last: bool) -> Option<usize> {
    for i in 0..bytes.len() {
        let at = if last { bytes.len() - 1 - i } else { i };
        if bytes.get(at).is_some_and(|&b| (b == byte) == equal) {
            return Some(at);
        }
    }
    None
}

/// True when every byte of `text` is in `class`: one loop for every character-class check
/// (`bytes().all(…)` with a closure each was a loop each in the wasm).
pub fn all_bytes(text: &str, class: fn(u8) -> bool) -> bool {
    for &b in text.as_bytes() {
        if !class(b) {
            return false;
        }
    }
    true
}

/// The pieces of `haystack` between occurrences of the ASCII byte `delimiter`, as `str::split`
/// with that character yields them (one empty piece for an empty `haystack`).
pub fn split_ascii(haystack: &str, delimiter: u8) -> SplitAscii<'_> {
    SplitAscii { rest: Some(haystack), delimiter }
}

/// The iterator of [`split_ascii`].
pub struct SplitAscii<'a> {
    /// What is left to split; `None` once the last piece is out.
    rest: Option<&'a str>,
    delimiter: u8,
}

impl<'a> Iterator for SplitAscii<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        let rest = self.rest?;
        match split_once_ascii(rest, self.delimiter) {
            Some((piece, after)) => {
                self.rest = Some(after);
                Some(piece)
            }
            None => self.rest.take(),
        }
    }
}

/// The lines of `text` as `str::lines` yields them (each without its `\n` or `\r\n`, no
/// empty line after a final `\n`), without `CharSearcher` and `memchr`.
pub fn lines(text: &str) -> Lines<'_> {
    Lines(text)
}

/// The iterator of [`lines`]: what is left of the text.
pub struct Lines<'a>(&'a str);

impl<'a> Iterator for Lines<'a> {
    type Item = &'a str;

    fn next(&mut self) -> Option<&'a str> {
        if self.0.is_empty() {
            return None;
        }
        match split_once_ascii(self.0, b'\n') {
            Some((line, rest)) => {
                self.0 = rest;
                Some(line.strip_suffix('\r').unwrap_or(line))
            }
            None => Some(core::mem::take(&mut self.0)),
        }
    }
}

/// `text` without leading and trailing whitespace (`char::is_whitespace`), as `str::trim`
/// gives it, found in one forward pass: no reverse UTF-8 decoding, no pattern searcher.
pub fn trim(text: &str) -> &str {
    let (mut start, mut end) = (text.len(), 0);
    for (at, c) in text.char_indices() {
        if !c.is_whitespace() {
            start = start.min(at);
            end = at + c.len_utf8();
        }
    }
    text.get(start..end).unwrap_or("")
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn basics() {
        assert_eq!(find("abcabc", "ca"), Some(2));
        assert_eq!(find("abc", ""), Some(0));
        assert_eq!(find("ab", "abc"), None);
        assert!(contains("Mozilla Firefox/140", "Firefox/"));
        assert_eq!(replace("{service} and {service}", "{service}", "YouTube"), "YouTube and YouTube");
        assert_eq!(replace("aaa", "aa", "b"), "ba");
        assert_eq!(split_once("https://x.org/a://b", "://"), Some(("https", "x.org/a://b")));
        assert_eq!(replace("café ☕ café", "é", "e"), "cafe ☕ cafe");
        assert_eq!(rsplit_once_ascii("a@b@c", b'@'), Some(("a@b", "c")));
        assert_eq!(rsplit_once_ascii("é☕", b':'), None);
        assert_eq!(find_any_ascii("é/x?y", b"/?#"), Some(2));
        assert_eq!(before_any_ascii("en_GB-x", b"-_"), "en");
        assert_eq!(before_any_ascii("☕", b"-_"), "☕");
        assert_eq!(trim_ascii_byte("\"\"fr\"", b'"'), "fr");
        assert_eq!(trim_ascii_byte("\"\"", b'"'), "");
        assert_eq!(split_ascii("", b'.').collect::<Vec<_>>(), [""]);
        assert_eq!(split_ascii(".a..é.", b'.').collect::<Vec<_>>(), ["", "a", "", "é", ""]);
        assert_eq!(split_once_ascii("a=b=c", b'='), Some(("a", "b=c")));
        assert_eq!(lines("a\r\n\nb\r").collect::<Vec<_>>(), ["a", "", "b\r"]);
    }

    proptest! {
        #[test]
        fn trim_as_std(text in "[ \t\n\u{a0}\u{2003}\u{3000}a☕é]{0,12}") {
            prop_assert_eq!(trim(&text), text.trim());
        }

        #[test]
        fn lines_as_std(text in "[a\r\n☕]{0,12}") {
            prop_assert_eq!(lines(&text).collect::<Vec<_>>(), text.lines().collect::<Vec<_>>());
        }

        #[test]
        fn same_as_std(hay in "[ab☕é]{0,12}", needle in "[ab☕é]{0,3}", to in "[xy]{0,2}") {
            prop_assert_eq!(find(&hay, &needle), hay.find(needle.as_str()));
            prop_assert_eq!(contains(&hay, &needle), hay.contains(needle.as_str()));
            prop_assert_eq!(split_once(&hay, &needle), hay.split_once(needle.as_str()));
            prop_assert_eq!(rsplit_once_ascii(&hay, b'a'), hay.rsplit_once('a'));
            prop_assert_eq!(find_any_ascii(&hay, b"ab"), hay.find(['a', 'b']));
            prop_assert_eq!(trim_ascii_byte(&hay, b'a'), hay.trim_matches('a'));
            prop_assert_eq!(split_once_ascii(&hay, b'a'), hay.split_once('a'));
            prop_assert_eq!(contains_ascii(&hay, b'a'), hay.contains('a'));
            prop_assert_eq!(split_ascii(&hay, b'a').collect::<Vec<_>>(), hay.split('a').collect::<Vec<_>>());
            prop_assert_eq!(Some(before_any_ascii(&hay, b"b")), hay.split(['b']).next());
            if !needle.is_empty() {
                prop_assert_eq!(replace(&hay, &needle, &to), hay.replace(needle.as_str(), &to));
            }
        }
    }
}
