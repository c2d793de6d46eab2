import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "expo.settings")

application = get_wsgi_application()

# The search's Chinese dictionary is loaded as the process starts (before gunicorn's worker
# takes requests, or once in the master with --preload), not by the first visitor's search.
from exhibitors.search import warm_up  # noqa: E402 - needs the settings configured above

warm_up()
