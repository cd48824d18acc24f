from django.urls import path

from . import views_dialogue, views_public, views_work

app_name = "consultation"
W = "werk/<str:gemeente>/vragenlijsten/"
D = "werk/<str:gemeente>/dialoogsessies/"
urlpatterns = [
    # analysts
    path(W, views_work.questionnaire_list, name="list"),
    path(W + "<int:pk>/", views_work.questionnaire_detail, name="detail"),
    path(W + "<int:pk>/status/", views_work.change_state, name="state"),
    path(W + "<int:pk>/vragen/nieuw/", views_work.question_edit, name="question_add"),
    path(W + "<int:pk>/vragen/<int:qpk>/", views_work.question_edit, name="question_edit"),
    path(W + "<int:pk>/vragen/<int:qpk>/actie/", views_work.question_action, name="question_action"),
    path(W + "<int:pk>/uitnodigingen/", views_work.invitations, name="invitations"),
    path(W + "<int:pk>/uitnodigingen/<int:ipk>/", views_work.invitation_action, name="invitation_action"),
    path(W + "<int:pk>/resultaten/", views_work.results, name="results"),
    path(W + "<int:pk>/publiceren/", views_work.publish, name="publish"),
    path(W + "<int:pk>/antwoorden.csv", views_work.export, name="export"),
    # dialogue sessions (partners, analysts)
    path(D, views_dialogue.session_list, name="sessions"),
    path(D + "nieuw/", views_dialogue.session_edit, name="session_add"),
    path(D + "<int:pk>/", views_dialogue.session_edit, name="session_edit"),
    path(D + "<int:pk>/verwijderen/", views_dialogue.session_delete, name="session_delete"),
    # respondents (personal link, no account) and the public
    path("vragenlijst/<str:token>/", views_public.respond, name="respond"),
    path("gemeente/<str:code>/vragenlijsten/", views_public.public_list, name="public_list"),
    path("gemeente/<str:code>/vragenlijsten/<int:pk>/", views_public.public_results, name="public_results"),
]
