//! AFS's RX remote procedure calls on UDP ports 7000 to 7009: tcpdump's `rx_print`.
//!
//! The RX header (its packet type, and from `-v` on its sequence and serial numbers, from
//! `-vv` its connection, call number and flags, from `-vvv` its security index and service),
//! then for the first data packet of a call the operation and its arguments of the AFS
//! services tcpdump knows by their port (file server, callback, protection, volume location,
//! authentication, volume, basic overseer, and Ubik under the database services), acks with
//! the packets they acknowledge, and always ` (LENGTH)`.
//!
//! A reply carries no operation number: like tcpdump, the printer remembers the last 64 calls
//! ([`Calls`], kept by the [`crate::Printer`] between packets) by call number, addresses,
//! service and port, and prints a reply (or an abort) as the answer to the call it matches.
//!
//! - [`fs`]: the file server and the callback service;
//! - [`svc`]: the other services and Ubik;
//! - [`afs`]: the argument readers they share (tcpdump's `FIDOUT`, `STROUT`, ... macros);
//! - [`names`]: the operation, type, abort code and ack reason names.

mod afs;
mod fs;
mod names;
mod svc;

use core::fmt::Write;

use super::cursor::{Cursor, R};
use crate::tok::{self, Unknown};

/// The RX header's length and field offsets.
const HDR: usize = 28;
const CID: usize = 4;
const CALL: usize = 8;
const SEQ: usize = 12;
const SERIAL: usize = 16;
const TYPE: usize = 20;
const FLAGS: usize = 21;
const SECINDEX: usize = 23;
const SERVICE: usize = 26;

/// The packet types the printer looks at.
const DATA: u8 = 1;
const ACK: u8 = 2;
const ABORT: u8 = 4;

/// The client-initiated flag (set in calls, clear in replies).
const CLIENT_INIT: u8 = 1;

/// The services' ports.
const FS_PORT: u16 = 7000;
const CB_PORT: u16 = 7001;
const PROT_PORT: u16 = 7002;
const VLDB_PORT: u16 = 7003;
const KAUTH_PORT: u16 = 7004;
const VOL_PORT: u16 = 7005;
const BOS_PORT: u16 = 7007;

/// Where tcpdump reads the addresses of its call table in the header at `iph` (an IPv4
/// header's source and destination; it reads the same offsets of an IPv6 header).
const IP_SRC: usize = 12;
const IP_DST: usize = 16;

/// How many calls [`Calls`] remembers (tcpdump's `RX_CACHE_SIZE`).
const CALLS: usize = 64;

/// One remembered call.
#[derive(Debug, Clone, Copy, Default)]
struct Call {
    callnum: u32,
    client: u32,
    server: u32,
    dport: u16,
    service: u16,
    opcode: u32,
}

/// The last [`CALLS`] RX calls seen, so that replies print as answers to them: a ring
/// written in turn and searched from where the last search matched, as tcpdump's.
#[derive(Debug, Clone)]
pub(crate) struct Calls {
    calls: [Call; CALLS],
    next: usize,
    hint: usize,
}

impl Default for Calls {
    fn default() -> Self {
        Calls {
            calls: [Call::default(); CALLS],
            next: 0,
            hint: 0,
        }
    }
}

impl Calls {
    /// Remembers `call` in the next slot.
    fn insert(&mut self, call: Call) {
        self.calls[self.next] = call;
        self.next = (self.next + 1) % CALLS;
    }

    /// The operation of the call `reply` answers (its client and server swapped), searching
    /// from the last match.
    fn find(&mut self, reply: &Call) -> Option<u32> {
        let mut i = self.hint;
        loop {
            let e = &self.calls[i];
            if e.callnum == reply.callnum
                && e.client == reply.server
                && e.server == reply.client
                && e.service == reply.service
                && e.dport == reply.dport
            {
                self.hint = i;
                return Some(e.opcode);
            }
            i = (i + 1) % CALLS;
            if i == self.hint {
                return None;
            }
        }
    }
}

/// `rx_print`: the RX packet of `length` bytes at `bp`, between UDP ports `sport` and
/// `dport`, in the IP datagram whose header is at `iph`.
pub(crate) fn rx_print<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    length: u32,
    sport: u16,
    dport: u16,
    iph: usize,
) -> R {
    c.proto = "rx";
    if !c.test(bp, HDR) {
        c.s(" [|rx] (")?;
        c.d(length)?;
        return c.s(")");
    }
    let ty = c.u8(bp + TYPE)?;
    c.s(" rx ")?;
    tok::tok2str(
        c.out,
        tok::find(names::TYPES, ty.into()),
        ty.into(),
        Unknown::dec("type ", ""),
    )?;
    let flags = c.u8(bp + FLAGS)?;
    if c.vflag > 0 {
        verbose_header(c, bp, ty, flags)?;
    }
    let seq = c.be32(bp + SEQ)?;
    let call = |c: &Cursor<'_, W>, port: u16| -> R<Call> {
        Ok(Call {
            callnum: c.be32(bp + CALL)?,
            client: c.be32(iph + IP_SRC)?,
            server: c.be32(iph + IP_DST)?,
            dport: port,
            service: c.be16(bp + SERVICE)?,
            opcode: 0,
        })
    };
    if ty == DATA && seq == 1 && flags & CLIENT_INIT != 0 {
        if c.test(bp + HDR, 4) {
            let e = Call {
                opcode: c.be32(bp + HDR)?,
                ..call(c, dport)?
            };
            if let Some(n) = c.names.as_deref_mut() {
                n.rx.insert(e);
            }
        }
        match dport {
            FS_PORT => fs::fs_print(c, bp, length)?,
            CB_PORT => fs::cb_print(c, bp, length)?,
            PROT_PORT => svc::prot_print(c, bp, length)?,
            VLDB_PORT => svc::vldb_print(c, bp, length)?,
            KAUTH_PORT => svc::kauth_print(c, bp, length)?,
            VOL_PORT => svc::vol_print(c, bp, length)?,
            BOS_PORT => svc::bos_print(c, bp, length)?,
            _ => {}
        }
    } else if ((ty == DATA && seq == 1) || ty == ABORT) && flags & CLIENT_INIT == 0 {
        let reply = call(c, sport)?;
        let op = c.names.as_deref_mut().and_then(|n| n.rx.find(&reply));
        if let Some(op) = op {
            match sport {
                FS_PORT => fs::fs_reply_print(c, bp, length, op)?,
                CB_PORT => fs::cb_reply_print(c, bp, length, op)?,
                PROT_PORT => svc::prot_reply_print(c, bp, length, op)?,
                VLDB_PORT => svc::vldb_reply_print(c, bp, length, op)?,
                KAUTH_PORT => svc::kauth_reply_print(c, bp, length, op)?,
                VOL_PORT => svc::vol_reply_print(c, bp, length, op)?,
                BOS_PORT => svc::bos_reply_print(c, bp, length, op)?,
                _ => {}
            }
        }
    } else if ty == ACK {
        ack_print(c, bp, length)?;
    }
    c.s(" (")?;
    c.d(length)?;
    c.s(")")
}

/// The flags `-vv` names: (bit, the packet type it means something in or 0 for all, name).
const FLAG_NAMES: [(u8, u8, &str); 7] = [
    (1, 0, "client-init"),
    (2, 0, "req-ack"),
    (4, 0, "last-pckt"),
    (8, 0, "more-pckts"),
    (16, 0, "free-pckt"),
    (32, ACK, "slow-start"),
    (32, DATA, "jumbogram"),
];

/// The header's fields `-v` and up print.
#[cold]
#[inline(never)]
fn verbose_header<W: Write>(c: &mut Cursor<'_, W>, bp: usize, ty: u8, flags: u8) -> R {
    if c.vflag > 1 {
        let (cid, call) = (c.be32(bp + CID)?, c.be32(bp + CALL)?);
        c.s(" cid ")?;
        crate::fmtx::hex_pad(c.out, cid.into(), 8)?;
        c.s(" call# ")?;
        c.d(call)?;
    }
    let (seq, serial) = (c.be32(bp + SEQ)?, c.be32(bp + SERIAL)?);
    c.s(" seq ")?;
    c.d(seq)?;
    c.s(" ser ")?;
    c.d(serial)?;
    if c.vflag > 2 {
        let (sec, service) = (c.u8(bp + SECINDEX)?, c.be16(bp + SERVICE)?);
        c.s(" secindex ")?;
        c.d(sec)?;
        c.s(" serviceid ")?;
        c.d(service)?;
    }
    if c.vflag > 1 {
        let mut first = true;
        for (bit, only, name) in FLAG_NAMES {
            if flags & bit != 0 && (only == 0 || ty == only) {
                c.s(if first { " <" } else { ",<" })?;
                c.s(name)?;
                c.s(">")?;
                first = false;
            }
        }
    }
    Ok(())
}

/// In an ack, after the RX header: the fields' offsets and the fixed part's length.
const ACK_BUFSPACE: usize = 0;
const ACK_MAXSKEW: usize = 2;
const ACK_FIRST: usize = 4;
const ACK_SERIAL: usize = 12;
const ACK_REASON: usize = 16;
const ACK_NACKS: usize = 17;
const ACK_LEN: usize = 18;

/// `rx_ack_print`: the first packet, serial and reason, the packets acknowledged and not,
/// and from `-vv` on the MTUs and window that follow.
fn ack_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    if (length as usize) < HDR {
        return Ok(());
    }
    let a = bp + HDR;
    if !c.test(a, ACK_LEN) {
        return c.s(" [|ack]");
    }
    if c.vflag > 2 {
        let (space, skew) = (c.be16(a + ACK_BUFSPACE)?, c.be16(a + ACK_MAXSKEW)?);
        c.s(" bufspace ")?;
        c.d(space)?;
        c.s(" maxskew ")?;
        c.d(skew)?;
    }
    let first = c.be32(a + ACK_FIRST)?;
    let serial = c.be32(a + ACK_SERIAL)?;
    let reason = c.u8(a + ACK_REASON)?;
    c.s(" first ")?;
    c.d(first)?;
    c.s(" serial ")?;
    c.d(serial)?;
    c.s(" reason ")?;
    tok::tok2str(
        c.out,
        tok::find(names::ACK_REASONS, reason.into()),
        reason.into(),
        Unknown::dec("#", ""),
    )?;
    let n = c.u8(a + ACK_NACKS)? as usize;
    let mut p = a + ACK_LEN;
    if n != 0 {
        if !c.test(p, n) {
            return c.s(" [|ack]");
        }
        let acks = c.bytes(p, n)?;
        ranges(c, acks, first, true)?;
        ranges(c, acks, first, false)?;
        p += n;
    }
    p += 3;
    if c.vflag > 1 {
        for label in [" ifmtu ", " maxmtu ", " rwind ", " maxpackets "] {
            if c.avail(p) < 4 {
                return Ok(());
            }
            c.s(label)?;
            let v = c.be32(p)?;
            c.d(v)?;
            p += 4;
        }
    }
    Ok(())
}

/// The runs of packets an ack acknowledges (`acked`) or not (`nacked`): ` acked 1-3,5`.
fn ranges<W: Write>(c: &mut Cursor<'_, W>, acks: &[u8], first: u32, acked: bool) -> R {
    let label = if acked { " acked " } else { " nacked " };
    let hit = |b: u8| if acked { b == 1 } else { b == 0 };
    let (mut start, mut last) = (-2i64, -2i64);
    let end = |c: &mut Cursor<'_, W>, i: i64| -> R {
        c.s("-")?;
        c.d(first.wrapping_add(i as u32).wrapping_sub(1))
    };
    for (i, &b) in acks.iter().enumerate() {
        let i = i as i64;
        if hit(b) {
            if last == -2 {
                c.s(label)?;
                c.d(first.wrapping_add(i as u32))?;
                start = i;
            } else if last != i - 1 {
                c.s(",")?;
                c.d(first.wrapping_add(i as u32))?;
                start = i;
            }
            last = i;
        } else if last == i - 1 && start != last {
            end(c, i)?;
        }
    }
    let n = acks.len() as i64;
    if last == n - 1 && start != last {
        end(c, n)?;
    }
    Ok(())
}
