from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from accounts.roles import make_moderator, make_writer

ROLES = {"writer": make_writer, "moderator": make_moderator}


class Command(BaseCommand):
    help = (
        "Make a user a writer (Writers group, admin access, author profile) "
        "or a moderator (Moderators group, admin access)."
    )

    def add_arguments(self, parser):
        parser.add_argument("username", help="The username of an existing account.")
        parser.add_argument("role", help="writer or moderator")

    def handle(self, *args, username, role, **options):
        grant = ROLES.get(role.lower())
        if grant is None:
            raise CommandError(f'Unknown role "{role}". Choose one of: writer, moderator.')
        User = get_user_model()
        try:
            user = User.objects.get(username=username)
        except User.DoesNotExist:
            raise CommandError(f'No user with the username "{username}".') from None
        grant(user)
        self.stdout.write(self.style.SUCCESS(f"{username} is now a {role.lower()}."))
