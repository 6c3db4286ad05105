"""Precision and recall of `tamkeen link` on two independently made person files.

``python bench/linkage_two_sets.py [N] [MODEL.json] [METRICS.json]``: N records (default 30,000) from ``linkage_data``
(seed 7, the project's own benchmark) and from ``linkage_hard_cases`` (seed 16: siblings, twins, cousins,
parent and child sharing a phone), each written to CSV and linked exactly as ``tamkeen link`` does (the
reader, then ``link_records`` at threshold 0.9) with the given or the default model. One JSON line per file:
records, true pairs, found pairs, precision, recall, F1, CPU seconds of the link, load average. With
METRICS.json, the lines are also saved there (the metrics recorded beside a model version).
"""

from __future__ import annotations

import json
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench import linkage_data, linkage_hard_cases  # noqa: E402
from bench.linkage_bench import _scores, _write_csv  # noqa: E402

THRESHOLD = 0.9


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def measure(name: str, records: list[dict], truth: list[int], model: str | None, workdir: Path) -> dict:
    from tamkeen.dedup.linkage import link_records
    from tamkeen.dedup.reading import read_person_file

    path = workdir / f"{name}.csv"
    _write_csv(records, path)
    expected = linkage_data.true_pairs(records, truth)
    cpu, wall = _cpu(), time.monotonic()
    rows = read_person_file(path).rows
    found = {(a, b) for a, b, _ in link_records(rows, threshold=THRESHOLD, model_path=model)}
    return {
        "dataset": name,
        "records": len(records),
        "true_pairs": len(expected),
        "found_pairs": len(found),
        **_scores(found, expected),
        "cpu_seconds": round(_cpu() - cpu, 1),
        "wall_seconds": round(time.monotonic() - wall, 1),
        "load_average": round(os.getloadavg()[0], 1),
    }


def main(n: int, model: str | None, metrics: str | None = None) -> list[dict]:
    results = []
    with tempfile.TemporaryDirectory() as tmp:
        for name, module, seed in (("linkage_data", linkage_data, 7), ("hard_cases", linkage_hard_cases, 16)):
            records, truth = module.generate(n, seed=seed)
            result = measure(name, records, truth, model, Path(tmp))
            print(json.dumps(result), flush=True)
            results.append(result)
    if metrics:
        measured = {"command": f"python bench/linkage_two_sets.py {n}", "threshold": THRESHOLD}
        measured["measured_at"] = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
        Path(metrics).write_text(
            json.dumps({**measured, "results": results}, indent=1) + "\n", encoding="utf-8"
        )
    return results


if __name__ == "__main__":
    arguments = [*sys.argv[1:], None, None, None]
    main(int(arguments[0] or 30_000), arguments[1] or None, arguments[2])
