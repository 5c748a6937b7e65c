//! Compile-time checks that the uapi numbers `promisc-facts` writes by hand (it has no libc)
//! are libc's, and that its fixed header sizes are the sizes of libc's structs (where libc
//! has them: it has no `ndmsg` and no `SOCK_DIAG_BY_FAMILY`).

use std::mem::size_of;

use promisc_facts::{fdb, link, nlmsg, nsid, packet_diag, uapi};

const _: () = assert!(uapi::IFF_UP == libc::IFF_UP as u32);
const _: () = assert!(uapi::IFF_PROMISC == libc::IFF_PROMISC as u32);
const _: () = assert!(uapi::ARPHRD_LOOPBACK == libc::ARPHRD_LOOPBACK);
const _: () = assert!(uapi::ARPHRD_ETHER == libc::ARPHRD_ETHER);
const _: () = assert!(uapi::PACKET_MR_PROMISC as libc::c_int == libc::PACKET_MR_PROMISC);
const _: () = assert!(uapi::PACKET_MR_ALLMULTI as libc::c_int == libc::PACKET_MR_ALLMULTI);

const _: () = assert!(nlmsg::NLMSG_HDRLEN == size_of::<libc::nlmsghdr>());
const _: () = assert!(nlmsg::NLMSG_ERROR as libc::c_int == libc::NLMSG_ERROR);
const _: () = assert!(nlmsg::NLMSG_DONE as libc::c_int == libc::NLMSG_DONE);
const _: () = assert!(nlmsg::NLM_F_REQUEST as libc::c_int == libc::NLM_F_REQUEST);
const _: () = assert!(nlmsg::NLM_F_ACK as libc::c_int == libc::NLM_F_ACK);
const _: () = assert!(nlmsg::NLM_F_DUMP as libc::c_int == libc::NLM_F_DUMP);
const _: () = assert!(nlmsg::NLM_F_DUMP_INTR as libc::c_int == libc::NLM_F_DUMP_INTR);

const _: () = assert!(link::IFINFOMSG_LEN == size_of::<libc::ifinfomsg>());
const _: () = assert!(link::RTM_NEWLINK == libc::RTM_NEWLINK);
const _: () = assert!(link::RTM_GETLINK == libc::RTM_GETLINK);
const _: () = assert!(link::RTM_DELLINK == libc::RTM_DELLINK);
const _: () = assert!(link::IFLA_ADDRESS == libc::IFLA_ADDRESS);
const _: () = assert!(link::IFLA_IFNAME == libc::IFLA_IFNAME);
const _: () = assert!(link::IFLA_LINK == libc::IFLA_LINK);
const _: () = assert!(link::IFLA_MASTER == libc::IFLA_MASTER);
const _: () = assert!(link::IFLA_LINKINFO == libc::IFLA_LINKINFO);
const _: () = assert!(link::IFLA_PROMISCUITY == libc::IFLA_PROMISCUITY);
const _: () = assert!(link::IFLA_EXT_MASK == libc::IFLA_EXT_MASK);
const _: () = assert!(link::IFLA_LINK_NETNSID == libc::IFLA_LINK_NETNSID);
const _: () = assert!(link::IFLA_INFO_KIND == libc::IFLA_INFO_KIND);
const _: () = assert!(link::IFLA_INFO_DATA == libc::IFLA_INFO_DATA);
const _: () = assert!(link::IFLA_INFO_SLAVE_KIND == libc::IFLA_INFO_SLAVE_KIND);
const _: () = assert!(link::IFLA_INFO_SLAVE_DATA == libc::IFLA_INFO_SLAVE_DATA);

const _: () = assert!(fdb::RTM_NEWNEIGH == libc::RTM_NEWNEIGH);
const _: () = assert!(fdb::RTM_GETNEIGH == libc::RTM_GETNEIGH);
const _: () = assert!(fdb::AF_BRIDGE as libc::c_int == libc::AF_BRIDGE);
const _: () = assert!(fdb::NDA_LLADDR == libc::NDA_LLADDR);
const _: () = assert!(fdb::NTF_SELF == libc::NTF_SELF);
const _: () = assert!(fdb::NTF_MASTER == libc::NTF_MASTER);
const _: () = assert!(fdb::NUD_PERMANENT == libc::NUD_PERMANENT);

const _: () = assert!(nsid::RTM_NEWNSID == libc::RTM_NEWNSID);
const _: () = assert!(nsid::RTM_GETNSID == libc::RTM_GETNSID);

const _: () = assert!(packet_diag::AF_PACKET as libc::c_int == libc::AF_PACKET);
