"""Foundation benchmarks (not part of the timed test suite); see bench/README.md."""
