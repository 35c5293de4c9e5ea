"""Terraform types of Backup for VPC."""
