//! The flow graph the code generator builds and the optimizer rewrites: statements, basic
//! blocks ending in a conditional jump or a return, and the backpatching of their edges
//! (libpcap's `struct slist`, `struct block`, `backpatch`, `merge`, `gen_and`, `gen_or` and
//! `gen_not`). Only the graph is here; the optimizer's scratch state (levels, dominators,
//! value numbers) is its own, in `opt`.

/// A deleted statement.
pub(crate) const NOP: i32 = -1;

/// One statement. `jt`/`jf` are statement ids for the rare in-block jumps (VLAN metadata).
#[derive(Clone, Debug)]
pub(crate) struct Stmt {
    /// The opcode, or [`NOP`] once deleted.
    pub code: i32,
    /// The operand.
    pub k: u32,
    /// The statement an in-block jump goes to when its condition holds.
    pub jt: Option<usize>,
    /// The statement an in-block jump goes to when it does not.
    pub jf: Option<usize>,
}

/// A basic block: statements, then a conditional jump or a return.
#[derive(Clone, Debug)]
pub(crate) struct Block {
    /// The statements, indexes into [`Graph::stmts`].
    pub stmts: Vec<usize>,
    /// The jump or return opcode.
    pub code: i32,
    /// Its operand.
    pub k: u32,
    /// The successor when the condition holds (or the next block of a backpatch list).
    pub jt: Option<usize>,
    /// The successor when it does not.
    pub jf: Option<usize>,
    /// Whether the block's meaning is inverted (libpcap's `sense`, flipped by `gen_not`).
    pub sense: bool,
    /// The first block of the expression this block ends (libpcap's `head`).
    pub head: usize,
}

/// The flow graph under construction.
#[derive(Default)]
pub(crate) struct Graph {
    /// Every statement made, deleted ones included.
    pub stmts: Vec<Stmt>,
    /// Every block made, unreachable ones included.
    pub blocks: Vec<Block>,
}

impl Graph {
    /// A new statement (`new_stmt` in gencode.c).
    pub(crate) fn new_stmt(&mut self, code: u16, k: u32) -> usize {
        self.stmts.push(Stmt {
            code: i32::from(code),
            k,
            jt: None,
            jf: None,
        });
        self.stmts.len() - 1
    }

    /// A new block ending in `code`/`k` (`new_block` in gencode.c).
    pub(crate) fn new_block(&mut self, code: u16, k: u32) -> usize {
        let id = self.blocks.len();
        self.blocks.push(Block {
            stmts: Vec::new(),
            code: i32::from(code),
            k,
            jt: None,
            jf: None,
            sense: false,
            head: id,
        });
        id
    }

    /// Points every jump on `list` to `target` (`backpatch` in gencode.c).
    pub(crate) fn backpatch(&mut self, mut list: Option<usize>, target: usize) {
        while let Some(b) = list {
            if !self.blocks[b].sense {
                list = self.blocks[b].jt;
                self.blocks[b].jt = Some(target);
            } else {
                list = self.blocks[b].jf;
                self.blocks[b].jf = Some(target);
            }
        }
    }

    /// Appends the list `b1` to the end of the list `b0` (`merge` in gencode.c).
    fn merge(&mut self, b0: usize, b1: usize) {
        let mut p = b0;
        loop {
            let next = if !self.blocks[p].sense {
                self.blocks[p].jt
            } else {
                self.blocks[p].jf
            };
            match next {
                Some(n) => p = n,
                None => break,
            }
        }
        if !self.blocks[p].sense {
            self.blocks[p].jt = Some(b1);
        } else {
            self.blocks[p].jf = Some(b1);
        }
    }

    /// `b0 and b1`, leaving the result in `b1` (`gen_and` in gencode.c).
    pub(crate) fn and(&mut self, b0: usize, b1: usize) {
        let h1 = self.blocks[b1].head;
        self.backpatch(Some(b0), h1);
        self.blocks[b0].sense ^= true;
        self.blocks[b1].sense ^= true;
        self.merge(b1, b0);
        self.blocks[b1].sense ^= true;
        self.blocks[b1].head = self.blocks[b0].head;
    }

    /// `b0 or b1`, leaving the result in `b1` (`gen_or` in gencode.c).
    pub(crate) fn or(&mut self, b0: usize, b1: usize) {
        let h1 = self.blocks[b1].head;
        self.blocks[b0].sense ^= true;
        self.backpatch(Some(b0), h1);
        self.blocks[b0].sense ^= true;
        self.merge(b1, b0);
        self.blocks[b1].head = self.blocks[b0].head;
    }

    /// `not b` (`gen_not` in gencode.c).
    pub(crate) fn not(&mut self, b: usize) {
        self.blocks[b].sense ^= true;
    }
}
