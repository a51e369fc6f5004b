from django.views.generic import TemplateView


class HomeView(TemplateView):
    """Placeholder front page until the reader site lands (issue 5)."""

    template_name = "articles/home.html"
