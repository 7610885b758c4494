{#- 5.1 PETITION_CLASSIFICATION_TTHC, display only: per handling unit (unit rows) and period, the
    petitions received in P about rules and procedures (PhanLoai TTHC) over all petitions the unit
    received in P, rejected ones included. -#}
{{ indicator_petition_classification('PETITION_CLASSIFICATION_TTHC', 'TTHC') }}
