"""Presser: a searchable web archive of press Q&A sessions."""
