"""Extract recommendations and responses from Vietnamese meeting documents."""

__version__ = "0.1.0"
SCHEMA_VERSION = "1.0"

__all__ = ["__version__", "SCHEMA_VERSION"]
