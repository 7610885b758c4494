{#- 3.5 PAYMENT_PROCEDURE_INTEGRATED: fee-bearing procedures applied by the unit for which at
    least one dossier received in P carried a non-zero fee line / fee-bearing procedures applied
    by the unit. Procedures are counted once per level (unit, ministry/province, nation). -#}
{{ indicator_from_applied_procedures(
    'PAYMENT_PROCEDURE_INTEGRATED', 'procedures.has_fee', 'has_nonzero_fee_dossier'
) }}
