{#- 4.5a CITIZEN_DATA_CONNECTED_FORMALITY: citizen-facing procedures (DoiTuongThucHien has
    CONG_DAN or NUOC_NGOAI) applied by the unit with at least one dossier received in P that used
    population data / citizen-facing procedures applied by the unit. Procedures are counted once
    per level (unit, ministry/province, nation): Phú Thọ's 396/1300 against its units' 6141/58055. -#}
{{ indicator_from_applied_procedures(
    'CITIZEN_DATA_CONNECTED_FORMALITY', 'procedures.is_citizen_facing', 'has_population_data_dossier'
) }}
