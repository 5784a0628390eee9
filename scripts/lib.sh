# Shared helpers for the scripts in this folder; sourced, not run.

set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

# Cargo installs land here; make them visible even in a shell that has not sourced rustup's env.
export PATH="$ROOT/node_modules/.bin:${CARGO_HOME:-$HOME/.cargo}/bin:$PATH"
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"

TARGET_DIR="${CARGO_TARGET_DIR:-$ROOT/target}"
STAMPS="$TARGET_DIR/stamps"
mkdir -p "$STAMPS"

log() { printf '==> %s\n' "$*" >&2; }
die() { printf 'error: %s\n' "$*" >&2; exit 1; }

# The wasm-bindgen version pinned in Cargo.lock; the CLI must match it exactly.
locked_wasm_bindgen_version() {
    awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' "$ROOT/Cargo.lock"
}

# Hash of files (content and name), for "has this input changed" stamps.
hash_files() {
    local file
    for file in "$@"; do
        [ -e "$file" ] || continue
        printf '%s\n' "$file"
        sha256sum <"$file"
    done | sha256sum | cut -d' ' -f1
}

# True when stamp NAME holds VALUE.
stamp_matches() { [ -f "$STAMPS/$1" ] && [ "$(cat "$STAMPS/$1")" = "$2" ]; }
stamp_write() { printf '%s' "$2" >"$STAMPS/$1"; }

# Seconds since the epoch with a fraction, for timings.
now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1fs", b - a }'; }
