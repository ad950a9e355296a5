"""Quarter over quarter: what changed since the baseline snapshot, who the identity provider
says has left, and whether last quarter's review decisions were carried out."""
