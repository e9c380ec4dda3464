"""The Whoosh engine: pure Python, embedded in one folder; the default for a small archive."""
