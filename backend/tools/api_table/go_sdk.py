"""The table of a service whose official SDK is IBM's generated Go SDK only (Activity Tracker Event
Routing, ``atrackerv2`` of github.com/IBM/platform-services-go-sdk; Hyper Protect Crypto Services'
Unified Key Orchestrator, ``ukov4`` of github.com/IBM/ibm-hpcs-uko-sdk: no Python SDK is published
for either). The Go source is read as text (never built nor run), in the same table shape as ``sdk_table``
gives for a Python SDK, so the engine and the tests use it as they use the others.

What is read, as IBM's Go generator writes it:

    func (s *AtrackerV2) CreateTargetWithContext(ctx context.Context, createTargetOptions *CreateTargetOptions)
        (result *Target, ...)                                 -> the operation and its options struct
    core.NewRequestBuilder(core.POST)                         -> method
    builder.ResolveRequestURL(..., `/api/v2/targets/{id}`, pathParamsMap) -> path
    pathParamsMap := map[string]string{"id": *opts.ID}        -> path parameters
    builder.AddQuery("region", fmt.Sprint(*opts.Region))      -> query parameters
    builder.AddHeader("Content-Type", "application/json")     -> the body's content type
    body["name"] = opts.Name                                  -> a flattened body's properties
    core.EnrichHTTPProblem(err, "create_target", ...)         -> the operation id (the Python SDKs' name);
    common.GetSdkHeaders("uko", "V4", "CreateVault")          ->   in older generators, its snake case
    builder.AddQuery("vault.id", strings.Join(opts.VaultID, ",")) -> an array query parameter (comma-joined)
    builder.SetBodyContentJSON(opts.KeystoreBody)             -> a body that is one model (KeystoreCreationRequest)
    core.UnmarshalModel(rawResponse, "", &result, UnmarshalTarget) -> the answer's model
    func (*KeystoreTypeAwsKms) isaKeystore() bool             -> a variant of a polymorphic model (its
        ``XIntf`` interface stands for the model X)
    type X struct { Field *T `json:"wire" validate:"required"` } -> a model (one with an UnmarshalX)
        or an options struct (XOptions): properties, their types, which are required
    // Constants associated with the X.Field property. const ( ... = "value" ) -> enums

Statuses come from the SDK's generated unit test (``<module>_test.go``), which answers each
operation with the success status of the API definition (``res.WriteHeader(201)`` in the first
test of ``Describe(`CreateTarget(...)`)``); an operation the test does not cover follows
``platform_statuses.CONVENTION``.

The source is a git directory of the SDK's repository (``fetch``ed by the search tool to
``/work/.mirror/IBM+platform-services-go-sdk/repo``, or any clone), named by the environment
variable ``VPCMOCK_GO_SDK_<NAME>`` (``VPCMOCK_GO_SDK_ATRACKER``) or found at that default place;
the SDK's revision read is its ``ref`` (HEAD, or the release tag a client pins).
The package registries CI installs from carry no Go SDK source: without it the table cannot be
regenerated (``SourceUnavailable``), and the committed one is used as it is.
"""

from __future__ import annotations

import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

import api_derived
import platform_statuses
from api_statuses import StatusRule

MIRRORS = Path("/work/.mirror")


class SourceUnavailable(Exception):
    """The Go SDK's source is not on this machine."""


@dataclass(frozen=True)
class GoService:
    name: str           # the table: backend/vpcmock/api_table/<name>.json
    repository: str     # github.com/<owner>/<repo>
    module: str         # the service's file in the repository
    test: str           # its generated unit test
    service_class: str  # the Go type whose methods are the operations
    ref: str = "HEAD"   # the revision read: HEAD, or the release tag the IBM provider's calls need
    default_url: str | None = None  # where the SDK has no DefaultServiceURL: the URL clients are given
    url_source: str | None = None   # and where that URL comes from
    url_template: str | None = None  # where the region is not the host's first label

    @property
    def env(self) -> str:
        return f"VPCMOCK_GO_SDK_{self.name.upper()}"

    def default_git_dir(self) -> Path:
        owner, repo = self.repository.split("/")[1:]
        return MIRRORS / f"{owner}+{repo}" / "repo"


ATRACKER = GoService("atracker", "github.com/IBM/platform-services-go-sdk", "atrackerv2/atracker_v2.go",
                     "atrackerv2/atracker_v2_test.go", "AtrackerV2")
# The IBM provider calls UKO with a `UKO-Vault` header naming the vault (SetUKOVault), which the
# SDK's releases up to v0.0.20-beta send and later ones dropped: the table reads that release.
# The SDK has no default URL: each HPCS instance has its own UKO endpoint, which the IBM provider
# asks the HPCS broker for (getUkoUrl: the instance's `uko.public`, `uko.<region>.hs-crypto.cloud.ibm.com:<port>`).
UKO = GoService("hpcs_uko", "github.com/IBM/ibm-hpcs-uko-sdk", "ukov4/uko_v4.go", "ukov4/uko_v4_test.go", "UkoV4",
                ref="v0.0.20-beta", default_url="https://uko.us-south.hs-crypto.cloud.ibm.com:9549",
                url_template="https://uko.{region}.hs-crypto.cloud.ibm.com:{port}",
                url_source=("the instance's UKO endpoint, `uko.public` of the HPCS broker's "
                            "/crypto_v2/instances/{id} (the IBM provider's getUkoUrl; IBMCLOUD_HPCS_UKO_URL "
                            "overrides it); the port is the instance's (9549 in the SDK's unit test)"))
SERVICES = [ATRACKER, UKO]


@dataclass(frozen=True)
class GoSource:
    service: GoService
    text: str
    test_text: str
    version: str
    commit: str

    @classmethod
    def locate(cls, service: GoService) -> "GoSource":
        git_dir = Path(os.environ.get(service.env) or service.default_git_dir())
        if not git_dir.exists():
            raise SourceUnavailable(
                f"no clone of {service.repository} at {git_dir} (set {service.env} to a git directory of it)")

        def show(path: str) -> str:
            return subprocess.run(["git", "--git-dir", str(git_dir), "show", f"{service.ref}:{path}"], check=True,
                                  capture_output=True, text=True).stdout

        try:
            commit = subprocess.run(["git", "--git-dir", str(git_dir), "rev-parse", f"{service.ref}^{{commit}}"],
                                    check=True, capture_output=True, text=True).stdout.strip()
            version = re.search(r'const Version = "([^"]+)"', show("common/version.go")).group(1)
            if service.ref != "HEAD":  # a release tag names the version (its version.go may not)
                version = service.ref.removeprefix("v")
            return cls(service, show(service.module), show(service.test), version, commit)
        except (subprocess.CalledProcessError, FileNotFoundError, AttributeError) as error:
            raise SourceUnavailable(f"{git_dir}: {error}") from error


# -- Go types -> wire types ------------------------------------------------------------------------

_SCALARS = {
    "string": {"type": "string"},
    "int64": {"type": "integer"},
    "float64": {"type": "number"},
    "bool": {"type": "boolean"},
    "strfmt.DateTime": {"type": "string", "format": "date-time"},
    "strfmt.Date": {"type": "string", "format": "date"},
    "map[string]interface{}": {"type": "object"},
    "interface{}": {"type": "any"},
}


def schema_of(go_type: str) -> dict:
    go_type = _model_name(go_type.lstrip("*"))
    if go_type.startswith("[]"):
        return {"type": "array", "items": schema_of(go_type[2:])}
    if go_type in _SCALARS:
        return dict(_SCALARS[go_type])
    if re.fullmatch(r"[A-Z]\w*", go_type):
        return {"type": "object", "model": go_type}
    raise ValueError(f"unknown Go type {go_type}")


_FIELD = re.compile(r"^\t(\w+) +(\S+) +`json:\"([^\",]+)(?:,omitempty)?\"(?: validate:\"([^\"]*)\")?`", re.MULTILINE)
_STRUCT = re.compile(r"^type (\w+) struct {\n(.*?)^}", re.MULTILINE | re.DOTALL)
_CONSTANTS = re.compile(r"^// Constants associated with the (\w+)\.(\w+) property\.\n(?://[^\n]*\n)*const \(\n(.*?)^\)",
                        re.MULTILINE | re.DOTALL)


@dataclass
class Field:
    go: str
    wire: str
    schema: dict
    required: bool


def structs(text: str) -> dict[str, list[Field]]:
    found = {}
    for name, body in _STRUCT.findall(text):
        found[name] = [Field(go, wire, schema_of(go_type), "required" in (validate or "").split(","))
                       for go, go_type, wire, validate in _FIELD.findall(body)]
    return found


def enums(text: str) -> dict[tuple[str, str], list[str]]:
    """(struct, Go field) -> the values its constants list, in the SDK's order."""
    return {(struct, go): re.findall(r'= "([^"]*)"', block) for struct, go, block in _CONSTANTS.findall(text)}


def _with_enum(schema: dict, values: list[str] | None) -> dict:
    if not values:
        return schema
    if schema["type"] == "array":
        return {**schema, "items": _with_enum(schema["items"], values)}
    return {**schema, "enum": values}


def _model_name(go_type: str) -> str:
    """A polymorphic model's interface (`KeystoreIntf`) stands for the model (`Keystore`)."""
    return go_type[:-4] if re.fullmatch(r"[A-Z]\w*Intf", go_type) else go_type


# -- models ---------------------------------------------------------------------------------------

def read_models(text: str, all_structs: dict[str, list[Field]], values: dict) -> dict[str, dict]:
    names = sorted(set(re.findall(r"^func Unmarshal(\w+)\(m map", text, re.MULTILINE)) & set(all_structs))
    models = {}
    for name in names:
        props = {}
        for f in all_structs[name]:
            props[f.wire] = {**_with_enum(f.schema, values.get((name, f.go))), "required": f.required}
        models[name] = {"properties": props}
    _variants(text, models)
    for name, model in models.items():
        for prop in model["properties"].values():
            ref = prop.get("model") or prop.get("items", {}).get("model")
            if ref and ref not in models:
                raise ValueError(f"{name} refers to an unknown model {ref}")
    return models


def _variants(text: str, models: dict[str, dict]) -> None:
    """Each polymorphic model's variants (`func (*V) isaBase() bool`), in the SDK's order, and
    each variant's base: the most specific of the bases it implements (a variant of a variant
    implements both)."""
    bases: dict[str, list[str]] = {}
    for name, base in re.findall(r"^func \(\*(\w+)\) isa(\w+)\(\) bool", text, re.MULTILINE):
        if name != base and name in models and base in models:
            bases.setdefault(name, []).append(base)
    for name, implemented in bases.items():
        direct = [b for b in implemented if not any(b in bases.get(other, ()) for other in implemented)]
        base = direct[0] if len(direct) == 1 else implemented[-1]
        models[name]["variant_of"] = base
        models[base].setdefault("variants", []).append(name)
        models[base].setdefault("discriminator", None)


# -- operations -----------------------------------------------------------------------------------

_OPERATION = re.compile(
    r"^func \(\w+ \*(\w+)\) (\w+)WithContext\(ctx context\.Context(?:, (\w+) \*(\w+))?\) \((?:result \*?(\w+), )?"
    r"response \*core\.DetailedResponse, err error\) {\n(.*?)^}", re.MULTILINE | re.DOTALL)


def read_operations(source: GoSource, all_structs: dict[str, list[Field]], values: dict,
                    status: StatusRule) -> dict[str, dict]:
    operations = {}
    for receiver, go_name, var, options, result, body in _OPERATION.findall(source.text):
        if receiver != source.service.service_class:
            continue
        named = re.search(r'EnrichHTTPProblem\(err, "(\w+)"', body)
        op_id = named.group(1) if named else _snake(re.search(r'GetSdkHeaders\("\w+", "\w+", "(\w+)"\)', body).group(1))
        fields = {f.go: f for f in all_structs.get(options, [])}
        used: set[str] = set()

        def param(wire: str, go: str) -> dict:
            used.add(go)
            f = fields[go]
            found = {"name": wire, "required": f.required, **_with_enum(f.schema, values.get((options, go)))}
            if found["type"] == "array":  # sent comma-joined in one parameter (strings.Join)
                found["explode"] = False
            return found

        method = re.search(r"core\.NewRequestBuilder\(core\.(\w+)\)", body).group(1)
        path = re.search(r"ResolveRequestURL\([^,]+, `([^`]+)`", body).group(1)
        path_block = re.search(r"pathParamsMap := map\[string\]string{\n(.*?)\n\t}", body, re.DOTALL)
        path_params = [param(wire, go) for wire, go in re.findall(r'"([\w-]+)": \*\w+\.(\w+),', path_block.group(1))] \
            if path_block else []
        if [p["name"] for p in path_params] != re.findall(r"{([\w-]+)}", path):
            raise ValueError(f"{op_id}: path parameters {path_params} do not match {path}")
        query = [param(wire, go)
                 for wire, go in re.findall(r'builder\.AddQuery\("([^"]+)", [^\n]*?\*?\w+\.(\w+)[,)]', body)]
        headers = [{k: v for k, v in param(wire, go).items() if k != "type"}
                   for wire, go in re.findall(r'builder\.AddHeader\("([\w-]+)", fmt\.Sprint\(\*\w+\.(\w+)\)\)', body)]
        sent = dict(re.findall(r'builder\.AddHeader\("([\w-]+)", "([^"]+)"\)', body))
        request_body = None
        flattened = re.findall(r'body\["([\w-]+)"\] = \w+\.(\w+)', body)
        if flattened:
            props = {wire: {**_with_enum(fields[go].schema, values.get((options, go))), "required": fields[go].required}
                     for wire, go in flattened}
            used.update(go for _, go in flattened)
            request_body = {"content_type": sent["Content-Type"], "required": True, "type": "object",
                            "properties": props}
        whole = re.search(r"SetBodyContentJSON\(\w+\.(\w+)\)", body)
        if whole:  # the body is one model (a polymorphic one: a keystore's creation request)
            used.add(whole.group(1))
            f = fields[whole.group(1)]
            request_body = {"content_type": sent["Content-Type"], "required": f.required, **f.schema}
        unread = set(fields) - used - {"Headers"}
        if unread:
            raise ValueError(f"{op_id}: options {sorted(unread)} are sent nowhere the reader knows")
        response = None
        if result:
            model = re.search(r"UnmarshalModel\(rawResponse, \"\", &result, Unmarshal(\w+)\)", body).group(1)
            response = {"content_type": sent["Accept"], "model": model}
        code, rule = status.status(op_id, method, response is not None)
        operations[op_id] = {"method": method, "path": path, "path_params": path_params, "query": query,
                             "headers": headers, "body": request_body, "response": response, "status": code,
                             "status_rule": rule}
    return operations


def test_statuses(test_text: str) -> dict[str, int]:
    """operation id (snake case) -> the status the SDK's unit test answers it with."""
    found = {}
    for go_name, rest in re.findall(r"Describe\(`(\w+)\(\w+ \*\w+\)`, func\(\) {\n(.*?)(?=\n\tDescribe\(`|\Z)",
                                    test_text, re.DOTALL):
        code = re.search(r"res\.WriteHeader\((\d+)\)", rest)
        if code:
            found[_snake(go_name)] = int(code.group(1))
    return found


def _snake(name: str) -> str:
    return re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()


def status_rule(source: GoSource, operations: dict[str, tuple[str, bool]]) -> StatusRule:
    """The convention, with the operations whose tested status it does not give listed apart;
    `operations`: operation id -> (method, whether it answers a model)."""
    tested = test_statuses(source.test_text)
    listed = {op: code for op, code in tested.items()
              if op in operations and platform_statuses.CONVENTION[operations[op]] != code}
    text = (f"{source.service.repository.removeprefix('github.com/')} {source.service.test} "
            f"({source.version}, commit {source.commit[:7]}): each operation's test answers "
            "with res.WriteHeader(<status>); the operations it lists apart differ from the convention")
    return StatusRule(text, platform_statuses.CONVENTION, listed)


def build_table(service: GoService = ATRACKER, source: GoSource | None = None) -> dict:
    source = source or GoSource.locate(service)
    all_structs = structs(source.text)
    values = enums(source.text)
    convention = StatusRule("", platform_statuses.CONVENTION, {})
    first = read_operations(source, all_structs, values, convention)  # to learn each operation's kind
    rule = status_rule(source, {op_id: (op["method"], op["response"] is not None) for op_id, op in first.items()})
    operations = read_operations(source, all_structs, values, rule)
    models = read_models(source.text, all_structs, values)
    api_derived.annotate(operations, models)
    default = re.search(r'const DefaultServiceURL = "([^"]+)"', source.text)
    url = default.group(1) if default else service.default_url
    host = url.split("://", 1)[1].split("/", 1)[0]
    regional = dict(re.findall(r'^\t\t"([\w.-]+)": +"(https://[^"]+)"', source.text, re.MULTILINE))
    return {
        "sdk": {"package": service.repository, "version": source.version, "commit": source.commit,
                "module": service.module, "service": service.service_class, "language": "go"},
        "endpoint": {"url": url, "host": host, "base_path": url.split(host, 1)[1].rstrip("/"),
                     "regional_urls": regional,
                     "url_template": service.url_template or url.replace(host.split(".", 1)[0], "{region}", 1),
                     **({"url_source": service.url_source} if service.url_source else {})},
        "common_query": [],
        "conventions": {"status": rule.describe(), "readonly": api_derived.READONLY_RULE,
                        "discriminator": api_derived.DISCRIMINATOR_RULE,
                        "bounds": ("The SDK carries no bounds (string lengths and patterns, array sizes): unknown "
                                   "here."),
                        "required": ("an operation's argument or a model's property is required when the Go SDK's "
                                     "struct field is tagged validate:\"required\"; the rest are optional"),
                        "common_query": "none: the SDK sends no query parameter of its own on every request"},
        "operations": operations,
        "models": models,
    }
