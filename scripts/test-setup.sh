#!/usr/bin/env bash
# The first step of `npm test`: what the test suites need beyond npm packages, installed when missing
# (Debian packages as root; otherwise one clear message saying what to install), so a fresh clone's
# `npm install && npm test` passes with nothing set up by hand.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
bash "$here/system-packages.sh" git browser postgres
if [ -n "${CODE_SERVER_BIN:-}" ]; then
  [ -x "$CODE_SERVER_BIN" ] || { echo "CODE_SERVER_BIN=$CODE_SERVER_BIN is not an executable; unset it to install code-server into .vscode-test/cs." >&2; exit 1; }
elif [ ! -x "$here/../.vscode-test/cs/code-server" ]; then
  echo "Installing code-server (a real VS Code, from the npm registry) into .vscode-test/cs — once, about a minute"
  bash "$here/install-code-server.sh"
fi
