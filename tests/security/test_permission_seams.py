"""Every place that decides who may do what asks the same rules (articles/permissions.py):
the querysets, the write service, the workflow, the user manager and the picture library.
Test ids read as a table: ``<role>-<question>-<answer>``. The article is "writer"'s draft.
"""

import pytest
from django.contrib.auth.models import AnonymousUser, Permission

from accounts.models import User
from accounts.roles import make_writer
from articles.models import Article
from articles.permissions import (
    can_change_article,
    can_delete_article,
    can_moderate,
    image_scope,
)
from media.models import Image
from publishing import services, workflow
from tests.factories import ArticleFactory, ImageFactory, UserFactory
from tests.security.test_admin_permissions import ROLES

pytestmark = pytest.mark.django_db

Status = Article.Status

#                      anonymous reader  writer other_writer moderator superuser
SEAMS = {
    "sees_the_draft": [False, False, True, False, True, True],
    "may_edit_the_draft": [False, False, True, False, True, True],
    "edits_through_the_service": [False, False, True, False, True, True],
    "sees_the_picture": [False, False, True, False, True, True],
    "is_a_moderator": [False, False, False, False, True, True],
    "may_approve_when_submitted": [False, False, False, False, True, True],
    "may_delete": [False, False, True, False, True, True],
    "may_delete_when_submitted": [False, False, False, False, True, True],
}
CASES = [
    pytest.param(role, question, answer, id=f"{role}-{question}-{answer}")
    for question, answers in SEAMS.items()
    for role, answer in zip(ROLES, answers, strict=True)
]


@pytest.fixture
def draft(people):
    return ArticleFactory(author=people["writer"], status=Status.DRAFT)


def ask(question, user, draft):
    if question == "sees_the_draft":
        return Article.objects.visible_to(user).filter(pk=draft.pk).exists()
    if question == "may_edit_the_draft":
        in_queryset = Article.objects.editable_by(user).filter(pk=draft.pk).exists()
        assert in_queryset == can_change_article(user, draft)  # the check and the filter agree
        return in_queryset
    if question == "edits_through_the_service":
        draft.title = "Changed by someone"
        try:
            services.edit_article(draft, user)
        except services.WriteRefused:
            return False
        return Article.objects.get(pk=draft.pk).title == "Changed by someone"
    if question == "sees_the_picture":
        picture = ImageFactory(uploaded_by=draft.author)
        return Image.objects.filter(image_scope(user), pk=picture.pk).exists()
    if question == "is_a_moderator":
        listed = User.objects.moderators().filter(pk=getattr(user, "pk", None)).exists()
        assert listed == can_moderate(user)  # the manager and the rule agree
        return listed
    if question == "may_approve_when_submitted":
        draft.status = Status.SUBMITTED
        draft.save()
        return workflow.may(user, draft, "approve")
    if question in ("may_delete", "may_delete_when_submitted"):
        listed = Article.objects.deletable_by(user).filter(pk=draft.pk)
        if question == "may_delete_when_submitted":
            draft.status = Status.SUBMITTED
            draft.save()
        assert listed.exists() == can_delete_article(user, draft)  # the check and the filter agree
        try:
            services.delete_article(draft, user)
        except services.WriteRefused:
            return False
        return not Article.objects.filter(pk=draft.pk).exists()
    raise AssertionError(question)


@pytest.mark.parametrize(("role", "question", "answer"), CASES)
def test_permission_seams(people, draft, role, question, answer):
    user = people[role] or AnonymousUser()

    assert ask(question, user, draft) is answer


def test_a_permission_not_a_group_makes_a_moderator(people, draft):
    """Groups only bundle permissions: the permission alone is enough, anywhere."""
    editor = make_writer(UserFactory(username="section-editor"))
    editor.user_permissions.add(Permission.objects.get(codename="moderate_article"))
    editor = User.objects.get(pk=editor.pk)  # a fresh permission cache

    assert can_moderate(editor, draft)
    assert User.objects.moderators().filter(pk=editor.pk).exists()
    assert Article.objects.editable_by(editor).filter(pk=draft.pk).exists()
    draft.status = Status.SUBMITTED
    draft.save()
    assert workflow.may(editor, draft, "approve")


def test_a_writer_cannot_import_published_articles(people):
    article = Article(title="Bought headline", slug="bought", section=ArticleFactory().section)
    article.author = people["writer"]

    with pytest.raises(services.WriteRefused):
        services.import_article(article, people["writer"], status=Status.PUBLISHED)

    assert not Article.objects.filter(slug="bought").exists()
