//! IEEE 802.11 and its radio pseudo-headers (radiotap, Prism, AVS, PPI): the variable-length
//! MAC header whose payload offset is computed at run time into a register, the 802.11
//! address tests, `type`/`subtype`/`dir`, and the LLC/SNAP type test (gencode.c's
//! `gen_wlanhostop`, `gen_check_802_11_data_frame`, `gen_llc_linktype`, `gen_p80211_type`,
//! `gen_p80211_fcdir`, `insert_compute_vloffsets` and the `gen_load_*_llprefixlen` family).

use super::*;

/// The pseudo-header before the 802.11 frame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) enum WlanHdr {
    /// None: the frame starts the packet (DLT_IEEE802_11).
    Bare,
    /// Radiotap: its little-endian length at bytes 2-3 (DLT_IEEE802_11_RADIO).
    Radiotap,
    /// Prism, or an AVS header under the Prism link type (DLT_PRISM_HEADER).
    Prism,
    /// AVS: its big-endian length at bytes 4-7 (DLT_IEEE802_11_RADIO_AVS).
    Avs,
    /// PPI: its little-endian length at bytes 2-3 (DLT_PPI).
    Ppi,
}

/// Frame control, first byte: the type field (`IEEE80211_FC0_TYPE_MASK`).
const FC0_TYPE_MASK: u32 = 0x0c;
/// Frame control, first byte: the subtype field (`IEEE80211_FC0_SUBTYPE_MASK`).
const FC0_SUBTYPE_MASK: u32 = 0xf0;
/// The control frame type.
const FC0_TYPE_CTL: u32 = 0x04;
/// The CTS and ACK control subtypes (frames with no transmitter address).
const FC0_SUBTYPE_CTS: u32 = 0xc0;
const FC0_SUBTYPE_ACK: u32 = 0xd0;
/// The DS bits of the frame control's second byte, and both set (a 4-address frame).
const FC1_DIR_MASK: u32 = 0x03;
const FC1_DIR_DSTODS: u32 = 0x03;

impl Gen<'_> {
    /// A block testing bits of the 802.11 header: `jset` on byte `off`.
    fn wlan_jset(&mut self, off: u32, bits: u32) -> GResult<usize> {
        let s = self.load_a(OffRel::LinkHdr, off, B)?;
        let b = self.blk(JMP | JSET, bits);
        self.g.blocks[b].stmts = s;
        Ok(b)
    }

    /// `gen_check_802_11_data_frame` in gencode.c: a data frame (type bits `10`).
    pub(super) fn wlan_data_frame(&mut self) -> GResult<usize> {
        let b0 = self.wlan_jset(0, 0x08)?;
        let b1 = self.wlan_jset(0, 0x04)?;
        self.not(b1);
        self.and(b1, b0);
        Ok(b0)
    }

    /// `gen_llc_linktype` in gencode.c: the protocol in the LLC (or SNAP) header.
    pub(super) fn llc_linktype(&mut self, ll_proto: u32) -> GResult<usize> {
        match ll_proto {
            LLCSAP_IP | LLCSAP_ISONS | LLCSAP_NETBEUI => {
                self.cmp(OffRel::Llc, 0, H, (ll_proto << 8) | ll_proto)
            }
            LLCSAP_IPX => self.cmp(OffRel::Llc, 0, B, LLCSAP_IPX),
            ETHERTYPE_ATALK => self.snap(0x080007, ETHERTYPE_ATALK),
            _ if ll_proto <= ETHERMTU => self.cmp(OffRel::Llc, 0, B, ll_proto),
            _ => self.cmp(OffRel::Llc, 6, H, ll_proto),
        }
    }

    /// The receiver-side address tests of `gen_wlanhostop` (`Q_SRC` and `Q_DST`): the address
    /// at `ds_off` when the DS bit `ds_bit` is set, else at `other`; data frames only for the
    /// source when From DS, management frames at `mgt`; never control frames.
    fn wlan_srcdst(&mut self, eaddr: &[u8; 6], src: bool) -> GResult<usize> {
        let b0 = if src {
            let b1 = self.wlan_jset(1, 0x01)?;
            let b0 = self.bcmp(OffRel::LinkHdr, 24, eaddr)?;
            self.and(b1, b0);
            let b2 = self.wlan_jset(1, 0x01)?;
            self.not(b2);
            let b1 = self.bcmp(OffRel::LinkHdr, 16, eaddr)?;
            self.and(b2, b1);
            self.or(b1, b0);
            let b1 = self.wlan_jset(1, 0x02)?;
            self.and(b1, b0);
            let b2 = self.wlan_jset(1, 0x02)?;
            self.not(b2);
            let b1 = self.bcmp(OffRel::LinkHdr, 10, eaddr)?;
            self.and(b2, b1);
            self.or(b1, b0);
            b0
        } else {
            let b1 = self.wlan_jset(1, 0x01)?;
            let b0 = self.bcmp(OffRel::LinkHdr, 16, eaddr)?;
            self.and(b1, b0);
            let b2 = self.wlan_jset(1, 0x01)?;
            self.not(b2);
            let b1 = self.bcmp(OffRel::LinkHdr, 4, eaddr)?;
            self.and(b2, b1);
            self.or(b1, b0);
            b0
        };
        let at = if src { 10 } else { 4 };
        let b1 = self.wlan_jset(0, 0x08)?;
        self.and(b1, b0);
        let b2 = self.wlan_jset(0, 0x08)?;
        self.not(b2);
        let b1 = self.bcmp(OffRel::LinkHdr, at, eaddr)?;
        self.and(b2, b1);
        self.or(b1, b0);
        let b1 = self.wlan_jset(0, 0x04)?;
        self.not(b1);
        self.and(b1, b0);
        Ok(b0)
    }

    /// Frames that carry a transmitter address: not CTS or ACK control frames.
    fn wlan_has_ta(&mut self) -> GResult<usize> {
        let b0 = self.mcmp(OffRel::LinkHdr, 0, B, FC0_TYPE_CTL, FC0_TYPE_MASK)?;
        self.not(b0);
        let b1 = self.mcmp(OffRel::LinkHdr, 0, B, FC0_SUBTYPE_CTS, FC0_SUBTYPE_MASK)?;
        self.not(b1);
        let b2 = self.mcmp(OffRel::LinkHdr, 0, B, FC0_SUBTYPE_ACK, FC0_SUBTYPE_MASK)?;
        self.not(b2);
        self.and(b1, b2);
        self.or(b0, b2);
        Ok(b2)
    }

    /// `gen_wlanhostop` in gencode.c.
    pub(super) fn wlanhostop(&mut self, eaddr: &[u8; 6], dir: u8) -> GResult<usize> {
        match dir {
            Q_SRC => self.wlan_srcdst(eaddr, true),
            Q_DST => self.wlan_srcdst(eaddr, false),
            Q_AND | Q_DEFAULT | Q_OR => {
                let b0 = self.wlanhostop(eaddr, Q_SRC)?;
                let b1 = self.wlanhostop(eaddr, Q_DST)?;
                if dir == Q_AND {
                    self.and(b0, b1);
                } else {
                    self.or(b0, b1);
                }
                Ok(b1)
            }
            Q_ADDR1 => self.bcmp(OffRel::LinkHdr, 4, eaddr),
            Q_ADDR2 => {
                let b2 = self.wlan_has_ta()?;
                let b1 = self.bcmp(OffRel::LinkHdr, 10, eaddr)?;
                self.and(b2, b1);
                Ok(b1)
            }
            Q_ADDR3 => {
                let b0 = self.mcmp(OffRel::LinkHdr, 0, B, FC0_TYPE_CTL, FC0_TYPE_MASK)?;
                self.not(b0);
                let b1 = self.bcmp(OffRel::LinkHdr, 16, eaddr)?;
                self.and(b0, b1);
                Ok(b1)
            }
            Q_ADDR4 => {
                let b0 = self.mcmp(OffRel::LinkHdr, 1, B, FC1_DIR_DSTODS, FC1_DIR_MASK)?;
                let b1 = self.bcmp(OffRel::LinkHdr, 24, eaddr)?;
                self.and(b0, b1);
                Ok(b1)
            }
            Q_RA => {
                let b1 = self.wlan_jset(0, 0x08)?;
                let b0 = self.bcmp(OffRel::LinkHdr, 4, eaddr)?;
                self.and(b1, b0);
                Ok(b0)
            }
            Q_TA => {
                let b2 = self.wlan_has_ta()?;
                let b1 = self.wlan_jset(0, 0x08)?;
                self.and(b1, b2);
                let b1 = self.bcmp(OffRel::LinkHdr, 10, eaddr)?;
                self.and(b2, b1);
                Ok(b1)
            }
            _ => Err(GenError::Internal(format!("802.11 direction {dir}"))),
        }
    }

    /// `gen_mac_multicast` in gencode.c: the group bit of the address at `off`.
    fn mac_multicast(&mut self, off: u32) -> GResult<usize> {
        self.wlan_jset(off, 1)
    }

    /// The 802.11 case of `gen_multicast` in gencode.c: the destination address (at 16 when
    /// To DS, else at 4) of a data frame, or at 4 of a management frame, is a group address.
    pub(super) fn wlan_multicast(&mut self) -> GResult<usize> {
        let b1 = self.wlan_jset(1, 0x01)?;
        let b0 = self.mac_multicast(16)?;
        self.and(b1, b0);
        let b2 = self.wlan_jset(1, 0x01)?;
        self.not(b2);
        let b1 = self.mac_multicast(4)?;
        self.and(b2, b1);
        self.or(b1, b0);
        let b1 = self.wlan_jset(0, 0x08)?;
        self.and(b1, b0);
        let b2 = self.wlan_jset(0, 0x08)?;
        self.not(b2);
        let b1 = self.mac_multicast(4)?;
        self.and(b2, b1);
        self.or(b1, b0);
        let b1 = self.wlan_jset(0, 0x04)?;
        self.not(b1);
        self.and(b1, b0);
        Ok(b0)
    }

    /// `gen_p80211_type` (`type`, `subtype`) in gencode.c; PPI is refused, as libpcap does.
    pub(super) fn p80211_type(&mut self, val: u32, mask: u32) -> GResult<usize> {
        match self.linktype {
            Lt::Wlan(h) if h != WlanHdr::Ppi => self.mcmp(OffRel::LinkHdr, 0, B, val, mask),
            _ => Err(GenError::Unsupported(
                "802.11 link-layer types supported only on 802.11".into(),
            )),
        }
    }

    /// `gen_p80211_fcdir` (`dir`) in gencode.c; PPI is refused, as libpcap does.
    pub(super) fn p80211_fcdir(&mut self, dir: u32) -> GResult<usize> {
        match self.linktype {
            Lt::Wlan(h) if h != WlanHdr::Ppi => self.mcmp(OffRel::LinkHdr, 1, B, dir, FC1_DIR_MASK),
            _ => Err(GenError::Unsupported(
                "frame direction supported only with 802.11 headers".into(),
            )),
        }
    }

    /// `gen_load_prism_llprefixlen`, `gen_load_avs_llprefixlen`,
    /// `gen_load_radiotap_llprefixlen` and `gen_load_ppi_llprefixlen` in gencode.c: the
    /// pseudo-header's length into the link header's register and X, when a register holds it.
    fn wlan_prefix_len(&mut self, h: WlanHdr) -> Option<Vec<usize>> {
        if h == WlanHdr::Prism {
            self.no_optimize = true;
        }
        if self.off_linkhdr.reg == -1 {
            return None;
        }
        let reg = self.off_linkhdr.reg as u32;
        let mut s = Vec::new();
        match h {
            WlanHdr::Bare => return None,
            WlanHdr::Prism => {
                // An AVS header (its cookie 0x80211xxx) gives its length at 4; Prism's is 144.
                let a = self.st(LD | W | ABS, 0);
                let b = self.st(ALU | AND | K, 0xffff_f000);
                let jeq = self.st(JMP | JEQ, 0x8021_1000);
                let avs = self.st(LD | W | ABS, 4);
                let ja = self.st(JMP | JA, 1);
                let prism = self.st(LD | W | IMM, 144);
                let st = self.st(ST, reg);
                self.g.stmts[jeq].jt = Some(avs);
                self.g.stmts[jeq].jf = Some(prism);
                self.g.stmts[ja].jf = Some(st);
                s.extend([a, b, jeq, avs, ja, prism, st]);
            }
            WlanHdr::Avs => {
                let a = self.st(LD | W | ABS, 4);
                let st = self.st(ST, reg);
                s.extend([a, st]);
            }
            WlanHdr::Radiotap | WlanHdr::Ppi => {
                // Little-endian: byte 3 shifted left 8, or'ed with byte 2.
                let a = self.st(LD | B | ABS, 3);
                let b = self.st(ALU | LSH | K, 8);
                let c = self.st(MISC | TAX, 0);
                let d = self.st(LD | B | ABS, 2);
                let e = self.st(ALU | OR | X, 0);
                let st = self.st(ST, reg);
                s.extend([a, b, c, d, e, st]);
            }
        }
        let tax = self.st(MISC | TAX, 0);
        s.push(tax);
        Some(s)
    }

    /// `gen_load_802_11_header_len` in gencode.c: the payload's offset (the link header's,
    /// plus 24, plus 2 for QoS data frames, rounded up to 4 when radiotap says the driver
    /// padded the header) into the payload's register, before `snext`, the first statement
    /// of the program proper.
    fn wlan_header_len(
        &mut self,
        h: WlanHdr,
        s: Option<Vec<usize>>,
        snext: usize,
    ) -> Option<Vec<usize>> {
        if self.off_linkpl.reg == -1 {
            return s;
        }
        self.no_optimize = true;
        let reg = self.off_linkpl.reg as u32;
        let mut s = match s {
            Some(s) => s,
            None => vec![self.st(LDX | IMM, self.off_outermostlinkhdr.constant_part)],
        };
        let a = self.st(MISC | TXA, 0);
        let b = self.st(ALU | ADD | K, 24);
        let c = self.st(ST, reg);
        let d = self.st(LD | IND | B, 0);
        let data1 = self.st(JMP | JSET, 0x08);
        let data2 = self.st(JMP | JSET, 0x04);
        let qos = self.st(JMP | JSET, 0x80);
        let q1 = self.st(LD | MEM, reg);
        let q2 = self.st(ALU | ADD | K, 2);
        let q3 = self.st(ST, reg);
        self.g.stmts[data1].jt = Some(data2);
        self.g.stmts[data1].jf = Some(snext);
        self.g.stmts[data2].jt = Some(snext);
        self.g.stmts[data2].jf = Some(qos);
        self.g.stmts[qos].jt = Some(q1);
        s.extend([a, b, c, d, data1, data2, qos, q1, q2, q3]);
        if h == WlanHdr::Radiotap {
            // The radiotap flags field (present bit 1, not behind extended bitmaps) is at 16
            // after a TSFT field (bit 0), else at 8; its 0x20 bit says the 802.11 header was
            // padded to a multiple of 4.
            let present = self.st(LD | ABS | W, 4);
            let flags = self.st(JMP | JSET, 0x0200_0000);
            let ext = self.st(JMP | JSET, 0x0000_0080);
            let tsft = self.st(JMP | JSET, 0x0100_0000);
            let f16 = self.st(LD | ABS | B, 16);
            let pad16 = self.st(JMP | JSET, 0x20);
            let f8 = self.st(LD | ABS | B, 8);
            let pad8 = self.st(JMP | JSET, 0x20);
            let r1 = self.st(LD | MEM, reg);
            let r2 = self.st(ALU | ADD | K, 3);
            let r3 = self.st(ALU | AND | K, !3u32);
            let r4 = self.st(ST, reg);
            self.g.stmts[qos].jf = Some(present);
            self.g.stmts[flags].jf = Some(snext);
            self.g.stmts[flags].jt = Some(ext);
            self.g.stmts[ext].jt = Some(snext);
            self.g.stmts[ext].jf = Some(tsft);
            self.g.stmts[tsft].jt = Some(f16);
            self.g.stmts[tsft].jf = Some(f8);
            self.g.stmts[pad16].jt = Some(r1);
            self.g.stmts[pad16].jf = Some(snext);
            self.g.stmts[pad8].jt = Some(r1);
            self.g.stmts[pad8].jf = Some(snext);
            s.extend([
                present, flags, ext, tsft, f16, pad16, f8, pad8, r1, r2, r3, r4,
            ]);
        } else {
            self.g.stmts[qos].jf = Some(snext);
        }
        Some(s)
    }

    /// The 802.11 part of `insert_compute_vloffsets` in gencode.c: prepends to the first
    /// block the computation of the pseudo-header's length and of the payload's offset.
    pub(super) fn wlan_compute_vloffsets(&mut self, head: usize, h: WlanHdr) -> GResult<()> {
        if self.off_linkpl.reg != -1 && self.off_linkhdr.is_variable && self.off_linkhdr.reg == -1 {
            self.off_linkhdr.reg = self.alloc_reg()?;
        }
        let s = self.wlan_prefix_len(h);
        let s = if self.off_linkpl.reg != -1 {
            let Some(&snext) = self.g.blocks[head].stmts.first() else {
                return Err(GenError::Internal(
                    "802.11 offsets before a block with no statements".into(),
                ));
            };
            self.wlan_header_len(h, s, snext)
        } else {
            s
        };
        if let Some(mut s) = s {
            s.extend(std::mem::take(&mut self.g.blocks[head].stmts));
            self.g.blocks[head].stmts = s;
        }
        Ok(())
    }

    /// `gen_ppi_dlt_check` in gencode.c: PPI packets must carry 802.11 (DLT 105, stored
    /// little-endian at 4).
    pub(super) fn ppi_dlt_check(&mut self) -> usize {
        let s = self.st(LD | W | ABS, 4);
        let b = self.blk(JMP | JEQ, 105u32.swap_bytes());
        self.g.blocks[b].stmts = vec![s];
        b
    }
}
