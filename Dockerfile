# NanoStore: the shop bot in one image. `docker compose up` runs it with PostgreSQL and Redis;
# alone it runs on a SQLite file in the /app/data volume. See docs/deploy.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
RUN useradd --system --uid 10001 --user-group --home-dir /app --shell /usr/sbin/nologin nanostore

# Only what the shop needs: never .env (secrets) or data/ (a database) from the build context.
COPY pyproject.toml README.md ./
COPY nanostore ./nanostore
COPY screens ./screens
COPY locales ./locales
# Editable, so screens/ and locales/ are found next to the code, where the shop looks for them.
RUN pip install -e '.[postgres,redis]' \
    && mkdir -p /app/data \
    && chown nanostore:nanostore /app/data

USER nanostore
VOLUME ["/app/data"]
# SQLite unless DATABASE_URL says otherwise (docker-compose.yml points it at PostgreSQL).
ENV DATABASE_URL=sqlite:///app/data/nanostore.db
# Webhook mode listens here (WEBHOOK_PORT); polling needs no port.
EXPOSE 8080

# No HEALTHCHECK: /healthz exists only in webhook mode, and a polling bot has no port to probe.
# In webhook mode let the load balancer (or compose) probe http://<container>:8080/healthz.
STOPSIGNAL SIGTERM
CMD ["nanostore", "run"]
