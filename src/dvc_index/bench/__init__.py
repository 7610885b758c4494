"""The benchmark: the warehouse build timed against a practical floor and a PostgreSQL peer."""
