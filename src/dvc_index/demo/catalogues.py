"""The demo's catalogues, computed from the reference data: unit groups with their latent
service levels (calibrated to the published rates), the unit catalogue, the procedure
catalogue; and the small deterministic helpers they share with the table writers."""

from __future__ import annotations

import math
import random
import statistics
from datetime import date

from dvc_index.demo.reference_data import (
    COMMUNE_PROCEDURES,
    DEPARTMENTS,
    HA_NAM_GSO,
    MINISTRIES,
    NINH_BINH_CODE,
    PLACE_A,
    PLACE_B,
    PROVINCE_LEVEL_PROCEDURES,
    PROVINCES_2025,
    PROVINCES_BEFORE_2025,
    VARIANTS,
)
from dvc_index.demo.tables import HA_NAM_RATES, LAST_FORMER_DAY, NATIONAL_RATES


def _place_name(k: int, salt: int) -> tuple[str, str]:
    """Two-syllable place name number k (< 600) of a province: distinct for distinct k
    (k mod 30 fixes the first syllable, k div 30 the second)."""
    r, m = k % 30, k // 30
    return PLACE_A[(7 * r + salt) % 30], PLACE_B[(13 * r + 11 * m + salt) % 20]


def _lower_first(s: str) -> str:
    return s[0].lower() + s[1:]


def _rng(*parts: object) -> random.Random:
    return random.Random(":".join(str(p) for p in parts))


def _solve_shift(values, weights, target, lo, hi, transform):
    """Find s such that the weighted mean of clip(transform(v + s)) equals target."""
    a, b = -10.0, 10.0
    for _ in range(200):
        m = (a + b) / 2
        mean = sum(
            w * min(hi_i, max(lo_i, transform(v + m)))
            for v, w, lo_i, hi_i in zip(values, weights, lo, hi, strict=True)
        ) / sum(weights)
        if mean < target:
            a = m
        else:
            b = m
    return (a + b) / 2


def build_groups() -> list[dict]:
    """Former provinces (g 0..62), current provinces (g 100..133), ministries (g 200..207),
    each with its unit data and performance profile."""
    nd = statistics.NormalDist()
    cur_by_gso = {p[0]: p for p in PROVINCES_2025}
    cur_index = {p[0]: n for n, p in enumerate(PROVINCES_2025)}
    groups: list[dict] = []

    def latent(code: str) -> dict[str, float]:
        r = _rng("profile", code)
        m = nd.inv_cdf(min(0.999, max(0.001, r.random())))
        return {
            "m": m,
            **{f"e{k}": nd.inv_cdf(min(0.999, max(0.001, r.random()))) for k in range(8)},
        }

    for fid, (gso, name, succ, pop) in enumerate(PROVINCES_BEFORE_2025):
        code = cur_by_gso[gso][3] if gso in cur_by_gso else f"HC{gso}"
        groups.append(
            {
                "g": fid,
                "kind": "TINH",
                "era": 0,
                "gso": gso,
                "code": code,
                "name": name,
                "succ_g": 100 + cur_index[succ],
                "succ_code": cur_by_gso[succ][3],
                "pop": pop,
                "n_lower": min(30, max(7, round(5 + 4 * pop))),
                "n_sub": 0,
                "hanam": gso == HA_NAM_GSO,
                "abbr": "UBND",
            }
        )
    pops = {p[0]: 0.0 for p in PROVINCES_2025}
    for _, _, succ, pop in PROVINCES_BEFORE_2025:
        pops[succ] += pop
    for cid, (gso, name, kind, code, _merged) in enumerate(PROVINCES_2025):
        full = name if kind == "central_city" else f"Tỉnh {name}"
        groups.append(
            {
                "g": 100 + cid,
                "kind": "TINH",
                "era": 1,
                "gso": gso,
                "code": code,
                "name": full,
                "succ_g": None,
                "succ_code": None,
                "pop": pops[gso],
                "n_lower": min(168, max(60, round(58 + 15 * pops[gso]))),
                "n_sub": 0,
                "hanam": code == NINH_BINH_CODE,
                "abbr": "UBND",
            }
        )
    for mid, (code, name, abbr, weight, agencies, _procs) in enumerate(MINISTRIES):
        groups.append(
            {
                "g": 200 + mid,
                "kind": "BO",
                "era": None,
                "gso": None,
                "code": code,
                "name": name,
                "succ_g": None,
                "succ_code": None,
                "pop": weight,
                "n_lower": 0,
                "n_sub": len(agencies),
                "hanam": False,
                "abbr": abbr,
            }
        )
    for grp in groups:
        grp.update(latent(grp["code"] + ("" if grp["era"] != 0 else "-old")))

    # The three calibrated shares: per era, provinces spread around the national figure.
    for era in (0, 1, None):
        members = [x for x in groups if x["era"] == era]
        free = [x for x in members if not x["hanam"]]
        fixed = [x for x in members if x["hanam"]]
        w_fixed = sum(x["pop"] for x in fixed)
        w_free = sum(x["pop"] for x in free)

        if era is None:  # ministries: no published target; below the provinces
            tg = {"online": 0.42, "paid_online": 0.10, "digitized": 0.50}
        else:  # what the non-Hà Nam provinces must average for the pooled national figure
            tg = {
                key: (NATIONAL_RATES[key] * (w_fixed + w_free) - HA_NAM_RATES[key] * w_fixed)
                / w_free
                for key in NATIONAL_RATES
            }

        # online (3.3): linear spread, sd ~ 13 points
        z33 = [0.8 * x["m"] + 0.6 * x["e0"] for x in free]
        s = _solve_shift(
            [0.13 * z for z in z33],
            [x["pop"] for x in free],
            tg["online"],
            [0.22] * len(free),
            [0.95] * len(free),
            lambda v, t=tg["online"]: t + v,
        )
        for x, z in zip(free, z33, strict=True):
            x["t33"] = min(0.95, max(0.22, tg["online"] + 0.13 * z + s))
        # digitized (4.2) ≥ online + 1 point (online dossiers are digitized)
        z42 = [0.8 * x["m"] + 0.6 * x["e1"] for x in free]
        lo42 = [x["t33"] + 0.01 for x in free]
        s = _solve_shift(
            [0.12 * z for z in z42],
            [x["pop"] for x in free],
            tg["digitized"],
            lo42,
            [0.985] * len(free),
            lambda v, t=tg["digitized"]: t + v,
        )
        for x, z, lo in zip(free, z42, lo42, strict=True):
            x["t42"] = min(0.985, max(lo, tg["digitized"] + 0.12 * z + s))
        # paid online (3.6): log-normal spread, at most 90 % of the online share
        z36 = [0.7 * x["m"] + 0.7 * x["e2"] for x in free]
        hi36 = [0.9 * x["t33"] for x in free]
        s = _solve_shift(
            [0.7 * z for z in z36],
            [x["pop"] for x in free],
            tg["paid_online"],
            [0.01] * len(free),
            hi36,
            lambda v, t=tg["paid_online"]: t * math.exp(v),
        )
        for x, z, hi in zip(free, z36, hi36, strict=True):
            x["t36"] = min(hi, max(0.01, tg["paid_online"] * math.exp(0.7 * z + s)))
        for x in fixed:
            x["t33"] = HA_NAM_RATES["online"]
            x["t36"] = HA_NAM_RATES["paid_online"]
            x["t42"] = HA_NAM_RATES["digitized"]

    def clip(v, lo, hi):
        return min(hi, max(lo, v))

    for x in groups:
        m, e = x["m"], [x[f"e{k}"] for k in range(8)]
        if x["hanam"]:
            m = 2.0
        x["p_ontime"] = clip(0.93 + 0.035 * m + 0.02 * e[3], 0.72, 0.995)
        x["p_supp"] = clip(0.07 + 0.025 * e[4], 0.02, 0.14)
        x["p_sync"] = clip(0.955 + 0.03 * m + 0.02 * e[5], 0.80, 1.0)
        x["p_rate"] = clip(0.12 + 0.05 * e[6], 0.03, 0.30)
        x["p_dissat"] = clip(0.04 - 0.015 * m, 0.005, 0.12)
        x["p_vneid"] = clip(0.60 + 0.15 * m, 0.20, 0.95)
        x["p_dc"] = clip(0.50 + 0.15 * m + 0.1 * e[7], 0.10, 0.90)
        x["p_reuse"] = clip(0.22 + 0.10 * m, 0.02, 0.60)
        x["p_kho"] = 0.0 if e[7] < -1.0 else clip(0.06 + 0.05 * e[5], 0.0, 0.30)
    return groups


def unit_catalogue(groups: list[dict], units_from: date) -> list[tuple]:
    """DonVi rows (MaDonVi, TenDonVi, LoaiDonVi, MaDonViCha, HieuLucTu, HieuLucDen,
    MaDonViKeThua); see the module docstring for the code scheme."""
    rows: list[tuple] = []
    by_g = {x["g"]: x for x in groups}
    f_from, f_to, c_from = units_from.isoformat(), LAST_FORMER_DAY.isoformat(), "2025-07-01"

    def locative(name: str) -> str:
        return _lower_first(name)

    for x in groups:
        code = x["code"]
        if x["kind"] == "BO":
            rows.append((code, x["name"], "BO", None, f_from, None, None))
            agencies = MINISTRIES[x["g"] - 200][4]
            for k, agency in enumerate(agencies, start=1):
                rows.append((f"{code}.{k:02d}", agency, "SO_NGANH", code, f_from, None, None))
            continue
        loc = locative(x["name"])
        if x["era"] == 0:
            succ = by_g[x["succ_g"]]
            rows.append((code, x["name"], "TINH", None, f_from, f_to, succ["code"]))
            for nn, dep in enumerate(DEPARTMENTS, start=1):
                name = (dep[1] or dep[0]).format(p=loc)
                rows.append(
                    (
                        f"{code}.{nn:02d}",
                        name,
                        "SO_NGANH",
                        code,
                        f_from,
                        f_to,
                        f"{succ['code']}.{nn:02d}",
                    )
                )
            for k in range(x["n_lower"]):
                a, b = _place_name(k, x["g"] + 50)
                kind = "Thành phố" if k == 0 else ("Thị xã" if k % 9 == 4 else "Huyện")
                commune = 101 + (k * 37 + x["g"]) % succ["n_lower"]
                rows.append(
                    (
                        f"{code}.{k + 1:03d}",
                        f"{kind} {a} {b}",
                        "HUYEN",
                        code,
                        f_from,
                        f_to,
                        f"{succ['code']}.{commune}",
                    )
                )
        else:
            rows.append((code, x["name"], "TINH", None, c_from, None, None))
            for nn, dep in enumerate(DEPARTMENTS, start=1):
                rows.append(
                    (f"{code}.{nn:02d}", dep[0].format(p=loc), "SO_NGANH", code, c_from, None, None)
                )
            urban = 0.5 if x["name"].startswith("Thành phố") else 0.2
            for k in range(x["n_lower"]):
                a, b = _place_name(k, x["g"])
                kind = "Phường" if k < urban * x["n_lower"] else "Xã"
                rows.append(
                    (f"{code}.{101 + k}", f"{kind} {a} {b}", "XA", code, c_from, None, None)
                )
    return rows


def procedure_catalogue() -> list[dict]:
    """ThuTuc rows plus the pool each procedure belongs to (pool 0 = province itself, 1..20 =
    department NN, 21 = commune/district, 100+m = ministry m) and its rank in the pool (rank 0 =
    most used)."""
    pools: list[tuple[int, str, str, list[str], str]] = []
    pools.append((0, "UB", "TINH", PROVINCE_LEVEL_PROCEDURES, "Ủy ban nhân dân cấp tỉnh"))
    for nn, dep in enumerate(DEPARTMENTS, start=1):
        pools.append((nn, dep[2], "TINH", dep[4], dep[0].format(p="cấp tỉnh")))
    pools.append((21, "XA", "XA", COMMUNE_PROCEDURES, "Ủy ban nhân dân cấp xã"))
    for mid, m in enumerate(MINISTRIES):
        pools.append((100 + mid, m[2], "BO", m[5], m[1]))

    out: list[dict] = []
    number = 1000
    for pool, abbr, level, bases, agency in pools:
        r = _rng("pool", pool)
        n_variants = {0: 3, 21: 5}.get(pool, 5 if pool < 100 else 7)
        names = [b + v for v in VARIANTS[:n_variants] for b in bases]
        size = len(names)
        for rank, name in enumerate(names):
            number += 1 + r.randrange(7)
            u = r.random()
            prefix = "1" if u < 0.6 else ("2" if u < 0.95 else "3")
            u = r.random()
            if u < 0.78:
                unit, limit = (
                    "NGAY_LAM_VIEC",
                    r.choice([1, 1, 2, 3, 3, 5, 5, 7, 10, 10, 12, 15, 15, 20, 30]),
                )
            elif u < 0.90:
                unit, limit = "NGAY", r.choice([7, 15, 20, 30, 45])
            elif u < 0.96:
                unit, limit = "GIO", r.choice([4, 8, 8, 24])
            else:
                unit, limit = "THANG", r.choice([1, 2, 3])
            if level == "TINH":
                cap = r.choices(["TINH", "BO,TINH", "TINH,XA"], [85, 5, 10])[0]
            elif level == "XA":
                cap = r.choices(["XA", "TINH,XA"], [80, 20])[0]
            else:
                cap = r.choices(["BO", "BO,TINH"], [85, 15])[0]
            if pool == 21:
                who = r.choices(
                    [
                        "CONG_DAN",
                        "CONG_DAN,NUOC_NGOAI",
                        "CONG_DAN,DOANH_NGHIEP",
                        "CONG_DAN,DOANH_NGHIEP,TO_CHUC",
                    ],
                    [70, 10, 12, 8],
                )[0]
            else:
                who = r.choices(
                    [
                        "CONG_DAN",
                        "CONG_DAN,DOANH_NGHIEP,TO_CHUC",
                        "DOANH_NGHIEP",
                        "CONG_DAN,DOANH_NGHIEP",
                        "TO_CHUC",
                        "DOANH_NGHIEP,TO_CHUC",
                        "CONG_DAN,NUOC_NGOAI",
                    ],
                    [40, 20, 15, 10, 5, 5, 5],
                )[0]
            if rank >= 0.75 * size:
                status = r.choices(
                    ["DANG_CONG_KHAI", "DANG_CONG_KHAI_SDBS", "BAI_BO", "CHUA_CONG_KHAI"],
                    [55, 15, 15, 15],
                )[0]
            else:
                status = r.choices(["DANG_CONG_KHAI", "DANG_CONG_KHAI_SDBS"], [85, 15])[0]
            unit_text = {
                "NGAY_LAM_VIEC": "ngày làm việc",
                "NGAY": "ngày",
                "GIO": "giờ",
                "THANG": "tháng",
            }[unit]
            who_text = "; ".join(
                {
                    "CONG_DAN": "Công dân Việt Nam",
                    "DOANH_NGHIEP": "Doanh nghiệp",
                    "TO_CHUC": "Tổ chức",
                    "NUOC_NGOAI": "Người nước ngoài",
                }[w]
                for w in who.split(",")
            )
            texts = {
                "TrinhTu": "Bước 1: Tổ chức, cá nhân chuẩn bị hồ sơ theo quy định. Bước 2: Nộp "
                "hồ sơ tại Bộ phận Một cửa hoặc trực tuyến trên Cổng Dịch vụ công quốc gia. "
                "Bước 3: Cơ quan có thẩm quyền thẩm định, giải quyết và trả kết quả.",
                "CachThuc": r.choice(
                    [
                        "Trực tiếp; Trực tuyến; Dịch vụ bưu chính công ích",
                        "Trực tiếp; Trực tuyến",
                        "Trực tuyến",
                    ]
                ),
                "ThanhPhanHoSo": r.choice(
                    [
                        "Tờ khai theo mẫu; Bản sao giấy tờ tùy thân",
                        "Đơn đề nghị theo mẫu; Bản sao giấy tờ chứng minh; Giấy ủy quyền (nếu có)",
                        "Văn bản đề nghị; Hồ sơ kỹ thuật; Bản sao quyết định thành lập",
                    ]
                ),
                "ThoiHan": f"{limit} {unit_text} kể từ ngày nhận đủ hồ sơ hợp lệ",
                "DoiTuong": who_text,
                "CoQuanThucHien": agency,
            }
            if r.random() < 0.10:  # one mandatory part missing: 1.3 is not always full
                texts[r.choice(list(texts))] = None
            out.append(
                {
                    "pool": pool,
                    "rank": rank,
                    "psize": size,
                    "MaTTHC": f"{prefix}.{number:06d}",
                    "TenTTHC": name,
                    "MaLinhVuc": f"{abbr}{1 + (rank % len(bases)) % 3:02d}",
                    "CapThucHien": cap,
                    "ThoiHanGiaiQuyet": limit,
                    "DonViTinh": unit,
                    "YeuCauKetQuaGiay": "1" if r.random() < 0.45 else "0",
                    "CoPhiLePhi": "1" if r.random() < 0.50 else "0",
                    "DuDieuKienToanTrinh": "1" if r.random() < 0.45 else "0",
                    "DoiTuongThucHien": who,
                    "TrangThaiCongKhai": status,
                    **texts,
                    "fee_base": r.choice(
                        [5000, 10000, 20000, 30000, 50000, 100000, 150000, 200000, 500000, 1000000]
                    ),
                }
            )
    return out
