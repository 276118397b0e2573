"""The scikit-learn parts of a model: TF-IDF features and the calibrated linear classifiers."""

from __future__ import annotations

import numpy as np

from extractor.features import char_text, word_tokens
from extractor.model.config import TrainConfig


def _features(config: TrainConfig):
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import FeatureUnion

    word = TfidfVectorizer(analyzer="word", tokenizer=word_tokens, token_pattern=None, lowercase=False,
                           ngram_range=tuple(config.word_ngrams), sublinear_tf=True, dtype=np.float64,
                           min_df=config.word_min_df, max_features=config.max_word_features)
    char = TfidfVectorizer(analyzer="char_wb", preprocessor=char_text, lowercase=False,
                           ngram_range=tuple(config.char_ngrams), sublinear_tf=True, dtype=np.float64,
                           min_df=config.char_min_df, max_features=config.max_char_features)
    return FeatureUnion([("word", word), ("char", char)])


def _base_classifier(config: TrainConfig, calibration_folds: int):
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression
    from sklearn.svm import LinearSVC

    if config.classifier == "svm" and calibration_folds >= 2:
        return CalibratedClassifierCV(LinearSVC(C=config.C, random_state=config.seed), cv=calibration_folds,
                                      method="sigmoid", ensemble=False)
    # too few examples of some class to calibrate by cross-validation (or asked for LR)
    return LogisticRegression(C=20 * config.C, max_iter=3000, random_state=config.seed)


def _calibration_folds(Y: np.ndarray, wanted: int) -> int:
    """Folds the calibration can use: each class of each trained column needs that many rows."""
    counts = []
    for j in range(Y.shape[1]):
        pos = int(Y[:, j].sum())
        if 0 < pos < len(Y):
            counts.extend([pos, len(Y) - pos])
    return min([wanted] + counts) if counts else wanted


def topic_classifier(config: TrainConfig, Y: np.ndarray):
    """One-vs-rest over the labels (the classifier step of the topic pipeline)."""
    from sklearn.multiclass import OneVsRestClassifier

    return OneVsRestClassifier(_base_classifier(config, _calibration_folds(Y, config.calibration_folds)))


def kind_classifier(config: TrainConfig, y: list[str]):
    """recommendation / response / none (the classifier step of the kind pipeline)."""
    counts = [y.count(k) for k in set(y)]
    return _base_classifier(config, min([config.calibration_folds] + counts))


def fit_features(X: list[str], config: TrainConfig):
    """Fit the word + char TF-IDF features once on the training sentences: (features, matrix)."""
    feats = _features(config)
    M = feats.fit_transform(X)
    compact_features(feats)
    return feats, M.tocsr()


def compact_features(union):
    """Make fitted features small on disk: vocabularies map to plain ints (skops would
    store every numpy scalar as a file of its own), and the dropped-terms list goes."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    for _, vec in getattr(union, "transformer_list", []):
        if isinstance(vec, TfidfVectorizer) and hasattr(vec, "vocabulary_"):
            vec.vocabulary_ = {str(k): int(v) for k, v in vec.vocabulary_.items()}
            if hasattr(vec, "stop_words_"):
                vec.stop_words_ = None
    return union
