"""Benchmarks and load tests: `make bench`, `make load` (docs/benchmarks.md)."""
