# Sourced by the scripts: where the installed tools live, and how Trunk must run here.
export PATH="$HOME/.cargo/bin:$PWD/tools/node_modules/.bin:$PATH"
# Trunk's update check calls an API this machine cannot reach.
export TRUNK_SKIP_VERSION_CHECK=true
export CARGO_TERM_COLOR="${CARGO_TERM_COLOR:-never}"
# The release panel is compiled with this nightly, which can rebuild std with
# `panic=immediate-abort` (see scripts/build-panel). Everything else uses stable.
export PANEL_TOOLCHAIN=nightly-2026-05-20
