from django.urls import NoReverseMatch, reverse

from .. import __version__

NAV = (("Gemeenten", "web:home"), ("Over deze cijfers", "web:methods"), ("Open data (API)", "api:docs"))


def site(request):
    """Names used by every page: the product, its version and the main navigation."""
    nav = []
    user = getattr(request, "user", None)
    account = ("Mijn werk", "accounts:dashboard") if getattr(user, "is_authenticated", False) else ("Inloggen", "accounts:login")
    for label, name in (*NAV, account):
        try:
            nav.append((label, reverse(name)))
        except NoReverseMatch:
            continue
    return {"site_name": "Kernfoto", "version": __version__, "nav": nav}
