from django.core.management.base import BaseCommand

from articles.models import Article

BATCH = 500


class Command(BaseCommand):
    help = (
        "Choose and store the “Related” articles of published articles that have none stored "
        "yet (saved before the write path stored them, or loaded in bulk); --all chooses them "
        "again for every published article."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all", action="store_true", help="choose again where a choice is stored too"
        )

    def handle(self, *args, **options):
        articles = Article.objects.filter(status=Article.Status.PUBLISHED)
        if not options["all"]:
            articles = articles.filter(related_ids__isnull=True)
        pks = list(articles.order_by("pk").values_list("pk", flat=True))
        for start in range(0, len(pks), BATCH):
            batch = list(
                Article.objects.filter(pk__in=pks[start : start + BATCH])
                .only("pk", "status")
                .prefetch_related("tags")
            )
            for article in batch:
                article.related_ids = article.choose_related()
            Article.objects.bulk_update(batch, ["related_ids"])
            if options["verbosity"] > 1:
                self.stdout.write(f"{start + len(batch)} of {len(pks)}")
        self.stdout.write(f"Chose the related articles of {len(pks)} published articles.")
