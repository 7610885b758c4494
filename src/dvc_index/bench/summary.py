"""The benchmark's figures: the result's `figures` (what reports and the README quote) and the
markdown table printed at the end of a run."""

from __future__ import annotations

from dvc_index.bench.measure import GB, gb_text, s_text


def summary_rows(result: dict) -> list[tuple[str, str]]:
    runs, builds = result["incremental_runs"], result["incremental_builds"]
    full, floor = result["full_build"], result["floor"]
    ratio = (
        full["seconds"] / floor["seconds"]
        if floor.get("rc") == 0 and full.get("rc") == 0 and (floor.get("seconds") or 0) > 0
        else None
    )
    result["ratio_full_build_to_practical_floor"] = ratio
    postgres_s = result.get("postgres", {}).get("postgres_s")
    first_run_s = runs[0]["seconds"] if runs and runs[0].get("rc") == 0 else None

    def to_postgres(seconds: float | None) -> float | None:
        return None if seconds is None or not postgres_s else seconds / postgres_s

    full_s = full["seconds"] if full.get("rc") == 0 else None
    micro = result.get("micro_batch") or {}
    micro_s = micro.get("seconds") if micro.get("rc") == 0 else None
    incr_peak = max((r["peak_bytes"] for r in runs + builds), default=None)
    result["figures"] = {
        "dossiers": result["dossiers"],
        "raw_rows_total": result["raw_rows_total"],
        "changed_dossiers_per_batch": [r["dossiers"] for r in runs],
        "generation_s": result["generation"]["seconds"],
        "full_build_s": full["seconds"],
        "full_build_peak_gb": full["peak_bytes"] / GB,
        "incremental_run_s": [r["seconds"] for r in runs],
        "incremental_build_s": [r["seconds"] for r in builds],
        "incremental_peak_gb": None if incr_peak is None else incr_peak / GB,
        "practical_floor_s": floor["seconds"],
        "practical_floor_peak_gb": (
            None if floor.get("peak_bytes") is None else floor["peak_bytes"] / GB
        ),
        "ratio_full_build_to_practical_floor": ratio,
        "postgres_s": postgres_s,
        "ratio_full_build_to_postgres": to_postgres(full_s),
        "ratio_incremental_run_to_postgres": to_postgres(first_run_s),
        "micro_batch_dossiers": micro.get("dossiers"),
        "micro_batch_to_published_s": micro_s,
        "micro_batch_stages_s": {x["stage"]: x["seconds"] for x in micro.get("stages", [])},
        "all_steps_ok": all(
            x.get("rc") == 0
            for x in [
                full,
                *runs,
                *builds,
                *([] if floor.get("skipped") else [floor]),
                *([micro] if "rc" in micro else []),
            ]
        ),
    }

    def status(step: dict) -> str:
        return "" if step.get("rc") == 0 else " (failed)"

    return [
        ("dossiers", f"{result['dossiers']:,}"),
        ("raw rows in total", f"{result['raw_rows_total']:,}"),
        ("changed dossiers per batch", " / ".join(f"{r['dossiers']:,}" for r in runs) or "-"),
        ("generation s", s_text(result["generation"]["seconds"])),
        ("full build s", s_text(full["seconds"]) + status(full)),
        ("full build peak GB", gb_text(full["peak_bytes"])),
        (
            "incremental run s (per batch)",
            " / ".join(s_text(r["seconds"]) + status(r) for r in runs) or "-",
        ),
        (
            "incremental build s (per batch)",
            " / ".join(s_text(r["seconds"]) + status(r) for r in builds) or "-",
        ),
        ("incremental peak GB", gb_text(incr_peak)),
        ("practical floor s", s_text(floor["seconds"]) + status(floor)),
        ("practical floor peak GB", gb_text(floor["peak_bytes"])),
        ("ratio full build / practical floor", "-" if ratio is None else f"{ratio:.1f}"),
        (
            "PostgreSQL peer s (load not timed)",
            s_text(postgres_s) if postgres_s else result.get("postgres", {}).get("skipped", "-"),
        ),
        ("ratio full build / PostgreSQL", _ratio_text(to_postgres(full_s))),
        ("ratio incremental run / PostgreSQL", _ratio_text(to_postgres(first_run_s))),
        (
            "micro-batch: files landed to published s",
            "-"
            if "rc" not in micro
            else f"{s_text(micro['seconds'])}{status(micro)} ({micro['dossiers']:,} dossiers: "
            + ", ".join(f"{x['stage']} {s_text(x['seconds'])}" for x in micro["stages"])
            + ")",
        ),
    ]


def _ratio_text(ratio: float | None) -> str:
    return "-" if ratio is None else f"{ratio:.2f}"
