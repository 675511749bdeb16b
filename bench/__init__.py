"""Benchmarks: scripts that print figures. Run by hand, never as timed tests."""
