"""The PostgreSQL peer of the benchmark: what a province gets today by running SQL on the
PostgreSQL database behind its one-stop system, over the same landing zone as the warehouse.

`postgres_peer(raw_dir)` starts a throwaway PostgreSQL cluster in a temporary directory (no TCP
listener, only a unix socket in that directory), loads the dossier tables of the zone into
unlogged tables (DuckDB writes each table as CSV next to the cluster, COPY reads it), and then
runs, timed, one SQL statement with the counts of the practical floor
(../shared/bench/practical_floor.py): the latest push per key, the child tables joined to their
dossier, and per unit × month the dossiers received, synced, on time, online, charged, paid
online, with an electronic result, digitized, reused, through the data store, using population
data and not rated unhappy; quarter and year by re-aggregation. The load is timed apart and is
not part of the peer's figure. The cluster is stopped by its postmaster's pid and its directory
removed on the way out, also when the run fails.

    python -m dvc_index.bench.postgres RAW_DIR [--threads 2]    # JSON figures on stdout

Returns None (and says why on stderr) when the PostgreSQL binaries are not on the PATH, so the
benchmark can skip that row.

Deliberate choices; each one moves the figure, and the comparison is fair only with all of them:
- The one-stop database holds dates as timestamps, so the `yyyyMMddHHmmss` strings are parsed
  while loading (DuckDB's try_strptime with the floor's format; unparseable = NULL) and `NapLuc`
  becomes timestamptz (without an offset it is Vietnam local time, raw_schema.md). The floor
  parses inside its timed statement; the peer, like the province, does not.
- Only the columns the counts read are loaded: no personal data (applicant names, ID numbers,
  contacts, handler names, free text) is written anywhere, not even to a throwaway cluster.
- Unlogged tables filled by COPY FREEZE in the transaction that creates them (no WAL, no hint
  bits left for the first reader), fsync off, then ANALYZE, all in the load. C collation.
- Planner settings: see planner(), with the figures that chose them.
"""

from __future__ import annotations

import argparse
import atexit
import json
import os
import pwd
import shutil
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import duckdb

# The binaries the peer needs on the PATH (the server is started directly, not through pg_ctl,
# so that its pid is ours to stop).
BINARIES = ("initdb", "postgres", "psql")

# The counts per unit and period, in the order of the result table's columns.
COUNTS = (
    "received",
    "synced",
    "on_time",
    "online",
    "charged",
    "paid",
    "eresult",
    "digitized",
    "reused",
    "store",
    "popdata",
    "happy",
)

# What is loaded: table -> (column, kind). Kinds: text (as sent), ts (yyyyMMddHHmmss ->
# timestamp), iso (NapLuc -> timestamptz), num (numeric). Names are those of raw_schema.md;
# PostgreSQL folds them to lower case.
TABLES: dict[str, tuple[tuple[str, str], ...]] = {
    "HoSo": (
        ("MaHoSo", "text"),
        ("MaHoSoGoc", "text"),
        ("MaDonVi", "text"),
        ("MaTTHC", "text"),
        ("KenhThucHien", "text"),
        ("NgayTiepNhan", "ts"),
        ("NgayHenTra", "ts"),
        ("NgayKetThucXuLy", "ts"),
        ("DongBoLuc", "ts"),
        ("TrangThaiHoSo", "text"),
        ("HoSoCoThanhPhanSoHoa", "text"),
        ("TaiKhoanDuocXacThucVoiVNeID", "text"),
        ("DuocThanhToanTrucTuyen", "text"),
        ("MaCSDL", "text"),
        ("NapLuc", "iso"),
    ),
    "QuaTrinhXuLy": (("MaHoSo", "text"), ("ThoiDiemXuLy", "ts"), ("TrangThai", "text")),
    "TaiLieuNop": (
        ("MaHoSo", "text"),
        ("TepDinhKemId", "text"),
        ("DuocSoHoa", "text"),
        ("DuongDanTaiTepTin", "text"),
        ("DuocTaiSuDung", "text"),
        ("DuocLayTuKhoDMQG", "text"),
        ("IsDeleted", "text"),
        ("NapLuc", "iso"),
    ),
    "GiayToKetQua": (
        ("MaHoSo", "text"),
        ("DuongDanTepTinKetQua", "text"),
        ("DongBoKhoCongDan", "text"),
    ),
    "LePhi": (("MaHoSo", "text"), ("Gia", "num")),
    "DanhGia": (("MaHoSo", "text"), ("MucDanhGia", "text")),
}

_DUCKDB_EXPR = {
    "text": "{c}::varchar",
    "ts": "try_strptime({c}::varchar, '%Y%m%d%H%M%S')",
    "iso": "try_cast({c}::varchar as timestamptz)",
    "num": "try_cast({c}::varchar as decimal(18, 2))",
}
_PG_TYPE = {"text": "text", "ts": "timestamp", "iso": "timestamptz", "num": "numeric"}

# The server: a throwaway cluster tuned for one analytical statement over data it may lose.
# No TCP listener (listen_addresses empty): nothing here touches the network. Autovacuum is off
# so that it cannot run during the timed statement (the load ends with its own ANALYZE).
SERVER = {
    "listen_addresses": "",
    "fsync": "off",
    "synchronous_commit": "off",
    "full_page_writes": "off",
    "wal_level": "minimal",
    "max_wal_senders": "0",
    "autovacuum": "off",
    "shared_buffers": "1GB",
    "max_worker_processes": "8",
    "max_parallel_workers": "8",
    "timezone": "Asia/Ho_Chi_Minh",
    "lc_messages": "C",
}


def planner(threads: int) -> dict[str, str]:
    """The session settings of the timed statement, chosen deliberately (issue 16).

    The planner cannot estimate the filtered CTE: it has no column statistics for the output of
    the DISTINCT ON subquery (the latest push per dossier), so `mahosogoc is null and
    ngaytiepnhan is not null` gets a default selectivity and 4,437 rows are expected where
    956,862 come (1 M zone). Every join of a child aggregate to those dossiers is then costed as
    if it were small; in the hand-written measurement of issue 16 that became a nested
    loop and ran over 10 minutes. Measured at 1 M (seed 42, 2 cores, the machine at load ~20
    from other jobs, so only the ratios between rows mean something):

        settings (2 workers unless said)                   seconds
        nestloop off, work_mem 4MB (default), jit off      51.5, 51.7        <- chosen
        nestloop off, work_mem 4MB, jit on                 55.8
        nestloop off, work_mem 64MB / 256MB, jit off       77.5 / 65-80 (4 runs)
        nestloop off, work_mem 256MB, 1 worker             104
        all defaults (nestloop on, 4MB, jit on)            57.3, 60.0 (no nested loop here)
        latest push by max(NapLuc) + join, not DISTINCT ON 97-119

    - enable_nestloop off: every join here is a whole aggregate against another, which a hash
      join does in one pass; a nested loop is never the right plan for this statement, and with
      an estimate 200 times too small the planner must not be allowed to bet on one.
    - max_parallel_workers_per_gather = threads (the floor's `pragma threads`): one worker less
      is slower although the leader also works.
    - work_mem left at its default: more memory for the hash tables made it slower, not faster.
    - jit off: compiling the expressions costs more than it saves at these sizes.
    The statistics come from the ANALYZE that ends the load; the CTEs stay inlined (each is
    read once except `monthly`, which PostgreSQL materialises because it is read three times).
    """
    return {
        "enable_nestloop": "off",
        "max_parallel_workers_per_gather": str(threads),
        "jit": "off",
    }


# The practical floor's statement in PostgreSQL. Differences from the DuckDB text, none of
# which changes a count: timestamps are already parsed (see above); arg_max(..., NapLuc) is
# DISTINCT ON ordered by NapLuc (ties: one arbitrary row, as arg_max); `group by all` is spelt
# out; the periods carry their grain. The result is kept in a small table (a few rows per unit
# and month), read after the timing.
COUNTS_SQL = """
create unlogged table unit_period as
with hoso as (
    select distinct on (mahoso)
        mahoso, mahosogoc, madonvi, matthc, kenhthuchien, ngaytiepnhan, ngayhentra,
        ngayketthucxuly, dongboluc, hosocothanhphansohoa, taikhoanduocxacthucvoivneid,
        duocthanhtoantructuyen, macsdl
    from hoso
    order by mahoso, napluc desc
), d as (
    select
        mahoso, madonvi as unit, matthc as proc, ngaytiepnhan as recv, ngayhentra as due,
        ngayketthucxuly as reported_end, dongboluc as synced, kenhthuchien = '2' as online,
        hosocothanhphansohoa = '1' as digi_flag,
        taikhoanduocxacthucvoivneid = '1' or coalesce(macsdl, '') like '%DC%' as popdata,
        duocthanhtoantructuyen in ('1', '2') as paid
    from hoso
    where mahosogoc is null
), steps as (
    select mahoso, min(thoidiemxuly) filter (where trangthai in ('9', '10', '3', '7', '8')) as ended
    from quatrinhxuly
    group by mahoso
), docs as (
    select
        mahoso,
        bool_or(duocsohoa = '1' or duongdantaiteptin is not null) as digitized,
        bool_or(duoctaisudung in ('1', '2')) as reused,
        bool_or(duoclaytukhodmqg = '1') as from_store
    from (
        select distinct on (mahoso, tepdinhkemid)
            mahoso, duocsohoa, duongdantaiteptin, duoctaisudung, duoclaytukhodmqg,
            isdeleted
        from tailieunop
        order by mahoso, tepdinhkemid, napluc desc
    ) as x
    where coalesce(isdeleted, '0') <> '1'
    group by mahoso
), results as (
    select
        mahoso,
        bool_or(duongdanteptinketqua is not null) as eresult,
        bool_or(dongbokhocongdan = '1') as to_store
    from giaytoketqua
    group by mahoso
), fees as (
    select mahoso, bool_or(gia > 0) as charged from lephi group by mahoso
), ratings as (
    select mahoso, bool_or(mucdanhgia = 'DISLIKE') as unhappy from danhgia group by mahoso
), facts as (
    select
        d.*, coalesce(steps.ended, d.reported_end) as ended, docs.digitized, docs.reused,
        docs.from_store, results.eresult, results.to_store, fees.charged, ratings.unhappy
    from d
    left join steps using (mahoso)
    left join docs using (mahoso)
    left join results using (mahoso)
    left join fees using (mahoso)
    left join ratings using (mahoso)
    where d.recv is not null
), monthly as (
    select
        unit, date_trunc('month', recv) as period, count(*) as received,
        count(*) filter (where synced is not null) as synced,
        count(*) filter (where coalesce(ended, timestamp '2026-10-01') <= due) as on_time,
        count(*) filter (where online) as online,
        count(*) filter (where charged) as charged,
        count(*) filter (where charged and paid) as paid,
        count(*) filter (where eresult) as eresult,
        count(*) filter (where digitized) as digitized,
        count(*) filter (where reused or digi_flag) as reused,
        count(*) filter (where from_store or to_store) as store,
        count(*) filter (where popdata or from_store) as popdata,
        count(*) filter (where not coalesce(unhappy, false)) as happy
    from facts
    group by unit, date_trunc('month', recv)
)
select 'month' as grain, * from monthly
union all
select 'quarter', unit, date_trunc('quarter', period), {sums} from monthly
group by unit, date_trunc('quarter', period)
union all
select 'year', unit, date_trunc('year', period), {sums} from monthly
group by unit, date_trunc('year', period)
""".format(sums=", ".join(f"sum({c})::bigint" for c in COUNTS))


def missing() -> str | None:
    """Why the peer cannot run here, or None when it can."""
    absent = [name for name in BINARIES if shutil.which(name) is None]
    if absent:
        return f"PostgreSQL is not installed here ({', '.join(absent)} not on the PATH)"
    if os.geteuid() == 0 and _server_user() is None:
        return "running as root and no 'postgres' or 'nobody' account to run the server as"
    return None


def _server_user() -> str | None:
    """The account the server runs as: ours, except as root (initdb and postgres refuse root)."""
    if os.geteuid() != 0:
        return None
    for name in ("postgres", "nobody"):
        try:
            pwd.getpwnam(name)
        except KeyError:
            continue
        return name
    return None


def _reachable(folder: Path, user: str) -> bool:
    """Whether `user` can enter every folder from / down to `folder`."""
    account = pwd.getpwnam(user)
    for step in (folder, *folder.parents):
        mode = step.stat()
        if mode.st_uid == account.pw_uid:
            if not mode.st_mode & 0o100:
                return False
        elif not mode.st_mode & 0o011:  # group or others may enter (group: good enough here)
            return False
    return True


class Cluster:
    """A throwaway cluster in `root`, reached through a unix socket in `root` only."""

    PORT = 5432  # names the socket file in root; there is no TCP listener

    def __init__(self, root: Path) -> None:
        self.root = root
        self.data = root / "data"
        self.log = root / "server.log"
        self.user = _server_user()
        self.process: subprocess.Popen | None = None
        if self.user is not None:
            account = pwd.getpwnam(self.user)
            os.chown(root, account.pw_uid, account.pw_gid)

    def give(self, path: Path) -> None:
        """Let the server read a file we wrote (COPY FROM a file is read by the server)."""
        if self.user is not None:
            account = pwd.getpwnam(self.user)
            os.chown(path, account.pw_uid, account.pw_gid)

    def start(self, timeout_s: float = 120.0) -> None:
        if self.user is not None and not _reachable(self.root, self.user):
            raise RuntimeError(
                f"{self.root}: the server runs as '{self.user}', who cannot reach this folder;"
                " give postgres_peer a workdir that account can enter"
            )
        initdb = subprocess.run(
            ["initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8"]
            + ["--locale=C", "--no-sync", "--no-instructions"],
            user=self.user,
            cwd=self.root,
            capture_output=True,
            text=True,
        )
        if initdb.returncode != 0:
            raise RuntimeError(f"initdb failed: {initdb.stderr.strip()}")
        settings = {**SERVER, "unix_socket_directories": str(self.root), "port": str(self.PORT)}
        options = [arg for key, value in settings.items() for arg in ("-c", f"{key}={value}")]
        with open(self.log, "ab") as log:
            self.process = subprocess.Popen(
                ["postgres", "-D", str(self.data), *options],
                user=self.user,
                cwd=self.root,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # a Ctrl-C reaches us, and we stop the server
            )
        deadline = time.monotonic() + timeout_s
        while True:
            if self.process.poll() is not None:
                raise RuntimeError(f"PostgreSQL did not start:\n{self._log_tail()}")
            probe = subprocess.run(self._psql_args(), input=b"select 1", capture_output=True)
            if probe.returncode == 0:
                return
            if time.monotonic() > deadline:
                raise RuntimeError(f"PostgreSQL not ready after {timeout_s:.0f} s")
            time.sleep(0.1)

    def _psql_args(self) -> list[str]:
        return ["psql", "-X", "-q", "-A", "-t", "-v", "ON_ERROR_STOP=1", "-h", str(self.root)] + [
            "-p",
            str(self.PORT),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-f",
            "-",
        ]

    def sql(self, text: str) -> str:
        """Run SQL through psql; its output (unaligned, tuples only) or an error with psql's."""
        done = subprocess.run(self._psql_args(), input=text, capture_output=True, text=True)
        if done.returncode != 0:
            raise RuntimeError(f"psql failed: {done.stderr.strip()}\n{text.strip()[:2000]}")
        return done.stdout

    def stop(self) -> None:
        """Stop the server by its pid (fast shutdown, then immediate, then kill); remove root."""
        process, self.process = self.process, None
        if process is not None and process.poll() is None:
            for sig, wait_s in ((signal.SIGINT, 30), (signal.SIGQUIT, 10), (signal.SIGKILL, 10)):
                os.kill(process.pid, sig)
                try:
                    process.wait(wait_s)
                    break
                except subprocess.TimeoutExpired:
                    continue
        shutil.rmtree(self.root, ignore_errors=True)

    def _log_tail(self) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-20:])
        except OSError:
            return "(no server log)"


def _scan(raw_dir: Path, table: str) -> str | None:
    """DuckDB's reader of one raw table (Parquet files, else CSV files), or None if absent."""
    folder = raw_dir / table
    for ext, reader in (
        ("parquet", "read_parquet('{glob}', union_by_name = true)"),
        ("csv", "read_csv('{glob}', header = true, all_varchar = true, union_by_name = true)"),
    ):
        if any(folder.glob(f"*.{ext}")):
            glob = str(folder / f"*.{ext}").replace("'", "''")
            return reader.format(glob=glob)
    return None


def load(cluster: Cluster, raw_dir: Path, threads: int) -> dict[str, int]:
    """Create and fill the tables (one CSV at a time, removed after its COPY); rows per table."""
    if _scan(raw_dir, "HoSo") is None:
        raise FileNotFoundError(f"{raw_dir}: no HoSo table (Parquet or CSV files in HoSo/)")
    staging = cluster.root / "csv"
    staging.mkdir()
    cluster.give(staging)
    con = duckdb.connect()
    try:
        con.execute(f"set threads = {int(threads)}")
        # NapLuc without an offset is Vietnam local time (raw_schema.md)
        con.execute("set TimeZone = 'Asia/Ho_Chi_Minh'")
        for table, columns in TABLES.items():
            name = table.lower()
            ddl = ", ".join(f"{c.lower()} {_PG_TYPE[kind]}" for c, kind in columns)
            script = f"begin;\ncreate unlogged table {name} ({ddl});\n"
            source = _scan(raw_dir, table)
            if source is not None:
                csv = staging / f"{name}.csv"
                exprs = ", ".join(_DUCKDB_EXPR[kind].format(c=c) for c, kind in columns)
                con.execute(f"copy (select {exprs} from {source}) to '{csv}' (header)")
                cluster.give(csv)
                names = ", ".join(c.lower() for c, _ in columns)
                script += f"copy {name} ({names}) from '{csv}' with (format csv, header, freeze);\n"
            cluster.sql(script + "commit;\n")
            if source is not None:
                csv.unlink()
    finally:
        con.close()
    cluster.sql("analyze;")
    counted = cluster.sql(
        " union all ".join(f"select '{t}', count(*) from {t.lower()}" for t in TABLES) + ";"
    )
    rows = dict(line.split("|") for line in counted.split())
    return {table: int(rows[table]) for table in TABLES}


def run_counts(cluster: Cluster, threads: int, settings: dict[str, str] | None = None) -> float:
    """The timed statement, with the planner settings; seconds (psql's start included)."""
    chosen = {**planner(threads), **(settings or {})}
    script = "".join(f"set {key} = '{value}';\n" for key, value in chosen.items())
    cluster.sql("drop table if exists unit_period;")
    start = time.perf_counter()
    cluster.sql(script + COUNTS_SQL + ";\n")
    return time.perf_counter() - start


def postgres_peer(
    raw_dir: Path,
    threads: int = 2,
    *,
    monthly: bool = False,
    settings: dict[str, str] | None = None,
    workdir: Path | None = None,
) -> dict | None:
    """Load the zone into a throwaway PostgreSQL and time the floor's counts there.

    Returns None, after saying why on stderr, when PostgreSQL is not installed. Otherwise:
    postgres_s (the counts statement), postgres_load_s (start, CSV export, COPY, ANALYZE),
    rows (unit-period rows over month, quarter and year: the floor's figure), totals (each
    count summed over the unit-month rows), loaded_rows per table, version, settings; with
    monthly=True also `monthly`: [unit, 'YYYY-MM', *COUNTS] per unit and month, sorted.
    `settings` overrides planner(threads) (e.g. {"enable_nestloop": "on"} for the default).
    The cluster lives in a new folder in `workdir` (default: the system's temporary folder),
    removed at the end; its CSV files need room for the dossier tables, one at a time.
    """
    reason = missing()
    if reason is not None:
        print(f"PostgreSQL peer skipped: {reason}", file=sys.stderr)
        return None
    raw_dir = Path(raw_dir)
    cluster = Cluster(Path(tempfile.mkdtemp(prefix="dvc-pg-", dir=workdir)))
    atexit.register(cluster.stop)  # also when the caller dies on an exception of its own
    try:
        start = time.perf_counter()
        cluster.start()
        loaded = load(cluster, raw_dir, threads)
        load_s = time.perf_counter() - start
        query_s = run_counts(cluster, threads, settings)
        month_sums = ", ".join(f"sum({c})" for c in COUNTS)
        rows, *totals = (
            cluster.sql(
                f"select (select count(*) from unit_period), {month_sums}"
                " from unit_period where grain = 'month';"
            )
            .strip()
            .split("|")
        )
        figures = {
            "postgres_s": round(query_s, 3),
            "postgres_load_s": round(load_s, 3),
            "rows": int(rows),
            "totals": {c: int(v or 0) for c, v in zip(COUNTS, totals, strict=True)},
            "loaded_rows": loaded,
            "version": cluster.sql("show server_version;").strip(),
            "settings": {**planner(threads), **(settings or {})},
        }
        if monthly:
            out = cluster.sql(
                f"select unit, to_char(period, 'YYYY-MM'), {', '.join(COUNTS)} from unit_period"
                " where grain = 'month' order by 1, 2;"
            )
            figures["monthly"] = [
                [unit, month, *map(int, counts)]
                for unit, month, *counts in (line.split("|") for line in out.splitlines())
            ]
        return figures
    finally:
        cluster.stop()
        atexit.unregister(cluster.stop)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m dvc_index.bench.postgres",
        description="Time the practical floor's counts in a throwaway PostgreSQL cluster.",
    )
    parser.add_argument("raw_dir", type=Path, help="landing zone (one folder per table)")
    parser.add_argument("--threads", type=int, default=2, help="parallel workers (default 2)")
    args = parser.parse_args(argv)
    figures = postgres_peer(args.raw_dir, args.threads)
    print(json.dumps(figures, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
