"""Acknowledged means committed: SIGKILL mid-load loses and doubles nothing."""

from __future__ import annotations

from common_ground_tools.inbox import bench


def test_sigkill_mid_load_keeps_every_acknowledged_submission_once(capsys):
    # The benchmark's own check, at a size the test suite can afford.
    assert bench.main(["--count", "200", "--clients", "8", "--threads", "4"]) == 0
    out = capsys.readouterr().out
    assert "SIGKILL after 100 acknowledged" in out
    assert "200 acknowledged of 200" in out
    assert "missing 0, stored more than once 0" in out
