"""``/console``: a page to look at backups over time (http/console/, plain HTML, CSS and an ES
module shipped in the package: no build step, no network). It reads through the same API
clients use, and the admin API for what the API does not show."""

from __future__ import annotations

from pathlib import Path

from flask import Blueprint, abort

from vpcmock.http.common import packaged_file

bp = Blueprint("console", __name__)

FILES = Path(__file__).resolve().parent.parent / "console"
ASSETS = ("console.js", "console.css")


@bp.get("/console")
def page():
    """Open the console."""
    return packaged_file(FILES, "index.html")


@bp.get("/console/<name>")
def asset(name):
    """Retrieve a file of the console."""
    if name not in ASSETS:
        abort(404)
    return packaged_file(FILES, name)
