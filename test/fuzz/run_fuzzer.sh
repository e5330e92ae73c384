#!/usr/bin/env bash
# Runs one dlc fuzz target for a bounded time; what ctest and the long runs in
# README.md call.
#
# usage: run_fuzzer.sh FUZZER SECONDS WORKDIR DICT|- PATTERN MAX_BYTES SEED_DIR...
#   SECONDS 0 replays the seeds and corpus only. Seeds are the files named PATTERN (a find -name glob) of at most MAX_BYTES
#   under the SEED_DIRs, copied once into WORKDIR/seeds; what the fuzzer finds
#   goes to WORKDIR/corpus and survives between runs, a crashing input to
#   WORKDIR/crash-*. Extra libFuzzer flags come from $DLC_FUZZ_FLAGS.
set -euo pipefail
if [ $# -lt 7 ]; then
  echo "usage: $0 FUZZER SECONDS WORKDIR DICT|- PATTERN MAX_BYTES SEED_DIR..." >&2
  exit 2
fi
fuzzer=$1 seconds=$2 workdir=$3 dict=$4 pattern=$5 max_bytes=$6
shift 6
# As .ci/sanitize explains: LLVM's own poisoning is off in mixed builds.
export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}allow_user_poisoning=0

mkdir -p "$workdir/corpus"
if [ ! -d "$workdir/seeds" ]; then
  mkdir -p "$workdir/seeds.tmp"
  n=0
  for dir in "$@"; do
    [ -d "$dir" ] || continue
    while IFS= read -r -d '' file; do
      n=$((n + 1))
      cp "$file" "$workdir/seeds.tmp/$n-$(basename "$file")"
    done < <(find "$dir" -type f -name "$pattern" -size -"$((max_bytes + 1))"c -print0)
  done
  mv "$workdir/seeds.tmp" "$workdir/seeds"
fi

flags=(-print_final_stats=1 -timeout=20 -rss_limit_mb=4096 -max_len="$max_bytes"
  -artifact_prefix="$workdir/")
# 0 seconds: run every seed and corpus input once, mutating nothing (a
# deterministic regression run, as CI does).
if [ "$seconds" = 0 ]; then
  flags+=(-runs=0)
else
  flags+=(-max_total_time="$seconds")
fi
[ "$dict" != - ] && flags+=(-dict="$dict")
# shellcheck disable=SC2086 # DLC_FUZZ_FLAGS is a list of flags.
exec "$fuzzer" "${flags[@]}" ${DLC_FUZZ_FLAGS:-} "$workdir/corpus" "$workdir/seeds"
