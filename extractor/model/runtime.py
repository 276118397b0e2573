"""The :class:`Model` that predicts topics and statement kinds at run time."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from extractor.errors import ModelError
from extractor.features import text_features
from extractor.labels import KINDS, SHIPPED_LABELS, fallback_for
from extractor.model.metrics import decide

# Feature strings on which the numpy fast path must reproduce scikit-learn before it is used.
PROBES = [
    "", "đề_nghị thành_phố bổ_sung biên_chế cho phường .", "sở tài_chính cho_biết đã bố_trí 0 tỷ đồng",
    "cần sớm kết_nối cơ_sở dữ_liệu dùng_chung", "tập_huấn an_toàn thông_tin cho cán_bộ , công_chức",
    "hội_nghị đã tổng_hợp 0 kiến_nghị của cử_tri", "xin cảm_ơn chủ_tọa", "ông tiếp_thu và sẽ chỉ_đạo sửa đường",
]


class Model:
    """A topic model (and optionally a kind model) with its label set and metadata.

    ``labels`` is the model's label set, in the order of the probability columns; ``fallback`` the
    label given when none passes its threshold (None: no label). ``topics`` / ``kind`` are the fitted
    scikit-learn pipelines (feature string -> probabilities); ``topics_run`` / ``kind_run`` are what
    predicts: the pipelines themselves, or their exact numpy form (:mod:`extractor.fastlinear`). A model
    loaded from a directory with a runtime file predicts with that form and reads the skops pipelines
    only if asked for them, so extraction never imports scikit-learn or skops.
    """

    def __init__(self, topics, thresholds: dict[str, float], kind=None, meta: dict | None = None,
                 path: Path | None = None, *, labels: tuple[str, ...] | None = None, topics_run=None,
                 kind_run=None, loader=None):
        self._topics, self._kind = topics, kind
        self.labels = tuple(labels) if labels is not None else tuple(thresholds) or SHIPPED_LABELS
        self.fallback = fallback_for(self.labels)
        self.thresholds = thresholds
        self.meta = meta if meta is not None else {}
        self.path = path
        self._loader = loader          # name -> pipeline, for pipelines not loaded yet
        self.topics_run = topics_run if topics_run is not None else topics
        self.kind_run = kind_run if kind_run is not None else kind

    @property
    def topics(self):
        if self._topics is None and self._loader is not None:
            self._topics = self._loader("topics")
        return self._topics

    @property
    def kind(self):
        if self._kind is None and self._loader is not None and self.kind_run is not None:
            self._kind = self._loader("kind")
        return self._kind

    @property
    def has_kind(self) -> bool:
        return self.kind_run is not None or self._kind is not None

    def use_fast_path(self) -> None:
        """Predict with the exact numpy form of the linear models when it reproduces scikit-learn."""
        from extractor.fastlinear import fast_proba

        self.topics_run = fast_proba(self.topics, PROBES)
        if self.kind is not None:
            self.kind_run = fast_proba(self.kind, PROBES)

    @property
    def name(self) -> str:
        return self.meta.get("name") or (self.path.name if self.path else "unsaved")

    # -- topics
    def topic_proba(self, features: list[str]) -> np.ndarray:
        """Probabilities (n x labels, in ``labels`` order) for feature strings."""
        if not features:
            return np.zeros((0, len(self.labels)))
        P = np.asarray(self.topics_run.predict_proba(features), dtype=float)
        return np.clip(P, 0.0, 1.0)

    def decide(self, P: np.ndarray) -> np.ndarray:
        fallback = self.labels.index(self.fallback) if self.fallback else None
        return decide(P, np.array([self.thresholds[l] for l in self.labels]), fallback)

    def classify_features(self, features: list[str]) -> list[tuple[list[str], dict[str, float]]]:
        """(labels, scores) per feature string."""
        P = self.topic_proba(features)
        Y = self.decide(P)
        return [([l for j, l in enumerate(self.labels) if Y[i, j]],
                 {l: round(float(P[i, j]), 4) for j, l in enumerate(self.labels)}) for i in range(len(features))]

    def predict_topics(self, texts: list[str]) -> list[tuple[list[str], dict[str, float]]]:
        """(labels, scores) for raw sentences (segmented with underthesea)."""
        return self.classify_features([text_features(t) for t in texts])

    # -- kinds
    def kind_proba_features(self, features: list[str]) -> list[dict[str, float]]:
        if not self.has_kind:
            raise ModelError(f"{self.path or self.name}: this model has no statement-kind classifier")
        if not features:
            return []
        P = self.kind_run.predict_proba(features)
        classes = list(self.kind_run.classes_)
        return [{k: round(float(P[i, classes.index(k)]), 4) if k in classes else 0.0 for k in KINDS}
                for i in range(len(features))]

    def predict_kind(self, texts: list[str]) -> list[dict[str, float]]:
        """For each sentence, the probability of recommendation / response / none."""
        return self.kind_proba_features([text_features(t) for t in texts])
