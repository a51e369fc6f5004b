from django.urls import path

from publishing.feeds import CorrectionsFeed
from publishing.views import CorrectionListView, article_preview, shared_preview

app_name = "publishing"

urlpatterns = [
    path("preview/<int:pk>/", article_preview, name="preview"),
    path("corrections/", CorrectionListView.as_view(), name="corrections"),
    path("corrections/feed/", CorrectionsFeed.as_view(), name="corrections-feed"),
    path("preview/shared/<str:token>/", shared_preview, name="shared_preview"),
]
