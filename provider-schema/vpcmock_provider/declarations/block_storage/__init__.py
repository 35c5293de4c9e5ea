"""Declarations (the IBM schema plus what is written by hand) of block storage: volumes, instances, attachments and snapshots."""
