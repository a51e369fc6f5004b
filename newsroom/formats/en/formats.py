"""Django's English formats, with every date-and-time naming its time zone: the admin's
lists and read-only fields print "29 March 2026, 12:43 CEST" (``newsroom.timezones``)."""

DATETIME_FORMAT = "j F Y, H:i T"
SHORT_DATETIME_FORMAT = "j M Y, H:i T"
