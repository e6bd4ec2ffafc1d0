//! The reading context every part of the configuration shares: where a value
//! sits (`Path`, kept on the stack and written out only for an issue), the
//! issues found so far (`Ctx`), and typed readers that report a value of the
//! wrong type with its path and give nothing, so the caller keeps its default.

use crate::prelude::*;

use super::{ConfigIssue, Severity};
use crate::core::config::Localized;
use crate::core::json::Json;
use crate::core::lang::is_tag;
use crate::strings::num::push_u64;

#[derive(Default)]
pub(super) struct Ctx {
    pub(super) issues: Vec<ConfigIssue>,
}

impl Ctx {
    /// Records `prefix "value"suffix` (the value quoted, escaped and shortened for logs),
    /// or `prefixsuffix` without a value. One builder for every message keeps the wasm small.
    pub(super) fn issue(&mut self, severity: Severity, path: &Path, prefix: &str, value: Option<&str>, suffix: &str) {
        let mut message = String::from(prefix);
        if let Some(value) = value {
            push_quoted(&mut message, value);
        }
        message.push_str(suffix);
        let mut text = String::new();
        path.write(&mut text);
        self.issues.push(ConfigIssue { path: text, message, severity });
    }

    pub(super) fn error(&mut self, path: &Path, message: &str) {
        self.issue(Severity::Error, path, message, None, "");
    }

    pub(super) fn warn(&mut self, path: &Path, message: &str) {
        self.issue(Severity::Warning, path, message, None, "");
    }

    pub(super) fn quoted(&mut self, severity: Severity, path: &Path, prefix: &str, value: &str, suffix: &str) {
        self.issue(severity, path, prefix, Some(value), suffix);
    }

    /// `expected …, found <kind>`: `what` is the message up to the kind.
    pub(super) fn expected(&mut self, path: &Path, what: &str, found: &Json) {
        self.issue(Severity::Error, path, what, None, found.kind());
    }
}

// ---- paths and messages -------------------------------------------------

/// Where a value sits in the document: a chain of keys and indices on the
/// stack, written out as text only when an issue is reported.
#[derive(Clone, Copy)]
pub(super) enum Path<'a> {
    /// The document itself (written as nothing).
    Root,
    /// `parent.key`, or just `key` under the root.
    Key(&'a Path<'a>, &'a str),
    /// `parent[index]`
    Index(&'a Path<'a>, usize),
}

// `key` and `index` are never inlined: one call is smaller than the stores it makes.
impl<'a> Path<'a> {
    #[inline(never)]
    pub(super) fn key(&'a self, k: &'a str) -> Path<'a> {
        Path::Key(self, k)
    }

    #[inline(never)]
    pub(super) fn index(&'a self, i: usize) -> Path<'a> {
        Path::Index(self, i)
    }

    /// Appends the path, e.g. `categories[1].services[0].id`.
    fn write(&self, out: &mut String) {
        match self {
            Path::Root => {}
            Path::Key(parent, k) => {
                parent.write(out);
                if !out.is_empty() {
                    out.push('.');
                }
                out.push_str(k);
            }
            Path::Index(parent, i) => {
                parent.write(out);
                out.push('[');
                push_u64(out, *i as u64);
                out.push(']');
            }
        }
    }
}

/// The document itself. `&Path::Key(ROOT, "k")` is a constant: top-level paths cost no code.
pub(super) const ROOT: &Path = &Path::Root;

/// Longest value quoted in a message, in characters.
const QUOTE_MAX: usize = 60;

/// Appends `"value"`, escaped and shortened for logs.
fn push_quoted(out: &mut String, value: &str) {
    out.push('"');
    for (n, c) in value.chars().enumerate() {
        if n == QUOTE_MAX {
            out.push('…');
            break;
        }
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            c if c.is_control() => out.push('\u{fffd}'),
            c => out.push(c),
        }
    }
    out.push('"');
}

// ---- generic readers ----------------------------------------------------

pub(super) type Pairs = [(String, Json)];

/// The object's pairs, after warning about unknown keys when `known` is given. (A repeated key
/// is no longer there: the JSON reader keeps its last value, as `JSON.parse` does.)
pub(super) fn object<'a>(v: &'a Json, path: &Path, known: Option<&[&str]>, ctx: &mut Ctx) -> Option<&'a Pairs> {
    let Json::Obj(pairs) = v else {
        ctx.expected(path, "expected an object, found ", v);
        return None;
    };
    if let Some(known) = known {
        for (k, _) in pairs {
            if !known.contains(&k.as_str()) {
                ctx.warn(&path.key(k), "unknown key");
            }
        }
    }
    Some(pairs)
}

/// The first value under `k`, `null` counting as absent.
pub(super) fn field<'a>(pairs: &'a Pairs, k: &str) -> Option<&'a Json> {
    pairs.iter().find(|(name, _)| name == k).map(|(_, v)| v).filter(|v| !matches!(v, Json::Null))
}

pub(super) fn string<'a>(v: &'a Json, path: &Path, ctx: &mut Ctx) -> Option<&'a str> {
    let s = v.as_str();
    if s.is_none() {
        ctx.expected(path, "expected a string, found ", v);
    }
    s
}

pub(super) fn boolean(v: &Json, path: &Path, ctx: &mut Ctx) -> Option<bool> {
    let b = v.as_bool();
    if b.is_none() {
        ctx.expected(path, "expected true or false, found ", v);
    }
    b
}

pub(super) fn integer(v: &Json, path: &Path, ctx: &mut Ctx) -> Option<i64> {
    match v {
        Json::Num(n) => {
            let i = n.as_i64();
            if i.is_none() {
                ctx.quoted(Severity::Error, path, "expected a whole number, found ", n.raw(), "");
            }
            i
        }
        other => {
            ctx.expected(path, "expected a whole number, found ", other);
            None
        }
    }
}

pub(super) fn array<'a>(v: &'a Json, path: &Path, ctx: &mut Ctx) -> &'a [Json] {
    match v {
        Json::Arr(items) => items,
        other => {
            ctx.expected(path, "expected an array, found ", other);
            &[]
        }
    }
}

/// A lowercased language tag, or an error.
pub(super) fn language(v: &Json, path: &Path, ctx: &mut Ctx) -> Option<String> {
    let s = string(v, path, ctx)?;
    if is_tag(s) {
        Some(s.to_ascii_lowercase())
    } else {
        ctx.quoted(Severity::Error, path, "invalid language tag ", s, " (expected e.g. \"fr\" or \"pt-BR\")");
        None
    }
}

/// A plain string (any language) or `{ "en": "...", "fr": "..." }`.
pub(super) fn localized(v: &Json, path: &Path, ctx: &mut Ctx) -> Localized {
    match v {
        Json::Str(s) => Localized::any(s),
        Json::Obj(_) => {
            let mut out = Localized::default();
            for (lang, text) in object(v, path, None, ctx).unwrap_or(&[]) {
                let at = path.key(lang);
                if !is_tag(lang) {
                    ctx.quoted(Severity::Error, &at, "invalid language tag ", lang, "");
                    continue;
                }
                let lang = lang.to_ascii_lowercase();
                if let Some(text) = string(text, &at, ctx) {
                    if !out.0.iter().any(|(l, _)| *l == lang) {
                        out.0.push((lang, text.into()));
                    }
                }
            }
            out
        }
        other => {
            ctx.expected(path, "expected a string or an object of translations, found ", other);
            Localized::default()
        }
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
mod tests {
    use super::*;
    use crate::core::config_parse::tests::parse;

    #[test]
    fn messages_quote_values_safely() {
        let long = "x".repeat(100);
        let (_, issues) = parse(&(String::from(r#"{"cookie":{"name":"a\"b\\c\n"#) + &long + "\"}}"));
        let message = &issues.first().unwrap().message;
        assert!(message.starts_with("invalid cookie name \"a\\\"b\\\\c\u{fffd}xxx"), "{message}");
        assert!(message.ends_with("x…\""), "{message}");
    }
}
