"""`manage.py api_token <username> [--name N] [--scope read|read_write] [--expires YYYY-MM-DD]`:
make a personal access token for scripts and CI, through the same service as the profile page
(audit event included). Prints the token once, on stdout."""

from __future__ import annotations

import datetime
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from api.models import ApiToken
from api.services import token_create


class Command(BaseCommand):
    help = "Create a personal access token for a user and print it (shown only this once)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("username")
        parser.add_argument("--name", default="command line")
        parser.add_argument("--scope", choices=ApiToken.Scope.values, default=ApiToken.Scope.READ)
        parser.add_argument("--expires", type=datetime.date.fromisoformat, default=None)

    def handle(self, *args: Any, **options: Any) -> None:
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(f"ไม่พบผู้ใช้ {options['username']}")
        try:
            created = token_create(
                user, name=options["name"], scope=options["scope"], expires_on=options["expires"]
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from None
        self.stdout.write(created.secret)
