from django.urls import path

from publishing.views import article_preview

app_name = "publishing"

urlpatterns = [
    path("preview/<int:pk>/", article_preview, name="preview"),
]
