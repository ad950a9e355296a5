"""The files an analysis reads besides the snapshot: the policy, the identity-provider
roster, the previous quarter's review and the baseline snapshot."""
