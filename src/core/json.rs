//! A minimal, total JSON reader for the integrator's configuration.
//!
//! Why not serde_json: it would be the largest part of the wasm (docs/adr/003),
//! and the config is a small text read once per page. This reader only builds a tree
//! (validation with paths lives in [`crate::core::config_parse`]), keeps
//! numbers as their source text (no float parsing or formatting), and is
//! *total*: every input, however hostile, ends in `Ok` or `Err`, never a panic
//! or a stack overflow (size and depth are capped).
//!
//! In the browser the wasm does not use this reader: `JSON.parse`, already in every browser,
//! reads the text and `web::json` turns its result into the same [`Json`] tree (ADR 003). So both
//! agree with `JSON.parse` where JSON leaves room: a repeated key keeps its first place and its
//! last value. This reader serves native use and the tests of the validation.

use crate::prelude::*;

use crate::strings::num::{parse_u64, push_u64};

/// Largest input accepted, in bytes (256 KiB).
pub const MAX_INPUT: usize = 256 * 1024;
/// Deepest nesting of arrays and objects accepted.
pub const MAX_DEPTH: usize = 32;

/// A JSON number as text: its validated source text (e.g. `182`, `-1.5e3`) when this reader
/// read it, or what JavaScript's `String()` writes for the double `JSON.parse` read (`web::json`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Number(String);

impl Number {
    /// A number from its text: as written in the source, or as JavaScript's `String()` writes
    /// a number that `JSON.parse` read (`1e2` then reads `100`).
    pub fn new(text: String) -> Number {
        Number(text)
    }

    /// The number's text (see [`Number`]).
    pub fn raw(&self) -> &str {
        &self.0
    }

    /// The value when it is a whole number written without fraction or
    /// exponent and fits in `i64`; `None` otherwise. (`num::parse_u64` rather than
    /// `str::parse`, whose generic integer parser is larger in the wasm.)
    pub fn as_i64(&self) -> Option<i64> {
        match self.0.strip_prefix('-') {
            Some(digits) => 0i64.checked_sub_unsigned(parse_u64(digits)?),
            None => i64::try_from(parse_u64(&self.0)?).ok(),
        }
    }
}

/// A parsed JSON value. Objects keep their keys in order of first appearance; a repeated key
/// keeps its last value, as `JSON.parse` does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Json {
    /// `null`
    Null,
    /// `true` or `false`
    Bool(bool),
    /// A number, as text.
    Num(Number),
    /// A string, unescaped.
    Str(String),
    /// An array.
    Arr(Vec<Json>),
    /// An object, pairs in order of first appearance, each key once.
    Obj(Vec<(String, Json)>),
}

impl Json {
    /// The first value under `key` when this is an object (for tests and fuzz targets:
    /// the validation walks the pairs itself).
    #[cfg(any(all(test, not(target_arch = "wasm32")), feature = "internals"))]
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(pairs) => pairs.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The string, when this is one.
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean, when this is one.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Json::Bool(b) => Some(*b),
            _ => None,
        }
    }

    /// The kind of value, for messages: `null`, `boolean`, `number`, `string`, `array`, `object`.
    pub fn kind(&self) -> &'static str {
        match self {
            Json::Null => "null",
            Json::Bool(_) => "boolean",
            Json::Num(_) => "number",
            Json::Str(_) => "string",
            Json::Arr(_) => "array",
            Json::Obj(_) => "object",
        }
    }
}

/// Why the text is not JSON, and where: `offset` is a byte offset into the input.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct JsonError {
    /// Byte offset where reading stopped.
    pub offset: usize,
    /// What was wrong, in a few words.
    pub reason: &'static str,
}

impl JsonError {
    /// `reason at byte N`, for logs.
    pub fn describe(&self) -> String {
        let mut out = String::with_capacity(self.reason.len() + 16);
        out.push_str(self.reason);
        out.push_str(" at byte ");
        push_u64(&mut out, self.offset as u64);
        out
    }
}

impl core::fmt::Display for JsonError {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str(&self.describe())
    }
}

/// Parses one JSON value filling the whole input (whitespace around it allowed,
/// and a leading byte-order mark skipped).
///
/// # Errors
/// A [`JsonError`] when the text is not one JSON value, is larger than
/// [`MAX_INPUT`] or nests deeper than [`MAX_DEPTH`].
pub fn parse(input: &str) -> Result<Json, JsonError> {
    if input.len() > MAX_INPUT {
        return Err(JsonError { offset: MAX_INPUT, reason: "input too large" });
    }
    let start = if input.starts_with('\u{feff}') { 3 } else { 0 };
    let mut p = Parser { text: input, bytes: input.as_bytes(), pos: start };
    p.skip_ws();
    let value = p.value(0)?;
    p.skip_ws();
    if p.pos < p.bytes.len() {
        return Err(p.err("trailing characters after the value"));
    }
    Ok(value)
}

struct Parser<'a> {
    text: &'a str,
    bytes: &'a [u8],
    pos: usize,
}

impl Parser<'_> {
    fn err(&self, reason: &'static str) -> JsonError {
        JsonError { offset: self.pos, reason }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_ws(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn eat(&mut self, b: u8) -> bool {
        if self.peek() == Some(b) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    fn literal(&mut self, word: &str, value: Json) -> Result<Json, JsonError> {
        if self.bytes.get(self.pos..self.pos + word.len()) == Some(word.as_bytes()) {
            self.pos += word.len();
            Ok(value)
        } else {
            Err(self.err("unknown literal"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, JsonError> {
        match self.peek() {
            None => Err(self.err("unexpected end of input")),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'"') => self.string().map(Json::Str),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(b'[') => self.array(depth + 1),
            Some(b'{') => self.object(depth + 1),
            Some(_) => Err(self.err("unexpected character")),
        }
    }

    fn array(&mut self, depth: usize) -> Result<Json, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.err("nesting too deep"));
        }
        self.pos += 1; // '['
        let mut items = Vec::new();
        self.skip_ws();
        if self.eat(b']') {
            return Ok(Json::Arr(items));
        }
        loop {
            self.skip_ws();
            items.push(self.value(depth)?);
            self.skip_ws();
            if self.eat(b']') {
                return Ok(Json::Arr(items));
            }
            if !self.eat(b',') {
                return Err(self.err("expected ',' or ']'"));
            }
        }
    }

    fn object(&mut self, depth: usize) -> Result<Json, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.err("nesting too deep"));
        }
        self.pos += 1; // '{'
        let mut pairs = Vec::new();
        self.skip_ws();
        if self.eat(b'}') {
            return Ok(Json::Obj(pairs));
        }
        loop {
            self.skip_ws();
            if self.peek() != Some(b'"') {
                return Err(self.err("expected a string key"));
            }
            let key = self.string()?;
            self.skip_ws();
            if !self.eat(b':') {
                return Err(self.err("expected ':'"));
            }
            self.skip_ws();
            let value = self.value(depth)?;
            match pairs.iter_mut().find(|(k, _)| *k == key) {
                Some(pair) => pair.1 = value,
                None => pairs.push((key, value)),
            }
            self.skip_ws();
            if self.eat(b'}') {
                return Ok(Json::Obj(pairs));
            }
            if !self.eat(b',') {
                return Err(self.err("expected ',' or '}'"));
            }
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.pos;
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
        self.pos - start
    }

    fn number(&mut self) -> Result<Json, JsonError> {
        let start = self.pos;
        self.eat(b'-');
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => {
                self.digits();
            }
            _ => return Err(self.err("invalid number")),
        }
        if self.eat(b'.') && self.digits() == 0 {
            return Err(self.err("digits expected after '.'"));
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if !self.eat(b'+') {
                self.eat(b'-');
            }
            if self.digits() == 0 {
                return Err(self.err("digits expected in exponent"));
            }
        }
        match self.text.get(start..self.pos) {
            Some(raw) => Ok(Json::Num(Number(raw.into()))),
            None => Err(self.err("invalid number")),
        }
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let mut n = 0u32;
        for _ in 0..4 {
            let d = match self.peek() {
                Some(b) => (b as char).to_digit(16),
                None => None,
            };
            match d {
                Some(d) => n = n * 16 + d,
                None => return Err(self.err("invalid \\u escape")),
            }
            self.pos += 1;
        }
        Ok(n)
    }

    fn escape(&mut self, out: &mut String) -> Result<(), JsonError> {
        let c = match self.peek() {
            Some(b'"') => '"',
            Some(b'\\') => '\\',
            Some(b'/') => '/',
            Some(b'b') => '\u{8}',
            Some(b'f') => '\u{c}',
            Some(b'n') => '\n',
            Some(b'r') => '\r',
            Some(b't') => '\t',
            Some(b'u') => {
                self.pos += 1;
                let at = self.pos;
                let first = self.hex4()?;
                let code = match first {
                    0xD800..=0xDBFF => {
                        if !(self.eat(b'\\') && self.eat(b'u')) {
                            return Err(JsonError { offset: at, reason: "unpaired surrogate" });
                        }
                        let low = self.hex4()?;
                        if !(0xDC00..=0xDFFF).contains(&low) {
                            return Err(JsonError { offset: at, reason: "unpaired surrogate" });
                        }
                        0x10000 + ((first - 0xD800) << 10) + (low - 0xDC00)
                    }
                    0xDC00..=0xDFFF => return Err(JsonError { offset: at, reason: "unpaired surrogate" }),
                    n => n,
                };
                match char::from_u32(code) {
                    Some(c) => out.push(c),
                    None => return Err(JsonError { offset: at, reason: "invalid \\u escape" }),
                }
                return Ok(());
            }
            _ => return Err(self.err("invalid escape")),
        };
        self.pos += 1;
        out.push(c);
        Ok(())
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1; // opening quote
        let mut out = String::new();
        let mut run = self.pos; // start of the current unescaped run
        loop {
            match self.peek() {
                None => return Err(self.err("unterminated string")),
                Some(b @ (b'"' | b'\\')) => {
                    out.push_str(self.text.get(run..self.pos).unwrap_or(""));
                    self.pos += 1;
                    if b == b'"' {
                        return Ok(out);
                    }
                    self.escape(&mut out)?;
                    run = self.pos;
                }
                Some(b) if b < 0x20 => return Err(self.err("control character in string")),
                // Multi-byte UTF-8 never contains bytes below 0x80, so stepping
                // byte by byte never stops inside a character at '"' or '\\'.
                Some(_) => self.pos += 1,
            }
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;

    fn s(text: &str) -> Json {
        Json::Str(text.into())
    }

    fn num(text: &str) -> Json {
        Json::Num(Number(text.into()))
    }

    #[test]
    fn reads_scalars() {
        assert_eq!(parse("null"), Ok(Json::Null));
        assert_eq!(parse(" true "), Ok(Json::Bool(true)));
        assert_eq!(parse("false"), Ok(Json::Bool(false)));
        assert_eq!(parse("\"x\""), Ok(s("x")));
        for n in ["0", "-0", "182", "-1.5", "1e3", "2.5E-7", "1E+2"] {
            assert_eq!(parse(n), Ok(num(n)), "{n}");
        }
    }

    #[test]
    fn numbers_keep_their_text_and_read_as_integers() {
        let Ok(Json::Num(n)) = parse("395") else { panic!("not a number") };
        assert_eq!(n.raw(), "395");
        assert_eq!(n.as_i64(), Some(395));
        let Ok(Json::Num(n)) = parse("1.0") else { panic!("not a number") };
        assert_eq!(n.as_i64(), None);
        let Ok(Json::Num(n)) = parse("99999999999999999999") else { panic!("not a number") };
        assert_eq!(n.as_i64(), None);
        let edges = ["0", "-0", "-1", "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "1e2", "-5.0"];
        for text in edges {
            let Ok(Json::Num(n)) = parse(text) else { panic!("{text} is not a number") };
            assert_eq!(n.as_i64(), text.parse::<i64>().ok(), "{text}");
        }
    }

    /// Numbers as `web::json` makes them, from what JavaScript's `String()` writes.
    #[test]
    fn numbers_as_javascript_writes_them() {
        for (text, value) in [("0", Some(0)), ("-5", Some(-5)), ("100", Some(100)), ("Infinity", None), ("-Infinity", None), ("NaN", None), ("1e+21", None), ("1e-7", None), ("9223372036854776000", None)] {
            assert_eq!(Number::new(text.into()).as_i64(), value, "{text}");
        }
    }

    #[test]
    fn reads_nested_values_in_order() {
        let v = parse(r#"{"a": "first", "b": [1, {"b": null}], "a": "last", "c": {}}"#).unwrap();
        let Json::Obj(pairs) = &v else { panic!("not an object") };
        let keys: Vec<&str> = pairs.iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["a", "b", "c"], "a repeated key keeps its first place, as JSON.parse does");
        assert_eq!(v.get("a"), Some(&Json::Str("last".into())), "and its last value");
        assert_eq!(v.get("b"), Some(&Json::Arr(vec![num("1"), Json::Obj(vec![("b".into(), Json::Null)])])));
        assert_eq!(v.get("c"), Some(&Json::Obj(vec![])));
        assert_eq!(v.get("zz"), None);
        assert_eq!(parse("[]"), Ok(Json::Arr(vec![])));
    }

    #[test]
    fn unescapes_strings() {
        assert_eq!(parse(r#""a\"b\\c\/d\b\f\n\r\t""#), Ok(s("a\"b\\c/d\u{8}\u{c}\n\r\t")));
        assert_eq!(parse(r#""caf\u00e9 \u00C9""#), Ok(s("café É")));
        assert_eq!(parse(r#""\ud83c\udf6a""#), Ok(s("🍪")));
        assert_eq!(parse("\"déjà 🍪 クッキー\""), Ok(s("déjà 🍪 クッキー")));
    }

    #[test]
    fn refuses_bad_strings() {
        let reason = |t: &str| parse(t).map_err(|e| e.reason);
        assert_eq!(reason("\"a\nb\""), Err("control character in string"));
        assert_eq!(reason("\"a\u{1}\""), Err("control character in string"));
        assert_eq!(reason(r#""\ud83c""#), Err("unpaired surrogate"));
        assert_eq!(reason(r#""\ud83c\u0041""#), Err("unpaired surrogate"));
        assert_eq!(reason(r#""\udf6a""#), Err("unpaired surrogate"));
        assert_eq!(reason(r#""\u12g4""#), Err("invalid \\u escape"));
        assert_eq!(reason(r#""\x""#), Err("invalid escape"));
        assert_eq!(reason("\"abc"), Err("unterminated string"));
    }

    #[test]
    fn reports_offsets() {
        assert_eq!(parse("[1, 2,]"), Err(JsonError { offset: 6, reason: "unexpected character" }));
        assert_eq!(parse("{\"a\" 1}"), Err(JsonError { offset: 5, reason: "expected ':'" }));
        assert_eq!(parse("{} x"), Err(JsonError { offset: 3, reason: "trailing characters after the value" }));
        assert_eq!(parse("[1 2]").map_err(|e| e.describe()), Err("expected ',' or ']' at byte 3".into()));
    }

    #[test]
    fn refuses_malformed_documents() {
        for bad in [
            "", " ", "nul", "tru", "01", "-", "1.", ".5", "1e", "+1", "[", "[1", "{", "{\"a\"", "{\"a\":",
            "{a:1}", "{'a':1}", "[1,]", "{\"a\":1,}", "NaN", "Infinity", "\"\\", "\u{feff}", "/* */ 1",
        ] {
            assert!(parse(bad).is_err(), "{bad:?} should fail");
        }
        assert_eq!(parse("\u{feff}{}"), Ok(Json::Obj(vec![])));
    }

    #[test]
    fn caps_depth_and_size() {
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(&ok).is_ok());
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert_eq!(parse(&deep).map_err(|e| e.reason), Err("nesting too deep"));
        let hostile = "[{\"a\":".repeat(20_000);
        assert_eq!(parse(&hostile).map_err(|e| e.reason), Err("nesting too deep"));
        let big = " ".repeat(MAX_INPUT) + "1";
        assert_eq!(parse(&big).map_err(|e| e.reason), Err("input too large"));
    }

    proptest::proptest! {
        #[test]
        fn never_panics_on_any_string(text in ".{0,200}") {
            let _ = parse(&text);
        }

        #[test]
        fn never_panics_on_json_like_text(text in r#"[\[\]{}",:0-9a-zA-Z\\ .eE+\-\u{e9}\u{1F36A}]{0,120}"#) {
            let _ = parse(&text);
        }

        #[test]
        fn strings_round_trip(text in "\\PC{0,40}") {
            let mut quoted = String::from("\"");
            for c in text.chars() {
                match c {
                    '"' => quoted.push_str("\\\""),
                    '\\' => quoted.push_str("\\\\"),
                    c => quoted.push(c),
                }
            }
            quoted.push('"');
            proptest::prop_assert_eq!(parse(&quoted), Ok(Json::Str(text)));
        }
    }
}
