{#- 5.1 PETITION_CLASSIFICATION_STAFF, display only: per handling unit (unit rows) and period, the
    petitions received in P about staff behaviour (PhanLoai CAN_BO) over all petitions the unit
    received in P, rejected ones included. -#}
{{ indicator_petition_classification('PETITION_CLASSIFICATION_STAFF', 'CAN_BO') }}
