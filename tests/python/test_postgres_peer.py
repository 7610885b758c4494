"""The benchmark's PostgreSQL peer (dvc_index.bench.postgres) counts what the practical floor
counts: on a generated zone, its unit × month counts equal those of the floor's DuckDB
statement over the same files, its unit-period row count is the floor's figure, and the
throwaway cluster is gone afterwards. Without PostgreSQL the peer says so and returns None.

The reference below is the floor's statement (../shared/bench/practical_floor.py) up to its
`monthly` CTE, as DuckDB SQL over the Parquet files: two engines, two texts, one answer.
Speed is the benchmark's business, not this test's.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from dvc_index.bench.postgres import COUNTS, missing, postgres_peer
from dvc_index.demo.generate_raw import generate

needs_postgres = pytest.mark.skipif(
    missing() is not None, reason=f"PostgreSQL peer cannot run: {missing()}"
)

FLOOR_MONTHLY = """
with hoso as (
  select MaHoSo, arg_max(struct_pack(MaDonVi, MaHoSoGoc, KenhThucHien, NgayTiepNhan, NgayHenTra,
         NgayKetThucXuLy, DongBoLuc, HoSoCoThanhPhanSoHoa, TaiKhoanDuocXacThucVoiVNeID,
         DuocThanhToanTrucTuyen, MaCSDL), NapLuc::timestamptz) as h
  from {HoSo} group by MaHoSo
), d as (
  select MaHoSo, h.MaDonVi as unit, {ts_recv} as recv, {ts_due} as due,
         {ts_end} as reported_end, {ts_sync} as synced, h.KenhThucHien = '2' as online,
         h.HoSoCoThanhPhanSoHoa = '1' as digi_flag, h.TaiKhoanDuocXacThucVoiVNeID = '1'
         or coalesce(h.MaCSDL, '') like '%DC%' as popdata,
         h.DuocThanhToanTrucTuyen in ('1','2') as paid
  from hoso where h.MaHoSoGoc is null
), steps as (
  select MaHoSo, min(try_strptime(ThoiDiemXuLy, '%Y%m%d%H%M%S'))
         filter (where TrangThai in ('9','10','3','7','8')) as ended
  from {QuaTrinhXuLy} group by MaHoSo
), docs as (
  select MaHoSo, bool_or(x.DuocSoHoa = '1' or x.DuongDanTaiTepTin is not null) as digitized,
         bool_or(x.DuocTaiSuDung in ('1','2')) as reused,
         bool_or(x.DuocLayTuKhoDMQG = '1') as from_store
  from (select MaHoSo, arg_max(struct_pack(DuocSoHoa, DuongDanTaiTepTin, DuocTaiSuDung,
               DuocLayTuKhoDMQG, IsDeleted), NapLuc::timestamptz) as x
        from {TaiLieuNop} group by MaHoSo, TepDinhKemId)
  where coalesce(x.IsDeleted, '0') <> '1' group by MaHoSo
), results as (
  select MaHoSo, bool_or(DuongDanTepTinKetQua is not null) as eresult,
         bool_or(DongBoKhoCongDan = '1') as to_store
  from {GiayToKetQua} group by MaHoSo
), fees as (
  select MaHoSo, bool_or(Gia > 0) as charged from {LePhi} group by MaHoSo
), ratings as (
  select MaHoSo, bool_or(MucDanhGia = 'DISLIKE') as unhappy from {DanhGia} group by MaHoSo
), facts as (
  select d.*, coalesce(steps.ended, d.reported_end) as ended, docs.digitized, docs.reused,
         docs.from_store, results.eresult, results.to_store, fees.charged, ratings.unhappy
  from d left join steps using (MaHoSo) left join docs using (MaHoSo)
  left join results using (MaHoSo) left join fees using (MaHoSo)
  left join ratings using (MaHoSo)
  where d.recv is not null
)
select unit, strftime(date_trunc('month', recv), '%Y-%m') as month, count(*) as received,
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
from facts group by all order by unit, month
"""


def floor_monthly(raw_dir: Path) -> list[list]:
    tables = ("HoSo", "QuaTrinhXuLy", "TaiLieuNop", "GiayToKetQua", "LePhi", "DanhGia")
    sql = FLOOR_MONTHLY.format(
        **{t: f"read_parquet('{raw_dir / t}/*.parquet', union_by_name=true)" for t in tables},
        **{
            f"ts_{name}": f"try_strptime(h.{column}, '%Y%m%d%H%M%S')"
            for name, column in (
                ("recv", "NgayTiepNhan"),
                ("due", "NgayHenTra"),
                ("end", "NgayKetThucXuLy"),
                ("sync", "DongBoLuc"),
            )
        },
    )
    return [list(row) for row in duckdb.sql(sql).fetchall()]


@pytest.fixture(scope="module")
def zone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("pg_peer") / "raw"
    generate(out, 3000, seed=42)
    return out


@pytest.fixture(scope="module")
def peer(zone: Path) -> Iterator[tuple[dict, Path]]:
    if missing() is not None:
        pytest.skip(f"PostgreSQL peer cannot run: {missing()}")
    # a folder the server's account can enter when the tests run as root (pytest's are 0700)
    workdir = Path(tempfile.mkdtemp(prefix="dvc-pg-test-"))
    workdir.chmod(0o711)
    try:
        figures = postgres_peer(zone, threads=2, monthly=True, workdir=workdir)
        yield figures, workdir
    finally:
        shutil.rmtree(workdir, ignore_errors=True)


@needs_postgres
def test_unit_month_counts_equal_the_floor(zone: Path, peer: tuple[dict, Path]) -> None:
    figures, _ = peer
    expected = floor_monthly(zone)
    assert len(expected) > 500  # 3,000 dossiers over 21 months: many unit-months
    assert sum(row[2] for row in expected) > 2500  # received: the counted dossiers
    assert figures["monthly"] == expected
    totals = {c: sum(row[2 + i] for row in expected) for i, c in enumerate(COUNTS)}
    assert figures["totals"] == totals
    assert all(totals[c] > 0 for c in COUNTS)  # every count is exercised


@needs_postgres
def test_row_count_is_the_floors_figure(zone: Path, peer: tuple[dict, Path]) -> None:
    figures, _ = peer
    months = floor_monthly(zone)
    quarters = {(unit, month[:5] + str((int(month[5:]) - 1) // 3)) for unit, month, *_ in months}
    years = {(unit, month[:4]) for unit, month, *_ in months}
    assert figures["rows"] == len(months) + len(quarters) + len(years)
    assert (
        figures["loaded_rows"]["HoSo"]
        == duckdb.sql(f"select count(*) from read_parquet('{zone}/HoSo/*.parquet')").fetchone()[0]
    )
    assert figures["postgres_s"] > 0 and figures["postgres_load_s"] > 0


@needs_postgres
def test_the_throwaway_cluster_is_gone(peer: tuple[dict, Path]) -> None:
    _, workdir = peer
    assert list(workdir.iterdir()) == []  # data, socket, log and CSV files removed
    running = subprocess.run(["ps", "-eo", "args"], capture_output=True, text=True).stdout
    assert str(workdir) not in running  # no postgres process left with its data there


def test_without_postgres_the_peer_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # an empty folder: no initdb, postgres, psql
    assert postgres_peer(tmp_path / "raw") is None
    err = capsys.readouterr().err
    assert "PostgreSQL peer skipped: PostgreSQL is not installed here" in err
    assert "initdb, postgres, psql not on the PATH" in err
