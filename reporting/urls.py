from django.urls import path

from reporting.views import carry, evaluation, imports, presentations, rounds, submission

app_name = "reporting"
urlpatterns = [
    path("", rounds.rounds_index, name="rounds"),
    path("mine/", rounds.my_updates, name="my_updates"),
    path("evaluation/", evaluation.console_index, name="evaluation_index"),
    path("evaluation/<year:year>/", evaluation.console, name="evaluation"),
    path("evaluation/<year:year>/scores.xlsx", evaluation.scores_xlsx, name="evaluation_scores"),
    path("evaluation/progress/", evaluation.progress_index, name="evaluation_progress_index"),
    path(
        "evaluation/progress/<slug:code>/<year:year>/",
        evaluation.progress,
        name="evaluation_progress",
    ),
    path("round/<id:pk>/", rounds.round_detail, name="round_detail"),
    path("continue/<slug:code>/<year:year>/", carry.kpis_continue_page, name="kpis_continue"),
    path("kpi/<id:pk>/baselines/", carry.kpi_baselines_fill, name="kpi_baselines_fill"),
    path("round/<id:pk>/open/", rounds.round_open, name="round_open"),
    path("round/<id:pk>/close/", rounds.round_close, name="round_close"),
    path("round/<id:pk>/settings/", rounds.round_settings, name="round_settings"),
    path("round/<id:pk>/review/", rounds.round_review, name="round_review"),
    path("round/<id:pk>/remind/", rounds.round_remind, name="round_remind"),
    path("round/<id:pk>/results/", imports.results_file, name="results_file"),
    path("round/<id:pk>/results/import/", imports.results_import_page, name="results_import"),
    path(
        "round/<id:pk>/presentations/",
        presentations.presentation_add,
        name="presentation_add",
    ),
    path(
        "round/<id:pk>/presentations/<id:presentation_pk>/delete/",
        presentations.presentation_remove,
        name="presentation_delete",
    ),
    path("report/<id:pk>/", submission.submission_detail, name="submission"),
    path("report/<id:pk>/preview/", submission.submission_preview, name="submission_preview"),
    path(
        "report/<id:pk>/<slug:action>/",
        submission.submission_action,
        name="submission_action",
    ),
    path("report/<id:pk>/review/score/", submission.reviewer_score, name="reviewer_score"),
    path("report/<id:pk>/review/appeal/", submission.appeal_file, name="appeal_file"),
    path(
        "report/<id:pk>/review/appeal/<id:appeal_pk>/answer/",
        submission.appeal_answer,
        name="appeal_answer",
    ),
]
