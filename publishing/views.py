"""The newsroom's own pages outside the admin: the preview of an unpublished article (for
staff and, through a share link, for someone without an account) and the public
corrections log."""

from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import AnonymousUser
from django.contrib.messages.storage.cookie import CookieStorage
from django.contrib.sessions.backends.base import SessionBase
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.generic import ListView

from articles.caching import add_page_keys, public_page
from articles.models import Article
from articles.seo import listing_meta
from articles.views.article import render_article
from articles.views.frame import frame_with_sidebars
from publishing.models import Correction, ShareLink
from publishing.share_links import why_closed


@never_cache
@login_required
def article_preview(request, pk):
    """Drafts, submitted and scheduled articles as readers will see them, for whoever may
    open them (``Article.objects.visible_to``)."""
    article = get_object_or_404(Article.objects.visible_to(request.user).for_listing(), pk=pk)
    return render_article(request, article, preview=True)


@method_decorator(public_page, name="dispatch")
class CorrectionListView(ListView):
    """Every correction and clarification of a public article, newest first."""

    template_name = "publishing/corrections.html"
    context_object_name = "corrections"
    paginate_by = 30

    def get_queryset(self):
        return Correction.objects.public().select_related("article__section")

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        # A new notice purges "corrections" (publishing/receivers.py); an article published
        # or withdrawn purges "latest".
        add_page_keys(self.request, "corrections", "latest")
        page = context["page_obj"]
        context.update(
            {
                "heading": _("Corrections and clarifications"),
                "page_range": page.paginator.get_elided_page_range(page.number, on_ends=1),
                **listing_meta(
                    self.request,
                    feed_url_name="publishing:corrections-feed",
                    feed_title=_("Corrections and clarifications"),
                ),
                **frame_with_sidebars(self.request),
            }
        )
        return context


@never_cache
def shared_preview(request, token):
    """The preview a share link opens, while it works; otherwise a page saying why not.

    Whoever opens it is treated as a stranger: no session, no user, no messages are read or
    written, so a signed-in writer trying their own link sees what the lawyer will, and the
    answer sets no cookie. The token must not leak through the Referer of outgoing links."""
    request.COOKIES = {}
    request.user = AnonymousUser()
    request.session = SessionBase()
    request._messages = CookieStorage(request)
    link = (
        ShareLink.objects.select_related("article")
        .filter(token=token[: ShareLink._meta.get_field("token").max_length])
        .first()
    )
    if link is None:
        response = TemplateResponse(request, "publishing/share_link_closed.html", status=404)
    elif reason := why_closed(link):
        public_url = link.article.get_absolute_url() if link.article.is_public else ""
        response = TemplateResponse(
            request,
            "publishing/share_link_closed.html",
            {"reason": reason, "public_url": public_url},
            status=410,
        )
    else:
        article = Article.objects.for_listing().get(pk=link.article_id)
        response = render_article(request, article, preview=True, share_link=link)
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response
