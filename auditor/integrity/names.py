"""The names that every sealed folder and every stage that reads one agree on."""

# The file that seals a folder: written last, it lists the SHA-256 of every other file.
MANIFEST_NAME = "manifest.json"
# A signature and a timestamp of the manifest (auditor/signing/) sit beside it, unlisted:
# they are made over the finished manifest, so it cannot name them.
MANIFEST_SIGNATURE = f"{MANIFEST_NAME}.sig"
MANIFEST_TIMESTAMP = f"{MANIFEST_NAME}.tsr"
# The collector's checkpoint folder, beside the data while a collection is resumable;
# neither the snapshot's seal nor `auditor verify` covers it.
CHECKPOINT_DIR = ".partial"
# A manifest's `kind`: what the folder it seals is.
SNAPSHOT_KIND = "snapshot"
BUNDLE_KIND = "bundle"
# The newest `schema_version` of each kind of manifest this auditor writes (and verifies).
SNAPSHOT_SCHEMA_VERSION = 1
BUNDLE_SCHEMA_VERSION = 1
