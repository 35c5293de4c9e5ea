"""Terraform types of the network and the region catalogue: zones, regions, SSH keys."""
