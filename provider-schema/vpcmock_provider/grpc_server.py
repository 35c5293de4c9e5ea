"""The provider's tfplugin6 gRPC server, the one Terraform talks to (started by plugin.py,
cold or forked from a warm template).

It speaks the protocol the way terraform-plugin-sdk v2 providers (the IBM one among them) do:
legacy type system (defaults and computed blocks planned by the provider), list-nested
blocks, the implicit `id`. Every failure becomes a diagnostic, with the attribute path when
the API names a field, so no Python traceback ever reaches the user.
"""

from __future__ import annotations

import base64
import os
import tempfile
import time
import traceback
from concurrent import futures

import grpc
from tf.gen import grpc_controller_pb2 as controller_pb
from tf.gen import grpc_controller_pb2_grpc as controller_rpc
from tf.gen import grpc_stdio_pb2_grpc as stdio_rpc
from tf.gen import tfplugin_pb2 as pb
from tf.gen import tfplugin_pb2_grpc as rpc
import msgpack
from tf.types import Unknown
from tf.utils import Diagnostics, to_dynamic_value

from vpcmock_provider import certificate, generate, states
from vpcmock_provider.client import ApiError, Client, ConfigError, ProviderError, resolve_endpoints
from vpcmock_provider import registry
from vpcmock_provider.registry import DATA_SOURCE_TYPES, RESOURCE_TYPES
from vpcmock_provider.resources.waiting import WaitError

_ENV = {"ibmcloud_api_key": ("IC_API_KEY", "IBMCLOUD_API_KEY"), "region": ("IC_REGION", "IBMCLOUD_REGION",
                                                                          "BM_REGION", "BLUEMIX_REGION"),
        "visibility": ("IC_VISIBILITY", "IBMCLOUD_VISIBILITY"), "iam_token": ("IC_IAM_TOKEN", "IBMCLOUD_IAM_TOKEN")}


def read_dynamic_value(value: pb.DynamicValue):
    """A value Terraform sent. Unknowns are msgpack extension 0, or 12 when Terraform (1.6 and
    later) refines them (a known prefix, not null); this provider ignores refinements."""
    if value.msgpack:
        return msgpack.unpackb(value.msgpack, ext_hook=lambda code, data: Unknown if code in (0, 12) else
                               msgpack.ExtType(code, data))
    if value.json:
        import json
        return json.loads(value.json)
    return None


def _target_path(target: str | None, fields) -> list:
    """The attribute path of an API error target such as `deletion_trigger.delete_after` or
    `plans[0].cron_spec`, as far as it names declared fields."""
    if not target:
        return []
    path, scope = [], fields
    for part in target.replace("]", "").replace("[", ".").split("."):
        if part.isdigit():
            continue
        match = next((x for x in scope if x.name == part or x.api_name == part), None)
        if match is None:
            break
        path.append(match.name)
        if match.is_block:
            path.append((0,))
        scope = match.fields
    while path and isinstance(path[-1], tuple):
        path.pop()
    return path


class Servicer(rpc.ProviderServicer):
    def __init__(self):
        self.client: Client | None = None

    # -- schema and configuration ---------------------------------------------------------------

    def GetMetadata(self, request, context):
        return pb.GetMetadata.Response(
            server_capabilities=pb.ServerCapabilities(plan_destroy=True, get_provider_schema_optional=True),
            resources=[pb.GetMetadata.ResourceMetadata(type_name=n) for n in RESOURCE_TYPES],
            data_sources=[pb.GetMetadata.DataSourceMetadata(type_name=n) for n in DATA_SOURCE_TYPES])

    _schemas = None  # shared by every Servicer of the process (and inherited by forked providers)

    @classmethod
    def schemas(cls):
        if cls._schemas is None:
            if generate.SCHEMA_PB.exists():  # generated with the docs (python -m vpcmock_provider.generate)
                cls._schemas = pb.GetProviderSchema.Response.FromString(generate.SCHEMA_PB.read_bytes())
            else:
                cls._schemas = generate.provider_schema_response()
        return cls._schemas

    def GetProviderSchema(self, request, context):
        return self.schemas()

    def ValidateProviderConfig(self, request, context):
        return pb.ValidateProviderConfig.Response(diagnostics=[])

    def ConfigureProvider(self, request, context):
        diags = Diagnostics()
        config = read_dynamic_value(request.config) or {}

        def setting(name, default=None):
            value = config.get(name)
            if value is None:
                value = next((os.environ[e] for e in _ENV.get(name, ()) if os.environ.get(e)), None)
            return default if value is None else value

        try:
            endpoints = resolve_endpoints(setting("region", "us-south"), setting("visibility", "public"),
                                          config.get("endpoints_file_path"))
        except ConfigError as exc:
            diags.add_error("Invalid provider configuration", str(exc), path=["endpoints_file_path"])
            return pb.ConfigureProvider.Response(diagnostics=diags.to_pb())
        if setting("ibmcloud_api_key") is None and setting("iam_token") is None:
            # As the IBM provider: at configuration (plan), not at the first API call of apply.
            diags.add_error("Missing credentials", "ibmcloud_api_key or bluemix_api_key or iam_token and "
                            "iam_refresh_token must be provided. Please see the documentation on how to configure it "
                            "(with vpcmock: eval \"$(vpcmock env)\" sets IC_API_KEY)", path=["ibmcloud_api_key"])
            return pb.ConfigureProvider.Response(diagnostics=diags.to_pb())
        self.client = Client(endpoints, setting("ibmcloud_api_key"), setting("iam_token"),
                             timeout=float(config.get("ibmcloud_timeout") or 60), region=setting("region", "us-south"))
        return pb.ConfigureProvider.Response(diagnostics=diags.to_pb())

    def ValidateResourceConfig(self, request, context):
        return pb.ValidateResourceConfig.Response(
            diagnostics=self._check(registry.resource(request.type_name).DECLARATION, request.config))

    def ValidateDataResourceConfig(self, request, context):
        return pb.ValidateDataResourceConfig.Response(
            diagnostics=self._check(registry.data_source(request.type_name).DECLARATION, request.config))

    def _check(self, declaration, raw):
        diags = Diagnostics()
        for summary, detail, path in states.check_config(declaration.fields, read_dynamic_value(raw)):
            diags.add_error(summary, detail, path=path)
        return diags.to_pb()

    def UpgradeResourceState(self, request, context):
        import json
        fields = _fields(registry.resource(request.type_name).DECLARATION)
        state = states.complete(fields, json.loads(request.raw_state.json) if request.raw_state.json else {})
        return pb.UpgradeResourceState.Response(upgraded_state=to_dynamic_value(state))

    # -- resources --------------------------------------------------------------------------------

    def PlanResourceChange(self, request, context):
        module = registry.resource(request.type_name)
        fields = _fields(module.DECLARATION)
        prior = read_dynamic_value(request.prior_state)
        proposed = read_dynamic_value(request.proposed_new_state)
        if proposed is None:  # destroy
            return pb.PlanResourceChange.Response(planned_state=request.proposed_new_state, legacy_type_system=True)
        config = read_dynamic_value(request.config) or {}
        planned = states.plan_values(fields, config, prior)
        if prior is not None:
            planned["id"] = prior.get("id")
        replace = []
        if prior is not None:
            for path in states.changed(fields, prior, planned):
                if states.forces_replacement(fields, path):
                    replace.append(_attribute_path(path))
        return pb.PlanResourceChange.Response(planned_state=to_dynamic_value(planned), requires_replace=replace,
                                              legacy_type_system=True)

    def ApplyResourceChange(self, request, context):
        module = registry.resource(request.type_name)
        fields = _fields(module.DECLARATION)
        prior = read_dynamic_value(request.prior_state)
        planned = states.known(read_dynamic_value(request.planned_state))
        diags = Diagnostics()
        new_state = prior
        try:
            if prior is None:
                new_state = module.create(self._client(), planned)
            elif planned is None:
                module.delete(self._client(), prior)
                new_state = None
            else:
                new_state = module.update(self._client(), prior, planned)
        except ApiError as exc:
            if planned is None and exc.status == 404:  # already gone
                new_state = None
            else:
                self._api_error(diags, exc, module.DECLARATION)
        except ConfigError as exc:
            diags.add_error("Provider configuration", str(exc))
        except WaitError as exc:
            diags.add_error(exc.summary, exc.detail)
            if prior is None and exc.state is not None:  # made, but not settled: Terraform taints it
                new_state = exc.state
        except Exception as exc:  # never a traceback for the user: a diagnostic, and the trace on stderr
            traceback.print_exc()
            diags.add_error(f"Internal error of the vpcmock provider: {type(exc).__name__}", str(exc))
        state = None if new_state is None else states.complete(fields, new_state)
        return pb.ApplyResourceChange.Response(new_state=to_dynamic_value(state), diagnostics=diags.to_pb(),
                                               legacy_type_system=True)

    def ReadResource(self, request, context):
        module = registry.resource(request.type_name)
        fields = _fields(module.DECLARATION)
        current = read_dynamic_value(request.current_state)
        diags = Diagnostics()
        new_state = current
        try:
            new_state = module.read(self._client(), current)
        except ApiError as exc:
            self._api_error(diags, exc, module.DECLARATION)
        except ConfigError as exc:
            diags.add_error("Provider configuration", str(exc))
        state = None if new_state is None else states.complete(fields, new_state)
        return pb.ReadResource.Response(new_state=to_dynamic_value(state), diagnostics=diags.to_pb())

    def ImportResourceState(self, request, context):
        module = registry.resource(request.type_name)
        diags = Diagnostics()
        imported = []
        try:
            state = module.import_(self._client(), request.id)
            if state is None:
                diags.add_error("Cannot import non-existent remote object",
                                f"{request.type_name} {request.id!r} does not exist")
            else:
                state = states.complete(_fields(module.DECLARATION), state)
                imported.append(pb.ImportResourceState.ImportedResource(type_name=request.type_name,
                                                                        state=to_dynamic_value(state)))
        except ApiError as exc:
            self._api_error(diags, exc, module.DECLARATION)
        return pb.ImportResourceState.Response(imported_resources=imported, diagnostics=diags.to_pb())

    def ReadDataSource(self, request, context):
        module = registry.data_source(request.type_name)
        config = read_dynamic_value(request.config) or {}
        diags = Diagnostics()
        state = None
        try:
            state = states.complete(_fields(module.DECLARATION), module.read(self._client(), config))
        except ApiError as exc:
            self._api_error(diags, exc, module.DECLARATION)
        except ConfigError as exc:
            diags.add_error("Provider configuration", str(exc))
        return pb.ReadDataSource.Response(state=to_dynamic_value(state), diagnostics=diags.to_pb())

    def MoveResourceState(self, request, context):
        diags = Diagnostics().add_error("Moving resources between types is not supported")
        return pb.MoveResourceState.Response(diagnostics=diags.to_pb())

    def GetFunctions(self, request, context):
        return pb.GetFunctions.Response(functions={})

    def StopProvider(self, request, context):
        return pb.StopProvider.Response()

    # -- helpers ----------------------------------------------------------------------------------

    def _client(self) -> Client:
        if self.client is None:
            raise ConfigError("the provider was not configured")
        return self.client

    @staticmethod
    def _api_error(diags: Diagnostics, exc: ApiError, declaration) -> None:
        if exc.status == ProviderError.STATUS:  # the provider's own check, as the IBM provider's read makes it
            diags.add_error(exc.message, "", path=_target_path(exc.target, declaration.fields) or None)
            return
        summary = f"{exc.message}" if exc.status == 0 else f"{exc.code}: {exc.message}"
        detail = f"The API answered {exc.status} ({exc.code})." if exc.status else "The API could not be reached."
        diags.add_error(summary, detail, path=_target_path(exc.target, declaration.fields) or None)


def _fields(declaration) -> tuple:
    """The attributes of a type's values: its declared ones, `id`, and `timeouts` when it has them."""
    return states.with_timeouts(generate.all_fields(declaration), declaration.timeouts)


def _attribute_path(path: tuple) -> pb.AttributePath:
    steps = [pb.AttributePath.Step(element_key_int=p) if isinstance(p, int) else
             pb.AttributePath.Step(attribute_name=p) for p in path]
    return pb.AttributePath(steps=steps)


class ProviderServer:
    """One provider process's gRPC server, started on a Unix socket but not yet announced to
    Terraform. A template's spare (template.py) makes it before Terraform asks for a provider,
    so a start only prints the handshake line."""

    # A spare may wait for hours; its certificate (certificate.py) is good for at least an
    # hour once loaded, so a spare older than this makes a fresh server first.
    MAX_AGE_SECONDS = 600

    def __init__(self, socket_dir: str | None = None):
        import threading

        self.socket_dir = socket_dir or socket_directory()
        self.done = threading.Event()
        self.on_shutdown = None  # called as Terraform's Shutdown arrives, before it is answered
        self.server = grpc.server(futures.ThreadPoolExecutor(max_workers=4))
        rpc.add_ProviderServicer_to_server(Servicer(), self.server)
        controller_rpc.add_GRPCControllerServicer_to_server(_Controller(self), self.server)
        stdio_rpc.add_GRPCStdioServicer_to_server(_Stdio(), self.server)
        # Short names: a Unix socket's path is limited to about 107 bytes, TMPDIR included.
        self.folder = tempfile.mkdtemp(prefix="vpcmock-", dir=self.socket_dir)
        self.socket_path = f"{self.folder}/p.sock"
        der, key_pem, cert_pem = certificate.load_or_make()
        self.handshake = f"1|6|unix|{self.socket_path}|grpc|{base64.b64encode(der).decode().rstrip('=')}"
        credentials = grpc.ssl_server_credentials([(key_pem, cert_pem)], require_client_auth=False)
        self.server.add_secure_port(f"unix://{self.socket_path}", credentials)
        self.server.start()
        self.made_at = time.time()

    def stale(self, now: float | None = None) -> bool:
        return (time.time() if now is None else now) - self.made_at > self.MAX_AGE_SECONDS

    def serve(self) -> None:
        """Print go-plugin's handshake line; return as soon as Terraform asks the provider to
        stop (Controller.Shutdown), its answer sent."""
        print(self.handshake, flush=True)
        # Terraform waits for the process to end after Shutdown, once per provider start (3 or
        # 4 per command): waking on the event rather than polling saves that wait.
        self.done.wait()
        # The grace only lets the Shutdown answer (and any call in flight) finish.
        self.close(grace=0.5)

    def close(self, grace: float | None = None) -> None:
        self.server.stop(grace).wait()
        for path in (self.socket_path, self.folder):
            try:
                os.rmdir(path) if path == self.folder else os.unlink(path)
            except OSError:
                pass


def socket_directory(environ=os.environ) -> str:
    """Where a provider's socket goes, as go-plugin decides it: PLUGIN_UNIX_SOCKET_DIR, else
    the temporary directory (TMPDIR)."""
    return environ.get("PLUGIN_UNIX_SOCKET_DIR") or environ.get("TMPDIR") or tempfile.gettempdir()


class _Controller(controller_rpc.GRPCControllerServicer):
    def __init__(self, provider: ProviderServer):
        self.provider = provider

    def Shutdown(self, request, context):
        if self.provider.on_shutdown is not None:
            self.provider.on_shutdown()
        self.provider.done.set()
        return controller_pb.Empty()


class _Stdio(stdio_rpc.GRPCStdioServicer):
    def StreamStdio(self, request, context):
        return iter(())


def serve() -> None:
    """A provider started cold: make its server and serve until Terraform stops it."""
    ProviderServer().serve()


def preload() -> None:
    """What every provider start needs, done once in a template before it forks: the resource
    modules (imported above), the schema Terraform asks for first, the modules gRPC,
    concurrent.futures and the HTTP client import on first use (about 25 ms a start), and
    those that make a TLS certificate when a home has none cached yet (cryptography, about
    30 ms). Importing makes no gRPC server, channel or thread: the fork stays safe."""
    import concurrent.futures.thread  # noqa: F401
    import urllib.request  # noqa: F401  (the client's first call: about 20 ms)

    import grpc._server  # noqa: F401

    certificate.preload()
    Servicer.schemas()

