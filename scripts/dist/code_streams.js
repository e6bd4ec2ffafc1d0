// The wasm's code section travels as streams, one per kind of operand (scripts/code_streams.py:
// brotli compresses them better apart); this joins them back into the original function bodies.
// pos[i]: stream i's position, in code_streams.py's STREAMS order; pos[60]: the reader's
// position in the sections; pos[61]: the body's length so far. Other sections are copied as
// they are. A body's size adds at most half of it, so twice the input is room enough.
function joinCodeStreams(packed) {
  var pos = new Int32Array(62), body = new Uint8Array(packed.length),
    out = new Uint8Array(2 * packed.length), code = new Uint8Array(2 * packed.length),
    // Per opcode: the stream of its first and second operand; 254: see below, 255: none.
    first = new Uint8Array(256).fill(255), second = new Uint8Array(256),
    o = 8, c, start, end, n, k, op, depth, sub;
  // Copies the LEB128 number at stream i's position to the body; returns its value (right for
  // the counts and sizes it is used for, below 2^28).
  function num(i) {
    var value = 0, shift = 0, byte;
    do {
      byte = body[pos[61]++] = packed[pos[i]++];
      value |= (byte & 127) << shift;
      shift += 7;
    } while (byte & 128);
    return value;
  }
  function leb(to, at, value) {
    do to[at++] = value & 127 | (value > 127 ? 128 : 0); while ((value = Math.floor(value / 128)));
    return at;
  }
  [2, 3, 4, 11, 14, 28, 67, 68, 252].forEach(function (op) { first[op] = 254; });
  first[12] = first[13] = 3;
  first[16] = first[210] = 4;
  first[17] = second[17] = 5;
  first[32] = 6; first[33] = 7; first[34] = 8;
  first[35] = first[36] = 9;
  first[37] = first[38] = 10;
  for (k = 40; k < 63; k++) first[k] = k - 23, second[k] = 11;
  first[63] = first[64] = first[208] = 12;
  first[65] = 13; first[66] = 14;
  out.set(packed.subarray(0, 8));
  pos[60] = 8;
  while (pos[60] < packed.length) {
    start = pos[60]++;
    pos[61] = 0;
    end = num(60) + pos[60];
    if (packed[start] !== 10) {
      out.set(packed.subarray(start, end), o);
      o += end - start;
      pos[60] = end;
      continue;
    }
    n = num(60);
    c = leb(code, 0, n);
    for (k = 0, end = num(60); k < end; k++) {
      sub = num(60);
      pos[k] = pos[60];
      pos[60] += sub;
    }
    // pos[60] is now the end of the section: the streams fill it.
    while (n--) {
      pos[61] = 0;
      for (k = num(1); k--;) num(1), num(1);
      for (depth = 0; ;) {
        op = body[pos[61]++] = packed[pos[0]++];
        k = first[op];
        if (k < 254) {
          num(k);
          if (second[op]) num(second[op]);
        } else if (k > 254) {
          continue;
        } else if (op === 11) {
          if (!depth--) break;
        } else if (op < 5) depth++, num(2);
        else if (op === 14) for (k = num(3) + 1; k--;) num(3);
        else if (op === 28) for (k = num(2); k--;) num(2);
        else if (op === 67 || op === 68) for (k = op === 67 ? 4 : 8; k--;) body[pos[61]++] = packed[pos[15]++];
        else for (sub = num(16), k = sub < 8 ? 0 : sub > 14 ? 1 : 2 - (sub & 1); k--;) num(16);
      }
      c = leb(code, c, pos[61]);
      code.set(body.subarray(0, pos[61]), c);
      c += pos[61];
    }
    out[o++] = 10;
    o = leb(out, o, c);
    out.set(code.subarray(0, c), o);
    o += c;
  }
  return out.subarray(0, o);
}
