"""Hyper-parameters of one training run (all stored in meta.json)."""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True)
class TrainConfig:
    """Hyper-parameters of one training run (all stored in meta.json)."""

    seed: int = 0
    classifier: str = "svm"            # "svm" (LinearSVC + sigmoid calibration) or "lr"
    C: float = 1.0                     # SVM C (LogisticRegression uses 20 * C)
    word_ngrams: tuple[int, int] = (1, 2)
    char_ngrams: tuple[int, int] = (2, 5)
    char_min_df: int = 2
    word_min_df: int = 2
    max_word_features: int | None = 20000
    max_char_features: int | None = 20000
    validation_fraction: float = 0.2    # used when threshold_folds < 2
    threshold_folds: int = 3           # thresholds from out-of-fold predictions on the training split
    calibration_folds: int = 3
    cv_folds: int = 5                  # 0: no cross-validation
    train_kind: bool = True

    def __post_init__(self):
        if self.classifier not in ("svm", "lr"):
            raise ValueError(f"classifier must be 'svm' or 'lr', got {self.classifier!r}")
        if not 0 < self.validation_fraction < 1:
            raise ValueError(f"validation_fraction must be in (0, 1), got {self.validation_fraction!r}")
        if self.C <= 0:
            raise ValueError(f"C must be positive, got {self.C!r}")

    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, d: dict) -> "TrainConfig":
        known = {k: v for k, v in d.items() if k in cls.__dataclass_fields__}
        for k in ("word_ngrams", "char_ngrams"):
            if k in known:
                known[k] = tuple(known[k])
        return cls(**known)
