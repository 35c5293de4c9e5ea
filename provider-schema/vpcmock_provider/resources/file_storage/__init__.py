"""Terraform types of file storage: shares."""
