//! The primitives that are neither hosts, ports nor protocols (grammar.y's `other` rule):
//! `broadcast`, `inbound`, `vlan`, `mpls`, `pppoes`, the 802.11 and LLC tests, `less`/`greater`...

use super::*;

impl Parser {
    pub(super) fn other(&mut self, kw: Kw, start: usize) -> PResult<(Expr, Qual)> {
        self.bump();
        let other = match kw {
            Kw::Broadcast => Other::Broadcast(Q_DEFAULT),
            Kw::Multicast => Other::Multicast(Q_DEFAULT),
            Kw::Less => Other::Less(self.expect_num()?),
            Kw::Greater => Other::Greater(self.expect_num()?),
            Kw::Byte => {
                let idx = self.expect_num()?;
                let op = match self.peek() {
                    Tok::Ch(c @ (b'&' | b'|' | b'<' | b'>' | b'=')) => *c,
                    _ => return Err(self.err_here()),
                };
                self.bump();
                let val = self.expect_num()?;
                Other::Byte { idx, op, val }
            }
            Kw::Inbound => Other::Inbound,
            Kw::Outbound => Other::Outbound,
            Kw::Ifindex => Other::Ifindex(self.expect_num()?),
            Kw::Vlan => Other::Vlan(self.optional_pnum()?),
            Kw::Mpls => Other::Mpls(self.optional_pnum()?),
            Kw::Pppoed => Other::Pppoed,
            Kw::Pppoes => Other::Pppoes(self.optional_pnum()?),
            Kw::Geneve => Other::Geneve(self.optional_pnum()?),
            Kw::Llc => match self.peek().clone() {
                Tok::Id(s) => {
                    self.bump();
                    let l = s.to_ascii_lowercase();
                    match l.as_str() {
                        "i" => Other::Llc(LlcKind::I),
                        "s" => Other::Llc(LlcKind::S),
                        "u" => Other::Llc(LlcKind::U),
                        "rr" => Other::Llc(LlcKind::SSubtype(0x01)),
                        "rnr" => Other::Llc(LlcKind::SSubtype(0x05)),
                        "rej" => Other::Llc(LlcKind::SSubtype(0x09)),
                        "ui" => Other::Llc(LlcKind::USubtype(0x03)),
                        "ua" => Other::Llc(LlcKind::USubtype(0x63)),
                        "disc" => Other::Llc(LlcKind::USubtype(0x43)),
                        "dm" => Other::Llc(LlcKind::USubtype(0x0f)),
                        "sabme" => Other::Llc(LlcKind::USubtype(0x6f)),
                        "test" => Other::Llc(LlcKind::USubtype(0xe3)),
                        "xid" => Other::Llc(LlcKind::USubtype(0xaf)),
                        "frmr" => Other::Llc(LlcKind::USubtype(0x87)),
                        _ => {
                            return Err(SyntaxError {
                                message: format!("unknown LLC type name \"{s}\""),
                                span: start..self.end_prev(),
                            })
                        }
                    }
                }
                Tok::Kw(Kw::PfRnr) => {
                    self.bump();
                    Other::Llc(LlcKind::SSubtype(0x05))
                }
                _ => Other::Llc(LlcKind::Any),
            },
            Kw::PfIfname | Kw::PfRset => {
                match self.peek() {
                    Tok::Id(_) => {
                        self.bump();
                    }
                    _ => return Err(self.err_here()),
                }
                Other::Unsupported(
                    if kw == Kw::PfIfname {
                        "ifname supported only on PF linktype"
                    } else {
                        "ruleset supported only on PF linktype"
                    }
                    .to_string(),
                )
            }
            Kw::PfRnr | Kw::PfSrnr => {
                self.expect_num()?;
                Other::Unsupported(
                    if kw == Kw::PfRnr {
                        "rnr supported only on PF linktype"
                    } else {
                        "srnr supported only on PF linktype"
                    }
                    .to_string(),
                )
            }
            Kw::PfReason | Kw::PfAction => {
                match self.peek() {
                    Tok::Id(_) | Tok::Num(_) if kw == Kw::PfReason => {
                        self.bump();
                    }
                    Tok::Id(_) => {
                        self.bump();
                    }
                    _ => return Err(self.err_here()),
                }
                Other::Unsupported(
                    if kw == Kw::PfReason {
                        "reason supported only on PF linktype"
                    } else {
                        "action supported only on PF linktype"
                    }
                    .to_string(),
                )
            }
            Kw::Type | Kw::Subtype | Kw::Dir => {
                self.pos -= 1;
                return self.p80211(start);
            }
            Kw::Lane | Kw::Metac | Kw::Bcc | Kw::Oamf4ec | Kw::Oamf4sc | Kw::Sc | Kw::Ilmic => {
                let name = match kw {
                    Kw::Lane => "lane",
                    Kw::Metac => "metac",
                    Kw::Bcc => "bcc",
                    Kw::Oamf4ec => "oam4ec",
                    Kw::Oamf4sc => "oam4sc",
                    Kw::Sc => "sc",
                    _ => "ilmic",
                };
                Other::Unsupported(format!("'{name}' supported only on raw ATM"))
            }
            Kw::Oam | Kw::Oamf4 | Kw::Connectmsg | Kw::Metaconnect => {
                let name = match kw {
                    Kw::Oam => "oam",
                    Kw::Oamf4 => "oamf4",
                    Kw::Connectmsg => "connectmsg",
                    _ => "metaconnect",
                };
                Other::Unsupported(format!("'{name}' supported only on raw ATM"))
            }
            Kw::Vpi | Kw::Vci => {
                self.field_value()?;
                Other::Unsupported(format!(
                    "'{}' supported only on raw ATM",
                    if kw == Kw::Vpi { "vpi" } else { "vci" }
                ))
            }
            Kw::Fisu | Kw::Lssu | Kw::Msu => {
                let name = match kw {
                    Kw::Fisu => "fisu",
                    Kw::Lssu => "lssu",
                    _ => "msu",
                };
                Other::Unsupported(format!("'{name}' supported only on MTP2"))
            }
            Kw::Hfisu | Kw::Hlssu | Kw::Hmsu => {
                let name = match kw {
                    Kw::Hfisu => "hfisu",
                    Kw::Hlssu => "hlssu",
                    _ => "hmsu",
                };
                Other::Unsupported(format!("'{name}' supported only on MTP2_HSL"))
            }
            Kw::Sio | Kw::Opc | Kw::Dpc | Kw::Sls | Kw::Hsio | Kw::Hopc | Kw::Hdpc | Kw::Hsls => {
                self.field_value()?;
                let name = match kw {
                    Kw::Sio | Kw::Hsio => "sio",
                    Kw::Opc | Kw::Hopc => "opc",
                    Kw::Dpc | Kw::Hdpc => "dpc",
                    _ => "sls",
                };
                Other::Unsupported(format!("'{name}' supported only on SS7"))
            }
            _ => {
                self.pos -= 1;
                return Err(self.err_here());
            }
        };
        Ok((
            Expr::Other {
                other,
                span: start..self.end_prev(),
            },
            QERR,
        ))
    }

    /// The value part of ATM and MTP3 field tests: `NUM`, `relop NUM` or `( NUM or ... )`.
    fn field_value(&mut self) -> PResult<()> {
        match self.peek() {
            Tok::Num(_) => {
                self.bump();
                Ok(())
            }
            Tok::Ch(b'>' | b'=' | b'<') | Tok::Geq | Tok::Leq | Tok::Neq => {
                self.bump();
                self.expect_num().map(|_| ())
            }
            Tok::Ch(b'(') => {
                self.bump();
                self.expect_num()?;
                while self.is_kw(Kw::Or) {
                    self.bump();
                    self.expect_num()?;
                }
                self.expect_ch(b')')
            }
            _ => Err(self.err_here()),
        }
    }

    /// 802.11 `type`/`subtype`/`dir` tests, which only apply to 802.11 link types.
    pub(super) fn p80211(&mut self, start: usize) -> PResult<(Expr, Qual)> {
        let kw = match self.peek() {
            Tok::Kw(k) => *k,
            _ => return Err(self.err_here()),
        };
        self.bump();
        let msg = if kw == Kw::Dir {
            match self.peek() {
                Tok::Num(_) | Tok::Id(_) => {
                    self.bump();
                }
                _ => return Err(self.err_here()),
            }
            "frame direction supported only with 802.11 headers"
        } else {
            match self.peek() {
                Tok::Num(_) | Tok::Id(_) => {
                    self.bump();
                }
                _ => return Err(self.err_here()),
            }
            if kw == Kw::Type && self.is_kw(Kw::Subtype) {
                self.bump();
                match self.peek() {
                    Tok::Num(_) | Tok::Id(_) => {
                        self.bump();
                    }
                    _ => return Err(self.err_here()),
                }
            }
            "802.11 link-layer types supported only on 802.11"
        };
        Ok((
            Expr::Other {
                other: Other::Unsupported(msg.to_string()),
                span: start..self.end_prev(),
            },
            QERR,
        ))
    }
}
