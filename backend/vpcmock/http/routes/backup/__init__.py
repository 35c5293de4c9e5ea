"""Routes of Backup for VPC: /backup_policies, their plans and jobs."""
