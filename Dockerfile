# The production image: gunicorn serves the portal, whitenoise its static files; the same image
# runs the Celery worker and beat (see docker-compose.yml).
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    VAR_DIR=/srv/unionplans/var

WORKDIR /app
# LibreOffice (without its GUI) converts uploaded .doc and .wps plans to .docx for the importer.
RUN apt-get update \
    && apt-get install -y --no-install-recommends libreoffice-writer-nogui \
    && rm -rf /var/lib/apt/lists/*
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .
# collectstatic needs some key; the real one comes from the environment at run time.
RUN DEBUG=0 SECRET_KEY=build-only python manage.py collectstatic --noinput \
    && useradd --system --home /srv/unionplans unionplans \
    && mkdir -p /srv/unionplans/var /srv/unionplans/media \
    && chown -R unionplans /srv/unionplans

USER unionplans
EXPOSE 8000
CMD ["gunicorn", "unionplans.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--timeout", "60", "--access-logfile", "-"]
