"""The subset of CBOR (RFC 8949) that Pagefind writes: integers, strings, arrays and maps of definite length."""

from __future__ import annotations

_UINT, _NINT, _BYTES, _TEXT, _ARRAY, _MAP, _SIMPLE = range(7)
_SIMPLE_VALUES = {20: False, 21: True, 22: None}


class CBORError(ValueError):
    """The bytes are not in the subset this module reads."""


def _head(major: int, value: int) -> bytes:
    """The shortest head for a major type and argument, as CBOR's preferred serialization requires."""
    if value < 24:
        return bytes([major << 5 | value])
    for extra, size in ((24, 1), (25, 2), (26, 4), (27, 8)):
        if value < 1 << (8 * size):
            return bytes([major << 5 | extra]) + value.to_bytes(size, "big")
    raise CBORError(f"entero demasiado grande: {value}")


def dumps(value) -> bytes:
    """Encode lists, dicts, str, bytes, int, bool and None, lengths always definite."""
    if value is None or isinstance(value, bool):
        return bytes([_SIMPLE << 5 | {False: 20, True: 21, None: 22}[value]])
    if isinstance(value, int):
        return _head(_UINT, value) if value >= 0 else _head(_NINT, -1 - value)
    if isinstance(value, bytes):
        return _head(_BYTES, len(value)) + value
    if isinstance(value, str):
        data = value.encode("utf-8")
        return _head(_TEXT, len(data)) + data
    if isinstance(value, (list, tuple)):
        return _head(_ARRAY, len(value)) + b"".join(dumps(item) for item in value)
    if isinstance(value, dict):
        return _head(_MAP, len(value)) + b"".join(dumps(k) + dumps(v) for k, v in value.items())
    raise CBORError(f"tipo no admitido: {type(value).__name__}")


def loads(data: bytes):
    """Decode one item that spans all of data."""
    value, end = _item(data, 0)
    if end != len(data):
        raise CBORError(f"sobran {len(data) - end} bytes tras el valor")
    return value


def _item(data: bytes, at: int):
    if at >= len(data):
        raise CBORError("datos truncados")
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        argument = info
    elif info <= 27:
        size = 1 << (info - 24)
        if at + size > len(data):
            raise CBORError("datos truncados")
        argument, at = int.from_bytes(data[at:at + size], "big"), at + size
    else:
        raise CBORError(f"longitud indefinida o reservada en el byte {at - 1}")
    if major == _UINT:
        return argument, at
    if major == _NINT:
        return -1 - argument, at
    if major in (_BYTES, _TEXT):
        if at + argument > len(data):
            raise CBORError("datos truncados")
        chunk = data[at:at + argument]
        return (chunk if major == _BYTES else chunk.decode("utf-8")), at + argument
    if major == _ARRAY:
        items = []
        for _ in range(argument):
            item, at = _item(data, at)
            items.append(item)
        return items, at
    if major == _MAP:
        mapping = {}
        for _ in range(argument):
            key, at = _item(data, at)
            mapping[key], at = _item(data, at)
        return mapping, at
    if major == _SIMPLE and argument in _SIMPLE_VALUES:
        return _SIMPLE_VALUES[argument], at
    raise CBORError(f"tipo CBOR no admitido (mayor {major}, {argument}) en el byte {at - 1}")
