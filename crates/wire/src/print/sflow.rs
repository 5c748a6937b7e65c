//! sFlow version 5 (UDP port 6343): tcpdump's `sflow_print`, the datagram header's agent and
//! length; `-v` in `sflow_v`.

use core::fmt::Write;

use super::cursor::{Cursor, R};

/// The datagram header with an IPv4 agent address, and with an IPv6 one.
const HEADER_V4_LEN: u32 = 28;
const HEADER_V6_LEN: u32 = 40;
/// Offsets in the header.
const IP_VERSION: usize = 4;
const AGENT: usize = 8;

/// `sFlowv5, IPv4 agent 15.184.8.4, agent-id 2, length 1288`.
#[cold]
#[inline(never)]
pub(crate) fn sflow_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, len: u32) -> R {
    c.proto = "sflow";
    let ip_version = c.be32(bp + IP_VERSION)?;
    if (len < HEADER_V4_LEN && ip_version == 1) || (len < HEADER_V6_LEN && ip_version == 2) {
        let version = c.be32(bp)?;
        c.s("sFlowv")?;
        c.d(version)?;
        // tcpdump names the IPv4 header's length for both.
        c.s(" [length ")?;
        c.d(len)?;
        c.s(" < ")?;
        c.d(HEADER_V4_LEN)?;
        return c.s("] (invalid)");
    }
    if !c.test(bp, HEADER_V4_LEN as usize) {
        return Err(c.jump());
    }
    let version = c.be32(bp)?;
    if version != 5 {
        c.s("sFlow version ")?;
        c.d(version)?;
        return c.s(" packet not supported");
    }
    if c.vflag > 0 {
        return super::sflow_v::sflow_verbose(c, bp, len, ip_version != 1);
    }
    // Every field is read before anything is printed, as tcpdump evaluates them first.
    let (addr_len, agent_id) = if ip_version == 1 {
        (4, AGENT + 4)
    } else {
        (16, AGENT + 16)
    };
    c.bytes(bp + AGENT, addr_len)?;
    let id = c.be32(bp + agent_id)?;
    c.s("sFlowv5, ")?;
    if ip_version == 1 {
        c.s("IPv4 agent ")?;
        c.ip4_at(bp + AGENT)?;
    } else {
        c.s("IPv6 agent ")?;
        c.ip6_at(bp + AGENT)?;
    }
    c.s(", agent-id ")?;
    c.d(id)?;
    c.s(", length ")?;
    c.d(len)
}
