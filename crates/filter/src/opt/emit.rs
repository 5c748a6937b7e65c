//! The flow graph becomes a flat program (libpcap optimize.c's `icode_to_fcode` and
//! `convert_code_r`), with long jumps where a branch is too far for 8 bits.

use super::*;

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
