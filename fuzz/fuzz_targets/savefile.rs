//! The savefile reader on arbitrary bytes: no panic, no endless loop, and whatever it reads
//! survives a round trip through our pcapng writer.
#![no_main]

use libfuzzer_sys::fuzz_target;
use promisc_savefile::{Error, PacketWriter, PcapNgWriter, Reader};

/// Reads everything, writing each packet to `w` after declaring the interfaces it needs.
fn copy(r: Result<Reader<&[u8]>, Error>, w: &mut PcapNgWriter<Vec<u8>>) -> (usize, Option<String>) {
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
    let (n, err) = copy(Reader::new(data), &mut w);
    let copied = w.into_inner();

    // A tiny buffer, which compacts and grows at every record, sees exactly the same.
    let mut w_small = PcapNgWriter::new(Vec::new(), "fuzz");
    let (n_small, err_small) = copy(Reader::with_buffer_size(data, 64), &mut w_small);
    assert_eq!((n, &err), (n_small, &err_small));
    assert_eq!(copied, w_small.into_inner());

    // What we read, we write; what we write, we read back identically.
    if n > 0 {
        let mut w2 = PcapNgWriter::new(Vec::new(), "fuzz");
        let (n2, err2) = copy(Reader::new(&copied[..]), &mut w2);
        assert!(err2.is_none(), "our own output must read cleanly: {err2:?}");
        assert_eq!(n, n2);
        assert_eq!(copied, w2.into_inner(), "a second copy is byte-identical");
    }
});
