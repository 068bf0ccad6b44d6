"""censorwatch.ui: arrives with its own issue."""
