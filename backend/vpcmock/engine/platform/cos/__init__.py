"""Cloud Object Storage: buckets and their objects (the S3 API, http/routes/platform/cos/s3.py)
and each bucket's resource configuration (http/routes/platform/cos/config.py).

Buckets live in table `cos_buckets` (id: the bucket's name, unique across the whole mock as
bucket names are across IBM COS), objects in `cos_objects` (id `<bucket>/<key>`, indexed by
`_bucket`), multipart uploads in `cos_uploads` (indexed by `_bucket`) and their parts' bodies
in `cos_parts`. All are global documents (region "global") of
the owning account; the bucket records its location.
"""
