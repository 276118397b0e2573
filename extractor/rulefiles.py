"""Loading and validating the rule files a linguist edits (YAML under ``extractor/resources``).

Every file is loaded with ``yaml.safe_load`` and checked on load; a bad file raises
:class:`~extractor.errors.ConfigError` naming the file and the failing entry.
:class:`PhraseSet` matches phrases as whole syllables over the normalised view, longest first.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources as _res
from pathlib import Path
from typing import Any, Iterable, Iterator

import yaml

from extractor.errors import ConfigError
from extractor.normalise import norm_phrase

RESOURCE_PACKAGE = "extractor"


def resource_path(name: str) -> Path:
    return Path(str(_res.files(RESOURCE_PACKAGE).joinpath("resources", name)))


# libyaml's safe loader when PyYAML was built with it (several times faster on the larger rule files, which are
# read at every start-up), else the pure-Python one: the same documents either way
_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


@lru_cache(maxsize=None)
def load_yaml(name: str | Path) -> dict:
    """Load one rule file (a name inside the package resources, or a path)."""
    path = Path(name) if isinstance(name, Path) or "/" in str(name) else resource_path(str(name))
    try:
        with open(path, encoding="utf-8") as fh:
            data = yaml.load(fh, Loader=_SAFE_LOADER)
    except FileNotFoundError:
        raise ConfigError(f"{path}: rule file not found") from None
    except yaml.YAMLError as exc:
        raise ConfigError(f"{path}: not valid YAML: {exc}") from None
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: the top level must be a mapping, got {type(data).__name__}")
    if data.get("version") != 1:
        raise ConfigError(f"{path}: 'version: 1' is required, got {data.get('version')!r}")
    return data


def require(data: dict, key: str, kind: type | tuple, where: str) -> Any:
    if key not in data:
        raise ConfigError(f"{where}: missing key {key!r}")
    value = data[key]
    if not isinstance(value, kind):
        names = kind.__name__ if isinstance(kind, type) else "/".join(k.__name__ for k in kind)
        raise ConfigError(f"{where}: {key!r} must be {names}, got {type(value).__name__}")
    return value


def string_list(data: dict, key: str, where: str, *, allow_empty: bool = False) -> list[str]:
    values = require(data, key, list, where)
    if not values and not allow_empty:
        raise ConfigError(f"{where}: {key!r} must not be empty")
    for i, v in enumerate(values):
        if not isinstance(v, str) or not v.strip():
            raise ConfigError(f"{where}: {key}[{i}] must be a non-empty string, got {v!r}")
    return values


@dataclass(frozen=True)
class Match:
    start: int
    end: int
    phrase: str  # the phrase as written in the rule file


def phrase_pattern(phrases: Iterable[str]) -> str:
    """One regular expression for many phrases, factored by their common beginnings.

    At every branch the longer continuations are tried before the phrase that ends there, so the
    first match is the longest phrase that matches, as with an alternation of the phrases longest
    first, and ``re`` no longer tries every phrase at every position. No phrase starts inside a
    word: the test comes after the first character (``(?<!\w.)``), which keeps ``re``'s quick scan
    for the characters phrases start with (together about 2x faster on the cue lists). A space in a
    phrase matches any run of spaces. The phrases are matched as written (normalise them first)."""
    trie: dict = {}
    for phrase in phrases:
        node = trie
        for ch in phrase:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict, first: bool = False) -> str:
        alts = [(r"\s+" if ch == " " else re.escape(ch)) + (r"(?<!\w.)" if first else "") + emit(child)
                for ch, child in sorted(node.items()) if ch]
        if not alts:
            return ""
        if "" in node:
            return "(?:" + "|".join(alts) + ")?"  # greedy: the continuation first, then the end here
        return alts[0] if len(alts) == 1 else "(?:" + "|".join(alts) + ")"

    return emit(trie, first=True)


class PhraseSet:
    """Whole-syllable phrase matching over the normalised view, longest phrase first.

    ``"chủ tịch"`` does not match inside ``"phó chủ tịch"`` when both are listed, because
    the longer phrase wins at the same end; and no phrase matches inside a longer word.
    Spaces in a phrase match any run of spaces in the text.
    """

    def __init__(self, phrases: Iterable[str], *, name: str = "phrases"):
        self.name = name
        self._by_norm: dict[str, str] = {}
        for p in phrases:
            n = norm_phrase(p)
            if not n:
                raise ConfigError(f"{name}: empty phrase {p!r}")
            self._by_norm.setdefault(n, p)
        ordered = sorted(self._by_norm, key=lambda s: (-len(s), s))
        # match_at is called at every syllable of a sentence: a phrase can only start there if the
        # text's first two characters begin some phrase (phrases of one character, or with a space
        # second, are kept by their first character alone, since spaces match any run of spaces)
        self._first2 = {n[:2] for n in ordered if len(n) > 1 and not n[1].isspace()}
        self._first1 = {n[0] for n in ordered if len(n) == 1 or n[1].isspace()}
        self._regex = re.compile(rf"(?:{phrase_pattern(ordered)})(?![\w])") if ordered else None

    def __len__(self) -> int:
        return len(self._by_norm)

    def __contains__(self, phrase: str) -> bool:
        return norm_phrase(phrase) in self._by_norm

    def finditer(self, view: str, start: int = 0, end: int | None = None) -> Iterator[Match]:
        if self._regex is None:
            return
        end = len(view) if end is None else end
        for m in self._regex.finditer(view, start, end):
            key = " ".join(m.group(0).split())
            yield Match(m.start(), m.end(), self._by_norm.get(key, key))

    def search(self, view: str, start: int = 0, end: int | None = None) -> Match | None:
        return next(self.finditer(view, start, end), None)

    def prefixes(self) -> tuple[frozenset, frozenset]:
        """(two-character, one-character) prefixes a phrase can start with, for callers that test
        several phrase sets at once (see :meth:`may_start`)."""
        return frozenset(self._first2), frozenset(self._first1)

    def may_start(self, word: str) -> bool:
        """False when no phrase can start with ``word`` (a quick test before :meth:`match_at`)."""
        return word[:2] in self._first2 or word[:1] in self._first1

    def match_at(self, view: str, pos: int, end: int | None = None) -> Match | None:
        """A phrase starting exactly at ``pos``."""
        if self._regex is None or (view[pos:pos + 2] not in self._first2 and view[pos:pos + 1] not in self._first1):
            return None
        m = self._regex.match(view, pos, len(view) if end is None else end)
        if not m:
            return None
        key = " ".join(m.group(0).split())
        return Match(m.start(), m.end(), self._by_norm.get(key, key))


def compile_regex(pattern: str, where: str) -> re.Pattern:
    try:
        return re.compile(pattern)
    except re.error as exc:
        raise ConfigError(f"{where}: invalid regular expression {pattern!r}: {exc}") from None
