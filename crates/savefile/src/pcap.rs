//! Classic pcap: the file header, the record header, and [`PcapWriter`].

use std::io::Write;

use crate::{Error, Interface, Packet, PacketWriter, Stats, MAX_RECORD_LEN};

/// The microsecond magic number, as a `u32` in the file's byte order.
pub(crate) const MAGIC_US: u32 = 0xa1b2_c3d4;
/// The nanosecond magic number, as a `u32` in the file's byte order.
pub(crate) const MAGIC_NS: u32 = 0xa1b2_3c4d;
/// Alexey Kuznetsov's modified-pcap magic number (microseconds, 24-byte record headers).
pub(crate) const MAGIC_KUZNETSOV: u32 = 0xa1b2_cd34;
/// Length of a Kuznetsov record header: the usual 16 bytes, then ifindex (4), protocol (2),
/// packet type (1) and padding (1).
pub(crate) const RECORD_HEADER_LEN_KUZNETSOV: usize = 24;

/// libpcap's `max_snaplen_for_dlt`: the longest record it accepts for a link type.
pub(crate) fn max_snaplen_for(linktype: u32) -> u32 {
    match linktype {
        231 => 128 << 20, // D-Bus
        279 => 8 << 20,   // EBHSCR
        249 => 1 << 20,   // USBPcap
        _ => promisc_wire::DEFAULT_SNAPLEN,
    }
}

/// Length of the file header.
pub(crate) const FILE_HEADER_LEN: usize = 24;
/// Length of a record header.
pub(crate) const RECORD_HEADER_LEN: usize = 16;

/// Writes a classic pcap file (little-endian) with one interface.
///
/// The file header is written by [`PacketWriter::add_interface`]; each packet is one
/// `write_vectored` of its 16-byte record header and its data, so the data is copied once and
/// nothing is allocated per packet.
pub struct PcapWriter<W: Write> {
    w: W,
    nanos: bool,
    has_interface: bool,
    written: u64,
}

impl<W: Write> PcapWriter<W> {
    /// A writer with nanosecond timestamps (magic `a1b23c4d`) when `nanos`, else microseconds
    /// (magic `a1b2c3d4`). Nothing is written until [`PacketWriter::add_interface`].
    pub fn new(w: W, nanos: bool) -> PcapWriter<W> {
        PcapWriter {
            w,
            nanos,
            has_interface: false,
            written: 0,
        }
    }

    /// The underlying writer.
    pub fn get_ref(&self) -> &W {
        &self.w
    }

    /// Gives back the underlying writer, without flushing it.
    pub fn into_inner(self) -> W {
        self.w
    }
}

impl<W: Write> PcapWriter<W> {
    /// Appends whole records as they are, headers included: records this writer would write
    /// itself (little-endian, in its timestamp resolution), such as those of a pcap file of the
    /// same kind ([`crate::Reader::pcap_as_written`]) whose timestamps are exact. Copying them
    /// saves re-encoding each header; the file is the same. The bytes are not checked.
    ///
    /// ```
    /// # use promisc_savefile::*;
    /// let p = Packet { interface: 0, ts_ns: 5_000, orig_len: 2, data: &[1, 2] };
    /// let mut a = PcapWriter::new(Vec::new(), false);
    /// a.add_interface(&Interface::new(LinkType::RAW, 0))?;
    /// a.write_packet(&p)?;
    /// a.write_packet(&p)?;
    /// let file = a.into_inner();
    /// let mut b = PcapWriter::new(Vec::new(), false);
    /// b.add_interface(&Interface::new(LinkType::RAW, 0))?;
    /// b.write_records(&file[24..])?;
    /// assert_eq!((b.bytes_written(), b.into_inner()), (file.len() as u64, file));
    /// # Ok::<(), promisc_savefile::Error>(())
    /// ```
    pub fn write_records(&mut self, records: &[u8]) -> Result<(), Error> {
        if !self.has_interface {
            return Err(Error::UnknownInterface(0));
        }
        self.w.write_all(records)?;
        self.written += records.len() as u64;
        Ok(())
    }
}

impl<W: Write> PacketWriter for PcapWriter<W> {
    fn add_interface(&mut self, iface: &Interface) -> Result<u32, Error> {
        if self.has_interface {
            return Err(Error::SeveralInterfaces);
        }
        let magic = if self.nanos { MAGIC_NS } else { MAGIC_US };
        let mut h = [0u8; FILE_HEADER_LEN];
        h[0..4].copy_from_slice(&magic.to_le_bytes());
        h[4..6].copy_from_slice(&2u16.to_le_bytes());
        h[6..8].copy_from_slice(&4u16.to_le_bytes());
        // thiszone and sigfigs stay 0, as libpcap writes them.
        h[16..20].copy_from_slice(&iface.snaplen.to_le_bytes());
        h[20..24].copy_from_slice(&iface.linktype.0.to_le_bytes());
        self.w.write_all(&h)?;
        self.written += FILE_HEADER_LEN as u64;
        self.has_interface = true;
        Ok(0)
    }

    fn write_packet(&mut self, p: &Packet<'_>) -> Result<(), Error> {
        if !self.has_interface || p.interface != 0 {
            return Err(Error::UnknownInterface(p.interface));
        }
        let secs = p.ts_ns / 1_000_000_000;
        let secs = u32::try_from(secs).map_err(|_| {
            Error::Unrepresentable(format!(
                "timestamp {} s is past the pcap limit of 2106-02-07; write pcapng",
                secs
            ))
        })?;
        let sub = p.ts_ns % 1_000_000_000;
        let frac = if self.nanos { sub } else { sub / 1000 } as u32;
        if p.data.len() > MAX_RECORD_LEN {
            return Err(Error::Unrepresentable(format!(
                "a packet of {} bytes is over the 256 MiB limit",
                p.data.len()
            )));
        }
        let caplen = p.data.len() as u32;
        let mut h = [0u8; RECORD_HEADER_LEN];
        h[0..4].copy_from_slice(&secs.to_le_bytes());
        h[4..8].copy_from_slice(&frac.to_le_bytes());
        h[8..12].copy_from_slice(&caplen.to_le_bytes());
        h[12..16].copy_from_slice(&p.orig_len.to_le_bytes());
        crate::write_record(&mut self.w, [&h, p.data])?;
        self.written += (RECORD_HEADER_LEN + p.data.len()) as u64;
        Ok(())
    }

    fn write_stats(&mut self, _interface: u32, _s: &Stats) -> Result<(), Error> {
        Ok(())
    }

    fn flush(&mut self) -> Result<(), Error> {
        self.w.flush()?;
        Ok(())
    }

    fn bytes_written(&self) -> u64 {
        self.written
    }
}
