"""censorwatch.export: arrives with its own issue."""
