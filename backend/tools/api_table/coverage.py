"""How much of the API table the app serves: each operation's method and path (its parameters
filled with a sample value) matched against the Flask app's URL map under ``/v1``.

    .venv/bin/python backend/tools/api_table/coverage.py            # count, then the unserved ones
    .venv/bin/python backend/tools/api_table/coverage.py --served   # the served ones too

Then, for each platform service the generic engine serves under its prefix of the mock's root
(engine/generic/service.py; http/routes/platform_generic.py), how many of its table's
operations it serves (``--served`` lists them).

Served means routed: a view answers that method on that path. Whether it answers as the table
says (statuses, shapes, validation) is for the tests to tell. Also listed: the routes under
``/v1`` that match no operation of the table (the mock's own, or a path the API does not have).
"""

from __future__ import annotations

import argparse
import re
import sys

from werkzeug.exceptions import MethodNotAllowed, NotFound
from werkzeug.routing import MapAdapter

from vpcmock import api_table
from vpcmock.config import Settings
from vpcmock.http.app import create_app
from vpcmock.engine.generic import service
from vpcmock.http import generic_served as generic
from vpcmock.http.routes import platform_generic
from vpcmock.runtime import Runtime

PREFIX = "/v1"
BLUEPRINT = "api_default."  # the API blueprint as mounted at /v1 (app.py)
SAMPLE = "x"  # any path segment: the app's routes take strings


def served(adapter: MapAdapter, method: str, path: str, generic_ops: frozenset[str] = frozenset()) -> bool:
    """Whether a view answers `method` on `path`: an emulated route, or the generic engine's
    catch-all rule for an operation the generic engine serves (it answers 404/405 otherwise)."""
    try:
        endpoint, _ = adapter.match(PREFIX + path, method=method)
    except (NotFound, MethodNotAllowed):
        return False
    if endpoint == BLUEPRINT + generic.ENDPOINT:
        found = api_table.match(method, path)
        return found is not None and found.operation_id in generic_ops
    return endpoint.startswith(BLUEPRINT)


def sample_path(template: str) -> str:
    """A concrete path for a template: ``/vpcs/{id}`` or ``/vpcs/<id>`` -> ``/vpcs/x``."""
    return re.sub(r"{\w+}|<[^>]+>", SAMPLE, template)


def report(app) -> tuple[list[str], list[str], list[str]]:
    """(served operation ids, unserved operation ids, routes matching no operation)."""
    adapter = app.url_map.bind("localhost")
    generic_ops = frozenset(generic.served(app))
    yes, no = [], []
    for op_id, op in sorted(api_table.operations().items(), key=lambda item: (item[1]["path"], item[1]["method"])):
        (yes if served(adapter, op["method"], sample_path(op["path"]), generic_ops) else no).append(op_id)
    extra = []
    for rule in app.url_map.iter_rules():
        if not rule.endpoint.startswith(BLUEPRINT) or rule.endpoint == BLUEPRINT + generic.ENDPOINT:
            continue
        path = sample_path(rule.rule)[len(PREFIX):]
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            if api_table.match(method, path) is None:
                extra.append(f"{method} {rule.rule}")
    return yes, no, sorted(extra)


def _line(op_id: str) -> str:
    op = api_table.operation(op_id)
    return f"  {op['method']:<6} {op['path']}  ({op_id})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--served", action="store_true", help="list the served operations too")
    args = parser.parse_args(argv)
    app = create_app(Runtime.open(Settings(state_path=None, scheduler=False)))
    yes, no, extra = report(app)
    total = len(yes) + len(no)
    print(f"served {len(yes)} of {total} operations ({100 * len(yes) / total:.1f}%), unserved {len(no)}")
    if args.served:
        print("served:")
        print("\n".join(_line(op_id) for op_id in yes))
    print("unserved:")
    print("\n".join(_line(op_id) for op_id in no))
    print(f"routes under {PREFIX} matching no operation of the table: {len(extra)}")
    print("\n".join(f"  {route}" for route in extra))
    for name, ops in platform_report().items():
        total = len(api_table.operations(name))
        print(f"{name} (at {service.SERVICES[name].mount}{service.base_path(name)}): served {len(ops)} of {total}")
        if args.served:
            print("\n".join(f"  {api_table.operation(o, name)['method']:<6} {api_table.operation(o, name)['path']}"
                            f"  ({o})" for o in ops))
    return 0


def platform_report() -> dict[str, list[str]]:
    """service -> the operation ids of its table the generic engine serves."""
    return {name: sorted(platform_generic.served(name)) for name in service.SERVICES}


if __name__ == "__main__":
    sys.exit(main())
