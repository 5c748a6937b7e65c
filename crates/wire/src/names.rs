//! Caches of formatted addresses. tcpdump keeps one too (`ipaddr_string` and friends hash every
//! address they print): a stream of packets names the same few hosts over and over, and copying
//! a cached string is several times cheaper than formatting an IPv6 address again.
//!
//! Each cache is a two-way set-associative table: two slots per hash value, a new address
//! evicting the less recently used. Nothing is allocated until the first address of a kind is
//! printed.

use core::fmt::{self, Write};

use crate::fmtx;

struct Slot<K> {
    key: K,
    /// Empty while the slot is unused (no address formats as an empty string).
    text: String,
}

/// A TCP or UDP conversation in one direction: both addresses (IPv4 ones in the low bits),
/// both ports and the IP version.
#[derive(Clone, Copy, Default, PartialEq, Eq)]
struct FlowKey {
    src: u128,
    dst: u128,
    ports: u64,
}

/// The formatted-address caches a [`crate::Printer`] keeps between packets, and the host names
/// it prints instead of IP addresses without `-n`.
#[derive(Default)]
pub(crate) struct AddrCache {
    /// Host names for IP addresses (no `-n`); the caches hold numbers only, so while it is set
    /// addresses go through it and whole conversation prefixes are not cached.
    pub hosts: Option<Box<dyn crate::HostNames>>,
    v4: Vec<Slot<u32>>,
    v6: Vec<Slot<u128>>,
    mac: Vec<Slot<u64>>,
    /// Whole `src.sport > dst.dport: ` texts of TCP and UDP conversations.
    flows: Vec<Slot<FlowKey>>,
    /// Without `-n`: MAC addresses end in ` (oui NAME)`, as tcpdump's `etheraddr_string`.
    pub oui_names: bool,
    /// The AFS RX calls seen, so that replies print as answers to them: not an address, but
    /// the other memory a [`crate::Printer`] keeps between packets for the printers.
    pub rx: crate::print::RxCalls,
    /// The ISAKMP exchanges seen begin, to tell initiator from responder.
    pub isakmp: crate::print::IsakmpCookies,
}

/// The names of tcpdump's `oui_values` table, for SNAP headers and (without `-n`) after every
/// MAC address.
pub(crate) fn oui_name(oui: u32) -> Option<&'static str> {
    Some(match oui {
        0x00_0000 => "Ethernet",
        0x00_000c => "Cisco",
        0x00_005e => "IANA",
        0x00_0081 => "Nortel Networks SONMP",
        0x00_00f8 => "Cisco bridged",
        // Also IEEE 802.1's organisation-specific OUI; tcpdump's table names it this way first.
        0x00_80c2 => "Ethernet bridged",
        0x00_a03e => "ATM Forum",
        0x00_e02f => "DOCSIS Spanning Tree",
        0x08_0007 => "Appletalk",
        0x00_9069 => "Juniper",
        0x08_0009 => "Hewlett-Packard",
        0x00_120f => "IEEE 802.3 Private",
        0x00_12bb => "ANSI/TIA",
        0x00_1b21 => "DCBX",
        0x00_2320 => "Nicira Networks",
        0x5c_16c7 => "Big Switch Networks",
        0xb0_d2f5 => "Vello Systems",
        0x00_2481 => "HP",
        0x00_04ea => "HP-Labs",
        0x74_8771 => "Infoblox Inc",
        0xa4_2305 => "Open Networking Lab",
        0x00_049f => "Freescale",
        0x00_15ad => "Netronome",
        0x00_1018 => "Broadcom",
        0x00_e004 => "PMC-Sierra",
        0xd0_f0db => "Ericsson",
        _ => return None,
    })
}

/// log2 of the number of two-slot sets of each table.
const V4_BITS: u32 = 8;
const V6_BITS: u32 = 7;
const MAC_BITS: u32 = 7;
const FLOW_BITS: u32 = 9;

/// The text cached for `key` in a two-way set-associative table of `2 << bits` slots (made on
/// first use), `fill`ing the least recently used slot of the key's set on a miss.
#[inline]
fn lookup<K: Copy + Default + PartialEq>(
    v: &mut Vec<Slot<K>>,
    bits: u32,
    hash: u64,
    key: K,
    fill: impl FnOnce(&mut String) -> fmt::Result,
) -> Result<&str, fmt::Error> {
    if v.is_empty() {
        v.extend((0..2usize << bits).map(|_| Slot {
            key: K::default(),
            text: String::new(),
        }));
    }
    let i = ((hash.wrapping_mul(0x9e37_79b9_7f4a_7c15) >> (64 - bits)) as usize) * 2;
    let Some([a, b]) = v.get_mut(i..i + 2) else {
        return Err(fmt::Error);
    };
    if a.key == key && !a.text.is_empty() {
        return Ok(&a.text);
    }
    // Keep the most recently used slot of the set first.
    core::mem::swap(a, b);
    if a.key != key || a.text.is_empty() {
        a.text.clear();
        fill(&mut a.text)?;
        a.key = key;
    }
    Ok(&a.text)
}

impl AddrCache {
    /// `a` (4 bytes) as a dotted quad.
    #[inline]
    pub fn ipv4(&mut self, out: &mut impl Write, a: &[u8; 4]) -> fmt::Result {
        if let Some(h) = self.hosts.as_deref_mut() {
            return match h.name(a) {
                Some(n) => out.write_str(n),
                None => fmtx::ipv4(out, a),
            };
        }
        let k = u32::from_be_bytes(*a);
        out.write_str(lookup(&mut self.v4, V4_BITS, k as u64, k, |t| {
            fmtx::ipv4(t, a)
        })?)
    }

    /// `a` (16 bytes) as tcpdump spells an IPv6 address.
    #[inline]
    pub fn ipv6(&mut self, out: &mut impl Write, a: &[u8; 16]) -> fmt::Result {
        if let Some(h) = self.hosts.as_deref_mut() {
            return match h.name(a) {
                Some(n) => out.write_str(n),
                None => fmtx::ipv6(out, a),
            };
        }
        let k = u128::from_be_bytes(*a);
        let h = (k as u64) ^ ((k >> 64) as u64).rotate_left(29);
        out.write_str(lookup(&mut self.v6, V6_BITS, h, k, |t| fmtx::ipv6(t, a))?)
    }

    /// `src.sport > dst.dport: ` for a segment whose addresses are `src` and `dst` (both 4 or
    /// both 16 bytes), as tcpdump's TCP and UDP printers start their lines.
    #[inline]
    pub fn flow(
        &mut self,
        out: &mut impl Write,
        src: &[u8],
        dst: &[u8],
        sport: u16,
        dport: u16,
    ) -> fmt::Result {
        let v6 = src.len() == 16;
        if self.hosts.is_some() {
            return self.flow_named(out, src, dst, sport, dport);
        }
        let word = |a: &[u8]| -> u128 {
            match <[u8; 16]>::try_from(a) {
                Ok(b) => u128::from_be_bytes(b),
                Err(_) => {
                    let mut b = [0u8; 4];
                    b.copy_from_slice(&a[..4]);
                    u32::from_be_bytes(b) as u128
                }
            }
        };
        let key = FlowKey {
            src: word(src),
            dst: word(dst),
            ports: (sport as u64) << 16 | dport as u64 | (v6 as u64) << 32,
        };
        let h = (key.src as u64)
            ^ ((key.src >> 64) as u64).rotate_left(17)
            ^ (key.dst as u64).rotate_left(31)
            ^ ((key.dst >> 64) as u64).rotate_left(47)
            ^ key.ports.rotate_left(7);
        let text = lookup(&mut self.flows, FLOW_BITS, h, key, |t| {
            if v6 {
                fmtx::ipv6(t, src)?;
            } else {
                fmtx::ipv4(t, src)?;
            }
            t.push('.');
            fmtx::dec(t, sport as u64)?;
            t.push_str(" > ");
            if v6 {
                fmtx::ipv6(t, dst)?;
            } else {
                fmtx::ipv4(t, dst)?;
            }
            t.push('.');
            fmtx::dec(t, dport as u64)?;
            t.push_str(": ");
            Ok(())
        })?;
        out.write_str(text)
    }

    /// [`AddrCache::flow`] with host names: nothing cached.
    #[cold]
    fn flow_named(
        &mut self,
        out: &mut impl Write,
        src: &[u8],
        dst: &[u8],
        sport: u16,
        dport: u16,
    ) -> fmt::Result {
        for (a, port, sep) in [(src, sport, " > "), (dst, dport, ": ")] {
            match <[u8; 16]>::try_from(a) {
                Ok(b) => self.ipv6(out, &b)?,
                Err(_) => {
                    let b: [u8; 4] = a
                        .get(..4)
                        .and_then(|b| b.try_into().ok())
                        .ok_or(fmt::Error)?;
                    self.ipv4(out, &b)?;
                }
            }
            out.write_char('.')?;
            fmtx::dec(out, port as u64)?;
            out.write_str(sep)?;
        }
        Ok(())
    }

    /// `a` (6 bytes) as a colon-separated MAC address.
    #[inline]
    pub fn mac(&mut self, out: &mut impl Write, a: &[u8; 6]) -> fmt::Result {
        let mut b = [0u8; 8];
        b[..6].copy_from_slice(a);
        let k = u64::from_le_bytes(b);
        let oui = self.oui_names;
        out.write_str(lookup(&mut self.mac, MAC_BITS, k, k, |t| {
            fmtx::mac(t, a)?;
            if oui {
                t.push_str(" (oui ");
                let n = u32::from_be_bytes([0, a[0], a[1], a[2]]);
                t.push_str(oui_name(n).unwrap_or("Unknown"));
                t.push(')');
            }
            Ok(())
        })?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cached_text_matches_and_collisions_evict() {
        let mut c = AddrCache::default();
        let mut out = String::new();
        for i in 0..2000u32 {
            let a = (i.wrapping_mul(2_654_435_761)).to_be_bytes();
            for _ in 0..2 {
                out.clear();
                c.ipv4(&mut out, &a).unwrap();
                let mut want = String::new();
                fmtx::ipv4(&mut want, &a).unwrap();
                assert_eq!(out, want);
            }
            let mut a6 = [0u8; 16];
            a6[..4].copy_from_slice(&a);
            a6[12..].copy_from_slice(&a);
            out.clear();
            c.ipv6(&mut out, &a6).unwrap();
            let mut want = String::new();
            fmtx::ipv6(&mut want, &a6).unwrap();
            assert_eq!(out, want);
            let m = [a[0], a[1], a[2], a[3], 0, 1];
            out.clear();
            c.mac(&mut out, &m).unwrap();
            assert_eq!(out.len(), 17);
        }
        for (src, dst) in [
            (&[10u8, 0, 0, 1][..], &[10u8, 0, 0, 2][..]),
            (&[0; 16], &[0; 16]),
        ] {
            for ports in [(1u16, 2u16), (2, 1), (0, 0)] {
                for _ in 0..2 {
                    out.clear();
                    c.flow(&mut out, src, dst, ports.0, ports.1).unwrap();
                    let mut want = String::new();
                    if src.len() == 4 {
                        fmtx::ipv4(&mut want, src).unwrap();
                        want.push('.');
                        fmtx::dec(&mut want, ports.0 as u64).unwrap();
                        want.push_str(" > ");
                        fmtx::ipv4(&mut want, dst).unwrap();
                    } else {
                        fmtx::ipv6(&mut want, src).unwrap();
                        want.push('.');
                        fmtx::dec(&mut want, ports.0 as u64).unwrap();
                        want.push_str(" > ");
                        fmtx::ipv6(&mut want, dst).unwrap();
                    }
                    want.push('.');
                    fmtx::dec(&mut want, ports.1 as u64).unwrap();
                    want.push_str(": ");
                    assert_eq!(out, want);
                }
            }
        }
        // Without -n, MAC addresses carry their OUI's name.
        let mut n = AddrCache {
            oui_names: true,
            ..AddrCache::default()
        };
        out.clear();
        n.mac(&mut out, &[0, 0, 0x0c, 1, 2, 3]).unwrap();
        n.mac(&mut out, &[2, 0, 0, 1, 2, 3]).unwrap();
        assert_eq!(
            out,
            "00:00:0c:01:02:03 (oui Cisco)02:00:00:01:02:03 (oui Unknown)"
        );
        // The all-zero addresses (the slots' initial keys) print too.
        out.clear();
        let mut z = AddrCache::default();
        z.ipv4(&mut out, &[0; 4]).unwrap();
        z.ipv6(&mut out, &[0; 16]).unwrap();
        z.mac(&mut out, &[0; 6]).unwrap();
        assert_eq!(out, "0.0.0.0::00:00:00:00:00:00");
    }
}
