import pytest
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command

from accounts.models import AuthorProfile
from accounts.roles import MODERATORS, WRITERS, is_moderator, is_writer, make_moderator, make_writer
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _codenames(group_name):
    group = Group.objects.get(name=group_name)
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


def test_writers_group_exists_after_migrate_with_its_permissions():
    assert _codenames(WRITERS) == {
        "articles.add_article",
        "articles.change_article",
        "articles.view_article",
        "media.add_image",
        "media.change_image",
        "media.view_image",
        "articles.view_section",
        "taggit.add_tag",
        "taggit.view_tag",
        "accounts.view_authorprofile",
        "accounts.change_authorprofile",
    }


def test_moderators_group_exists_after_migrate_and_can_publish():
    codenames = _codenames(MODERATORS)
    assert {
        "articles.moderate_article",
        "articles.pick_top_news",
        "articles.delete_article",
        "masthead.change_sitesettings",
        "taggit.delete_tag",
        "accounts.change_authorprofile",
        "accounts.view_user",
    } <= codenames
    assert "accounts.change_user" not in codenames


def test_writers_cannot_publish():
    assert "articles.moderate_article" not in _codenames(WRITERS)


def test_make_writer_gives_group_admin_access_and_author_profile():
    user = UserFactory(username="maria", first_name="Maria", last_name="Jensen")

    make_writer(user)

    user.refresh_from_db()
    assert is_writer(user)
    assert user.is_staff
    assert user.profile.display_name == "Maria Jensen"
    assert user.profile.slug == "maria-jensen"


def test_make_writer_keeps_an_existing_author_profile():
    user = UserFactory()
    AuthorProfile.objects.create(user=user, display_name="Pen Name", slug="pen-name")

    make_writer(user)

    assert AuthorProfile.objects.get(user=user).display_name == "Pen Name"


def test_author_slugs_stay_unique_for_writers_with_the_same_name():
    first = make_writer(UserFactory(first_name="Ana", last_name="Silva"))
    second = make_writer(UserFactory(first_name="Ana", last_name="Silva"))

    assert first.profile.slug == "ana-silva"
    assert second.profile.slug == "ana-silva-2"


def test_make_moderator_gives_group_and_admin_access():
    user = UserFactory()

    make_moderator(user)

    user.refresh_from_db()
    assert is_moderator(user)
    assert is_writer(user)  # the Moderators group also bundles writing
    assert user.is_staff


def test_superuser_counts_as_moderator_and_reader_as_neither():
    assert is_moderator(UserFactory(is_superuser=True))
    reader = UserFactory()
    assert not is_moderator(reader)
    assert not is_writer(reader)


def test_grant_role_command_makes_a_writer(capsys):
    user = UserFactory(username="newwriter")

    call_command("grant_role", "newwriter", "writer")

    user.refresh_from_db()
    assert is_writer(user)
    assert "newwriter is now a writer" in capsys.readouterr().out


def test_grant_role_command_makes_a_moderator():
    user = UserFactory(username="newmod")

    call_command("grant_role", "newmod", "Moderator")

    assert is_moderator(user)


def test_grant_role_command_explains_unknown_user():
    with pytest.raises(CommandError, match='No user with the username "ghost"'):
        call_command("grant_role", "ghost", "writer")


def test_grant_role_command_explains_unknown_role():
    UserFactory(username="someone")

    with pytest.raises(CommandError, match='Unknown role "editor"'):
        call_command("grant_role", "someone", "editor")
