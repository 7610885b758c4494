"""The progress helper: bars only on a terminal (or when asked), nothing changes otherwise."""

from __future__ import annotations

from dvc_index.progress import progress_bar, progress_enabled, track


def test_progress_follows_the_environment(monkeypatch):
    monkeypatch.setenv("DVC_PROGRESS", "1")
    assert progress_enabled() is True
    monkeypatch.setenv("DVC_PROGRESS", "0")
    assert progress_enabled() is False
    assert progress_enabled(True) is True
    monkeypatch.delenv("DVC_PROGRESS")
    assert progress_enabled() is False  # pytest's stderr is not a terminal


def test_track_yields_everything_and_draws_a_bar(capsys):
    assert list(track(range(5), "count", enabled=True)) == [0, 1, 2, 3, 4]
    assert "count: 100%" in capsys.readouterr().err
    with progress_bar(3, "steps", enabled=False) as bar:
        bar.update(3)
    assert capsys.readouterr().err == ""
