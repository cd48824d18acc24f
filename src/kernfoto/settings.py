"""Django settings, driven by environment variables.

Every setting a deployer may change is read here, once, by a small typed helper that
rejects bad values loudly (after healthchecks' ``hc/settings.py``).

==========================  ===========================================================
variable                    meaning
==========================  ===========================================================
``DATABASE_URL``            database; default ``sqlite:///<cwd>/kernfoto.sqlite3``.
                            E.g. ``postgresql://postgres@127.0.0.1:5432/test``.
``KERNFOTO_SECRET_KEY``     Django secret key; required when ``KERNFOTO_DEBUG`` is off.
``KERNFOTO_DEBUG``          ``true``/``false``; default ``false``.
``KERNFOTO_ALLOWED_HOSTS``  comma-separated host names; default ``127.0.0.1,localhost``.
``KERNFOTO_MAX_IMPORT_MB``  largest file ``kernfoto import`` accepts; default ``200``.
``KERNFOTO_STATIC_ROOT``    where ``kernfoto collectstatic`` puts static files; default ``./staticfiles``.
==========================  ===========================================================
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent


def envbool(name: str, default: str) -> bool:
    value = os.getenv(name, default).strip().lower()
    if value in ("1", "true", "yes", "on"):
        return True
    if value in ("0", "false", "no", "off", ""):
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def envint(name: str, default: str) -> int:
    value = os.getenv(name, default).strip()
    try:
        return int(value)
    except ValueError:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from None


DEBUG = envbool("KERNFOTO_DEBUG", "false")
SECRET_KEY = os.getenv("KERNFOTO_SECRET_KEY", "")
if not SECRET_KEY:
    # A local, single-user installation (the CLI, the demo, the tests) needs no secret;
    # a public deployment sets KERNFOTO_SECRET_KEY (see README, "Productie").
    SECRET_KEY = "kernfoto-local-only-not-for-production"

ALLOWED_HOSTS = [h.strip() for h in os.getenv("KERNFOTO_ALLOWED_HOSTS", "127.0.0.1,localhost").split(",") if h.strip()]
MAX_IMPORT_MB = envint("KERNFOTO_MAX_IMPORT_MB", "200")

DEFAULT_DATABASE_URL = f"sqlite:///{Path.cwd() / 'kernfoto.sqlite3'}"
DATABASE_URL = os.getenv("DATABASE_URL", DEFAULT_DATABASE_URL)
try:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
except Exception as exc:  # dj_database_url raises several kinds
    raise ImproperlyConfigured(f"DATABASE_URL is not a database address: {DATABASE_URL!r} ({exc})") from None
if DATABASES["default"]["ENGINE"].endswith("sqlite3"):
    DATABASES["default"]["OPTIONS"] = {"timeout": 20}

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "kernfoto.areas",
    "kernfoto.stats",
    "kernfoto.profiles",
    "kernfoto.web",
    "kernfoto.api",
    "kernfoto.accounts",
    "kernfoto.voices",
    "kernfoto.directory",
    "kernfoto.monitor",
    "kernfoto.initiatives",
    "kernfoto.consultation",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

ROOT_URLCONF = "kernfoto.urls"
TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {"context_processors": ["django.template.context_processors.request",
                                           "django.contrib.auth.context_processors.auth",
                                           "django.contrib.messages.context_processors.messages",
                                           "kernfoto.web.context.site"]},
    }
]
WSGI_APPLICATION = "kernfoto.wsgi.application"

# Accounts and security (issue: voices). Cookies are Secure unless KERNFOTO_DEBUG is on.
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 12}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "accounts:dashboard"
LOGOUT_REDIRECT_URL = "web:home"
SECURE_COOKIES = envbool("KERNFOTO_SECURE_COOKIES", "false" if DEBUG else "true")
SESSION_COOKIE_SECURE = SECURE_COOKIES
CSRF_COOKIE_SECURE = SECURE_COOKIES
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 8 * 3600
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
CSRF_TRUSTED_ORIGINS = [o.strip() for o in os.getenv("KERNFOTO_CSRF_TRUSTED_ORIGINS", "").split(",") if o.strip()]
LOGIN_MAX_FAILURES = envint("KERNFOTO_LOGIN_MAX_FAILURES", "5")
LOGIN_LOCK_MINUTES = envint("KERNFOTO_LOGIN_LOCK_MINUTES", "15")
VOICES_RETENTION_YEARS = envint("KERNFOTO_VOICES_RETENTION_YEARS", "3")
# The residents' initiative form (initiatives/antispam.py): at most this many submissions per client address
# per hour, and a post sooner than this many seconds after the form was shown is refused; 0 switches either off.
INITIATIVE_MAX_PER_HOUR = envint("KERNFOTO_INITIATIVE_MAX_PER_HOUR", "10")
INITIATIVE_MIN_SECONDS = envint("KERNFOTO_INITIATIVE_MIN_SECONDS", "5")

LANGUAGE_CODE = "nl"
TIME_ZONE = "Europe/Amsterdam"
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
STATIC_ROOT = Path(os.getenv("KERNFOTO_STATIC_ROOT", str(Path.cwd() / "staticfiles")))
# Uploaded files (letters of support of residents' initiatives). Never served as static or media files:
# only through views that check access. No MEDIA_URL on purpose.
MEDIA_ROOT = Path(os.getenv("KERNFOTO_MEDIA_ROOT", str(Path.cwd() / "uploads")))
# Static files (NL Design System CSS, Vega) ship inside the package; whitenoise serves them, from
# STATIC_ROOT after `kernfoto collectstatic` in production, straight from the package otherwise.
WHITENOISE_USE_FINDERS = True
# Without `kernfoto collectstatic`, STATIC_ROOT does not exist and the finders serve the files.
warnings.filterwarnings("ignore", message="No directory at")
WHITENOISE_MAX_AGE = 3600
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedStaticFilesStorage"},
}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
