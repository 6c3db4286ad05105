"""Synthetic data for the demo region and the benchmarks: plain Python, no ORM (see people.py)."""
