"""Terraform types of block storage: volumes, instances, attachments and snapshots."""
