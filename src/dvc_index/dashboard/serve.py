"""How the dashboard is started: Streamlit, headless and offline, running this package's app.py
(`dvc-index dashboard`; the end-to-end test starts it the same way)."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

APP = Path(__file__).resolve().parent / "app.py"


def dashboard_command(port: int = 8501, address: str = "127.0.0.1") -> list[str]:
    """Streamlit, headless, offline (no usage statistics), bound to `address`."""
    streamlit = shutil.which("streamlit", path=str(Path(sys.executable).parent)) or "streamlit"
    return [
        streamlit,
        "run",
        str(APP),
        "--server.headless",
        "true",
        "--server.address",
        address,
        "--server.port",
        str(port),
        "--browser.gatherUsageStats",
        "false",
        "--client.toolbarMode",
        "viewer",
        "--server.fileWatcherType",
        "none",
    ]


def dashboard_environment(publish_dir: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env["STREAMLIT_BROWSER_GATHER_USAGE_STATS"] = "false"
    if publish_dir is not None:
        env["DVC_PUBLISH_DIR"] = str(publish_dir)
    return env
