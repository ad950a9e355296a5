"""Collect a Freshdesk account over its REST API into a snapshot directory.

One HTTP layer: `client.py` (the httpx client and error translation), `pagination.py`
(the one pagination routine), `ratelimit.py` (the one rate governor); `collector.py`
puts them together and `checkpoint.py` makes a run resumable after any interruption.
"""
