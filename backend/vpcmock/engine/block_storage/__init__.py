"""Block storage: volumes and their simulated data, instances and attachments,
snapshots with their deletion, fast restore clones and cross-region copies."""
