"""Routes of file storage: /shares and their snapshots."""
