"""Read underthesea's word-segmentation model files as plain data, never executing them.

underthesea 9.5 ships its word segmenter as three files (``ws_crf_vlsp2013_20230727``):

- ``models.bin``: a linear-chain CRF in CRFsuite's binary format (the format python-crfsuite
  reads and writes): the labels, the attribute strings and one weight per (attribute, label) and
  per (label, label) transition;
- ``features.bin``: the feature templates (``T[-1,0].lower`` ...), a pickled list of strings;
- ``dictionary.bin``: the word list its ``is_in_dict`` features look up, a pickled set of strings.

The two pickles are read by walking their opcodes (:func:`pickled_strings`): only the opcodes
that build a list or set of strings are accepted, anything else (a class, a call) is refused, so
no object is ever constructed from them. The CRF is read with :mod:`struct` and :mod:`numpy`.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from pathlib import Path

import numpy


class ModelFileError(ValueError):
    """A model file is not in the format this reader knows."""


@dataclass(frozen=True)
class CrfWeights:
    """A linear-chain CRF: ``state[a, y]`` for attribute ``a`` and label ``y``, ``transition[y, z]``."""

    labels: tuple[str, ...]
    attributes: dict[str, int]
    state: numpy.ndarray
    transition: numpy.ndarray


def _cqdb_strings(data: bytes, offset: int) -> list[str]:
    """The strings of a CQDB chunk (CRFsuite's string <-> id database), in id order."""
    if data[offset:offset + 4] != b"CQDB":
        raise ModelFileError("no CQDB chunk where the header points")
    _size, _flag, _order, bwd_size, bwd_offset = struct.unpack_from("<5I", data, offset + 4)
    positions = numpy.frombuffer(data, dtype="<u4", count=bwd_size, offset=offset + bwd_offset)
    strings = []
    for ident, pos in enumerate(positions.tolist()):
        rec_id, size = struct.unpack_from("<2I", data, offset + pos)
        if rec_id != ident or size < 1:
            raise ModelFileError("a CQDB record does not match its index")
        start = offset + pos + 8
        strings.append(data[start:start + size - 1].decode("utf-8"))
    return strings


_FEATURE = numpy.dtype([("type", "<u4"), ("src", "<u4"), ("dst", "<u4"), ("weight", "<f8")])


def read_crfsuite(path: Path) -> CrfWeights:
    """The labels, attributes and weights of a CRFsuite model file (type ``FOMC``, 1st order)."""
    data = Path(path).read_bytes()
    try:
        return _crfsuite(path, data)
    except (struct.error, ValueError, IndexError, UnicodeDecodeError) as exc:
        if isinstance(exc, ModelFileError):
            raise
        raise ModelFileError(f"{path}: unreadable CRFsuite model ({exc})") from exc


def _crfsuite(path: Path, data: bytes) -> CrfWeights:
    if data[:4] != b"lCRF" or data[8:12] != b"FOMC":
        raise ModelFileError(f"{path}: not a first-order CRFsuite model")
    (_version, _nfeat, n_labels, n_attrs, off_features, off_labels, off_attrs,
     _off_labelrefs, _off_attrrefs) = struct.unpack_from("<9I", data, 12)
    if data[off_features:off_features + 4] != b"FEAT":
        raise ModelFileError(f"{path}: no feature chunk")
    (count,) = struct.unpack_from("<I", data, off_features + 8)
    features = numpy.frombuffer(data, dtype=_FEATURE, count=count, offset=off_features + 12)
    labels = _cqdb_strings(data, off_labels)
    attributes = _cqdb_strings(data, off_attrs)
    if len(labels) != n_labels or len(attributes) != n_attrs:
        raise ModelFileError(f"{path}: label or attribute count does not match the header")
    state = numpy.zeros((n_attrs, n_labels))
    transition = numpy.zeros((n_labels, n_labels))
    kinds = features["type"]
    if not numpy.isin(kinds, (0, 1)).all():
        raise ModelFileError(f"{path}: unknown feature type")
    st, tr = features[kinds == 0], features[kinds == 1]
    if (st["src"] >= n_attrs).any() or (st["dst"] >= n_labels).any() or (tr["src"] >= n_labels).any() \
            or (tr["dst"] >= n_labels).any():
        raise ModelFileError(f"{path}: a feature points outside the attributes or labels")
    state[st["src"], st["dst"]] = st["weight"]
    transition[tr["src"], tr["dst"]] = tr["weight"]
    return CrfWeights(tuple(labels), {a: i for i, a in enumerate(attributes)}, state, transition)


# opcodes of pickle protocols 2-5 that can occur in a pickled list or set of str, and nothing else
_PROTO, _FRAME, _STOP, _MARK = 0x80, 0x95, ord("."), ord("(")
_EMPTY = {0x8F, ord("]")}                      # EMPTY_SET, EMPTY_LIST
_ADD = {0x90, ord("e"), ord("a")}              # ADDITEMS, APPENDS, APPEND
_PUT = {ord("q"): 1, ord("r"): 4}              # BINPUT, LONG_BINPUT: index bytes
_GET = {ord("h"): 1, ord("j"): 4}              # BINGET, LONG_BINGET
_MEMOIZE = 0x94
_STR = {0x8C: 1, ord("X"): 4, 0x8D: 8}         # SHORT_BINUNICODE, BINUNICODE, BINUNICODE8: length bytes


def pickled_strings(path: Path) -> list[str]:
    """The strings of a pickled list or set of str, read opcode by opcode without unpickling.

    Raises :class:`ModelFileError` at the first opcode that does anything else."""
    data = Path(path).read_bytes()
    try:
        return _strings(data)
    except (IndexError, KeyError, UnicodeDecodeError) as exc:
        raise ModelFileError(f"{path}: not a pickled list or set of strings ({exc!r})") from exc
    except ModelFileError as exc:
        raise ModelFileError(f"{path}: {exc}") from exc


def _strings(data: bytes) -> list[str]:
    out: list[str] = []
    memo: dict[int, str | None] = {}
    last: str | None = None      # the object on top of the stack: a string, or None for the container
    pos, end = 0, len(data)
    while pos < end:
        op = data[pos]
        pos += 1
        if op == 0x8C:   # SHORT_BINUNICODE, by far the most frequent: its own short path
            size = data[pos]
            last = data[pos + 1:pos + 1 + size].decode("utf-8")
            if pos + 1 + size > end:
                raise ModelFileError("a string runs past the end")
            out.append(last)
            pos += 1 + size
        elif op == _MEMOIZE:
            memo[len(memo)] = last
        elif op in _STR:
            width = _STR[op]
            size = int.from_bytes(data[pos:pos + width], "little")
            pos += width
            if pos + size > end:
                raise ModelFileError("a string runs past the end")
            last = data[pos:pos + size].decode("utf-8")
            out.append(last)
            pos += size
        elif op in _PUT:
            memo[int.from_bytes(data[pos:pos + _PUT[op]], "little")] = last
            pos += _PUT[op]
        elif op in _GET:
            last = memo[int.from_bytes(data[pos:pos + _GET[op]], "little")]
            pos += _GET[op]
            if last is None:
                raise ModelFileError("a container is put into itself")
            out.append(last)
        elif op in _EMPTY:
            last = None
        elif op in _ADD or op == _MARK:
            pass
        elif op == _FRAME:
            pos += 8
        elif op == _PROTO:
            pos += 1
        elif op == _STOP:
            return out
        else:
            raise ModelFileError(f"opcode {op:#x} at byte {pos - 1} is not part of a list or set of strings")
    raise ModelFileError("truncated (no STOP opcode)")
