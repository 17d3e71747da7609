"""One demo login per role, printed so a newcomer can try each view of the product."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management.base import BaseCommand, CommandParser

from shrhub.roles import Role

DEMO_USERS = [
    ("security", "Sam", "Security", Role.SECURITY),
    ("community", "Chris", "Community", Role.COMMUNITY),
    ("external", "Eli", "External", Role.EXTERNAL),
    ("manager", "Morgan", "Manager", Role.MANAGER),
    ("integration", "Ivy", "Integration", Role.INTEGRATION),
    ("admin", "Alex", "Administrator", Role.ADMINISTRATOR),
]


class Command(BaseCommand):
    help = "Create (or reset) one demo user per role and print their logins. Never for production."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--password", default="shrhub-demo-2026", help="Password for every demo user.")

    def handle(self, *args: Any, password: str, **options: Any) -> None:
        User = get_user_model()
        self.stdout.write("Demo logins (user / password / role):")
        for username, first, last, role in DEMO_USERS:
            user, _ = User.objects.get_or_create(username=username, defaults={"first_name": first, "last_name": last})
            user.set_password(password)
            user.is_staff = role == Role.ADMINISTRATOR
            user.is_superuser = False
            user.save()
            user.groups.set([Group.objects.get(name=role)])
            self.stdout.write(f"  login: {username:<12} password: {password}   role: {Role(role).label}")
        self.stdout.write("Open http://127.0.0.1:8000/ and log in with one of them.")
