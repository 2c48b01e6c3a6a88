from django.conf import settings
from django.db import models


class Ticket(models.Model):
    state = models.CharField(max_length=20, default="draft")
    version = models.PositiveIntegerField(default=0)
    note = models.CharField(max_length=100, blank=True)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )

    def __str__(self) -> str:
        return f"Ticket {self.pk} ({self.state})"
