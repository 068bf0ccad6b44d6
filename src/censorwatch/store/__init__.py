"""censorwatch.store: arrives with its own issue."""
