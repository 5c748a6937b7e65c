//! Every program the compiler emits for the differential corpus is accepted by the kernel:
//! attached with SO_ATTACH_FILTER to an AF_PACKET socket (never bound, so it receives nothing).
//! Needs CAP_NET_RAW; skips (or fails under PROMISC_REQUIRE_PRIVILEGED=1) without it.

use promisc_app::capture::filter::SYSTEM;
use promisc_filter::{compile, CompileTarget, Options};
use promisc_sys::ring::CaptureSocket;

fn corpus() -> Vec<(u32, String)> {
    promisc_testkit::corpus::cases()
        .into_iter()
        .map(|c| (c.linktype, c.expr))
        .collect()
}

#[test]
fn the_kernel_accepts_every_program_we_emit() {
    // The harness's skip rule (root, namespaces usable); the namespace itself is not used.
    let Some(_ns) = promisc_testkit::lab::privileged("attach") else {
        return;
    };
    let (mut attached, mut refused_by_us) = (0, 0);
    for (linktype, expr) in corpus() {
        for target in [CompileTarget::LiveLinux, CompileTarget::Offline] {
            for optimize in [true, false] {
                let opts = Options {
                    linktype,
                    optimize,
                    target,
                    netmask: Some(0),
                    ..Options::default()
                };
                let Ok(p) = compile(&expr, &opts, &SYSTEM) else {
                    // Refused expressions (as libpcap refuses them) are covered elsewhere.
                    refused_by_us += 1;
                    continue;
                };
                // What capture attaches: on the cooked socket, the program rewritten for it
                // (when it cannot be, capture filters in user space and attaches nothing).
                let p = if linktype == 276 {
                    promisc_filter::for_cooked_socket(&p, 276).unwrap_or(p)
                } else {
                    p
                };
                let insns = &p.0;
                let sock = CaptureSocket::open(linktype == 276).expect("AF_PACKET socket");
                if let Err(e) = sock.attach_filter(insns) {
                    panic!(
                        "the kernel refused the program for {expr:?} ({target:?}, optimize \
                         {optimize}): {e}\n{}",
                        promisc_filter::dump(&p, promisc_filter::DumpStyle::D)
                    );
                }
                attached += 1;
            }
        }
    }
    eprintln!("{attached} programs attached, {refused_by_us} compilations refused");
    assert!(attached > 1500, "only {attached} programs attached");
}
