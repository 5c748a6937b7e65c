//! What every JSON document promisc prints shares: the schema version (docs/json.md).

/// The version of the JSON documents this binary prints. Raised when a field changes meaning
/// or goes away, not when one is added.
pub const SCHEMA: u32 = 1;
