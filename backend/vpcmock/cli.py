"""The ``vpcmock`` command: ``serve``, ``clock`` and ``env``."""

from __future__ import annotations

import argparse
import errno
import gc
import json
import logging
import os
import signal
import sys
from pathlib import Path

from vpcmock import __version__
from vpcmock.config import DEFAULT_STATE_PATH, ConfigError, Settings
from vpcmock.connections import CONNECTION_LIMIT, IDLE_SWEEP_SECONDS, IDLE_TIMEOUT


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="vpcmock", description="A local emulator of IBM Cloud Backup for VPC")
    parser.add_argument("--version", action="version", version=f"vpcmock {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)

    serve = commands.add_parser("serve", help="run the mock server", description=(
        f"Run the mock server. It holds up to {CONNECTION_LIMIT} connections open at once (SDK clients "
        f"keep pools of them) and closes a connection idle for {IDLE_TIMEOUT} s (it looks for idle ones "
        f"every {IDLE_SWEEP_SECONDS} s)."))
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default: loopback only)")
    serve.add_argument("--port", type=int, default=8080,
                       help="the port to listen on (default %(default)s; 0 picks a free port)")
    where = serve.add_mutually_exclusive_group()
    where.add_argument("--state", type=Path, default=DEFAULT_STATE_PATH, help="TinyDB state file")
    where.add_argument("--in-memory", action="store_true", help="keep no state on disk")
    serve.add_argument("--config", type=Path, help="JSON configuration (accounts and API keys)")
    serve.add_argument("--region", help="the region served at /v1 (default us-south)")
    serve.add_argument("--threads", type=int, default=8,
                       help="WSGI worker threads serving requests at once (default %(default)s)")
    serve.add_argument("--no-scheduler", action="store_true",
                       help="no background scheduler: due work runs only when a request or a clock move comes "
                            "(deterministic test runs)")
    serve.add_argument("--seed", type=Path, help="start from this saved state (written by `vpcmock state export`); "
                                                 "it replaces what the state held")
    serve.add_argument("--catalogue", type=Path, default=os.environ.get("VPCMOCK_CATALOGUE") or None,
                       help="a JSON file of your own images and instance profiles, in the format of the built-in "
                            "catalogue (vpcmock/data/ibm_catalogue.json), added to IBM's; it replaces the one the "
                            "state held (default: $VPCMOCK_CATALOGUE)")

    state = commands.add_parser("state", help="save the state of a running mock")
    state_commands = state.add_subparsers(dest="state_command", required=True)
    export = state_commands.add_parser("export", help="write the whole state to FILE (a TinyDB database)")
    export.add_argument("file", type=Path)
    export.add_argument("--url", default=os.environ.get("VPCMOCK_URL", "http://127.0.0.1:8080"),
                        help="the mock's root URL (default $VPCMOCK_URL or http://127.0.0.1:8080)")

    clock = commands.add_parser("clock", help="show or move the clock of a running mock",
                                description="Without a verb: show the clock. Verbs: advance DURATION... "
                                            "(90s, 15m, 36h, 7d, 2w, 1d12h; several are summed: 1d 2h), "
                                            "set INSTANT, freeze, unfreeze.")
    clock.add_argument("verb", nargs="?", choices=("advance", "set", "freeze", "unfreeze"))
    clock.add_argument("value", nargs="*", help="the duration(s) for advance, the instant for set")
    clock.add_argument("--url", default=os.environ.get("VPCMOCK_URL", "http://127.0.0.1:8080"),
                       help="the mock's root URL (default $VPCMOCK_URL or http://127.0.0.1:8080)")

    env = commands.add_parser("env", help="print the exports that point Terraform and IBM tools at the mock",
                              description='Use as: eval "$(vpcmock env)"')
    env.add_argument("--url", default=os.environ.get("VPCMOCK_URL", "http://127.0.0.1:8080"),
                     help="the mock's root URL (default $VPCMOCK_URL or http://127.0.0.1:8080)")
    env.add_argument("--dir", type=Path, default=Path(".vpcmock") / "terraform",
                     help="where the provider mirror and CLI configuration are written (default .vpcmock/terraform)")
    env.add_argument("--private", action="store_true",
                     help="point every client at the mock's private endpoint (<url>/private), as IBM's private "
                          "endpoints, which context-based restrictions tell apart (endpointType)")

    args = parser.parse_args(argv)
    if hasattr(args, "url"):
        args.url = _root_url(args.url, "state export" if args.command == "state" else args.command)
    if args.command == "serve":
        _serve(args)
    elif args.command == "clock":
        _clock(args)
    elif args.command == "state":
        _export(args)
    elif args.command == "env":
        from vpcmock_provider.environment import exports, render
        print(render(exports(args.url, args.dir, private=args.private)), end="")


def _root_url(url: str, command: str) -> str:
    """The mock's root URL, http(s)://host[:port] (a trailing / dropped), or exit with one line."""
    from urllib.parse import urlsplit

    try:
        parts = urlsplit(url)
        valid = (parts.scheme in ("http", "https") and bool(parts.hostname) and parts.path in ("", "/")
                 and not parts.query and not parts.fragment and parts.username is None)
        parts.port  # a port that is not a number from 0 to 65535 raises ValueError
    except ValueError:
        valid = False
    if not valid:
        sys.exit(f"vpcmock {command}: --url must be http(s)://host[:port], not {url!r}")
    return url.rstrip("/")


def _clock(args) -> None:
    from vpcmock.clock_cli import ClockCommandError, run

    try:
        result = run(args.url.rstrip("/"), args.verb, args.value)
    except ClockCommandError as exc:
        sys.exit(f"vpcmock clock: {exc}")
    print(json.dumps(result, indent=2))


def _export(args) -> None:
    from vpcmock import admin_client

    try:
        payload = admin_client.call(args.url, "GET", "/mock/state/export", timeout=60, raw=True)
    except (admin_client.AdminError, OSError) as exc:
        sys.exit(f"vpcmock state export: {exc}")
    temporary = args.file.with_name(f".{args.file.name}.tmp")
    temporary.write_bytes(payload)
    temporary.replace(args.file)
    print(f"wrote {args.file} ({len(payload)} bytes)")


def _serve(args) -> None:
    from vpcmock.runtime import Runtime
    from vpcmock.server import MockServer
    from vpcmock.store.state_lock import StateInUse

    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    overrides = {"state_path": None if args.in_memory else args.state, "seed_path": args.seed,
                 "catalogue_path": Path(args.catalogue) if args.catalogue else None}
    if args.no_scheduler:
        overrides["scheduler"] = False
    try:
        settings = Settings.from_file(args.config, **overrides) if args.config else Settings(**overrides)
        if args.region:
            settings.default_region = args.region
        settings.validate()
        runtime = Runtime.open(settings)
    except (ConfigError, StateInUse) as exc:
        sys.exit(f"vpcmock: {exc}")
    try:
        server = MockServer(runtime, args.host, args.port, threads=args.threads)
    except OSError as exc:
        if exc.errno != errno.EADDRINUSE:
            raise
        sys.exit(f"vpcmock: {args.host}:{args.port} is already in use (another vpcmock?); "
                 f"serve on another port with --port (make run PORT=8081)")
    where = "in memory" if settings.state_path is None else str(settings.state_path)
    print(f"vpcmock {__version__} serving {server.url} (region {settings.default_region} at /v1, state {where})\n"
          f"  console {server.url}/console, API docs {server.url}/docs, OpenAPI {server.url}/openapi.json", flush=True)
    # SIGTERM (docker stop, systemd, kill) shuts down as cleanly as Ctrl-C does: the state
    # file is left whole, its journal folded in.
    signal.signal(signal.SIGTERM, _interrupt)
    provider_template = _provider_template(server.url)
    # What the start made (the state, its indexes and timetable, the app and its schemas) lives
    # as long as the server: frozen out of the cyclic collector, whose first full pass otherwise
    # falls on an early request (measured: 12 ms on the state a simulated year leaves, against
    # 1.6 ms for the requests after it; bench/api_throughput.py --only state-sizes).
    gc.freeze()
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        if provider_template is not None:
            provider_template.close()


def _provider_template(url: str):
    """The warm template Terraform's provider starts are forked from (vpcmock_provider/template.py),
    found through the VPCMOCK_PROVIDER_TEMPLATE that `vpcmock env` exports. Without the
    provider package, none: the API mock serves all the same."""
    try:
        from vpcmock_provider import template
    except ImportError:
        return None
    return template.start(url)


def _interrupt(signum, frame):
    raise KeyboardInterrupt
