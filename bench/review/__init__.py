"""The review report benchmark (issue #6), run by bench/bench_review_report.py.

partnership.py: the partnership and the shape of its data; generate.py: incidents and
messages, and what is missing generated once; cooperation.py: agreements, activities,
conferences and joint cases; figures.py: the timed reports.
"""
