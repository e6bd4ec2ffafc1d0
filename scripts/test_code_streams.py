"""The code streams (code_streams.py, dist/code_streams.js) on the instruction shapes they know,
the ones the release wasm happens not to contain too, and on seeded random bodies: split in
Python, joined by the shipped JavaScript under node, compared byte for byte (build.py's
check_decoding). Damaged input must make the decoder throw, never hang.
Run: python3 -m unittest discover -s scripts"""

import random
import subprocess
import unittest

import build
import code_streams
import leb128

I32, I64, F64, FUNCREF = 0x7F, 0x7E, 0x7C, 0x70


def body(locals_, instructions):
    """A function body: locals as [(count, type)], then the instructions' bytes and `end`."""
    content = leb128.encode(len(locals_)) + b"".join(leb128.encode(n) + bytes([t]) for n, t in locals_)
    content += bytes(instructions) + b"\x0b"
    return leb128.encode(len(content)) + content


def module(*bodies):
    code = leb128.encode(len(bodies)) + b"".join(bodies)
    data = b"\x01\x00\x41\x00\x0b\x05hello"
    return (b"\0asm\1\0\0\0" + b"\x0a" + leb128.encode(len(code)) + code
            + b"\x0b" + leb128.encode(len(data)) + data)


EVERY_SHAPE = [
    0x02, 0x40,                      # block
    0x03, I32,                       # loop (result i32)
    0x04, 0x85, 0x01,                # if, a type index in two bytes
    0x0C, 0x01, 0x0D, 0x00,          # br 1, br_if 0
    0x0E, 0x03, 0x00, 0x01, 0x02, 0x00,  # br_table
    0x05,                            # else
    0x00, 0x01, 0x0F, 0x1A, 0x1B,    # unreachable nop return drop select
    0x0B, 0x0B, 0x0B,                # end end end
    0x10, 0xAC, 0x02,                # call 300
    0x11, 0x07, 0x00,                # call_indirect
    0x1C, 0x01, I64,                 # select t
    0x20, 0xC8, 0x01, 0x21, 0x01, 0x20, 0x03, 0x22, 0x02,  # local.get 200, set, get, tee
    0x23, 0x00, 0x24, 0x01, 0x25, 0x00, 0x26, 0x00,  # global.get/set, table.get/set
    0x28, 0x02, 0xA0, 0x8D, 0x06,    # i32.load align 2 offset 100000
    0x3C, 0x00, 0x05,                # i64.store8
    0x36, 0x02, 0x08, 0x28, 0x00, 0x00, 0x3C, 0x00, 0x06,  # i32.store, i32.load align 0, i64.store8
    0x3F, 0x00, 0x40, 0x00,          # memory.size, memory.grow
    0x41, 0x7F, 0x41, 0xE5, 0x8E, 0x26,  # i32.const -1, 624485
    0x42, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0x00,  # i64.const
    0x43, 0x0B, 0x0B, 0x02, 0x40,    # f32.const whose bytes look like end, end, block
    0x44, 0x0B, 0x0B, 0x0B, 0x0B, 0x04, 0x40, 0x0E, 0x0B,  # f64.const, likewise
    0x6A, 0xA7, 0xC4,                # i32.add, i32.wrap_i64, i64.extend32_s
    0xD0, FUNCREF, 0xD1, 0xD2, 0x03,  # ref.null, ref.is_null, ref.func
    # 0xFC instructions, a drop after each: operands read from the wrong stream would move
    # bytes across it
    *[byte for fc in ([0x00], [0x07], [0x08, 0x01, 0x00], [0x09, 0x02], [0x0A, 0x00, 0x00],
                      [0x0B, 0x00], [0x0C, 0x01, 0x00], [0x0D, 0x01], [0x0E, 0x00, 0x00],
                      [0x0F, 0x00], [0x10, 0x00], [0x11, 0x00])
      for byte in [0xFC, *fc, 0x1A]],
]


MORE_SHAPES = [
    # every load and store, each with its own alignment and offset
    *[byte for op in range(0x28, 0x3F) for byte in (op, op % 4, 0x80 | op, 0x01)],
    *[byte for sub in range(1, 7) for byte in (0xFC, sub, 0x1A)],  # the other truncations
    0xFC, 0x08, 0xC8, 0x01, 0x00, 0x1A,  # memory.init of data segment 200
    0xD0, 0x6F, 0x1C, 0x02, I32, F64,    # ref.null extern, select t with two types
    0x0E, 0x82, 0x01, *range(0x7F), 0x00, 0x01, 0x05, 0x06,  # br_table with 130 targets
    0x11, 0x85, 0x02, 0xC8, 0x01,        # call_indirect through table 200
    0x01, 0x3F, 0x00, 0x43, 1, 2, 3, 4,  # nop, memory.size, f32.const
]

# Instruction shapes for random bodies: opcode, then how many LEB128 operands.
RANDOM_SHAPES = [(0x0C, 1), (0x0D, 1), (0x10, 1), (0x11, 2), (0x20, 1), (0x21, 1), (0x22, 1),
                 (0x23, 1), (0x24, 1), (0x25, 1), (0x26, 1), (0x3F, 1), (0x40, 1), (0x41, 1),
                 (0x42, 1), (0xD0, 1), (0xD2, 1), (0x1A, 0), (0x6A, 0), (0xD1, 0),
                 *[(op, 2) for op in range(0x28, 0x3F)]]


def random_body(rng):
    out = []
    for _ in range(rng.randrange(1, 80)):
        op, operands = rng.choice(RANDOM_SHAPES)
        out.append(op)
        for _ in range(operands):
            out += leb128.encode(rng.choice([0, 1, 3, 63, 127, 128, 200, 16384, rng.randrange(1 << 28)]))
    return body([(rng.randrange(1, 300), rng.choice([I32, I64, F64]))], out)


class CodeStreams(unittest.TestCase):
    def test_more_shapes_come_back_byte_for_byte(self):
        groups = [(n % 3 + 1, (I32, I64, F64)[n % 3]) for n in range(130)]
        self.assertTrue(build.wasm_text(module(body(groups, MORE_SHAPES), body([], EVERY_SHAPE))))

    def test_random_bodies_come_back_byte_for_byte(self):
        rng = random.Random(7)
        for _ in range(5):
            self.assertTrue(build.wasm_text(module(*[random_body(rng) for _ in range(rng.randrange(1, 60))])))

    def test_damaged_text_throws_instead_of_hanging(self):
        packed = bytes([0, 97, 115, 109, 1, 0, 0, 0, 10, 6, 1, 2, 1, 0x01, 1, 0x00])
        wasm = module(body([(1, I32)], EVERY_SHAPE))
        whole = build.rewrite_section(wasm, 10, code_streams.split)
        for damaged in (packed, whole[:-9], whole[:40] + b"\x02" * 8 + whole[48:]):
            script = build.source("scripts/dist/code_streams.js") + (
                "try { joinCodeStreams(new Uint8Array(%s)); } catch (e) { process.exit(3); }" % list(damaged))
            done = subprocess.run(["node", "-e", script], capture_output=True, timeout=20)
            self.assertIn(done.returncode, (0, 3))

    def test_every_instruction_shape_comes_back_byte_for_byte(self):
        wasm = module(body([(1, I32), (3, I64), (200, F64)], EVERY_SHAPE), body([], []))
        # wasm_text stops the build (SystemExit) if the shipped decoder gives other bytes.
        self.assertTrue(build.wasm_text(wasm))

    def test_the_stream_numbers_are_those_code_streams_js_reads(self):
        numbers = {"op": 0, "locals": 1, "block": 2, "branch": 3, "call": 4, "indirect": 5,
                   "local.get": 6, "local.tee": 8, "global": 9, "table": 10, "offset": 11,
                   "memory": 12, "i32": 13, "i64": 14, "float": 15, "fc": 16, "align.28": 17,
                   "align.3e": 39}
        self.assertEqual({name: code_streams.S[name] for name in numbers}, numbers)
        self.assertLessEqual(len(code_streams.STREAMS), 60, "code_streams.js refuses more")

    def test_an_unknown_opcode_stops_the_build(self):
        for unknown in ([0xFD, 0x0C], [0x06, 0x40], [0xFC, 0x12, 0x00]):
            with self.assertRaises(SystemExit) as stop:
                build.wasm_text(module(body([], unknown)))
            self.assertIn("unknown", str(stop.exception))

    def test_a_body_that_ends_early_stops_the_build(self):
        content = b"\x00\x0b\x01"
        wasm = module(leb128.encode(len(content)) + content)
        with self.assertRaises(SystemExit) as stop:
            build.wasm_text(wasm)
        self.assertIn("does not end where its size says", str(stop.exception))


if __name__ == "__main__":
    unittest.main()
