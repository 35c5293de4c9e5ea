"""The VPC's check of a customer-managed key (`encryption_key` of a volume, an instance's boot
or data volume): a Key Protect root key the account can use, as the real VPC refuses a volume
whose key does not exist, is not a root key or cannot be used (Block Storage unwraps the
volume's data key with it when it creates the volume).

Only keys of Key Protect instances the mock holds can be checked: a CRN naming an instance the
mock does not hold (a key in a real account, a made-up CRN in a test or an example, the CRN of
a stored `ibm_kms_key`) is accepted unchecked, as before Key Protect was served.
"""

from __future__ import annotations

from vpcmock.engine.core.context import Ctx
from vpcmock.engine.platform.key_protect import instances, keys
from vpcmock.errors import bad_field


def check_root_key(ctx: Ctx, crn: str, where: str) -> None:
    parts = crn.split(":") if isinstance(crn, str) else []
    if len(parts) != 10 or parts[4] != instances.SERVICE or parts[8] != "key" or not parts[7]:
        return  # not a Key Protect key CRN of an instance: nothing here can check it
    guid, key_id = parts[7], parts[9]
    if instances.held(ctx, guid) is None:
        return
    key = ctx.store.get(keys.TABLE, key_id)
    if key is None or key.get("_account") != ctx.account or key["_instance"] != guid or \
            key["state"] == keys.DESTROYED:
        raise bad_field("encryption_key_not_found", f"The encryption key {crn} does not exist in Key Protect "
                        f"instance {guid}", where, crn)
    if key["extractable"]:
        raise bad_field("encryption_key_invalid", f"The encryption key {crn} is a standard key: volumes are "
                        "encrypted with a root key", where, crn)
    state = keys.state_of(ctx, key)
    if state != keys.ACTIVE:
        raise bad_field("encryption_key_invalid", f"The encryption key {crn} cannot be used: its state is {state} "
                        "(1, active, is needed)", where, crn)
