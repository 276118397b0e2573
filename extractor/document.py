"""The Document value object: one input, its canonical text and where it came from."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field


@dataclass(frozen=True)
class Document:
    """One input document.

    ``text`` is the canonical text: the decoded file content in Unicode NFC and nothing
    else changed (line endings, spacing and punctuation are kept). Every character offset
    the extractor emits refers to this string.
    """

    id: str
    text: str
    path: str
    format: str
    sha256: str
    title: str | None = None
    notes: tuple[str, ...] = field(default_factory=tuple)

    def to_dict(self) -> dict:
        d = asdict(self)
        d["notes"] = list(self.notes)
        return d

    @classmethod
    def from_dict(cls, d: dict) -> "Document":
        d = dict(d)
        d["notes"] = tuple(d.get("notes") or ())
        return cls(**d)

    @property
    def source(self) -> dict:
        return {"path": self.path, "sha256": self.sha256, "format": self.format}
