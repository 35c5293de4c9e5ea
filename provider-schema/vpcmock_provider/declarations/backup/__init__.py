"""Declarations (the IBM schema plus what is written by hand) of Backup for VPC."""
