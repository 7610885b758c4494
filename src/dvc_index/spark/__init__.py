"""The Spark side: a standalone Spark cluster with a Thrift server on this machine (cluster)."""
