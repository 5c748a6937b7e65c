//! `TxSocket` on a veth pair in a namespace of its own: what one end sends, a capture ring
//! on the other end receives, byte for byte and in order. Root only.

mod common;

use std::time::{Duration, Instant};

use common::{ifindex, root, Netns};
use promisc_sys::error::Error;
use promisc_sys::ns::run_in;
use promisc_sys::ring::{poll_readable, CaptureSocket, RingConfig, TxScratch, TxSocket};

/// A frame of `len` bytes to broadcast, ethertype 0x88b5 (local experimental), tagged with
/// `seq` after the header.
fn frame(seq: u32, len: usize) -> Vec<u8> {
    let mut f = vec![0xff; 6];
    f.extend_from_slice(&[0x02, 0, 0x5e, 0, 0x53, 0x01]);
    f.extend_from_slice(&0x88b5u16.to_be_bytes());
    f.extend_from_slice(&seq.to_be_bytes());
    f.resize(len, (seq % 251) as u8);
    f
}

/// Everything the ring receives until `want` frames of ethertype 0x88b5 arrived or `wait`
/// passed.
fn collect_for(cap: &mut CaptureSocket, want: usize, wait: Duration) -> Vec<Vec<u8>> {
    let mut got = Vec::new();
    let deadline = Instant::now() + wait;
    while got.len() < want && Instant::now() < deadline {
        poll_readable(&[cap.fd()], 50).unwrap();
        while let Some(block) = cap.next_block() {
            for f in block.frames() {
                if f.data.get(12..14) == Some(&[0x88, 0xb5][..]) {
                    got.push(f.data.to_vec());
                }
            }
        }
    }
    got
}

/// [`collect_for`] up to 20 s (a bound for a loaded machine: it returns once `want` came).
fn collect(cap: &mut CaptureSocket, want: usize) -> Vec<Vec<u8>> {
    collect_for(cap, want, Duration::from_secs(20))
}

#[test]
fn send_batch_delivers_every_frame_in_order() {
    if !root("send_batch_delivers_every_frame_in_order") {
        return;
    }
    let ns = Netns::new("tx");
    ns.ip("link add txa type veth peer name txb");
    ns.ip("link set txa up");
    ns.ip("link set txb up");
    run_in(&ns.path(), || {
        let mut cap = CaptureSocket::open(false)?;
        cap.setup_ring(RingConfig::for_buffer(8 << 20, 2048, 10))?;
        cap.bind(ifindex("txb"))?;
        // A tap on the sending device.
        let mut tap = CaptureSocket::open(false)?;
        tap.setup_ring(RingConfig::for_buffer(1 << 20, 2048, 10))?;
        tap.bind(ifindex("txa"))?;
        let tx = TxSocket::open(ifindex("txa"))?;
        let mut scratch = TxScratch::new();

        // One frame.
        let one = frame(0, 60);
        assert_eq!(tx.send_batch(&[&one], &mut scratch)?, 1);
        assert_eq!(collect(&mut cap, 1), vec![one]);
        // PACKET_QDISC_BYPASS skips the taps: the sending device's own capture sees nothing.
        assert_eq!(
            collect_for(&mut tap, 1, Duration::from_millis(200)).len(),
            0
        );

        // More than one sendmmsg call takes (1024), of every size up to the MTU.
        let frames: Vec<Vec<u8>> = (1..=1500u32)
            .map(|i| frame(i, 60 + (i as usize * 7) % 1455))
            .collect();
        let refs: Vec<&[u8]> = frames.iter().map(Vec::as_slice).collect();
        let mut sent = 0;
        let deadline = Instant::now() + Duration::from_secs(20);
        // A full socket buffer stops a batch early; send the rest in further calls.
        while sent < refs.len() {
            assert!(Instant::now() < deadline, "sent only {sent} within 20 s");
            let n = tx.send_batch(&refs[sent..], &mut scratch)?;
            if n == 0 {
                std::thread::sleep(Duration::from_millis(1));
            }
            sent += n;
        }
        let got = collect(&mut cap, frames.len());
        assert_eq!(got.len(), frames.len(), "every frame arrives");
        assert!(got == frames, "in order, byte for byte");

        // Empty batch: nothing to do.
        assert_eq!(tx.send_batch(&[], &mut scratch)?, 0);

        // Larger than the MTU: the kernel refuses the first frame, so it is an error.
        let big = frame(9999, 1515);
        let e = tx.send_batch(&[&big], &mut scratch).unwrap_err();
        assert_eq!(e.errno(), Some(libc::EMSGSIZE), "{e}");
        // After a good frame, the count of the good ones.
        let ok = frame(10000, 100);
        assert_eq!(tx.send_batch(&[&ok, &big, &ok], &mut scratch)?, 1);
        Ok(())
    })
    .unwrap();
}

#[test]
fn send_batch_reports_a_device_down_or_gone() {
    if !root("send_batch_reports_a_device_down_or_gone") {
        return;
    }
    let ns = Netns::new("txdown");
    ns.ip("link add txc type veth peer name txd");
    ns.ip("link set txc up");
    ns.ip("link set txd up");
    run_in(&ns.path(), || {
        let tx = TxSocket::open(ifindex("txc"))?;
        let mut scratch = TxScratch::new();
        let f = frame(1, 60);
        assert_eq!(tx.send_batch(&[&f], &mut scratch)?, 1);
        common::run(&["ip", "link", "set", "txc", "down"]);
        let e = tx.send_batch(&[&f, &f], &mut scratch).unwrap_err();
        assert_eq!(e.errno(), Some(libc::ENETDOWN), "{e}");
        common::run(&["ip", "link", "del", "txc"]);
        let e = tx.send_batch(&[&f], &mut scratch).unwrap_err();
        eprintln!("send_batch after the device was deleted: {e}");
        assert!(
            matches!(e.errno(), Some(libc::ENXIO | libc::ENODEV | libc::ENETDOWN)),
            "{e}"
        );
        // Opening on an index that does not exist.
        assert!(matches!(TxSocket::open(999_999), Err(Error::NoDevice(_))));
        Ok(())
    })
    .unwrap();
}
