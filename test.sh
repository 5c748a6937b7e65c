#!/usr/bin/env bash
# The whole test suite: installs the tools the tests need when they are missing, then runs
# cargo fmt --check, cargo clippy -D warnings, cargo doc -D warnings, a check of the fuzz
# targets, and every test with the locked dependencies (unit, recorded-facts and the
# privileged namespace scenarios, one test binary, tests/tests.rs). A test that cannot run
# here (not root, a tool missing) is skipped visibly: `SKIPPED <test>: <reason>`, and a count
# after each test binary's summary; PROMISC_REQUIRE_PRIVILEGED=1 makes a skip a failure.
# Before the tests it checks that every crate packages and builds the Debian package the
# package test installs; it ends with one line of totals: passed, failed, skipped, ignored.
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
command -v setcap >/dev/null || need+=(libcap2-bin)
# The exporter's TLS test makes its certificates with openssl and asks with curl.
command -v openssl >/dev/null || need+=(openssl)
command -v curl >/dev/null || need+=(curl)
if ((${#need[@]})); then
  if [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "test.sh: missing ${need[*]}: install them (apt-get install -y ${need[*]}) or run as root" >&2
  fi
fi

# cargo-deb makes the Debian package the package test installs (pinned: the test depends on
# its options).
if ! cargo deb --version 2>/dev/null | grep -q '^3\.8\.'; then
  echo "test.sh: installing cargo-deb 3.8.0"
  cargo install --quiet --locked cargo-deb --version 3.8.0
fi

cargo fmt --all -- --check
cargo clippy --workspace --all-targets --locked -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --workspace --no-deps --document-private-items --locked
# The fuzz targets are a crate of their own (built by cargo fuzz with a nightly toolchain):
# checking them here keeps them compiling against the libraries.
(cd fuzz && cargo check --quiet)
# Every crate of the workspace packages (metadata, versions on path dependencies, readme).
cargo package --workspace --no-verify --allow-dirty --quiet
# The Debian package of the debug binary (the same one the tests run), with the man pages
# and completions xtask renders: tests/tests/package.rs installs it, judges it and purges it.
cargo build --locked --quiet --bin promisc
cargo xtask dist
rm -f target/debian/promisc_*.deb
cargo deb --no-build --profile dev --fast --quiet -o target/debian/ 2>&1 |
  { grep -v 'dev profile is not supported\|To enable debug symbols' || true; }
[ "${PIPESTATUS[0]}" = 0 ] || { echo "test.sh: cargo deb failed" >&2; exit 1; }

# Every test; then one line with the totals. libtest has no "skipped" outcome: a test that
# could not run here says `SKIPPED <test>: <reason>` and counts as passed there, so it is taken
# out of the passed ones here.
log=$(mktemp)
trap 'rm -f "$log"' EXIT
set +e
cargo test --workspace --locked --no-fail-fast 2>&1 | tee "$log"
rc=${PIPESTATUS[0]}
set -e
awk -v rc="$rc" '
  /^test result:/ { for (i = 1; i <= NF; i++) {
      if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^ignored/) g += $i } }
  /^SKIPPED / { s++ }
  /^PARTLY SKIPPED / { ps++ }
  END { printf "test.sh: total: %d passed, %d failed, %d skipped, %d ignored%s (exit %d)\n",
          p - s, f, s, g, ps ? sprintf(", %d partly skipped", ps) : "", rc }' "$log"
exit "$rc"
