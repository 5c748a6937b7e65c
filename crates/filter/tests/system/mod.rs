//! The system's name databases for the tests and examples, which compare our programs with
//! libpcap's: they must resolve names as libpcap does on this machine. (The compiler itself
//! does no I/O; promisc-app reads the databases for the commands.)

use std::net::{IpAddr, ToSocketAddrs};

use promisc_filter::{DatabaseResolver, Databases};

/// `/etc/NAME` and `getaddrinfo`, read here.
#[derive(Clone, Copy, Debug, Default)]
pub struct Etc;

impl Databases for Etc {
    fn file(&self, name: &str) -> Option<String> {
        std::fs::read_to_string(format!("/etc/{name}")).ok()
    }

    fn host(&self, name: &str) -> Vec<IpAddr> {
        let mut found = Vec::new();
        if let Ok(all) = (name, 0u16).to_socket_addrs() {
            for a in all {
                if !found.contains(&a.ip()) {
                    found.push(a.ip());
                }
            }
        }
        found
    }
}

/// Names resolved as libpcap resolves them here.
#[allow(dead_code)]
pub const SYSTEM: DatabaseResolver<Etc> = DatabaseResolver(Etc);
