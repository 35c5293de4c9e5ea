"""Documented defaults the generic engine fills in when a client omits a property (IBM's VPC API
reference), through the official SDK."""

from __future__ import annotations

from ibm_vpc.vpc_v1 import IKEPolicy, IPsecPolicy


def test_an_ike_policy_made_without_key_lifetime_has_28800_seconds(vpc):
    made = vpc.create_ike_policy(authentication_algorithm="sha256", dh_group=14, encryption_algorithm="aes256",
                                 ike_version=2, name="ike-default").get_result()
    got = vpc.get_ike_policy(id=made["id"]).get_result()
    IKEPolicy.from_dict(got)
    assert (made["key_lifetime"], got["key_lifetime"]) == (28800, 28800)


def test_an_ipsec_policy_made_without_key_lifetime_has_3600_seconds(vpc):
    made = vpc.create_ipsec_policy(authentication_algorithm="sha256", encryption_algorithm="aes256",
                                   pfs="group_14", name="ipsec-default").get_result()
    got = vpc.get_ipsec_policy(id=made["id"]).get_result()
    IPsecPolicy.from_dict(got)
    assert (made["key_lifetime"], got["key_lifetime"]) == (3600, 3600)


def test_an_ike_policy_keeps_the_key_lifetime_its_client_gives(vpc):
    made = vpc.create_ike_policy(authentication_algorithm="sha256", dh_group=14, encryption_algorithm="aes256",
                                 ike_version=2, key_lifetime=1800, name="ike-given").get_result()
    assert vpc.get_ike_policy(id=made["id"]).get_result()["key_lifetime"] == 1800
