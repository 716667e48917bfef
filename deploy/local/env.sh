# Settings shared by install/up/down/status. Every value can be overridden from the
# environment; the defaults keep clear of the standard ports so a developer's own
# servers do not collide with these.
ROOT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
: "${METRODESK_LOCAL_DIR:=$ROOT_DIR/.local}"
: "${KAFKA_VERSION:=3.9.1}"
: "${FERRETDB_VERSION:=v1.24.2}"
: "${PNPM_VERSION:=12.4.2}"
: "${KUSTOMIZE_VERSION:=v5.6.0}"
: "${SCHEMATHESIS_VERSION:=4.32.5}"
: "${MAILPIT_VERSION:=v1.27.11}"
: "${PG_PORT:=55432}"
: "${FERRETDB_PORT:=27027}"
: "${FERRETDB_DEBUG_PORT:=28088}"
: "${KAFKA_PORT:=29092}"
: "${KAFKA_CONTROLLER_PORT:=29093}"
: "${KAFKA_HEAP:=512m}"
: "${KAFKA_DEFAULT_PARTITIONS:=3}"
: "${REDIS_PORT:=6390}"
: "${MAILPIT_SMTP_PORT:=1026}"
: "${MAILPIT_HTTP_PORT:=8026}"
: "${PG_USER:=metrodesk}"
# FerretDB's PostgreSQL pool and the server's connection limit: see the FerretDB section of `up`.
: "${FERRETDB_PG_POOL:=250}"
: "${PG_MAX_CONNECTIONS:=300}"

BIN_DIR="$METRODESK_LOCAL_DIR/bin"
RUN_DIR="$METRODESK_LOCAL_DIR/run"
LOG_DIR="$METRODESK_LOCAL_DIR/log"
DATA_DIR="$METRODESK_LOCAL_DIR/data"
KAFKA_LIBS="$METRODESK_LOCAL_DIR/kafka-$KAFKA_VERSION/libs"
FERRETDB_BIN="$BIN_DIR/ferretdb-$FERRETDB_VERSION"
MAILPIT_BIN="$BIN_DIR/mailpit-$MAILPIT_VERSION"
PG_BIN_DIR="${PG_BIN_DIR:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}"

export MONGO_URL="${MONGO_URL:-mongodb://127.0.0.1:$FERRETDB_PORT/}"
# The local server is FerretDB v1: the services switch on @metrodesk/mongo's compat layer for it.
export MONGO_COMPAT="${MONGO_COMPAT:-ferretdb-v1}"
export KAFKA_BROKERS="${KAFKA_BROKERS:-127.0.0.1:$KAFKA_PORT}"
export REDIS_URL="${REDIS_URL:-redis://127.0.0.1:$REDIS_PORT}"
# MONGO_COMPAT_LOCK_URL (FerretDB v1's write locks in a Redis every replica shares) is left
# unset here: one process per service needs no shared lock, and every write would pay its round
# trips. `run` sets it with METRODESK_REPLICAS=2, the fault suite for its replicas scenario
# (docs/decisions/0010).
# Mailpit stands in for the bureau's mail relay: SMTP for the services, HTTP API for tests.
export SMTP_HOST="${SMTP_HOST:-127.0.0.1}"
export SMTP_PORT="${SMTP_PORT:-$MAILPIT_SMTP_PORT}"
export MAILPIT_URL="${MAILPIT_URL:-http://127.0.0.1:$MAILPIT_HTTP_PORT}"

# Tests and services started from scripts read these.
export METRODESK_LOCAL_DIR PG_PORT PG_USER FERRETDB_VERSION

mkdir -p "$BIN_DIR" "$RUN_DIR" "$LOG_DIR" "$DATA_DIR"

# PostgreSQL refuses to run as root, so under root it runs as the 'postgres' system user, which
# must be able to reach its data, log and socket. A clone inside a folder it cannot traverse
# (root's home and `mktemp -d` are mode 700) keeps them under /var/lib/metrodesk/<hash of the
# clone's .local>, owned by postgres; otherwise (and for data already made) inside .local.
pg_reaches() { runuser -u postgres -- test -x "$1" 2>/dev/null; }
if [ -z "${PG_HOME:-}" ]; then
  PG_HOME="$DATA_DIR/pg"
  if [ ! -f "$DATA_DIR/postgres/PG_VERSION" ] && [ "$(id -u)" = 0 ] && id postgres >/dev/null 2>&1 && ! pg_reaches "$DATA_DIR"; then
    PG_HOME="/var/lib/metrodesk/pg-$(printf '%s' "$METRODESK_LOCAL_DIR" | sha256sum | cut -c1-12)"
  fi
fi
# Data made before PG_HOME existed stays where it is.
if [ -f "$DATA_DIR/postgres/PG_VERSION" ]; then PGDATA="$DATA_DIR/postgres"; PG_LOG="$LOG_DIR/postgres.log"; PG_SOCK_DIR="$RUN_DIR/pgsock"
else PGDATA="$PG_HOME/data"; PG_LOG="$PG_HOME/postgres.log"; PG_SOCK_DIR="$PG_HOME/sock"; fi
export PGDATA

log() { printf '[metrodesk] %s\n' "$*" >&2; }
die() { printf '[metrodesk] error: %s\n' "$*" >&2; exit 1; }

# PostgreSQL refuses to run as root; under root (CI, fresh machines) it runs as the
# 'postgres' system user that Debian's package creates.
as_pg() {
  if [ "$(id -u)" = 0 ]; then (cd / && runuser -u postgres -- "$@"); else "$@"; fi
}

pid_alive() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }
