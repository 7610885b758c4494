"""A Spark standalone cluster on this machine, with the Thrift server dbt's `spark_cluster` target
connects to (README, "Running on a Spark cluster").

Everything runs from pyspark's own distribution (its bin/spark-class and jars: the standalone
master and worker, and HiveThriftServer2) and the system's Java 17, on 127.0.0.1 only:

- a standalone master (its web UI, with the JSON status at /json, on a free port);
- workers (default two, 1 core and 2 GB each) registered with it;
- the Thrift server, submitted to the master (its executors run on the workers), with the
  settings of the `spark` session target (profiles.yml): UTC session time zone, ANSI off,
  CORRECTED time parser, Parquet mergeSchema, variable substitution on, the warehouse directory
  and its Derby metastore; and, in its own environment only, the HMAC pads and key id
  (`${env:DVC_HMAC_IPAD}` etc. in the SQL; README, Personal data).

Ports are chosen free at run time; logs and work directories are under the work dir. Everything
started is stopped by process id (with its process group: a worker's executors) on exit,
also when starting fails.

    dvc-index spark-cluster start --workdir /tmp/cluster --warehouse /tmp/cluster/wh
    (prints the DVC_SPARK_HOST/PORT for dbt; Ctrl-C or `stop` ends it)
    dvc-index spark-cluster stop --workdir /tmp/cluster
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from dvc_index.common import dvc_environment, run_dbt
from dvc_index.privacy import HmacKeyError, spark_environment

HOST = "127.0.0.1"
THRIFT_SERVER_CLASS = "org.apache.spark.sql.hive.thriftserver.HiveThriftServer2"
PIDS_FILE = "pids.json"
HMAC_VARIABLES = ("DVC_HMAC_IPAD", "DVC_HMAC_OPAD", "DVC_HMAC_KEY_ID")


def spark_home() -> Path:
    """pyspark's package directory: a Spark distribution (bin/, jars/)."""
    import pyspark

    return Path(pyspark.__file__).resolve().parent


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def port_answers(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.settimeout(1)
        return probe.connect_ex((HOST, port)) == 0


def session_settings(warehouse: Path, shuffle_partitions: int = 4) -> dict[str, str]:
    """The Spark SQL settings of profiles.yml's `spark` target, for the Thrift server."""
    return {
        "spark.sql.warehouse.dir": str(warehouse / "tables"),
        "spark.driver.extraJavaOptions": (
            f"-Dderby.system.home={warehouse / 'metastore'} "
            f"-Dderby.stream.error.file={warehouse / 'metastore' / 'derby.log'}"
        ),
        "spark.sql.session.timeZone": "UTC",
        "spark.sql.ansi.enabled": "false",
        "spark.sql.legacy.timeParserPolicy": "CORRECTED",
        "spark.sql.parquet.mergeSchema": "true",
        "spark.sql.sources.default": "parquet",
        "spark.sql.legacy.createHiveTableByDefault": "false",
        "spark.sql.variable.substitute": "true",
        "spark.sql.shuffle.partitions": str(shuffle_partitions),
        "spark.ui.enabled": "false",
        "spark.ui.showConsoleProgress": "false",
    }


@dataclass
class SparkCluster:
    """Start with `with SparkCluster(...) as cluster:`; `cluster.thrift_port` is dbt's port."""

    workdir: Path
    warehouse: Path
    hmac_env: Mapping[str, str]
    workers: int = 2
    worker_cores: int = 1
    worker_memory: str = "2g"
    # 1g was too little, on the driver and then on an executor: a data test's join that adaptive
    # execution turns into a broadcast (its shuffle under 10 MB, its hash relation 76 MB) asked
    # for 128 MB pages that a 1g JVM could not give, retried until its stack overflowed, and the
    # executor died (exit 50); the build passed on a new executor, 17 minutes later
    executor_memory: str = "2g"
    driver_memory: str = "2g"
    daemon_memory: str = "256m"
    shuffle_partitions: int = 4
    start_timeout: float = 300.0
    processes: dict[str, subprocess.Popen] = field(default_factory=dict)
    master_port: int = 0
    master_ui_port: int = 0
    thrift_port: int = 0
    # the highest VmHWM seen per process (KiB), kept by sample_peaks()
    peaks_kib: dict[str, int] = field(default_factory=dict)

    @property
    def master_url(self) -> str:
        return f"spark://{HOST}:{self.master_port}"

    # ---- starting ----------------------------------------------------------------------------

    def __enter__(self) -> SparkCluster:
        try:
            self.start()
        except BaseException:
            self.stop()
            raise
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    def _environment(self, extra: Mapping[str, str] | None = None) -> dict[str, str]:
        env = {
            key: value
            for key, value in os.environ.items()
            if key not in HMAC_VARIABLES and key != "DVC_HMAC_KEY"
        }
        env.update(
            SPARK_HOME=str(spark_home()),
            SPARK_LOCAL_IP=HOST,
            SPARK_LOCAL_HOSTNAME="localhost",
            SPARK_MASTER_HOST=HOST,
            SPARK_LOG_DIR=str(self.workdir / "logs"),
            SPARK_LOCAL_DIRS=str(self.workdir / "local"),
            SPARK_DAEMON_MEMORY=self.daemon_memory,
            SPARK_CONF_DIR=str(self.workdir / "conf"),
            PYSPARK_PYTHON=sys.executable,
        )
        env.update(extra or {})
        return env

    def _launch(self, name: str, command: list[str], env: Mapping[str, str]) -> None:
        log = open(self.workdir / "logs" / f"{name}.log", "ab")  # noqa: SIM115 (the child's)
        with log:
            self.processes[name] = subprocess.Popen(
                command,
                cwd=self.workdir,
                env=dict(env),
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,
            )
        self._write_pids()

    def _write_pids(self) -> None:
        pids = {name: process.pid for name, process in self.processes.items()}
        (self.workdir / PIDS_FILE).write_text(json.dumps(pids, indent=2) + "\n")

    def _wait(self, what: str, ready, timeout: float | None = None) -> None:
        deadline = time.monotonic() + (timeout or self.start_timeout)
        while time.monotonic() < deadline:
            for name, process in self.processes.items():
                if process.poll() is not None:
                    raise RuntimeError(
                        f"Spark {name} exited ({process.returncode}) while waiting for {what}; "
                        f"see {self.workdir / 'logs' / (name + '.log')}"
                    )
            with contextlib.suppress(OSError, ValueError):
                if ready():
                    return
            time.sleep(1)
        raise TimeoutError(
            f"Spark cluster: {what} not ready after {timeout or self.start_timeout}s"
        )

    def start(self) -> None:
        for sub in ("logs", "local", "conf"):
            (self.workdir / sub).mkdir(parents=True, exist_ok=True)
        (self.warehouse / "metastore").mkdir(parents=True, exist_ok=True)
        spark_class = str(spark_home() / "bin" / "spark-class")
        self.master_port, self.master_ui_port = free_port(), free_port()
        self._launch(
            "master",
            [
                spark_class,
                "org.apache.spark.deploy.master.Master",
                "--host",
                HOST,
                "--port",
                str(self.master_port),
                "--webui-port",
                str(self.master_ui_port),
            ],
            self._environment(),
        )
        self._wait("the master", lambda: port_answers(self.master_port))
        for number in range(1, self.workers + 1):
            work_dir = self.workdir / f"worker-{number}"
            work_dir.mkdir(exist_ok=True)
            self._launch(
                f"worker-{number}",
                [
                    spark_class,
                    "org.apache.spark.deploy.worker.Worker",
                    "--host",
                    HOST,
                    "--port",
                    str(free_port()),
                    "--webui-port",
                    str(free_port()),
                    "--cores",
                    str(self.worker_cores),
                    "--memory",
                    self.worker_memory,
                    "--work-dir",
                    str(work_dir),
                    self.master_url,
                ],
                self._environment(),
            )
        self._wait("the workers", lambda: len(self.alive_workers()) == self.workers)
        self.thrift_port = free_port()
        command = [
            str(spark_home() / "bin" / "spark-submit"),
            "--class",
            THRIFT_SERVER_CLASS,
            "--master",
            self.master_url,
            "--name",
            "dvc-index Thrift server",
            "--driver-memory",
            self.driver_memory,
            "--executor-memory",
            self.executor_memory,
            "--total-executor-cores",
            str(self.workers * self.worker_cores),
        ]
        for key, value in session_settings(self.warehouse, self.shuffle_partitions).items():
            command += ["--conf", f"{key}={value}"]
        command += [
            "spark-internal",
            "--hiveconf",
            f"hive.server2.thrift.port={self.thrift_port}",
            "--hiveconf",
            f"hive.server2.thrift.bind.host={HOST}",
        ]
        # the key's pads reach the server's environment only (never a command line or a file)
        hmac = {name: self.hmac_env[name] for name in HMAC_VARIABLES}
        # Spark's launcher sizes the Thrift server's heap from SPARK_DAEMON_MEMORY, not
        # --driver-memory
        memory = {"SPARK_DAEMON_MEMORY": self.driver_memory}
        self._launch("thrift-server", command, self._environment({**hmac, **memory}))
        self._wait("the Thrift server", lambda: port_answers(self.thrift_port))

    # ---- status ------------------------------------------------------------------------------

    def master_status(self) -> dict:
        """The master's JSON status (workers, running and completed applications)."""
        url = f"http://{HOST}:{self.master_ui_port}/json/"
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 (loopback)
            return json.loads(response.read())

    def alive_workers(self) -> list[dict]:
        return [w for w in self.master_status().get("workers", []) if w.get("state") == "ALIVE"]

    def executor_logs(self) -> list[Path]:
        """The stderr logs of the executors the workers ran (worker-N/<app>/<executor>/stderr)."""
        return sorted(self.workdir.glob("worker-*/app-*/*/stderr"))

    def peak_memory_kib(self) -> dict[str, int]:
        """VmHWM (peak resident set) of each started process still running and of the workers'
        executors (their children), from /proc; an executor is named by its worker and pid."""
        started = {process.pid: name for name, process in self.processes.items()}
        peaks = {}
        for status in Path("/proc").glob("[0-9]*/status"):
            # a process gone meanwhile, or a zombie (no Vm* lines), is skipped
            with contextlib.suppress(OSError, ValueError, IndexError, KeyError):
                fields = dict(line.split(":", 1) for line in status.read_text().splitlines())
                pid, parent = int(fields["Pid"]), int(fields["PPid"])
                if pid in started:
                    name = started[pid]
                elif started.get(parent, "").startswith("worker"):
                    name = f"executor on {started[parent]} (pid {pid})"
                else:
                    continue
                peaks[name] = int(fields["VmHWM"].split()[0])
        return peaks

    def sample_peaks(self) -> dict[str, int]:
        """Merge the current VmHWM of every process into peaks_kib (a high-water mark only
        grows, so sampling now and then, and once before stopping, loses no peak of a process
        that is still running; an executor that ended between samples keeps its last one)."""
        for name, kib in self.peak_memory_kib().items():
            self.peaks_kib[name] = max(kib, self.peaks_kib.get(name, 0))
        return self.peaks_kib

    # ---- stopping ----------------------------------------------------------------------------

    def stop(self) -> None:
        """Stop what was started, last first: SIGTERM to each process (and its group: a worker's
        executors), then SIGKILL after a grace period. The peaks are sampled first."""
        self.sample_peaks()
        for name, process in reversed(list(self.processes.items())):
            stop_process(process.pid, lambda p=process: p.poll() is not None)
            with contextlib.suppress(subprocess.TimeoutExpired):
                process.wait(timeout=5)
            del self.processes[name]
        with contextlib.suppress(OSError):
            (self.workdir / PIDS_FILE).unlink()


def stop_process(pid: int, exited, grace: float = 20.0) -> None:
    """SIGTERM to the process group `pid` leads (started with start_new_session), then SIGKILL."""
    for signum, wait in ((signal.SIGTERM, grace), (signal.SIGKILL, 5.0)):
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(pid, signum)
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            if exited():
                return
            time.sleep(0.2)


def pid_running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie (exited, not reaped) counts as stopped
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0] != "Z"
    return True


def dbt_overrides(cluster: SparkCluster, workdir: Path) -> dict[str, str]:
    """dbt's environment for the `spark_cluster` target through this cluster's Thrift server
    (the DuckDB paths are unused there, but run_dbt makes their directories)."""
    return {
        "DVC_TARGET": "spark_cluster",
        "DVC_SPARK_HOST": HOST,
        "DVC_SPARK_PORT": str(cluster.thrift_port),
        "DVC_DUCKDB_PATH": str(workdir / "unused" / "unused.duckdb"),
        "DVC_DUCKDB_TEMP_DIR": str(workdir / "unused" / "tmp"),
    }


def load_averages() -> list[float]:
    """The machine's 1, 5 and 15 minute load averages (other jobs share its cores)."""
    return [round(load, 2) for load in os.getloadavg()]


def build_and_measure(
    cluster: SparkCluster, raw_dir: Path, workdir: Path, interval: float = 5.0
) -> int:
    """`dbt build` (every data test) through the cluster, sampling each process's peak resident
    memory (VmHWM) every `interval` s while it runs; writes the time, the peaks (dbt's from
    getrusage) and the load averages to <workdir>/build.json and prints them."""
    env = dvc_environment({"DVC_RAW_DIR": raw_dir, **dbt_overrides(cluster, workdir)})
    figures: dict[str, object] = {"raw_dir": str(raw_dir), "load_before": load_averages()}
    done = threading.Event()

    def sample() -> None:
        while not done.wait(interval):
            cluster.sample_peaks()

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    started = time.monotonic()
    try:
        result = run_dbt(
            ["build", "--exclude-resource-type", "unit_test"], env, target_path=workdir / "target"
        )
    finally:
        done.set()
        sampler.join()
    figures["build_s"] = round(time.monotonic() - started, 1)
    figures["load_after"] = load_averages()
    figures["returncode"] = result.returncode
    peaks = dict(cluster.sample_peaks())
    peaks["dbt"] = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    figures["peak_rss_mib"] = {name: round(kib / 1024) for name, kib in peaks.items()}
    figures["executor_logs"] = [str(path) for path in cluster.executor_logs()]
    (workdir / "build.json").write_text(json.dumps(figures, indent=2) + "\n")
    print(json.dumps(figures, indent=2))
    return result.returncode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "action",
        choices=("start", "stop", "build"),
        help="build: start, `dbt build` over --raw-dir through it, print time and memory, stop",
    )
    parser.add_argument("--workdir", type=Path, required=True, help="logs, pids, worker dirs")
    parser.add_argument("--warehouse", type=Path, help="tables and metastore (start, build)")
    parser.add_argument("--raw-dir", type=Path, help="the landing zone (build)")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--worker-memory", default="2g")
    parser.add_argument("--executor-memory", default="2g")
    parser.add_argument("--driver-memory", default="2g")
    args = parser.parse_args(argv)
    workdir = args.workdir.resolve()
    if args.action == "stop":
        pids_file = workdir / PIDS_FILE
        if not pids_file.exists():
            print(f"nothing to stop: no {pids_file}")
            return 0
        for name, pid in reversed(list(json.loads(pids_file.read_text()).items())):
            stop_process(pid, lambda p=pid: not pid_running(p))
            print(f"stopped {name} (pid {pid})")
        pids_file.unlink()
        return 0
    if args.warehouse is None:
        parser.error(f"{args.action} needs --warehouse")
    if args.action == "build" and args.raw_dir is None:
        parser.error("build needs --raw-dir")
    env = {"DVC_HMAC_KEY": os.environ.get("DVC_HMAC_KEY", "")}
    try:
        spark_environment(env)
    except HmacKeyError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1
    cluster = SparkCluster(
        workdir,
        args.warehouse.resolve(),
        env,
        workers=args.workers,
        worker_memory=args.worker_memory,
        executor_memory=args.executor_memory,
        driver_memory=args.driver_memory,
    )
    # SIGTERM stops the cluster as Ctrl-C does (the context manager's exit)
    signal.signal(signal.SIGTERM, signal.default_int_handler)
    with cluster:
        if args.action == "build":
            return build_and_measure(cluster, args.raw_dir.resolve(), workdir)
        print(f"master {cluster.master_url} (status http://{HOST}:{cluster.master_ui_port}/json/)")
        print(
            f"export DVC_TARGET=spark_cluster DVC_SPARK_HOST={HOST} "
            f"DVC_SPARK_PORT={cluster.thrift_port}"
        )
        print("running; Ctrl-C (or `stop`) stops every process it started", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            while all(p.poll() is None for p in cluster.processes.values()):
                time.sleep(1)
    return 0


if __name__ == "__main__":
    sys.exit(main())
