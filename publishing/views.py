"""The newsroom's own pages outside the admin: the preview of an unpublished article."""

from django.contrib.auth.decorators import login_required
from django.shortcuts import get_object_or_404
from django.views.decorators.cache import never_cache

from articles.models import Article
from articles.views.article import render_article


@never_cache
@login_required
def article_preview(request, pk):
    """Drafts, submitted and scheduled articles as readers will see them, for whoever may
    open them (``Article.objects.visible_to``)."""
    article = get_object_or_404(Article.objects.visible_to(request.user).for_listing(), pk=pk)
    return render_article(request, article, preview=True)
