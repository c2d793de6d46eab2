"""The expo day's targets in ``make bench`` (``tests/bench/run.py`` ``targets``): the holds
figure is the booth rush's when it ran (the mix's exhibitors are paced, so the mix's holds/s is
the load offered), and a booth held twice in either phase fails the target."""

from tests.bench.run import expo_day_markdown, targets


def _day(*, holds_per_s, held_twice=0, scans_per_s=58.0, scan_p95=40.0):
    return {
        "users": 24,
        "duration_s": 30,
        "weights": {"exhibitor": 1},
        "paces": {},
        "kinds": {
            "check-in: scan": {
                "requests": 10,
                "errors": 0,
                "rps": scans_per_s,
                "p50_ms": 20.0,
                "p95_ms": scan_p95,
                "p99_ms": 60.0,
                "max_ms": 90.0,
            }
        },
        "invariants": {
            "booths_held_twice": held_twice,
            "tables_booked_twice": 0,
            "badges_checked_in_twice": 0,
            "registrations": 3,
            "registrations_mailed": 3,
            "registrations_without_mail": 0,
            "report_runs": {},
            "holds": 100,
            "holds_span_s": 1.0,
            "holds_per_s": holds_per_s,
            "scans_recorded": 10,
            "scans_span_s": 1.0,
            "scans_per_s": scans_per_s,
        },
    }


def _holds_row(run):
    rows = targets({"factors": [1], "runs": {"1": run}})
    return next(row for row in rows if "booth holds" in row["target"])


def test_the_holds_target_reads_the_booth_rush_when_it_ran():
    row = _holds_row({"expo_day": _day(holds_per_s=26.6), "booth_rush": _day(holds_per_s=140.4)})

    assert row["figure"] == "140.4 holds/s (booth rush), 0 held twice"
    assert row["met"] == "yes"


def test_without_a_booth_rush_the_mix_is_judged():
    assert _holds_row({"expo_day": _day(holds_per_s=26.6)})["met"] == "no"
    assert _holds_row({"expo_day": _day(holds_per_s=120.0)})["met"] == "yes"


def test_a_booth_held_twice_in_the_mix_fails_even_a_fast_rush():
    row = _holds_row({"expo_day": _day(holds_per_s=26.6, held_twice=1), "booth_rush": _day(holds_per_s=140.4)})

    assert row["figure"] == "140.4 holds/s (booth rush), 1 held twice"
    assert row["met"] == "no"


def test_the_report_shows_both_phases():
    result = {
        "factors": [1],
        "runs": {"1": {"expo_day": _day(holds_per_s=26.6), "booth_rush": _day(holds_per_s=140.4)}},
    }

    text = "\n".join(expo_day_markdown(result))

    assert "### K=1: 24 users" in text
    assert "### K=1, the booth rush: 24 users" in text
    assert "(140.4 holds/s)" in text
    assert "(26.6 holds/s)" in text
