#!/usr/bin/env bash
# The whole test suite: installs the tools the tests need when they are missing, then runs
# cargo fmt --check, cargo clippy -D warnings, cargo doc -D warnings, the architecture's rules
# (cargo xtask arch), the toolchain-free MSRV checks (cargo xtask msrv), a check of the fuzz
# targets, and every test with the locked dependencies (unit, recorded-facts and the
# privileged namespace scenarios, one test binary, tests/tests.rs). A test that cannot run
# here (not root, a tool missing) is skipped visibly: `SKIPPED <test>: <reason>`, and a count
# after each test binary's summary; PROMISC_REQUIRE_PRIVILEGED=1 makes a skip a failure.
# Before the tests it checks that every crate packages and builds the Debian package the
# package test installs; after them it builds with the declared rust-version (the pure
# crates' tests, a check of every target); it ends with one line of totals: passed, failed,
# skipped, ignored.
#
# ./test.sh --stress: the same, and the integration tests (the privileged namespace
# scenarios) run twice more in a row while another process keeps one CPU busy; none may
# fail. The totals count every run. Use it before saying a timing-sensitive change is done.
set -euo pipefail
cd "$(dirname "$0")"
stress=0
for arg in "$@"; do
  case $arg in
    --stress) stress=1 ;;
    *) echo "test.sh: unknown argument $arg (only --stress)" >&2; exit 2 ;;
  esac
done

need=()
command -v ip >/dev/null || need+=(iproute2)
command -v bridge >/dev/null || need+=(iproute2)
command -v tcpdump >/dev/null || need+=(tcpdump)
command -v tshark >/dev/null || need+=(tshark)
command -v capinfos >/dev/null || need+=(wireshark-common)
command -v python3 >/dev/null || need+=(python3)
command -v setpriv >/dev/null || need+=(util-linux)
# The doctor's progress test runs it on a terminal made by script(1).
command -v script >/dev/null || need+=(bsdutils)
command -v ping >/dev/null || need+=(iputils-ping)
command -v nmap >/dev/null || need+=(nmap)
command -v prometheus >/dev/null && command -v promtool >/dev/null || need+=(prometheus)
command -v setcap >/dev/null || need+=(libcap2-bin)
# The exporter's TLS test makes its certificates with openssl and asks with curl.
command -v openssl >/dev/null || need+=(openssl)
command -v curl >/dev/null || need+=(curl)
# capture -z gzip is tested with the real gzip.
command -v gzip >/dev/null || need+=(gzip)
# The Lynis test CUST-3015 (deploy/lynis) runs under Debian's lynis.
command -v lynis >/dev/null || need+=(lynis)
# The lab's proxmox-macfilter profile, doctor --host's tests and the doctor's tests on real
# switching filter the kernel bridge with nftables (doctor --host reads `nft -j list ruleset`)
# and with libvirt's nwfilter rules as ebtables(-nft) writes them; the doctor's tests also run
# Open vSwitch (userspace datapath, started by the test in its namespace).
command -v nft >/dev/null || need+=(nftables)
command -v ebtables >/dev/null || need+=(ebtables)
command -v ovs-vswitchd >/dev/null && command -v ovsdb-server >/dev/null || need+=(openvswitch-switch)
if ((${#need[@]})); then
  if [ "$(id -u)" = 0 ]; then
    echo "test.sh: installing ${need[*]}"
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${need[@]}" >/dev/null
  else
    echo "test.sh: missing ${need[*]}: install them (apt-get install -y ${need[*]}) or run as root" >&2
  fi
fi

# The Kubernetes manifests are validated against the API's schemas by kubernetes-validate
# (PyPI; the schemas are inside the package, nothing is fetched at run time).
if ! command -v kubernetes-validate >/dev/null; then
  echo "test.sh: installing kubernetes-validate 1.37.0"
  python3 -m pip install --quiet kubernetes-validate==1.37.0
  if command -v pyenv >/dev/null; then pyenv rehash; fi
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
# docs/ARCHITECTURE.md's rules (no unsafe outside promisc-sys, no I/O in pure crates, the crate
# map's arrows, ...), with the violations being removed listed in xtask/arch-allow.txt.
cargo xtask arch
# The declared rust-version, without its toolchain: no locked dependency declares a newer
# one, and clippy's incompatible_msrv lint (std APIs newer than it) is not silenced.
cargo xtask msrv
msrv=$(cargo xtask msrv --version)
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
if [ "$stress" = 1 ]; then
  # One CPU kept busy by a process of its own, for both extra runs.
  sh -c 'while :; do :; done' &
  burner=$!
  # `|| true`: under set -e a failing command in the trap would make the exit status 1 (the
  # burner is already gone when the rounds ended normally).
  trap 'kill "$burner" 2>/dev/null || true; rm -f "$log"' EXIT
  for round in 1 2; do
    echo "test.sh: stress round $round of 2 (integration tests, one CPU busy)"
    cargo test --locked --no-fail-fast --test tests 2>&1 | tee -a "$log"
    r=${PIPESTATUS[0]}
    [ "$r" = 0 ] || rc=$r
  done
  kill "$burner" 2>/dev/null || true
fi

# The declared rust-version, built: the pure crates' tests and a check of every target, with
# that toolchain and its own target directory (target/msrv), so Cargo.toml's number stays
# true. The toolchain is rustup's, installed when missing; when the toolchain server is out of
# reach, Debian's rustc-web/cargo-web of that version (apt, as root). Without either the step
# says `SKIPPED msrv: <reason>`, a skip in the totals, and with PROMISC_REQUIRE_PRIVILEGED=1 it
# fails like any other skip: in CI an untested rust-version would go stale unnoticed. The
# step's own test results are not added to the totals (the same tests ran above); its failure
# counts as one failed test.
msrv_cargo=()
msrv_why=
# Whether version $1 is the declared one ($msrv, or $msrv.x, $msrv+dfsg...).
msrv_is() { [[ $1 == "$msrv" || $1 == "$msrv".* || $1 == "$msrv"[+~-]* ]]; }
msrv_apt_version() {
  local v
  for v in $(apt-cache madison rustc-web 2>/dev/null | awk '{ print $3 }'); do
    msrv_is "$v" && { echo "$v"; return; }
  done
}
# Debian's rustc-web and cargo-web of the declared version (installed with apt, as root).
msrv_debian() {
  local v
  if ! msrv_is "$(/usr/bin/rustc --version 2>/dev/null | awk '{ print $2 }')"; then
    [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null || return 1
    v=$(msrv_apt_version)
    if [ -z "$v" ]; then
      apt-get update -qq || true
      v=$(msrv_apt_version)
    fi
    [ -n "$v" ] || return 1
    echo "test.sh: installing Debian's rustc-web and cargo-web $v"
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-remove \
      "rustc-web=$v" "cargo-web=$v" "libstd-rust-web-dev=$v" >/dev/null || return 1
  fi
  msrv_cargo=(env RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc /usr/bin/cargo)
}
if ! command -v rustup >/dev/null; then
  msrv_why="rustup is not installed"
elif rustup run "$msrv" rustc --version >/dev/null 2>&1; then
  msrv_cargo=(rustup run "$msrv" cargo)
elif echo "test.sh: installing Rust $msrv (rustup, minimal profile)" &&
  timeout 900 rustup toolchain install "$msrv" --profile minimal; then
  msrv_cargo=(rustup run "$msrv" cargo)
else
  msrv_why="rustup could not install it"
fi
if ((${#msrv_cargo[@]} == 0)) && ! msrv_debian; then
  msrv_why+=", nor is Debian's rustc-web $msrv to be had"
  if [ "${PROMISC_REQUIRE_PRIVILEGED:-}" = 1 ]; then
    echo "FAILED msrv: Rust $msrv not built: $msrv_why (PROMISC_REQUIRE_PRIVILEGED=1)" | tee -a "$log"
    rc=1
  else
    echo "SKIPPED msrv: Rust $msrv not built: $msrv_why" | tee -a "$log"
  fi
fi
if ((${#msrv_cargo[@]})); then
  start=$SECONDS
  pure=()
  for c in facts state wire filter savefile vswitch doctor detect; do pure+=(-p "promisc-$c"); done
  echo "test.sh: msrv: $("${msrv_cargo[@]}" --version): the pure crates' tests, then a check of every target"
  if CARGO_TARGET_DIR=target/msrv "${msrv_cargo[@]}" test --locked --no-fail-fast "${pure[@]}" &&
    CARGO_TARGET_DIR=target/msrv "${msrv_cargo[@]}" check --workspace --all-targets --locked; then
    echo "test.sh: msrv: Rust $msrv builds every target and passes the pure crates' tests ($((SECONDS - start)) s)"
  else
    echo "FAILED msrv: Rust $msrv fails to build or to pass a pure crate's test ($((SECONDS - start)) s)" | tee -a "$log"
    rc=1
  fi
fi
set -e

awk -v rc="$rc" '
  /^test result:/ { for (i = 1; i <= NF; i++) {
      if ($(i+1) ~ /^passed/) p += $i; if ($(i+1) ~ /^failed/) f += $i; if ($(i+1) ~ /^ignored/) g += $i } }
  /^SKIPPED / { s++ }
  # test.sh steps that are no libtest test: a skip is not among the passed ones to take out.
  /^SKIPPED msrv: / { steps++ }
  /^FAILED msrv: / { f++ }
  /^PARTLY SKIPPED / { ps++ }
  END { printf "test.sh: total: %d passed, %d failed, %d skipped, %d ignored%s (exit %d)\n",
          p - s + steps, f, s, g, ps ? sprintf(", %d partly skipped", ps) : "", rc }' "$log"
exit "$rc"
