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

    /// 802.11 `type`/`subtype`/`dir` tests (grammar.y's `p80211`, `type`, `subtype`,
    /// `type_subtype` and `dir`): names and values are checked here, as libpcap's parser
    /// checks them, whatever the link type.
    pub(super) fn p80211(&mut self, start: usize) -> PResult<(Expr, Qual)> {
        let kw = match self.peek() {
            Tok::Kw(k) => *k,
            _ => return Err(self.err_here()),
        };
        self.bump();
        let fail = |p: &Self, message: String| SyntaxError {
            message,
            span: start..p.end_prev(),
        };
        let other = match kw {
            Kw::Dir => {
                let v = match self.peek().clone() {
                    Tok::Num(n) => n,
                    Tok::Id(s) => match s.to_ascii_lowercase().as_str() {
                        "nods" => 0,
                        "tods" => 1,
                        "fromds" => 2,
                        "dstods" => 3,
                        _ => {
                            self.bump();
                            return Err(fail(self, "unknown 802.11 direction".into()));
                        }
                    },
                    _ => return Err(self.err_here()),
                };
                self.bump();
                Other::P80211Dir(v)
            }
            Kw::Subtype => {
                let Tok::Id(s) = self.peek().clone() else {
                    return Err(self.err_here());
                };
                self.bump();
                let found = WLAN_SUBTYPES
                    .iter()
                    .find_map(|&(ty, names)| wlan_name(names, &s).map(|v| v | ty));
                let Some(v) = found else {
                    return Err(fail(self, "unknown 802.11 type name".into()));
                };
                Other::P80211Type { val: v, mask: 0xfc }
            }
            _ => {
                let ty = match self.peek().clone() {
                    Tok::Num(n) => {
                        self.bump();
                        if n & !0x0c != 0 {
                            return Err(fail(self, format!("invalid 802.11 type value 0x{n:02x}")));
                        }
                        n
                    }
                    Tok::Id(s) => {
                        self.bump();
                        match wlan_name(WLAN_TYPES, &s) {
                            Some(v) => v,
                            None => {
                                return Err(fail(self, format!("unknown 802.11 type name \"{s}\"")))
                            }
                        }
                    }
                    _ => return Err(self.err_here()),
                };
                if self.is_kw(Kw::Subtype) {
                    self.bump();
                    let sub = match self.peek().clone() {
                        Tok::Num(n) => {
                            self.bump();
                            if n & !0xf0 != 0 {
                                return Err(fail(
                                    self,
                                    format!("invalid 802.11 subtype value 0x{n:02x}"),
                                ));
                            }
                            n
                        }
                        Tok::Id(s) => {
                            self.bump();
                            let Some(&(_, names)) = WLAN_SUBTYPES.iter().find(|(t, _)| *t == ty)
                            else {
                                return Err(fail(self, "unknown 802.11 type".into()));
                            };
                            match wlan_name(names, &s) {
                                Some(v) => v,
                                None => {
                                    return Err(fail(
                                        self,
                                        format!("unknown 802.11 subtype name \"{s}\""),
                                    ))
                                }
                            }
                        }
                        _ => return Err(self.err_here()),
                    };
                    Other::P80211Type {
                        val: ty | sub,
                        mask: 0xfc,
                    }
                } else {
                    Other::P80211Type {
                        val: ty,
                        mask: 0x0c,
                    }
                }
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
}

/// 802.11 frame types by name (grammar.y's `ieee80211_types`).
const WLAN_TYPES: &[(u32, &str)] = &[
    (0x08, "data"),
    (0x00, "mgt"),
    (0x00, "management"),
    (0x04, "ctl"),
    (0x04, "control"),
];

/// 802.11 subtypes by name, per frame type, in the order libpcap searches them.
const WLAN_SUBTYPES: &[(u32, &[(u32, &str)])] = &[
    (
        0x00,
        &[
            (0x00, "assocreq"),
            (0x00, "assoc-req"),
            (0x10, "assocresp"),
            (0x10, "assoc-resp"),
            (0x20, "reassocreq"),
            (0x20, "reassoc-req"),
            (0x30, "reassocresp"),
            (0x30, "reassoc-resp"),
            (0x40, "probereq"),
            (0x40, "probe-req"),
            (0x50, "proberesp"),
            (0x50, "probe-resp"),
            (0x80, "beacon"),
            (0x90, "atim"),
            (0xa0, "disassoc"),
            (0xa0, "disassociation"),
            (0xb0, "auth"),
            (0xb0, "authentication"),
            (0xc0, "deauth"),
            (0xc0, "deauthentication"),
        ],
    ),
    (
        0x04,
        &[
            (0xa0, "ps-poll"),
            (0xb0, "rts"),
            (0xc0, "cts"),
            (0xd0, "ack"),
            (0xe0, "cf-end"),
            (0xf0, "cf-end-ack"),
        ],
    ),
    (
        0x08,
        &[
            (0x00, "data"),
            (0x10, "data-cf-ack"),
            (0x20, "data-cf-poll"),
            (0x30, "data-cf-ack-poll"),
            (0x40, "null"),
            (0x50, "cf-ack"),
            (0x60, "cf-poll"),
            (0x70, "cf-ack-poll"),
            (0x80, "qos-data"),
            (0x90, "qos-data-cf-ack"),
            (0xa0, "qos-data-cf-poll"),
            (0xb0, "qos-data-cf-ack-poll"),
            (0xc0, "qos"),
            (0xe0, "qos-cf-poll"),
            (0xf0, "qos-cf-ack-poll"),
        ],
    ),
];

/// `str2tok` in grammar.y: a name's value, compared without case.
fn wlan_name(names: &[(u32, &str)], s: &str) -> Option<u32> {
    names
        .iter()
        .find(|(_, n)| n.eq_ignore_ascii_case(s))
        .map(|(v, _)| *v)
}
