"""The IBM provider's ValidateFuncs, as far as the reference states them, as checks.

Direct validators carry their values (``validate.ValidateAllowedStringValues([]string{...})``,
``validate.ValidateAllowedRangeInt(1, 12)``, ``validation.StringInSlice``). Most attributes use
``validate.InvokeValidator("<type>", "<identifier>")``, whose rule sits in a table of the Go
source that the reference does not carry; for those, the rules the VPC API states for every type
are applied by identifier: names of VPC resources, user tags and access tags. Any other
identifier is left to the API (the choice is written here because the reference is silent).
"""

from __future__ import annotations

import re

from vpcmock_provider.fields import Check, int_between, matches, one_of

# The VPC API's rule for resource names (every ibm_is_* name validator of the IBM provider).
VPC_NAME = matches(r"(?=.{1,63}$)([a-z]|[a-z][-a-z0-9]*[a-z0-9])",
                   "1 to 63 lowercase letters, digits and hyphens, starting with a letter and not ending with a hyphen")
# The IBM provider's user tag rule ("tags" validators): 1 to 128 of letters, digits, space, _ . - :
USER_TAG = matches(r"(?=.{1,128}$)[A-Za-z0-9:_ .-]+", "1 to 128 letters, digits, spaces and the characters _ . - :")
ACCESS_TAG = matches(r"(?=.{1,128}$)[A-Za-z0-9_.-]([A-Za-z0-9_ .-]*[A-Za-z0-9_.-])?:[A-Za-z0-9_.-]([A-Za-z0-9_ .-]*[A-Za-z0-9_.-])?",
                     "an access tag key:value of letters, digits, spaces and _ . -")


def _strings(text: str) -> tuple[str, ...]:
    return tuple(re.findall(r'"([^"]*)"', text))


def check_of(validate_func: str | None, attribute: str) -> Check | None:
    """The check for an attribute's ValidateFunc text, or None when the reference does not say."""
    if not validate_func:
        return None
    allowed = re.match(r"(?:validate\.ValidateAllowedStringValues|validation\.StringInSlice|"
                       r"validate\.ValidateAllowedPolicyType)\((\[\]string\{[^}]*\})", validate_func)
    if allowed:
        return one_of(*_strings(allowed.group(1)))
    ranged = re.match(r"validate\.(?:ValidateAllowedRangeInt|ValidatePortRange)\((-?\d+), (-?\d+)\)", validate_func)
    if ranged:
        return int_between(int(ranged.group(1)), int(ranged.group(2)))
    if validate_func == "validate.ValidateISName":
        return VPC_NAME
    invoked = re.match(r'validate\.Invoke(?:DataSource)?Validator\("([^"]+)", "([^"]+)"\)', validate_func)
    if invoked:
        type_name, identifier = invoked.groups()
        if identifier in ("accesstag", "access_tag", "access_tags"):
            return ACCESS_TAG
        if identifier in ("tags", "tag", "user_tags"):
            return USER_TAG
        if type_name.startswith("ibm_is_") and (identifier == "name" or identifier.endswith("_name")) \
                and "Data" not in validate_func:
            return VPC_NAME
    return None
