// The wasm's code section travels as streams, one per kind of operand (scripts/code_streams.py:
// brotli compresses them better apart); this joins them back into the original function bodies.
// It runs once, cold, on the main thread, so: one output buffer, one loop over the opcodes, no
// calls in it, variables no closure captures (V8's interpreter runs those fastest). Damaged input
// throws (startWasm then fails closed) rather than looping: the opcode loop is bounded by the
// opcode stream, the counted loops by the output's room (writes past it are dropped).
// pos[i]: stream i's position, in code_streams.py's STREAMS order; pos[63]: the section reader's.
function joinCodeStreams(packed) {
  var pos = new Int32Array(64), first = new Uint8Array(256).fill(255), second = new Uint8Array(256),
    out, room, t = 8, q, n, k, op, depth, b, s, v, shift, end, size, at, ops;
  // Per opcode: the streams of its first and second operand (LEB128 numbers); 254: handled
  // apart; 255: none.
  first[2] = first[3] = first[4] = 2;
  first[12] = first[13] = 3;
  first[16] = first[210] = 4;
  first[17] = second[17] = 5;
  first[32] = 6; first[33] = 7; first[34] = 8;
  first[35] = first[36] = 9;
  first[37] = first[38] = 10;
  for (k = 40; k < 63; k++) first[k] = k - 23, second[k] = 11;
  first[63] = first[64] = first[208] = 12;
  first[65] = 13; first[66] = 14;
  first[14] = first[28] = first[67] = first[68] = first[252] = 254;
  // Room: each function body gets its size back, at most 5 bytes.
  for (n = 0, pos[63] = 8; pos[63] < packed.length; pos[63] = end) {
    b = packed[pos[63]++];
    end = sectionEnd(packed, pos);
    if (b === 10) n = readLeb(packed, pos);
  }
  out = new Uint8Array((room = packed.length + 5 * n));
  out.set(packed.subarray(0, 8));
  for (pos[63] = 8; pos[63] < packed.length;) {
    s = pos[63]++;
    end = sectionEnd(packed, pos);
    if (packed[s] !== 10) {
      out.set(packed.subarray(s, end), t);
      t += end - s;
      pos[63] = end;
      continue;
    }
    out[t] = 10;
    at = t += 6;
    n = readLeb(packed, pos);
    t = writeLeb(out, t, n);
    end = readLeb(packed, pos);
    if (end > 60) damaged();
    for (k = 0; k < end; k++) {
      size = readLeb(packed, pos);
      pos[k] = pos[63];
      pos[63] += size;
    }
    // pos[63] is now the end of the section: the streams fill it.
    for (q = pos[0], ops = pos[1]; n--;) {
      s = t;
      t += 5;
      v = shift = 0;
      do b = out[t++] = packed[pos[1]++], v |= (b & 127) << shift, shift += 7; while (b & 128);
      while (v-- && t < room) {
        do b = out[t++] = packed[pos[1]++]; while (b & 128);
        out[t++] = packed[pos[1]++];
      }
      for (depth = 0; ;) {
        if (q >= ops) damaged();
        op = out[t++] = packed[q++];
        if (op === 11 && !depth--) break;
        if (op > 1 && op < 5) depth++;
        k = first[op];
        if (k < 254) {
          do b = out[t++] = packed[pos[k]++]; while (b & 128);
          if ((k = second[op])) do b = out[t++] = packed[pos[k]++]; while (b & 128);
        } else if (k === 254) {
          if (op === 67 || op === 68) {
            for (k = op === 67 ? 4 : 8; k--;) out[t++] = packed[pos[15]++];
            continue;
          }
          // br_table: n, then n + 1 depths; select t: n, then n types; 0xFC: sub-opcode, then its operands.
          k = op === 14 ? 3 : op === 28 ? 2 : 16;
          v = shift = 0;
          do b = out[t++] = packed[pos[k]++], v |= (b & 127) << shift, shift += 7; while (b & 128);
          for (v = op === 14 ? v + 1 : op === 28 ? v : v < 8 ? 0 : v > 14 ? 1 : 2 - (v & 1); v-- && t < room;) {
            do b = out[t++] = packed[pos[k]++]; while (b & 128);
          }
        }
      }
      t = moveBack(out, s, t);
    }
    t = moveBack(out, at - 5, t);
  }
  return out.subarray(0, t);
}

// The unsigned LEB128 number at pos[63] in `bytes`, moving pos[63] past it.
function readLeb(bytes, pos) {
  var value = 0, shift = 0;
  do value |= (bytes[pos[63]] & 127) << shift, shift += 7; while (bytes[pos[63]++] & 128);
  return value;
}

function damaged() {
  throw new Error('damaged wasm text');
}

// The end of the section whose size is at pos[63], moving pos[63] past the size; throws unless
// the section lies within `bytes`.
function sectionEnd(bytes, pos) {
  var size = readLeb(bytes, pos), end = pos[63] + size;
  if (size < 0 || end > bytes.length) damaged();
  return end;
}

// Writes `value` as LEB128, as few bytes as it takes (what the linker and wasm-opt wrote); returns
// the position after it.
function writeLeb(out, at, value) {
  for (; value > 127; value >>>= 7) out[at++] = value & 127 | 128;
  out[at++] = value;
  return at;
}

// A body (or section) was written at `at` + 5 up to `end`, leaving 5 bytes for its size: writes
// the size there and moves the body back to just after it; returns the body's new end.
function moveBack(out, at, end) {
  var start = writeLeb(out, at, end - at - 5);
  out.copyWithin(start, at + 5, end);
  return end - (at + 5 - start);
}
