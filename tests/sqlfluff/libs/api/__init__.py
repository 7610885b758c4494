"""Stand-in for dbt's `api` context object (lint only)."""


class Column:
    @staticmethod
    def translate_type(name):
        return name
