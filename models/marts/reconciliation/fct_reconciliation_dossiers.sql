{#- The drill-down of fct_reconciliation: for every unit and period the portal published a
    component figure for, the dossiers that can make the portal's dossier counts differ from the
    warehouse's, by cause (seed reconciliation_causes). Dossier codes only, no personal data.

    - NEVER_SYNCED / SYNCED_AFTER_READ (the warehouse counts them, the portal had not seen them):
      dossiers counted as received in P with no DongBoLuc at as_of, or synced after the portal's
      figure was read (ThoiDiemCongBo; without one, after the period);
    - SUB_DOSSIER / QUARANTINED / LOADED_AFTER_AS_OF (the portal may count them, the warehouse
      does not): inter-agency sub-dossiers received in P; dossiers whose every raw row was
      quarantined (with the first rule they broke); dossiers whose rows were all loaded after the
      build's as_of.
    A unit's figure lists its own dossiers; a ministry's or province's those of every unit that
    rolls up to it (today's map), as its pooled figure counts them. The nation (VN) is not
    listed: its dossiers are the provinces'. -#}

with

published as (

    select * from {{ ref('stg_dvcqg__published_scores') }}
    where figure_kind = 'component' and unit_code <> {{ national_unit_code() }}

),

periods as (

    select * from {{ ref('int_periods') }}

),

units as (

    select * from {{ ref('int_units') }}

),

dossiers as (

    select * from {{ ref('int_dossiers_enriched') }}

),

raw_dossiers as (

    select * from {{ ref('checked_dvcqg__dossiers') }}

),

rules as (

    select * from {{ ref('reject_rules') }}

),

-- the unit-periods read from the portal, with the moment the portal's figures were read
figures as (

    select
        published.unit_code,
        periods.period_type,
        periods.period_label,
        periods.period_start_at,
        periods.period_end_exclusive_at,
        coalesce(max(published.published_at), periods.period_end_exclusive_at) as read_at
    from published
    inner join periods
        on published.period_label = periods.period_label
    group by
        published.unit_code,
        periods.period_type,
        periods.period_label,
        periods.period_start_at,
        periods.period_end_exclusive_at

),

warehouse_dossiers as (

    select
        dossier_code,
        unit_code,
        root_unit_code,
        received_at,
        synced_at,
        cast(null as {{ dbt.type_string() }}) as reject_rule,
        case
            when is_sub_dossier then 'SUB_DOSSIER'
            when synced_at is null then 'NEVER_SYNCED'
        end as fixed_cause_code,
        is_counted
    from dossiers
    where received_at is not null

),

-- dossiers with no staged version: every row quarantined, or loaded after as_of (found from
-- the few codes with such a row, not by ranking every raw row)
suspect_rows as (

    select
        dossier_code,
        unit_code,
        received_at,
        parent_dossier_code,
        reject_rule,
        is_known_at_as_of
    from raw_dossiers
    where dossier_code is not null and (reject_rule is not null or not is_known_at_as_of)

),

staged_codes as (

    select distinct raw_dossiers.dossier_code
    from raw_dossiers
    inner join suspect_rows
        on raw_dossiers.dossier_code = suspect_rows.dossier_code
    where raw_dossiers.is_latest_version

),

lost_rows as (

    select
        suspect_rows.*,
        coalesce(rules.priority, 999) as rule_priority
    from suspect_rows
    left join rules
        on suspect_rows.reject_rule = rules.rule
    where suspect_rows.dossier_code not in (select staged_codes.dossier_code from staged_codes)

),

lost_ranked as (

    select
        lost_rows.*,
        row_number() over (
            partition by lost_rows.dossier_code
            order by
                case when lost_rows.is_known_at_as_of then 0 else 1 end,
                lost_rows.rule_priority,
                lost_rows.received_at
        ) as row_rank
    from lost_rows

),

lost_dossiers as (

    select
        lost_ranked.dossier_code,
        lost_ranked.unit_code,
        units.root_unit_code,
        lost_ranked.received_at,
        cast(null as {{ dbt.type_timestamp() }}) as synced_at,
        case when lost_ranked.is_known_at_as_of then lost_ranked.reject_rule end as reject_rule,
        case when lost_ranked.is_known_at_as_of then 'QUARANTINED' else 'LOADED_AFTER_AS_OF' end
            as fixed_cause_code,
        false as is_counted
    from lost_ranked
    inner join units
        on lost_ranked.unit_code = units.unit_code
    where
        lost_ranked.row_rank = 1
        and lost_ranked.received_at is not null
        and lost_ranked.parent_dossier_code is null

),

candidates as (

    select * from warehouse_dossiers
    union all
    select * from lost_dossiers

),

classified as (

    select
        figures.unit_code,
        figures.period_type,
        figures.period_label,
        candidates.dossier_code,
        candidates.unit_code as handling_unit_code,
        candidates.received_at,
        candidates.synced_at,
        candidates.reject_rule,
        case
            when candidates.fixed_cause_code is not null then candidates.fixed_cause_code
            when candidates.synced_at >= figures.read_at then 'SYNCED_AFTER_READ'
        end as cause_code
    from candidates
    inner join figures
        on
            (candidates.unit_code = figures.unit_code or candidates.root_unit_code = figures.unit_code)
            and candidates.received_at >= figures.period_start_at
            and candidates.received_at < figures.period_end_exclusive_at

),

final as (

    select
        cast(unit_code as {{ dbt.type_string() }}) as unit_code,
        cast(period_type as {{ dbt.type_string() }}) as period_type,
        cast(period_label as {{ dbt.type_string() }}) as period_label,
        cast(cause_code as {{ dbt.type_string() }}) as cause_code,
        cast(dossier_code as {{ dbt.type_string() }}) as dossier_code,
        cast(handling_unit_code as {{ dbt.type_string() }}) as handling_unit_code,
        cast(received_at as {{ dbt.type_timestamp() }}) as received_at,
        cast(synced_at as {{ dbt.type_timestamp() }}) as synced_at,
        cast(reject_rule as {{ dbt.type_string() }}) as reject_rule
    from classified
    where cause_code is not null

)

select * from final
