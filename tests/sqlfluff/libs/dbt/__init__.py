"""Stand-ins for dbt's cross-database macros, so sqlfluff can render models (lint only)."""


def concat(fields):
    return "concat(" + ", ".join(fields) + ")"


def hash(field):  # noqa: A001 - the dbt macro's name
    return f"md5(cast({field} as varchar))"


def split_part(string_text, delimiter_text, part_number):
    return f"split_part({string_text}, {delimiter_text}, {part_number})"


def safe_cast(field, type_):
    return f"try_cast({field} as {type_})"


def type_string():
    return "varchar"


def type_timestamp():
    return "timestamp"


def type_int():
    return "integer"


def dateadd(datepart, interval, from_date_or_timestamp):
    return f"date_add('{datepart}', {interval}, {from_date_or_timestamp})"


def datediff(first_date, second_date, datepart):
    return f"date_diff('{datepart}', {first_date}, {second_date})"


def date_trunc(datepart, date):
    return f"date_trunc('{datepart}', {date})"


def current_timestamp():
    return "current_timestamp"


def date_spine(datepart, start_date, end_date):
    return f"select cast(generate_series as date) as date_{datepart} from generate_series(1, 2)"


def type_float():
    return "double"


def last_day(date, datepart):
    return f"last_day({date})"


def type_bigint():
    return "bigint"
