"""Generated from the API tables: every create, get, list and delete operation of each platform service
the generic engine serves, called through the service's official SDK on a real server, each
answer parsed by the SDK's model of it (`from_dict`).

What an operation needs is made first: its parents (a DNS zone before its records), what its
body names by a plain string (a resource instance before its key, engine/generic/service.py
REFERENCES), the account's default resource group; path parameters naming no resource of the
table (a DNS Services instance) get a fixed value. Bodies hold the required properties of their
models, sampled from the table (an enum's first value, a nested model's required properties).
"""

import importlib
import inspect

import pytest
from ibm_cloud_sdk_core.authenticators import IAMAuthenticator

from conftest import start_server
from vpcmock import api_table
from vpcmock.engine.generic import collections, models, service
from vpcmock.engine.platform import resource_catalogue
from vpcmock.http.routes import platform_generic

# The services with no Python SDK, only a Go one, are called as their Go SDK calls them elsewhere:
# atracker (tests/test_atracker.py) and hpcs_uko (every operation: tests/test_hpcs_uko_api.py).
SDKS = {  # service -> (module, class, constructor arguments)
    "context_based_restrictions": ("ibm_platform_services.context_based_restrictions_v1",
                                   "ContextBasedRestrictionsV1", {}),
    "resource_controller": ("ibm_platform_services.resource_controller_v2", "ResourceControllerV2", {}),
    "iam_identity": ("ibm_platform_services.iam_identity_v1", "IamIdentityV1", {}),
    "iam_access_groups": ("ibm_platform_services.iam_access_groups_v2", "IamAccessGroupsV2", {}),
    "dns_svcs": ("ibm_cloud_networking_services.dns_svcs_v1", "DnsSvcsV1", {}),
    "transit_gateway": ("ibm_cloud_networking_services.transit_gateway_apis_v1", "TransitGatewayApisV1",
                        {"version": "2024-07-08"}),
}
# Values the service checks, per collection: a resource instance is of a plan of the resource
# catalogue (Key Protect's), deployed where its target says (engine/platform/resource_instances.py).
CHECKED = {"v2.resource_instances": {"resource_plan_id": resource_catalogue.plan_named("kms", "tiered-pricing").id,
                                     "target": "us-south"}}
SCOPE = "instance-1"  # a path parameter naming nothing of the table (DNS Services' instance)
# A template assignment applies a committed version of a template made before it to a
# well-formed target (engine/generic/platform/template_assignments.py): assignment collection -> the
# template collection and the SDK's commit method.
ASSIGNED = {"v1.profile_assignments": ("v1.profile_templates", "commit_profile_template"),
            "v1.account_settings_assignments": ("v1.account_settings_templates", "commit_account_settings_template"),
            "v1.group_assignments": ("v1.group_templates", "commit_template")}
TARGET_ACCOUNT = "0123456789abcdef0123456789abcdef"


@pytest.fixture(scope="module")
def server():
    srv = start_server(scheduler=False)
    yield srv
    srv.close()


@pytest.fixture(scope="module")
def account(server):
    from ibm_platform_services import ResourceManagerV2
    manager = ResourceManagerV2(authenticator=IAMAuthenticator("every-op", url=server.url))
    manager.set_service_url(server.url)
    group = manager.list_resource_groups(default=True).get_result()["resources"][0]
    return {"id": group["account_id"], "group": group["id"]}


def _plan(name: str) -> list[collections.Collection]:
    """The collections of `name` with a served create, parents and referenced ones first."""
    with service.serving(name):
        served = platform_generic.served(name)
        found = [c for c in collections.api().collections.values() if c.ops.get("create") in served]
        refs = service.REFERENCES.get(name, {})
        targets = {target for by_prop in refs.values() for target, _ in by_prop.values()}
        first = targets | {template for template, _ in ASSIGNED.values()}
        return sorted(found, key=lambda c: (len(collections.ancestry(c)), c.key not in first, c.key))


class Caller:
    """Calls one service's SDK by its table, keeping the id of what it made per collection."""

    def __init__(self, server, name, account):
        module, cls, extra = SDKS[name]
        self.module = importlib.import_module(module)
        self.sdk = getattr(self.module, cls)(authenticator=IAMAuthenticator("every-op", url=server.url), **extra)
        self.sdk.set_service_url(service.sdk_url(server.url, name))
        self.name, self.account, self.made, self.called = name, account, {}, set()

    def call(self, op_id: str, collection: collections.Collection, own: str | None = None):
        op = api_table.operation(op_id, self.name)
        method = getattr(self.sdk, op_id)
        chain = collections.ancestry(collection)
        path_ids = [self.made[c.key] for c in chain] + ([own] if own else [])
        names = collections.params_of(op["path"])
        values = [SCOPE] * (len(names) - len(path_ids)) + path_ids
        wire = dict(zip(names, values))
        body = self.body(op, collection) if op["body"] else {}
        if op_id == collection.ops.get("create"):
            body.update(self.template_fields(collection))
        kwargs = {}
        for param in inspect.signature(method).parameters.values():
            if param.kind is param.VAR_KEYWORD or param.default is not param.empty:
                continue
            arg = param.name
            for key in (arg, arg.replace("_", "-")):
                if key in wire:
                    kwargs[arg] = wire[key]
            if arg in kwargs:
                continue
            if arg in body:
                kwargs[arg] = body[arg]
            elif op["body"] and op["body"].get("model"):
                kwargs[arg] = body
            else:
                spec = next((q for q in op["query"] if q["name"] in (arg, arg.replace("_", "."))), {})
                kwargs[arg] = self.sample(arg, spec, collection)
        if op["body"] and not op["body"].get("model"):
            kwargs.update({k: v for k, v in body.items() if k not in kwargs})
        answer = method(**kwargs)
        self.called.add(op_id)
        result = answer.get_result()
        if (op.get("response") or {}).get("model"):
            assert getattr(self.module, op["response"]["model"]).from_dict(result) is not None
        else:
            assert answer.get_status_code() == op["status"]
        return result

    def template_fields(self, collection) -> dict:
        """A new template's name (IAM requires one); an assignment's committed template version
        and target."""
        if collection.key in {template for template, _ in ASSIGNED.values()}:
            return {"name": f"sample-{collection.singular}".replace("_", "-")}
        if collection.key not in ASSIGNED:
            return {}
        template, commit = ASSIGNED[collection.key]
        ident = self.made[template]
        method = getattr(self.sdk, commit)
        params = inspect.signature(method).parameters
        version = "version_num" if "version_num" in params else "version"
        kwargs = {"template_id": ident, version: "1"}
        if "if_match" in params:  # Access Groups commit with the version's ETag
            getter = self.sdk.get_template_version
            kwargs["if_match"] = getter(template_id=ident, version_num="1").get_headers()["ETag"]
        method(**kwargs)
        integer = api_table.operation(collection.ops["create"], self.name)["body"]["properties"][
            "template_version"]["type"] == "integer"
        return {"template_id": ident, "template_version": 1 if integer else "1", "target": TARGET_ACCOUNT,
                "target_type": "Account"}

    def body(self, op: dict, collection) -> dict:
        with service.serving(self.name):
            spec = op["body"]
            if spec.get("model"):
                return self.model(spec["model"], collection, patch="Patch" in spec["model"])
            return {name: self.sample(name, schema, collection) for name, schema in spec["properties"].items()
                    if schema.get("required")}

    def model(self, name: str, collection, patch: bool = False) -> dict:
        leaf = models.leaves(name)[0]
        out = dict(models.discriminated(leaf))
        if patch:
            return out
        for prop, schema in models.properties(leaf).items():
            if schema.get("required") and prop not in out:
                out[prop] = self.sample(prop, schema, collection)
        return out

    def sample(self, name: str, schema: dict, collection):
        if name in CHECKED.get(collection.key, {}):
            return CHECKED[collection.key][name]
        refs = service.REFERENCES.get(self.name, {}).get(collection.key, {})
        if name in refs and refs[name][0]:
            target = refs[name][0]
            return self.account["group"] if target == "resource_group" else self.made[target]
        if schema.get("enum"):
            return schema["enum"][0]
        kind = schema.get("type")
        if kind == "object" and schema.get("model"):
            if schema["model"].startswith("ResourceGroup"):  # an identity of the account's group
                return {"id": self.account["group"]}
            if schema["model"].startswith("ZoneIdentity"):  # a VPC zone of the mock's catalogue
                return {"name": "us-south-1"}
            return self.model(schema["model"], collection)
        if kind == "array":
            return [self.sample(name, schema.get("items") or {}, collection)]
        if kind == "object":
            return {}
        if kind == "integer" or kind == "number":
            return 1
        if kind == "boolean":
            return False
        if name in ("account_id", "account"):
            return self.account["id"]
        if "cidr" in name:
            return "10.10.0.0/24"
        if name in ("iam_id",):
            return "iam-ServiceId-00000000-0000-0000-0000-000000000000"
        return f"sample-{name}-{collection.singular}".replace("_", "-")[:60]


@pytest.mark.parametrize("name", sorted(SDKS))
def test_every_create_get_list_and_delete_operation_answers_what_the_sdk_parses(server, account, name):
    with service.serving(name):  # the table's collections, models and references (this thread only)
        _every_operation(server, account, name)


def _every_operation(server, account, name):
    caller = Caller(server, name, account)
    served = platform_generic.served(name)
    refs = service.REFERENCES.get(name, {})
    pending = _plan(name)
    while pending:  # what names another (a parent, a reference) once that one is made
        ready = [c for c in pending if all(target in (None, "resource_group") or target in caller.made
                                           for target, _ in refs.get(c.key, {}).values())
                 and (c.key not in ASSIGNED or ASSIGNED[c.key][0] in caller.made)]
        if not ready:
            break
        collection = ready[0]
        pending.remove(collection)
        if any(c.key not in caller.made for c in collections.ancestry(collection)):
            continue  # its parent has no id to name it by
        created = caller.call(collection.ops["create"], collection)
        # A template's versions are named by their number (engine/generic/platform/templates.py)
        named_by = "version" if collection.segment == "versions" else platform_generic.id_property(collection)
        ident = created.get(named_by)
        if ident is None:
            continue
        ident = str(ident)
        caller.made[collection.key] = ident
        if collection.ops.get("get") in served:
            assert str(caller.call(collection.ops["get"], collection, own=ident).get(named_by)) == ident
        if collection.ops.get("list") in served:
            listed = [item.get(platform_generic.id_property(collection))
                      for item in caller.call(collection.ops["list"], collection)[collection.items]]
            # A template's versions are told apart by `version`, and show the template's id
            assert ident in listed or collection.segment == "versions"
    expected = {c.key for c in _plan(name) if all(a.key in caller.made for a in collections.ancestry(c))}
    assert set(caller.made) >= {key for key in expected if "id" in models.every_property(
        collections.collection(key).model)}
    for key, ident in reversed(list(caller.made.items())):  # what it made, the last made first
        collection = collections.collection(key)
        if collection.ops.get("delete") in served:
            caller.call(collection.ops["delete"], collection, own=ident)
    every = {op_id for op_id, (_, verb) in served.items() if verb in ("create", "get", "list", "delete")}
    assert caller.called == every, sorted(every - caller.called)
