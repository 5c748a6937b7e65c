//! ARP, RARP and ATM ARP (tcpdump's `arp_print` and `atmarp_print`).

use core::fmt::Write;

use crate::frame::arp::{self, atm};

use crate::ethertype;
use crate::fmtx;

use super::cursor::{Cursor, R};

impl<'a, W: Write> Cursor<'a, W> {
    /// The protocol type's name, or `Unknown Protocol (0x....)`.
    fn arp_proto_name(&mut self, pro: u16) -> R {
        match ethertype::name(pro) {
            Some(n) => self.s(n),
            None => {
                self.s("Unknown Protocol (0x")?;
                fmtx::hex_pad(self.out, pro as u64, 4)?;
                self.s(")")
            }
        }
    }

    /// The operation's name, or `Unknown (n)`.
    fn arp_op_name(&mut self, op: u16) -> R {
        match arp::op_name(op) {
            Some(n) => self.s(n),
            None => {
                self.s("Unknown (")?;
                self.d(op)?;
                self.s(")")
            }
        }
    }

    pub(crate) fn linkaddr(&mut self, o: usize, len: usize) -> R {
        if len == 0 {
            return self.s("<empty>");
        }
        if len == 6 {
            // `linkaddr_string` hands MAC addresses to `etheraddr_string` (the OUI's name
            // without -n).
            return self.mac_at(o);
        }
        let a = self.bytes(o, len)?;
        fmtx::bytes_colon(self.out, a)?;
        Ok(())
    }

    pub(crate) fn arp_ip(&mut self, o: usize, pro: u16, pln: u8) -> R {
        if pro != ethertype::IPV4 && pro != ethertype::TRAIL {
            self.s("<wrong proto type>")
        } else if pln != 4 {
            self.s("<wrong len>")
        } else {
            self.ip4_at(o)
        }
    }

    /// `arp_print`.
    #[inline(never)]
    pub(crate) fn arp(&mut self, bp: usize, length: u32, caplen: u32) -> R {
        self.proto = "arp";
        if !self.test(bp, arp::FIXED_LEN) {
            return Err(self.jump());
        }
        let hrd = self.be16(bp + arp::field::HTYPE.start)?;
        if hrd == arp::HTYPE_ATM2225 {
            return self.atmarp(bp, length, caplen);
        }
        let pro = self.be16(bp + arp::field::PTYPE.start)?;
        let hln = self.u8(bp + arp::field::HLEN)?;
        let pln = self.u8(bp + arp::field::PLEN)?;
        let op = self.be16(bp + arp::field::OPER.start)?;
        let (h, pl) = (hln as usize, pln as usize);
        let sha = bp + arp::field::ADDRS;
        let spa = sha + h;
        let tha = spa + pl;
        let tpa = tha + h;
        if !self.test(tpa, pl) {
            return Err(self.jump());
        }
        if !self.eflag {
            self.s("ARP, ")?;
        }
        let odd = (pro != ethertype::IPV4 && pro != ethertype::TRAIL) || pln != 4 || hln == 0;
        if odd || self.vflag != 0 {
            match arphrd_name(hrd) {
                Some(n) => self.s(n)?,
                None => {
                    self.s("Unknown Hardware (")?;
                    self.d(hrd)?;
                    self.s(")")?;
                }
            }
            self.s(" (len ")?;
            self.d(hln)?;
            self.s("), ")?;
            self.arp_proto_name(pro)?;
            self.s(" (len ")?;
            self.d(pln)?;
            self.s(")")?;
        }
        // Without -v an odd header ends here; -v prints the operation after it.
        if !odd || self.vflag != 0 {
            if self.vflag != 0 {
                self.s(", ")?;
            }
            self.arp_op_name(op)?;
            self.s(" ")?;
            match op {
                arp::OP_REQUEST => {
                    self.s("who-has ")?;
                    self.arp_ip(tpa, pro, pln)?;
                    let t = self.bytes(tha, h)?;
                    if t.iter().any(|&b| b != 0) {
                        self.s(" (")?;
                        self.linkaddr(tha, h)?;
                        self.s(")")?;
                    }
                    self.s(" tell ")?;
                    self.arp_ip(spa, pro, pln)?;
                }
                arp::OP_REPLY => {
                    self.arp_ip(spa, pro, pln)?;
                    self.s(" is-at ")?;
                    self.linkaddr(sha, h)?;
                }
                arp::OP_REVREQUEST | arp::OP_INVREQUEST => {
                    self.s("who-is ")?;
                    self.linkaddr(tha, h)?;
                    self.s(" tell ")?;
                    self.linkaddr(sha, h)?;
                }
                arp::OP_REVREPLY => {
                    self.linkaddr(tha, h)?;
                    self.s(" at ")?;
                    self.arp_ip(tpa, pro, pln)?;
                }
                arp::OP_INVREPLY => {
                    self.linkaddr(sha, h)?;
                    self.s(" at ")?;
                    self.arp_ip(spa, pro, pln)?;
                }
                _ => return self.default_print(bp, caplen as usize),
            }
        }
        self.s(", length ")?;
        self.d(length)
    }

    /// `atmarp_addr_print`: an ATM number and, if any, its subaddress after a comma.
    pub(crate) fn atm_addr(&mut self, ha: usize, ha_len: usize, sa: usize, sa_len: usize) -> R {
        if ha_len == 0 {
            return self.s("<No address>");
        }
        self.linkaddr(ha, ha_len)?;
        if sa_len != 0 {
            self.s(",")?;
            self.linkaddr(sa, sa_len)?;
        }
        Ok(())
    }

    /// An ATMARP protocol address: IPv4 or a complaint naming the bad length (`which`).
    pub(crate) fn atm_ip(&mut self, o: usize, pro: u16, pln: u8, which: &str) -> R {
        if pro != ethertype::IPV4 && pro != ethertype::TRAIL {
            self.s("<wrong proto type>")
        } else if pln != 4 {
            self.s("<wrong ")?;
            self.s(which)?;
            self.s(">")
        } else {
            self.ip4_at(o)
        }
    }

    /// `atmarp_print`: RFC 2225 ARP (hardware type 19), whose addresses are variable-length ATM
    /// numbers and subaddresses in a 12-byte fixed header.
    pub(crate) fn atmarp(&mut self, bp: usize, length: u32, caplen: u32) -> R {
        if !self.test(bp, atm::ADDRS) {
            return Err(self.jump());
        }
        let pro = self.be16(bp + atm::PTYPE.start)?;
        let op = self.be16(bp + atm::OPER.start)?;
        let len6 = |v: u8| (v & atm::LEN_MASK) as usize;
        let shl = len6(self.u8(bp + atm::SHTL)?);
        let ssl = len6(self.u8(bp + atm::SSTL)?);
        let spln = self.u8(bp + atm::SPLN)?;
        let thl = len6(self.u8(bp + atm::THTL)?);
        let tsl = len6(self.u8(bp + atm::TSTL)?);
        let tpln = self.u8(bp + atm::TPLN)?;
        let sha = bp + atm::ADDRS;
        let ssa = sha + shl;
        let spa = ssa + ssl;
        let tha = spa + spln as usize;
        let tsa = tha + thl;
        let tpa = tsa + tsl;
        if !self.test(tpa, tpln as usize) {
            return Err(self.jump());
        }
        if !self.eflag {
            self.s("ARP, ")?;
        }
        let odd = (pro != ethertype::IPV4 && pro != ethertype::TRAIL) || spln != 4 || tpln != 4;
        if odd || self.vflag != 0 {
            self.s("ATM, ")?;
            self.arp_proto_name(pro)?;
            self.s(" (len ")?;
            self.d(spln)?;
            self.s("/")?;
            self.d(tpln)?;
            self.s(")")?;
        }
        if !odd || self.vflag != 0 {
            if self.vflag != 0 {
                self.s(", ")?;
            }
            self.arp_op_name(op)?;
            self.s(" ")?;
            match op {
                arp::OP_REQUEST => {
                    self.s("who-has ")?;
                    self.atm_ip(tpa, pro, tpln, "tplen")?;
                    if thl != 0 {
                        self.s(" (")?;
                        self.atm_addr(tha, thl, tsa, tsl)?;
                        self.s(")")?;
                    }
                    self.s(" tell ")?;
                    self.atm_ip(spa, pro, spln, "splen")?;
                }
                arp::OP_REPLY => {
                    self.atm_ip(spa, pro, spln, "splen")?;
                    self.s(" is-at ")?;
                    self.atm_addr(sha, shl, ssa, ssl)?;
                }
                arp::OP_INVREQUEST => {
                    self.s("who-is ")?;
                    self.atm_addr(tha, thl, tsa, tsl)?;
                    self.s(" tell ")?;
                    self.atm_addr(sha, shl, ssa, ssl)?;
                }
                arp::OP_INVREPLY => {
                    // tcpdump prints no space before "at" here.
                    self.atm_addr(sha, shl, ssa, ssl)?;
                    self.s("at ")?;
                    self.atm_ip(spa, pro, spln, "splen")?;
                }
                arp::OP_NAK => {
                    self.s("for ")?;
                    self.atm_ip(spa, pro, spln, "splen")?;
                }
                _ => return self.default_print(bp, caplen as usize),
            }
        }
        self.s(", length ")?;
        self.d(length)
    }
}

pub(crate) fn arphrd_name(h: u16) -> Option<&'static str> {
    Some(match h {
        1 => "Ethernet",
        6 => "TokenRing",
        7 => "ArcNet",
        15 => "FrameRelay",
        23 => "Strip",
        24 => "IEEE 1394",
        19 => "ATM",
        32 => "InfiniBand",
        _ => return None,
    })
}
