//! Netlink framing: `struct nlmsghdr` messages in a datagram, `struct nlattr` attributes in a
//! payload, the errno of an `NLMSG_ERROR`. Every function here is total: malformed input is a
//! [`ParseError`], never a panic.

/// A netlink message or attribute that does not have the layout the kernel's uapi promises.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ParseError {
    /// Fewer bytes than a header or fixed structure needs.
    #[error("truncated {what}: need {need} bytes, have {have}")]
    Truncated {
        /// What was being read.
        what: &'static str,
        /// Bytes needed.
        need: usize,
        /// Bytes present.
        have: usize,
    },
    /// A length field that points outside its buffer.
    #[error("bad length {len} in {what}")]
    BadLength {
        /// What was being read.
        what: &'static str,
        /// The length read.
        len: usize,
    },
}

/// `NLMSG_ERROR`.
pub const NLMSG_ERROR: u16 = 2;
/// `NLMSG_DONE`.
pub const NLMSG_DONE: u16 = 3;
/// The size of `struct nlmsghdr`.
pub const NLMSG_HDRLEN: usize = 16;

/// `NLM_F_REQUEST`.
pub const NLM_F_REQUEST: u16 = 0x1;
/// `NLM_F_ACK`.
pub const NLM_F_ACK: u16 = 0x4;
/// `NLM_F_DUMP` (`NLM_F_ROOT | NLM_F_MATCH`).
pub const NLM_F_DUMP: u16 = 0x300;
/// `NLM_F_DUMP_INTR`: the dump was interrupted by a change and may be inconsistent.
pub const NLM_F_DUMP_INTR: u16 = 0x10;

/// Rounds up to netlink's 4-byte alignment.
pub const fn align4(n: usize) -> usize {
    (n + 3) & !3
}

pub(crate) fn u16_at(b: &[u8], off: usize) -> Option<u16> {
    b.get(off..off + 2)
        .map(|s| u16::from_ne_bytes([s[0], s[1]]))
}

pub(crate) fn u32_at(b: &[u8], off: usize) -> Option<u32> {
    b.get(off..off + 4)
        .map(|s| u32::from_ne_bytes([s[0], s[1], s[2], s[3]]))
}

pub(crate) fn need(what: &'static str, b: &[u8], n: usize) -> Result<(), ParseError> {
    if b.len() < n {
        Err(ParseError::Truncated {
            what,
            need: n,
            have: b.len(),
        })
    } else {
        Ok(())
    }
}

/// One netlink message: its header fields and its payload.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Message<'a> {
    /// `nlmsg_type`.
    pub kind: u16,
    /// `nlmsg_flags`.
    pub flags: u16,
    /// `nlmsg_seq`.
    pub seq: u32,
    /// The bytes after the header.
    pub payload: &'a [u8],
}

/// Iterates the netlink messages in one datagram.
pub fn messages(buf: &[u8]) -> impl Iterator<Item = Result<Message<'_>, ParseError>> {
    let mut rest = buf;
    std::iter::from_fn(move || {
        if rest.is_empty() {
            return None;
        }
        if rest.len() < NLMSG_HDRLEN {
            let have = rest.len();
            rest = &[];
            return Some(Err(ParseError::Truncated {
                what: "nlmsghdr",
                need: NLMSG_HDRLEN,
                have,
            }));
        }
        let len = u32_at(rest, 0).unwrap_or(0) as usize;
        if len < NLMSG_HDRLEN || len > rest.len() {
            rest = &[];
            return Some(Err(ParseError::BadLength {
                what: "nlmsghdr",
                len,
            }));
        }
        let msg = Message {
            kind: u16_at(rest, 4).unwrap_or(0),
            flags: u16_at(rest, 6).unwrap_or(0),
            seq: u32_at(rest, 8).unwrap_or(0),
            payload: &rest[NLMSG_HDRLEN..len],
        };
        rest = rest.get(align4(len)..).unwrap_or(&[]);
        Some(Ok(msg))
    })
}

/// The errno carried by an `NLMSG_ERROR` payload (0 for an acknowledgement).
pub fn error_code(payload: &[u8]) -> Result<i32, ParseError> {
    need("nlmsgerr", payload, 4)?;
    Ok(u32_at(payload, 0).unwrap_or(0) as i32)
}

/// Iterates the attributes (`struct nlattr`) in `buf`, yielding (type without flags, payload).
pub fn attributes(buf: &[u8]) -> impl Iterator<Item = Result<(u16, &[u8]), ParseError>> {
    let mut rest = buf;
    std::iter::from_fn(move || {
        if rest.len() < 4 {
            // Trailing padding shorter than a header is not an attribute.
            return None;
        }
        let len = u16_at(rest, 0).unwrap_or(0) as usize;
        let kind = u16_at(rest, 2).unwrap_or(0) & 0x3fff;
        if len < 4 || len > rest.len() {
            rest = &[];
            return Some(Err(ParseError::BadLength {
                what: "nlattr",
                len,
            }));
        }
        let payload = &rest[4..len];
        rest = rest.get(align4(len)..).unwrap_or(&[]);
        Some(Ok((kind, payload)))
    })
}

pub(crate) fn attr_u32(p: &[u8]) -> Option<u32> {
    u32_at(p, 0)
}

pub(crate) fn attr_str(p: &[u8]) -> String {
    let end = p.iter().position(|&b| b == 0).unwrap_or(p.len());
    String::from_utf8_lossy(&p[..end]).into_owned()
}
