//! An independent pcap/pcapng parser: the tests' oracle for the files the binary writes. It
//! shares no code with promisc-savefile, reads every pcap variant (micro/nanosecond, either
//! byte order) and pcapng (SHB, IDB with `if_name`/`if_tsresol`, EPB, SPB, ISB), and stops at
//! the first damaged or truncated record, saying where and why in [`Savefile::error`].

/// Which format a file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// pcap, with nanosecond timestamps or not.
    Pcap {
        /// Nanosecond magic.
        nano: bool,
    },
    /// pcapng.
    PcapNg,
}

#[derive(Debug, Clone, Default)]
/// An interface (pcap: the file header; pcapng: an IDB).
pub struct Iface {
    /// Link type.
    pub linktype: u32,
    /// Snapshot length.
    pub snaplen: u32,
    /// pcapng `if_name`.
    pub name: Option<String>,
    /// pcapng `if_tsresol` (absent: microseconds).
    pub tsresol: Option<u8>,
}

#[derive(Debug, Clone)]
/// A packet record.
pub struct Pkt {
    /// Interface index (0 for pcap).
    pub iface: u32,
    /// Timestamp, nanoseconds since 1970.
    pub ts_ns: u64,
    /// Original length.
    pub orig_len: u32,
    /// Captured bytes.
    pub data: Vec<u8>,
    /// Offsets of the record (header included) in the file.
    pub start: usize,
    /// End offset of the record.
    pub end: usize,
}

#[derive(Debug, Clone, Default)]
/// A pcapng Interface Statistics Block.
pub struct Isb {
    /// Interface index.
    pub iface: u32,
    /// `isb_ifrecv`.
    pub ifrecv: Option<u64>,
    /// `isb_ifdrop`.
    pub ifdrop: Option<u64>,
    /// `isb_usrdeliv`.
    pub usrdeliv: Option<u64>,
}

/// A parsed file.
#[derive(Debug)]
pub struct Savefile {
    /// Its format.
    pub kind: Kind,
    /// Its interfaces, in order.
    pub ifaces: Vec<Iface>,
    /// Its packets, in order.
    pub packets: Vec<Pkt>,
    /// Its statistics blocks, in order.
    pub isbs: Vec<Isb>,
    /// Where parsing stopped early, and why.
    pub error: Option<String>,
}

impl Savefile {
    /// The captured bytes of every packet.
    pub fn data(&self) -> Vec<Vec<u8>> {
        self.packets.iter().map(|p| p.data.clone()).collect()
    }
}

fn rd16(b: &[u8], at: usize, le: bool) -> u16 {
    let x = [b[at], b[at + 1]];
    if le {
        u16::from_le_bytes(x)
    } else {
        u16::from_be_bytes(x)
    }
}

fn rd32(b: &[u8], at: usize, le: bool) -> u32 {
    let x = [b[at], b[at + 1], b[at + 2], b[at + 3]];
    if le {
        u32::from_le_bytes(x)
    } else {
        u32::from_be_bytes(x)
    }
}

fn rd64(b: &[u8], at: usize, le: bool) -> u64 {
    let x: [u8; 8] = b[at..at + 8].try_into().unwrap();
    if le {
        u64::from_le_bytes(x)
    } else {
        u64::from_be_bytes(x)
    }
}

/// Parses a pcap or pcapng file; `Err` when not even the header is good,
/// otherwise every good record and, in `error`, why it stopped early.
/// Parses a pcap or pcapng file by its magic.
pub fn parse_savefile(b: &[u8]) -> Result<Savefile, String> {
    if b.len() < 4 {
        return Err(format!("{} bytes: no magic number", b.len()));
    }
    if b[..4] == [0x0a, 0x0d, 0x0d, 0x0a] {
        parse_pcapng(b)
    } else {
        parse_pcap(b)
    }
}

/// Parses a pcap file.
fn parse_pcap(b: &[u8]) -> Result<Savefile, String> {
    if b.len() < 24 {
        return Err(format!("pcap header truncated ({} bytes)", b.len()));
    }
    let (le, nano) = match u32::from_le_bytes(b[..4].try_into().unwrap()) {
        0xa1b2_c3d4 => (true, false),
        0xa1b2_3c4d => (true, true),
        0xd4c3_b2a1 => (false, false),
        0x4d3c_b2a1 => (false, true),
        m => return Err(format!("unknown magic {m:#010x}")),
    };
    let (major, minor) = (rd16(b, 4, le), rd16(b, 6, le));
    if (major, minor) != (2, 4) {
        return Err(format!("pcap version {major}.{minor}"));
    }
    let mut f = Savefile {
        kind: Kind::Pcap { nano },
        ifaces: vec![Iface {
            snaplen: rd32(b, 16, le),
            linktype: rd32(b, 20, le),
            name: None,
            tsresol: None,
        }],
        packets: Vec::new(),
        isbs: Vec::new(),
        error: None,
    };
    let mut off = 24;
    while off < b.len() {
        if b.len() - off < 16 {
            f.error = Some(format!("record header truncated at offset {off}"));
            break;
        }
        let (sec, frac) = (rd32(b, off, le), rd32(b, off + 4, le));
        let (incl, orig) = (rd32(b, off + 8, le) as usize, rd32(b, off + 12, le));
        if b.len() - off - 16 < incl {
            f.error = Some(format!("record data truncated at offset {off}"));
            break;
        }
        let unit = if nano { 1 } else { 1000 };
        if u64::from(frac) * unit >= 1_000_000_000 {
            f.error = Some(format!("fraction {frac} out of range at offset {off}"));
            break;
        }
        f.packets.push(Pkt {
            iface: 0,
            ts_ns: u64::from(sec) * 1_000_000_000 + u64::from(frac) * unit,
            orig_len: orig,
            data: b[off + 16..off + 16 + incl].to_vec(),
            start: off,
            end: off + 16 + incl,
        });
        off += 16 + incl;
    }
    Ok(f)
}

/// (code, value) of the options in `opts`.
fn pcapng_options(opts: &[u8], le: bool) -> Result<Vec<(u16, Vec<u8>)>, String> {
    let mut out = Vec::new();
    let mut off = 0;
    while off + 4 <= opts.len() {
        let (code, len) = (rd16(opts, off, le), rd16(opts, off + 2, le) as usize);
        if code == 0 {
            break;
        }
        if off + 4 + len > opts.len() {
            return Err(format!("option {code} overruns its block"));
        }
        out.push((code, opts[off + 4..off + 4 + len].to_vec()));
        off += 4 + len.div_ceil(4) * 4;
    }
    Ok(out)
}

fn ts_to_ns(ts: u64, tsresol: Option<u8>) -> u64 {
    let r = tsresol.unwrap_or(6);
    if r & 0x80 != 0 {
        ((u128::from(ts) * 1_000_000_000) >> (r & 0x7f)) as u64
    } else if r <= 9 {
        ts * 10u64.pow(9 - u32::from(r))
    } else {
        ts / 10u64.pow(u32::from(r) - 9)
    }
}

/// Parses a pcapng file.
fn parse_pcapng(b: &[u8]) -> Result<Savefile, String> {
    let mut f = Savefile {
        kind: Kind::PcapNg,
        ifaces: Vec::new(),
        packets: Vec::new(),
        isbs: Vec::new(),
        error: None,
    };
    let mut le = true;
    let mut base = 0;
    let mut off = 0;
    while off < b.len() {
        if b.len() - off < 12 {
            f.error = Some(format!("block header truncated at offset {off}"));
            break;
        }
        if b[off..off + 4] == [0x0a, 0x0d, 0x0d, 0x0a] {
            le = match b[off + 8..off + 12] {
                [0x4d, 0x3c, 0x2b, 0x1a] => true,
                [0x1a, 0x2b, 0x3c, 0x4d] => false,
                _ => {
                    f.error = Some(format!("bad byte-order magic at offset {off}"));
                    break;
                }
            };
            base = f.ifaces.len();
        }
        let ty = rd32(b, off, le);
        let total = rd32(b, off + 4, le) as usize;
        if total < 12 || total % 4 != 0 {
            f.error = Some(format!("bad block length {total} at offset {off}"));
            break;
        }
        if b.len() - off < total {
            f.error = Some(format!(
                "block of type {ty:#x} truncated at offset {off} ({total} bytes announced, {} left)",
                b.len() - off
            ));
            break;
        }
        if rd32(b, off + total - 4, le) as usize != total {
            f.error = Some(format!("trailing length mismatch at offset {off}"));
            break;
        }
        let body = &b[off + 8..off + total - 4];
        let res: Result<(), String> = (|| {
            match ty {
                1 => {
                    let mut i = Iface {
                        linktype: u32::from(rd16(body, 0, le)),
                        snaplen: rd32(body, 4, le),
                        ..Iface::default()
                    };
                    for (code, v) in pcapng_options(&body[8..], le)? {
                        match code {
                            2 => {
                                i.name = Some(
                                    String::from_utf8_lossy(&v)
                                        .trim_end_matches('\0')
                                        .to_string(),
                                )
                            }
                            9 => i.tsresol = v.first().copied(),
                            _ => {}
                        }
                    }
                    f.ifaces.push(i);
                }
                6 => {
                    let id = base + rd32(body, 0, le) as usize;
                    let iface = f
                        .ifaces
                        .get(id)
                        .ok_or(format!("EPB for undeclared interface {id}"))?;
                    let ts = (u64::from(rd32(body, 4, le)) << 32) | u64::from(rd32(body, 8, le));
                    let caplen = rd32(body, 12, le) as usize;
                    if 20 + caplen > body.len() {
                        return Err(format!("EPB caplen {caplen} overruns its block"));
                    }
                    f.packets.push(Pkt {
                        iface: id as u32,
                        ts_ns: ts_to_ns(ts, iface.tsresol),
                        orig_len: rd32(body, 16, le),
                        data: body[20..20 + caplen].to_vec(),
                        start: off,
                        end: off + total,
                    });
                }
                3 => {
                    let iface = f.ifaces.get(base).ok_or("SPB without an interface")?;
                    let orig = rd32(body, 0, le);
                    let mut caplen = orig as usize;
                    if iface.snaplen != 0 {
                        caplen = caplen.min(iface.snaplen as usize);
                    }
                    if 4 + caplen > body.len() {
                        return Err("SPB overruns its block".into());
                    }
                    f.packets.push(Pkt {
                        iface: base as u32,
                        ts_ns: 0,
                        orig_len: orig,
                        data: body[4..4 + caplen].to_vec(),
                        start: off,
                        end: off + total,
                    });
                }
                5 => {
                    let mut s = Isb {
                        iface: (base + rd32(body, 0, le) as usize) as u32,
                        ..Isb::default()
                    };
                    for (code, v) in pcapng_options(&body[12..], le)? {
                        let n = (v.len() == 8).then(|| rd64(&v, 0, le));
                        match code {
                            4 => s.ifrecv = n,
                            5 => s.ifdrop = n,
                            8 => s.usrdeliv = n,
                            _ => {}
                        }
                    }
                    f.isbs.push(s);
                }
                _ => {}
            }
            Ok(())
        })();
        if let Err(e) = res {
            f.error = Some(format!("block at offset {off}: {e}"));
            break;
        }
        off += total;
    }
    Ok(f)
}

/// Reads and parses `path`; panics if it is not a savefile (a damaged record is not an error
/// here: see [`Savefile::error`]).
pub fn read_savefile(path: &str) -> Savefile {
    let bytes = std::fs::read(path).unwrap_or_else(|e| panic!("read {path}: {e}"));
    parse_savefile(&bytes).unwrap_or_else(|e| panic!("{path} is not a savefile: {e}"))
}

/// The file, which must be complete: no damaged or truncated record.
pub fn read_complete(path: &str) -> Savefile {
    let f = read_savefile(path);
    if let Some(e) = &f.error {
        panic!(
            "{path} is damaged ({e}) after {} good packets",
            f.packets.len()
        );
    }
    f
}
