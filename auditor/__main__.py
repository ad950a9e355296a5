"""`python -m auditor` runs the same command line as the `auditor` script."""

from auditor.cli import process_main

# Only when run: the entry point ends the process (`cli_exit`), which an import, by a
# documentation tool or a test collector, must not.
if __name__ == "__main__":
    process_main()
