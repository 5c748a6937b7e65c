//! `ioctl::set_offloads` on a veth between two namespaces: with the offloads on, the kernel's
//! TCP hands the veth partial checksums and GSO super-frames, which a capture ring on the far
//! end sees as they are; with them off on both ends, every frame is complete and MTU-sized.
//! `ethtool -k` is the independent oracle. Root only.

mod common;

use std::io::{Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::time::{Duration, Instant};

use common::{ifindex, root, Netns};
use promisc_sys::error::{Error, Result};
use promisc_sys::ioctl::set_offloads;
use promisc_sys::ns::run_in;
use promisc_sys::ring::{
    poll_readable, CaptureSocket, RingConfig, PACKET_OUTGOING, TP_STATUS_CSUMNOTREADY,
    TP_STATUS_GSO_TCP,
};

/// What the capture saw of the TCP segments the sender's end handed over.
#[derive(Debug, Default)]
struct Seen {
    segments: usize,
    csum_not_ready: usize,
    gso: usize,
    max_len: u32,
}

/// 1 MiB over TCP from `a` (192.0.2.1) to `b` (192.0.2.2:port), captured on `b`'s end.
fn burst(a: &Netns, b: &Netns, port: u16) -> Seen {
    let mut cap = run_in(&b.path(), || {
        let mut cap = CaptureSocket::open(false)?;
        cap.setup_ring(RingConfig::for_buffer(16 << 20, 128, 10))?;
        cap.bind(ifindex("ofb"))?;
        Ok(cap)
    })
    .unwrap();
    let listener = run_in(&b.path(), || {
        TcpListener::bind(("192.0.2.2", port)).map_err(|e| Error::io("bind", e))
    })
    .unwrap();
    let reader = std::thread::spawn(move || {
        let (mut s, _) = listener.accept().unwrap();
        let mut n = 0;
        let mut buf = vec![0; 1 << 16];
        loop {
            match s.read(&mut buf).unwrap() {
                0 => return n,
                k => n += k,
            }
        }
    });
    let mut stream = run_in(&a.path(), || -> Result<TcpStream> {
        TcpStream::connect(("192.0.2.2", port)).map_err(|e| Error::io("connect", e))
    })
    .unwrap();
    let chunk = vec![0x5a; 1 << 16];
    for _ in 0..16 {
        stream.write_all(&chunk).unwrap();
    }
    stream.shutdown(Shutdown::Write).unwrap();
    assert_eq!(reader.join().unwrap(), 1 << 20);

    // Readiness, not a quiet pause: the ring has shown the TCP payload of every byte the
    // reader received (a segment's payload is its length past the IPv4 and TCP headers,
    // which the snap length keeps); bounded, for a loaded machine.
    let mut seen = Seen::default();
    let mut payload = 0usize;
    let deadline = Instant::now() + Duration::from_secs(20);
    while payload < 1 << 20 {
        assert!(
            Instant::now() < deadline,
            "the ring showed {payload} of the 1 MiB received within 20 s: {seen:?}"
        );
        poll_readable(&[cap.fd()], 20).unwrap();
        while let Some(block) = cap.next_block() {
            for f in block.frames() {
                // IPv4, TCP, handed over by the sender's end (not our own ACKs).
                let tcp = f.data.get(12..14) == Some(&[8, 0][..]) && f.data.get(23) == Some(&6);
                if !tcp || f.pkttype() == PACKET_OUTGOING || f.len <= 66 {
                    continue;
                }
                let ihl = usize::from(f.data[14] & 0x0f) * 4;
                let thl = f
                    .data
                    .get(14 + ihl + 12)
                    .map_or(0, |b| usize::from(b >> 4) * 4);
                payload += (f.len as usize).saturating_sub(14 + ihl + thl);
                seen.segments += 1;
                seen.csum_not_ready += usize::from(f.status & TP_STATUS_CSUMNOTREADY != 0);
                seen.gso += usize::from(f.status & TP_STATUS_GSO_TCP != 0);
                seen.max_len = seen.max_len.max(f.len);
            }
        }
    }
    seen
}

/// The value `ethtool -k` prints for `feature` of `dev` in `ns` (`on`, `off`, `off [fixed]`).
fn ethtool_k(ns: &Netns, dev: &str, feature: &str) -> String {
    let out = ns.exec(&["ethtool", "-k", dev]);
    out.lines()
        .find_map(|l| l.trim_start().strip_prefix(&format!("{feature}: ")))
        .unwrap_or_else(|| panic!("no {feature} in ethtool -k:\n{out}"))
        .trim()
        .to_string()
}

#[test]
fn offloads_off_make_veth_frames_complete_and_mtu_sized() {
    if !root("offloads_off_make_veth_frames_complete_and_mtu_sized") {
        return;
    }
    let a = Netns::new("ofa");
    let b = Netns::new("ofb");
    a.ip(&format!(
        "link add ofa type veth peer name ofb netns {}",
        b.name
    ));
    a.ip("addr add 192.0.2.1/24 dev ofa");
    b.ip("addr add 192.0.2.2/24 dev ofb");
    a.ip("link set ofa up");
    b.ip("link set ofb up");

    let before = burst(&a, &b, 7001);
    eprintln!("offloads on (the veth default): {before:?}");

    run_in(&a.path(), || set_offloads("ofa", false)).unwrap();
    run_in(&b.path(), || set_offloads("ofb", false)).unwrap();
    let after = burst(&a, &b, 7002);
    eprintln!("offloads off on both ends: {after:?}");
    assert!(after.segments > 0);
    assert_eq!(after.csum_not_ready, 0, "{after:?}");
    assert_eq!(after.gso, 0, "{after:?}");
    assert!(after.max_len <= 1514, "{after:?}");

    if !common::have("ethtool") {
        eprintln!("SKIPPED the ethtool -k oracle: ethtool is not installed");
    } else {
        for (ns, dev) in [(&a, "ofa"), (&b, "ofb")] {
            // Not the "tcp-segmentation-offload" summary: the legacy ETHTOOL_STSO leaves
            // tx-tcp-accecn-segmentation (kernel 6.18) alone, which keeps the summary "on";
            // harmless, as an AccECN super-frame is a TCPV4/TCPV6 one too.
            for feature in [
                "tx-checksumming",
                "scatter-gather",
                "tx-tcp-segmentation",
                "tx-tcp6-segmentation",
                "generic-segmentation-offload",
                "generic-receive-offload",
            ] {
                assert!(
                    ethtool_k(ns, dev, feature).starts_with("off"),
                    "{dev} {feature}:\n{}",
                    ns.exec(&["ethtool", "-k", dev])
                );
            }
        }
        run_in(&a.path(), || set_offloads("ofa", true)).unwrap();
        assert_eq!(ethtool_k(&a, "ofa", "tx-checksumming"), "on");
        assert_eq!(ethtool_k(&a, "ofa", "tcp-segmentation-offload"), "on");
    }

    let e = run_in(&a.path(), || set_offloads("nosuchdev0", false)).unwrap_err();
    assert!(matches!(e, Error::NoDevice(_)), "{e}");
}
