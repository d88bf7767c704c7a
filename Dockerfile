# The production image: gunicorn serves the portal, whitenoise its static files; the same image
# runs the Celery worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    VAR_DIR=/srv/unionplans/var

WORKDIR /app
# LibreOffice (without its GUI) converts uploaded .doc and .wps plans to .docx (Writer) and .xls
# and .et task lists to .xlsx (Calc) for the importer.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui \
    && rm -rf /var/lib/apt/lists/*
# Directory login needs no system library here: it speaks LDAP through the pure-Python ldap3
# (docs/organisation.md, "Directory login").
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# collectstatic needs some keys and an https SITE_URL; the real ones come from the environment at
# run time. It writes the manifest whatever DEBUG is (unionplans/settings.py, STORAGES).
RUN SECRET_KEY=build-only FIELD_ENCRYPTION_KEY=build-only SITE_URL=https://build.invalid python manage.py collectstatic --noinput \
    && useradd --system --home /srv/unionplans unionplans \
    && mkdir -p /srv/unionplans/var /srv/unionplans/media \
    && chown -R unionplans /srv/unionplans

USER unionplans
EXPOSE 8000
CMD ["gunicorn", "unionplans.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
