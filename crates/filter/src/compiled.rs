//! A classic BPF program compiled once into threaded code: a graph of closures, one per
//! instruction a run can reach, each doing its instruction's work and then calling the closure
//! of the instruction that follows it (for a conditional jump, of the taken or the other
//! target, resolved when the program was compiled). No machine code is generated and no
//! `unsafe` is used; the CPU runs ordinary compiled closures, so a run pays no decoding, no
//! central dispatch (every closure's call to its successor is a call site of its own, which the
//! branch predictor learns), no program counter and no per-instruction bounds check on the
//! program.
//!
//! What is folded at compile time: `ja` (its target is called directly), returns (a jump to a
//! `ret #k` returns k without a call: each jump's closure is generic over its targets' kinds),
//! a load followed by a conditional jump on a constant (one closure, as the interpreter's fused
//! ops; the jump keeps a closure of its own for the jumps that land on it), two such pairs with
//! `jeq` joined by `or` or `and` (a host's two addresses, a port's two ports: both loads made,
//! one data-dependent branch), an A tested against two constants in a row (the EtherType and
//! protocol chains, with the `ldh`/`ldb` before them), the length of an absolute load's bytes
//! (one bounds check per load), and stores to scratch memory when the program never reads
//! scratch memory. A and X travel in registers as arguments.
//!
//! [`Compiled`] gives exactly the results of [`crate::run`] and [`crate::Machine`], the
//! interpreters it is checked against on every program and packet of the crate's differential
//! tests. A program with a backward jump (`protochain`'s loop), one that fails
//! [`crate::validate_user`], or one with a path longer than 256 instructions is not compiled:
//! it runs on the [`Machine`] inside, with the same results.

use std::fmt;
use std::sync::Arc;

use crate::bpf::*;
use crate::machine::{Machine, Meta};
use crate::validate::{backward_target, validate_user};
use crate::{Insn, Program};

/// What one run carries besides A, X and the packet: scratch memory and the metadata.
struct St<'m> {
    mem: [u32; MEMWORDS],
    wire_len: u32,
    meta: &'m Meta,
}

/// One compiled instruction: given the packet, A, X and the rest of the state, runs the
/// program from here and returns its result.
type Step = dyn for<'m> Fn(&[u8], u32, u32, &mut St<'m>) -> u32 + Send + Sync;

/// Where control goes after an instruction.
#[derive(Clone)]
enum Next {
    /// A `ret #k`, folded into the jump that reaches it.
    Ret(u32),
    /// A `ret a`.
    RetA,
    /// Any other instruction.
    Go(Arc<Step>),
}

impl Next {
    #[inline(always)]
    fn go(&self, p: &[u8], a: u32, x: u32, st: &mut St<'_>) -> u32 {
        match self {
            Next::Ret(k) => *k,
            Next::RetA => a,
            Next::Go(f) => f(p, a, x, st),
        }
    }
}

/// A program compiled once into threaded code for fast repeated runs: one closure per
/// instruction, each calling its successor, jump targets and returns resolved at compile time,
/// loads fused with the jumps after them. The same results as [`Machine`] and [`crate::run`].
#[derive(Clone)]
pub struct Compiled {
    engine: Engine,
}

#[derive(Clone)]
enum Engine {
    /// The threaded code: the entry point, and every instruction's closure, held here so
    /// that dropping a long chain of closures is a loop, not a recursion.
    Threaded { entry: Next, _all: Vec<Next> },
    /// A program that is not compiled (a backward jump, or one `validate_user` refuses).
    Machine(Machine),
}

impl fmt::Debug for Compiled {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.engine {
            Engine::Threaded { .. } => f.write_str("Compiled(threaded)"),
            Engine::Machine(m) => f.debug_tuple("Compiled").field(m).finish(),
        }
    }
}

impl Compiled {
    /// Compiles `p`. A program with a backward jump, one [`crate::validate_user`] refuses, or
    /// one with a path of more than 256 instructions (each closure calls the next: a build
    /// without tail calls, such as a debug build, would need that much stack) runs on the
    /// interpreter ([`Machine`]) instead, with the same results.
    pub fn new(p: &Program) -> Compiled {
        let backward =
            p.0.iter()
                .enumerate()
                .any(|(pc, i)| i.code == JMP | JA && backward_target(pc, i.k).is_some());
        let engine = if backward || validate_user(p).is_err() || longest_path(&p.0) > MAX_PATH {
            Engine::Machine(Machine::new(p))
        } else {
            let (entry, nodes) = build(&p.0);
            Engine::Threaded { entry, _all: nodes }
        };
        Compiled { engine }
    }

    /// Whether the program runs as threaded code (false: on the interpreter, see
    /// [`Compiled::new`]).
    pub fn is_threaded(&self) -> bool {
        matches!(self.engine, Engine::Threaded { .. })
    }

    /// Runs the program on `packet` (the captured bytes) whose length on the wire was
    /// `wire_len`; returns the program's result: how many bytes to accept, 0 to reject. The
    /// same as [`Machine::run`] and [`crate::run`] on every program and packet.
    #[inline]
    pub fn run(&self, packet: &[u8], wire_len: u32, meta: &Meta) -> u32 {
        match &self.engine {
            Engine::Threaded { entry, .. } => {
                let mut st = St {
                    mem: [0; MEMWORDS],
                    wire_len,
                    meta,
                };
                entry.go(packet, 0, 0, &mut st)
            }
            Engine::Machine(m) => m.run(packet, wire_len, meta),
        }
    }
}

/// The most instructions a path through a compiled program may have (see [`Compiled::new`]).
const MAX_PATH: usize = 256;

/// The number of instructions on the longest path through a program whose jumps all go
/// forward (a jump past the end ends the path).
fn longest_path(insns: &[Insn]) -> usize {
    let n = insns.len();
    let mut len = vec![0usize; n + 1];
    for pc in (0..n).rev() {
        let i = insns[pc];
        let at = |off: u64| len[(pc as u64 + 1 + off).min(n as u64) as usize];
        let rest = match i.code {
            c if class(c) == RET => 0,
            c if c == JMP | JA => at(u64::from(i.k)),
            c if class(c) == JMP => at(u64::from(i.jt)).max(at(u64::from(i.jf))),
            _ => at(0),
        };
        len[pc] = 1 + rest;
    }
    len[0]
}

/// Reads `N` bytes at `off` of the packet, big-endian; `None` when they are not all there.
#[inline(always)]
fn bytes<const N: usize>(p: &[u8], off: usize) -> Option<&[u8; N]> {
    p.get(off..)?.first_chunk::<N>()
}

#[inline(always)]
fn ld_w(p: &[u8], off: usize) -> Option<u32> {
    bytes::<4>(p, off).map(|b| u32::from_be_bytes(*b))
}

#[inline(always)]
fn ld_h(p: &[u8], off: usize) -> Option<u32> {
    bytes::<2>(p, off).map(|b| u32::from(u16::from_be_bytes(*b)))
}

#[inline(always)]
fn ld_b(p: &[u8], off: usize) -> Option<u32> {
    p.get(off).map(|&b| u32::from(b))
}

/// The offset `x + k` of an indirect load, `None` when it cannot be in any packet.
#[inline(always)]
fn ind(x: u32, k: u32) -> Option<usize> {
    usize::try_from(u64::from(x) + u64::from(k)).ok()
}

/// The ancillary value at `off` (from `SKF_AD_OFF`), as the interpreter reads it; `None`
/// rejects the packet.
#[inline(always)]
fn ancillary(off: u32, a: u32, x: u32, meta: &Meta) -> Option<u32> {
    Some(match off {
        SKF_AD_PROTOCOL => u32::from(meta.protocol),
        SKF_AD_PKTTYPE => u32::from(meta.pkttype),
        SKF_AD_IFINDEX => meta.ifindex,
        SKF_AD_HATYPE => u32::from(meta.hatype),
        SKF_AD_VLAN_TAG => u32::from(meta.vlan_tci.unwrap_or(0)),
        SKF_AD_VLAN_TAG_PRESENT => u32::from(meta.vlan_tci.is_some()),
        SKF_AD_VLAN_TPID => u32::from(meta.vlan_tpid),
        40 => a ^ x,
        o if o < SKF_AD_MAX && o % 4 == 0 => 0,
        _ => return None,
    })
}

/// The test of a conditional jump on a constant.
#[derive(Clone, Copy)]
enum Test {
    Eq,
    Gt,
    Ge,
    Set,
}

fn jump_k_test(code: u16) -> Option<Test> {
    match code {
        c if c == JMP | JEQ | K => Some(Test::Eq),
        c if c == JMP | JGT | K => Some(Test::Gt),
        c if c == JMP | JGE | K => Some(Test::Ge),
        c if c == JMP | JSET | K => Some(Test::Set),
        _ => None,
    }
}

/// The loads that fuse with a following conditional jump on a constant.
#[derive(Clone, Copy)]
enum Load {
    AbsW(usize),
    AbsH(usize),
    AbsB(usize),
    IndW(u32),
    IndH(u32),
    IndB(u32),
}

fn fusable_load(i: &Insn) -> Option<Load> {
    let k = i.k;
    let abs = usize::try_from(k).ok().filter(|_| k < SKF_AD_OFF);
    match i.code {
        c if c == LD | W | ABS => abs.map(Load::AbsW),
        c if c == LD | H | ABS => abs.map(Load::AbsH),
        c if c == LD | B | ABS => abs.map(Load::AbsB),
        c if c == LD | W | IND => Some(Load::IndW(k)),
        c if c == LD | H | IND => Some(Load::IndH(k)),
        c if c == LD | B | IND => Some(Load::IndB(k)),
        _ => None,
    }
}

fn go(f: impl for<'m> Fn(&[u8], u32, u32, &mut St<'m>) -> u32 + Send + Sync + 'static) -> Next {
    Next::Go(Arc::new(f))
}

/// A successor known when the closure that calls it is built: a constant return, compiled
/// into the caller as a constant, or a closure to call. The closures of jumps are generic over
/// the kinds of both their targets, so that a run tests no tag at a jump.
trait Cont: Send + Sync + 'static {
    fn go(&self, p: &[u8], a: u32, x: u32, st: &mut St<'_>) -> u32;
}

/// `ret #k`.
struct RetK(u32);

impl Cont for RetK {
    #[inline(always)]
    fn go(&self, _p: &[u8], _a: u32, _x: u32, _st: &mut St<'_>) -> u32 {
        self.0
    }
}

/// Any other instruction.
struct Call(Arc<Step>);

impl Cont for Call {
    #[inline(always)]
    fn go(&self, p: &[u8], a: u32, x: u32, st: &mut St<'_>) -> u32 {
        (self.0)(p, a, x, st)
    }
}

/// The two kinds of [`Cont`].
enum Split {
    K(RetK),
    C(Call),
}

fn split(n: Next) -> Split {
    match n {
        Next::Ret(k) => Split::K(RetK(k)),
        Next::RetA => Split::C(Call(Arc::new(|_: &[u8], a, _, _: &mut St<'_>| a))),
        Next::Go(f) => Split::C(Call(f)),
    }
}

/// Calls `$mk(args..., t, f)` with the two targets as their [`Cont`] types.
macro_rules! with_targets {
    ($t:expr, $f:expr, $mk:ident ( $($arg:expr),* )) => {
        match (split($t), split($f)) {
            (Split::K(t), Split::K(f)) => $mk($($arg,)* t, f),
            (Split::K(t), Split::C(f)) => $mk($($arg,)* t, f),
            (Split::C(t), Split::K(f)) => $mk($($arg,)* t, f),
            (Split::C(t), Split::C(f)) => $mk($($arg,)* t, f),
        }
    };
}

/// A load then a conditional jump on `k`, one closure per (load, test) pair so that each is
/// straight-line code.
fn fused(load: Load, test: Test, k: u32, t: Next, f: Next) -> Next {
    with_targets!(t, f, fused_to(load, test, k))
}

fn fused_to<T: Cont, F: Cont>(load: Load, test: Test, k: u32, t: T, f: F) -> Next {
    macro_rules! mk {
        ($ld:expr, |$v:ident| $cond:expr) => {
            go(move |p, _a, x, st| {
                let Some($v) = $ld(p, x) else { return 0 };
                if $cond {
                    t.go(p, $v, x, st)
                } else {
                    f.go(p, $v, x, st)
                }
            })
        };
    }
    macro_rules! tests {
        ($ld:expr) => {
            match test {
                Test::Eq => mk!($ld, |v| v == k),
                Test::Gt => mk!($ld, |v| v > k),
                Test::Ge => mk!($ld, |v| v >= k),
                Test::Set => mk!($ld, |v| v & k != 0),
            }
        };
    }
    match load {
        Load::AbsW(o) => tests!(|p, _x| ld_w(p, o)),
        Load::AbsH(o) => tests!(|p, _x| ld_h(p, o)),
        Load::AbsB(o) => tests!(|p, _x| ld_b(p, o)),
        Load::IndW(o) => tests!(|p, x| ind(x, o).and_then(|o| ld_w(p, o))),
        Load::IndH(o) => tests!(|p, x| ind(x, o).and_then(|o| ld_h(p, o))),
        Load::IndB(o) => tests!(|p, x| ind(x, o).and_then(|o| ld_b(p, o))),
    }
}

/// A conditional jump on A and the constant `k`.
fn jump_k(test: Test, k: u32, t: Next, f: Next) -> Next {
    with_targets!(t, f, jump_k_to(test, k))
}

fn jump_k_to<T: Cont, F: Cont>(test: Test, k: u32, t: T, f: F) -> Next {
    macro_rules! mk {
        (|$a:ident| $cond:expr) => {
            go(move |p, $a, x, st| {
                if $cond {
                    t.go(p, $a, x, st)
                } else {
                    f.go(p, $a, x, st)
                }
            })
        };
    }
    match test {
        Test::Eq => mk!(|a| a == k),
        Test::Gt => mk!(|a| a > k),
        Test::Ge => mk!(|a| a >= k),
        Test::Set => mk!(|a| a & k != 0),
    }
}

/// A load and a `jeq #k` after it, as (load, k, true target, false target), the targets as
/// instruction indexes.
fn load_jeq(insns: &[Insn], pc: usize) -> Option<(Load, u32, usize, usize)> {
    let l = fusable_load(insns.get(pc)?)?;
    let j = insns.get(pc + 1)?;
    (j.code == JMP | JEQ | K).then(|| {
        let at = |off: u8| pc + 2 + usize::from(off);
        (l, j.k, at(j.jt), at(j.jf))
    })
}

/// The pair at `pc`, when there is one: `L1; jeq #k1` whose false target is `L2; jeq #k2` with
/// the same true target (`or`), or whose true target is `L2; jeq #k2` with the same false
/// target (`and`), the loads of the same kind.
fn pair(insns: &[Insn], pc: usize, nodes: &[Next]) -> Option<Next> {
    let n = insns.len();
    let (l1, k1, t1, f1) = load_jeq(insns, pc)?;
    let node = |i: usize| nodes[i.min(n)].clone();
    if let Some((l2, k2, t2, f2)) = load_jeq(insns, f1) {
        if t2 == t1 {
            return same_kind(l1, l2).map(|(o1, o2)| {
                with_targets!(node(t1), node(f2), pair_to(Join::Or, l1, o1, k1, o2, k2))
            });
        }
    }
    let (l2, k2, t2, f2) = load_jeq(insns, t1)?;
    if f2 != f1 {
        return None;
    }
    same_kind(l1, l2)
        .map(|(o1, o2)| with_targets!(node(t2), node(f1), pair_to(Join::And, l1, o1, k1, o2, k2)))
}

/// At `pc`, `[ldh|ldb [k];] jeq #k1 jt T1 jf (jeq #k2 jt T2 jf F)`, two equality tests of the
/// same A (an EtherType or IP protocol tested against two values) as one closure.
fn eq2(insns: &[Insn], pc: usize, nodes: &[Next]) -> Option<Next> {
    let n = insns.len();
    let i = insns.get(pc)?;
    let load = match i.code {
        c if c == LD | H | ABS && i.k < SKF_AD_OFF => Some((2, i.k as usize)),
        c if c == LD | B | ABS && i.k < SKF_AD_OFF => Some((1, i.k as usize)),
        _ => None,
    };
    let j1 = pc + usize::from(load.is_some());
    let first = insns.get(j1)?;
    if first.code != JMP | JEQ | K {
        return None;
    }
    let j2 = j1 + 1 + usize::from(first.jf);
    let second = insns.get(j2)?;
    if second.code != JMP | JEQ | K {
        return None;
    }
    let node = |i: usize| split(nodes[i.min(n)].clone());
    let (t1, t2, f) = (
        node(j1 + 1 + usize::from(first.jt)),
        node(j2 + 1 + usize::from(second.jt)),
        node(j2 + 1 + usize::from(second.jf)),
    );
    let (k1, k2) = (first.k, second.k);
    macro_rules! targets {
        ($mk:ident) => {
            match (t1, t2, f) {
                (Split::K(a), Split::K(b), Split::K(c)) => $mk!(a, b, c),
                (Split::K(a), Split::K(b), Split::C(c)) => $mk!(a, b, c),
                (Split::K(a), Split::C(b), Split::K(c)) => $mk!(a, b, c),
                (Split::K(a), Split::C(b), Split::C(c)) => $mk!(a, b, c),
                (Split::C(a), Split::K(b), Split::K(c)) => $mk!(a, b, c),
                (Split::C(a), Split::K(b), Split::C(c)) => $mk!(a, b, c),
                (Split::C(a), Split::C(b), Split::K(c)) => $mk!(a, b, c),
                (Split::C(a), Split::C(b), Split::C(c)) => $mk!(a, b, c),
            }
        };
    }
    fn on_a<T1: Cont, T2: Cont, F: Cont>(k1: u32, k2: u32) -> impl Fn(T1, T2, F) -> Next {
        move |t1, t2, f| {
            go(move |p, a, x, st| {
                if a == k1 {
                    t1.go(p, a, x, st)
                } else if a == k2 {
                    t2.go(p, a, x, st)
                } else {
                    f.go(p, a, x, st)
                }
            })
        }
    }
    fn loaded<T1: Cont, T2: Cont, F: Cont, const W: usize>(
        off: usize,
        k1: u32,
        k2: u32,
    ) -> impl Fn(T1, T2, F) -> Next {
        move |t1, t2, f| {
            go(move |p, _a, x, st| {
                let v = if W == 2 { ld_h(p, off) } else { ld_b(p, off) };
                let Some(a) = v else { return 0 };
                if a == k1 {
                    t1.go(p, a, x, st)
                } else if a == k2 {
                    t2.go(p, a, x, st)
                } else {
                    f.go(p, a, x, st)
                }
            })
        }
    }
    macro_rules! mk_a {
        ($a:expr, $b:expr, $c:expr) => {
            on_a(k1, k2)($a, $b, $c)
        };
    }
    macro_rules! mk_h {
        ($a:expr, $b:expr, $c:expr) => {
            loaded::<_, _, _, 2>(load.map_or(0, |l| l.1), k1, k2)($a, $b, $c)
        };
    }
    macro_rules! mk_b {
        ($a:expr, $b:expr, $c:expr) => {
            loaded::<_, _, _, 1>(load.map_or(0, |l| l.1), k1, k2)($a, $b, $c)
        };
    }
    Some(match load {
        None => targets!(mk_a),
        Some((2, _)) => targets!(mk_h),
        Some(_) => targets!(mk_b),
    })
}

/// The offsets of two loads of the same kind.
fn same_kind(a: Load, b: Load) -> Option<(u64, u64)> {
    let o = |l: Load| match l {
        Load::AbsW(o) | Load::AbsH(o) | Load::AbsB(o) => o as u64,
        Load::IndW(o) | Load::IndH(o) | Load::IndB(o) => u64::from(o),
    };
    (std::mem::discriminant(&a) == std::mem::discriminant(&b)).then(|| (o(a), o(b)))
}

/// How the two tests of a pair are joined.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Join {
    Or,
    And,
}

/// A load of `W` bytes at `off`, or at `x + off` when `IND`.
#[inline(always)]
fn load_at<const W: usize, const IND: bool>(p: &[u8], x: u32, off: u64) -> Option<u32> {
    let off = if IND {
        usize::try_from(u64::from(x) + off).ok()?
    } else {
        off as usize
    };
    match W {
        4 => ld_w(p, off),
        2 => ld_h(p, off),
        _ => ld_b(p, off),
    }
}

#[allow(clippy::too_many_arguments)]
fn pair_to<T: Cont, F: Cont>(
    join: Join,
    l: Load,
    o1: u64,
    k1: u32,
    o2: u64,
    k2: u32,
    t: T,
    f: F,
) -> Next {
    macro_rules! mk {
        ($w:literal, $ind:literal) => {
            match join {
                // `L1; jeq k1 jt T jf (L2; jeq k2 jt T jf F)`: the second load is made even
                // when the first test holds (it has no effect then), so that one branch decides.
                Join::Or => go(move |p, _a, x, st| {
                    let Some(v1) = load_at::<$w, $ind>(p, x, o1) else {
                        return 0;
                    };
                    let v2 = load_at::<$w, $ind>(p, x, o2);
                    let c1 = v1 == k1;
                    if c1 | (v2 == Some(k2)) {
                        t.go(p, if c1 { k1 } else { k2 }, x, st)
                    } else {
                        match v2 {
                            Some(v2) => f.go(p, v2, x, st),
                            None => 0,
                        }
                    }
                }),
                // `L1; jeq k1 jt (L2; jeq k2 jt T jf F) jf F`.
                Join::And => go(move |p, _a, x, st| {
                    let Some(v1) = load_at::<$w, $ind>(p, x, o1) else {
                        return 0;
                    };
                    let v2 = load_at::<$w, $ind>(p, x, o2);
                    let c1 = v1 == k1;
                    if c1 & (v2 == Some(k2)) {
                        t.go(p, k2, x, st)
                    } else if c1 {
                        match v2 {
                            Some(v2) => f.go(p, v2, x, st),
                            None => 0,
                        }
                    } else {
                        f.go(p, v1, x, st)
                    }
                }),
            }
        };
    }
    match l {
        Load::AbsW(_) => mk!(4, false),
        Load::AbsH(_) => mk!(2, false),
        Load::AbsB(_) => mk!(1, false),
        Load::IndW(_) => mk!(4, true),
        Load::IndH(_) => mk!(2, true),
        Load::IndB(_) => mk!(1, true),
    }
}

/// Compiles a program that passed `validate_user` and has no backward jump: every jump goes
/// forward, so the closures are built from the last instruction to the first.
fn build(insns: &[Insn]) -> (Next, Vec<Next>) {
    let n = insns.len();
    let reads_mem = insns
        .iter()
        .any(|i| i.code == LD | MEM || i.code == LDX | MEM);
    // nodes[n]: falling off the end rejects (a validated program ends with a return).
    let mut nodes: Vec<Next> = vec![Next::Ret(0); n + 1];
    for pc in (0..n).rev() {
        let i = insns[pc];
        let k = i.k;
        let at = |off: u64| nodes[(pc as u64 + 1 + off).min(n as u64) as usize].clone();
        let next = at(0);
        let (t, f) = (at(u64::from(i.jt)), at(u64::from(i.jf)));
        // The scratch index, checked by validation.
        let slot = (k as usize) % MEMWORDS;
        macro_rules! a_op {
            (|$a:ident, $x:ident| $e:expr) => {
                go(move |p, $a, $x, st| next.go(p, $e, $x, st))
            };
        }
        macro_rules! jump {
            (|$a:ident, $x:ident| $cond:expr) => {
                go(move |p, $a, $x, st| {
                    if $cond {
                        t.go(p, $a, $x, st)
                    } else {
                        f.go(p, $a, $x, st)
                    }
                })
            };
        }
        // Two loads-and-equality-tests of the same kind joined by `or` or `and` run as one
        // closure with one data-dependent branch; any other load followed by a conditional
        // jump on a constant runs as one closure.
        let fuse = pair(insns, pc, &nodes)
            .or_else(|| eq2(insns, pc, &nodes))
            .or_else(|| {
                fusable_load(&i).and_then(|l| {
                    let j = insns.get(pc + 1)?;
                    let test = jump_k_test(j.code)?;
                    let at = |off: u8| nodes[(pc + 2 + usize::from(off)).min(n)].clone();
                    Some(fused(l, test, j.k, at(j.jt), at(j.jf)))
                })
            });
        let node = if let Some(node) = fuse {
            node
        } else if let Some(test) = jump_k_test(i.code) {
            jump_k(test, k, t, f)
        } else {
            match i.code {
                c if c == LD | W | ABS || c == LD | H | ABS || c == LD | B | ABS => {
                    if k >= SKF_AD_OFF {
                        let off = k - SKF_AD_OFF;
                        go(move |p, a, x, st| match ancillary(off, a, x, st.meta) {
                            Some(v) => next.go(p, v, x, st),
                            None => 0,
                        })
                    } else {
                        let o = k as usize;
                        let w = if c == LD | W | ABS {
                            4
                        } else if c == LD | H | ABS {
                            2
                        } else {
                            1
                        };
                        match w {
                            4 => go(move |p, _a, x, st| match ld_w(p, o) {
                                Some(v) => next.go(p, v, x, st),
                                None => 0,
                            }),
                            2 => go(move |p, _a, x, st| match ld_h(p, o) {
                                Some(v) => next.go(p, v, x, st),
                                None => 0,
                            }),
                            _ => go(move |p, _a, x, st| match ld_b(p, o) {
                                Some(v) => next.go(p, v, x, st),
                                None => 0,
                            }),
                        }
                    }
                }
                c if c == LD | W | IND => {
                    go(
                        move |p, _a, x, st| match ind(x, k).and_then(|o| ld_w(p, o)) {
                            Some(v) => next.go(p, v, x, st),
                            None => 0,
                        },
                    )
                }
                c if c == LD | H | IND => {
                    go(
                        move |p, _a, x, st| match ind(x, k).and_then(|o| ld_h(p, o)) {
                            Some(v) => next.go(p, v, x, st),
                            None => 0,
                        },
                    )
                }
                c if c == LD | B | IND => {
                    go(
                        move |p, _a, x, st| match ind(x, k).and_then(|o| ld_b(p, o)) {
                            Some(v) => next.go(p, v, x, st),
                            None => 0,
                        },
                    )
                }
                c if c == LD | W | LEN => go(move |p, _a, x, st| next.go(p, st.wire_len, x, st)),
                c if c == LD | IMM => a_op!(|_a, x| k),
                c if c == LD | MEM => go(move |p, _a, x, st| next.go(p, st.mem[slot], x, st)),
                c if c == LDX | W | LEN => go(move |p, a, _x, st| next.go(p, a, st.wire_len, st)),
                c if c == LDX | IMM => go(move |p, a, _x, st| next.go(p, a, k, st)),
                c if c == LDX | MEM => go(move |p, a, _x, st| next.go(p, a, st.mem[slot], st)),
                c if c == LDX | B | MSH => {
                    let o = k as usize;
                    go(move |p, a, _x, st| match ld_b(p, o) {
                        Some(v) => next.go(p, a, (v & 0xf) << 2, st),
                        None => 0,
                    })
                }
                c if c == ST || c == STX => {
                    if !reads_mem {
                        // Nothing ever reads what is stored.
                        next
                    } else if c == ST {
                        go(move |p, a, x, st| {
                            st.mem[slot] = a;
                            next.go(p, a, x, st)
                        })
                    } else {
                        go(move |p, a, x, st| {
                            st.mem[slot] = x;
                            next.go(p, a, x, st)
                        })
                    }
                }
                c if c == ALU | ADD | K => a_op!(|a, x| a.wrapping_add(k)),
                c if c == ALU | SUB | K => a_op!(|a, x| a.wrapping_sub(k)),
                c if c == ALU | MUL | K => a_op!(|a, x| a.wrapping_mul(k)),
                c if c == ALU | DIV | K || c == ALU | MOD | K => {
                    // Validation refuses a constant zero; the check stays for safety.
                    let div = c == ALU | DIV | K;
                    go(move |p, a, x, st| {
                        let r = if div {
                            a.checked_div(k)
                        } else {
                            a.checked_rem(k)
                        };
                        match r {
                            Some(v) => next.go(p, v, x, st),
                            None => 0,
                        }
                    })
                }
                c if c == ALU | AND | K => a_op!(|a, x| a & k),
                c if c == ALU | OR | K => a_op!(|a, x| a | k),
                c if c == ALU | XOR | K => a_op!(|a, x| a ^ k),
                c if c == ALU | LSH | K => {
                    let s = k & 31;
                    a_op!(|a, x| a << s)
                }
                c if c == ALU | RSH | K => {
                    let s = k & 31;
                    a_op!(|a, x| a >> s)
                }
                c if c == ALU | ADD | X => a_op!(|a, x| a.wrapping_add(x)),
                c if c == ALU | SUB | X => a_op!(|a, x| a.wrapping_sub(x)),
                c if c == ALU | MUL | X => a_op!(|a, x| a.wrapping_mul(x)),
                c if c == ALU | DIV | X => go(move |p, a, x, st| match a.checked_div(x) {
                    Some(v) => next.go(p, v, x, st),
                    None => 0,
                }),
                c if c == ALU | MOD | X => go(move |p, a, x, st| match a.checked_rem(x) {
                    Some(v) => next.go(p, v, x, st),
                    None => 0,
                }),
                c if c == ALU | AND | X => a_op!(|a, x| a & x),
                c if c == ALU | OR | X => a_op!(|a, x| a | x),
                c if c == ALU | XOR | X => a_op!(|a, x| a ^ x),
                c if c == ALU | LSH | X => a_op!(|a, x| a << (x & 31)),
                c if c == ALU | RSH | X => a_op!(|a, x| a >> (x & 31)),
                c if c == ALU | NEG => a_op!(|a, x| a.wrapping_neg()),
                // Forward only here (`Compiled::new` sends backward jumps to the machine).
                c if c == JMP | JA => at(u64::from(k)),
                c if c == JMP | JEQ | X => jump!(|a, x| a == x),
                c if c == JMP | JGT | X => jump!(|a, x| a > x),
                c if c == JMP | JGE | X => jump!(|a, x| a >= x),
                c if c == JMP | JSET | X => jump!(|a, x| a & x != 0),
                c if c == RET | K => Next::Ret(k),
                c if c == RET | A => Next::RetA,
                c if c == MISC | TAX => go(move |p, a, _x, st| next.go(p, a, a, st)),
                c if c == MISC | TXA => go(move |p, _a, x, st| next.go(p, x, x, st)),
                _ => Next::Ret(0),
            }
        };
        nodes[pc] = node;
    }
    (nodes[0].clone(), nodes)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::machine::run;

    fn insn(code: u16, jt: u8, jf: u8, k: u32) -> Insn {
        Insn { code, jt, jf, k }
    }

    /// A jump into the second half of a fused pair runs the jump alone, as the interpreter
    /// does; entering at the load runs both.
    #[test]
    fn jumps_into_a_fused_pair_skip_its_load() {
        let p = Program(vec![
            insn(LD | IMM, 0, 0, 0x800),
            insn(JMP | JEQ | K, 0, 1, 1),
            insn(LD | H | ABS, 0, 0, 12),
            insn(JMP | JEQ | K, 0, 1, 0x800),
            insn(RET | K, 0, 0, 1),
            insn(RET | K, 0, 0, 0),
        ]);
        let c = Compiled::new(&p);
        assert!(c.is_threaded());
        let mut ipv6 = [0u8; 20];
        ipv6[12..14].copy_from_slice(&[0x86, 0xdd]);
        let meta = Meta::default();
        assert_eq!(c.run(&ipv6, 20, &meta), 1);
        assert_eq!(run(&p, &ipv6, 20, &meta), 1);
        let q = Program(p.0[2..].to_vec());
        let c = Compiled::new(&q);
        assert_eq!(c.run(&ipv6, 20, &meta), 0);
        let mut ipv4 = ipv6;
        ipv4[12..14].copy_from_slice(&[0x08, 0x00]);
        assert_eq!(c.run(&ipv4, 20, &meta), 1);
        assert_eq!(c.run(&ipv4[..13], 13, &meta), 0);
    }

    /// Backward jumps and programs validation refuses run on the interpreter.
    #[test]
    fn loops_and_invalid_programs_run_on_the_machine() {
        let looping = Program(vec![
            insn(LD | IMM, 0, 0, 0),
            insn(JMP | JA, 0, 0, u32::MAX), // back to itself
            insn(RET | K, 0, 0, 1),
        ]);
        let c = Compiled::new(&looping);
        assert!(!c.is_threaded());
        assert_eq!(c.run(&[0; 4], 4, &Meta::default()), 0);
        let no_ret = Program(vec![insn(LD | IMM, 0, 0, 0)]);
        assert!(!Compiled::new(&no_ret).is_threaded());
        assert_eq!(Compiled::new(&no_ret).run(&[], 0, &Meta::default()), 0);
    }

    /// The `or` and `and` pairs give the interpreter's A on both exits, and reject when the
    /// second load fails only if the interpreter would have made it.
    #[test]
    fn pairs_keep_a_and_short_packets() {
        let meta = Meta::default();
        for ind in [false, true] {
            for (w, size) in [(W, 4usize), (H, 2), (B, 1)] {
                let mode = if ind { IND } else { ABS };
                let ld = |k: u32| insn(LD | w | mode, 0, 0, k);
                let mut or = vec![
                    ld(0),
                    insn(JMP | JEQ | K, 3, 0, 1),
                    ld(4),
                    insn(JMP | JEQ | K, 1, 0, 2),
                    insn(RET | A, 0, 0, 0),
                    insn(ALU | ADD | K, 0, 0, 100),
                    insn(RET | A, 0, 0, 0),
                ];
                let mut and = or.clone();
                and[1] = insn(JMP | JEQ | K, 0, 2, 1);
                and[3] = insn(JMP | JEQ | K, 1, 0, 2);
                if ind {
                    or.insert(0, insn(LDX | IMM, 0, 0, 1));
                    and.insert(0, insn(LDX | IMM, 0, 0, 1));
                }
                for p in [Program(or), Program(and)] {
                    let c = Compiled::new(&p);
                    assert!(c.is_threaded());
                    for first in [0u8, 1] {
                        for second in [0u8, 2, 3] {
                            let mut pk = [0u8; 12];
                            let at = usize::from(ind);
                            pk[at + size - 1] = first;
                            pk[at + 4 + size - 1] = second;
                            for len in 0..=pk.len() {
                                assert_eq!(
                                    c.run(&pk[..len], len as u32, &meta),
                                    run(&p, &pk[..len], len as u32, &meta),
                                    "{p:?} {:?}",
                                    &pk[..len]
                                );
                            }
                        }
                    }
                }
            }
        }
    }

    /// Scratch memory, X, division by a zero X and ancillary loads give the interpreter's
    /// results.
    #[test]
    fn memory_x_and_ancillary() {
        let p = Program(vec![
            insn(LD | W | LEN, 0, 0, 0),
            insn(ST, 0, 0, 3),
            insn(LDX | B | MSH, 0, 0, 0),
            insn(LD | MEM, 0, 0, 3),
            insn(ALU | ADD | X, 0, 0, 0),
            insn(LD | W | ABS, 0, 0, SKF_AD_OFF + SKF_AD_IFINDEX),
            insn(ALU | DIV | X, 0, 0, 0),
            insn(RET | A, 0, 0, 0),
        ]);
        let c = Compiled::new(&p);
        assert!(c.is_threaded());
        let meta = Meta {
            ifindex: 400,
            ..Meta::default()
        };
        for pk in [&[0x45u8, 0][..], &[0x40, 0][..], &[][..]] {
            assert_eq!(c.run(pk, 60, &meta), run(&p, pk, 60, &meta), "{pk:?}");
        }
        assert_eq!(c.run(&[0x45], 60, &meta), 400 / 20);
    }
}
