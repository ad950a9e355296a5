"""`python -m auditor` runs the same command line as the `auditor` script."""

from auditor.cli import process_main

process_main()
