# NanoStore: the shop bot in one image. `docker compose up` runs it with PostgreSQL and Redis;
# alone it runs on a SQLite file in the /shop/data volume. See docs/deploy.md.
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /shop
RUN useradd --system --uid 10001 --user-group --home-dir /shop --shell /usr/sbin/nologin nanostore

# Only the package: never .env (secrets) or data/ (a database) from the build context. A normal
# install: the built-in screens and texts ship inside the package; the shop's own live in /shop.
COPY pyproject.toml README.md /src/
COPY nanostore /src/nanostore
RUN pip install '/src[postgres,redis]' \
    && rm -rf /src \
    && mkdir -p /shop/data \
    && chown -R nanostore:nanostore /shop

USER nanostore
# The shop folder: mount yours here (its screens/, locales/, media/ override the built-in ones;
# .env and data/ live in it too). Without a mount the shop runs on the built-in content.
ENV NANOSTORE_SHOP=/shop
VOLUME ["/shop/data"]
# SQLite in /shop/data unless DATABASE_URL says otherwise (docker-compose.yml uses PostgreSQL).
# Webhook mode listens here (WEBHOOK_PORT); polling needs no port.
EXPOSE 8080

# No HEALTHCHECK: /healthz exists only in webhook mode, and a polling bot has no port to probe.
# In webhook mode let the load balancer (or compose) probe http://<container>:8080/healthz.
STOPSIGNAL SIGTERM
CMD ["nanostore", "run"]
