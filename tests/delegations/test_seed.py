import io

import pytest
from django.core.management import call_command

from delegations.models import Delegate, Delegation
from delegations.selectors import leaders_summary, schedule_warnings
from expo.models import Edition


@pytest.mark.slow
@pytest.mark.django_db
def test_seed_demo_reproduces_the_published_leaders_from_the_records(monkeypatch):
    monkeypatch.setenv("DEMO_PASSWORD", "demo-password-for-tests")
    call_command("seed_demo", light=True, stdout=io.StringIO())
    call_command("seed_demo", light=True, stdout=io.StringIO())  # idempotent
    thirteenth = Edition.objects.get(number=13)
    twelfth = Edition.objects.get(number=12)

    assert leaders_summary(edition=thirteenth) == {
        "foreign": {"leaders": 46, "countries_regions": 12},
        "central": {"leaders": 9, "institutions": 12},
        "provincial": {"leaders": 10, "provinces": 12},
    }
    assert leaders_summary(edition=twelfth) == {
        "foreign": {"leaders": 24, "countries_regions": 8},
        "central": {"leaders": 5, "institutions": 6},
        "provincial": {"leaders": 6, "provinces": 7},
    }
    # Really computed: lower ranks and invitees who did not come are around the leaders.
    delegates = Delegate.objects.filter(delegation__edition=thirteenth)
    assert delegates.filter(attended=True, rank__gte=5).count() > 0
    assert delegates.filter(attended=False, rank__lte=4).count() > 0
    assert Delegation.objects.filter(edition=thirteenth, status__in=["declined", "cancelled"]).count() == 4
    assert sorted({w.kind for w in schedule_warnings(edition=thirteenth)}) == ["late_arrival", "overlap"]
