//! The optimizer and the conversion of the flow graph to a flat program.
//!
//! The passes are those of libpcap's optimizer (the BPF+ paper's): value numbering with constant
//! folding and dead-store removal inside blocks, peephole rules, jump threading along edge
//! dominators, "or"/"and" pull-ups, unification of identical blocks, iterated to a fixed point.
//! Doing what libpcap does keeps our programs exactly as short as libpcap's.
//!
//! This file holds the optimizer's state, the flow analysis (numbering, levels, dominators,
//! closure, use/def, in-edges) and the fixed-point driver; `values` works inside blocks,
//! `jumps` between them, and `emit` turns the result into instructions.

mod emit;
mod jumps;
mod values;

pub(crate) use emit::to_program;

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
