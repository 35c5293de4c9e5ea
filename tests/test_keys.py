"""/keys through the ibm-vpc SDK: real OpenSSH keys parsed as the API shows them."""

import pytest
from ibm_cloud_sdk_core import ApiException

from conftest import api_error

# Made with ssh-keygen; the fingerprints are what `ssh-keygen -l` prints for them.
RSA_2048 = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQCJoRinHYt9gHzwUaFSc4zDRHwENM1MWgV7xzWEETb8n+iObUW9A7heN5OzsygBZQE51HPL6Ql6fMKACMH0eDWwiHVkeewnJTTlSHjOPQJaa6nKhiybjBdgfe4aEoWaRV6KKDdsH4tCywCKgg6YHc6Fm+bdQc5SvW8g4VtCL6/dyJ2dxDxiw81V0rFQ7VDWxUMRdIlzUSV2+AfCT0hyLa1XRvEI0Jy4+Q7AmKrDf7RtgO9XNU5pBYt7PCGHE3kaoAqQf7V0st6U4tyzHKbsMjSrzUhZzP0O+2znojurXJARsZQha1eRI/JvdT1Ebnup+I6JxA3t3AOYdZ+GGpMlnzaX test"
RSA_FINGERPRINT = "SHA256:Dcv20mKy/RYSsNegPxtZALM+MeBJcsFrHqtTVthiJ6k"
ED25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKS9TfIkPfq3C7gEcALyWwLs+bEzlB3NuTnwLnHgPHju test"
ED25519_FINGERPRINT = "SHA256:58eE6ZF7AcfhgE9MukZ8e5kQvJHF6G+kHl+CfeKf5c4"
RSA_1024 = "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQCyMaIVB1beucKStko196DAJ1nflmr7fiyPrjQDBnSxTxl1J7iSru8+MXLguP1VKyrKgu7jSELV6Cn+2dUGta/LT6Yd2O4AfwumArJMVaiUTvF14DkMJ/QHFS7Lz1xRKyQeXDRlY3Fg5S+0AM4M7SvuzGmV7U0l/sVyq8nszPpvQw== root@vm"


def test_an_rsa_key_shows_its_fingerprint_length_and_type(vpc):
    key = vpc.create_key(public_key=RSA_2048, name="admin").get_result()
    assert (key["fingerprint"], key["length"], key["type"]) == (RSA_FINGERPRINT, 2048, "rsa")
    assert key["public_key"] == " ".join(RSA_2048.split()[:2])


def test_an_ed25519_key_is_256_bits(vpc):
    key = vpc.create_key(public_key=ED25519, name="ops", type="ed25519").get_result()
    assert (key["fingerprint"], key["length"], key["type"]) == (ED25519_FINGERPRINT, 256, "ed25519")


@pytest.mark.parametrize("public_key", ["ssh-rsa not-base64!", "ssh-dss AAAAB3NzaC1kc3M=", RSA_1024,
                                        "ssh-ed25519 " + RSA_2048.split()[1]])
def test_a_malformed_or_weak_key_is_refused(vpc, public_key):
    with pytest.raises(ApiException) as raised:
        vpc.create_key(public_key=public_key, name="bad")
    assert api_error(raised.value) == (400, "key_invalid_public_key")


def test_a_type_other_than_the_keys_is_refused(vpc):
    with pytest.raises(ApiException) as raised:
        vpc.create_key(public_key=RSA_2048, name="mixed", type="ed25519")
    assert api_error(raised.value) == (400, "key_type_mismatch")


def test_the_same_key_twice_is_a_conflict(vpc):
    vpc.create_key(public_key=RSA_2048, name="first")
    with pytest.raises(ApiException) as raised:
        vpc.create_key(public_key=RSA_2048, name="second")
    assert api_error(raised.value) == (409, "key_duplicate")


def test_a_key_is_listed_renamed_and_deleted(vpc):
    key = vpc.create_key(public_key=ED25519, name="ops").get_result()
    assert [k["name"] for k in vpc.list_keys().get_result()["keys"]] == ["ops"]
    assert vpc.update_key(id=key["id"], key_patch={"name": "ops-2"}).get_result()["name"] == "ops-2"
    vpc.delete_key(id=key["id"])
    with pytest.raises(ApiException) as raised:
        vpc.get_key(id=key["id"])
    assert api_error(raised.value) == (404, "key_not_found")
