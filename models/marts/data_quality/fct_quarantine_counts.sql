{%- set quarantine_models = [
    'quarantine_dvcqg__dossiers', 'quarantine_dvcqg__processing_steps',
    'quarantine_dvcqg__supplement_requests', 'quarantine_dvcqg__submitted_documents',
    'quarantine_dvcqg__result_documents', 'quarantine_dvcqg__fee_lines',
    'quarantine_dvcqg__ratings', 'quarantine_dvcqg__petitions', 'quarantine_dvcqg__units',
    'quarantine_dvcqg__procedures', 'quarantine_dvcqg__unit_procedures',
    'quarantine_dvcqg__publication_decisions', 'quarantine_dvcqg__holidays',
    'quarantine_dvcqg__national_report_counts', 'quarantine_dvcqg__external_indicator_counts',
    'quarantine_dvcqg__published_scores',
] -%}

with

rejects as (

    {% for model in quarantine_models %}
        select
            raw_table,
            reject_rule,
            source_file
        from {{ ref(model) }}
        {% if not loop.last %}union all{% endif %}
    {% endfor %}

),

rules as (

    select * from {{ ref('reject_rules') }}

),

counted as (

    select
        raw_table,
        reject_rule,
        count(*) as rejected_rows,
        count(distinct source_file) as source_files
    from rejects
    group by raw_table, reject_rule

),

final as (

    select
        counted.raw_table,
        counted.reject_rule,
        rules.description as reject_rule_description,
        counted.rejected_rows,
        counted.source_files
    from counted
    left join rules
        on counted.reject_rule = rules.rule

)

select * from final
