//! The parser: pcap-filter(7)'s grammar (libpcap's `grammar.y`), read by recursive descent with
//! backtracking where a parenthesis can open several things, into a small syntax tree that
//! keeps libpcap's qualifier inheritance (`host a or b` is `host a or host b`).

use std::collections::HashMap;

use crate::lexer::{tokenize, Kw, Tok, Token};

use crate::ast::*;

mod other;

type PResult<T> = Result<T, SyntaxError>;

/// How deeply parentheses, `not` and unary minus may nest.
const MAX_DEPTH: usize = 200;
/// The most tokens an expression may have.
const MAX_TOKENS: usize = 10_000;

struct Parser {
    toks: Vec<Token>,
    pos: usize,
    depth: usize,
    /// Failed attempts (which rule, where, inherited qualifiers), so that backtracking over
    /// nested parentheses stays linear.
    failed: HashMap<(u8, usize, Qual), SyntaxError>,
    /// The furthest error seen, reported when every alternative fails.
    furthest: Option<SyntaxError>,
}

/// Parses an expression; `Ok(None)` for the empty expression (which accepts every packet).
pub(crate) fn parse(src: &str) -> Result<Option<Expr>, SyntaxError> {
    let mut p = Parser {
        toks: tokenize(src),
        pos: 0,
        depth: 0,
        failed: HashMap::new(),
        furthest: None,
    };
    if p.toks.len() > MAX_TOKENS {
        return Err(SyntaxError {
            message: format!("expression too long (more than {MAX_TOKENS} tokens)"),
            span: p.toks[MAX_TOKENS].span.start..src.len(),
        });
    }
    if p.peek() == &Tok::Eof {
        return Ok(None);
    }
    let r = p.expr(QERR).and_then(|(e, _)| {
        if p.peek() == &Tok::Eof {
            Ok(e)
        } else {
            Err(p.err_here())
        }
    });
    match r {
        Ok(e) => Ok(Some(e)),
        Err(e) => Err(p.best_error(e)),
    }
}

fn pname_of(kw: Kw) -> Option<u8> {
    Some(match kw {
        Kw::Link => Q_LINK,
        Kw::Ip => Q_IP,
        Kw::Arp => Q_ARP,
        Kw::Rarp => Q_RARP,
        Kw::Sctp => Q_SCTP,
        Kw::Tcp => Q_TCP,
        Kw::Udp => Q_UDP,
        Kw::Icmp => Q_ICMP,
        Kw::Igmp => Q_IGMP,
        Kw::Igrp => Q_IGRP,
        Kw::Pim => Q_PIM,
        Kw::Vrrp => Q_VRRP,
        Kw::Carp => Q_CARP,
        Kw::Atalk => Q_ATALK,
        Kw::Aarp => Q_AARP,
        Kw::Decnet => Q_DECNET,
        Kw::Lat => Q_LAT,
        Kw::Sca => Q_SCA,
        Kw::Mopdl => Q_MOPDL,
        Kw::Moprc => Q_MOPRC,
        Kw::Ip6 => Q_IPV6,
        Kw::Icmp6 => Q_ICMPV6,
        Kw::Ah => Q_AH,
        Kw::Esp => Q_ESP,
        Kw::Iso => Q_ISO,
        Kw::Esis => Q_ESIS,
        Kw::Isis => Q_ISIS,
        Kw::L1 => Q_ISIS_L1,
        Kw::L2 => Q_ISIS_L2,
        Kw::Iih => Q_ISIS_IIH,
        Kw::Lsp => Q_ISIS_LSP,
        Kw::Snp => Q_ISIS_SNP,
        Kw::Psnp => Q_ISIS_PSNP,
        Kw::Csnp => Q_ISIS_CSNP,
        Kw::Clnp => Q_CLNP,
        Kw::Stp => Q_STP,
        Kw::Ipx => Q_IPX,
        Kw::Netbeui => Q_NETBEUI,
        Kw::Radio => Q_RADIO,
        _ => return None,
    })
}

fn is_dqual(kw: Kw) -> bool {
    matches!(
        kw,
        Kw::Src | Kw::Dst | Kw::Addr1 | Kw::Addr2 | Kw::Addr3 | Kw::Addr4 | Kw::Ra | Kw::Ta
    )
}

fn is_aqual(kw: Kw) -> bool {
    matches!(kw, Kw::Host | Kw::Net | Kw::Port | Kw::Portrange)
}

fn starts_head(kw: Kw) -> bool {
    is_dqual(kw) || is_aqual(kw) || matches!(kw, Kw::Proto | Kw::Protochain | Kw::Gateway)
}

// BPF operator codes used in the tree.
pub(crate) const OP_ADD: u16 = 0x00;
pub(crate) const OP_SUB: u16 = 0x10;
pub(crate) const OP_MUL: u16 = 0x20;
pub(crate) const OP_DIV: u16 = 0x30;
pub(crate) const OP_OR: u16 = 0x40;
pub(crate) const OP_AND: u16 = 0x50;
pub(crate) const OP_LSH: u16 = 0x60;
pub(crate) const OP_RSH: u16 = 0x70;
pub(crate) const OP_MOD: u16 = 0x90;
pub(crate) const OP_XOR: u16 = 0xa0;
pub(crate) const J_EQ: u16 = 0x10;
pub(crate) const J_GT: u16 = 0x20;
pub(crate) const J_GE: u16 = 0x30;

impl Parser {
    /// Runs `f`, remembering a failure at this position so it is not explored again.
    fn memo(
        &mut self,
        rule: u8,
        inh: Qual,
        f: impl FnOnce(&mut Self) -> PResult<(Expr, Qual)>,
    ) -> PResult<(Expr, Qual)> {
        let key = (rule, self.pos, inh);
        if let Some(e) = self.failed.get(&key) {
            return Err(e.clone());
        }
        let r = f(self);
        if let Err(e) = &r {
            self.failed.insert(key, e.clone());
        }
        r
    }

    fn descend(&mut self) -> PResult<()> {
        if self.depth >= MAX_DEPTH {
            return Err(SyntaxError {
                message: "expression nested too deeply".to_string(),
                span: self.span_here(),
            });
        }
        self.depth += 1;
        Ok(())
    }

    fn peek(&self) -> &Tok {
        &self.toks[self.pos].tok
    }

    fn peek_at(&self, n: usize) -> &Tok {
        let i = (self.pos + n).min(self.toks.len() - 1);
        &self.toks[i].tok
    }

    fn span_here(&self) -> Span {
        self.toks[self.pos].span.clone()
    }

    fn bump(&mut self) -> Token {
        let t = self.toks[self.pos].clone();
        if self.pos + 1 < self.toks.len() {
            self.pos += 1;
        }
        t
    }

    fn start(&self) -> usize {
        self.toks[self.pos].span.start
    }

    fn end_prev(&self) -> usize {
        if self.pos == 0 {
            0
        } else {
            self.toks[self.pos - 1].span.end
        }
    }

    fn err_here(&mut self) -> SyntaxError {
        let span = self.span_here();
        let message = match self.peek() {
            Tok::Error(m) => m.clone(),
            _ => "can't parse filter expression: syntax error".to_string(),
        };
        let e = SyntaxError { message, span };
        self.note(&e);
        e
    }

    fn note(&mut self, e: &SyntaxError) {
        let better = match &self.furthest {
            None => true,
            Some(f) => e.span.start > f.span.start,
        };
        if better {
            self.furthest = Some(e.clone());
        }
    }

    fn best_error(&self, e: SyntaxError) -> SyntaxError {
        match &self.furthest {
            Some(f) if f.span.start > e.span.start => f.clone(),
            _ => e,
        }
    }

    fn is_kw(&self, kw: Kw) -> bool {
        self.peek() == &Tok::Kw(kw)
    }

    fn is_ch(&self, c: u8) -> bool {
        self.peek() == &Tok::Ch(c)
    }

    fn expect_ch(&mut self, c: u8) -> PResult<()> {
        if self.is_ch(c) {
            self.bump();
            Ok(())
        } else {
            Err(self.err_here())
        }
    }

    fn expect_num(&mut self) -> PResult<u32> {
        if let Tok::Num(n) = *self.peek() {
            self.bump();
            Ok(n)
        } else {
            Err(self.err_here())
        }
    }

    /// `expr: term | expr and term | expr and id | expr or term | expr or id`
    fn expr(&mut self, inh: Qual) -> PResult<(Expr, Qual)> {
        self.descend()?;
        let r = self.expr_inner(inh);
        self.depth -= 1;
        r
    }

    fn expr_inner(&mut self, inh: Qual) -> PResult<(Expr, Qual)> {
        let (mut e, mut q) = self.term(inh)?;
        loop {
            let and = match self.peek() {
                Tok::Kw(Kw::And) => true,
                Tok::Kw(Kw::Or) => false,
                _ => break,
            };
            self.bump();
            let (rhs, q2) = self.term_or_id(q)?;
            e = if and {
                Expr::And(Box::new(e), Box::new(rhs))
            } else {
                Expr::Or(Box::new(e), Box::new(rhs))
            };
            q = q2;
        }
        Ok((e, q))
    }

    /// What may follow `and`/`or`: a term, or an identifier that inherits qualifiers.
    fn term_or_id(&mut self, inh: Qual) -> PResult<(Expr, Qual)> {
        self.descend()?;
        let r = self.term_or_id_inner(inh);
        self.depth -= 1;
        r
    }

    fn term_or_id_inner(&mut self, inh: Qual) -> PResult<(Expr, Qual)> {
        match self.peek() {
            Tok::Kw(Kw::Not) => {
                self.bump();
                let (x, q) = self.term_or_id(inh)?;
                Ok((Expr::Not(Box::new(x)), q))
            }
            Tok::Id(_) | Tok::Hid(_) | Tok::Hid6(_) | Tok::Eid(_) | Tok::Aid(_) => self.id(inh),
            Tok::Num(_) | Tok::Ch(b'(') => {
                let save = self.pos;
                match self.rterm(inh) {
                    Ok(r) => Ok(r),
                    Err(e1) => {
                        self.pos = save;
                        match self.id(inh) {
                            Ok(r) => Ok(r),
                            Err(e2) => Err(if e2.span.start >= e1.span.start {
                                e2
                            } else {
                                e1
                            }),
                        }
                    }
                }
            }
            _ => self.term(inh),
        }
    }

    /// `term: rterm | not term`
    fn term(&mut self, inh: Qual) -> PResult<(Expr, Qual)> {
        self.descend()?;
        let r = self.term_inner(inh);
        self.depth -= 1;
        r
    }

    fn term_inner(&mut self, inh: Qual) -> PResult<(Expr, Qual)> {
        if self.is_kw(Kw::Not) {
            self.bump();
            let (t, q) = self.term(inh)?;
            return Ok((Expr::Not(Box::new(t)), q));
        }
        self.rterm(inh)
    }

    fn rterm(&mut self, inh: Qual) -> PResult<(Expr, Qual)> {
        self.memo(0, inh, |p| p.rterm_inner(inh))
    }

    fn rterm_inner(&mut self, inh: Qual) -> PResult<(Expr, Qual)> {
        let start = self.start();
        match self.peek().clone() {
            Tok::Ch(b'(') => {
                let save = self.pos;
                self.bump();
                let r = self
                    .expr(inh)
                    .and_then(|(e, _)| self.expect_ch(b')').map(|()| e));
                match r {
                    Ok(e) => Ok((e, inh)),
                    Err(e1) => {
                        self.pos = save;
                        match self.relation() {
                            Ok(e) => Ok((e, QERR)),
                            Err(e2) => Err(if e2.span.start >= e1.span.start {
                                e2
                            } else {
                                e1
                            }),
                        }
                    }
                }
            }
            Tok::Kw(Kw::Len) => Ok((self.relation()?, QERR)),
            Tok::Kw(kw) => {
                if let Some(p) = pname_of(kw) {
                    match self.peek_at(1) {
                        Tok::Ch(b'[') => return Ok((self.relation()?, QERR)),
                        Tok::Kw(k2) if starts_head(*k2) => {
                            self.bump();
                            return self.head_id(p, start);
                        }
                        Tok::Kw(Kw::Broadcast) => {
                            self.bump();
                            self.bump();
                            return Ok((
                                Expr::Other {
                                    other: Other::Broadcast(p),
                                    span: start..self.end_prev(),
                                },
                                QERR,
                            ));
                        }
                        Tok::Kw(Kw::Multicast) => {
                            self.bump();
                            self.bump();
                            return Ok((
                                Expr::Other {
                                    other: Other::Multicast(p),
                                    span: start..self.end_prev(),
                                },
                                QERR,
                            ));
                        }
                        Tok::Kw(Kw::Type | Kw::Subtype | Kw::Dir) => {
                            self.bump();
                            return self.p80211(start);
                        }
                        _ => {
                            self.bump();
                            return Ok((
                                Expr::Proto {
                                    proto: p,
                                    span: start..self.end_prev(),
                                },
                                QERR,
                            ));
                        }
                    }
                }
                if starts_head(kw) {
                    return self.head_id(Q_DEFAULT, start);
                }
                self.other(kw, start)
            }
            Tok::Num(_) | Tok::Ch(b'-') => Ok((self.relation()?, QERR)),
            _ => Err(self.err_here()),
        }
    }

    /// `head id`, after the protocol qualifier (if any) was consumed.
    fn head_id(&mut self, proto: u8, start: usize) -> PResult<(Expr, Qual)> {
        let mut dir = Q_DEFAULT;
        let mut addr = Q_DEFAULT;
        if let Tok::Kw(kw) = *self.peek() {
            if is_dqual(kw) {
                self.bump();
                dir = match kw {
                    Kw::Src | Kw::Dst => {
                        let first = kw;
                        match *self.peek() {
                            Tok::Kw(Kw::Or) | Tok::Kw(Kw::And) => {
                                let is_or = self.is_kw(Kw::Or);
                                let other = if first == Kw::Src { Kw::Dst } else { Kw::Src };
                                if self.peek_at(1) == &Tok::Kw(other) {
                                    self.bump();
                                    self.bump();
                                    if is_or {
                                        Q_OR
                                    } else {
                                        Q_AND
                                    }
                                } else {
                                    self.bump();
                                    return Err(self.err_here());
                                }
                            }
                            _ => {
                                if first == Kw::Src {
                                    Q_SRC
                                } else {
                                    Q_DST
                                }
                            }
                        }
                    }
                    Kw::Addr1 => Q_ADDR1,
                    Kw::Addr2 => Q_ADDR2,
                    Kw::Addr3 => Q_ADDR3,
                    Kw::Addr4 => Q_ADDR4,
                    Kw::Ra => Q_RA,
                    _ => Q_TA,
                };
                if let Tok::Kw(k2) = *self.peek() {
                    if is_aqual(k2) {
                        self.bump();
                        addr = aqual_of(k2);
                    }
                }
            } else if is_aqual(kw) {
                self.bump();
                addr = aqual_of(kw);
            } else if kw == Kw::Proto {
                self.bump();
                addr = Q_PROTO;
            } else if kw == Kw::Protochain {
                self.bump();
                addr = Q_PROTOCHAIN;
            } else if kw == Kw::Gateway {
                self.bump();
                addr = Q_GATEWAY;
            } else {
                return Err(self.err_here());
            }
        }
        let q = Qual { proto, dir, addr };
        let (mut e, _) = self.id(q)?;
        if let Expr::Id { span, .. } = &mut e {
            span.start = start;
        }
        Ok((e, q))
    }

    /// `id: nid | pnum | '(' pid ')'`; every identifier inherits `inh`.
    fn id(&mut self, inh: Qual) -> PResult<(Expr, Qual)> {
        self.descend()?;
        let r = self.id_inner(inh);
        self.depth -= 1;
        r
    }

    fn id_inner(&mut self, inh: Qual) -> PResult<(Expr, Qual)> {
        self.memo(2, inh, |p| p.id_uncached(inh))
    }

    fn id_uncached(&mut self, inh: Qual) -> PResult<(Expr, Qual)> {
        let start = self.start();
        match self.peek().clone() {
            Tok::Ch(b'(') => {
                self.bump();
                let e = self.pid(inh, start)?;
                self.expect_ch(b')')?;
                Ok((e, inh))
            }
            Tok::Num(_) => {
                let n = self.pnum()?;
                Ok((
                    Expr::Id {
                        kind: IdKind::Num(n),
                        q: inh,
                        span: start..self.end_prev(),
                    },
                    inh,
                ))
            }
            _ => self.nid(inh),
        }
    }

    /// `pnum: NUM | '(' pnum ')'`
    fn pnum(&mut self) -> PResult<u32> {
        self.descend()?;
        let r = self.pnum_inner();
        self.depth -= 1;
        r
    }

    fn pnum_inner(&mut self) -> PResult<u32> {
        if self.is_ch(b'(') {
            self.bump();
            let n = self.pnum()?;
            self.expect_ch(b')')?;
            Ok(n)
        } else {
            self.expect_num()
        }
    }

    /// Inside `( ... )` in identifier context: `pid: nid | qid and id | qid or id`.
    fn pid(&mut self, inh: Qual, open: usize) -> PResult<Expr> {
        let start = self.start();
        let (mut e, first_is_pnum) = match self.peek() {
            Tok::Num(_) | Tok::Ch(b'(') => {
                let n = self.pnum()?;
                (
                    Expr::Id {
                        kind: IdKind::Num(n),
                        q: inh,
                        span: start..self.end_prev(),
                    },
                    true,
                )
            }
            _ => (self.nid(inh)?.0, false),
        };
        let mut joined = false;
        loop {
            let and = match self.peek() {
                Tok::Kw(Kw::And) => true,
                Tok::Kw(Kw::Or) => false,
                _ => break,
            };
            self.bump();
            let (rhs, _) = self.id(inh)?;
            joined = true;
            e = if and {
                Expr::And(Box::new(e), Box::new(rhs))
            } else {
                Expr::Or(Box::new(e), Box::new(rhs))
            };
        }
        if first_is_pnum && !joined {
            // `( pnum )` as an id is handled by the caller's pnum path; here it is `(pid)`
            // with a bare number, which libpcap's grammar accepts only as a pnum.
            if self.is_ch(b')') {
                let _ = open;
                return Ok(e);
            }
            return Err(self.err_here());
        }
        Ok(e)
    }

    /// `nid`: names, addresses, `not id`.
    fn nid(&mut self, inh: Qual) -> PResult<(Expr, Qual)> {
        let start = self.start();
        let kind = match self.peek().clone() {
            Tok::Id(s) => {
                self.bump();
                IdKind::Name(s)
            }
            Tok::Hid(s) => {
                self.bump();
                if self.is_ch(b'/') {
                    self.bump();
                    let n = self.expect_num()?;
                    IdKind::NetLen(s, n)
                } else if self.is_kw(Kw::Mask) {
                    self.bump();
                    match self.peek().clone() {
                        Tok::Hid(m) => {
                            self.bump();
                            IdKind::NetMask(s, m)
                        }
                        _ => return Err(self.err_here()),
                    }
                } else {
                    IdKind::Hid(s)
                }
            }
            Tok::Hid6(s) => {
                self.bump();
                if self.is_ch(b'/') {
                    self.bump();
                    let n = self.expect_num()?;
                    IdKind::Hid6(s, n)
                } else {
                    IdKind::Hid6(s, 128)
                }
            }
            Tok::Eid(s) => {
                self.bump();
                IdKind::Eid(s)
            }
            Tok::Aid(_) => {
                self.bump();
                IdKind::Aid
            }
            Tok::Kw(Kw::Not) => {
                self.bump();
                let (e, q) = self.id(inh)?;
                return Ok((Expr::Not(Box::new(e)), q));
            }
            _ => return Err(self.err_here()),
        };
        Ok((
            Expr::Id {
                kind,
                q: inh,
                span: start..self.end_prev(),
            },
            inh,
        ))
    }

    /// `arth relop arth` or `arth irelop arth`.
    fn relation(&mut self) -> PResult<Expr> {
        self.memo(1, QERR, |p| p.relation_inner().map(|e| (e, QERR)))
            .map(|(e, _)| e)
    }

    fn relation_inner(&mut self) -> PResult<Expr> {
        let start = self.start();
        let a = self.arth(0)?;
        let (op, reversed) = match self.peek() {
            Tok::Ch(b'>') => (J_GT, false),
            Tok::Geq => (J_GE, false),
            Tok::Ch(b'=') => (J_EQ, false),
            Tok::Leq => (J_GT, true),
            Tok::Ch(b'<') => (J_GE, true),
            Tok::Neq => (J_EQ, true),
            _ => return Err(self.err_here()),
        };
        self.bump();
        let b = self.arth(0)?;
        Ok(Expr::Rel {
            op,
            a,
            b,
            reversed,
            span: start..self.end_prev(),
        })
    }

    fn binop(&self) -> Option<(u16, u8)> {
        // (operator, precedence); 0 means "no precedence": always shifted, as bison does.
        Some(match self.peek() {
            Tok::Ch(b'|') => (OP_OR, 1),
            Tok::Ch(b'&') => (OP_AND, 2),
            Tok::Lsh => (OP_LSH, 3),
            Tok::Rsh => (OP_RSH, 3),
            Tok::Ch(b'+') => (OP_ADD, 4),
            Tok::Ch(b'-') => (OP_SUB, 4),
            Tok::Ch(b'*') => (OP_MUL, 5),
            Tok::Ch(b'/') => (OP_DIV, 5),
            Tok::Ch(b'%') => (OP_MOD, 0),
            Tok::Ch(b'^') => (OP_XOR, 0),
            _ => return None,
        })
    }

    /// Operator-precedence parsing with libpcap's precedences; `%` and `^` have none, so
    /// bison always shifts them and they take everything to their right.
    fn arth(&mut self, min: u8) -> PResult<Arth> {
        self.descend()?;
        let r = self.arth_inner(min);
        self.depth -= 1;
        r
    }

    fn arth_inner(&mut self, min: u8) -> PResult<Arth> {
        let mut lhs = self.arth_unary()?;
        while let Some((op, prec)) = self.binop() {
            if prec == 0 {
                self.bump();
                let rhs = self.arth(0)?;
                lhs = Arth::Bin {
                    op,
                    a: Box::new(lhs),
                    b: Box::new(rhs),
                };
                continue;
            }
            if prec < min {
                break;
            }
            self.bump();
            let rhs = self.arth(prec + 1)?;
            lhs = Arth::Bin {
                op,
                a: Box::new(lhs),
                b: Box::new(rhs),
            };
        }
        Ok(lhs)
    }

    fn arth_unary(&mut self) -> PResult<Arth> {
        self.descend()?;
        let r = self.arth_unary_inner();
        self.depth -= 1;
        r
    }

    fn arth_unary_inner(&mut self) -> PResult<Arth> {
        match self.peek().clone() {
            Tok::Ch(b'-') => {
                self.bump();
                let mut a = self.arth_unary()?;
                // `- a % b` is `-(a % b)`: bison shifts the operator that has no precedence.
                while let Some((op, 0)) = self.binop() {
                    self.bump();
                    let rhs = self.arth(0)?;
                    a = Arth::Bin {
                        op,
                        a: Box::new(a),
                        b: Box::new(rhs),
                    };
                }
                Ok(Arth::Neg(Box::new(a)))
            }
            Tok::Num(n) => {
                self.bump();
                Ok(Arth::Num(n))
            }
            Tok::Kw(Kw::Len) => {
                self.bump();
                Ok(Arth::Len)
            }
            Tok::Ch(b'(') => {
                self.bump();
                let a = self.arth(0)?;
                self.expect_ch(b')')?;
                Ok(a)
            }
            Tok::Kw(kw) => {
                let Some(proto) = pname_of(kw) else {
                    return Err(self.err_here());
                };
                self.bump();
                self.expect_ch(b'[')?;
                let index = self.arth(0)?;
                let size = if self.is_ch(b':') {
                    self.bump();
                    self.expect_num()?
                } else {
                    1
                };
                self.expect_ch(b']')?;
                Ok(Arth::Load {
                    proto,
                    index: Box::new(index),
                    size,
                })
            }
            _ => Err(self.err_here()),
        }
    }

    fn optional_pnum(&mut self) -> PResult<Option<u32>> {
        match self.peek() {
            Tok::Num(_) | Tok::Ch(b'(') => Ok(Some(self.pnum()?)),
            _ => Ok(None),
        }
    }
}

fn aqual_of(kw: Kw) -> u8 {
    match kw {
        Kw::Host => Q_HOST,
        Kw::Net => Q_NET,
        Kw::Port => Q_PORT,
        _ => Q_PORTRANGE,
    }
}
