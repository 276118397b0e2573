"""Loading a trained sequence model and tagging the sentences of a document.

A model directory (``models/statements-v1``) holds ``statements.crfsuite`` (CRFsuite's own binary
format: weights only, read by CRFsuite's C code, nothing is unpickled or executed) and ``meta.json``
(labels, training data, metrics, the file's sha256). The file's sha256 is checked on load, so a
changed or truncated file is refused with one :class:`~extractor.errors.ModelError`.
"""

from __future__ import annotations

import hashlib
import heapq
import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from extractor.errors import ModelError

MODEL_FILE = "statements.crfsuite"
WEIGHTS_FILE = "state_features.npz"  # the model's state-feature weights as plain arrays (attributes, labels, matrix)


def save_state_features(tagger, path: Path) -> str:
    """Write a CRFsuite model's state-feature weights as plain arrays (no pickle); returns the file's sha256."""
    import numpy as np

    table: dict[str, dict[str, float]] = {}
    for (attr, label), w in tagger.info().state_features.items():
        table.setdefault(attr, {})[label] = w
    labels = sorted({lab for row in table.values() for lab in row})
    attrs = sorted(table)
    matrix = np.array([[table[a].get(lab, 0.0) for lab in labels] for a in attrs], dtype=np.float64)
    blob = lambda words: np.frombuffer("\n".join(words).encode("utf-8"), dtype=np.uint8)  # noqa: E731
    with path.open("wb") as fh:
        np.savez_compressed(fh, attrs=blob(attrs), labels=blob(labels), weights=matrix)
    return hashlib.sha256(path.read_bytes()).hexdigest()


def load_state_features(path: Path, sha256: str | None):
    """(attributes, labels, weight matrix) from :func:`save_state_features`'s file, or None when it is absent or
    its sha256 is not the one meta.json names (then the weights are read from the model itself)."""
    import numpy as np

    if not sha256 or not path.is_file() or hashlib.sha256(path.read_bytes()).hexdigest() != sha256:
        return None
    with np.load(path, allow_pickle=False) as z:
        words = lambda key: z[key].tobytes().decode("utf-8").split("\n")  # noqa: E731
        return words("attrs"), words("labels"), z["weights"]
LABELS = ("recommendation", "response", "none")


def default_path() -> Path:
    from extractor.model.paths import STATEMENTS_NAME, shipped_model_path

    return shipped_model_path(STATEMENTS_NAME)


@dataclass(frozen=True)
class Tag:
    """The model's decision for one sentence, with its evidence."""

    kind: str | None                 # "recommendation" | "response" | None
    probability: float               # marginal probability of the chosen label
    scores: dict[str, float]         # marginal probability of each label
    features: tuple[tuple[str, float], ...]  # the features that weighed most for the chosen label
    how: str = "model"               # model | rules_kept | model_added | model_dropped | model_flipped


class SequenceModel:
    def __init__(self, path: Path):
        import pycrfsuite

        meta_path = path / "meta.json"
        model_path = path / MODEL_FILE
        if not model_path.is_file() or not meta_path.is_file():
            raise ModelError(f"{path}: not a statement model directory (needs {MODEL_FILE} and meta.json)")
        try:
            self.meta = json.loads(meta_path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise ModelError(f"{meta_path}: cannot read ({exc})") from exc
        digest = hashlib.sha256(model_path.read_bytes()).hexdigest()
        if digest != self.meta.get("sha256"):
            raise ModelError(f"{model_path}: sha256 {digest[:12]}... does not match meta.json; refusing to load it")
        self.name = self.meta.get("name", path.name)
        self.path = path
        self.tagger = pycrfsuite.Tagger()
        try:
            self.tagger.open(str(model_path))
        except Exception as exc:  # CRFsuite's own error on a file it cannot read
            raise ModelError(f"{model_path}: not a CRFsuite model ({exc})") from exc
        self.labels = tuple(self.tagger.labels())
        self.threshold = float(self.meta.get("threshold", 0.5))
        self.combine = self.meta.get("combine")
        if self.combine is not None:
            needed = {"add_recommendation", "add_response", "drop", "flip"}
            by_rule = self.combine.get("drop_by_rule", {}) if isinstance(self.combine, dict) else None
            numbers = {k: v for k, v in self.combine.items() if k != "drop_by_rule"} if isinstance(self.combine, dict) \
                else {}
            if not isinstance(self.combine, dict) or not needed <= set(numbers) <= needed | {"drop_weak"} or not all(
                    _probability(v) for v in numbers.values()) or not isinstance(by_rule, dict) or not all(
                    isinstance(k, str) and _probability(v) for k, v in by_rule.items()):
                raise ModelError(f"{meta_path}: combine must set {sorted(needed)} (and may set drop_weak, and "
                                 "drop_by_rule: rule id -> number) to numbers in (0, 1.01]")
        if not 0.0 < self.threshold <= 1.0:
            raise ModelError(f"{meta_path}: threshold must be in (0, 1], got {self.threshold!r}")
        self._weights: dict[str, dict[str, float]] | None = None
        self._weights_file = path / WEIGHTS_FILE

    @property
    def weights(self) -> dict[str, dict[str, float]]:
        """The state features' weights (attribute -> label -> weight), for the evidence of each decision: from the
        plain arrays saved beside the model (``state_features.npz``, checked against meta.json's sha256), else
        read once from the CRFsuite model's dump (half a second)."""
        if self._weights is None:
            arrays = load_state_features(self._weights_file, self.meta.get("state_features_sha256"))
            if arrays is None:
                self._weights = {}
                for (attr, label), w in self.tagger.info().state_features.items():
                    if w:
                        self._weights.setdefault(attr, {})[label] = w
            else:
                attrs, labels, matrix = arrays
                rows = ((a, {lab: float(w) for lab, w in zip(labels, row) if w}) for a, row in zip(attrs, matrix))
                self._weights = {a: row for a, row in rows if row}
        return self._weights

    def decide(self, scores: dict[str, float], rule_kind: str | None, rule: str | None = None) -> tuple[str, str]:
        """The label of one sentence from its marginals and the cue rules' kind, and how it was reached.

        ``combine`` in meta.json (the shipped setting, chosen on held-out documents): the rules'
        statement stands unless the model is sure it is not one (P(none) >= ``drop``) or sure it is
        of the other kind (>= ``flip``) — for the weakest rules (:data:`WEAK_RULES`: a verb of answering, a modal
        alone) sure enough from ``drop_weak`` when it is set, and for a rule listed in ``drop_by_rule`` (rule id ->
        probability) from its own figure; a sentence the rules leave out becomes a statement when the
        model's probability of its likelier kind's being a statement reaches ``add_recommendation``
        or ``add_response``. Without ``combine``: a statement when 1 - P(none) >= ``threshold``.
        """
        kinds = [lab for lab in self.labels if lab != "none"]
        best = max(kinds, key=lambda lab: scores[lab])
        c = self.combine
        if c is None:
            return (best, "model") if 1.0 - scores.get("none", 0.0) >= self.threshold else ("none", "model")
        if rule_kind:
            drop = c.get("drop_weak", c["drop"]) if rule in WEAK_RULES else c["drop"]
            drop = c.get("drop_by_rule", {}).get(rule, drop)
            if scores.get("none", 0.0) >= drop:
                return "none", "model_dropped"
            other = next((k for k in kinds if k != rule_kind), None)
            if other is not None and scores.get(other, 0.0) >= c["flip"]:
                return other, "model_flipped"
            return rule_kind, "rules_kept"
        if 1.0 - scores.get("none", 0.0) >= c[f"add_{best}"]:
            return best, "model_added"
        return "none", "rules_kept"

    def tag(self, features: list[dict[str, float]], rule_kinds: list[str | None] | None = None,
            top: int = 3, rules: list[str | None] | None = None) -> list[Tag]:
        if not features:
            return []
        rule_kinds = rule_kinds or [None] * len(features)
        rules = rules or [None] * len(features)
        self.tagger.set(features)
        self.tagger.tag()
        out = []
        marginal, weights = self.tagger.marginal, self.weights
        for i, f in enumerate(features):
            scores = {lab: round(marginal(lab, i), 4) for lab in self.labels}
            label, how = self.decide(scores, rule_kinds[i], rules[i])
            strongest = ()
            if label != "none":  # the evidence is kept for statements only (records are made of them)
                contrib = heapq.nlargest(top, ((k, v * weights.get(k, {}).get(label, 0.0)) for k, v in f.items()),
                                         key=lambda kv: abs(kv[1]))
                strongest = tuple((k, round(w, 3)) for k, w in contrib if w)
            out.append(Tag(None if label == "none" else label, scores[label], scores, strongest, how))
        return out


def _probability(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool) and 0.0 < v <= 1.01


# the rules whose statements are the weakest evidence (bench/statement_cv.py): a verb of answering ("cho biết",
# "khẳng định" ... with a speaker), a modal alone ("cần", "phải")
WEAK_RULES = frozenset({"response_verb", "modal"})


@lru_cache(maxsize=4)
def cached_sequence_model(path: str | None = None) -> SequenceModel:
    return SequenceModel(Path(path) if path else default_path())
