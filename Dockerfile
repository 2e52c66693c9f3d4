# The application image: gunicorn, the Celery worker and Celery beat all run from it (docker-compose.yml).

# --- GOV.UK Frontend assets ------------------------------------------------------------------------
FROM node:22-bookworm-slim AS assets
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY static/build-assets.mjs static/build-assets.mjs
RUN npm run build

# --- The application -------------------------------------------------------------------------------
FROM python:3.11-slim-bookworm AS app

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PIP_NO_CACHE_DIR=1 \
    DJANGO_SETTINGS_MODULE=send_system.settings.production \
    SEND_VAR_DIR=/app/var

# Pango (with HarfBuzz and fontconfig) is what WeasyPrint needs to lay out the PDF letters and plans.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-liberation \
    && rm -rf /var/lib/apt/lists/* \
    && useradd --system --create-home --home-dir /home/app --uid 10001 app

WORKDIR /app
# Runtime dependencies only, pinned by the lock file; the source is run from /app.
COPY pyproject.toml requirements.lock README.md ./
RUN pip install -c requirements.lock .

COPY . .
COPY --from=assets /app/static/build static/build

# Static files are collected at build time; the settings need some DATABASE_URL and SECRET_KEY to
# load, and collectstatic touches neither.
RUN DJANGO_SETTINGS_MODULE=send_system.settings.base \
    DATABASE_URL=postgres://build@localhost/build \
    python manage.py collectstatic --noinput --verbosity 0 \
    && mkdir -p var/celery/queue var/celery/processed var/media var/beat \
    && chown -R app:app var

USER app
EXPOSE 8000
CMD ["gunicorn", "send_system.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-", "--no-control-socket"]
