//! The savefile reader on arbitrary bytes: no panic, no endless loop, and whatever it reads
//! survives a round trip through our pcapng writer.
#![no_main]

use std::ops::ControlFlow;

use libfuzzer_sys::fuzz_target;
use promisc_savefile::{Error, PacketWriter, PcapNgWriter, Reader};

/// Reads everything, writing each packet to `w` after declaring the interfaces it needs; when
/// `batched`, as `promisc read` does, the records already buffered in one pass
/// (`Reader::buffered_packets`, pcap only) after each packet read alone.
fn copy(
    r: Result<Reader<&[u8]>, Error>,
    w: &mut PcapNgWriter<Vec<u8>>,
    batched: bool,
) -> (usize, Option<String>) {
    let mut r = match r {
        Ok(r) => r,
        Err(e) => return (0, Some(e.to_string())),
    };
    let mut declared = 0usize;
    let mut n = 0;
    // Every packet or skipped block consumes at least 8 bytes, so the bound is never reached.
    for _ in 0..=1 << 20 {
        match r.next_packet_with_interfaces() {
            Ok(Some((p, interfaces))) => {
                // Every interface a packet names is known when the packet is returned.
                while declared <= p.interface as usize {
                    // Only a name over 65535 bytes once made valid UTF-8 can fail here.
                    if w.add_interface(&interfaces[declared]).is_err() {
                        return (n, None);
                    }
                    declared += 1;
                }
                w.write_packet(&p).expect("a packet we read can be written");
                n += 1;
                if batched {
                    let flow = r.buffered_packets(|p, _| {
                        // pcap: one interface, declared with the packet before.
                        w.write_packet(&p)
                            .expect("a buffered packet can be written");
                        n += 1;
                        ControlFlow::<()>::Continue(())
                    });
                    assert!(flow.is_continue());
                }
            }
            Ok(None) => return (n, None),
            Err(e) => {
                assert!(
                    matches!(r.next_packet(), Ok(None)),
                    "a failed reader must stay finished"
                );
                return (n, Some(e.to_string()));
            }
        }
    }
    panic!("the reader did not finish");
}

fuzz_target!(|data: &[u8]| {
    let mut w = PcapNgWriter::new(Vec::new(), "fuzz");
    let (n, err) = copy(Reader::new(data), &mut w, false);
    let copied = w.into_inner();

    // A tiny buffer, which compacts and grows at every record, sees exactly the same.
    let mut w_small = PcapNgWriter::new(Vec::new(), "fuzz");
    let (n_small, err_small) = copy(Reader::with_buffer_size(data, 64), &mut w_small, false);
    assert_eq!((n, &err), (n_small, &err_small));
    assert_eq!(copied, w_small.into_inner());

    // So do batched reads, with either buffer.
    for size in [64, 1 << 20] {
        let mut w_batched = PcapNgWriter::new(Vec::new(), "fuzz");
        let got = copy(Reader::with_buffer_size(data, size), &mut w_batched, true);
        assert_eq!((n, &err), (got.0, &got.1), "batched, buffer {size}");
        assert_eq!(copied, w_batched.into_inner(), "batched, buffer {size}");
    }

    // What we read, we write; what we write, we read back identically.
    if n > 0 {
        let mut w2 = PcapNgWriter::new(Vec::new(), "fuzz");
        let (n2, err2) = copy(Reader::new(&copied[..]), &mut w2, false);
        assert!(err2.is_none(), "our own output must read cleanly: {err2:?}");
        assert_eq!(n, n2);
        assert_eq!(copied, w2.into_inner(), "a second copy is byte-identical");
    }
});
