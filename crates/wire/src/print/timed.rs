//! The BSD time synchronisation protocol, timed (UDP port 525; tcpdump's `timed_print`).

use core::fmt::Write;

use super::cursor::{Cursor, R};

/// The message types' names, by type.
const TYPES: [&str; 25] = [
    "TSP_ANY",
    "TSP_ADJTIME",
    "TSP_ACK",
    "TSP_MASTERREQ",
    "TSP_MASTERACK",
    "TSP_SETTIME",
    "TSP_MASTERUP",
    "TSP_SLAVEUP",
    "TSP_ELECTION",
    "TSP_ACCEPT",
    "TSP_REFUSE",
    "TSP_CONFLICT",
    "TSP_RESOLVE",
    "TSP_QUIT",
    "TSP_DATE",
    "TSP_DATEREQ",
    "TSP_DATEACK",
    "TSP_TRACEON",
    "TSP_TRACEOFF",
    "TSP_MSITE",
    "TSP_MSITEREQ",
    "TSP_TEST",
    "TSP_SETDATE",
    "TSP_SETDATEREQ",
    "TSP_LOOP",
];

/// The name field's size.
const NAME_LEN: usize = 256;

/// `timed_print`: type, version, sequence number, the hop count or time, the name.
#[cold]
#[inline(never)]
pub(crate) fn timed_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize) -> R {
    c.proto = "timed";
    let t = c.u8(bp)?;
    match TYPES.get(usize::from(t)) {
        Some(n) => c.s(n)?,
        None => {
            c.s("(tsp_type 0x")?;
            c.x(t)?;
            c.s(")")?;
        }
    }
    let vers = c.u8(bp + 1)?;
    c.s(" vers ")?;
    c.d(vers)?;
    let seq = c.be16(bp + 2)?;
    c.s(" seq ")?;
    c.d(seq)?;
    match t {
        24 => {
            let hop = c.u8(bp + 4)?;
            c.s(" hopcnt ")?;
            c.d(hop)?;
        }
        1 | 5 | 22 | 23 => {
            let mut sec = c.be32(bp + 4)? as i32;
            let mut usec = c.be32(bp + 8)? as i32;
            if usec < 0 {
                return Ok(());
            }
            c.s(" time ")?;
            if sec < 0 && usec != 0 {
                sec += 1;
                if sec == 0 {
                    c.s("-")?;
                }
                usec = 1_000_000 - usec;
            }
            crate::fmtx::idec(c.out, sec.into())?;
            c.s(".")?;
            if usec < 0 {
                c.s("-")?;
            }
            crate::fmtx::dec_pad(
                c.out,
                usec.unsigned_abs().into(),
                if usec < 0 { 5 } else { 6 },
            )?;
        }
        _ => {}
    }
    c.s(" name ")?;
    super::vfmt::printjnp(c, bp + 12, NAME_LEN)
}
