"""The report bundle: HTML for people, CSV for reviewers, JSON and GraphML for tools."""
