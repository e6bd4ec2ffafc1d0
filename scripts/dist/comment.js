// The one-file script's wasm, read from where build.py put it: one Latin-1 character per byte
// inside the comment of a function, the argument of the script's outer function
// (docs/adr/021-wasm-in-a-comment.md). Why a comment: the engine skips a comment while parsing
// far faster than it reads a string literal of the same length, and the script blocks the page's
// parser until it has run. The function's source text (`Function.prototype.toString`, the very
// text the engine was given) gives the characters back.
// Escaped is what a comment cannot hold (`*/`) and `<` (so that `</script` or `<!--` never
// appear): each escape is `^` and a letter, so `^` itself is one too, and replaced last. NUL and
// CR stay as they are: served, the file reaches the engine unchanged; pasted into a page, an HTML
// parser changes them, and wasm.js says so.
var ESCAPED = [['^l', '<'], ['^s', '/'], ['^c', '^']];

function uncommented(holder) {
  var text = Function.prototype.toString.call(holder);
  text = text.slice(text.indexOf('/*') + 2, text.lastIndexOf('*/'));
  for (var i = 0; i < ESCAPED.length; i++) text = text.replaceAll(ESCAPED[i][0], ESCAPED[i][1]);
  return text;
}
