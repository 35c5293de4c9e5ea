"""Every collection the generic engine serves, exercised through the official SDK from the API
table alone: a minimal valid prototype built from its model (the required properties, the
simplest variant, references to resources made first, in dependency order), created, read and
listed, each answer parsed by the SDK model the table names (`from_dict` refuses an answer
lacking a required property)."""

from __future__ import annotations

import inspect
import itertools
import keyword

import pytest
from ibm_cloud_sdk_core import ApiException
from ibm_vpc import vpc_v1

from conftest import UBUNTU, sdk_client, start_server
from vpcmock import api_table
from vpcmock.config import Settings
from vpcmock.engine.generic import collections, models, references
from vpcmock.http.app import create_app
from vpcmock.http.generic_served import served
from vpcmock.images import image_id
from vpcmock.runtime import Runtime

SSH_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIKS9TfIkPfq3C7gEcALyWwLs+bEzlB3NuTnwLnHgPHju generated"
ZONE = "us-south-1"


APP = create_app(Runtime.open(Settings(state_path=None, scheduler=False)))
CREATABLE = sorted(key for kind, key, verb in (v for v in served(APP).values() if v[0] == "collection")
                   if verb == "create")


class World:
    """One member of each collection, made on demand with whatever it needs made first."""

    def __init__(self, vpc, zone: str = ZONE, image: str = UBUNTU):
        self.vpc, self.zone, self.image = vpc, zone, image
        self.east: World | None = None  # where what IBM offers only in us-east and eu-de is made
        self.made: dict[str, tuple[list[str], dict]] = {}
        self.order: list[tuple[str, tuple[list[str], dict]]] = []  # all made, single-target ones included
        self.names = itertools.count(1)
        self.making: list[str] = []

    def member(self, key: str) -> tuple[list[str], dict]:
        """(path ids of the member, its answer)"""
        if self.east is not None and in_east(key):
            return self.east.member(key)
        if key not in self.made:
            assert key not in self.making, f"a cycle of required references: {self.making + [key]}"
            self.making.append(key)
            try:
                self.made[key] = self._make(key)
                self.order.append((key, self.made[key]))
            finally:
                self.making.pop()
        return self.made[key]

    def _make(self, key: str) -> tuple[list[str], dict]:
        if key in EMULATED:
            return [], EMULATED[key](self)
        c = collections.collection(key)
        parent_ids = []
        if c.parent:
            # An instance has network interfaces or network attachments, never both (the API
            # refuses an attachment on an instance with interfaces): its attachments' parent is
            # an instance made with a primary network attachment.
            ids, parent = self.member(PARENTS.get(key, c.parent))
            parent_ids = ids + [parent["id"]]
        op = api_table.operation(c.ops["create"])
        body = self.body(op["body"], c.model)
        result = call(self.vpc, c.ops["create"], op, parent_ids, body)
        return parent_ids, result

    def sdk(self, key: str):
        """The client of the region `key`'s members are made in."""
        return self.east.vpc if self.east is not None and in_east(key) else self.vpc

    # -- prototypes from the table ------------------------------------------------------------

    def body(self, schema: dict, answer: str | None = None) -> dict:
        if schema.get("model"):
            return self.obj(schema["model"])
        # A spread argument takes the enum of the answer's property (the SDK's arguments carry none).
        enums = {name: (models.schema_of(answer, name) or {}).get("enum") for name in schema["properties"]} \
            if answer else {}
        body = {name: self.value(name, {**s, "enum": enums[name]} if enums.get(name) and s.get("type") == "string"
                                 else s)
                for name, s in schema["properties"].items() if s.get("required")}
        for name, identity in NEEDED.get(answer, {}).items():
            body[name] = self.identity(identity, references.target_of(identity))
        return body

    def obj(self, model: str) -> dict:
        leaf = simplest(model, avoid={collections.collection(key).model for key in self.making})
        target = references.target_of(leaf)
        if target:
            return self.identity(leaf, target)
        body = {name: self.value(name, s) for name, s in models.properties(leaf).items() if s.get("required")}
        body.update(models.discriminated(leaf))  # the discriminator's values that select this variant
        return body

    def identity(self, leaf: str, target: str) -> dict:
        (key,) = models.required(leaf) or ("name",)
        if target == "Zone":
            return {"name": self.zone}
        if target == "Region":
            return {"name": self.zone.rsplit("-", 1)[0]}
        if target == "ResourceGroup":
            return {"id": self.vpc.get_vpc(id=self.member("vpcs")[1]["id"]).get_result()["resource_group"]["id"]}
        owners = [c for c in collections.for_model(target) if c.creatable or c.key in EMULATED]
        if not owners:
            return {"name": CATALOGUE.get(target, "sample")}
        # A virtual network interface has one target (IBM refuses a second): each referrer its own.
        if target in SINGLE_TARGET:
            made = self._make(owners[0].key)
            self.order.append((owners[0].key, made))
            _, doc = made
        else:
            _, doc = self.member(owners[0].key)
        return {key: doc[key]}

    def value(self, name: str, schema: dict):
        kind = schema["type"]
        if schema.get("enum"):
            return schema["enum"][0]
        if kind == "object":
            return self.obj(schema["model"]) if schema.get("model") else {}
        if kind == "array":
            items = schema.get("items") or {}
            return [self.value(name, items)]
        if kind == "integer":
            return INTEGERS.get(name, 1)
        if kind == "boolean":
            return False
        if kind == "number":
            return 1
        return STRINGS.get(name) or (f"gen-{next(self.names)}" if name == "name" else "sample")


SINGLE_TARGET = {"VirtualNetworkInterface"}
# What a spread body needs that its arguments do not say are required: a virtual network
# interface's subnet ("required if primary_ip does not specify a reserved IP").
NEEDED = {"VirtualNetworkInterface": {"subnet": "SubnetIdentityById"},
          "ClusterNetworkInterface": {"subnet": "ClusterNetworkSubnetIdentityById"}}


def in_east(key: str) -> bool:
    """Cluster networks and what is in them: IBM offers their profiles in us-east and eu-de only."""
    return key.startswith("cluster_networks") or key == "instances.cluster_network_attachments"


def simplest(model: str, avoid=frozenset()) -> str:
    """The variant with the fewest required properties, an identity by id first, and none that
    needs a resource of a type being made (an instance template from a source template)."""
    # hipersocket interfaces are for s390x bare metal servers only, and every profile is amd64
    leaves = tuple(leaf for leaf in models.leaves(model) if "HiperSocket" not in leaf)
    by_id = [leaf for leaf in leaves if leaf.endswith("ById") or "IdentityById" in leaf]
    if by_id:
        return by_id[0]
    return min(leaves, key=lambda leaf: (needs(leaf, avoid), len(models.required(leaf))))


def needs(leaf: str, avoid) -> bool:
    for name in models.required(leaf):
        schema = models.properties(leaf)[name]
        inner = schema.get("model") or (schema.get("items") or {}).get("model")
        if inner and any(references.target_of(m) in avoid for m in (inner,) + models.leaves(inner)):
            return True
    return False


STRINGS = {"cidr": "10.10.0.0/24", "cidr_block": "10.10.0.0/24", "destination": "192.168.0.0/24",
           "source": "10.240.0.0/24", "address": "10.240.0.9", "peer_address": "169.21.50.5",
           "public_key": SSH_KEY, "psk": "lkj14b1oi0alcniejkso", "cron_spec": "0 * * * *",
           "service": "is", "value": "sample", "type": "sample", "class": "bx2"}
INTEGERS = {"port": 80, "port_min": 1, "port_max": 65535, "capacity": 10, "weight": 50, "priority": 1,
            "delay": 5, "max_retries": 2, "timeout": 2, "key_lifetime": 28800, "total_ipv4_address_count": 64}
CATALOGUE = {"InstanceProfile": "bx2-2x8", "VolumeProfile": "general-purpose", "ShareProfile": "dp2",
             "DedicatedHostProfile": "bx2-host-152x608", "OperatingSystem": "ubuntu-24-04-amd64",
             "BareMetalServerProfile": "bx2-metal-96x384", "ClusterNetworkProfile": "hopper-1"}


def _vpc(world):
    return world.vpc.create_vpc(name=f"gen-vpc-{next(world.names)}").get_result()


def _subnet(world):
    vpc = world.member("vpcs")[1]
    return world.vpc.create_subnet({"vpc": {"id": vpc["id"]}, "zone": {"name": world.zone},
                                    "total_ipv4_address_count": 256}).get_result()


def _instance(world):
    subnet = world.member("subnets")[1]
    return world.vpc.create_instance({"profile": {"name": "bx2-2x8"}, "zone": {"name": world.zone},
                                      "image": {"id": world.image},
                                      "primary_network_interface": {"subnet": {"id": subnet["id"]}}}).get_result()


def _attached_instance(world):
    subnet = world.member("subnets")[1]
    return world.vpc.create_instance({"profile": {"name": "bx2-2x8"}, "zone": {"name": world.zone},
                                      "image": {"id": world.image},
                                      "primary_network_attachment": {"virtual_network_interface": {
                                          "subnet": {"id": subnet["id"]}}}}).get_result()


def _volume(world):
    return world.vpc.create_volume({"capacity": 10, "profile": {"name": "sdp"}, "zone": {"name": world.zone}}
                                   ).get_result()


def _key(world):
    return world.vpc.create_key(public_key=SSH_KEY).get_result()


def _image(world):
    return world.vpc.get_image(id=world.image).get_result()


def _stopped_bare_metal_server(world):
    """A server on network attachments, stopped: a PCI attachment is added while it is stopped."""
    subnet, key = world.member("subnets")[1], world.member("keys")[1]
    server = world.vpc.create_bare_metal_server({
        "profile": {"name": "bx2-metal-96x384"}, "zone": {"name": ZONE},
        "initialization": {"image": {"id": UBUNTU}, "keys": [{"id": key["id"]}]},
        "primary_network_attachment": {"virtual_network_interface": {"subnet": {"id": subnet["id"]}}}}).get_result()
    world.vpc.stop_bare_metal_server(server["id"], type="hard")
    return server


def _stopped_gpu_instance(world):
    """An instance of a profile a cluster network supports, stopped: a cluster network attachment
    is added while it is stopped."""
    subnet = world.member("subnets")[1]
    made = world.vpc.create_instance({"profile": {"name": "gx3d-160x1792x8h100"}, "zone": {"name": world.zone},
                                      "image": {"id": world.image}, "primary_network_attachment": {
                                          "virtual_network_interface": {"subnet": {"id": subnet["id"]}}}}).get_result()
    world.vpc.create_instance_action(made["id"], "stop")
    return made


def _bare_metal_server_on_interfaces(world):
    """A server on network interfaces (a server uses attachments or interfaces, never both)."""
    subnet, key = world.member("subnets")[1], world.member("keys")[1]
    server = world.vpc.create_bare_metal_server({
        "profile": {"name": "bx2-metal-96x384"}, "zone": {"name": ZONE},
        "initialization": {"image": {"id": UBUNTU}, "keys": [{"id": key["id"]}]},
        "primary_network_interface": {"subnet": {"id": subnet["id"]}}}).get_result()
    world.vpc.stop_bare_metal_server(server["id"], type="hard")  # PCI interfaces change while stopped
    return server


EMULATED = {"vpcs": _vpc, "subnets": _subnet, "instances": _instance, "volumes": _volume, "keys": _key,
            "images": _image, "instances (attached)": _attached_instance,
            "bare_metal_servers (stopped)": _stopped_bare_metal_server, "instances (gpu)": _stopped_gpu_instance,
            "bare_metal_servers (interfaces)": _bare_metal_server_on_interfaces}
PARENTS = {"instances.network_attachments": "instances (attached)",
           "bare_metal_servers.network_attachments": "bare_metal_servers (stopped)",
           "bare_metal_servers.network_interfaces": "bare_metal_servers (interfaces)",
           "instances.cluster_network_attachments": "instances (gpu)"}


def call(vpc, op_id: str, op: dict, path_ids: list[str], body=None, **query):
    """The SDK's method for `op_id`, with the path ids by the names it takes and the body as
    its one argument (a model) or spread into arguments."""
    method = getattr(vpc, op_id)
    names = [p["name"] for p in op["path_params"]]
    kwargs = dict(zip(names, path_ids))
    if body is not None:
        if op["body"].get("model"):
            (argument,) = [n for n in inspect.signature(method).parameters
                           if n not in names and n not in ("self", "kwargs", "headers")
                           and inspect.signature(method).parameters[n].kind is inspect.Parameter.POSITIONAL_OR_KEYWORD]
            kwargs[argument] = body
        else:
            kwargs.update({name + "_" if keyword.iskeyword(name) else name: value for name, value in body.items()})
    return method(**kwargs, **query).get_result()


def parsed(model: str, answer: dict):
    """`answer` parsed by the SDK's model, or by the variant it is of a polymorphic one (whose
    base class has no from_dict): the one whose resource type it has, else whose required
    properties it has."""
    sdk_model = getattr(vpc_v1, model)
    if hasattr(sdk_model, "from_dict"):
        return sdk_model.from_dict(answer)
    leaves = models.leaves(model)
    typed = [leaf for leaf in leaves if answer.get("resource_type") in
             ((models.properties(leaf).get("resource_type") or {}).get("enum") or ())]
    leaf = typed[0] if len(typed) == 1 else models.pick(model, answer)
    assert leaf is not None, f"{model}: no variant fits {sorted(answer)}"
    return getattr(vpc_v1, leaf).from_dict(answer)


@pytest.fixture(scope="module")
def world():
    server = start_server(scheduler=False)
    made = World(sdk_client(server.url))
    made.east = World(sdk_client(server.url, region_path="/us-east/v1"), "us-east-1",
                      image_id("us-east", "ibm-ubuntu-24-04-3-minimal-amd64-4"))
    yield made
    server.close()


def test_every_collection_the_api_creates_in_is_served_emulated_or_generic():
    adapter = APP.url_map.bind("localhost")
    unserved = []
    for c in collections.api().collections.values():
        if c.creatable and c.key not in CREATABLE:
            endpoint, _ = adapter.match("/v1" + c.path.replace("{}", "x"), method="POST")
            if endpoint.endswith(".generic"):
                unserved.append(c.key)
    assert unserved == []


@pytest.mark.parametrize("key", CREATABLE)
def test_a_minimal_member_is_created_read_and_listed_as_the_sdk_parses_it(world, key):
    c = collections.collection(key)
    path_ids, created = world.member(key)
    parsed(c.model, created)
    got = call(world.sdk(key), c.ops["get"], api_table.operation(c.ops["get"]), path_ids + [created["id"]])
    parsed(c.model, got)
    listing_op = api_table.operation(c.ops["list"])
    listed = call(world.sdk(key), c.ops["list"], listing_op, path_ids)
    parsed(listing_op["response"]["model"], listed)
    assert created["id"] in [item["id"] for item in listed[c.items]]


UPDATABLE = [key for key in CREATABLE if "update" in collections.collection(key).ops
             and "name" in models.every_property(api_table.operation(collections.collection(key).ops["update"])
                                                 ["body"]["model"])]


@pytest.mark.parametrize("key", UPDATABLE)
def test_a_member_renamed_by_merge_patch_reads_its_new_name(world, key):
    c = collections.collection(key)
    path_ids, created = world.member(key)
    op = api_table.operation(c.ops["update"])
    updated = call(world.sdk(key), c.ops["update"], op, path_ids + [created["id"]],
                   {"name": f"renamed-{next(world.names)}"})
    parsed(c.model, updated)
    got = call(world.sdk(key), c.ops["get"], api_table.operation(c.ops["get"]), path_ids + [created["id"]])
    assert got["name"] == updated["name"]


def test_every_member_is_deleted_dependents_first(world):
    for key in CREATABLE:
        world.member(key)
    left = []
    for region in (world.east, world):
        for made, (path_ids, doc) in reversed(region.order):
            key = made.split(" ")[0]  # "instances (attached)" is an instance
            c = collections.collection(key)
            if "delete" not in c.ops or key == "images":  # a stock image of the catalogue stays
                continue
            try:
                call(region.vpc, c.ops["delete"], api_table.operation(c.ops["delete"]), path_ids + [doc["id"]])
            except ApiException as exc:
                left.append((made, exc.status_code, exc.message))
    assert left == []


def test_the_generic_rule_finds_the_operation_the_api_table_finds_for_every_path():
    import re
    differing = []
    for op in api_table.operations().values():
        path = re.sub(r"{\w+}", "x", op["path"])
        for method in ("GET", "POST", "PUT", "PATCH", "DELETE"):
            expected = api_table.match(method, path)
            if collections.match(method, path) != (expected and (expected.operation_id, expected.path_params)):
                differing.append((method, path))
    assert differing == []
