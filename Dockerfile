# The demo server and client in one image; docker-compose.yml runs it both ways.
FROM python:3.12-slim

# unbuffered: `docker compose up` shows each line as it is printed
ENV PYTHONUNBUFFERED=1 \
    PYTHONDONTWRITEBYTECODE=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1

WORKDIR /app
COPY pyproject.toml README.md ./
COPY common common
COPY server server
COPY client client
COPY demos demos
# wheels only: no compiler in the image, none left behind
RUN pip install --only-binary=:all: . \
    && useradd --create-home --uid 10001 demo

USER demo
# inside its own container the server listens on every interface; what the host
# exposes is decided by the port mapping (docker-compose.yml: 127.0.0.1 only)
ENV DEMO_HOST=0.0.0.0
EXPOSE 8080
# the exec form: SIGTERM reaches demo-server itself, which lets requests in flight finish
CMD ["demo-server"]
