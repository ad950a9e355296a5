"""The names that every sealed folder and every stage that reads one agree on."""

# The file that seals a folder: written last, it lists the SHA-256 of every other file.
MANIFEST_NAME = "manifest.json"
# The collector's checkpoint folder, beside the data while a collection is resumable;
# neither the snapshot's seal nor `auditor verify` covers it.
CHECKPOINT_DIR = ".partial"
# A manifest's `kind`: what the folder it seals is.
SNAPSHOT_KIND = "snapshot"
BUNDLE_KIND = "bundle"
