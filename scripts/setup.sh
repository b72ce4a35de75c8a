#!/usr/bin/env bash
# Installs what the project needs on a fresh Debian machine with Node 20: pnpm (the version
# pinned in package.json), the workspace's packages, and with --test the system Chromium that
# the component and end-to-end tests drive. No step downloads a browser or a prebuilt binary.
set -euo pipefail
cd "$(dirname "$0")/.."

pnpm_version=$(node -p "require('./package.json').packageManager.split('@')[1]")
if ! command -v pnpm >/dev/null 2>&1 || [ "$(pnpm --version)" != "$pnpm_version" ]; then
  echo "setup: installing pnpm $pnpm_version"
  npm install -g "pnpm@$pnpm_version"
fi

if [ "${1:-}" = "--test" ] && ! command -v chromium >/dev/null 2>&1; then
  echo "setup: installing Chromium from Debian's packages"
  as_root=""
  [ "$(id -u)" -ne 0 ] && as_root="sudo"
  $as_root apt-get update
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y chromium
fi

# The server's tests also run on PostgreSQL: a throwaway cluster of their own (initdb +
# pg_ctl, as the postgres user), from Debian's packages with pg_trgm (contrib).
if [ "${1:-}" = "--test" ] && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  echo "setup: installing PostgreSQL from Debian's packages"
  as_root=""
  [ "$(id -u)" -ne 0 ] && as_root="sudo"
  $as_root apt-get update
  $as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y postgresql postgresql-contrib
fi

# better-sqlite3 compiles from source against Node's own headers (no prebuilt download).
export npm_config_nodedir="${npm_config_nodedir:-/usr}"
pnpm install --frozen-lockfile
