//! sock_diag (`NETLINK_SOCK_DIAG`) for packet sockets: who holds which membership.

use promisc_facts::packet_diag::PacketSocketFacts;

use crate::error::Result;
use crate::netlink::{Request, Socket, NETLINK_SOCK_DIAG, NLM_F_DUMP, NLM_F_REQUEST};
use crate::parse;

const SOCK_DIAG_BY_FAMILY: u16 = 20;
const PACKET_SHOW_INFO: u32 = 0x1;
const PACKET_SHOW_MCLIST: u32 = 0x2;

/// `SOCK_DIAG_BY_FAMILY` dump for `AF_PACKET` with `PACKET_SHOW_INFO | PACKET_SHOW_MCLIST`:
/// every packet socket of the calling thread's network namespace, with its memberships
/// (`packet_diag_mclist`) and owner uid.
pub fn packet_sockets() -> Result<Vec<PacketSocketFacts>> {
    let mut sock = Socket::open(NETLINK_SOCK_DIAG)?;
    // struct packet_diag_req: family, protocol, pad, ino, show, cookie[2].
    let mut req = [0u8; 20];
    req[0] = libc::AF_PACKET as u8;
    req[8..12].copy_from_slice(&(PACKET_SHOW_INFO | PACKET_SHOW_MCLIST).to_ne_bytes());
    let mut out = Vec::new();
    let request = Request::new(SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, &req);
    sock.dump(request, "SOCK_DIAG_BY_FAMILY(AF_PACKET)", |m| {
        if m.kind == SOCK_DIAG_BY_FAMILY {
            out.push(parse::parse_packet_diag(m.payload)?);
        }
        Ok(())
    })?;
    Ok(out)
}
