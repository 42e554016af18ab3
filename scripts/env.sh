# Sourced by the scripts: puts the project's tools first on PATH.
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_OFFLINE=true
export PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1
