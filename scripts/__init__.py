"""Command-line scripts (run as files; importable for the benchmarks that reuse them)."""
