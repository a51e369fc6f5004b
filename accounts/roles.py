"""The two staff roles, Writers and Moderators, and the one place that asks "who is what".

The groups and their model permissions come from the data migration
``accounts/migrations/0002_writer_and_moderator_groups.py``; these helpers only
read and grant membership. Object-level rules (a writer sees only their own
articles) live in the articles admin, which calls ``is_writer``/``is_moderator``.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify

WRITERS = "Writers"
MODERATORS = "Moderators"

# Cached per user object, so an admin page asking many times costs one query.
_CACHE_ATTRIBUTE = "_newsroom_group_names"


def _group_names(user):
    if not getattr(user, "is_authenticated", False):
        return frozenset()
    names = getattr(user, _CACHE_ATTRIBUTE, None)
    if names is None:
        names = frozenset(user.groups.values_list("name", flat=True))
        setattr(user, _CACHE_ATTRIBUTE, names)
    return names


def _forget_group_names(user):
    if hasattr(user, _CACHE_ATTRIBUTE):
        delattr(user, _CACHE_ATTRIBUTE)


def is_writer(user):
    """Whether the user belongs to the Writers group."""
    return WRITERS in _group_names(user)


def is_moderator(user):
    """Whether the user may moderate: a member of Moderators, or a superuser."""
    if getattr(user, "is_superuser", False) and user.is_active:
        return True
    return MODERATORS in _group_names(user)


def _unique_author_slug(display_name, AuthorProfile):
    base = slugify(display_name)[:90] or "author"
    slug, number = base, 2
    while AuthorProfile.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


@transaction.atomic
def make_writer(user):
    """Put the user in Writers, give admin access and an author profile if they have none."""
    from accounts.models import AuthorProfile

    user.groups.add(Group.objects.get(name=WRITERS))
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    if not AuthorProfile.objects.filter(user=user).exists():
        display_name = user.get_full_name() or user.username
        user.profile = AuthorProfile.objects.create(
            user=user,
            display_name=display_name,
            slug=_unique_author_slug(display_name, AuthorProfile),
        )
    _forget_group_names(user)
    return user


@transaction.atomic
def make_moderator(user):
    """Put the user in Moderators and give admin access."""
    user.groups.add(Group.objects.get(name=MODERATORS))
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    _forget_group_names(user)
    return user


def is_staff_member(user):
    """Whether the user works for the newsroom: admin access, a superuser, a writer or a
    moderator. These accounts get the staff door's rules (second factor, shorter idle
    sessions, stronger passwords, the audit log)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.pk is None:
        # An account being created (sign-up): in no group yet.
        return bool(user.is_staff or user.is_superuser)
    return bool(user.is_staff or user.is_superuser or _group_names(user) & {WRITERS, MODERATORS})
