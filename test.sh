#!/usr/bin/env bash
# The whole test suite: installs the tools the tests need when they are missing, then runs
# cargo fmt --check, cargo clippy -D warnings, cargo doc -D warnings, a check of the fuzz
# targets, and every test with the locked dependencies (unit, recorded-facts and the
# privileged namespace scenarios, one test binary, tests/tests.rs). A test that cannot run
# here (not root, a tool missing) is skipped visibly: `SKIPPED <test>: <reason>`, and a count
# after each test binary's summary; PROMISC_REQUIRE_PRIVILEGED=1 makes a skip a failure.
set -euo pipefail
cd "$(dirname "$0")"

need=()
command -v ip >/dev/null || need+=(iproute2)
command -v bridge >/dev/null || need+=(iproute2)
command -v tcpdump >/dev/null || need+=(tcpdump)
command -v tshark >/dev/null || need+=(tshark)
command -v capinfos >/dev/null || need+=(wireshark-common)
command -v python3 >/dev/null || need+=(python3)
command -v setpriv >/dev/null || need+=(util-linux)
command -v ping >/dev/null || need+=(iputils-ping)
command -v nmap >/dev/null || need+=(nmap)
command -v prometheus >/dev/null && command -v promtool >/dev/null || need+=(prometheus)
if ((${#need[@]})); then
  if [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "test.sh: missing ${need[*]}: install them (apt-get install -y ${need[*]}) or run as root" >&2
  fi
fi

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --document-private-items --locked
# The fuzz targets are a crate of their own (built by cargo fuzz with a nightly toolchain):
# checking them here keeps them compiling against the libraries.
(cd fuzz && cargo check --quiet)
cargo test --workspace --locked
