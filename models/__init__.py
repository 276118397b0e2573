"""The shipped models: installed with the package as ``extractor.shipped_models`` (package data,
see setup.cfg), found through ``extractor.model.paths.shipped_model_path``."""
