"""Batch processing: stream documents through the pipeline, in parallel, resumably.

The parts, one job each:

* :mod:`extractor.batch.options`: the run's options and statistics, its errors, the settings that decide
  whether a run can be resumed, the inputs as work items, the progress bar;
* :mod:`extractor.batch.engine`: the :class:`~extractor.batch.engine.Engine` protocol (``map(items)`` ->
  outcomes in input order) and the local engine (worker processes);
* :mod:`extractor.batch.dask_engine`: the same protocol on a Dask cluster;
* :mod:`extractor.batch.journal`: the durable record of what is done (one resume format for every engine);
* :mod:`extractor.batch.run`: the one run loop: journal, progress, statistics and the atomic output.
"""

from extractor.batch.options import (BatchInterrupted, BatchOptions, BatchStats, WorkerDied, excluding_outputs,
                                     settings_of)
from extractor.batch.run import run_batch

__all__ = ["BatchInterrupted", "BatchOptions", "BatchStats", "WorkerDied", "excluding_outputs", "run_batch",
           "settings_of"]
