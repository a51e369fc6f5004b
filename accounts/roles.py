"""The staff roles: what makes someone a writer or a moderator, and how to make them one.

Permissions are the authority. A writer is a staff member who may add articles
(``articles.add_article``); a moderator one who may moderate them
(``articles.moderate_article``); superusers have every permission. The Writers and
Moderators groups are only bundles of permissions, created by the data migration
``accounts/migrations/0002_writer_and_moderator_groups.py``; ``make_writer`` and
``make_moderator`` put people in them. What a role may do with one article (its own
drafts, a section, ...) is decided in ``articles.permissions``.
"""

from django.contrib.auth.models import Group
from django.db import transaction
from django.utils.text import slugify

from accounts.models import MODERATE_ARTICLES, WRITE_ARTICLES, AuthorProfile

# The groups that bundle them, by name: used only to grant a role, never to test one.
WRITERS = "Writers"
MODERATORS = "Moderators"


def has_admin_access(user):
    """Signed in, active and allowed into the admin."""
    return bool(getattr(user, "is_authenticated", False) and user.is_active and user.is_staff)


def is_writer(user):
    """May write articles (moderators and superusers may too)."""
    return user.has_perm(WRITE_ARTICLES)


def is_moderator(user):
    """May review, publish and unpublish articles (superusers may too)."""
    return user.has_perm(MODERATE_ARTICLES)


def _unique_author_slug(display_name):
    base = slugify(display_name)[:90] or "author"
    slug, number = base, 2
    while AuthorProfile.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


def confirm_email_address(user):
    """Mark the user's address as confirmed and primary: staff are vouched for by whoever
    gives them their role, so they never wait for a confirmation mail to log in."""
    from allauth.account.models import EmailAddress

    if not user.email:
        return
    address, _ = EmailAddress.objects.get_or_create(
        user=user, email__iexact=user.email, defaults={"email": user.email}
    )
    if not (address.verified and address.primary):
        EmailAddress.objects.filter(user=user, primary=True).exclude(pk=address.pk).update(
            primary=False
        )
        address.verified = address.primary = True
        address.save(update_fields=["verified", "primary"])


@transaction.atomic
def make_writer(user):
    """Put the user in Writers, give admin access and an author profile if they have none;
    confirm their address."""
    user.groups.add(Group.objects.get(name=WRITERS))
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    _forget_permissions(user)
    if not AuthorProfile.objects.filter(user=user).exists():
        display_name = user.get_full_name() or user.username
        user.profile = AuthorProfile.objects.create(
            user=user,
            display_name=display_name,
            slug=_unique_author_slug(display_name),
        )
    confirm_email_address(user)
    return user


@transaction.atomic
def make_moderator(user):
    """Put the user in Moderators and give admin access; confirm their address."""
    user.groups.add(Group.objects.get(name=MODERATORS))
    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    confirm_email_address(user)
    _forget_permissions(user)
    return user


def _forget_permissions(user):
    # ``has_perm`` caches the permissions on the user object; a new group changes them.
    for attribute in ("_perm_cache", "_group_perm_cache", "_user_perm_cache"):
        user.__dict__.pop(attribute, None)


def is_staff_member(user):
    """Whether the user works for the newsroom: admin access, a superuser, a writer or a
    moderator. These accounts get the staff door's rules (second factor, shorter idle
    sessions, stronger passwords, the audit log)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.pk is None:
        # An account being created (sign-up): in no group yet.
        return bool(user.is_staff or user.is_superuser)
    return bool(user.is_staff or user.is_superuser or is_writer(user) or is_moderator(user))
