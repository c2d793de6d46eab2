import pytest
from django.test import RequestFactory

from expo.views import bench


@pytest.mark.django_db
def test_bench_floor_is_not_mounted_without_expo_bench(client, settings):
    assert settings.EXPO_BENCH is False

    assert client.get("/bench/floor").status_code == 404


def test_bench_floor_answers_ok():
    response = bench.floor(RequestFactory().get("/bench/floor"))

    assert response.status_code == 200
    assert response.content == b"ok"
