"""The applicant-ID hash in isolation: the ways of keying it on DuckDB, over the same IDs.

    dvc-index benchmark-hmac [--rows 1000000] [--threads 2] [--repeat 3]

Candidates (README, Personal data):
- `literal`: the old macro, key XOR ipad/opad compiled into the SQL text as hex literals;
- `getvariable`: the same SQL with the pads in session variables;
- `arrow_udf`: the project's plugin function (src/dvc_index/duckdb_plugin.py), key in Python.

Prints, per candidate, the best wall time and the process CPU time of that run (all threads), and
checks that every candidate equals Python's hmac.new(key, id, sha256).
"""

from __future__ import annotations

import argparse
import hashlib
import hmac
import json
import secrets
import time

import duckdb

from dvc_index.duckdb_plugin import hmac_function
from dvc_index.privacy import hmac_pads


def measure(connection: duckdb.DuckDBPyConnection, expression: str, repeat: int) -> dict:
    best: tuple[float, float] | None = None
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        connection.execute(f"select max({expression}) from ids").fetchall()
        run = (time.perf_counter() - wall, time.process_time() - cpu)
        best = run if best is None or run[0] < best[0] else best
    return {"wall_s": round(best[0], 3), "cpu_s": round(best[1], 3)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)

    key = secrets.token_bytes(32)
    inner, outer = hmac_pads(key)
    connection = duckdb.connect(config={"threads": args.threads})
    connection.execute(
        "create table ids as select case when random() < 0.02 then null else "
        "lpad(cast(cast(random() * 1e12 as bigint) as varchar), 12, '0') end as id "
        f"from range({args.rows})"
    )
    connection.execute("set variable dvc_hmac_ipad = $1::blob", [inner])
    connection.execute("set variable dvc_hmac_opad = $1::blob", [outer])
    connection.create_function(
        "dvc_hmac_sha256",
        hmac_function(key),
        ["VARCHAR"],
        "VARCHAR",
        type="arrow",
        null_handling="special",
    )
    candidates = {
        "literal": f"sha256(unhex('{outer.hex()}') || unhex(sha256(unhex('{inner.hex()}') "
        "|| encode(id))))",
        "getvariable": "sha256(getvariable('dvc_hmac_opad') || unhex(sha256("
        "getvariable('dvc_hmac_ipad') || encode(id))))",
        "arrow_udf": "dvc_hmac_sha256(id)",
    }
    sample = connection.execute("select id from ids where id is not null limit 100").fetchall()
    expected = [hmac.new(key, i.encode(), hashlib.sha256).hexdigest() for (i,) in sample]
    results = {}
    for name, expression in candidates.items():
        got = connection.execute(
            f"select {expression} from (select unnest(?) as id)", [[i for (i,) in sample]]
        ).fetchall()
        assert [g for (g,) in got] == expected, name
        results[name] = measure(connection, expression, args.repeat)
    print(json.dumps({"rows": args.rows, "threads": args.threads, **results}, indent=2))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
