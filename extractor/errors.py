"""The exception hierarchy: library code raises these, the CLI turns them into messages."""

from __future__ import annotations


class ExtractorError(Exception):
    """Base class of every error this package raises on purpose."""


class InputError(ExtractorError):
    """An input file cannot be read as a document. The message names the file and the reason."""

    def __init__(self, path: str, reason: str):
        self.path = str(path)
        self.reason = reason
        super().__init__(f"{self.path}: {reason}")


class ConfigError(ExtractorError):
    """A rule or resource file is invalid. The message names the file and the failing entry."""


class ModelError(ExtractorError):
    """A model directory is missing, corrupt, or not loadable with trusted types."""
