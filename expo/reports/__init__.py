"""Executive committee reports: figures (``figures``), the document they make (``document``),
its JSON, XLSX and PDF renderings (``render``, ``xlsx``, ``pdf``, ``charts``), and report runs
built by Celery workers (``runs``, ``digest``)."""
