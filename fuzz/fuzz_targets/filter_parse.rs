//! Arbitrary text into the filter compiler: it may refuse, it may never panic, and whatever it
//! compiles must pass the kernel's checks.
#![no_main]

use libfuzzer_sys::fuzz_target;
use promisc_filter::{compile, validate_user, CompileTarget, NoResolver, Options};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let flags = data.first().copied().unwrap_or(0);
    let opts = Options {
        linktype: if flags & 1 == 0 { 1 } else { 276 },
        target: if flags & 2 == 0 {
            CompileTarget::Offline
        } else {
            CompileTarget::LiveLinux
        },
        optimize: flags & 4 == 0,
        netmask: Some(0xffff_ff00),
        ..Options::default()
    };
    match compile(&text, &opts, &NoResolver) {
        // What compiles runs in user space; only protochain's loop may be kernel-refused.
        Ok(p) => assert!(validate_user(&p).is_ok()),
        Err(e) => {
            if let Some(s) = e.span {
                assert!(s.start <= s.end && s.end <= text.len());
            }
        }
    }
});
