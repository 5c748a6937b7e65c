//! The AFS database and administration services: protection (7002), volume location
//! (7003), authentication (7004), volume (7005) and basic overseer (7007), and the Ubik
//! operations the database servers answer: tcpdump's `prot_print`, `vldb_print`,
//! `kauth_print`, `vol_print`, `bos_print`, `ubik_print` and their `_reply_print`s.

use core::fmt::Write;

use super::afs::{finish, Afs, A, AFSNAMEMAX, BOSNAMEMAX, KANAMEMAX, PRNAMEMAX, VLNAMEMAX};
use super::fs::op_name;
use super::names::{BOS_REQ, KAUTH_REQ, PT_REQ, UBIK_REQ, VLDB_REQ, VOL_REQ};
use super::{DATA, HDR, TYPE};
use crate::fmtx;
use crate::print::cursor::{Cursor, Stop, R};

/// Whether `op` is a Ubik operation (voting or database transfer).
fn is_ubik(op: u32) -> bool {
    (10000..=10007).contains(&op) || (20000..=20013).contains(&op)
}

/// ` call NAME` after the service's name, then its arguments by `args`, ` [|name]` when
/// they are cut short; a Ubik operation instead when `ubik` (the database services).
fn call<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    length: u32,
    svc: &str,
    table: &'static crate::tok::Tok,
    ubik: bool,
    args: fn(&mut Afs<'_, '_, W>, u32) -> A,
) -> R {
    if length as usize <= HDR {
        return Ok(());
    }
    let op = c.be32(bp + HDR)?;
    c.s(" ")?;
    c.s(svc)?;
    if ubik && is_ubik(op) {
        return ubik_print(c, bp);
    }
    c.s(" call ")?;
    op_name(c, table, op)?;
    let mut a = Afs {
        c: &mut *c,
        bp: bp + HDR + 4,
    };
    let r = args(&mut a, op);
    finish(c, r, svc)
}

/// ` reply NAME` after the service's name, then what `data` prints of a data packet, or the
/// error code of an abort; a Ubik reply instead when `ubik` (the database services).
#[allow(clippy::too_many_arguments)]
fn reply<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    op: u32,
    svc: &str,
    table: &'static crate::tok::Tok,
    ubik: bool,
    data: fn(&mut Afs<'_, '_, W>, u32) -> A,
) -> R {
    c.s(" ")?;
    c.s(svc)?;
    if ubik && is_ubik(op) {
        return ubik_reply_print(c, bp, op);
    }
    c.s(" reply ")?;
    op_name(c, table, op)?;
    let ty = c.u8(bp + TYPE)?;
    let mut a = Afs {
        c: &mut *c,
        bp: bp + HDR,
    };
    let r = if ty == DATA {
        data(&mut a, op)
    } else {
        a.s(" errcode").and_then(|()| a.int())
    };
    finish(c, r, svc)
}

/// No arguments printed.
fn none<W: Write>(_: &mut Afs<'_, '_, W>, _: u32) -> A {
    Ok(())
}

/// A call to the protection server.
pub(super) fn prot_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    call(c, bp, length, "pt", PT_REQ, true, prot_args)
}

/// Prints ` LABEL` and a signed word, for each label.
fn ints<W: Write>(a: &mut Afs<'_, '_, W>, labels: &[&str]) -> A {
    for l in labels {
        a.s(l)?;
        a.int()?;
    }
    Ok(())
}

/// Prints ` LABEL` and an unsigned word, for each label.
fn uints<W: Write>(a: &mut Afs<'_, '_, W>, labels: &[&str]) -> A {
    for l in labels {
        a.s(l)?;
        a.uint()?;
    }
    Ok(())
}

/// A count, then that many signed words (` <none!>` for none).
fn int_list<W: Write>(a: &mut Afs<'_, '_, W>) -> A {
    let n = a.word()?;
    for _ in 0..n {
        a.int()?;
    }
    if n == 0 {
        a.s(" <none!>")?;
    }
    Ok(())
}

/// A count, then that many names of [`PRNAMEMAX`] one-character words.
fn name_list<W: Write>(a: &mut Afs<'_, '_, W>) -> A {
    let n = a.word()?;
    for _ in 0..n {
        a.vec(PRNAMEMAX as usize)?;
    }
    if n == 0 {
        a.s(" <none!>")?;
    }
    Ok(())
}

/// The arguments of protection server operation `op`.
fn prot_args<W: Write>(a: &mut Afs<'_, '_, W>, op: u32) -> A {
    match op {
        500 => {
            a.str(PRNAMEMAX)?;
            ints(a, &[" id", " oldid"])
        }
        501 | 506 | 508 | 512 | 514 | 517 | 518 | 519 | 530 => ints(a, &[" id"]),
        502 => ints(a, &[" pos"]),
        503 | 507 | 515 => ints(a, &[" uid", " gid"]),
        504 => name_list(a),
        505 => {
            a.s(" ids:")?;
            int_list(a)
        }
        509 => {
            a.str(PRNAMEMAX)?;
            ints(a, &[" flag", " oid"])
        }
        511 => ints(a, &[" id", " gflag"]),
        513 => {
            ints(a, &[" id"])?;
            a.str(PRNAMEMAX)?;
            ints(a, &[" oldid", " newid"])
        }
        520 => {
            ints(a, &[" id"])?;
            a.str(PRNAMEMAX)
        }
        _ => Ok(()),
    }
}

/// A reply from the protection server.
pub(super) fn prot_reply_print<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    length: u32,
    op: u32,
) -> R {
    if (length as usize) < HDR {
        return Ok(());
    }
    reply(c, bp, op, "pt", PT_REQ, true, |a, op| match op {
        504 => {
            a.s(" ids:")?;
            int_list(a)
        }
        505 => name_list(a),
        508 | 514 | 517 | 518 | 519 => int_list(a),
        510 => ints(a, &[" maxuid", " maxgid"]),
        _ => Ok(()),
    })
}

/// A call to the volume location server.
pub(super) fn vldb_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    call(c, bp, length, "vldb", VLDB_REQ, true, vldb_args)
}

/// ` volid N` and, for a known volume type, ` type NAME`.
fn volid_type<W: Write>(a: &mut Afs<'_, '_, W>) -> A {
    ints(a, &[" volid"])?;
    let t = a.word()?;
    let name = match t {
        0 => "read-write",
        1 => "read-only",
        2 => "backup",
        _ => return Ok(()),
    };
    a.s(" type ")?;
    a.s(name)
}

/// The arguments of volume location operation `op`.
fn vldb_args<W: Write>(a: &mut Afs<'_, '_, W>, op: u32) -> A {
    match op {
        501 | 517 => a.vec(VLNAMEMAX as usize),
        502 | 503 | 507 | 508 | 509 | 518 => volid_type(a),
        504 | 519 | 524 | 527 => a.str(VLNAMEMAX),
        505 => ints(a, &[" bump"]),
        506 | 520 => {
            volid_type(a)?;
            a.vec(VLNAMEMAX as usize)
        }
        510 | 521 => ints(a, &[" index"]),
        _ => Ok(()),
    }
}

/// A reply from the volume location server.
pub(super) fn vldb_reply_print<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    length: u32,
    op: u32,
) -> R {
    if (length as usize) < HDR {
        return Ok(());
    }
    reply(c, bp, op, "vldb", VLDB_REQ, true, |a, op| match op {
        510 => {
            ints(a, &[" count", " nextindex"])?;
            vl_entry(a, 8, true)
        }
        503 | 504 => vl_entry(a, 8, true),
        505 => uints(a, &[" newvol"]),
        521 | 529 => {
            ints(a, &[" count", " nextindex"])?;
            vl_entry(a, 13, false)
        }
        518 | 519 => vl_entry(a, 13, false),
        526 | 527 => vl_entry_u(a),
        _ => Ok(()),
    })
}

/// A volume location entry with `n` servers by address: its name, servers, partitions and
/// volume numbers (`gap`: the old form, with a word between name and server count).
fn vl_entry<W: Write>(a: &mut Afs<'_, '_, W>, n: usize, gap: bool) -> A {
    a.vec(VLNAMEMAX as usize)?;
    if gap {
        a.check(4)?;
        a.skip(4);
    }
    a.s(" numservers")?;
    let servers = a.word()?;
    a.s(" ")?;
    a.d(servers)?;
    a.s(" servers")?;
    for i in 0..n {
        a.check(4)?;
        if (i as u32) < servers {
            let b = a.c.bytes(a.bp, 4)?;
            a.s(" ")?;
            fmtx::ipv4(a.c.out, b).map_err(Stop::from)?;
        }
        a.skip(4);
    }
    vl_tail(a, n, servers)
}

/// The partitions of `n` servers, `servers` of them in use, and the volume numbers.
fn vl_tail<W: Write>(a: &mut Afs<'_, '_, W>, n: usize, servers: u32) -> A {
    a.s(" partitions")?;
    for i in 0..n {
        let j = a.word()?;
        if (i as u32) < servers {
            if j <= 26 {
                let ch = [b'a' + j as u8];
                a.s(" ")?;
                a.s(fmtx::ascii(&ch).map_err(Stop::from)?)?;
            } else {
                a.s(" ")?;
                a.d(j)?;
            }
        }
    }
    a.check(n * 4)?;
    a.skip(n * 4);
    uints(a, &[" rwvol", " rovol", " backup"])
}

/// A volume location entry with 13 servers by UUID.
fn vl_entry_u<W: Write>(a: &mut Afs<'_, '_, W>) -> A {
    a.vec(VLNAMEMAX as usize)?;
    a.s(" numservers")?;
    let servers = a.word()?;
    a.s(" ")?;
    a.d(servers)?;
    a.s(" servers")?;
    for i in 0..13u32 {
        if i < servers {
            a.s(" afsuuid")?;
            a.uuid()?;
        } else {
            a.check(44)?;
            a.skip(44);
        }
    }
    a.check(4 * 13)?;
    a.skip(4 * 13);
    vl_tail(a, 13, servers)
}

/// A call to the authentication server.
pub(super) fn kauth_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    call(c, bp, length, "kauth", KAUTH_REQ, true, kauth_args)
}

/// ` principal "NAME" "INSTANCE"`.
fn principal<W: Write>(a: &mut Afs<'_, '_, W>) -> A {
    a.s(" principal")?;
    a.str(KANAMEMAX)?;
    a.str(KANAMEMAX)
}

/// The arguments of authentication operation `op`.
fn kauth_args<W: Write>(a: &mut Afs<'_, '_, W>, op: u32) -> A {
    match op {
        1 | 21 | 22 | 2 | 5 | 6 | 7 | 8 | 14 | 15 => principal(a),
        3 | 23 => {
            ints(a, &[" kvno"])?;
            a.s(" domain")?;
            a.str(KANAMEMAX)?;
            let n = a.word()? as usize;
            a.check(n)?;
            a.skip(n);
            principal(a)
        }
        4 => {
            principal(a)?;
            ints(a, &[" kvno"])
        }
        12 => {
            a.s(" name")?;
            a.str(KANAMEMAX)
        }
        _ => Ok(()),
    }
}

/// A reply from the authentication server.
pub(super) fn kauth_reply_print<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    length: u32,
    op: u32,
) -> R {
    if length as usize <= HDR {
        return Ok(());
    }
    reply(c, bp, op, "kauth", KAUTH_REQ, true, none)
}

/// A call to the volume server.
pub(super) fn vol_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    call(c, bp, length, "vol", VOL_REQ, false, vol_args)
}

/// ` fromtrans N fromdate DATE`.
fn from_trans<W: Write>(a: &mut Afs<'_, '_, W>) -> A {
    uints(a, &[" fromtrans"])?;
    a.s(" fromdate")?;
    a.date()
}

/// The arguments of volume server operation `op`.
fn vol_args<W: Write>(a: &mut Afs<'_, '_, W>, op: u32) -> A {
    match op {
        100 => {
            uints(a, &[" partition"])?;
            a.s(" name")?;
            a.str(AFSNAMEMAX)?;
            uints(a, &[" type", " parent"])
        }
        101 | 107 | 104 => uints(a, &[" trans"]),
        102 => uints(a, &[" totrans", " flags"]),
        103 => {
            from_trans(a)?;
            a.dest_server()?;
            ints(a, &[" desttrans"])
        }
        105 => {
            uints(a, &[" trans", " purgevol", " newtype"])?;
            a.s(" newname")?;
            a.str(AFSNAMEMAX)
        }
        106 => uints(a, &[" trans", " flags"]),
        108 => uints(a, &[" vol", " partition", " flags"]),
        // (655537, not 65537, as tcpdump has it.)
        109 | 655537 => from_trans(a),
        110 => uints(a, &[" index"]),
        111 => uints(a, &[" tid", " newsite"]),
        112 | 113 => a.s(" tid"),
        114 => {
            a.s(" name")?;
            a.str(AFSNAMEMAX)?;
            uints(a, &[" type", " pid", " cloneid"])
        }
        116 => uints(a, &[" partition", " flags"]),
        117 => {
            uints(a, &[" tid"])?;
            a.s(" name")?;
            a.str(AFSNAMEMAX)?;
            uints(a, &[" type", " pid", " clone", " backup"])
        }
        119 => {
            a.s(" name")?;
            a.str(AFSNAMEMAX)
        }
        120 | 126 => uints(a, &[" tid"]),
        121 | 122 | 124 | 125 | 65536 => uints(a, &[" partid", " volid"]),
        123 => {
            uints(a, &[" tid"])?;
            a.s(" date")?;
            a.date()
        }
        128 => {
            from_trans(a)?;
            let j = a.word()?;
            for i in 0..j {
                a.dest_server()?;
                if i != j - 1 {
                    a.s(",")?;
                }
            }
            if j == 0 {
                a.s(" <none!>")?;
            }
            Ok(())
        }
        65538 => {
            from_trans(a)?;
            uints(a, &[" flags"])
        }
        _ => Ok(()),
    }
}

/// A reply from the volume server.
pub(super) fn vol_reply_print<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    length: u32,
    op: u32,
) -> R {
    if length as usize <= HDR {
        return Ok(());
    }
    reply(c, bp, op, "vol", VOL_REQ, false, vol_data)
}

/// What a volume server's data reply to operation `op` prints.
fn vol_data<W: Write>(a: &mut Afs<'_, '_, W>, op: u32) -> A {
    match op {
        100 => uints(a, &[" volid", " trans"]),
        104 | 107 => a.uint(),
        105 => uints(a, &[" newvol"]),
        108 => uints(a, &[" trans"]),
        110 => uints(a, &[" volume", " partition"]),
        112 => a.str(AFSNAMEMAX),
        113 => {
            uints(
                a,
                &[
                    " volid",
                    " nextuniq",
                    " type",
                    " parentid",
                    " clone",
                    " backup",
                    " restore",
                    " maxquota",
                    " minquota",
                    " owner",
                ],
            )?;
            for l in [
                " create", " access", " update", " expire", " backup", " copy",
            ] {
                a.s(l)?;
                a.date()?;
            }
            Ok(())
        }
        116 | 121 => {
            let j = a.word()?;
            for i in 0..j {
                a.s(" name")?;
                a.vec(32)?;
                uints(a, &[" volid"])?;
                a.s(" type")?;
                a.skip(4 * 21);
                if i != j - 1 {
                    a.s(",")?;
                }
            }
            if j == 0 {
                a.s(" <none!>")?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A call to the basic overseer.
pub(super) fn bos_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, length: u32) -> R {
    call(c, bp, length, "bos", BOS_REQ, false, bos_args)
}

/// The arguments of basic overseer operation `op`.
fn bos_args<W: Write>(a: &mut Afs<'_, '_, W>, op: u32) -> A {
    match op {
        80 => {
            a.s(" type")?;
            a.str(BOSNAMEMAX)?;
            a.s(" instance")?;
            a.str(BOSNAMEMAX)
        }
        81 | 83 | 85 | 87 | 88 | 93 | 96 | 97 | 104 | 106 | 108 | 112 | 114 => a.str(BOSNAMEMAX),
        82 | 98 => {
            a.str(BOSNAMEMAX)?;
            ints(a, &[" status"])
        }
        86 => {
            a.str(BOSNAMEMAX)?;
            ints(a, &[" num"])
        }
        84 | 89 | 90 | 91 | 92 | 95 => a.int(),
        105 => {
            a.str(BOSNAMEMAX)?;
            ints(a, &[" size", " flags", " date"])
        }
        _ => Ok(()),
    }
}

/// A reply from the basic overseer.
pub(super) fn bos_reply_print<W: Write>(
    c: &mut Cursor<'_, W>,
    bp: usize,
    length: u32,
    op: u32,
) -> R {
    if length as usize <= HDR {
        return Ok(());
    }
    reply(c, bp, op, "bos", BOS_REQ, false, none)
}

/// A Ubik call (to a database service).
fn ubik_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize) -> R {
    let op = c.be32(bp + HDR)?;
    c.s(" ubik call ")?;
    op_name(c, UBIK_REQ, op)?;
    let mut a = Afs {
        c: &mut *c,
        bp: bp + HDR + 4,
    };
    let r = ubik_args(&mut a, op);
    finish(c, r, "ubik")
}

/// The arguments of Ubik operation `op`.
fn ubik_args<W: Write>(a: &mut Afs<'_, '_, W>, op: u32) -> A {
    match op {
        10000 => {
            let sync = a.word()?;
            a.s(" syncsite ")?;
            a.s(if sync != 0 { "yes" } else { "no" })?;
            a.s(" votestart")?;
            a.date()?;
            a.s(" dbversion")?;
            a.ubik_version()?;
            a.s(" tid")?;
            a.ubik_version()
        }
        10003 => uints(a, &[" site"]),
        20000 | 20001 | 20007 | 20008 | 20010 => {
            a.s(" tid")?;
            a.ubik_version()
        }
        20002 => {
            a.s(" tid")?;
            a.ubik_version()?;
            ints(a, &[" file", " pos", " length"])?;
            // The lock type is read, and not printed.
            a.word()?;
            Ok(())
        }
        20003 => {
            a.s(" tid")?;
            a.ubik_version()?;
            ints(a, &[" file", " pos"])
        }
        20005 => ints(a, &[" file"]),
        20006 => {
            ints(a, &[" file", " length"])?;
            a.s(" dbversion")?;
            a.ubik_version()
        }
        20009 => {
            a.s(" tid")?;
            a.ubik_version()?;
            ints(a, &[" file", " length"])
        }
        20012 => {
            for l in [" tid", " oldversion", " newversion"] {
                a.s(l)?;
                a.ubik_version()?;
            }
            Ok(())
        }
        _ => Ok(()),
    }
}

/// A Ubik reply.
fn ubik_reply_print<W: Write>(c: &mut Cursor<'_, W>, bp: usize, op: u32) -> R {
    c.s(" ubik reply ")?;
    op_name(c, UBIK_REQ, op)?;
    let ty = c.u8(bp + TYPE)?;
    let mut a = Afs {
        c: &mut *c,
        bp: bp + HDR,
    };
    let r: A = if ty == DATA {
        match op {
            10000 => a.s(" vote no"),
            20004 => a.s(" dbversion").and_then(|()| a.ubik_version()),
            _ => Ok(()),
        }
    } else if op == 10000 {
        a.s(" vote yes until").and_then(|()| a.date())
    } else {
        a.s(" errcode").and_then(|()| a.int())
    };
    finish(c, r, "ubik")
}
