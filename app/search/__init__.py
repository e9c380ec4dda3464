"""Full-text search: the Whoosh schema, the document mapping, and the index on disk."""
