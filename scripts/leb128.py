"""LEB128, the variable-length numbers of the wasm binary format (sizes, counts, indices)."""


def read(data, pos):
    """(value, next position) of the unsigned LEB128 number at `pos`."""
    value = shift = 0
    while True:
        byte = data[pos]
        pos += 1
        value |= (byte & 0x7F) << shift
        shift += 7
        if not byte & 0x80:
            return value, pos


def skip(data, pos):
    """The position after the LEB128 number (signed or not) at `pos`."""
    while data[pos] & 0x80:
        pos += 1
    return pos + 1


def encode(value):
    out = bytearray()
    while True:
        byte, value = value & 0x7F, value >> 7
        out.append(byte | (0x80 if value else 0))
        if not value:
            return bytes(out)
