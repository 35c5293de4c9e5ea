"""Write the VPC API table, backend/vpcmock/api_table/vpc.json, from the installed official SDK
(ibm-vpc, pinned in pyproject.toml): every operation of ``VpcV1`` and every model, read from
``ibm_vpc/vpc_v1.py`` with ``ast`` (its code is never run). The same as ``generate.py vpc``.

    .venv/bin/python backend/tools/api_table/read_ibm_vpc.py          # write the table
    .venv/bin/python backend/tools/api_table/read_ibm_vpc.py --check  # exit 1 if it is stale

The table's shapes are described in ``sdk_table``; what the SDK does not carry is derived by the
rules written into the table's ``conventions``.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))  # its sibling modules, when loaded by path

import generate  # noqa: E402
import sdk_table  # noqa: E402
import services  # noqa: E402
from sdk_source import Sdk  # noqa: E402

TABLE = generate.path(services.VPC.name)
render = generate.render


def build_table(sdk: Sdk | None = None) -> dict:
    """The table, read from `sdk` (the installed one by default)."""
    return sdk_table.build_table(services.VPC, sdk)


def main(argv: list[str] | None = None) -> int:
    return generate.main([*(argv if argv is not None else sys.argv[1:]), services.VPC.name])


if __name__ == "__main__":
    sys.exit(main())
