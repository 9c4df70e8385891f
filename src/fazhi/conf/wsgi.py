import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "fazhi.conf.settings")
application = get_wsgi_application()

# Import every view now, as each server process starts, rather than on its first request: that request would wait
# for seconds of imports (gunicorn restarts its workers every --max-requests, see docs/deploy/fazhi-web.service).
from django.urls import get_resolver  # noqa: E402

get_resolver().url_patterns  # noqa: B018 - resolving the URLconf imports the views
