//! The `address.port > address.port: ` prefix TCP, UDP and DCCP print, read from the IP header.

use core::fmt::Write;

use super::cursor::{Engine, R};

impl<'a, W: Write> Engine<'a, W> {
    pub(crate) fn addr_pair(&mut self, iph: usize, v6: bool) -> R {
        if v6 {
            self.ip6_at(iph + 8)?;
            self.s(" > ")?;
            self.ip6_at(iph + 24)
        } else {
            self.ip4_at(iph + 12)?;
            self.s(" > ")?;
            self.ip4_at(iph + 16)
        }
    }

    pub(crate) fn ports(&mut self, iph: usize, v6: bool, proto: u8, sport: u16, dport: u16) -> R {
        let direct = if v6 {
            self.u8(iph + 6)?
        } else {
            self.u8(iph + 9)?
        } == proto;
        if direct {
            let (s, d, n) = if v6 {
                (iph + 8, iph + 24, 16)
            } else {
                (iph + 12, iph + 16, 4)
            };
            if self.test(s, n) && self.test(d, n) {
                if let Some(c) = self.names.as_deref_mut() {
                    c.flow(self.out, &self.p[s..s + n], &self.p[d..d + n], sport, dport)?;
                    return Ok(());
                }
            }
            if v6 {
                self.ip6_at(iph + 8)?;
                self.s(".")?;
                self.d(sport)?;
                self.s(" > ")?;
                self.ip6_at(iph + 24)?;
            } else {
                self.ip4_at(iph + 12)?;
                self.s(".")?;
                self.d(sport)?;
                self.s(" > ")?;
                self.ip4_at(iph + 16)?;
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
