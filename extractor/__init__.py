"""Extract recommendations and responses from Vietnamese meeting documents."""

__version__ = "0.1.0"
SCHEMA_VERSION = "1.1"  # records: 1.0 plus responds_to / answered_by (additive)

__all__ = ["__version__", "SCHEMA_VERSION"]
