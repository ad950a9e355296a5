"""Signatures and trusted timestamps over a sealed folder's `manifest.json`.

A manifest proves that files match it; it cannot prove who wrote it or when, because
whoever edits a file can rebuild the manifest too. An OpenSSH `SSHSIG` signature
(`manifest.json.sig`) names the key that sealed it, an RFC 3161 token
(`manifest.json.tsr`) the moment it existed; both are checkable with stock OpenSSH
and OpenSSL, without this tool.
"""
