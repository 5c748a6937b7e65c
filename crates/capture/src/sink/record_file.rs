//! [`RecordFile`]: the file sink's buffer of whole records, and what a failed write of it
//! leaves in the file.

use std::fs::File;
use std::io::{self, Write};

use promisc_savefile::Format;

/// Buffers whole records in memory and writes them out in large chunks. The savefile writers
/// hand over whole records, header blocks and the pcap file header only (one `write` call
/// each), and each of them says its own length, so the buffer can be walked record by record.
/// When writing a chunk fails (a full disk), the file is cut back to the last record boundary
/// that reached it, found by that walk ([`whole_units`]), so it stays readable and keeps every
/// record that fit. Nothing is kept per record.
#[derive(Debug)]
pub struct RecordFile {
    target: Target,
    buf: Vec<u8>,
    format: Format,
    committed: u64,
}

/// The error a failed chunk write carries: how many of its records are in the file.
#[derive(Debug)]
pub struct Landed {
    /// Records of the failed chunk that are complete in the file.
    pub records: usize,
    /// The write error.
    pub source: io::Error,
}

impl std::fmt::Display for Landed {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        self.source.fmt(f)
    }
}

impl std::error::Error for Landed {}

#[derive(Debug)]
enum Target {
    File(File),
    Stdout(io::Stdout),
}

impl RecordFile {
    pub(super) fn file(f: File, format: Format) -> Self {
        RecordFile {
            target: Target::File(f),
            buf: Vec::with_capacity(1 << 20),
            format,
            committed: 0,
        }
    }

    pub(super) fn stdout(format: Format) -> Self {
        RecordFile {
            target: Target::Stdout(io::stdout()),
            buf: Vec::with_capacity(1 << 16),
            format,
            committed: 0,
        }
    }
}

/// The whole units (the pcap file header, records, pcapng blocks) among the first `landed`
/// bytes of `buf`, which starts on a unit boundary (`file_start`: at the start of the file,
/// where a pcap file header comes first): how many, and the bytes they take. Lengths are read
/// from the units themselves (a pcap record's captured length, a pcapng block's total length).
pub fn whole_units(format: Format, file_start: bool, buf: &[u8], landed: usize) -> (usize, usize) {
    let word = |at: usize| -> Option<usize> {
        let b = buf.get(at..at + 4)?;
        Some(u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize)
    };
    let (mut at, mut n) = (0usize, 0usize);
    if file_start && format == Format::Pcap {
        if landed < 24 {
            return (0, 0);
        }
        (at, n) = (24, 1);
    }
    loop {
        let len = match format {
            Format::Pcap => word(at + 8).map(|caplen| 16 + caplen),
            // A block is at least 12 bytes; anything less is not one of ours: stop there.
            Format::PcapNg => word(at + 4).filter(|&l| l >= 12),
        };
        match len {
            Some(len) if at + len <= landed => {
                at += len;
                n += 1;
            }
            _ => return (n, at),
        }
    }
}

/// Writes of at least this many bytes (whole records copied from a file being read) go to
/// the target from the caller's memory, after what is buffered, rather than through the
/// buffer: one copy of the bytes fewer.
pub(super) const DIRECT: usize = 64 << 10;

impl RecordFile {
    /// Writes `bytes`, whole units following the file's committed bytes, to the target; when
    /// that fails, cuts the file back to the last whole unit that reached it.
    fn land(&mut self, bytes: &[u8]) -> io::Result<()> {
        let (mut done, mut failure) = (0usize, None);
        match &mut self.target {
            Target::File(f) => {
                while done < bytes.len() {
                    match f.write(&bytes[done..]) {
                        Ok(0) => {
                            failure = Some(io::Error::from(io::ErrorKind::WriteZero));
                            break;
                        }
                        Ok(n) => done += n,
                        Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                        Err(e) => {
                            failure = Some(e);
                            break;
                        }
                    }
                }
            }
            Target::Stdout(s) => {
                let mut lock = s.lock();
                match lock.write_all(bytes).and_then(|_| lock.flush()) {
                    Ok(()) => done = bytes.len(),
                    Err(e) => failure = Some(e),
                }
            }
        }
        let Some(source) = failure else {
            self.committed += bytes.len() as u64;
            return Ok(());
        };
        // Keep the records that reached the file whole; cut the one that did not.
        let (records, keep) = whole_units(self.format, self.committed == 0, bytes, done);
        if let Target::File(f) = &mut self.target {
            let _ = f.set_len(self.committed + keep as u64);
        }
        self.committed += keep as u64;
        Err(io::Error::new(source.kind(), Landed { records, source }))
    }
}

impl Write for RecordFile {
    /// Buffered; many bytes at once (whole records, [`DIRECT`] or more) are written at once
    /// after the buffer, from where they are.
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        if data.len() >= DIRECT {
            self.flush()?;
            self.land(data)?;
        } else {
            self.buf.extend_from_slice(data);
        }
        Ok(data.len())
    }

    /// One record in parts (header, data, trailer): taken whole, as one record.
    #[inline]
    fn write_vectored(&mut self, parts: &[io::IoSlice<'_>]) -> io::Result<usize> {
        let n = parts.iter().map(|p| p.len()).sum();
        self.buf.reserve(n);
        for p in parts {
            self.buf.extend_from_slice(p);
        }
        Ok(n)
    }

    fn flush(&mut self) -> io::Result<()> {
        if self.buf.is_empty() {
            return Ok(());
        }
        let buf = std::mem::take(&mut self.buf);
        let landed = self.land(&buf);
        self.buf = buf;
        self.buf.clear();
        landed
    }
}
