from django.urls import path

from articles.views.home import HomeView

app_name = "articles"

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    # Replaced by the real search view with the reader site.
    path("search/", HomeView.as_view(), name="search"),
]
