#!/usr/bin/env sh
# Installs the npm peers of the benchmark comparison (kinesalite 3.3.3) into benchmarks/peers/node_modules, exactly
# as package-lock.json pins them. --ignore-scripts: kinesalite's optional native LevelDB binding (leveldown) is only
# loaded with --path, and the comparison runs kinesalite in memory (memdown), so its node-gyp build is not needed.
set -eu
cd "$(dirname "$0")"
if ! command -v npm >/dev/null 2>&1; then
  echo "setup.sh: npm not found" >&2
  exit 3
fi
if [ -f package-lock.json ]; then
  npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
else
  npm install --ignore-scripts --no-audit --no-fund --loglevel=error
fi
node -e "require('kinesalite'); console.log('kinesalite ' + require('kinesalite/package.json').version + ' installed')"
