"""Public pages rendered once per data generation and served from memory afterwards.

Only anonymous GET requests that answer 200 without setting cookies are cached, keyed by the
full path (with query), the data generation and the date, so any import, approval or edit shows at
once, and what depends on the date (entries not checked for a year, milestones that are due) is
never a day old.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from functools import wraps

from django.http import HttpResponse

from .models import current

MAX_ENTRIES = 1024
_cache: OrderedDict[tuple[str, int, dt.date], tuple[bytes, int, list[tuple[str, str]]]] = OrderedDict()
_lock = threading.Lock()


def cached_page(view):
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method != "GET" or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        key = (request.get_full_path(), current(), dt.date.today())
        with _lock:
            hit = _cache.get(key)
            if hit is not None:
                _cache.move_to_end(key)
        if hit is not None:
            content, status, headers = hit
            response = HttpResponse(content, status=status)
            for name, value in headers:
                response[name] = value
            return response
        response = view(request, *args, **kwargs)
        if response.status_code == 200 and not response.streaming and not response.cookies:
            headers = [(k, v) for k, v in response.items()]
            with _lock:
                _cache[key] = (response.content, response.status_code, headers)
                while len(_cache) > MAX_ENTRIES:
                    _cache.popitem(last=False)
        return response

    return wrapper


def clear() -> None:
    with _lock:
        _cache.clear()
