"""GOV.UK-style error pages (wired up as handler403, handler404 and handler500 in send_system/urls.py)."""

from django.conf import settings
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader


def forbidden(request, exception=None):
    return render(request, "errors/403.html", status=403)


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    """Rendered from a plain dictionary: no context processors, so nothing here touches the database,
    which may be what failed."""
    html = loader.get_template("errors/500.html").render({"service_name": settings.SERVICE_NAME})
    return HttpResponseServerError(html)
