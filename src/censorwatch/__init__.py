"""censorwatch: watch which services your internet blocks, how, and since when."""

__version__ = "0.1.0"
