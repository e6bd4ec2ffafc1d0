//! The stylesheet without its layout whitespace, computed at compile time.
//!
//! `style.css` ships inside the wasm, so every indent and space after a colon is
//! downloaded by every visitor; keeping the file readable and stripping it here
//! costs nothing at run time (docs/adr/014-looks-and-dsfr.md). Only whitespace
//! goes, and only where CSS gives it no meaning: next to `{ } ; , >`, after `:`,
//! and the last `;` of a block. Quoted strings are kept byte for byte; a space
//! before `:` stays (`a :hover` is not `a:hover`), so does any other space.

/// Bytes after which whitespace means nothing.
const fn tight_after(b: u8) -> bool {
    matches!(b, b'{' | b'}' | b';' | b',' | b'>' | b':')
}

/// Bytes before which whitespace means nothing.
const fn tight_before(b: u8) -> bool {
    matches!(b, b'{' | b'}' | b';' | b',' | b'>')
}

/// `css` stripped, in the first `N` bytes of the array, and its stripped length (with `N = 0`,
/// only the length: that is how the caller sizes the array).
// Indexing is checked at compile time here (these run in `const` items), never in the wasm.
#[allow(clippy::indexing_slicing)]
pub const fn strip<const N: usize>(css: &[u8]) -> ([u8; N], usize) {
    let mut out = [0u8; N];
    let (mut i, mut n) = (0, 0);
    let (mut last, mut quote, mut space) = (b'{', 0u8, false);
    while i < css.len() {
        let b = css[i];
        i += 1;
        if quote != 0 {
            if n < N {
                out[n] = b;
            }
            n += 1;
            if b == quote {
                quote = 0;
            }
            continue;
        }
        if matches!(b, b' ' | b'\n' | b'\r' | b'\t') {
            space = true;
            continue;
        }
        if space && !tight_after(last) && !tight_before(b) {
            if n < N {
                out[n] = b' ';
            }
            n += 1;
        }
        space = false;
        if b == b'}' && last == b';' {
            n -= 1;
        }
        if b == b'"' || b == b'\'' {
            quote = b;
        }
        if n < N {
            out[n] = b;
        }
        n += 1;
        last = b;
    }
    (out, n)
}

#[cfg(test)]
mod tests {
    use super::strip;

    fn stripped(css: &str) -> String {
        let (out, n) = strip::<512>(css.as_bytes());
        assert_eq!(n, strip::<0>(css.as_bytes()).1, "the sizing pass agrees");
        String::from_utf8(out[..n].to_vec()).expect("utf-8")
    }

    #[test]
    fn layout_whitespace_goes_meaningful_space_stays() {
        assert_eq!(
            stripped(":host {\n  --a: #fff; color: var(--a);\n}\n* { box-sizing: border-box; }\n"),
            ":host{--a:#fff;color:var(--a)}*{box-sizing:border-box}"
        );
        assert_eq!(stripped("a > b, c  d :hover { margin: 0 auto; }"), "a>b,c d :hover{margin:0 auto}");
        assert_eq!(stripped("x { width: calc(100% - 2rem); inset: 0 var(--d) }"), "x{width:calc(100% - 2rem);inset:0 var(--d)}");
        assert_eq!(
            stripped("@media (max-width: 40rem) { td::before { content: attr(data-label) \": \"; } }"),
            "@media (max-width:40rem){td::before{content:attr(data-label) \": \"}}"
        );
        assert_eq!(stripped("p::after { content: '; } '; }"), "p::after{content:'; } '}");
    }

    #[test]
    fn the_shipped_stylesheet_keeps_every_rule() {
        let raw = include_str!("../web/style.css");
        let (out, n) = strip::<16384>(raw.as_bytes());
        let min = core::str::from_utf8(&out[..n]).expect("utf-8");
        assert!(n < raw.len() * 9 / 10, "{n} of {}", raw.len());
        let braces = |s: &str| (s.matches('{').count(), s.matches('}').count());
        assert_eq!(braces(min), braces(raw));
        assert!(min.contains("content:attr(aria-label) \" \"") && min.contains("content:attr(data-label) \": \""));
    }
}
