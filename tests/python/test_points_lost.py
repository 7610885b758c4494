"""The points-lost marts agree with the scores and with each other on a dirty demo zone."""

from __future__ import annotations

DOSSIER_COMPONENTS = {
    "DOSSIER_SYNC",
    "ON_TIME_PROCESSING",
    "ONLINE_DOSSIER",
    "ONLINE_PAYMENT_DOSSIER",
    "ORIGINAL_RESULT_AVAILABLE",
    "SO_HOA_GIAY_TO_GIAI_QUYET",
    "REUSED_DIGITIZED_DATA",
    "SYNCED_WITH_DVCQG_PERSONAL_STORAGE",
    "CITIZEN_DATA_CONNECTED_DOSSIER",
    "DOSSIER_RECEIVING_SATISFACTION",
}


def test_points_plus_points_lost_is_the_maximum(dirty_zone):
    assert dirty_zone.build.returncode == 0, dirty_zone.build.stdout[-3000:]
    (rows, scores, mismatched, negative, orphans) = dirty_zone.query(
        """
        select
            (select count(*) from marts.fct_points_lost),
            (select count(*) from marts.fct_indicator_scores),
            (select count(*) from marts.fct_points_lost
             where abs(points + points_lost - max_points) > 1e-9),
            (select count(*) from marts.fct_points_lost where points_lost < 0),
            (select count(*) from marts.fct_points_lost as lost
             anti join marts.fct_indicator_scores as scores
             using (unit_code, period_type, period_label, indicator_code, points, max_points))
        """
    )[0]
    assert rows == scores > 0
    assert (mismatched, negative, orphans) == (0, 0, 0)


def test_cause_counts_are_the_failing_items(dirty_zone):
    rows = dirty_zone.query(
        """
        select indicator_code, cause_kind, cause_code, points_lost, cause_count, numerator,
               denominator
        from marts.fct_points_lost
        where points_lost > 0
        """
    )
    assert rows
    kinds = {}
    for code, kind, cause, _lost, count, numerator, denominator in rows:
        kinds.setdefault(code, set()).add(kind)
        if cause == code:
            assert count == denominator - numerator > 0, (code, count, numerator, denominator)
        else:
            assert cause in {"EMPTY_DENOMINATOR", "SYNC_FACTOR"} and count == 0 and kind == "none"
    for code in DOSSIER_COMPONENTS & set(kinds):
        assert kinds[code] <= {"dossiers", "none"}, code
    assert kinds.get("PUBLISH_ON_TIME", set()) <= {"procedures", "none"}
    assert kinds.get("PETITION_PROCESSING_ON_TIME", set()) <= {"petitions", "none"}


def test_drill_down_lists_exactly_the_failing_dossiers(dirty_zone):
    rows = dirty_zone.query(
        """
        with listed as (
            select unit_code, period_type, period_label, indicator_code,
                   count(*) as listed, count(distinct dossier_code) as distinct_dossiers
            from marts.fct_points_lost_dossiers
            group by all
        )
        select lost.unit_code, lost.period_label, lost.indicator_code, lost.cause_count,
               lost.listed_dossier_count, coalesce(listed.listed, 0),
               coalesce(listed.distinct_dossiers, 0), lost.source, lost.points_lost
        from marts.fct_points_lost as lost
        full outer join listed using (unit_code, period_type, period_label, indicator_code)
        """
    )
    checked = 0
    for unit, label, code, cause_count, listed_count, listed, distinct, source, lost in rows:
        assert listed_count == listed == distinct, (unit, label, code)
        if listed:
            assert code in DOSSIER_COMPONENTS and source == "computed" and lost > 0
            assert unit != "VN"
        if code in DOSSIER_COMPONENTS and source == "computed" and unit != "VN" and lost > 0:
            if code == "DOSSIER_SYNC":
                # BaoCaoQuocGia may count dossiers the warehouse never received (no code)
                assert listed <= cause_count, (unit, label)
            else:
                assert listed == cause_count, (unit, label, code, listed, cause_count)
            checked += 1
    assert checked > 100


def test_root_lists_the_dossiers_of_its_units(dirty_zone):
    """A province's list is its own dossiers plus those its units list for the same figure."""
    (missing,) = dirty_zone.query(
        """
        select count(*)
        from marts.fct_points_lost_dossiers as sub
        inner join marts.dim_units as units on sub.unit_code = units.unit_code
        inner join marts.fct_points_lost as root_lost
            on root_lost.unit_code = units.root_unit_code
            and root_lost.period_type = sub.period_type
            and root_lost.period_label = sub.period_label
            and root_lost.indicator_code = sub.indicator_code
            and root_lost.listed_dossier_count > 0
        anti join marts.fct_points_lost_dossiers as root
            on root.unit_code = units.root_unit_code
            and root.period_type = sub.period_type
            and root.period_label = sub.period_label
            and root.indicator_code = sub.indicator_code
            and root.dossier_code = sub.dossier_code
        where units.unit_type_code in ('SO_NGANH', 'XA', 'HUYEN')
        """
    )[0]
    assert missing == 0


def test_drill_down_holds_codes_only(dirty_zone):
    columns = [
        row[0]
        for row in dirty_zone.query(
            "select column_name from duckdb_columns() where schema_name = 'marts' "
            "and table_name = 'fct_points_lost_dossiers' order by column_index"
        )
    ]
    assert columns == [
        "unit_code",
        "period_type",
        "period_label",
        "indicator_code",
        "dossier_code",
        "reason",
        "handling_unit_code",
        "procedure_code",
    ]
