//! sock_diag (`NETLINK_SOCK_DIAG`) for packet sockets: who holds which membership.

use promisc_facts::nlmsg::{NLM_F_DUMP, NLM_F_REQUEST};
use promisc_facts::packet_diag::{
    self, packet_diag_req, PacketSocketFacts, PACKET_SHOW_INFO, PACKET_SHOW_MCLIST,
    SOCK_DIAG_BY_FAMILY,
};
use promisc_facts::request::Request;

use crate::error::Result;
use crate::netlink::{Socket, NETLINK_SOCK_DIAG};

/// `SOCK_DIAG_BY_FAMILY` dump for `AF_PACKET` with `PACKET_SHOW_INFO | PACKET_SHOW_MCLIST`:
/// every packet socket of the calling thread's network namespace, with its memberships
/// (`packet_diag_mclist`) and owner uid.
pub fn packet_sockets() -> Result<Vec<PacketSocketFacts>> {
    let mut sock = Socket::open(NETLINK_SOCK_DIAG)?;
    let req = packet_diag_req(PACKET_SHOW_INFO | PACKET_SHOW_MCLIST);
    let mut out = Vec::new();
    let request = Request::new(SOCK_DIAG_BY_FAMILY, NLM_F_REQUEST | NLM_F_DUMP, &req);
    sock.dump(request, "SOCK_DIAG_BY_FAMILY(AF_PACKET)", |m| {
        if m.kind == SOCK_DIAG_BY_FAMILY {
            out.push(packet_diag::parse_packet_diag(m.payload)?);
        }
        Ok(())
    })?;
    Ok(out)
}
