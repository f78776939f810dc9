"""The demo: its networks, branches and accounts (accounts.py), and a year of made-up
activity for the reports (activity.py, also the benchmarks' data generator). Never part
of a real site's data path: only `flask lms demo` and bench/ use it."""
