"""The slowest statements as the application saw them, for a load test on a server without pg_stat_statements.

With ``TAMKEEN_QUERY_STATS_DIR`` set, every statement a request runs is timed and added up by its shape
(literals replaced by ``?``); each process writes its totals to ``<dir>/<pid>.json`` every few seconds, and
:func:`merge` adds up the files. Off (not even installed as middleware) unless the variable is set. The shapes
hold no values: no personal data reaches the files.
"""

from __future__ import annotations

import json
import os
import re
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import connections

_STRING = re.compile(r"'(?:[^']|'')*'")
_NUMBER = re.compile(r"\b\d+(?:\.\d+)?\b")
_LIST = re.compile(r"\((?:\s*\?\s*,)+\s*\?\s*\)")
_SPACE = re.compile(r"\s+")

_lock = threading.Lock()
_totals: dict[str, list[float]] = {}  # shape -> [calls, total ms, max ms]
_last_write = 0.0


def shape(sql: str) -> str:
    sql = _NUMBER.sub("?", _STRING.sub("?", sql))
    return _SPACE.sub(" ", _LIST.sub("(…)", sql)).strip()


def _record(execute, sql, params, many, context):
    started = time.perf_counter()
    try:
        return execute(sql, params, many, context)
    finally:
        elapsed = (time.perf_counter() - started) * 1000
        key = shape(sql)
        with _lock:
            entry = _totals.setdefault(key, [0, 0.0, 0.0])
            entry[0] += 1
            entry[1] += elapsed
            entry[2] = max(entry[2], elapsed)


def _write(directory: Path) -> None:
    global _last_write
    with _lock:
        data = {key: list(value) for key, value in _totals.items()}
        _last_write = time.monotonic()
    target = directory / f"{os.getpid()}.json"
    temporary = target.with_suffix(".tmp")
    temporary.write_text(json.dumps(data))
    temporary.replace(target)


class QueryStatsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response
        self.directory = Path(settings.TAMKEEN_QUERY_STATS_DIR)
        self.directory.mkdir(parents=True, exist_ok=True)

    def __call__(self, request):
        with connections["default"].execute_wrapper(_record):
            response = self.get_response(request)
        if time.monotonic() - _last_write > 5:
            _write(self.directory)
        return response


def merge(directory: Path) -> list[dict]:
    """Every process's totals added up, slowest total first."""
    merged: dict[str, list[float]] = {}
    for path in Path(directory).glob("*.json"):
        for key, (calls, total, longest) in json.loads(path.read_text()).items():
            entry = merged.setdefault(key, [0, 0.0, 0.0])
            entry[0] += calls
            entry[1] += total
            entry[2] = max(entry[2], longest)
    rows = [
        {
            "query": key,
            "calls": int(calls),
            "total_ms": round(total, 1),
            "mean_ms": round(total / calls, 2),
            "max_ms": round(longest, 1),
        }
        for key, (calls, total, longest) in merged.items()
    ]
    return sorted(rows, key=lambda row: row["total_ms"], reverse=True)
