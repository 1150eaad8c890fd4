"""The audit trail benchmark (issue #2), run by bench/bench_audit.py.

generate.py: the generated, hash-chained trail; figures.py: the timed figures.
"""
