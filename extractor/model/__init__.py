"""The topic and statement-kind classifiers, one job per module.

* :mod:`~extractor.model.paths`: where models live (the shipped ones are package data);
* :mod:`~extractor.model.runtime`: the :class:`Model` that predicts, and the decision rule;
* :mod:`~extractor.model.load`: reading a model directory (checksums, trusted types, versions);
* :mod:`~extractor.model.config`, :mod:`~extractor.model.build`, :mod:`~extractor.model.train`:
  hyper-parameters, the scikit-learn pipelines, training and cross-validation;
* :mod:`~extractor.model.metrics`, :mod:`~extractor.model.assess`: thresholds and metrics;
* :mod:`~extractor.model.save`: writing a model directory (skops + runtime arrays + meta.json).

Extraction imports only ``paths``, ``runtime`` and ``load`` (no scikit-learn, no skops when the
model has a runtime file). This package module imports nothing, so importing one part never
imports the others.

A model directory ``models/<name>/`` holds ``topics.skops`` (feature string -> probability of each
label of the model's label set: word uni/bi-grams + char_wb 2-5 grams, one-vs-rest linear SVM with
sigmoid calibration), ``kind.skops`` (the same features -> recommendation / response / none),
``runtime.npz`` (the exact numpy form of both, see :mod:`extractor.fastlinear`), ``meta.json``
(labels, per-label thresholds, data digest and sizes, library versions, metrics, creation date)
and ``MODEL_CARD.md``. Decision rule for topics: every label whose calibrated probability reaches
its threshold; the fallback label (``other``, when the set has it) when none does.
"""
