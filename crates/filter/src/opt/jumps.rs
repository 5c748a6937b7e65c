//! Between blocks: jump threading along edge dominators (libpcap optimize.c's `opt_j`,
//! `fold_edge`, `use_conflict`) and the "or"/"and" pull-ups (`or_pullup`, `and_pullup`).

use super::*;

impl Opt<'_> {
    pub(super) fn use_conflict(&self, b: usize, succ: usize) -> bool {
        let used = self.bs[succ].out_use;
        if used == 0 {
            return false;
        }
        (0..N_ATOMS)
            .any(|atom| atom_elem(used, atom) && self.bs[b].val[atom] != self.bs[succ].val[atom])
    }

    pub(super) fn fold_edge(&self, child: usize, e: usize) -> Option<usize> {
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

    pub(super) fn opt_j(&mut self, e: usize) {
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
    pub(super) fn slot_get(&self, s: (usize, bool)) -> Option<usize> {
        if s.1 {
            self.g.blocks[s.0].jt
        } else {
            self.g.blocks[s.0].jf
        }
    }

    pub(super) fn slot_set(&mut self, s: (usize, bool), v: Option<usize>) {
        if s.1 {
            self.g.blocks[s.0].jt = v;
        } else {
            self.g.blocks[s.0].jf = v;
        }
    }

    /// `or_pullup` (`is_or`) and `and_pullup`.
    pub(super) fn pullup(&mut self, b: usize, is_or: bool) {
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
}
