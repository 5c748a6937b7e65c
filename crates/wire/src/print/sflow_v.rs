//! sFlow version 5's `-v` form (tcpdump's `sflow_print` with `ndo_vflag` set): the datagram
//! header's sequence number, uptime and sample count, then each sample (flow, counter and
//! their expanded forms) with its records: the generic, Ethernet, 100BaseVG, VLAN and processor
//! counters, the raw packet header, Ethernet frame and extended switch data of flows.

use core::fmt::Write;

use super::cursor::{Cursor, R};
use crate::tok::{self, Tok};

/// The sample formats.
const FORMATS: &Tok = &[
    (1, "flow sample"),
    (2, "counter sample"),
    (3, "expanded flow sample"),
    (4, "expanded counter sample"),
];

/// The flow record types.
const FLOW_TYPES: &Tok = &[
    (1, "Raw packet"),
    (2, "Ethernet frame"),
    (3, "IPv4 Data"),
    (4, "IPv6 Data"),
    (1001, "Extended Switch data"),
    (1002, "Extended Router data"),
    (1003, "Extended Gateway data"),
    (1004, "Extended User data"),
    (1005, "Extended URL data"),
    (1006, "Extended MPLS data"),
    (1007, "Extended NAT data"),
    (1008, "Extended MPLS tunnel"),
    (1009, "Extended MPLS VC"),
    (1010, "Extended MPLS FEC"),
    (1011, "Extended MPLS LVP FEC"),
    (1012, "Extended VLAN Tunnel"),
];

/// The counter record types.
const COUNTER_TYPES: &Tok = &[
    (1, "Generic counter"),
    (2, "Ethernet counter"),
    (3, "Token ring counter"),
    (4, "100 BaseVG counter"),
    (5, "Vlan counter"),
    (1001, "Processor counter"),
];

/// Interface directions.
const DIRECTIONS: &Tok = &[
    (0, "unknown"),
    (1, "full-duplex"),
    (2, "half-duplex"),
    (3, "in"),
    (4, "out"),
];

/// A value's width in a [`group`].
#[derive(Clone, Copy)]
enum W {
    /// A 32-bit value.
    U32,
    /// A 64-bit value.
    U64,
}

/// One `ND_PRINT` of decimal fields: every field at `o` read first (`label`, width), then
/// each label followed by its value.
fn group<Wr: Write>(e: &mut Cursor<'_, Wr>, o: usize, spec: &[(&str, W)]) -> R<usize> {
    let total: usize = spec
        .iter()
        .map(|(_, w)| match w {
            W::U32 => 4,
            W::U64 => 8,
        })
        .sum();
    e.bytes(o, total)?;
    let mut at = o;
    for &(label, w) in spec {
        e.s(label)?;
        match w {
            W::U32 => {
                e.d(e.be32(at)?)?;
                at += 4;
            }
            W::U64 => {
                e.d(e.be_n(at, 8)?)?;
                at += 8;
            }
        }
    }
    Ok(at)
}

/// The `-v` datagram: `sFlowv5, IPv4 agent A, agent-id N, seqnum N, uptime N, samples N,
/// length N` and the samples. `v6` when the agent address is IPv6.
#[cold]
#[inline(never)]
pub(crate) fn sflow_verbose<Wr: Write>(e: &mut Cursor<'_, Wr>, bp: usize, len: u32, v6: bool) -> R {
    let alen = if v6 { 16 } else { 4 };
    let hdr = 8 + alen + 16;
    e.bytes(bp, hdr)?;
    let after = bp + 8 + alen;
    let (id, seq, up, n) = (
        e.be32(after)?,
        e.be32(after + 4)?,
        e.be32(after + 8)?,
        e.be32(after + 12)?,
    );
    e.s("sFlowv5, ")?;
    if v6 {
        e.s("IPv6 agent ")?;
        e.ip6_at(bp + 8)?;
    } else {
        e.s("IPv4 agent ")?;
        e.ip4_at(bp + 8)?;
    }
    e.s(", agent-id ")?;
    e.d(id)?;
    e.s(", seqnum ")?;
    e.d(seq)?;
    e.s(", uptime ")?;
    e.d(up)?;
    e.s(", samples ")?;
    e.d(n)?;
    e.s(", length ")?;
    e.d(len)?;
    if (len as usize) < hdr {
        return invalid(e, bp, len);
    }
    let (mut t, mut tlen) = (bp + hdr, len - hdr as u32);
    let mut n = n;
    while n > 0 && tlen > 0 {
        let format = e.be32(t)? & 0x0fff;
        let slen = e.be32(t + 4)?;
        if tlen < 8 {
            return invalid(e, t, tlen);
        }
        t += 8;
        tlen -= 8;
        e.s("\n\t")?;
        e.s(tok::find(FORMATS, format).unwrap_or("Unknown"))?;
        e.s(" (")?;
        e.d(format)?;
        e.s("), length ")?;
        e.d(slen)?;
        e.s(",")?;
        if format == 0 || slen == 0 {
            return Ok(());
        }
        if tlen < slen {
            return invalid(e, t, tlen);
        }
        e.bytes(t, slen as usize)?;
        let bad = match format {
            1 => flow_sample(e, t, tlen, false)?,
            2 => counter_sample(e, t, tlen, false)?,
            3 => flow_sample(e, t, tlen, true)?,
            4 => counter_sample(e, t, tlen, true)?,
            _ => {
                if e.vflag <= 1 {
                    e.unknown_data_at(t, slen as usize, "\n\t    ")?;
                }
                false
            }
        };
        if bad {
            return invalid(e, t, tlen);
        }
        t += slen as usize;
        tlen -= slen;
        n -= 1;
    }
    Ok(())
}

/// `nd_print_invalid` and the check that the `len` bytes at `o` were captured.
fn invalid<Wr: Write>(e: &mut Cursor<'_, Wr>, o: usize, len: u32) -> R {
    e.invalid()?;
    if !e.test(o, len as usize) {
        return Err(e.jump());
    }
    Ok(())
}

/// A flow sample (`expanded` for format 3); `true` when too short (tcpdump's `invalid`).
fn flow_sample<Wr: Write>(e: &mut Cursor<'_, Wr>, p: usize, len: u32, expanded: bool) -> R<bool> {
    let size = if expanded { 44 } else { 32 };
    if len < size {
        return Ok(true);
    }
    let records = if expanded {
        e.bytes(p, 44)?;
        let r = e.be32(p + 40)?;
        group(
            e,
            p,
            &[
                (" seqnum ", W::U32),
                (", type ", W::U32),
                (", idx ", W::U32),
                (", rate ", W::U32),
                (", pool ", W::U32),
                (", drops ", W::U32),
            ],
        )?;
        e.s(", records ")?;
        e.d(r)?;
        r
    } else {
        let b = e.bytes(p, 32)?;
        let r = e.be32(p + 28)?;
        let (ty, idx) = (b[4], e.be24(p + 5)?);
        e.s(" seqnum ")?;
        e.d(e.be32(p)?)?;
        e.s(", type ")?;
        e.d(ty)?;
        e.s(", idx ")?;
        e.d(idx)?;
        group(
            e,
            p + 8,
            &[
                (", rate ", W::U32),
                (", pool ", W::U32),
                (", drops ", W::U32),
                (", input ", W::U32),
                (" output ", W::U32),
            ],
        )?;
        e.s(" records ")?;
        e.d(r)?;
        r
    };
    flow_records(e, p + size as usize, len - size, records)
}

/// The flow records; `true` when one is too short.
fn flow_records<Wr: Write>(
    e: &mut Cursor<'_, Wr>,
    mut t: usize,
    mut tlen: u32,
    mut n: u32,
) -> R<bool> {
    while n > 0 {
        if tlen < 8 {
            return Ok(true);
        }
        let f = e.be32(t)?;
        let (ty, ent) = (f & 0x0fff, f >> 12);
        let flen = e.be32(t + 4)?;
        e.s("\n\t    enterprise ")?;
        e.d(ent)?;
        e.s(" ")?;
        e.s(if ent == 0 {
            tok::find(FLOW_TYPES, ty).unwrap_or("Unknown")
        } else {
            "Unknown"
        })?;
        e.s(" (")?;
        e.d(ty)?;
        e.s(") length ")?;
        e.d(flen)?;
        t += 8;
        tlen -= 8;
        if tlen < flen {
            return Ok(true);
        }
        if ent == 0 {
            match ty {
                1 => {
                    if tlen < 16 {
                        return Ok(true);
                    }
                    e.bytes(t, 16)?;
                    let proto = e.be32(t)?;
                    e.s("\n\t      protocol ")?;
                    e.s(match proto {
                        1 => "Ethernet",
                        11 => "IPv4",
                        12 => "IPv6",
                        _ => "Unknown",
                    })?;
                    e.s(" (")?;
                    e.d(proto)?;
                    e.s(")")?;
                    group(
                        e,
                        t + 4,
                        &[
                            (", length ", W::U32),
                            (", stripped bytes ", W::U32),
                            (", header_size ", W::U32),
                        ],
                    )?;
                }
                2 => {
                    if tlen < 24 {
                        return Ok(true);
                    }
                    e.bytes(t, 24)?;
                    let (l, ty) = (e.be32(t)?, e.be32(t + 20)?);
                    e.s("\n\t      frame len ")?;
                    e.d(l)?;
                    e.s(", type ")?;
                    e.d(ty)?;
                }
                1001 => {
                    if tlen < 16 {
                        return Ok(true);
                    }
                    group(
                        e,
                        t,
                        &[
                            ("\n\t      src vlan ", W::U32),
                            (", src pri ", W::U32),
                            (", dst vlan ", W::U32),
                            (", dst pri ", W::U32),
                        ],
                    )?;
                }
                3..=4 | 1002..=1012 => {}
                _ => {
                    if e.vflag <= 1 {
                        e.unknown_data_at(t, flen as usize, "\n\t\t")?;
                    }
                }
            }
        }
        t += flen as usize;
        tlen -= flen;
        n -= 1;
    }
    Ok(false)
}

/// A counter sample (`expanded` for format 4); `true` when too short.
fn counter_sample<Wr: Write>(
    e: &mut Cursor<'_, Wr>,
    p: usize,
    len: u32,
    expanded: bool,
) -> R<bool> {
    let size = if expanded { 16 } else { 12 };
    if len < size {
        return Ok(true);
    }
    let b = e.bytes(p, size as usize)?;
    let records = e.be32(p + size as usize - 4)?;
    let (ty, idx) = if expanded {
        (e.be32(p + 4)?, e.be32(p + 8)?)
    } else {
        (u32::from(b[4]), e.be24(p + 5)?)
    };
    e.s(" seqnum ")?;
    e.d(e.be32(p)?)?;
    e.s(", type ")?;
    e.d(ty)?;
    e.s(", idx ")?;
    e.d(idx)?;
    e.s(", records ")?;
    e.d(records)?;
    counter_records(e, p + size as usize, len - size, records)
}

/// The counter records; `true` when one is too short.
fn counter_records<Wr: Write>(
    e: &mut Cursor<'_, Wr>,
    mut t: usize,
    mut tlen: u32,
    mut n: u32,
) -> R<bool> {
    while n > 0 {
        if tlen < 8 {
            return Ok(true);
        }
        let f = e.be32(t)?;
        let (ty, ent) = (f & 0x0fff, f >> 20);
        let clen = e.be32(t + 4)?;
        e.s("\n\t    enterprise ")?;
        e.d(ent)?;
        e.s(", ")?;
        e.s(if ent == 0 {
            tok::find(COUNTER_TYPES, ty).unwrap_or("Unknown")
        } else {
            "Unknown"
        })?;
        e.s(" (")?;
        e.d(ty)?;
        e.s(") length ")?;
        e.d(clen)?;
        t += 8;
        tlen -= 8;
        if tlen < clen {
            return Ok(true);
        }
        if ent == 0 {
            let need = match ty {
                1 => 88,
                2 => 52,
                4 => 80,
                5 => 28,
                1001 => 28,
                _ => 0,
            };
            if tlen < need {
                return Ok(true);
            }
            match ty {
                1 => generic(e, t)?,
                2 => {
                    let o = group(
                        e,
                        t,
                        &[
                            ("\n\t      align errors ", W::U32),
                            (", fcs errors ", W::U32),
                            (", single collision ", W::U32),
                            (", multiple collision ", W::U32),
                            (", test error ", W::U32),
                        ],
                    )?;
                    let o = group(
                        e,
                        o,
                        &[
                            ("\n\t      deferred ", W::U32),
                            (", late collision ", W::U32),
                            (", excessive collision ", W::U32),
                            (", mac trans error ", W::U32),
                        ],
                    )?;
                    group(
                        e,
                        o,
                        &[
                            ("\n\t      carrier error ", W::U32),
                            (", frames too long ", W::U32),
                            (", mac receive errors ", W::U32),
                            (", symbol errors ", W::U32),
                        ],
                    )?;
                }
                3 => {}
                4 => {
                    let o = group(
                        e,
                        t,
                        &[
                            ("\n\t      in high prio frames ", W::U32),
                            (", in high prio octets ", W::U64),
                        ],
                    )?;
                    let o = group(
                        e,
                        o,
                        &[
                            ("\n\t      in norm prio frames ", W::U32),
                            (", in norm prio octets ", W::U64),
                        ],
                    )?;
                    let o = group(
                        e,
                        o,
                        &[
                            ("\n\t      in ipm errors ", W::U32),
                            (", oversized ", W::U32),
                            (", in data errors ", W::U32),
                            (", null addressed frames ", W::U32),
                        ],
                    )?;
                    let o = group(
                        e,
                        o,
                        &[
                            ("\n\t      out high prio frames ", W::U32),
                            (", out high prio octets ", W::U64),
                            (", trans into frames ", W::U32),
                        ],
                    )?;
                    group(
                        e,
                        o,
                        &[
                            ("\n\t      in hc high prio octets ", W::U64),
                            (", in hc norm prio octets ", W::U64),
                            (", out hc high prio octets ", W::U64),
                        ],
                    )?;
                }
                5 => {
                    group(
                        e,
                        t,
                        &[
                            ("\n\t      vlan_id ", W::U32),
                            (", octets ", W::U64),
                            (", unicast_pkt ", W::U32),
                            (", multicast_pkt ", W::U32),
                            (", broadcast_pkt ", W::U32),
                            (", discards ", W::U32),
                        ],
                    )?;
                }
                1001 => {
                    group(
                        e,
                        t,
                        &[
                            ("\n\t      5sec ", W::U32),
                            (", 1min ", W::U32),
                            (", 5min ", W::U32),
                            (", total_mem ", W::U64),
                            (", total_mem ", W::U64),
                        ],
                    )?;
                }
                _ => {
                    if e.vflag <= 1 {
                        e.unknown_data_at(t, clen as usize, "\n\t\t")?;
                    }
                }
            }
        }
        t += clen as usize;
        tlen -= clen;
        n -= 1;
    }
    Ok(false)
}

/// The generic interface counters.
fn generic<Wr: Write>(e: &mut Cursor<'_, Wr>, t: usize) -> R {
    e.bytes(t, 24)?;
    let dir = e.be32(t + 16)?;
    group(
        e,
        t,
        &[
            ("\n\t      ifindex ", W::U32),
            (", iftype ", W::U32),
            (", ifspeed ", W::U64),
            (", ifdirection ", W::U32),
        ],
    )?;
    e.s(" (")?;
    e.s(tok::find(DIRECTIONS, dir).unwrap_or("Unknown"))?;
    e.s(")")?;
    let st = e.be32(t + 20)?;
    e.s("\n\t      ifstatus ")?;
    e.d(st)?;
    e.s(", adminstatus: ")?;
    e.s(if st & 1 != 0 { "up" } else { "down" })?;
    e.s(", operstatus: ")?;
    e.s(if (st >> 1) & 1 != 0 { "up" } else { "down" })?;
    let o = group(
        e,
        t + 24,
        &[
            ("\n\t      In octets ", W::U64),
            (", unicast pkts ", W::U32),
            (", multicast pkts ", W::U32),
            (", broadcast pkts ", W::U32),
            (", discards ", W::U32),
        ],
    )?;
    let o = group(
        e,
        o,
        &[
            ("\n\t      In errors ", W::U32),
            (", unknown protos ", W::U32),
        ],
    )?;
    let o = group(
        e,
        o,
        &[
            ("\n\t      Out octets ", W::U64),
            (", unicast pkts ", W::U32),
            (", multicast pkts ", W::U32),
            (", broadcast pkts ", W::U32),
            (", discards ", W::U32),
        ],
    )?;
    group(
        e,
        o,
        &[
            ("\n\t      Out errors ", W::U32),
            (", promisc mode ", W::U32),
        ],
    )?;
    Ok(())
}
