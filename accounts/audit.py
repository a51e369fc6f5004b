"""The staff audit log: who signed in (or failed to), changed a second factor or a role,
when, and from where. Each event is one ``SecurityEvent`` row, written by the receivers
below; the log is read in the admin (``SecurityEventAdmin``) and never edited.
"""

from allauth.core import context
from allauth.mfa import signals as mfa_signals
from allauth.mfa.models import Authenticator
from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in
from django.db.models.signals import m2m_changed, post_save, pre_save
from django.dispatch import receiver

from accounts.models import SecurityEvent
from accounts.roles import is_staff_member
from newsroom.network import client_ip

User = get_user_model()

# The user flags that make or unmake staff; a change to one is a role change.
ROLE_FLAGS = ("is_staff", "is_superuser", "is_active")


def current_request():
    """The request being served, if any (allauth's middleware keeps it for the thread)."""
    return getattr(context, "request", None)


def record(kind, user=None, *, request=None, username="", detail=""):
    """Write one event; the IP, browser and acting user come from the request."""
    request = request if request is not None else current_request()
    ip_address, user_agent, actor = None, "", None
    if request is not None:
        ip_address = client_ip(request) or None
        user_agent = request.headers.get("User-Agent", "")[:300]
        acting = getattr(request, "user", None)
        if acting is not None and acting.is_authenticated and acting != user:
            actor = acting
    return SecurityEvent.objects.create(
        kind=kind,
        user=user,
        actor=actor,
        username=(username or (user.get_username() if user else ""))[:150],
        ip_address=ip_address,
        user_agent=user_agent,
        detail=detail[:300],
    )


@receiver(user_logged_in)
def record_staff_login(sender, request, user, **kwargs):
    if is_staff_member(user):
        record(SecurityEvent.Kind.LOGIN, user, request=request)


def record_failed_login(request, login):
    """A wrong password for a staff account (called by the account adapter)."""
    user = find_account(login)
    if user is not None and is_staff_member(user):
        record(SecurityEvent.Kind.LOGIN_FAILED, user, request=request, detail="wrong password")


def find_account(login):
    """The account a login box entry names (username, or a confirmed or only address)."""
    if not login:
        return None
    by_username = User.objects.filter(username__iexact=login).first()
    if by_username is not None or "@" not in login:
        return by_username
    return User.objects.filter(emailaddress__email__iexact=login).first()


def _authenticator_name(authenticator):
    return str(Authenticator.Type(authenticator.type).label)


@receiver(mfa_signals.authenticator_added)
def record_authenticator_added(sender, request, user, authenticator, **kwargs):
    record(
        SecurityEvent.Kind.MFA_ADDED,
        user,
        request=request,
        detail=_authenticator_name(authenticator),
    )


@receiver(mfa_signals.authenticator_removed)
def record_authenticator_removed(sender, request, user, authenticator, **kwargs):
    record(
        SecurityEvent.Kind.MFA_REMOVED,
        user,
        request=request,
        detail=_authenticator_name(authenticator),
    )


@receiver(mfa_signals.authenticator_reset)
def record_authenticator_reset(sender, request, user, authenticator, **kwargs):
    record(SecurityEvent.Kind.RECOVERY_CODES_RESET, user, request=request)


@receiver(mfa_signals.authentication_failed)
def record_second_factor_failed(sender, request, user, **kwargs):
    if is_staff_member(user):
        record(
            SecurityEvent.Kind.LOGIN_FAILED,
            user,
            request=request,
            detail="wrong second-factor code",
        )


@receiver(pre_save, sender=User)
def remember_role_flags(sender, instance, update_fields=None, **kwargs):
    if update_fields is not None and not set(update_fields) & set(ROLE_FLAGS):
        # A login's last_login update, say: nothing to compare.
        instance._role_flags_before = None
        return
    if instance.pk is None:
        instance._role_flags_before = None
        return
    before = User.objects.filter(pk=instance.pk).values(*ROLE_FLAGS).first()
    instance._role_flags_before = before


@receiver(post_save, sender=User)
def record_role_flag_changes(sender, instance, created, raw=False, **kwargs):
    if raw:
        return
    before = getattr(instance, "_role_flags_before", None)
    if created:
        changes = [f"{flag}=on" for flag in ROLE_FLAGS[:2] if getattr(instance, flag)]
    elif before is None:
        return
    else:
        changes = [
            f"{flag}={'on' if getattr(instance, flag) else 'off'}"
            for flag in ROLE_FLAGS
            if before[flag] != getattr(instance, flag)
        ]
    if changes:
        record(SecurityEvent.Kind.ROLE_CHANGED, instance, detail=", ".join(changes))


@receiver(m2m_changed, sender=User.groups.through)
def record_group_changes(sender, instance, action, reverse, pk_set, **kwargs):
    from django.contrib.auth.models import Group

    if action == "pre_clear":
        # The members are gone by post_clear; note them now.
        if reverse:
            instance._cleared_pks = set(instance.user_set.values_list("pk", flat=True))
        else:
            instance._cleared_pks = set(instance.groups.values_list("pk", flat=True))
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action == "post_clear":
        pk_set = getattr(instance, "_cleared_pks", set())
    if not pk_set:
        return
    verb = "added to" if action == "post_add" else "removed from"
    if reverse:
        # group.user_set.add(...): one event per user.
        for user in User.objects.filter(pk__in=pk_set):
            record(SecurityEvent.Kind.ROLE_CHANGED, user, detail=f"{verb} {instance.name}")
    else:
        names = ", ".join(
            sorted(Group.objects.filter(pk__in=pk_set).values_list("name", flat=True))
        )
        record(SecurityEvent.Kind.ROLE_CHANGED, instance, detail=f"{verb} {names}")
