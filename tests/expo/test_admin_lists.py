"""Change lists of large tables: same rows and markup, less work."""

import re

import pytest
from django.db import connection

from events.models import Attendee
from expo import admin_lists
from tests.factories import AttendeeFactory, EditionFactory, ExhibitorFactory, OrganizerFactory

pytestmark = pytest.mark.django_db

EN = {"HTTP_ACCEPT_LANGUAGE": "en"}


@pytest.fixture
def admin_client(client):
    client.force_login(OrganizerFactory(is_superuser=True))
    return client


def test_attendee_changelist_lists_newest_first(admin_client):
    edition = EditionFactory(number=13)
    first, second, third = (AttendeeFactory(edition=edition, name=name) for name in ("Bai", "Cao", "An"))

    html = admin_client.get("/admin/events/attendee/", **EN).content.decode()

    shown = [int(pk) for pk in re.findall(r'name="_selected_action" value="(\d+)"', html)]
    assert shown == [third.pk, second.pk, first.pk]


def test_changelist_checkbox_and_country_are_django_s_markup(admin_client):
    ExhibitorFactory(name="Jilin <Grain> Co.", name_en="Jilin <Grain> Co.", country="JP", province="", city="")

    html = admin_client.get("/admin/exhibitors/exhibitor/", **EN).content.decode()

    assert re.search(
        r'<input type="checkbox" name="_selected_action" value="\d+" class="action-select" '
        r'aria-label="Select this object for an action - Jilin &lt;Grain&gt; Co.">',
        html,
    )
    assert '<td class="field-country_name">Japan</td>' in html


def test_exhibitor_changelist_shows_the_country_in_chinese(admin_client):
    ExhibitorFactory(country="JP", province="", city="")

    html = admin_client.get("/admin/exhibitors/exhibitor/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()

    assert '<td class="field-country_name">日本</td>' in html


@pytest.mark.postgres
def test_unfiltered_count_of_a_large_table_is_the_planner_estimate(monkeypatch):
    monkeypatch.setattr(admin_lists, "ESTIMATE_ABOVE_ROWS", 0)
    edition = EditionFactory(number=13)
    AttendeeFactory.create_batch(3, edition=edition)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE events_attendee")
    AttendeeFactory.create_batch(2, edition=edition)  # not in the statistics yet

    assert admin_lists.EstimatedCountPaginator(Attendee.objects.order_by("-pk"), 50).count == 3


@pytest.mark.postgres
def test_filtered_count_is_exact(monkeypatch):
    monkeypatch.setattr(admin_lists, "ESTIMATE_ABOVE_ROWS", 0)
    edition = EditionFactory(number=13)
    AttendeeFactory.create_batch(3, edition=edition)
    AttendeeFactory(edition=EditionFactory(number=12))
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE events_attendee")

    assert admin_lists.EstimatedCountPaginator(Attendee.objects.filter(edition=edition), 50).count == 3


def test_small_table_is_counted_exactly(django_assert_num_queries):
    AttendeeFactory.create_batch(2, edition=EditionFactory(number=13))

    with django_assert_num_queries(1):
        assert admin_lists.EstimatedCountPaginator(Attendee.objects.order_by("-pk"), 50).count == 2


@pytest.mark.parametrize("count", [1, 30])
def test_attendee_changelist_renders_at_most_a_page_in_constant_queries(admin_client, count, django_assert_num_queries):
    AttendeeFactory.create_batch(count, edition=EditionFactory(number=13))

    # session, user, the page's rows, the count (exact below the estimate's threshold), the
    # editions of the filter, the countries present (once per refresh period for the site)
    with django_assert_num_queries(6):
        html = admin_client.get("/admin/events/attendee/", **EN).content.decode()

    assert html.count('name="_selected_action"') == min(count, 25)


@pytest.mark.parametrize("count", [1, 30])
def test_exhibitor_changelist_renders_at_most_a_page_in_constant_queries(
    admin_client, count, django_assert_num_queries
):
    ExhibitorFactory.create_batch(count)

    # No second count of the whole table (show_full_result_count = False); the countries
    # present, once per refresh period for the site.
    with django_assert_num_queries(6):
        html = admin_client.get("/admin/exhibitors/exhibitor/", **EN).content.decode()

    assert html.count('name="_selected_action"') == min(count, 25)


def test_the_country_filter_lists_the_countries_of_the_rows_only(admin_client, settings, django_assert_num_queries):
    """Not the 250 of the field's choices: those of the attendees, named in the reader's
    language, read once per refresh period; choosing one filters the list."""
    settings.FIGURES_REFRESH_SECONDS = 30
    edition = EditionFactory()
    AttendeeFactory(edition=edition, country="MN", name="Bat-Erdene")
    AttendeeFactory(edition=edition, country="KR", name="Kim Minjun")

    html = admin_client.get("/admin/events/attendee/", **EN).content.decode()
    assert "?country=MN" in html
    assert "?country=KR" in html
    assert "?country=JP" not in html
    assert "Mongolia" in html

    filtered = admin_client.get("/admin/events/attendee/?country=MN", **EN).content.decode()
    assert "Bat-Erdene" in filtered
    assert "Kim Minjun" not in filtered
    with django_assert_num_queries(5):  # the countries present are not read again
        admin_client.get("/admin/events/attendee/", **EN)


def test_the_two_kinds_of_the_attendee_list_have_titles_of_their_own(admin_client):
    html = admin_client.get("/admin/events/attendee/", HTTP_ACCEPT_LANGUAGE="zh-hans").content.decode()
    assert "以 邀请单位类别" in html
    assert html.count("以 类别") == 1
