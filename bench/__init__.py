"""The load benchmark (``make bench``): see ``bench/run.py`` and ``docs/benchmarks.md``."""
