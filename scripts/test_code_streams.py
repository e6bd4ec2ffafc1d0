"""The code streams (code_streams.py, dist/code_streams.js) on every instruction shape they know,
the ones the release wasm happens not to contain too: split in Python, joined by the shipped
JavaScript under node, compared byte for byte (build.py's check_decoding).
Run: python3 -m unittest discover -s scripts"""

import unittest

import build
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


class CodeStreams(unittest.TestCase):
    def test_every_instruction_shape_comes_back_byte_for_byte(self):
        wasm = module(body([(1, I32), (3, I64), (200, F64)], EVERY_SHAPE), body([], []))
        # wasm_text stops the build (SystemExit) if the shipped decoder gives other bytes.
        self.assertTrue(build.wasm_text(wasm))

    def test_an_unknown_opcode_stops_the_build(self):
        for unknown in ([0xFD, 0x0C], [0x06, 0x40], [0xFC, 0x12, 0x00]):
            with self.assertRaises(SystemExit) as stop:
                build.wasm_text(module(body([], unknown)))
            self.assertIn("unknown", str(stop.exception))

    def test_a_body_that_ends_early_stops_the_build(self):
        content = b"\x00\x0b\x01"
        wasm = module(leb128.encode(len(content)) + content)
        with self.assertRaises(SystemExit):
            build.wasm_text(wasm)


if __name__ == "__main__":
    unittest.main()
