"""Identities in request bodies name a resource by id, CRN or href."""

from vpcmock.engine.refs import identity_id


def test_identity_by_id_is_the_id():
    assert identity_id({"id": "r006-abc"}) == "r006-abc"


def test_identity_by_crn_is_its_last_segment():
    assert identity_id({"crn": "crn:v1:bluemix:public:is:us-south:a/acct::snapshot:r006-abc"}) == "r006-abc"


def test_identity_by_href_is_its_last_path_part():
    assert identity_id({"href": "https://us-south.iaas.cloud.ibm.com/v1/volumes/r006-abc/"}) == "r006-abc"


def test_empty_identity_names_nothing():
    assert identity_id({}) == ""
