//! Microsoft Network Load Balancing heartbeats (EtherType 0x886f; tcpdump's `msnlb_print`):
//! the host priority and the cluster and host addresses.

use core::fmt::Write;

use super::cursor::{Cursor, R};

/// `MS NLB heartbeat, host priority: N, cluster IP: A, host IP: B`.
#[cold]
#[inline(never)]
pub(crate) fn msnlb_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize) -> R {
    c.proto = "msnlb";
    c.s("MS NLB heartbeat")?;
    let b = c.bytes(bp + 8, 4)?;
    let prio = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
    c.s(", host priority: ")?;
    c.d(prio)?;
    // Each field is read before its label prints (tcpdump's arguments are evaluated first).
    c.bytes(bp + 12, 4)?;
    c.s(", cluster IP: ")?;
    c.ip4_at(bp + 12)?;
    c.bytes(bp + 16, 4)?;
    c.s(", host IP: ")?;
    c.ip4_at(bp + 16)
}
