"""The sample account "Acme Support", as data and as the files `make_sample.py` writes."""
