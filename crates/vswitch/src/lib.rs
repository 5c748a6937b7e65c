//! A VMware-style virtual switch as a pure model: the TOML configuration ([`config`]), the
//! three security policies and their profiles ([`policy`]), MAC learning and the forwarding
//! decision ([`switch`]), the statistics it explains itself with ([`stats`]), the control
//! protocol ([`control`]) and Workstation's vmnet permission rule ([`access`]).
//!
//! Nothing here does I/O: the I/O loop of `promisc vswitch run` (in the `promisc-vswitchd` crate)
//! reads frames and guest-side facts through `promisc-sys` and asks [`switch::Switch::decide`]
//! where each frame goes. The semantics are docs/VSWITCH.md's, row by row.
#![forbid(unsafe_code)]

pub mod access;
pub mod config;
pub mod control;
pub mod mac;
pub mod policy;
pub mod stats;
pub mod switch;

pub use config::{Config, ConfigError};
pub use mac::Mac;
pub use switch::{DropReason, Forward, FrameInfo, Logged, PortSet, Switch};
