from django.urls import path

from . import views

app_name = "voices"
urlpatterns = [
    path("<str:gemeente>/gesprekken/", views.list_voices, name="list"),
    path("<str:gemeente>/gesprekken/nieuw/", views.add_voice, name="add"),
    path("<str:gemeente>/gesprekken/<int:pk>/", views.edit_voice, name="edit"),
    path("<str:gemeente>/beoordelen/", views.review_queue, name="review"),
    path("<str:gemeente>/beoordelen/<int:pk>/", views.review_voice, name="review_voice"),
    path("<str:gemeente>/importeren/", views.import_page, name="import"),
    path("<str:gemeente>/teksten/", views.curated, name="curated"),
    path("<str:gemeente>/herkenning/", views.profile_review, name="profile_review"),
    path("<str:gemeente>/publiceren/", views.publish, name="publish"),
]
