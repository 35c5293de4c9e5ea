"""File storage: shares, their files, and replication."""
