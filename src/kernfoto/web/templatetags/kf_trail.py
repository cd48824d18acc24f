"""``{% trail label url label url ... current %}``: the breadcrumb trail of a page, rendered by ``web/_trail.html``.

The arguments are (label, url) pairs followed by the label of the current page. A pair whose label or url is
empty is left out, so a template makes a level optional with ``{% if ... %}{% url ... as x %}{% endif %}``.
A view can also pass ``crumbs`` (dicts with ``label`` and ``url``) and ``{% include "web/_trail.html" %}``.
"""

from django import template

register = template.Library()


@register.inclusion_tag("web/_trail.html")
def trail(*args) -> dict:
    if len(args) % 2 == 0:
        raise template.TemplateSyntaxError("trail: give (label, url) pairs and then the current page's label")
    *pairs, current = args
    crumbs = [{"label": label, "url": url} for label, url in zip(pairs[::2], pairs[1::2], strict=True)
              if label and url]
    crumbs.append({"label": current, "url": ""})
    return {"crumbs": crumbs}
