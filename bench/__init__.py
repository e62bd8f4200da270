"""`make bench`: the portal measured at city scale against Django's own /healthz.

Run as `python -m bench` (see bench/__main__.py and the README's "Benchmark" section).
The package is outside the apps' dependency chain: it reads and writes every app's models
to build data and measure, and no app imports it.
"""
