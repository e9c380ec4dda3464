"""The tantivy engine: a Rust search library, embedded in one folder; for a million answers."""
