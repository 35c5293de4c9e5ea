"""Backup for VPC itself: policies and plans, their schedules and fires, the jobs and
backups a fire makes, retention, and a policy's health."""
