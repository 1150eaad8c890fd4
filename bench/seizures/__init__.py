"""The seizure ledger benchmark (issue #5), run by bench/bench_seizures.py.

generate.py: the generated ledger and its roll-up; figures.py: the timed figures.
"""
