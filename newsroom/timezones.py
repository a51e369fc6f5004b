"""Times as staff read and type them: in a named time zone, never a bare clock time.

Times are stored in UTC. Readers see the newsroom's zone (``settings.NEWSROOM_TIME_ZONE``);
in the admin, ``accounts.middleware.StaffTimeZoneMiddleware`` activates the staff member's
own zone (their author profile's, else the newsroom's), so the admin's forms read typed
times in it and its lists show times in it. Workflow mails are rendered in the recipient's
zone (``publishing.emails``). Everything that prints a time for staff goes through
``local_time`` so the zone is always named.
"""

import zoneinfo
from functools import cache

from django.conf import settings
from django.utils import timezone
from django.utils.formats import date_format

# How staff times are printed: "29 March 2026, 12:43 CEST".
STAFF_TIME_FORMAT = "j F Y, H:i T"


def newsroom_zone():
    return zoneinfo.ZoneInfo(settings.NEWSROOM_TIME_ZONE)


@cache
def zone_choices():
    """Every IANA zone name, sorted, as form choices."""
    return [(name, name.replace("_", " ")) for name in sorted(zoneinfo.available_timezones())]


def zone_or_newsroom(name):
    """The zone called ``name``, or the newsroom's when ``name`` is empty or unknown."""
    if name:
        try:
            return zoneinfo.ZoneInfo(name)
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            pass
    return newsroom_zone()


def local_time(moment, zone=None):
    """``moment`` in ``zone`` (the active zone by default), with the zone's abbreviation:
    "29 March 2026, 12:43 CEST"; "—" for no time."""
    if moment is None:
        return "—"
    zone = zone or timezone.get_current_timezone()
    return date_format(timezone.localtime(moment, zone), STAFF_TIME_FORMAT)


def zone_name(zone=None):
    """The active zone's name as people read it: "Europe/Berlin"."""
    zone = zone or timezone.get_current_timezone()
    return str(getattr(zone, "key", zone)).replace("_", " ")
