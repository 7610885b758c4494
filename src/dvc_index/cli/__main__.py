"""`python -m dvc_index.cli` is `dvc-index`."""

from dvc_index.cli import main

raise SystemExit(main())
