"""The learned statement decision: a linear-chain CRF over the sentences of a document.

* :mod:`extractor.sequence.features` turns each sentence, with what the rules and the speaker
  stage found in it and around it, into a feature dict;
* :mod:`extractor.sequence.runtime` loads a trained model (a CRFsuite file, never a pickle)
  and tags a document, with the probability and the weightiest features of each decision;
* :mod:`extractor.sequence.train` builds the training sequences from gold documents and trains.
"""
