//! The optimizer and the conversion of the flow graph to a flat program.
//!
//! The passes are those of libpcap's optimizer (the BPF+ paper's): value numbering with constant
//! folding and dead-store removal inside blocks, peephole rules, jump threading along edge
//! dominators, "or"/"and" pull-ups, unification of identical blocks, iterated to a fixed point.
//! Doing what libpcap does keeps our programs exactly as short as libpcap's.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::bpf::*;
use crate::error::GenError;
use crate::ir::{Graph, NOP};
use crate::Insn;

/// A fast non-cryptographic hasher (the keys are small integers we made ourselves).
#[derive(Default)]
struct FxHasher(u64);

impl Hasher for FxHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    fn write_i32(&mut self, i: i32) {
        self.write_u64(u64::from(i as u32));
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    fn write_u8(&mut self, i: u8) {
        self.write_u64(u64::from(i));
    }
}

type FxMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// What makes two blocks equal: jump code and operand, targets, live statements.
type BlockSig = (i32, u32, Option<usize>, Option<usize>, Vec<(i32, u32)>);

/// Number of value-numbered atoms: 16 memory words, A and X.
const N_ATOMS: usize = MEMWORDS + 2;
const A_ATOM: usize = MEMWORDS;
const X_ATOM: usize = MEMWORDS + 1;

/// "Some value we know nothing about".
const VAL_UNKNOWN: u32 = 0;
const AX_ATOM: i32 = N_ATOMS as i32;

fn atom_mask(a: usize) -> u32 {
    1u32 << a
}

fn atom_elem(set: u32, a: usize) -> bool {
    set & (1u32 << a) != 0
}

/// What the optimizer knows about one block (libpcap keeps this in `struct block`; here the
/// graph holds only the code and the optimizer owns its scratch state, one per graph block).
#[derive(Clone, Copy, Debug)]
struct BlockState {
    /// The block's number in depth-first order from the root.
    id: usize,
    /// Its height: 0 for returns, else one more than its highest successor.
    level: i32,
    /// The next block of the same level.
    link: Option<usize>,
    /// The visit mark (equal to `Opt::cur_mark` when visited).
    mark: u32,
    /// The value number of each atom at the end of the block.
    val: [u32; N_ATOMS],
    /// The value number of the jump's operand.
    oval: u32,
    /// Atoms the block defines.
    def: u32,
    /// Atoms it defines before any use.
    kill: u32,
    /// Atoms live on entry.
    in_use: u32,
    /// Atoms live on exit.
    out_use: u32,
}

impl Default for BlockState {
    fn default() -> Self {
        BlockState {
            id: 0,
            level: 0,
            link: None,
            mark: 0,
            val: [0; N_ATOMS],
            oval: 0,
            def: 0,
            kill: 0,
            in_use: 0,
            out_use: 0,
        }
    }
}

struct Opt<'g> {
    g: &'g mut Graph,
    /// Per graph block, the optimizer's state.
    bs: Vec<BlockState>,
    root: usize,
    done: bool,
    non_branch: bool,
    n_blocks: usize,
    blocks: Vec<usize>,
    n_edges: usize,
    nodewords: usize,
    edgewords: usize,
    levels: Vec<Option<usize>>,
    dom: Vec<u32>,
    closure: Vec<u32>,
    edom: Vec<u32>,
    edge_code: Vec<i32>,
    edge_next: Vec<Option<usize>>,
    in_edges: Vec<Option<usize>>,
    hash: FxMap<(i32, u32, u32), u32>,
    curval: u32,
    vmap: Vec<(bool, u32)>,
    cur_mark: u32,
    /// An error from constant folding (division by zero, ...).
    error: Option<GenError>,
}

/// The block and direction of edge `e` (`true` for the true branch).
fn edge_parts(n: usize, e: usize) -> (usize, bool) {
    if e < n {
        (e, true)
    } else {
        (e - n, false)
    }
}

impl<'g> Opt<'g> {
    fn jt(&self, b: usize) -> Option<usize> {
        self.g.blocks[b].jt
    }

    fn jf(&self, b: usize) -> Option<usize> {
        self.g.blocks[b].jf
    }

    fn unmark_all(&mut self) {
        self.cur_mark += 1;
    }

    fn is_marked(&self, b: usize) -> bool {
        self.bs[b].mark == self.cur_mark
    }

    fn mark(&mut self, b: usize) {
        self.bs[b].mark = self.cur_mark;
    }

    fn edge_block(&self, e: usize) -> (usize, bool) {
        let (num, t) = edge_parts(self.n_blocks, e);
        (self.blocks[num], t)
    }

    fn edge_succ(&self, e: usize) -> Option<usize> {
        let (b, t) = self.edge_block(e);
        if t {
            self.g.blocks[b].jt
        } else {
            self.g.blocks[b].jf
        }
    }

    fn set_edge_succ(&mut self, e: usize, s: Option<usize>) {
        let (b, t) = self.edge_block(e);
        if t {
            self.g.blocks[b].jt = s;
        } else {
            self.g.blocks[b].jf = s;
        }
    }

    fn et(&self, b: usize) -> usize {
        self.bs[b].id
    }

    fn ef(&self, b: usize) -> usize {
        self.n_blocks + self.bs[b].id
    }

    // ---- set helpers ----

    fn dom_has(&self, b: usize, member: usize) -> bool {
        let base = self.bs[b].id * self.nodewords;
        self.dom[base + member / 32] & (1 << (member % 32)) != 0
    }

    // ---- init ----

    fn init(g: &'g mut Graph, root: usize) -> Self {
        let n = g.blocks.len();
        let mut o = Opt {
            g,
            bs: vec![BlockState::default(); n],
            root,
            done: false,
            non_branch: false,
            n_blocks: 0,
            blocks: Vec::new(),
            n_edges: 0,
            nodewords: 0,
            edgewords: 0,
            levels: Vec::new(),
            dom: Vec::new(),
            closure: Vec::new(),
            edom: Vec::new(),
            edge_code: Vec::new(),
            edge_next: Vec::new(),
            in_edges: Vec::new(),
            hash: FxMap::default(),
            curval: 0,
            vmap: vec![(false, 0)],
            cur_mark: 1,
            error: None,
        };
        o.unmark_all();
        o.number_blks(root);
        o.n_edges = 2 * o.n_blocks;
        o.levels = vec![None; o.n_blocks];
        o.edgewords = o.n_edges / 32 + 1;
        o.nodewords = o.n_blocks / 32 + 1;
        o.dom = vec![0; o.n_blocks * o.nodewords];
        o.closure = vec![0; o.n_blocks * o.nodewords];
        o.edom = vec![0; o.n_edges * o.edgewords];
        o.edge_code = vec![0; o.n_edges];
        o.edge_next = vec![None; o.n_edges];
        o.in_edges = vec![None; o.n_blocks];
        o
    }

    /// Depth-first numbering from the root, true branch first.
    fn number_blks(&mut self, root: usize) {
        let mut stack = vec![root];
        while let Some(p) = stack.pop() {
            if self.is_marked(p) {
                continue;
            }
            self.mark(p);
            let n = self.n_blocks;
            self.n_blocks += 1;
            self.bs[p].id = n;
            self.blocks.push(p);
            if let Some(f) = self.jf(p) {
                stack.push(f);
            }
            if let Some(t) = self.jt(p) {
                stack.push(t);
            }
        }
    }

    // ---- levels, dominators, closure ----

    fn find_levels(&mut self) {
        for l in self.levels.iter_mut() {
            *l = None;
        }
        self.unmark_all();
        self.find_levels_r(self.root);
    }

    fn find_levels_r(&mut self, b: usize) {
        // Iterative post-order: a block's level is known once both children are done.
        let mut stack: Vec<(usize, bool)> = vec![(b, false)];
        while let Some((p, expanded)) = stack.pop() {
            if !expanded {
                if self.is_marked(p) {
                    continue;
                }
                self.mark(p);
                self.bs[p].link = None;
                stack.push((p, true));
                if let (Some(t), Some(f)) = (self.jt(p), self.jf(p)) {
                    // libpcap recurses into JT then JF; with a stack push JF first.
                    stack.push((f, false));
                    stack.push((t, false));
                }
            } else {
                let level = match (self.jt(p), self.jf(p)) {
                    (Some(t), Some(f)) => self.bs[t].level.max(self.bs[f].level) + 1,
                    _ => 0,
                };
                self.bs[p].level = level;
                self.bs[p].link = self.levels[level as usize];
                self.levels[level as usize] = Some(p);
            }
        }
    }

    fn level_list(&self, level: i32) -> Vec<usize> {
        let mut v = Vec::new();
        let mut b = self.levels[level as usize];
        while let Some(x) = b {
            v.push(x);
            b = self.bs[x].link;
        }
        v
    }

    fn find_dom(&mut self) {
        for x in self.dom.iter_mut() {
            *x = 0xffff_ffff;
        }
        let nw = self.nodewords;
        let rid = self.bs[self.root].id;
        for i in 0..nw {
            self.dom[rid * nw + i] = 0;
        }
        let top = self.bs[self.root].level;
        for level in (0..=top).rev() {
            for b in self.level_list(level) {
                let id = self.bs[b].id;
                self.dom[id * nw + id / 32] |= 1 << (id % 32);
                let (Some(t), Some(f)) = (self.jt(b), self.jf(b)) else {
                    continue;
                };
                let (tid, fid) = (self.bs[t].id, self.bs[f].id);
                for i in 0..nw {
                    let d = self.dom[id * nw + i];
                    self.dom[tid * nw + i] &= d;
                    self.dom[fid * nw + i] &= d;
                }
            }
        }
    }

    fn propedom(&mut self, e: usize) {
        let ew = self.edgewords;
        self.edom[e * ew + e / 32] |= 1 << (e % 32);
        if let Some(s) = self.edge_succ(e) {
            let (st, sf) = (self.et(s), self.ef(s));
            for i in 0..ew {
                let d = self.edom[e * ew + i];
                self.edom[st * ew + i] &= d;
                self.edom[sf * ew + i] &= d;
            }
        }
    }

    fn find_edom(&mut self) {
        for x in self.edom.iter_mut() {
            *x = 0xffff_ffff;
        }
        let ew = self.edgewords;
        let (rt, rf) = (self.et(self.root), self.ef(self.root));
        for i in 0..ew {
            self.edom[rt * ew + i] = 0;
            self.edom[rf * ew + i] = 0;
        }
        let top = self.bs[self.root].level;
        for level in (0..=top).rev() {
            for b in self.level_list(level) {
                let (et, ef) = (self.et(b), self.ef(b));
                self.propedom(et);
                self.propedom(ef);
            }
        }
    }

    fn find_closure(&mut self) {
        for x in self.closure.iter_mut() {
            *x = 0;
        }
        let nw = self.nodewords;
        let top = self.bs[self.root].level;
        for level in (0..=top).rev() {
            for b in self.level_list(level) {
                let id = self.bs[b].id;
                self.closure[id * nw + id / 32] |= 1 << (id % 32);
                let (Some(t), Some(f)) = (self.jt(b), self.jf(b)) else {
                    continue;
                };
                let (tid, fid) = (self.bs[t].id, self.bs[f].id);
                for i in 0..nw {
                    let c = self.closure[id * nw + i];
                    self.closure[tid * nw + i] |= c;
                    self.closure[fid * nw + i] |= c;
                }
            }
        }
    }

    // ---- use/def ----

    fn atomuse(code: i32, k: u32) -> i32 {
        if code == NOP {
            return -1;
        }
        let c = code as u16;
        match class(c) {
            RET => {
                if rval(c) == A {
                    A_ATOM as i32
                } else if rval(c) == X {
                    X_ATOM as i32
                } else {
                    -1
                }
            }
            LD | LDX => {
                if mode(c) == IND {
                    X_ATOM as i32
                } else if mode(c) == MEM {
                    k as i32
                } else {
                    -1
                }
            }
            ST => A_ATOM as i32,
            STX => X_ATOM as i32,
            JMP | ALU => {
                if src(c) == X {
                    AX_ATOM
                } else {
                    A_ATOM as i32
                }
            }
            _ => {
                if miscop(c) == TXA {
                    X_ATOM as i32
                } else {
                    A_ATOM as i32
                }
            }
        }
    }

    fn atomdef(code: i32, k: u32) -> i32 {
        if code == NOP {
            return -1;
        }
        let c = code as u16;
        match class(c) {
            LD | ALU => A_ATOM as i32,
            LDX => X_ATOM as i32,
            ST | STX => k as i32,
            MISC => {
                if miscop(c) == TAX {
                    X_ATOM as i32
                } else {
                    A_ATOM as i32
                }
            }
            _ => -1,
        }
    }

    fn compute_local_ud(&mut self, b: usize) {
        let mut def = 0u32;
        let mut used = 0u32;
        let mut killed = 0u32;
        let use_atom = |atom: i32, def: u32, used: &mut u32| {
            if atom >= 0 {
                if atom == AX_ATOM {
                    if !atom_elem(def, X_ATOM) {
                        *used |= atom_mask(X_ATOM);
                    }
                    if !atom_elem(def, A_ATOM) {
                        *used |= atom_mask(A_ATOM);
                    }
                } else if (atom as usize) < N_ATOMS && !atom_elem(def, atom as usize) {
                    *used |= atom_mask(atom as usize);
                }
            }
        };
        for &s in &self.g.blocks[b].stmts {
            let st = &self.g.stmts[s];
            if st.code == NOP {
                continue;
            }
            use_atom(Self::atomuse(st.code, st.k), def, &mut used);
            let atom = Self::atomdef(st.code, st.k);
            if atom >= 0 && (atom as usize) < N_ATOMS {
                if !atom_elem(used, atom as usize) {
                    killed |= atom_mask(atom as usize);
                }
                def |= atom_mask(atom as usize);
            }
        }
        let blk = &self.g.blocks[b];
        if class(blk.code as u16) == JMP {
            use_atom(Self::atomuse(blk.code, blk.k), def, &mut used);
        }
        let blk = &mut self.bs[b];
        blk.def = def;
        blk.kill = killed;
        blk.in_use = used;
    }

    fn find_ud(&mut self) {
        let top = self.bs[self.root].level;
        for level in (0..=top).rev() {
            for p in self.level_list(level) {
                self.compute_local_ud(p);
                self.bs[p].out_use = 0;
            }
        }
        for level in 1..=top {
            for p in self.level_list(level) {
                let (t, f) = (self.jt(p).unwrap_or(p), self.jf(p).unwrap_or(p));
                let u = self.bs[t].in_use | self.bs[f].in_use;
                let blk = &mut self.bs[p];
                blk.out_use |= u;
                blk.in_use |= blk.out_use & !blk.kill;
            }
        }
    }

    // ---- value numbering ----

    fn init_val(&mut self) {
        self.curval = 0;
        self.hash.clear();
        self.vmap.clear();
        self.vmap.push((false, 0));
    }

    fn f(&mut self, code: i32, v0: u32, v1: u32) -> u32 {
        if let Some(&v) = self.hash.get(&(code, v0, v1)) {
            return v;
        }
        self.curval += 1;
        let val = self.curval;
        let c = code as u16;
        let is_const = mode(c) == IMM && (class(c) == LD || class(c) == LDX);
        self.vmap.push((is_const, if is_const { v0 } else { 0 }));
        self.hash.insert((code, v0, v1), val);
        val
    }

    fn k(&mut self, i: u32) -> u32 {
        self.f(i32::from(LD | IMM | W), i, 0)
    }

    fn is_const(&self, v: u32) -> bool {
        self.vmap[v as usize].0
    }

    fn const_val(&self, v: u32) -> u32 {
        self.vmap[v as usize].1
    }

    fn changed(&mut self) {
        self.non_branch = true;
        self.done = false;
    }

    fn vstore(&mut self, s: usize, valp: &mut u32, newval: u32, alter: bool) {
        if alter && newval != VAL_UNKNOWN && *valp == newval {
            self.g.stmts[s].code = NOP;
        } else {
            *valp = newval;
        }
    }

    fn fold_op(&mut self, s: usize, v0: u32, v1: u32) {
        let a = self.const_val(v0);
        let b = self.const_val(v1);
        let op = op(self.g.stmts[s].code as u16);
        let r = match op {
            ADD => a.wrapping_add(b),
            SUB => a.wrapping_sub(b),
            MUL => a.wrapping_mul(b),
            DIV => a.checked_div(b).unwrap_or_else(|| {
                self.error.get_or_insert(GenError::DivisionByZero);
                0
            }),
            MOD => a.checked_rem(b).unwrap_or_else(|| {
                self.error.get_or_insert(GenError::ModulusByZero);
                0
            }),
            AND => a & b,
            OR => a | b,
            XOR => a ^ b,
            LSH => {
                if b < 32 {
                    a << b
                } else {
                    0
                }
            }
            RSH => {
                if b < 32 {
                    a >> b
                } else {
                    0
                }
            }
            _ => a,
        };
        self.g.stmts[s].k = r;
        self.g.stmts[s].code = i32::from(LD | IMM);
        self.changed();
    }

    fn opt_stmt(&mut self, s: usize, val: &mut [u32; N_ATOMS], alter: bool) {
        let code = self.g.stmts[s].code;
        if code == NOP {
            return;
        }
        let c = code as u16;
        let k = self.g.stmts[s].k;
        match c {
            x if x == LD | ABS | W || x == LD | ABS | H || x == LD | ABS | B => {
                let v = self.f(code, k, 0);
                self.vstore(s, &mut val[A_ATOM], v, alter);
            }
            x if x == LD | IND | W || x == LD | IND | H || x == LD | IND | B => {
                let mut v = val[X_ATOM];
                if alter && self.is_const(v) {
                    let newcode = i32::from(LD | ABS | size(c));
                    let newk = k.wrapping_add(self.const_val(v));
                    self.g.stmts[s].code = newcode;
                    self.g.stmts[s].k = newk;
                    v = self.f(newcode, newk, 0);
                    self.changed();
                } else {
                    v = self.f(code, k, v);
                }
                self.vstore(s, &mut val[A_ATOM], v, alter);
            }
            x if x == LD | LEN => {
                let v = self.f(code, 0, 0);
                self.vstore(s, &mut val[A_ATOM], v, alter);
            }
            x if x == LD | IMM => {
                let v = self.k(k);
                self.vstore(s, &mut val[A_ATOM], v, alter);
            }
            x if x == LDX | IMM => {
                let v = self.k(k);
                self.vstore(s, &mut val[X_ATOM], v, alter);
            }
            x if x == LDX | MSH | B => {
                let v = self.f(code, k, 0);
                self.vstore(s, &mut val[X_ATOM], v, alter);
            }
            x if x == ALU | NEG => {
                if alter && self.is_const(val[A_ATOM]) {
                    self.g.stmts[s].code = i32::from(LD | IMM);
                    let nk = 0u32.wrapping_sub(self.const_val(val[A_ATOM]));
                    self.g.stmts[s].k = nk;
                    val[A_ATOM] = self.k(nk);
                } else {
                    val[A_ATOM] = self.f(code, val[A_ATOM], 0);
                }
            }
            x if class(x) == ALU && src(x) == K => {
                let op = op(c);
                if alter {
                    if k == 0 {
                        if matches!(op, ADD | LSH | RSH | OR | XOR) {
                            self.g.stmts[s].code = NOP;
                            return;
                        }
                        if matches!(op, MUL | AND) {
                            self.g.stmts[s].code = i32::from(LD | IMM);
                            val[A_ATOM] = self.k(k);
                            return;
                        }
                        if op == DIV {
                            self.error.get_or_insert(GenError::DivisionByZero);
                        }
                        if op == MOD {
                            self.error.get_or_insert(GenError::ModulusByZero);
                        }
                    }
                    if self.is_const(val[A_ATOM]) {
                        let kk = self.k(k);
                        self.fold_op(s, val[A_ATOM], kk);
                        let nk = self.g.stmts[s].k;
                        val[A_ATOM] = self.k(nk);
                        return;
                    }
                }
                let kk = self.k(k);
                val[A_ATOM] = self.f(code, val[A_ATOM], kk);
            }
            x if class(x) == ALU && src(x) == X => {
                let op = op(c);
                if alter && self.is_const(val[X_ATOM]) {
                    if self.is_const(val[A_ATOM]) {
                        self.fold_op(s, val[A_ATOM], val[X_ATOM]);
                        let nk = self.g.stmts[s].k;
                        val[A_ATOM] = self.k(nk);
                    } else {
                        let nc = i32::from(ALU | K | op);
                        let nk = self.const_val(val[X_ATOM]);
                        self.g.stmts[s].code = nc;
                        self.g.stmts[s].k = nk;
                        if (op == LSH || op == RSH) && nk > 31 {
                            self.error.get_or_insert(GenError::ShiftTooWide);
                        }
                        self.changed();
                        let kk = self.k(nk);
                        val[A_ATOM] = self.f(nc, val[A_ATOM], kk);
                    }
                    return;
                }
                if alter && self.is_const(val[A_ATOM]) && self.const_val(val[A_ATOM]) == 0 {
                    if matches!(op, ADD | OR | XOR) {
                        self.g.stmts[s].code = i32::from(MISC | TXA);
                        let xv = val[X_ATOM];
                        self.vstore(s, &mut val[A_ATOM], xv, alter);
                        return;
                    } else if matches!(op, MUL | DIV | MOD | AND | LSH | RSH) {
                        self.g.stmts[s].code = i32::from(LD | IMM);
                        self.g.stmts[s].k = 0;
                        let z = self.k(0);
                        self.vstore(s, &mut val[A_ATOM], z, alter);
                        return;
                    } else if op == NEG {
                        self.g.stmts[s].code = NOP;
                        return;
                    }
                }
                val[A_ATOM] = self.f(code, val[A_ATOM], val[X_ATOM]);
            }
            x if x == MISC | TXA => {
                let xv = val[X_ATOM];
                self.vstore(s, &mut val[A_ATOM], xv, alter);
            }
            x if x == LD | MEM => {
                let v = val[(k as usize).min(N_ATOMS - 1)];
                if alter && self.is_const(v) {
                    self.g.stmts[s].code = i32::from(LD | IMM);
                    self.g.stmts[s].k = self.const_val(v);
                    self.changed();
                }
                self.vstore(s, &mut val[A_ATOM], v, alter);
            }
            x if x == MISC | TAX => {
                let av = val[A_ATOM];
                self.vstore(s, &mut val[X_ATOM], av, alter);
            }
            x if x == LDX | MEM => {
                let v = val[(k as usize).min(N_ATOMS - 1)];
                if alter && self.is_const(v) {
                    self.g.stmts[s].code = i32::from(LDX | IMM);
                    self.g.stmts[s].k = self.const_val(v);
                    self.changed();
                }
                self.vstore(s, &mut val[X_ATOM], v, alter);
            }
            x if x == ST => {
                let av = val[A_ATOM];
                let idx = (k as usize).min(N_ATOMS - 1);
                let mut slot = val[idx];
                self.vstore(s, &mut slot, av, alter);
                val[idx] = slot;
            }
            x if x == STX => {
                let xv = val[X_ATOM];
                let idx = (k as usize).min(N_ATOMS - 1);
                let mut slot = val[idx];
                self.vstore(s, &mut slot, xv, alter);
                val[idx] = slot;
            }
            _ => {}
        }
    }

    fn deadstmt(
        &mut self,
        code: i32,
        k: u32,
        stmt: Option<usize>,
        last: &mut [Option<Option<usize>>; N_ATOMS],
    ) {
        // `last[atom]` is the statement that last defined `atom` (`Some(None)` is the block's
        // own jump, which defines nothing, so it never appears).
        let atom = Self::atomuse(code, k);
        if atom >= 0 {
            if atom == AX_ATOM {
                last[X_ATOM] = None;
                last[A_ATOM] = None;
            } else if (atom as usize) < N_ATOMS {
                last[atom as usize] = None;
            }
        }
        let atom = Self::atomdef(code, k);
        if atom >= 0 && (atom as usize) < N_ATOMS {
            if let Some(Some(prev)) = last[atom as usize] {
                self.changed();
                self.g.stmts[prev].code = NOP;
            }
            last[atom as usize] = Some(stmt);
        }
    }

    fn opt_deadstores(&mut self, b: usize) {
        let mut last: [Option<Option<usize>>; N_ATOMS] = [None; N_ATOMS];
        let stmts = self.g.blocks[b].stmts.clone();
        for s in stmts {
            let (code, k) = (self.g.stmts[s].code, self.g.stmts[s].k);
            self.deadstmt(code, k, Some(s), &mut last);
        }
        let (code, k) = (self.g.blocks[b].code, self.g.blocks[b].k);
        self.deadstmt(code, k, None, &mut last);
        let out_use = self.bs[b].out_use;
        for (atom, l) in last.iter().enumerate() {
            if let Some(Some(s)) = l {
                if !atom_elem(out_use, atom) {
                    self.g.stmts[*s].code = NOP;
                    self.changed();
                }
            }
        }
    }

    fn this_op(&self, list: &[usize], mut i: usize) -> Option<usize> {
        while i < list.len() && self.g.stmts[list[i]].code == NOP {
            i += 1;
        }
        (i < list.len()).then_some(i)
    }

    fn opt_not(&mut self, b: usize) {
        let blk = &mut self.g.blocks[b];
        std::mem::swap(&mut blk.jt, &mut blk.jf);
    }

    fn opt_peep(&mut self, b: usize) {
        let list = self.g.blocks[b].stmts.clone();
        if list.is_empty() {
            return;
        }
        let mut last = list[0];
        let mut i = 0;
        while let Some(si) = self.this_op(&list, i) {
            let Some(ni) = self.this_op(&list, si + 1) else {
                break;
            };
            let (s, next) = (list[si], list[ni]);
            last = next;
            i = ni;
            let sc = self.g.stmts[s].code;
            if sc == i32::from(ST)
                && self.g.stmts[next].code == i32::from(LDX | MEM)
                && self.g.stmts[s].k == self.g.stmts[next].k
            {
                self.changed();
                self.g.stmts[next].code = i32::from(MISC | TAX);
            }
            if self.g.stmts[s].code == i32::from(LD | IMM)
                && self.g.stmts[next].code == i32::from(MISC | TAX)
            {
                self.g.stmts[s].code = i32::from(LDX | IMM);
                self.g.stmts[next].code = i32::from(MISC | TXA);
                self.changed();
            }
            if self.g.stmts[s].code == i32::from(LD | IMM) {
                if atom_elem(self.bs[b].out_use, X_ATOM) {
                    continue;
                }
                let addi = if self.g.stmts[next].code != i32::from(LDX | MSH | B) {
                    Some(ni)
                } else {
                    self.this_op(&list, ni + 1)
                };
                let Some(addi) = addi else { continue };
                if self.g.stmts[list[addi]].code != i32::from(ALU | ADD | X) {
                    continue;
                }
                let Some(taxi) = self.this_op(&list, addi + 1) else {
                    continue;
                };
                if self.g.stmts[list[taxi]].code != i32::from(MISC | TAX) {
                    continue;
                }
                let Some(ildi) = self.this_op(&list, taxi + 1) else {
                    continue;
                };
                let ildc = self.g.stmts[list[ildi]].code;
                if ildc < 0 || class(ildc as u16) != LD || mode(ildc as u16) != IND {
                    continue;
                }
                let sk = self.g.stmts[s].k;
                let ild = list[ildi];
                self.g.stmts[ild].k = self.g.stmts[ild].k.wrapping_add(sk);
                self.g.stmts[s].code = NOP;
                self.g.stmts[list[addi]].code = NOP;
                self.g.stmts[list[taxi]].code = NOP;
                self.changed();
            }
        }
        let bcode = self.g.blocks[b].code;
        if bcode == i32::from(JMP | JEQ | K) && !atom_elem(self.bs[b].out_use, A_ATOM) {
            let lc = self.g.stmts[last].code;
            if lc == i32::from(ALU | SUB | X) {
                let val = self.bs[b].val[X_ATOM];
                if self.is_const(val) {
                    let cv = self.const_val(val);
                    self.g.blocks[b].k = self.g.blocks[b].k.wrapping_add(cv);
                    self.g.stmts[last].code = NOP;
                    self.changed();
                } else if self.g.blocks[b].k == 0 {
                    self.g.stmts[last].code = NOP;
                    self.g.blocks[b].code = i32::from(JMP | JEQ | X);
                    self.changed();
                }
            } else if lc == i32::from(ALU | SUB | K) {
                self.g.stmts[last].code = NOP;
                let lk = self.g.stmts[last].k;
                self.g.blocks[b].k = self.g.blocks[b].k.wrapping_add(lk);
                self.changed();
            } else if lc == i32::from(ALU | AND | K) && self.g.blocks[b].k == 0 {
                self.g.blocks[b].k = self.g.stmts[last].k;
                self.g.blocks[b].code = i32::from(JMP | K | JSET);
                self.g.stmts[last].code = NOP;
                self.changed();
                self.opt_not(b);
            }
        }
        if self.g.blocks[b].code == i32::from(JMP | K | JSET) {
            if self.g.blocks[b].k == 0 {
                self.g.blocks[b].jt = self.g.blocks[b].jf;
            }
            if self.g.blocks[b].k == 0xffff_ffff {
                self.g.blocks[b].jf = self.g.blocks[b].jt;
            }
        }
        let val = self.bs[b].val[X_ATOM];
        if self.is_const(val) && src(self.g.blocks[b].code as u16) == X {
            let v = self.const_val(val);
            self.g.blocks[b].code &= !i32::from(X);
            self.g.blocks[b].k = v;
        }
        let val = self.bs[b].val[A_ATOM];
        if self.is_const(val) && src(self.g.blocks[b].code as u16) == K {
            let mut v = self.const_val(val);
            let bk = self.g.blocks[b].k;
            match op(self.g.blocks[b].code as u16) {
                JEQ => v = u32::from(v == bk),
                JGT => v = u32::from(v > bk),
                JGE => v = u32::from(v >= bk),
                JSET => v &= bk,
                _ => {}
            }
            if self.g.blocks[b].jf != self.g.blocks[b].jt {
                self.changed();
            }
            if v != 0 {
                self.g.blocks[b].jf = self.g.blocks[b].jt;
            } else {
                self.g.blocks[b].jt = self.g.blocks[b].jf;
            }
        }
    }

    fn opt_blk(&mut self, b: usize, do_stmts: bool) {
        let p = self.in_edges[self.bs[b].id];
        match p {
            None => self.bs[b].val = [0; N_ATOMS],
            Some(e) => {
                let (pred, _) = self.edge_block(e);
                self.bs[b].val = self.bs[pred].val;
                let mut p = self.edge_next[e];
                while let Some(e2) = p {
                    let (pred, _) = self.edge_block(e2);
                    for i in 0..N_ATOMS {
                        if self.bs[b].val[i] != self.bs[pred].val[i] {
                            self.bs[b].val[i] = 0;
                        }
                    }
                    p = self.edge_next[e2];
                }
            }
        }
        let aval = self.bs[b].val[A_ATOM];
        let xval = self.bs[b].val[X_ATOM];
        let mut val = self.bs[b].val;
        for s in self.g.blocks[b].stmts.clone() {
            self.opt_stmt(s, &mut val, do_stmts);
        }
        self.bs[b].val = val;
        let st = &self.bs[b];
        if do_stmts
            && ((st.out_use == 0
                && aval != VAL_UNKNOWN
                && st.val[A_ATOM] == aval
                && xval != VAL_UNKNOWN
                && st.val[X_ATOM] == xval)
                || class(self.g.blocks[b].code as u16) == RET)
        {
            if !self.g.blocks[b].stmts.is_empty() {
                self.g.blocks[b].stmts.clear();
                self.changed();
            }
        } else {
            self.opt_peep(b);
            self.opt_deadstores(b);
        }
        let code = self.g.blocks[b].code;
        let oval = if src(code as u16) == K {
            let k = self.g.blocks[b].k;
            self.k(k)
        } else {
            self.bs[b].val[X_ATOM]
        };
        self.bs[b].oval = oval;
        let (et, ef) = (self.et(b), self.ef(b));
        self.edge_code[et] = code;
        self.edge_code[ef] = -code;
    }

    fn use_conflict(&self, b: usize, succ: usize) -> bool {
        let used = self.bs[succ].out_use;
        if used == 0 {
            return false;
        }
        (0..N_ATOMS)
            .any(|atom| atom_elem(used, atom) && self.bs[b].val[atom] != self.bs[succ].val[atom])
    }

    fn fold_edge(&self, child: usize, e: usize) -> Option<usize> {
        let mut code = self.edge_code[e];
        let sense = if code < 0 {
            code = -code;
            false
        } else {
            true
        };
        if self.g.blocks[child].code != code {
            return None;
        }
        let (pred, _) = self.edge_block(e);
        let aval0 = self.bs[child].val[A_ATOM];
        let oval0 = self.bs[child].oval;
        let aval1 = self.bs[pred].val[A_ATOM];
        let oval1 = self.bs[pred].oval;
        if aval0 != aval1 {
            return None;
        }
        if oval0 == oval1 {
            return if sense {
                self.jt(child)
            } else {
                self.jf(child)
            };
        }
        if sense && code == i32::from(JMP | JEQ | K) {
            return self.jf(child);
        }
        None
    }

    fn opt_j(&mut self, e: usize) {
        let Some(succ) = self.edge_succ(e) else {
            return;
        };
        if self.jt(succ).is_none() {
            return;
        }
        let (pred, _) = self.edge_block(e);
        if self.jt(succ) == self.jf(succ) {
            let t = self.jt(succ).unwrap_or(succ);
            if !self.use_conflict(pred, t) {
                self.changed();
                self.set_edge_succ(e, Some(t));
            }
        }
        'top: loop {
            let ew = self.edgewords;
            for i in 0..ew {
                let mut x = self.edom[e * ew + i];
                while x != 0 {
                    let k = x.trailing_zeros() as usize;
                    x &= !(1u32 << k);
                    let k = k + i * 32;
                    if k >= self.n_edges {
                        continue;
                    }
                    let Some(succ) = self.edge_succ(e) else {
                        return;
                    };
                    let target = self.fold_edge(succ, k);
                    if let Some(target) = target {
                        if !self.use_conflict(pred, target) {
                            self.done = false;
                            self.set_edge_succ(e, Some(target));
                            if self.jt(target).is_some() {
                                continue 'top;
                            }
                            return;
                        }
                    }
                }
            }
            return;
        }
    }

    /// A reference to a jump field: (block, true branch?).
    fn slot_get(&self, s: (usize, bool)) -> Option<usize> {
        if s.1 {
            self.g.blocks[s.0].jt
        } else {
            self.g.blocks[s.0].jf
        }
    }

    fn slot_set(&mut self, s: (usize, bool), v: Option<usize>) {
        if s.1 {
            self.g.blocks[s.0].jt = v;
        } else {
            self.g.blocks[s.0].jf = v;
        }
    }

    /// `or_pullup` (`is_or`) and `and_pullup`.
    fn pullup(&mut self, b: usize, is_or: bool) {
        let Some(first) = self.in_edges[self.bs[b].id] else {
            return;
        };
        let (fpred, _) = self.edge_block(first);
        let val = self.bs[fpred].val[A_ATOM];
        let mut ep = self.edge_next[first];
        while let Some(e) = ep {
            let (p, _) = self.edge_block(e);
            if self.bs[p].val[A_ATOM] != val {
                return;
            }
            ep = self.edge_next[e];
        }
        // Follow the false chain for "or", the true chain for "and".
        let follow = !is_or;
        let same_target = |o: &Self, x: usize| {
            if is_or {
                o.jt(x) == o.jt(b)
            } else {
                o.jf(x) == o.jf(b)
            }
        };
        let mut diffp: (usize, bool) = if self.jt(fpred) == Some(b) {
            (fpred, true)
        } else {
            (fpred, false)
        };
        let mut at_top = true;
        loop {
            let Some(d) = self.slot_get(diffp) else {
                return;
            };
            if !same_target(self, d) {
                return;
            }
            if !self.dom_has(d, self.bs[b].id) {
                return;
            }
            if self.bs[d].val[A_ATOM] != val {
                break;
            }
            diffp = (d, follow);
            at_top = false;
        }
        let Some(dnode) = self.slot_get(diffp) else {
            return;
        };
        let mut samep: (usize, bool) = (dnode, follow);
        loop {
            let Some(s) = self.slot_get(samep) else {
                return;
            };
            if !same_target(self, s) {
                return;
            }
            if !self.dom_has(s, self.bs[b].id) {
                return;
            }
            if self.bs[s].val[A_ATOM] == val {
                break;
            }
            samep = (s, follow);
        }
        let Some(pull) = self.slot_get(samep) else {
            return;
        };
        let pull_next = self.slot_get((pull, follow));
        self.slot_set(samep, pull_next);
        let dval = self.slot_get(diffp);
        self.slot_set((pull, follow), dval);
        if at_top {
            let mut ep = self.in_edges[self.bs[b].id];
            while let Some(e) = ep {
                let (p, _) = self.edge_block(e);
                if self.jt(p) == Some(b) {
                    self.g.blocks[p].jt = Some(pull);
                } else {
                    self.g.blocks[p].jf = Some(pull);
                }
                ep = self.edge_next[e];
            }
        } else {
            self.slot_set(diffp, Some(pull));
        }
        self.done = false;
    }

    fn find_inedges(&mut self) {
        for x in self.in_edges.iter_mut() {
            *x = None;
        }
        let top = self.bs[self.root].level;
        for level in (1..=top).rev() {
            for b in self.level_list(level) {
                for e in [self.et(b), self.ef(b)] {
                    if let Some(child) = self.edge_succ(e) {
                        let cid = self.bs[child].id;
                        self.edge_next[e] = self.in_edges[cid];
                        self.in_edges[cid] = Some(e);
                    }
                }
            }
        }
    }

    fn opt_blks(&mut self, do_stmts: bool) {
        self.init_val();
        let maxlevel = self.bs[self.root].level;
        self.find_inedges();
        for level in (0..=maxlevel).rev() {
            for p in self.level_list(level) {
                self.opt_blk(p, do_stmts);
            }
        }
        if do_stmts {
            return;
        }
        for level in 1..=maxlevel {
            for p in self.level_list(level) {
                let (et, ef) = (self.et(p), self.ef(p));
                self.opt_j(et);
                self.opt_j(ef);
            }
        }
        self.find_inedges();
        for level in 1..=maxlevel {
            for p in self.level_list(level) {
                self.pullup(p, true);
                self.pullup(p, false);
            }
        }
    }

    fn opt_loop(&mut self, do_stmts: bool) {
        let mut loop_count = 0;
        loop {
            self.done = true;
            self.non_branch = false;
            self.find_levels();
            self.find_dom();
            self.find_closure();
            self.find_ud();
            self.find_edom();
            self.opt_blks(do_stmts);
            if self.error.is_some() || self.done {
                break;
            }
            if self.non_branch {
                loop_count = 0;
            } else {
                loop_count += 1;
                if loop_count >= 100 {
                    self.done = true;
                    break;
                }
            }
        }
    }

    /// What `eq_blk` compares: the jump, its targets and the live statements.
    fn signature(&self, b: usize) -> BlockSig {
        let x = &self.g.blocks[b];
        let stmts = x
            .stmts
            .iter()
            .map(|&s| &self.g.stmts[s])
            .filter(|s| s.code != NOP)
            .map(|s| (s.code, s.k))
            .collect();
        (x.code, x.k, x.jt, x.jf, stmts)
    }

    fn mark_code(&mut self) {
        self.unmark_all();
        let mut stack = vec![self.root];
        while let Some(p) = stack.pop() {
            if self.is_marked(p) {
                continue;
            }
            self.mark(p);
            if class(self.g.blocks[p].code as u16) != RET {
                if let Some(f) = self.jf(p) {
                    stack.push(f);
                }
                if let Some(t) = self.jt(p) {
                    stack.push(t);
                }
            }
        }
    }

    fn intern_blocks(&mut self) {
        loop {
            let mut done = true;
            for &b in &self.blocks {
                self.bs[b].link = None;
            }
            self.mark_code();
            let n = self.n_blocks;
            // For each block, the first later (higher-numbered) live block equal to it: walking
            // down, the table holds the lowest-numbered equal block seen so far.
            let mut seen: FxMap<BlockSig, usize> = FxMap::default();
            for i in (0..n).rev() {
                let bi = self.blocks[i];
                if !self.is_marked(bi) {
                    continue;
                }
                let sig = self.signature(bi);
                if i + 1 < n {
                    if let Some(&bj) = seen.get(&sig) {
                        self.bs[bi].link = Some(self.bs[bj].link.unwrap_or(bj));
                    }
                }
                seen.insert(sig, bi);
            }
            for i in 0..n {
                let p = self.blocks[i];
                let (Some(t), Some(f)) = (self.jt(p), self.jf(p)) else {
                    continue;
                };
                if let Some(l) = self.bs[t].link {
                    done = false;
                    self.g.blocks[p].jt = Some(l);
                }
                if let Some(l) = self.bs[f].link {
                    done = false;
                    self.g.blocks[p].jf = Some(l);
                }
            }
            if done {
                break;
            }
        }
    }

    fn opt_root(&mut self) {
        let s = std::mem::take(&mut self.g.blocks[self.root].stmts);
        let mut b = self.root;
        while class(self.g.blocks[b].code as u16) == JMP && self.jt(b) == self.jf(b) {
            match self.jt(b) {
                Some(t) => b = t,
                None => break,
            }
        }
        let mut s = s;
        s.extend(std::mem::take(&mut self.g.blocks[b].stmts));
        self.g.blocks[b].stmts = s;
        if class(self.g.blocks[b].code as u16) == RET {
            self.g.blocks[b].stmts.clear();
        }
        self.root = b;
    }
}

/// Optimizes the graph in place; returns the new root, or the folding error message.
pub(crate) fn optimize(g: &mut Graph, root: usize) -> Result<usize, GenError> {
    let mut o = Opt::init(g, root);
    o.opt_loop(false);
    if let Some(e) = o.error.take() {
        return Err(e);
    }
    o.opt_loop(true);
    if let Some(e) = o.error.take() {
        return Err(e);
    }
    o.intern_blocks();
    o.opt_root();
    Ok(o.root)
}

/// Converts the graph to a flat program (libpcap's `icode_to_fcode`), inserting long jumps
/// where a branch would be too far.
pub(crate) fn to_program(g: &Graph, root: usize) -> Result<Vec<Insn>, GenError> {
    let mut lay = vec![Layout::default(); g.blocks.len()];
    loop {
        // Count reachable instructions.
        let order = dfs_order(g, root);
        let mut n: usize = 0;
        for &p in &order {
            let l = &lay[p];
            n += slength(g, &g.blocks[p].stmts) + 1 + l.longjt as usize + l.longjf as usize;
        }
        if n > 1 << 20 {
            return Err(GenError::TooComplex);
        }
        let mut out = vec![
            Insn {
                code: 0,
                jt: 0,
                jf: 0,
                k: 0
            };
            n
        ];
        let mut tail = n;
        match convert(g, &mut lay, root, &mut out, &mut tail) {
            Ok(true) => return Ok(out),
            Ok(false) => continue,
            Err(e) => return Err(e),
        }
    }
}

/// Where a block lands in the program and how many long-jump slots each branch has reserved
/// (libpcap's `offset`, `longjt` and `longjf` of `struct block`).
#[derive(Clone, Copy, Debug, Default)]
struct Layout {
    offset: i32,
    longjt: u32,
    longjf: u32,
}

fn slength(g: &Graph, s: &[usize]) -> usize {
    s.iter().filter(|&&x| g.stmts[x].code != NOP).count()
}

/// Reachable blocks in libpcap's conversion order (post-order, false branch first).
fn dfs_order(g: &Graph, root: usize) -> Vec<usize> {
    let mut seen = vec![false; g.blocks.len()];
    let mut order = Vec::new();
    let mut stack: Vec<(usize, bool)> = vec![(root, false)];
    while let Some((p, expanded)) = stack.pop() {
        if expanded {
            order.push(p);
            continue;
        }
        if seen[p] {
            continue;
        }
        seen[p] = true;
        stack.push((p, true));
        // Visit JF first, then JT (so push JT first).
        if let Some(t) = g.blocks[p].jt {
            stack.push((t, false));
        }
        if let Some(f) = g.blocks[p].jf {
            stack.push((f, false));
        }
    }
    order
}

fn convert(
    g: &Graph,
    lay: &mut [Layout],
    root: usize,
    out: &mut [Insn],
    tail: &mut usize,
) -> Result<bool, GenError> {
    let order = dfs_order(g, root);
    for &p in &order {
        let slen = slength(g, &g.blocks[p].stmts);
        let len = slen + 1 + lay[p].longjt as usize + lay[p].longjf as usize;
        *tail -= len;
        let start = *tail;
        lay[p].offset = start as i32;
        let list = g.blocks[p].stmts.clone();
        // libpcap's offset table for in-block jumps: the first `slen` list entries.
        let offset_tab: Vec<usize> = list.iter().take(slen).copied().collect();
        let mut dst = start;
        let mut off = 0usize;
        for &s in &list {
            let st = g.stmts[s].clone();
            if st.code == NOP {
                continue;
            }
            out[dst].code = st.code as u16;
            out[dst].k = st.k;
            let c = st.code as u16;
            if class(c) == JMP && c != (JMP | JA) && off + 2 != slen {
                let (Some(jt), Some(jf)) = (st.jt, st.jf) else {
                    return Err(GenError::Internal(format!(
                        "no jmp destination for block-local relative jump: off={off}"
                    )));
                };
                let mut found_t = false;
                let mut found_f = false;
                for (i, &cand) in offset_tab.iter().enumerate() {
                    if cand == jt {
                        let d = i as i64 - off as i64 - 1;
                        if !(0..256).contains(&d) {
                            return Err(GenError::Internal(format!(
                                "out-of-range jump for block-local relative jump: off={off}"
                            )));
                        }
                        out[dst].jt = d as u8;
                        found_t = true;
                    }
                    if cand == jf {
                        let d = i as i64 - off as i64 - 1;
                        if !(0..256).contains(&d) {
                            return Err(GenError::Internal(format!(
                                "out-of-range jump for block-local relative jump: off={off}"
                            )));
                        }
                        out[dst].jf = d as u8;
                        found_f = true;
                    }
                }
                if !found_t || !found_f {
                    return Err(GenError::Internal(format!(
                        "no destination found for block-local relative jump: off={off}"
                    )));
                }
            }
            dst += 1;
            off += 1;
        }
        let blk = &g.blocks[p];
        out[dst].code = blk.code as u16;
        out[dst].k = blk.k;
        if let (Some(jt), Some(jf)) = (blk.jt, blk.jf) {
            let mut extra: u8 = 0;
            let base = start as i64 + slen as i64;
            let o = lay[jt].offset as i64 - base - 1;
            let Some(t) = branch_offset(out, dst, &mut extra, o, lay[p].longjt) else {
                lay[p].longjt += 1;
                return Ok(false);
            };
            out[dst].jt = t;
            let o = lay[jf].offset as i64 - base - 1;
            let Some(f) = branch_offset(out, dst, &mut extra, o, lay[p].longjf) else {
                lay[p].longjf += 1;
                return Ok(false);
            };
            out[dst].jf = f;
        }
    }
    Ok(true)
}

/// The 8-bit field for a branch `o` instructions ahead of the jump at `dst`: `o` itself when it
/// fits, else the index of a `ja` placed after the jump (the next of `extra` such slots).
/// `None` when the offset does not fit and the block has no room for a `ja` yet (`long` is 0).
fn branch_offset(out: &mut [Insn], dst: usize, extra: &mut u8, o: i64, long: u32) -> Option<u8> {
    if o < 256 {
        return Some(o as u8);
    }
    if long == 0 {
        return None;
    }
    let field = *extra;
    *extra += 1;
    out[dst + *extra as usize] = Insn {
        code: JMP | JA,
        jt: 0,
        jf: 0,
        k: (o - i64::from(*extra)) as u32,
    };
    Some(field)
}
