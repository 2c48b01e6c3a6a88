from django.apps import AppConfig


class OpsConfig(AppConfig):
    """Running the system: health and readiness, metrics, JSON logs, the worker's heartbeat."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "ops"
