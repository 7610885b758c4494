{#- 1.4 DOSSIER_SYNC at unit level: dossiers received in P and synced by as_of, over the larger of
    the dossiers received and the unit's own BaoCaoQuocGia count for exactly that period label.
    A ministry's or province's own report row is not applied here but to its pooled figure
    (int_indicator_counts), as the spec says. -#}

with

counts as (

    select * from {{ ref('int_dossier_period_counts') }}

),

national_reports as (

    select * from {{ ref('int_national_report_counts') }}

),

sub_unit_reports as (

    select
        unit_code,
        period_type,
        period_label,
        received_dossier_count
    from national_reports
    where not is_block_root and not is_national

),

combined as (

    select
        coalesce(counts.unit_code, sub_unit_reports.unit_code) as unit_code,
        coalesce(counts.period_type, sub_unit_reports.period_type) as period_type,
        coalesce(counts.period_label, sub_unit_reports.period_label) as period_label,
        coalesce(counts.synced_count, 0) as synced_count,
        case
            when coalesce(sub_unit_reports.received_dossier_count, 0) > coalesce(counts.received_count, 0)
                then sub_unit_reports.received_dossier_count
            else coalesce(counts.received_count, 0)
        end as denominator_count
    from counts
    full outer join sub_unit_reports
        on
            counts.unit_code = sub_unit_reports.unit_code
            and counts.period_type = sub_unit_reports.period_type
            and counts.period_label = sub_unit_reports.period_label

),

final as (

    select
        unit_code,
        period_type,
        period_label,
        cast('DOSSIER_SYNC' as {{ dbt.type_string() }}) as indicator_code,
        cast('unit' as {{ dbt.type_string() }}) as figure_level,
        cast(synced_count as {{ type_double() }}) as numerator,
        cast(denominator_count as {{ type_double() }}) as denominator
    from combined
    where synced_count > 0 or denominator_count > 0

)

select * from final
