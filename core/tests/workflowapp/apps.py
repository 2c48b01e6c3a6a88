from django.apps import AppConfig


class WorkflowAppConfig(AppConfig):
    """A test-only app with one stateful model to exercise the transition helper."""

    name = "core.tests.workflowapp"
    label = "workflowapp"
