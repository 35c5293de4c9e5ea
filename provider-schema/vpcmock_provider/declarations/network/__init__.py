"""Declarations of the network types: SSH keys."""
