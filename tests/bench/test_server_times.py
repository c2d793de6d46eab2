"""The expo day reads gunicorn's own time of the desks' scans from its access log
(``tests/bench/run.py`` ``server_times``): only the scans count, in milliseconds."""

from tests.bench.run import server_times


def test_the_scans_times_in_milliseconds_and_nothing_else(tmp_path):
    log = tmp_path / "access.log"
    scans = [f"{n * 1000} POST /staff/check-in/" for n in range(1, 101)]  # 1 ... 100 ms
    others = ["900000 GET /staff/check-in/", "800000 POST /staff/protocol/", "garbage"]
    log.write_text("\n".join(others[:1] + scans + others[1:]) + "\n", encoding="utf-8")

    times = server_times(log, method="POST", path="/staff/check-in/")

    assert times == {"server_p50_ms": 51.0, "server_p95_ms": 96.0, "server_p99_ms": 100.0}


def test_no_log_no_figures(tmp_path):
    assert server_times(tmp_path / "missing.log", method="POST", path="/") == {
        "server_p50_ms": None,
        "server_p95_ms": None,
        "server_p99_ms": None,
    }
