"""Newsroom settings: one file, every value from the environment.

Defaults are for development on a fresh machine (no variable set). With
``DEBUG`` off the settings refuse the development secret key and switch on
HTTPS-only cookies, HSTS and the SSL redirect, so ``manage.py check --deploy``
passes. The README lists every variable with its default.
"""

import zoneinfo
from pathlib import Path
from urllib.parse import unquote

import environ
from django.core.exceptions import ImproperlyConfigured
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"

env = environ.Env()

DEVELOPMENT_SECRET_KEY = "django-insecure-newsroom-development-only"  # noqa: S105

DEBUG = env.bool("DEBUG", default=True)
SECRET_KEY = env.str("SECRET_KEY", default=DEVELOPMENT_SECRET_KEY)
if not DEBUG and (SECRET_KEY == DEVELOPMENT_SECRET_KEY or len(SECRET_KEY) < 50):
    raise ImproperlyConfigured(
        "DEBUG is off but SECRET_KEY is the development key or shorter than 50 characters. "
        "Set SECRET_KEY to a long random value (python -c 'import secrets; "
        "print(secrets.token_urlsafe(50))')."
    )

# How many proxies we run in front of the app servers (CDN, load balancer): the client's
# address is that many entries from the right of X-Forwarded-For (newsroom/network.py).
# 0 ignores the header, which is right when clients connect to the app servers directly.
try:
    TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
except ValueError:
    TRUSTED_PROXY_COUNT = -1
if not 0 <= TRUSTED_PROXY_COUNT <= 10:
    raise ImproperlyConfigured(
        "TRUSTED_PROXY_COUNT must be a whole number from 0 to 10: how many proxies you run "
        "in front of the app servers (0 when clients connect to them directly)."
    )
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT

ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "django.contrib.sitemaps",
    "django.contrib.humanize",
    "taggit",
    "reversion",
    "django_prose_editor",
    "allauth",
    "allauth.account",
    "allauth.socialaccount",
    "allauth.socialaccount.providers.twitter_oauth2",
    "allauth.mfa",
    "allauth.usersessions",
    "django_tasks",
    "django_tasks_db",
    # The project's apps, lowest layer first (docs/architecture.md: who may import whom).
    "background",
    "masthead",
    "media",
    "accounts",
    "articles",
    "readership",
    "publishing",
]

MIDDLEWARE = [
    # Answers a cached anonymous page before any other middleware runs; the headers they add
    # (security, policy, CSP, ETag...) are stored with the page (articles/middleware.py).
    "articles.middleware.PageCacheMiddleware",
    "newsroom.middleware.RequestIdMiddleware",
    "django.middleware.security.SecurityMiddleware",
    # Before WhiteNoise, which answers static files without calling the rest.
    "newsroom.middleware.PolicyHeadersMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.http.ConditionalGetMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "newsroom.middleware.StableCSPMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "accounts.middleware.StaffDoorMiddleware",
    "accounts.middleware.StaffTimeZoneMiddleware",
    "accounts.middleware.ClearBrowserCacheOnLoginMiddleware",
    "accounts.middleware.SignedInCookieMiddleware",
    "accounts.middleware.UnconfiguredProviderMiddleware",
]

ROOT_URLCONF = "newsroom.urls"
WSGI_APPLICATION = "newsroom.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "masthead.context_processors.site_settings",
                "articles.context_processors.navigation",
                "accounts.context_processors.login_box",
            ],
        },
    },
]

# Database: DATABASE_URL when set. Without it, development uses a private PostgreSQL under
# var/postgres/, which manage.py (or the test run) starts before Django reads these settings
# (newsroom/database.py); production refuses to start.
EMBEDDED_DATABASE_DIR = None
if env.str("DATABASE_URL", default=""):
    DATABASES = {"default": env.db("DATABASE_URL")}
    # A Unix socket directory is written percent-encoded in the URL's host part
    # (postgres://user@%2Fvar%2Frun%2Fpostgresql/name); the driver wants the path.
    DATABASES["default"]["HOST"] = unquote(DATABASES["default"]["HOST"])
elif DEBUG:
    from newsroom.database import embedded_database_settings

    EMBEDDED_DATABASE_DIR = VAR_DIR / "postgres"
    DATABASES = {"default": embedded_database_settings(EMBEDDED_DATABASE_DIR)}
else:
    raise ImproperlyConfigured(
        "DEBUG is off but DATABASE_URL is not set. Set DATABASE_URL to your PostgreSQL "
        "server (postgres://user:password@host:5432/name); the embedded development "
        "database is never used in production."
    )
# The article page's queries are prepared on the server once per connection
# (newsroom/prepared.py); false behind a pooler that cannot keep prepared statements.
DATABASE_PREPARED_STATEMENTS = env.bool("DATABASE_PREPARED_STATEMENTS", default=True)
DATABASES["default"].setdefault("OPTIONS", {})
# psycopg prepares only when this is set; Django's own cursors bind on the client and never do.
DATABASES["default"]["OPTIONS"]["prepare_threshold"] = 5 if DATABASE_PREPARED_STATEMENTS else None
DATABASES["default"].update(
    CONN_MAX_AGE=env.int("CONN_MAX_AGE", default=60),
    CONN_HEALTH_CHECKS=True,
    # Lets parallel test runs (or several developers on one server) keep separate test databases.
    TEST={"NAME": env.str("TEST_DATABASE_NAME", default=None)},
)
# An optional read replica for anonymous public pages (newsroom/routers.py).
if env.str("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = env.db("DATABASE_REPLICA_URL")
    DATABASES["replica"].setdefault("OPTIONS", {})
    DATABASES["replica"]["OPTIONS"]["prepare_threshold"] = DATABASES["default"]["OPTIONS"][
        "prepare_threshold"
    ]
    DATABASES["replica"].update(
        CONN_MAX_AGE=DATABASES["default"]["CONN_MAX_AGE"],
        CONN_HEALTH_CHECKS=True,
        TEST={"MIRROR": "default"},
    )
    DATABASE_ROUTERS = ["newsroom.routers.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis when REDIS_URL is set, process memory otherwise. Redis is only a cache: while
# it is unreachable the site renders from the database (newsroom/cache.py), a call costs at
# most these timeouts (seconds), and each process leaves Redis alone for CACHE_RETRY_SECONDS.
CACHE_RETRY_SECONDS = env.float("CACHE_RETRY_SECONDS", default=5.0)
if env.str("REDIS_URL", default=""):
    CACHES = {
        "default": {
            # Django's Redis backend, reusing its Redis client (newsroom/cache.py).
            "BACKEND": "newsroom.cache.FailSoftRedisCache",
            "LOCATION": env.str("REDIS_URL"),
            "KEY_PREFIX": "newsroom",
            "OPTIONS": {
                "socket_connect_timeout": env.float("REDIS_CONNECT_TIMEOUT", default=0.25),
                "socket_timeout": env.float("REDIS_TIMEOUT", default=0.5),
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Background work (docs/deploy.md, "Workers"): django-tasks, the backport of Django 6's
# django.tasks. By default tasks wait in PostgreSQL (django-tasks-db, rows claimed with SKIP
# LOCKED), so no other server is needed; `manage.py db_worker` runs them. Queues: "mail",
# "renditions" (slow: a worker of its own in production) and "default" (cache purges).
TASK_QUEUES = ["default", "mail", "renditions"]
TASKS = {
    "default": {
        "BACKEND": env.str("TASK_BACKEND", default="django_tasks_db.DatabaseBackend"),
        "QUEUES": TASK_QUEUES,
    }
}
# Retries of transient failures (background/retry.py): the first after
# TASK_RETRY_BASE_SECONDS, doubling up to TASK_RETRY_MAX_SECONDS, TASK_MAX_ATTEMPTS in all.
TASK_MAX_ATTEMPTS = env.int("TASK_MAX_ATTEMPTS", default=6)
TASK_RETRY_BASE_SECONDS = env.float("TASK_RETRY_BASE_SECONDS", default=30.0)
TASK_RETRY_MAX_SECONDS = env.float("TASK_RETRY_MAX_SECONDS", default=1800.0)

AUTH_USER_MODEL = "accounts.User"
# One backend, so a login costs one password hash whatever it names (accounts/backends.py).
AUTHENTICATION_BACKENDS = ["accounts.backends.AuthenticationBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    # Staff accounts only: longer, and no breached password or guessable pattern.
    {"NAME": "accounts.passwords.StaffPasswordValidator"},
]
STAFF_PASSWORD_MIN_LENGTH = env.int("STAFF_PASSWORD_MIN_LENGTH", default=12)
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "/"

# Sessions: "Remember me" keeps a session for SESSION_REMEMBER_DAYS; otherwise it ends
# when the browser closes (allauth's ACCOUNT_SESSION_REMEMBER = None shows the checkbox).
SESSION_COOKIE_AGE = env.int("SESSION_REMEMBER_DAYS", default=30) * 24 * 60 * 60
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
# Set beside the session cookie at sign-in, signed: the page cache tells signed-in readers
# by it without loading the session (articles/caching.py). A CDN passes requests with it.
SIGNED_IN_COOKIE_NAME = "signedin"
# A staff session (Writers, Moderators, admins) ends after this long without a request,
# whatever "Remember me" said (accounts.middleware.StaffDoorMiddleware).
STAFF_SESSION_IDLE_SECONDS = env.int("STAFF_SESSION_IDLE_SECONDS", default=60 * 60)
# Staff may sign in only to set up a second factor until they have one. On by default
# in production (DEBUG off), off in development so demo logins work at once.
STAFF_MFA_REQUIRED = env.bool("STAFF_MFA_REQUIRED", default=not DEBUG)

# django-allauth
ACCOUNT_LOGIN_METHODS = {"username", "email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "username*", "password1*", "password2*"]
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = None
ACCOUNT_FORMS = {"login": "accounts.forms.LoginForm", "signup": "accounts.forms.SignupForm"}
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_PREVENT_ENUMERATION = True
# A reset asked for an address we do not know sends nothing (no mail to strangers).
ACCOUNT_EMAIL_UNKNOWN_ACCOUNTS = False
ACCOUNT_EMAIL_SUBJECT_PREFIX = ""
# Mail the account's owner when its password or addresses change (templates/account/email/).
ACCOUNT_EMAIL_NOTIFICATIONS = True
# "key" is one client's address together with the account it tries (accounts/adapters.py),
# so failed logins back off that client on that account (5 in 5 minutes, 10 an hour,
# 20 a day) and never lock the owner out from their own browser; "ip" caps one address
# across all accounts.
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": "10/m/ip,60/h/ip,5/5m/key,10/h/key,20/d/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "reset_password_from_key": "20/m/ip",
    "confirm_email": "1/3m/key",
    "change_password": "5/m/user",
    "manage_email": "10/m/user",
}
# Limits per client address on the public endpoints that cost work (newsroom/throttle.py):
# a search that misses the page cache, and the read beacon.
THROTTLE_RATES = {
    "search": env.str("SEARCH_RATE_LIMIT", default="30/m"),
    "read": env.str("READ_RATE_LIMIT", default="60/m"),
}
# How much one client can add to one article's reads (readership/reads.py): the same address
# counts once per window whatever its user agent, and at most so many times a day; one /24
# (IPv4) or /64 (IPv6) network at most so many times a day.
READ_REPEAT_WINDOW_SECONDS = env.int("READ_REPEAT_WINDOW_SECONDS", default=30 * 60)
READS_PER_ADDRESS_PER_DAY = env.int("READS_PER_ADDRESS_PER_DAY", default=8)
READS_PER_NETWORK_PER_DAY = env.int("READS_PER_NETWORK_PER_DAY", default=40)
# How long a password-reset link works.
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=60 * 60)
# Second factors (allauth.mfa): an authenticator app with recovery codes, and security
# keys or passkeys where the browser offers them. WebAuthn needs HTTPS except in development.
MFA_ADAPTER = "accounts.adapters.MFAAdapter"
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes", "webauthn"]
MFA_PASSKEY_LOGIN_ENABLED = True
MFA_WEBAUTHN_ALLOW_INSECURE_ORIGIN = DEBUG
SOCIALACCOUNT_EMAIL_AUTHENTICATION = True
SOCIALACCOUNT_EMAIL_AUTHENTICATION_AUTO_CONNECT = True
SOCIALACCOUNT_LOGIN_ON_GET = False
TWITTER_CLIENT_ID = env.str("TWITTER_CLIENT_ID", default="")
TWITTER_CLIENT_SECRET = env.str("TWITTER_CLIENT_SECRET", default="")
SOCIALACCOUNT_PROVIDERS = {
    "twitter_oauth2": {
        # Adds the reader's confirmed email address, so a Twitter login finds their account.
        "provider_class": "accounts.twitter.TwitterProvider",
        "APPS": (
            [{"client_id": TWITTER_CLIENT_ID, "secret": TWITTER_CLIENT_SECRET, "key": ""}]
            if TWITTER_CLIENT_ID and TWITTER_CLIENT_SECRET
            else []
        ),
    }
}

# Email: console in development; SMTP as soon as EMAIL_HOST is set.
EMAIL_HOST = env.str("EMAIL_HOST", default="")
EMAIL_PORT = env.int("EMAIL_PORT", default=587)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=True)
EMAIL_TIMEOUT = 10
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Newsroom <newsroom@localhost>")
# The public address of the site, for links in emails (sent outside any request).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000").rstrip("/")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
EMAIL_BACKEND = (
    "django.core.mail.backends.smtp.EmailBackend"
    if EMAIL_HOST
    else "django.core.mail.backends.console.EmailBackend"
)

# Tags keep the order the writer typed them in (taggit sorts them): the first is the main one.
TAGGIT_TAGS_FROM_STRING = "articles.tags.parse_tags_in_order"
TAGGIT_STRING_FROM_TAGS = "articles.tags.tags_as_text"

LANGUAGE_CODE = "en-us"
# The newsroom's time zone: every time readers see, and every time staff see and type
# unless they chose their own (AuthorProfile.time_zone, newsroom/timezones.py). Times are
# stored in UTC.
TIME_ZONE = env.str("NEWSROOM_TIME_ZONE", default=env.str("TIME_ZONE", default="UTC"))
if TIME_ZONE not in zoneinfo.available_timezones():
    raise ImproperlyConfigured(
        f"NEWSROOM_TIME_ZONE is {TIME_ZONE!r}, which is not a time zone name. Use an IANA "
        "name such as 'Europe/Berlin' or 'UTC'."
    )
NEWSROOM_TIME_ZONE = TIME_ZONE
# Dates with times name their zone wherever Django prints them (newsroom/formats/en).
FORMAT_MODULE_PATH = ["newsroom.formats"]
# Every visible text goes through Django's translation functions; a newsroom working in
# another language adds its catalogue under locale/ (`manage.py makemessages -l de`, then
# `compilemessages`) and sets LANGUAGE_CODE.
USE_I18N = True
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

# Static files are served by WhiteNoise, compressed and with hashed names.
STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "staticfiles"
STATICFILES_DIRS = [BASE_DIR / "static"]


def _library_figure_allowlist(extension_config, shared_config):
    # What the editor's library figure writes; the body is cleaned by articles.sanitize,
    # which allows the same, so this only keeps django-prose-editor's own list complete.
    shared_config["tags"].add("figure")
    shared_config["attributes"].setdefault("figure", set()).add("data-image")


# The body editor's extension of our own: the library picture figure and its picker
# (static/js/article-image-picker.js, publishing.forms.EDITOR_EXTENSIONS).
DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("js/article-image-picker.js")],
        "extensions": {"LibraryFigure": _library_figure_allowlist},
    }
]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploaded originals of pictures: private, never served (media/images.py). Keep it
# outside MEDIA_ROOT. MEDIA_STORAGE=s3 puts both in an S3-compatible bucket instead:
# renditions public in ``default``, originals private in ``originals``
# (newsroom/object_storage.py, docs/deploy.md).
ORIGINALS_ROOT = Path(env.str("ORIGINALS_ROOT", default=str(VAR_DIR / "originals")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "originals": {"BACKEND": "media.images.OriginalsStorage"},
    "staticfiles": {"BACKEND": "newsroom.static_storage.StaticFilesStorage"},
}
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="filesystem")
if MEDIA_STORAGE == "s3":
    from newsroom.object_storage import s3_storages

    STORAGES.update(
        s3_storages(
            bucket=env.str("MEDIA_S3_BUCKET", default=""),
            endpoint_url=env.str("MEDIA_S3_ENDPOINT_URL", default=""),
            access_key=env.str("MEDIA_S3_ACCESS_KEY_ID", default=""),
            secret_key=env.str("MEDIA_S3_SECRET_ACCESS_KEY", default=""),
            region=env.str("MEDIA_S3_REGION", default=""),
            public_domain=env.str("MEDIA_S3_PUBLIC_DOMAIN", default=""),
            public_acl=env.str("MEDIA_S3_PUBLIC_ACL", default="public-read"),
            originals_bucket=env.str("MEDIA_S3_ORIGINALS_BUCKET", default=""),
        )
    )
elif MEDIA_STORAGE != "filesystem":
    raise ImproperlyConfigured(
        f"MEDIA_STORAGE must be 'filesystem' or 's3', not {MEDIA_STORAGE!r}."
    )
WHITENOISE_MAX_AGE = 60 * 60 * 24 * 365 if not DEBUG else 0
# Uploads: refuse anything bigger than this before it reaches an image check.
DATA_UPLOAD_MAX_MEMORY_SIZE = 25 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
IMAGE_MAX_BYTES = env.int("IMAGE_MAX_BYTES", default=20 * 1024 * 1024)
IMAGE_MAX_PIXELS = env.int("IMAGE_MAX_PIXELS", default=40_000_000)
# Memory one picture may take once decoded (a JPEG is decoded at a reduced scale, so this
# limits mostly PNG and WebP): a small file can unpack to hundreds of megabytes.
IMAGE_MAX_DECODED_BYTES = env.int("IMAGE_MAX_DECODED_BYTES", default=128 * 1024 * 1024)

# Public pages: how long a CDN, a browser and our own page cache keep an anonymous page
# (articles/caching.py); PUBLIC_PAGE_CACHE=false turns our page cache off (benchmarks).
PUBLIC_CACHE_SECONDS = env.int("PUBLIC_CACHE_SECONDS", default=60)
PUBLIC_PAGE_CACHE = env.bool("PUBLIC_PAGE_CACHE", default=True)
# How long our page cache may keep serving a page none of whose keys was purged: every change
# purges the pages that show it, so this bounds only what no purge follows (the front page,
# which follows the read counts, keeps PUBLIC_CACHE_SECONDS). Give Redis a maxmemory with
# allkeys-lru eviction (docs/deploy.md) so that the long tail cannot fill it.
PUBLIC_PAGE_KEEP_SECONDS = env.int("PUBLIC_PAGE_KEEP_SECONDS", default=6 * 60 * 60)
# How long each process may reuse a page it read from the shared cache (0 turns that off);
# also how long other processes may show a page after a publish purged it.
PUBLIC_PAGE_LOCAL_SECONDS = env.float("PUBLIC_PAGE_LOCAL_SECONDS", default=1.0)
# After a purge, or once PUBLIC_CACHE_SECONDS have passed, one request renders a page again
# while the others get the previous copy for at most this long (stale while revalidate);
# an edge cache may serve a page this old while the app servers fail (stale if error).
PUBLIC_PAGE_STALE_SECONDS = env.int("PUBLIC_PAGE_STALE_SECONDS", default=10)
PUBLIC_STALE_IF_ERROR_SECONDS = env.int("PUBLIC_STALE_IF_ERROR_SECONDS", default=24 * 60 * 60)
# The edge caches (Varnish) that get a purge of the changed pages' keys after each change,
# comma separated, such as "http://10.0.0.5:6081/"; empty sends none (articles/edge.py).
VARNISH_PURGE_URLS = env.list("VARNISH_PURGE_URLS", default=[])
VARNISH_PURGE_TIMEOUT = env.float("VARNISH_PURGE_TIMEOUT", default=1.0)
# Messages live in a cookie, so showing them never loads the session of an anonymous reader.
MESSAGE_STORAGE = "django.contrib.messages.storage.cookie.CookieStorage"

# Security. The strict Content-Security-Policy holds on every page: no inline script or style.
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "strict-origin-when-cross-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
# Browser features no page of ours uses, denied to every page and frame
# (Permissions-Policy, newsroom/middleware.py).
PERMISSIONS_POLICY_DENIED = [
    "accelerometer",
    "ambient-light-sensor",
    "autoplay",
    "bluetooth",
    "camera",
    "display-capture",
    "geolocation",
    "gyroscope",
    "hid",
    "idle-detection",
    "magnetometer",
    "microphone",
    "midi",
    "payment",
    "publickey-credentials-get",
    "screen-wake-lock",
    "serial",
    "usb",
    "xr-spatial-tracking",
]
# Other sites may not embed our responses (pages, images, scripts) in theirs.
CROSS_ORIGIN_RESOURCE_POLICY = env.str("CROSS_ORIGIN_RESOURCE_POLICY", default="same-origin")
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
if not DEBUG:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    # On by default; an operator whose subdomains do not all serve HTTPS, or who does not
    # want the (hard to undo) preload list, turns them off, and the deploy check then
    # accepts that decision instead of warning about it (docs/security.md).
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
    SILENCED_SYSTEM_CHECKS = [
        check
        for check, enabled in (
            ("security.W005", SECURE_HSTS_INCLUDE_SUBDOMAINS),
            ("security.W021", SECURE_HSTS_PRELOAD),
        )
        if not enabled
    ]
    SESSION_COOKIE_SECURE = env.bool("SESSION_COOKIE_SECURE", default=True)
    CSRF_COOKIE_SECURE = env.bool("CSRF_COOKIE_SECURE", default=True)

# Routes the load benchmark's constant page (bench/ceiling.py); only bench/run.py sets it.
BENCH_CEILING = env.bool("BENCH_CEILING", default=False)

# JSON lines with time, level, logger, request id and client address (newsroom/logs.py);
# LOG_FORMAT=text for plain lines in a terminal.
LOG_FORMAT = env.str("LOG_FORMAT", default="text" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"request_context": {"()": "newsroom.logs.RequestContextFilter"}},
    "formatters": {
        "json": {"()": "newsroom.logs.JsonLinesFormatter"},
        "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "filters": ["request_context"],
            "formatter": "json" if LOG_FORMAT == "json" else "text",
        }
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "INFO"},
        "pgserver": {"level": "WARNING"},
    },
}

# Errors to Sentry (or a Sentry-compatible service) when SENTRY_DSN is set; needs the
# "sentry" extra (pip install "newsroom[sentry]").
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    try:
        import sentry_sdk
        from sentry_sdk.integrations.django import DjangoIntegration
    except ImportError as error:
        raise ImproperlyConfigured(
            'SENTRY_DSN is set but sentry-sdk is not installed: pip install "newsroom[sentry]".'
        ) from error
    sentry_sdk.init(
        dsn=SENTRY_DSN,
        integrations=[DjangoIntegration()],
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
        # Readers' addresses and cookies stay with us.
        send_default_pii=False,
    )
