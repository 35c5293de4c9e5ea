"""Cloud Object Storage: the S3 API (s3*.py, XML, at /cos) and the resource configuration API
(config.py, JSON, at /cos-config/v1), over the buckets of engine/platform/cos."""
