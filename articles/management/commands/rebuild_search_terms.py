from django.core.management.base import BaseCommand

from articles.search import rebuild_vocabulary


class Command(BaseCommand):
    help = (
        "Recount the vocabulary that “Did you mean …” suggests from, out of every public "
        "article: adds scheduled articles whose time has come, drops words of unpublished ones."
    )

    def handle(self, *args, **options):
        count = rebuild_vocabulary()
        self.stdout.write(f"The search vocabulary holds {count} words.")
