"""A client that retries on 503, tested against a mock told to fail twice first."""

from ibm_cloud_sdk_core import ApiException


def list_volume_names(vpc) -> list[str]:
    """The code under test: the official SDK with its retries on (IBM's own retry policy)."""
    vpc.enable_retries(max_retries=3, retry_interval=0.01)
    return [volume["name"] for volume in vpc.list_volumes().get_result()["volumes"]]


def test_the_client_rides_out_two_503s(vpcmock):
    vpc = vpcmock.vpc()
    vpc.create_volume({"name": "data", "capacity": 10, "profile": {"name": "sdp"}, "zone": {"name": "us-south-1"}})
    vpcmock.faults.add(method="GET", path="/v1/volumes", status=503, code="service_unavailable", count=2)
    assert list_volume_names(vpc) == ["data"]
    assert [e["reason"]["code"] for e in vpcmock.events(action="vpcmock.fault.inject")] == \
        ["service_unavailable", "service_unavailable"]


def test_without_retries_the_first_503_reaches_the_caller(vpcmock):
    vpcmock.faults.add(method="GET", path="/v1/volumes", status=503, code="service_unavailable", count=1)
    try:
        vpcmock.vpc().list_volumes()
    except ApiException as exc:
        assert exc.status_code == 503
    else:
        raise AssertionError("the 503 was not raised")
