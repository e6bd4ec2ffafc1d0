"""The wasm's code section as separate streams, for the embedded builds' wasm text.

In a function body each instruction's opcode is followed by its operands: local indices, call
targets, constants, memory offsets. Interleaved, brotli models them as one stream and finds
fewer matches; split into one stream per kind of operand, each stream is more regular (the
opcodes alone, the local indices alone…): the code section went from 32,555 to about 29,500 B
brotli (docs/adr/008-wasm-size.md). scripts/dist/code_streams.js joins them back into the
original bytes before the wasm is compiled; build.py checks that it does, with that very file.

Only the instructions rustc and wasm-opt emit for our build are known (MVP, sign-extension,
non-trapping float-to-int, bulk memory, reference types, multi-value); any other opcode stops
the build rather than being guessed.
"""

import sys

import leb128

# Stream order: code_streams.js reads them in this order. One alignment stream per load and
# store opcode: each opcode mostly has one alignment, so each stream is mostly one byte repeated.
MEMORY_ACCESS = range(0x28, 0x3F)
STREAMS = [
    "op", "locals", "block", "branch", "call", "indirect", "local.get", "local.set",
    "local.tee", "global", "table", "offset", "memory", "i32", "i64", "float", "fc",
    *(f"align.{op:02x}" for op in MEMORY_ACCESS),
]
S = {name: n for n, name in enumerate(STREAMS)}

# Opcodes without operands: unreachable, nop, else, end, return, drop, select, the numeric
# instructions, ref.is_null.
BARE = {0x00, 0x01, 0x05, 0x0B, 0x0F, 0x1A, 0x1B, 0xD1, *range(0x45, 0xC5)}
# Opcodes with one LEB128 operand, and its stream.
ONE = {
    0x0C: "branch", 0x0D: "branch", 0x10: "call", 0xD2: "call",
    0x20: "local.get", 0x21: "local.set", 0x22: "local.tee", 0x23: "global", 0x24: "global",
    0x25: "table", 0x26: "table", 0x3F: "memory", 0x40: "memory", 0xD0: "memory",
    0x41: "i32", 0x42: "i64",
}


def fc_operands(sub):
    """How many LEB128 operands the 0xFC instruction `sub` has (memory indices are a 0x00 byte,
    so LEB128 too; table indices are LEB128); code_streams.js computes the same."""
    if sub < 8:
        return 0
    if sub > 17:
        sys.exit(f"build.py: code_streams: unknown instruction 0xFC {sub}; teach code_streams.py and code_streams.js")
    return 1 if sub > 14 else 2 - (sub & 1)


def split(wasm, pos):
    """The code section's content, at `pos` in `wasm`, as [function count][stream count][each
    stream: length, bytes]."""
    streams = [bytearray() for _ in STREAMS]

    def take(stream, pos, end=None):
        end = leb128.skip(wasm, pos) if end is None else end
        streams[S[stream]] += wasm[pos:end]
        return end

    count, pos = leb128.read(wasm, pos)
    for _ in range(count):
        size, pos = leb128.read(wasm, pos)
        end = pos + size
        groups, after = leb128.read(wasm, pos)
        pos = take("locals", pos, after)
        for _ in range(groups):
            pos = take("locals", take("locals", pos))
        depth = 0
        while True:
            op = wasm[pos]
            streams[S["op"]].append(op)
            pos += 1
            if op == 0x0B:
                if depth == 0:
                    break
                depth -= 1
            elif op in BARE:
                pass
            elif op in ONE:
                pos = take(ONE[op], pos)
            elif op in (0x02, 0x03, 0x04):
                depth += 1
                pos = take("block", pos)
            elif op == 0x0E:
                targets, after = leb128.read(wasm, pos)
                pos = take("branch", pos, after)
                for _ in range(targets + 1):
                    pos = take("branch", pos)
            elif op == 0x11:
                pos = take("indirect", take("indirect", pos))
            elif op == 0x1C:
                types, after = leb128.read(wasm, pos)
                pos = take("block", pos, after)
                for _ in range(types):
                    pos = take("block", pos)
            elif op in MEMORY_ACCESS:
                pos = take("offset", take(f"align.{op:02x}", pos))
            elif op in (0x43, 0x44):
                pos = take("float", pos, pos + (4 if op == 0x43 else 8))
            elif op == 0xFC:
                sub, after = leb128.read(wasm, pos)
                pos = take("fc", pos, after)
                for _ in range(fc_operands(sub)):
                    pos = take("fc", pos)
            else:
                sys.exit(f"build.py: code_streams: unknown opcode 0x{op:02X}; teach code_streams.py and code_streams.js")
        if pos != end:
            sys.exit("build.py: code_streams: a function body does not end where its size says")
    out = bytearray(leb128.encode(count) + leb128.encode(len(STREAMS)))
    for stream in streams:
        out += leb128.encode(len(stream)) + stream
    return bytes(out)
