"""The network: SSH keys (and, next, VPCs and subnets)."""
