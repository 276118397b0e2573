"""An exact numpy form of the fitted linear classifiers, for prediction at run time.

scikit-learn's ``predict_proba`` on one-vs-rest calibrated linear models costs a fixed
~10 ms per call (input validation, one call per label and fold), which dominates the
topic and kind steps when a document has a handful of statements. The fitted models are
linear: a decision ``X @ w + b`` per output, then a sigmoid calibration
``expit(-(a * d + c))`` (or a logistic ``expit(d)``). :class:`LinearProba` reads those
numbers from the fitted estimators and computes the same probabilities with two sparse
products.

It is only used when :func:`fast_proba` can read every estimator and reproduces
scikit-learn's probabilities on probe inputs (to 1e-9); otherwise the caller keeps the
scikit-learn pipeline. Nothing is saved in this form: model files stay skops files.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


def _expit(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


@dataclass
class _Output:
    """One probability column: sigmoid-calibrated or logistic decision of one linear model."""

    row: int            # row of the stacked weight matrix
    a: float | None     # sigmoid calibration expit(-(a*d + c)); None = logistic expit(d)
    c: float


def _binary_outputs(est, W: list, b: list) -> _Output:
    """The positive-class output of a binary calibrated or logistic estimator."""
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.linear_model import LogisticRegression

    if isinstance(est, CalibratedClassifierCV):
        (cc,) = est.calibrated_classifiers_
        lin = cc.estimator
        (cal,) = cc.calibrators
        W.append(np.asarray(lin.coef_).ravel())
        b.append(float(np.ravel(lin.intercept_)[0]))
        return _Output(len(W) - 1, float(cal.a_), float(cal.b_))
    if isinstance(est, LogisticRegression):
        W.append(np.asarray(est.coef_).ravel())
        b.append(float(np.ravel(est.intercept_)[0]))
        return _Output(len(W) - 1, None, 0.0)
    raise TypeError(type(est).__name__)


class LinearProba:
    """``predict_proba`` of a fitted (features, classifier) pipeline in numpy."""

    def __init__(self, features, W: np.ndarray, b: np.ndarray, outputs: list[_Output], normalise: bool,
                 classes: list):
        self.features = features
        self.W = W            # (d, k) dense
        self.b = b
        self.outputs = outputs
        self.normalise = normalise
        self.classes_ = classes

    def predict_proba(self, texts: list[str]) -> np.ndarray:
        X = self.features.transform(texts)
        D = np.asarray(X @ self.W) + self.b
        P = np.empty((D.shape[0], len(self.outputs)))
        for j, o in enumerate(self.outputs):
            d = D[:, o.row]
            P[:, j] = _expit(d) if o.a is None else _expit(-(o.a * d + o.c))
        if self.normalise:
            s = P.sum(axis=1, keepdims=True)
            P = np.divide(P, s, out=np.full_like(P, 1.0 / P.shape[1]), where=s != 0)
        P[(P > 1.0) & (P <= 1.0 + 1e-5)] = 1.0
        return P

    @classmethod
    def from_pipeline(cls, pipe) -> "LinearProba":
        from sklearn.calibration import CalibratedClassifierCV
        from sklearn.multiclass import OneVsRestClassifier

        features, clf = pipe.steps[0][1], pipe.steps[-1][1]
        W: list = []
        b: list = []
        if isinstance(clf, OneVsRestClassifier) and clf.multilabel_:
            outputs = [_binary_outputs(est, W, b) for est in clf.estimators_]
            normalise = False
        elif isinstance(clf, CalibratedClassifierCV) and len(clf.classes_) > 2:
            (cc,) = clf.calibrated_classifiers_
            lin = cc.estimator
            coef, inter = np.asarray(lin.coef_), np.ravel(lin.intercept_)
            if list(lin.classes_) != list(clf.classes_) or len(cc.calibrators) != len(clf.classes_):
                raise TypeError("classes out of order")
            outputs = []
            for k, cal in enumerate(cc.calibrators):
                W.append(coef[k])
                b.append(float(inter[k]))
                outputs.append(_Output(len(W) - 1, float(cal.a_), float(cal.b_)))
            normalise = True
        else:
            raise TypeError(type(clf).__name__)
        return cls(features, np.vstack(W).T, np.asarray(b), outputs, normalise, list(clf.classes_))


def fast_proba(pipe, probes: list[str]):
    """A :class:`LinearProba` for ``pipe`` if it reproduces scikit-learn on ``probes``, else ``pipe``."""
    try:
        fast = LinearProba.from_pipeline(pipe)
        if np.allclose(fast.predict_proba(probes), pipe.predict_proba(probes), rtol=0, atol=1e-9):
            return fast
    except (AttributeError, TypeError, ValueError):
        pass
    return pipe
