from django.urls import path

from articles.reads import read_beacon
from articles.views.article import article_detail, article_preview
from articles.views.home import HomeView
from articles.views.listings import ArchiveView, AuthorView, SectionView, TagView
from articles.views.search import search

app_name = "articles"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    path("search/", search, name="search"),
    path("section/<slug:slug>/", SectionView.as_view(), name="section"),
    path("tag/<slug:slug>/", TagView.as_view(), name="tag"),
    path("author/<slug:slug>/", AuthorView.as_view(), name="author"),
    path("archive/<int:year>/<int:month>/", ArchiveView.as_view(), name="archive"),
    path("preview/<int:pk>/", article_preview, name="preview"),
    path("read/<int:pk>/", read_beacon, name="read"),
    # Last: article addresses are /<section>/<slug>/ (section slugs cannot take the paths above).
    path("<slug:section_slug>/<slug:slug>/", article_detail, name="article"),
]
