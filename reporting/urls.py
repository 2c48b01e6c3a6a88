from django.urls import path

from reporting.views import esar, imports, presentations, rounds, submission

app_name = "reporting"
urlpatterns = [
    path("", rounds.rounds_index, name="rounds"),
    path("mine/", rounds.my_updates, name="my_updates"),
    path("round/<int:pk>/", rounds.round_detail, name="round_detail"),
    path("round/<int:pk>/open/", rounds.round_open, name="round_open"),
    path("round/<int:pk>/close/", rounds.round_close, name="round_close"),
    path("round/<int:pk>/settings/", rounds.round_settings, name="round_settings"),
    path("round/<int:pk>/esar/", esar.esar_page, name="esar"),
    path("round/<int:pk>/results/", imports.results_file, name="results_file"),
    path("round/<int:pk>/results/import/", imports.results_import_page, name="results_import"),
    path(
        "round/<int:pk>/presentations/",
        presentations.presentation_add,
        name="presentation_add",
    ),
    path(
        "round/<int:pk>/presentations/<int:presentation_pk>/delete/",
        presentations.presentation_remove,
        name="presentation_delete",
    ),
    path("report/<int:pk>/", submission.submission_detail, name="submission"),
    path("report/<int:pk>/preview/", submission.submission_preview, name="submission_preview"),
    path(
        "report/<int:pk>/<slug:action>/",
        submission.submission_action,
        name="submission_action",
    ),
    path("report/<int:pk>/review/score/", submission.reviewer_score, name="reviewer_score"),
    path("report/<int:pk>/review/appeal/", submission.appeal_file, name="appeal_file"),
    path(
        "report/<int:pk>/review/appeal/<int:appeal_pk>/answer/",
        submission.appeal_answer,
        name="appeal_answer",
    ),
]
