//! The AFS file server (port 7000) and the cache managers' callback service (port 7001):
//! tcpdump's `fs_print`, `fs_reply_print`, `cb_print` and `cb_reply_print`.

use core::fmt::Write;

use super::afs::{finish, Afs, A, AFSNAMEMAX};
use super::names::{CB_REQ, FS_ERRORS, FS_REQ};
use super::{ABORT, DATA, HDR, TYPE};
use crate::print::cursor::{Cursor, R};
use crate::tok::{self, Tok, Unknown};

/// ` SERVICE call NAME` or `op#N`, the operation read at `bp`.
pub(super) fn op_name<W: Write>(c: &mut Cursor<'_, W>, table: &Tok, op: u32) -> R {
    tok::tok2str(c.out, tok::find(table, op), op, Unknown::dec("op#", ""))?;
    Ok(())
}

/// A call to the file server.
pub(super) fn fs_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    if length as usize <= HDR {
        return Ok(());
    }
    let op = c.be32(bp + HDR)?;
    c.s(" fs call ")?;
    op_name(c, FS_REQ, op)?;
    let mut a = Afs {
        c: &mut *c,
        bp: bp + HDR + 4,
    };
    let r = fs_args(&mut a, op);
    finish(c, r, "fs")
}

/// The arguments of file server operation `op`.
fn fs_args<W: Write>(a: &mut Afs<'_, '_, W>, op: u32) -> A {
    match op {
        130 => {
            a.fid()?;
            a.s(" offset")?;
            a.uint()?;
            a.s(" length")?;
            a.uint()
        }
        131 | 132 | 143 | 144 | 145 | 156 | 157 | 158 => a.fid(),
        135 => {
            a.fid()?;
            a.store_attr()
        }
        133 => {
            a.fid()?;
            a.store_attr()?;
            a.s(" offset")?;
            a.uint()?;
            a.s(" length")?;
            a.uint()?;
            a.s(" flen")?;
            a.uint()
        }
        134 => {
            a.fid()?;
            a.acl()
        }
        137 | 141 => {
            a.fid()?;
            a.str(AFSNAMEMAX)?;
            a.store_attr()
        }
        136 | 142 => {
            a.fid()?;
            a.str(AFSNAMEMAX)
        }
        138 => {
            a.s(" old")?;
            a.fid()?;
            a.str(AFSNAMEMAX)?;
            a.s(" new")?;
            a.fid()?;
            a.str(AFSNAMEMAX)
        }
        139 => {
            a.fid()?;
            a.str(AFSNAMEMAX)?;
            a.s(" link to")?;
            a.str(AFSNAMEMAX)
        }
        140 => {
            a.fid()?;
            a.str(AFSNAMEMAX)?;
            a.s(" link to")?;
            a.fid()
        }
        148 => a.str(AFSNAMEMAX),
        149 | 150 => {
            a.s(" volid")?;
            a.uint()
        }
        154 => {
            a.s(" volname")?;
            a.str(AFSNAMEMAX)
        }
        155 | 65536 => a.fids(),
        65537 => {
            a.fid()?;
            a.s(" offset")?;
            a.uint64()?;
            a.s(" length")?;
            a.uint64()
        }
        65538 => {
            a.fid()?;
            a.store_attr()?;
            a.s(" offset")?;
            a.uint64()?;
            a.s(" length")?;
            a.uint64()?;
            a.s(" flen")?;
            a.uint64()
        }
        65541 => {
            a.s(" addr")?;
            a.uint()
        }
        _ => Ok(()),
    }
}

/// A reply from the file server to a call of operation `op`.
pub(super) fn fs_reply_print<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    length: u32,
    op: u32,
) -> R {
    if length as usize <= HDR {
        return Ok(());
    }
    c.s(" fs reply ")?;
    op_name(c, FS_REQ, op)?;
    let ty = c.u8(bp + TYPE)?;
    let mut a = Afs {
        c: &mut *c,
        bp: bp + HDR,
    };
    let r = if ty == DATA {
        match op {
            131 => a.acl(),
            137 | 141 => a.s(" new").and_then(|()| a.fid()),
            151 => a.s(" root volume").and_then(|()| a.str(AFSNAMEMAX)),
            153 => a.date(),
            _ => Ok(()),
        }
    } else if ty == ABORT {
        fs_error(&mut a)
    } else {
        a.s(" strange fs reply of type ").and_then(|()| a.d(ty))
    };
    finish(c, r, "fs")
}

/// ` error NAME` of an abort's code.
fn fs_error<W: Write>(a: &mut Afs<'_, '_, W>) -> A {
    let code = a.word()?;
    a.s(" error ")?;
    match tok::find(FS_ERRORS, code) {
        Some(n) => a.s(n),
        None => {
            a.s("#")?;
            Ok(crate::fmtx::idec(a.c.out, i64::from(code as i32))
                .map_err(crate::print::cursor::Stop::from)?)
        }
    }
}

/// A call to a cache manager's callback service.
pub(super) fn cb_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    if length as usize <= HDR {
        return Ok(());
    }
    let op = c.be32(bp + HDR)?;
    c.s(" cb call ")?;
    op_name(c, CB_REQ, op)?;
    let mut a = Afs {
        c: &mut *c,
        bp: bp + HDR + 4,
    };
    let r = match op {
        204 => callback_args(&mut a),
        214 => a.s(" afsuuid").and_then(|()| a.uuid()),
        _ => Ok(()),
    };
    finish(c, r, "cb")
}

/// A callback's files, then the version and expiry of each callback.
fn callback_args<W: Write>(a: &mut Afs<'_, '_, W>) -> A {
    a.fids()?;
    let j = a.word()?;
    if j != 0 {
        a.s(";")?;
    }
    for _ in 0..j {
        a.s(" ver")?;
        a.int()?;
        a.s(" expires")?;
        a.date()?;
        // The callback's type is read, and not printed.
        a.word()?;
    }
    Ok(())
}

/// A reply from a callback service.
pub(super) fn cb_reply_print<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    length: u32,
    op: u32,
) -> R {
    if length as usize <= HDR {
        return Ok(());
    }
    c.s(" cb reply ")?;
    op_name(c, CB_REQ, op)?;
    let ty = c.u8(bp + TYPE)?;
    let mut a = Afs {
        c: &mut *c,
        bp: bp + HDR,
    };
    let r = if ty == DATA {
        if op == 213 {
            a.uuid()
        } else {
            Ok(())
        }
    } else {
        a.s(" errcode").and_then(|()| a.int())
    };
    finish(c, r, "cb")
}
