"""The success status of each operation. The Python SDKs do not state it (their methods return
whatever the server answers), so it is derived: a convention by method and by whether the SDK
declares a response body, and the operations the API defines otherwise, listed by name.
``StatusRule`` is that rule; this module holds the VPC API's, ``platform_statuses`` the others'.

Source of the VPC list: the success status the IBM API definition gives each operation, as IBM's
generated Java SDK unit tests mock it (IBM/vpc-java-sdk, VpcTest.java at 0.29.0, API definition of
2026-03-24: each ``test<Operation>WOptions`` sets the response code). With this list, the table
agrees with those tests for all 464 operations they cover; the 14 operations newer than them
(software attachments, VPN gateway members, bare metal server capacities, instance
reinitialization) follow the convention. The Go SDK's generated examples (IBM/vpc-go-sdk,
vpc_v1_examples_test.go, definition of 2025-03-10) expect the same for 293 of the 311 operations
they cover; the 18 others (load balancer, snapshot, image, placement group and VPN connection
deletions answered 204 there, PUTs of CIDRs and bindings) are taken from the newer definition.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class StatusRule:
    """A convention by (method, the SDK declares a response body), the operations listed apart
    from it, and where both come from."""

    source: str
    convention: dict[tuple[str, bool], int]
    exceptions: dict[str, int]

    def status(self, operation_id: str, method: str, has_response: bool) -> tuple[int, str]:
        """The success status of an operation, and where it came from (`listed` or `convention`)."""
        if operation_id in self.exceptions:
            return self.exceptions[operation_id], "listed"
        return self.convention[(method, has_response)], "convention"

    def describe(self) -> dict:
        """The rule, written into the table beside the statuses it gave."""
        return {
            "convention": {f"{method} {'with' if body else 'without'} response body": code
                           for (method, body), code in sorted(self.convention.items())},
            "listed": {str(code): sorted(op for op, listed in self.exceptions.items() if listed == code)
                       for code in sorted(set(self.exceptions.values()))},
            "source": self.source,
        }


SOURCE = ("IBM/vpc-java-sdk modules/vpc/src/test/java/com/ibm/cloud/is/vpc/v1/VpcTest.java "
          "(0.29.0, API definition 2026-03-24), cross-checked with IBM/vpc-go-sdk "
          "vpcv1/vpc_v1_examples_test.go")

# (method, the SDK declares a response body) -> status
CONVENTION = {
    ("GET", True): 200,
    ("GET", False): 200,
    ("PATCH", True): 200,
    ("POST", True): 201,  # creates a resource, answered with it
    ("POST", False): 204,  # an action with nothing to answer
    ("PUT", True): 201,  # binds or replaces, answered with what it made
    ("PUT", False): 204,
    ("DELETE", True): 202,  # deletion accepted, answered with the resource while it is deleting
    ("DELETE", False): 204,
}

# operation id -> status, where the API definition departs from the convention
EXCEPTIONS = {
    # deletions that complete asynchronously, accepted with no body
    **dict.fromkeys([
        "delete_bare_metal_server", "delete_bare_metal_server_network_attachment", "delete_image",
        "delete_image_export_job", "delete_instance_network_attachment", "delete_load_balancer",
        "delete_load_balancer_listener", "delete_load_balancer_listener_policy",
        "delete_load_balancer_listener_policy_rule", "delete_load_balancer_pool",
        "delete_load_balancer_pool_member", "delete_placement_group", "delete_share_source",
        "delete_snapshot", "delete_snapshot_clone", "delete_snapshots", "delete_volume_job",
        "delete_vpn_gateway", "delete_vpn_gateway_connection", "delete_vpn_server",
        "delete_vpn_server_client", "delete_vpn_server_route",
    ], 202),
    # actions accepted to run asynchronously
    **dict.fromkeys(["activate_reservation", "cancel_volume_job", "disconnect_vpn_client", "failover_share"], 202),
    # POSTs that create nothing addressable: the answer is a token
    **dict.fromkeys(["create_bare_metal_server_console_access_token", "create_instance_console_access_token"], 200),
    # PUTs answered 200
    **dict.fromkeys([
        "add_network_interface_floating_ip", "add_virtual_network_interface_ip", "create_security_group_target_binding",
        "create_snapshot_clone", "replace_bare_metal_server_initialization", "replace_load_balancer_pool_members",
    ], 200),
    # PUTs adding a CIDR to a VPN connection: created, with no body
    **dict.fromkeys(["add_vpn_gateway_connections_local_cidr", "add_vpn_gateway_connections_peer_cidr"], 201),
    # GETs that answer whether a CIDR is there: 204 when it is (404 when not)
    **dict.fromkeys([
        "check_vpn_gateway_advertised_cidr", "check_vpn_gateway_connections_local_cidr",
        "check_vpn_gateway_connections_peer_cidr",
    ], 204),
}


VPC = StatusRule(SOURCE, CONVENTION, EXCEPTIONS)
status = VPC.status
describe = VPC.describe
