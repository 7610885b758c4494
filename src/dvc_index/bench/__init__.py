"""Measurements, not tests: the build benchmark (benchmark and its parts), its PostgreSQL peer
(postgres), the HMAC UDF candidates (benchmark_hmac), ten scheduled builds in a row
(repeat_builds)."""
