"""Every answer goes through its declared shape (http/schemas/): a field the engine makes that
the shape does not declare fails loudly, never vanishes from the answer."""

import pytest

from vpcmock.errors import ApiError
from vpcmock.http.common import dump
from vpcmock.http.schemas import network, platform


def test_a_declared_answer_is_sent_whole():
    region = {"cross_region_copy": True, "endpoint": "https://us-south.iaas.cloud.ibm.com",
              "href": "/us-south/v1/regions/us-south", "name": "us-south", "status": "available"}
    assert dump(network.REGION, region) == region


def test_an_undeclared_field_fails_the_answer_with_its_name():
    with pytest.raises(ApiError) as error:
        dump(network.REGION, {"name": "us-south", "secret_field": 1})
    assert (error.value.status, error.value.message) == (
        500, "The answer has fields its declared shape Region lacks: secret_field")


def test_the_items_of_a_collection_are_checked_through_their_own_shape():
    with pytest.raises(ApiError) as error:
        dump(platform.TAG_RESULTS, {"results": [{"resource_id": "crn:x", "is_error": False, "extra": 1}]})
    assert error.value.message == "The answer has fields its declared shape TagResultsItem lacks: extra"


def test_engine_private_fields_are_left_out():
    assert dump(network.ZONE, {"name": "us-south-1", "_account": "a"}) == {"name": "us-south-1"}
