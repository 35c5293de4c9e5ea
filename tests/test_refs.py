"""Identities in request bodies name a resource by id, CRN or href; paths inside a share."""

import pytest

from vpcmock.engine.core.refs import identity_id
from vpcmock.engine.file_storage.share_files import normal_path
from vpcmock.errors import ApiError


def test_identity_by_id_is_the_id():
    assert identity_id({"id": "r006-abc"}) == "r006-abc"


def test_identity_by_crn_is_its_last_segment():
    assert identity_id({"crn": "crn:v1:bluemix:public:is:us-south:a/acct::snapshot:r006-abc"}) == "r006-abc"


def test_identity_by_href_is_its_last_path_part():
    assert identity_id({"href": "https://us-south.iaas.cloud.ibm.com/v1/volumes/r006-abc/"}) == "r006-abc"


def test_empty_identity_names_nothing():
    assert identity_id({}) == ""


def test_a_share_file_path_is_relative_to_the_share():
    assert normal_path("/etc/app.conf") == "etc/app.conf"


@pytest.mark.parametrize("path", ["a/../../b", "..", "a/./b", "", "a//b"])
def test_a_share_file_path_may_not_climb_out_or_hold_empty_parts(path):
    with pytest.raises(ApiError) as raised:
        normal_path(path)
    assert raised.value.code == "share_file_path_invalid"
