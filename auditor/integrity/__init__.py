"""What makes evidence trustworthy: atomic writes, strict JSON, sealed manifests and the
checks `auditor verify` runs on a snapshot or bundle."""
