#!/usr/bin/env bash
# uv.lock -> requirements/*.txt (pinned, with hashes, every platform). `make lock` writes them;
# `make lint` runs it with --check: it fails when uv.lock is stale against pyproject.toml or an exported
# file differs from what the lock gives.
set -euo pipefail
cd "$(dirname "$0")/.."
UV=${UV:-.venv-uv/bin/uv}
mode=${1:-write}

# file -> the part of the lock it holds (the project itself is installed separately, with --no-deps).
declare -A EXPORTS=(
  [runtime]="--no-default-groups"                 # what `showbay serve` needs
  [image]="--no-default-groups --extra otel"      # the Containerfile: runtime + tracing
  [dev]="--no-default-groups --extra dev"         # make install: embedded, otel, bench, test and lint tools
  [build]="--only-group build"                    # pip and the build backend, for --no-build-isolation
  [lock]="--only-group lock"                      # uv itself, for make lock / the lock check
)

export_to() {
  local dir=$1 name
  for name in "${!EXPORTS[@]}"; do
    # shellcheck disable=SC2086 # the options are words on purpose
    "$UV" export --quiet --frozen --format requirements-txt --no-emit-project ${EXPORTS[$name]} >"$dir/$name.txt"
  done
}

if grep -q '^<<<<<<< ' uv.lock; then
  # A merge of two branches that both changed dependencies: keep either side's lock, uv re-resolves the rest
  # from pyproject.toml (keeping that side's pins), and the exports are rewritten whole.
  echo "uv.lock has merge conflicts: \`git checkout --theirs uv.lock\` (or --ours), then \`make lock\`" >&2
  exit 1
fi

case $mode in
  write)
    "$UV" lock
    export_to requirements
    ;;
  --check)
    if ! "$UV" lock --check; then
      echo "uv.lock is stale against pyproject.toml: run \`make lock\` and commit uv.lock and requirements/" >&2
      exit 1
    fi
    tmp=$(mktemp -d)
    trap 'rm -rf "$tmp"' EXIT
    export_to "$tmp"
    for name in "${!EXPORTS[@]}"; do
      if ! diff -u "requirements/$name.txt" "$tmp/$name.txt" >"$tmp/$name.diff"; then
        cat "$tmp/$name.diff" >&2
        echo "requirements/$name.txt differs from uv.lock: run \`make lock\` and commit requirements/" >&2
        exit 1
      fi
    done
    echo "uv.lock and requirements/*.txt match pyproject.toml"
    ;;
  *)
    echo "usage: $0 [--check]" >&2
    exit 2
    ;;
esac
