// The one-file script's wasm, read from where build.py put it: one Latin-1 character per byte
// inside the comment of a function, the argument of the script's outer function
// (docs/adr/021-wasm-in-a-comment.md). Why a comment: the engine skips a comment while parsing
// far faster than it reads a string literal of the same length, and the script blocks the page's
// parser until it has run. The function's source text (`Function.prototype.toString`, the very
// text the engine was given) gives the characters back. A legal comment (`/*!`): minifiers keep
// those where they are (esbuild and terser), so a site that minifies its scripts again
// does not break it; a bundler that moves or drops them does, and wasm.js says so.
// Escaped is what a comment cannot hold (`*/`), `<` (so that `</script` or `<!--` never
// appear) and CR (minifiers write it as LF): each escape is `^` and a letter, so `^` itself is
// one too, and replaced last. NUL stays as it is: served, the file reaches the engine unchanged;
// pasted into a page, an HTML parser changes it, and wasm.js says so.
var ESCAPED = [['^l', '<'], ['^r', '\r'], ['^s', '/'], ['^c', '^']];

function uncommented(holder) {
  var text = Function.prototype.toString.call(holder);
  text = text.slice(text.indexOf('/*!') + 3, text.lastIndexOf('*/'));
  for (var i = 0; i < ESCAPED.length; i++) text = text.replaceAll(ESCAPED[i][0], ESCAPED[i][1]);
  return text;
}
