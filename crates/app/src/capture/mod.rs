//! What `promisc capture`, `read` and `filter` share.
//!
//! - [`devices`]: the interfaces as `tcpdump -D` lists them, with their promiscuity.
//! - [`filter`]: compiling expressions as the commands do; offline filtering per link type.
//! - [`savefile`]: opening a file to read; [`output`]: the sinks packets are written to.
//! - [`names`]: port and host names, as tcpdump prints them without `-n`.

pub mod devices;
pub mod filter;
pub mod names;
pub mod output;
pub mod savefile;
