//! The `address.port > address.port: ` prefix TCP, UDP and DCCP print, read from the IP header.

use core::fmt::Write;

use crate::frame::{ipv4, ipv6};

use super::cursor::{Cursor, R};

impl<'a, W: Write> Cursor<'a, W> {
    pub(crate) fn addr_pair(&mut self, iph: usize, v6: bool) -> R {
        if v6 {
            self.ip6_at(iph + ipv6::field::SRC.start)?;
            self.s(" > ")?;
            self.ip6_at(iph + ipv6::field::DST.start)
        } else {
            self.ip4_at(iph + ipv4::field::SRC.start)?;
            self.s(" > ")?;
            self.ip4_at(iph + ipv4::field::DST.start)
        }
    }

    pub(crate) fn ports(&mut self, iph: usize, v6: bool, proto: u8, sport: u16, dport: u16) -> R {
        let direct = if v6 {
            self.u8(iph + ipv6::field::NXT_HDR)?
        } else {
            self.u8(iph + ipv4::field::PROTOCOL)?
        } == proto;
        if direct {
            let (s, d, n) = if v6 {
                (
                    iph + ipv6::field::SRC.start,
                    iph + ipv6::field::DST.start,
                    16,
                )
            } else {
                (
                    iph + ipv4::field::SRC.start,
                    iph + ipv4::field::DST.start,
                    4,
                )
            };
            if self.test(s, n) && self.test(d, n) {
                if let Some(c) = self.names.as_deref_mut() {
                    c.flow(self.out, &self.p[s..s + n], &self.p[d..d + n], sport, dport)?;
                    return Ok(());
                }
            }
            if v6 {
                self.ip6_at(iph + ipv6::field::SRC.start)?;
                self.s(".")?;
                self.d(sport)?;
                self.s(" > ")?;
                self.ip6_at(iph + ipv6::field::DST.start)?;
            } else {
                self.ip4_at(iph + ipv4::field::SRC.start)?;
                self.s(".")?;
                self.d(sport)?;
                self.s(" > ")?;
                self.ip4_at(iph + ipv4::field::DST.start)?;
            }
            self.s(".")?;
            self.d(dport)?;
            self.s(": ")
        } else {
            self.d(sport)?;
            self.s(" > ")?;
            self.d(dport)?;
            self.s(": ")
        }
    }
}
