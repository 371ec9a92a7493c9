#!/usr/bin/env bash
# PostgreSQL for the test suite on a fresh Debian machine: installs it from Debian's packages,
# starts the cluster with test-only speed settings, and makes a role and a database for the
# tests. Idempotent. Prints the URL the tests read from BOMBA_TEST_PG as its last line.
# Test-only: fsync and commit waits are off. Never use these settings for data you keep.
set -euo pipefail
ROLE=bomba PASS=bomba DB=bomba_test PORT=5432
SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq >&2
$SUDO apt-get install -y -qq postgresql >&2
VERSION=$(ls /usr/lib/postgresql | sort -V | tail -1)
pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$VERSION main" ||
  $SUDO pg_createcluster "$VERSION" main -p "$PORT" >&2
$SUDO tee "/etc/postgresql/$VERSION/main/conf.d/99-bomba-tests.conf" >/dev/null <<CONF
listen_addresses = '127.0.0.1'
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 200
CONF
if $SUDO pg_ctlcluster "$VERSION" main status >/dev/null 2>&1; then
  $SUDO pg_ctlcluster "$VERSION" main restart >&2
else
  $SUDO pg_ctlcluster "$VERSION" main start >&2
fi
pg_isready -q -h 127.0.0.1 -p "$PORT" -t 60
$SUDO runuser -u postgres -- psql -p "$PORT" -v ON_ERROR_STOP=1 -q >&2 <<SQL
SELECT 'CREATE ROLE $ROLE LOGIN CREATEDB PASSWORD ''$PASS'''
  WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '$ROLE') \gexec
SELECT 'CREATE DATABASE $DB OWNER $ROLE'
  WHERE NOT EXISTS (SELECT FROM pg_database WHERE datname = '$DB') \gexec
SQL
echo "postgres://$ROLE:$PASS@127.0.0.1:$PORT/$DB"
