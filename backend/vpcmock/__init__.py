"""vpcmock: a local emulator of IBM Cloud Backup for VPC."""

__version__ = "0.1.0"
