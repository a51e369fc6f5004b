"""The front page: Top News, Topics (trending tags), Latest News and a block per section."""

from itertools import groupby

from django.conf import settings
from django.utils.decorators import method_decorator
from django.views.generic import TemplateView

from articles.caching import add_page_keys, keep_page_for, note_listed, public_page
from articles.models import Article
from articles.querysets import trending_tags
from articles.seo import listing_meta
from articles.views.frame import page_frame
from articles.views.sidebars import news_sidebars

TOP_NEWS_LENGTH = 7
LATEST_NEWS_LENGTH = 10
ARTICLES_PER_SECTION = 4
TOPICS_LENGTH = 10


@method_decorator(public_page, name="dispatch")
class HomeView(TemplateView):
    template_name = "articles/home.html"

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        frame = page_frame()
        site_settings = frame["site_settings"]
        top_news = list(
            Article.objects.top(window_hours=site_settings.top_news_window_hours).for_cards()[
                :TOP_NEWS_LENGTH
            ]
        )
        # Section blocks leave out the lead story, which the top of the page already shows.
        fronts = (
            Article.objects.exclude(pk__in=[article.pk for article in top_news[:1]])
            .section_fronts(ARTICLES_PER_SECTION)
            .for_cards()
        )
        fronts = list(fronts)
        # The front page lists its own choice of articles; the Latest News beside it is the
        # ``latest`` listing (articles/invalidation.py tells when an article is on either).
        note_listed(self.request, "front", [article.pk for article in fronts])
        note_listed(self.request, "top", [article.pk for article in top_news])
        add_page_keys(self.request, "latest")
        # Top News and the topics follow the read counts, which purge nothing.
        keep_page_for(self.request, settings.PUBLIC_CACHE_SECONDS)
        context.update(
            {
                **frame,
                "lead_story": top_news[0] if top_news else None,
                "top_news": top_news[1:],
                "topics": trending_tags(limit=TOPICS_LENGTH),
                # Latest News is the sidebar, a longer one; Top News is at the top instead.
                **news_sidebars(
                    self.request, site_settings, latest_length=LATEST_NEWS_LENGTH, top_news=False
                ),
                "section_blocks": [
                    # A story with a picture leads its block; the rest stay newest first.
                    {
                        "section": section,
                        "articles": sorted(
                            articles, key=lambda article: article.lead_image is None
                        ),
                    }
                    for section, articles in groupby(fronts, key=lambda article: article.section)
                ],
                **listing_meta(self.request, feed_url_name="articles:feed-latest"),
            }
        )
        return context
