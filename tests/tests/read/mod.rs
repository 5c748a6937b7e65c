//! `promisc read`: damaged files and files that stop it part way, and every timestamp printed
//! as tcpdump prints it.

mod asdot;
mod damaged;
mod flags;
mod json;
mod names;
mod rewrite;
mod tcpdump5;
mod tcpdump_flags;
mod timestamps;
mod wlan_filter;
