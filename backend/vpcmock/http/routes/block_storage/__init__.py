"""Routes of block storage: /volumes, /instances, /snapshots and consistency groups."""
