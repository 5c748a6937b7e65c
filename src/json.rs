//! What every JSON document promisc prints shares: the schema version (docs/json.md).

use serde::Serialize;

/// The version of the JSON documents this binary prints (`status`, `watch`, `detect`,
/// `doctor`, `lab`, `vswitch stats`; packets carry [`promisc_wire::JSON_SCHEMA`]). Raised when
/// a field changes meaning or goes away, not when one is added.
pub const SCHEMA: u32 = 1;

/// An object's fields after `"schema": SCHEMA`.
#[derive(Serialize)]
pub struct Versioned<T: Serialize> {
    /// [`SCHEMA`].
    schema: u32,
    /// The object whose fields follow.
    #[serde(flatten)]
    body: T,
}

/// `body` (a struct or a map, or a reference to one) with `"schema"` first.
pub fn versioned<T: Serialize>(body: T) -> Versioned<T> {
    Versioned {
        schema: SCHEMA,
        body,
    }
}

/// `body` (a struct or a map) with `"schema"` first, indented as `println!` prints it.
pub fn pretty<T: Serialize>(body: &T) -> serde_json::Result<String> {
    serde_json::to_string_pretty(&versioned(body))
}
