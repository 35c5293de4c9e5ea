"""Terraform types of the platform: user tags, and every other IBM type as a stored resource."""
