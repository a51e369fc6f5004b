from django.urls import path, register_converter

from articles import feeds, sitemaps
from articles.robots import robots_txt
from articles.tags import TagSlugConverter
from articles.views.article import article_detail
from articles.views.feed_pages import feed_page
from articles.views.home import HomeView
from articles.views.listings import (
    ArchiveIndexView,
    ArchiveView,
    ArchiveYearView,
    AuthorView,
    SectionView,
    TagView,
)
from articles.views.search import search

app_name = "articles"

register_converter(TagSlugConverter, "tag_slug")

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("search/", search, name="search"),
    path("section/<slug:slug>/", SectionView.as_view(), name="section"),
    path("tag/<tag_slug:slug>/", TagView.as_view(), name="tag"),
    path("author/<slug:slug>/", AuthorView.as_view(), name="author"),
    path("archive/", ArchiveIndexView.as_view(), name="archive-index"),
    path("archive/<int:year>/", ArchiveYearView.as_view(), name="archive-year"),
    path("archive/<int:year>/<int:month>/", ArchiveView.as_view(), name="archive"),
    # Feeds, sitemaps and robots.txt (articles/feeds.py, articles/sitemaps.py, articles/robots.py).
    path("feeds/latest/", feeds.LatestArticlesFeed.as_view(), name="feed-latest"),
    path("feeds/latest/atom/", feeds.LatestArticlesAtomFeed.as_view(), name="feed-latest-atom"),
    path("feeds/section/<slug:slug>/", feeds.SectionFeed.as_view(), name="feed-section"),
    path(
        "feeds/section/<slug:slug>/atom/", feeds.SectionAtomFeed.as_view(), name="feed-section-atom"
    ),
    path("feeds/tag/<tag_slug:slug>/", feeds.TagFeed.as_view(), name="feed-tag"),
    path("feeds/tag/<tag_slug:slug>/atom/", feeds.TagAtomFeed.as_view(), name="feed-tag-atom"),
    path("feeds/author/<slug:slug>/", feeds.AuthorFeed.as_view(), name="feed-author"),
    path("feeds/author/<slug:slug>/atom/", feeds.AuthorAtomFeed.as_view(), name="feed-author-atom"),
    # A page for people about each feed (articles/views/feed_pages.py); the XML stays above.
    path("feeds/latest/about/", feed_page, {"kind": "latest"}, name="feed-latest-about"),
    path(
        "feeds/section/<slug:slug>/about/",
        feed_page,
        {"kind": "section"},
        name="feed-section-about",
    ),
    path("feeds/tag/<tag_slug:slug>/about/", feed_page, {"kind": "tag"}, name="feed-tag-about"),
    path(
        "feeds/author/<slug:slug>/about/", feed_page, {"kind": "author"}, name="feed-author-about"
    ),
    path("sitemap.xml", sitemaps.sitemap_index, name="sitemap-index"),
    path("sitemap-<str:section>.xml", sitemaps.sitemap, name="sitemap-section"),
    path("robots.txt", robots_txt, name="robots"),
    # Last: article addresses are /<section>/<slug>/ (section slugs cannot take the paths above).
    path("<slug:section_slug>/<slug:slug>/", article_detail, name="article"),
]
