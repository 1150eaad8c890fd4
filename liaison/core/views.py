"""Error pages rendered in the shell and language of the user."""

from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from liaison.core.api.errors import is_api_request, json_error_response


def page_not_found(request, exception=None):
    if is_api_request(request):  # an unknown URL under /api/ answers JSON too
        return json_error_response(request, 404)
    return render(request, "errors/404.html", status=404)


def permission_denied(request, exception=None):
    if is_api_request(request):
        return json_error_response(request, 403)
    return render(request, "errors/403.html", status=403)


def server_error(request):
    if is_api_request(request):
        return json_error_response(request, 500)
    # Rendered without the request: no context processor, session or query may fail
    # a second time while the error page is shown.
    return HttpResponseServerError(loader.render_to_string("errors/500.html"))
