//! Inside blocks: value numbering with constant folding (libpcap optimize.c's `opt_stmt`,
//! `fold_op`, `vstore`), dead-store removal (`opt_deadstores`), the peephole rules
//! (`opt_peep`) and their driver for one block (`opt_blk`).

use super::*;

impl Opt<'_> {
    pub(super) fn init_val(&mut self) {
        self.curval = 0;
        self.hash.clear();
        self.vmap.clear();
        self.vmap.push((false, 0));
    }

    pub(super) fn f(&mut self, code: i32, v0: u32, v1: u32) -> u32 {
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

    pub(super) fn k(&mut self, i: u32) -> u32 {
        self.f(i32::from(LD | IMM | W), i, 0)
    }

    pub(super) fn is_const(&self, v: u32) -> bool {
        self.vmap[v as usize].0
    }

    pub(super) fn const_val(&self, v: u32) -> u32 {
        self.vmap[v as usize].1
    }

    pub(super) fn changed(&mut self) {
        self.non_branch = true;
        self.done = false;
    }

    pub(super) fn vstore(&mut self, s: usize, valp: &mut u32, newval: u32, alter: bool) {
        if alter && newval != VAL_UNKNOWN && *valp == newval {
            self.g.stmts[s].code = NOP;
        } else {
            *valp = newval;
        }
    }

    pub(super) fn fold_op(&mut self, s: usize, v0: u32, v1: u32) {
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

    pub(super) fn opt_stmt(&mut self, s: usize, val: &mut [u32; N_ATOMS], alter: bool) {
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
            x if class(x) == ALU && src(x) == K => self.opt_alu_k(s, val, alter),
            x if class(x) == ALU && src(x) == X => self.opt_alu_x(s, val, alter),
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

    /// The `BPF_ALU|BPF_K` cases of `opt_stmt` in optimize.c: identities with a zero operand,
    /// folding when A is known.
    fn opt_alu_k(&mut self, s: usize, val: &mut [u32; N_ATOMS], alter: bool) {
        let (code, k) = (self.g.stmts[s].code, self.g.stmts[s].k);
        let op = op(code as u16);
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

    /// The `BPF_ALU|BPF_X` cases of `opt_stmt` in optimize.c: folding when X (and A) are known,
    /// identities when A is zero.
    fn opt_alu_x(&mut self, s: usize, val: &mut [u32; N_ATOMS], alter: bool) {
        let code = self.g.stmts[s].code;
        let op = op(code as u16);
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

    pub(super) fn deadstmt(
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

    pub(super) fn opt_deadstores(&mut self, b: usize) {
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

    pub(super) fn this_op(&self, list: &[usize], mut i: usize) -> Option<usize> {
        while i < list.len() && self.g.stmts[list[i]].code == NOP {
            i += 1;
        }
        (i < list.len()).then_some(i)
    }

    pub(super) fn opt_not(&mut self, b: usize) {
        let blk = &mut self.g.blocks[b];
        std::mem::swap(&mut blk.jt, &mut blk.jf);
    }

    pub(super) fn opt_peep(&mut self, b: usize) {
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

    pub(super) fn opt_blk(&mut self, b: usize, do_stmts: bool) {
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
}
