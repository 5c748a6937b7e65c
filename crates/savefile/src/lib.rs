//! pcap and pcapng readers and writers over `std::io`, for `promisc capture -w` and `promisc read`.
//!
//! [`Reader`] auto-detects classic pcap (microsecond magic `a1b2c3d4`, nanosecond magic
//! `a1b23c4d` and Kuznetsov's modified `a1b2cd34`, both byte orders) and pcapng (several sections, several interfaces, both byte
//! orders), streams over any [`std::io::Read`] and lends each [`Packet`] from one internal buffer,
//! so reading allocates nothing per packet. [`PcapWriter`] and [`PcapNgWriter`] implement
//! [`PacketWriter`] and hand each record over in one `write_vectored` call when the destination takes it whole (header and packet bytes, copied once); buffering is the caller's job
//! (wrap files in a `BufWriter`). Files we write are read by tcpdump, tshark and Wireshark.
//!
//! A damaged or truncated file yields every good packet first and then one typed [`Error`]
//! carrying the byte offset of the bad record; record and block lengths are capped at 256 MiB
//! ([`MAX_RECORD_LEN`]) so a bogus length never causes a huge allocation, and the reader never
//! panics (there is a fuzz target for it).
//!
//! Why hand-written rather than a crate: `pcap-file` (last stable release 2.0.0, 2022; 3.0 is
//! still a release candidate needing Rust 1.93) reads Enhanced Packet Block timestamps as
//! nanoseconds whatever the interface's `if_tsresol` says, rejects the `caplen > snaplen` records
//! that libpcap accepts, and builds an options `Vec` per block; `pcap-parser` 0.17 brings in nom,
//! leaves the refill loop to its caller (its documented loop spun forever on truncated files,
//! issues #3, #18 and #20) and writes only through `cookie-factory` into fresh `Vec`s. Both formats
//! are small and fully specified, so our own few hundred lines give exact timestamps,
//! libpcap-compatible leniency, zero-copy lending reads and single-call writes with no new
//! dependency.
#![forbid(unsafe_code)]
#![warn(missing_docs)]

mod error;
mod pcap;
mod pcapng;
mod reader;

use std::io::{IoSlice, Write};
use std::path::Path;

pub use error::Error;
pub use pcap::PcapWriter;
pub use pcapng::PcapNgWriter;
pub use reader::{pcap_records, Reader};

/// Writes one record given in parts with as few calls as possible: one `write_vectored` when
/// the destination takes it whole (a `Vec`, a `BufWriter` with room, a record buffer), so the
/// packet bytes are copied once and the record arrives in one call; the rest, if any, with
/// `write_all`.
pub(crate) fn write_record<W: Write + ?Sized, const N: usize>(
    w: &mut W,
    parts: [&[u8]; N],
) -> std::io::Result<()> {
    let total: usize = parts.iter().map(|p| p.len()).sum();
    let slices = parts.map(IoSlice::new);
    let mut done = loop {
        match w.write_vectored(&slices) {
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            other => break other?,
        }
    };
    if done == total {
        return Ok(());
    }
    for part in parts {
        if done >= part.len() {
            done -= part.len();
            continue;
        }
        w.write_all(&part[done..])?;
        done = 0;
    }
    Ok(())
}

/// The largest pcap record or pcapng block we accept or write, in bytes (256 MiB).
///
/// A longer length in a file is reported as [`Error::Malformed`] instead of being allocated.
pub const MAX_RECORD_LEN: usize = 256 << 20;

/// A link-layer header type; defined in `promisc-wire`, re-exported so that savefile users need
/// not depend on it.
pub use promisc_wire::LinkType;

/// A capture interface: one per pcap file, one per Interface Description Block in pcapng.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Interface {
    /// The link-layer header type of its packets.
    pub linktype: LinkType,
    /// The snapshot length: the most bytes captured of each packet (0 means no limit in pcapng).
    pub snaplen: u32,
    /// The interface's name (pcapng `if_name`); pcap files have none.
    pub name: Option<String>,
    /// Nanoseconds per timestamp tick: 1000 for microseconds, 1 for nanoseconds.
    ///
    /// When reading pcapng, an `if_tsresol` finer than a nanosecond reads as 1 and a power-of-two
    /// resolution as the nearest whole number of nanoseconds (at least 1); packet timestamps are
    /// converted exactly regardless. Writers ignore it: [`PcapWriter`] follows its `nanos` flag and
    /// [`PcapNgWriter`] always writes nanoseconds (`if_tsresol` = 9).
    pub ts_resolution_ns: u64,
}

impl Interface {
    /// An unnamed interface with nanosecond timestamps.
    pub fn new(linktype: LinkType, snaplen: u32) -> Interface {
        Interface {
            linktype,
            snaplen,
            name: None,
            ts_resolution_ns: 1,
        }
    }
}

/// One captured packet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Packet<'a> {
    /// Index of its interface in [`Reader::interfaces`] or in the order of
    /// [`PacketWriter::add_interface`]; always 0 in pcap.
    ///
    /// In a pcapng file with several sections the index counts the interfaces of every section
    /// so far, so it always points into [`Reader::interfaces`].
    pub interface: u32,
    /// Timestamp in nanoseconds since 1970-01-01 00:00:00 UTC (0 for a pcapng Simple Packet Block,
    /// which has none).
    pub ts_ns: u64,
    /// The packet's length on the wire, which may exceed `data.len()`.
    pub orig_len: u32,
    /// The captured bytes, starting with the link-layer header.
    pub data: &'a [u8],
}

/// A packet's timestamp as the file holds it, before [`Packet::ts_ns`] normalises it: what
/// libpcap hands tcpdump, so what `tcpdump -r` prints.
///
/// `ts_ns` cannot hold either of the two things kept here: a pcap record's sub-second field of a
/// second or more (`frac` is the raw 32-bit field, not carried into the seconds), and times before
/// 1970 (a negative pcapng `if_tsoffset` larger than the timestamp: `secs` is negative, where
/// `ts_ns` is clamped to 0). [`Reader::last_raw_time`] and [`Reader::next_packet_with_raw_time`]
/// give it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RawTime {
    /// Seconds since the epoch, as libpcap computes them: a pcap record's unsigned 32-bit field;
    /// for pcapng, the timestamp's whole seconds plus `if_tsoffset`, wrapping in 64 bits.
    pub secs: i64,
    /// The fraction of a second in units of `frac_unit_ns`: a pcap record's raw field (which may
    /// be a second or more in a damaged file), or the pcapng timestamp's remainder in
    /// nanoseconds (always under a second).
    pub frac: u32,
    /// Nanoseconds per unit of `frac`: 1000 for microsecond pcap files, else 1.
    pub frac_unit_ns: u32,
}

/// Capture statistics for one interface: a pcapng Interface Statistics Block.
///
/// Every counter is optional, as each is an optional ISB option.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// Packets received from the link (`isb_ifrecv`).
    pub received: Option<u64>,
    /// Packets dropped by the interface for lack of resources (`isb_ifdrop`).
    pub dropped: Option<u64>,
    /// Packets accepted by the filter (`isb_filteraccept`).
    pub filter_accepted: Option<u64>,
    /// Packets dropped by the operating system (`isb_osdrop`).
    pub os_dropped: Option<u64>,
    /// Packets delivered to the user (`isb_usrdeliv`).
    pub delivered: Option<u64>,
    /// When the statistics were taken, in nanoseconds since the epoch (the ISB timestamp).
    pub ts_ns: u64,
    /// When the capture started, in nanoseconds since the epoch (`isb_starttime`).
    pub start_ns: Option<u64>,
    /// When the capture ended, in nanoseconds since the epoch (`isb_endtime`).
    pub end_ns: Option<u64>,
}

/// A savefile format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Classic libpcap format: one interface, microsecond or nanosecond timestamps.
    Pcap,
    /// pcapng: sections, several interfaces, statistics blocks.
    PcapNg,
}

impl Format {
    /// The format a file name's extension asks for: `.pcapng` and `.ng` give
    /// [`Format::PcapNg`], `.pcap` and `.cap` give [`Format::Pcap`] (ignoring case), anything else
    /// `None`.
    pub fn from_path(p: &Path) -> Option<Format> {
        let ext = p.extension()?.to_str()?.to_ascii_lowercase();
        match ext.as_str() {
            "pcapng" | "ng" => Some(Format::PcapNg),
            "pcap" | "cap" => Some(Format::Pcap),
            _ => None,
        }
    }
}

/// Something packets can be written to: a pcap or pcapng writer.
///
/// The trait is object safe; [`writer`] and [`writer_send`] return boxed writers.
pub trait PacketWriter {
    /// Declares an interface and returns its index, to put in [`Packet::interface`].
    ///
    /// pcap allows one interface ([`Error::SeveralInterfaces`] for a second one) and writes the
    /// file header here, so a file with an interface and no packets is valid.
    fn add_interface(&mut self, iface: &Interface) -> Result<u32, Error>;
    /// Writes one packet record, in one `write_vectored` call where the destination takes it whole.
    fn write_packet(&mut self, p: &Packet<'_>) -> Result<(), Error>;
    /// Writes statistics for an interface: an Interface Statistics Block in pcapng, nothing in pcap.
    fn write_stats(&mut self, interface: u32, s: &Stats) -> Result<(), Error>;
    /// Flushes the underlying writer (pcapng: after writing the section header if not yet done).
    fn flush(&mut self) -> Result<(), Error>;
    /// The bytes written so far, headers included: for size-based rotation.
    fn bytes_written(&self) -> u64;
}

impl<T: PacketWriter + ?Sized> PacketWriter for Box<T> {
    fn add_interface(&mut self, iface: &Interface) -> Result<u32, Error> {
        (**self).add_interface(iface)
    }
    fn write_packet(&mut self, p: &Packet<'_>) -> Result<(), Error> {
        (**self).write_packet(p)
    }
    fn write_stats(&mut self, interface: u32, s: &Stats) -> Result<(), Error> {
        (**self).write_stats(interface, s)
    }
    fn flush(&mut self) -> Result<(), Error> {
        (**self).flush()
    }
    fn bytes_written(&self) -> u64 {
        (**self).bytes_written()
    }
}

/// The application name [`writer`] puts in a pcapng section header (`shb_userappl`).
pub const APPLICATION: &str = concat!("promisc ", env!("CARGO_PKG_VERSION"));

/// A writer of either format, chosen at run time: pcap with nanosecond timestamps when `nanos`,
/// else microseconds; pcapng always has nanoseconds and names [`APPLICATION`] as its writer.
/// Each call is a direct one, with no virtual dispatch on the per-packet path.
///
/// ```
/// use promisc_savefile::{AnyWriter, Format, Interface, LinkType, Packet, PacketWriter, Reader};
///
/// let mut w = AnyWriter::new(Format::PcapNg, Vec::new(), false);
/// w.add_interface(&Interface::new(LinkType::ETHERNET, 65535))?;
/// w.write_packet(&Packet { interface: 0, ts_ns: 7, orig_len: 1, data: &[9] })?;
/// w.flush()?;
/// let file = w.into_inner();
/// assert_eq!(Reader::new(&file[..])?.format(), Format::PcapNg);
/// # Ok::<(), promisc_savefile::Error>(())
/// ```
pub enum AnyWriter<W: Write> {
    /// A pcap file.
    Pcap(PcapWriter<W>),
    /// A pcapng file.
    PcapNg(PcapNgWriter<W>),
}

impl<W: Write> AnyWriter<W> {
    /// A writer of `format` over `w`.
    pub fn new(format: Format, w: W, nanos: bool) -> Self {
        match format {
            Format::Pcap => AnyWriter::Pcap(PcapWriter::new(w, nanos)),
            Format::PcapNg => AnyWriter::PcapNg(PcapNgWriter::new(w, APPLICATION)),
        }
    }

    /// Gives back the destination, without flushing it (a pcapng section header is written at
    /// the first packet or flush).
    pub fn into_inner(self) -> W {
        match self {
            AnyWriter::Pcap(w) => w.into_inner(),
            AnyWriter::PcapNg(w) => w.into_inner(),
        }
    }
}

impl<W: Write> PacketWriter for AnyWriter<W> {
    fn add_interface(&mut self, iface: &Interface) -> Result<u32, Error> {
        match self {
            AnyWriter::Pcap(w) => w.add_interface(iface),
            AnyWriter::PcapNg(w) => w.add_interface(iface),
        }
    }

    #[inline]
    fn write_packet(&mut self, p: &Packet<'_>) -> Result<(), Error> {
        match self {
            AnyWriter::Pcap(w) => w.write_packet(p),
            AnyWriter::PcapNg(w) => w.write_packet(p),
        }
    }

    fn write_stats(&mut self, interface: u32, s: &Stats) -> Result<(), Error> {
        match self {
            AnyWriter::Pcap(w) => w.write_stats(interface, s),
            AnyWriter::PcapNg(w) => w.write_stats(interface, s),
        }
    }

    fn flush(&mut self) -> Result<(), Error> {
        match self {
            AnyWriter::Pcap(w) => w.flush(),
            AnyWriter::PcapNg(w) => w.flush(),
        }
    }

    #[inline]
    fn bytes_written(&self) -> u64 {
        match self {
            AnyWriter::Pcap(w) => w.bytes_written(),
            AnyWriter::PcapNg(w) => w.bytes_written(),
        }
    }
}

/// [`AnyWriter`], boxed.
pub fn writer<W: Write + 'static>(format: Format, w: W, nanos: bool) -> Box<dyn PacketWriter> {
    Box::new(AnyWriter::new(format, w, nanos))
}

/// [`writer`] for a `Send` destination, giving a writer that can move to another thread.
pub fn writer_send<W: Write + Send + 'static>(
    format: Format,
    w: W,
    nanos: bool,
) -> Box<dyn PacketWriter + Send> {
    Box::new(AnyWriter::new(format, w, nanos))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn format_from_path() {
        assert_eq!(
            Format::from_path(Path::new("a.pcapng")),
            Some(Format::PcapNg)
        );
        assert_eq!(
            Format::from_path(Path::new("/x/a.NG")),
            Some(Format::PcapNg)
        );
        assert_eq!(Format::from_path(Path::new("a.pcap")), Some(Format::Pcap));
        assert_eq!(Format::from_path(Path::new("a.Cap")), Some(Format::Pcap));
        assert_eq!(Format::from_path(Path::new("a.txt")), None);
        assert_eq!(Format::from_path(Path::new("pcap")), None);
        assert_eq!(Format::from_path(Path::new("-")), None);
    }

    #[test]
    fn writers_are_send_when_w_is() {
        fn is_send<T: Send>() {}
        is_send::<PcapWriter<std::fs::File>>();
        is_send::<PcapNgWriter<std::fs::File>>();
        is_send::<Reader<std::fs::File>>();
        is_send::<Error>();
        fn is_sync<T: Sync>() {}
        is_sync::<Error>();
    }
}
