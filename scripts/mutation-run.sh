#!/bin/sh
# Mutation testing with StrykerJS over the transport state machine and the store binding.
#   npm run test:mutation                                  # the modules listed in stryker.config.mjs
#   npm run test:mutation -- src/transport/scheduler.ts    # one module (or several, space-separated)
# Reports: reports/mutation/index.html and mutation.json. Not run by `npm test` or CI (tens of minutes).
# STRYKER_CONCURRENCY overrides the number of parallel test runners (default 2).
set -eu
cd "$(dirname "$0")/.."
set -- "$@"
mutate=""
for file in "$@"; do
  [ -f "$file" ] || { echo "mutation-run: no such file: $file" >&2; exit 2; }
  mutate="${mutate:+$mutate,}$file"
done
exec npx stryker run stryker.config.mjs \
  --concurrency "${STRYKER_CONCURRENCY:-2}" \
  ${mutate:+--mutate "$mutate"}
