"""S3's errors: an ApiError whose code is S3's (`NoSuchBucket`, ...), which the S3 routes send
in S3's XML shape (`<Error><Code/><Message/><Resource/><RequestId/></Error>`). Codes, statuses
and messages follow the S3 API reference's error table, which IBM COS follows."""

from __future__ import annotations

from vpcmock.errors import ApiError


class S3Error(ApiError):
    def __init__(self, status: int, code: str, message: str, resource: str = "", **extra: str):
        super().__init__(status, code, message)
        self.resource = resource
        self.extra = extra  # further elements of <Error> (BucketName, Key, ArgumentName, ...)


def no_such_bucket(name: str) -> S3Error:
    return S3Error(404, "NoSuchBucket", "The specified bucket does not exist.", f"/{name}", BucketName=name)


def no_such_key(bucket: str, key: str) -> S3Error:
    return S3Error(404, "NoSuchKey", "The specified key does not exist.", f"/{bucket}/{key}", Key=key)


def invalid_argument(message: str, name: str = "", value: str = "", resource: str = "") -> S3Error:
    extra = {"ArgumentName": name, "ArgumentValue": value} if name else {}
    return S3Error(400, "InvalidArgument", message, resource, **extra)


def malformed_xml(resource: str = "") -> S3Error:
    return S3Error(400, "MalformedXML",
                   "The XML you provided was not well-formed or did not validate against our published schema.",
                   resource)
