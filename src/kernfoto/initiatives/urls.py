"""Included at the site root before the web app's catch-all ``gemeente/<code>/<area>/``: full paths here."""

from django.urls import path

from . import views_plans, views_public, views_work

app_name = "initiatives"
G = "gemeente/<str:code>/"
W = "werk/<str:gemeente>/"
urlpatterns = [
    # public
    path(G + "initiatieven/", views_public.public_list, name="public_list"),
    path(G + "initiatieven/indienen/", views_public.submit, name="submit"),
    path(G + "initiatieven/ontvangen/<str:key>/", views_public.receipt, name="receipt"),
    path(G + "wijkplannen/", views_public.plans_public, name="plans_public"),
    path(G + "wijkplannen/<int:pk>/", views_public.plan_public, name="plan_public"),
    # analysts
    path(W + "initiatieven/", views_work.work_list, name="work_list"),
    path(W + "initiatieven/budgetten/", views_work.pots, name="pots"),
    path(W + "initiatieven/budgetten/<int:pk>/", views_work.pot_edit, name="pot_edit"),
    path(W + "initiatieven/<int:pk>/", views_work.work_detail, name="work_detail"),
    path(W + "initiatieven/<int:pk>/beoordeling/", views_work.assess, name="assess"),
    path(W + "initiatieven/<int:pk>/besluit/", views_work.decide, name="decide"),
    path(W + "initiatieven/<int:pk>/evaluatie/", views_work.evaluate, name="evaluate"),
    path(W + "initiatieven/<int:pk>/bijlagen/<int:attachment_id>/", views_work.attachment, name="attachment"),
    # partners (their kernen) and analysts
    path(W + "wijkplannen/", views_plans.plans_work, name="plans"),
    path(W + "wijkplannen/nieuw/", views_plans.plan_new, name="plan_new"),
    path(W + "wijkplannen/<int:pk>/", views_plans.plan_edit, name="plan_edit"),
    path(W + "wijkplannen/<int:pk>/mijlpalen/", views_plans.milestone_add, name="milestone_add"),
    path(W + "wijkplannen/<int:pk>/mijlpalen/<int:milestone_id>/", views_plans.milestone_edit, name="milestone_edit"),
]
