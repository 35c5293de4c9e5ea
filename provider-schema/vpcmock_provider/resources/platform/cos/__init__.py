"""The ibm_cos_bucket types, through the S3 and resource configuration APIs the mock serves (s3.py:
the calls, XML and ids they share)."""
