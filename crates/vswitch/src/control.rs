//! The control protocol of a running switch (`/run/promisc/vswitch-NAME.sock`): one JSON
//! request per line, one JSON answer per line. Applying a request to the switch is pure.

use serde::{Deserialize, Serialize};

use crate::config::Mode;
use crate::policy::{PolicyKey, Profile, Setting};
use crate::stats::{DropRecord, Snapshot};
use crate::switch::Switch;

/// The directory of the control sockets.
pub const RUN_DIR: &str = "/run/promisc";

/// The control socket of switch `name`.
pub fn socket_path(name: &str) -> String {
    format!("{RUN_DIR}/vswitch-{name}.sock")
}

/// A request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "op", rename_all = "snake_case")]
pub enum Request {
    /// The statistics snapshot.
    Stats,
    /// The statistics snapshot, once the running switch has re-read what it otherwise re-reads
    /// every second (the Workstation vmnet device's owner and mode): a change made just before
    /// shows in the answer, and in what the switch does from then on.
    Refresh,
    /// The recent dropped frames.
    Drops,
    /// Changes policies or the mode: `settings` are `key=value` texts; `target` a port group or
    /// port name (every port group when absent).
    Set {
        /// Port group or port.
        target: Option<String>,
        /// `key=value` texts.
        settings: Vec<String>,
    },
}

/// An answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
pub enum Response {
    /// The statistics.
    Stats(Snapshot),
    /// The drop log, oldest first.
    Drops {
        /// The records.
        drops: Vec<DropRecord>,
    },
    /// What a `set` changed.
    Done {
        /// One line per change.
        changed: Vec<String>,
    },
    /// The request failed.
    Error {
        /// Why, and how to fix it.
        message: String,
    },
}

/// A `key=value` that `set` cannot apply.
fn bad(setting: &str) -> String {
    format!(
        "`{setting}`: expected promiscuous=, mac_changes= or forged_transmits= accept|reject, mode=static|learning, or profile= one of {}",
        Profile::names()
    )
}

/// Checks every setting first, then applies them all (all or nothing).
pub fn apply_set(
    sw: &mut Switch,
    target: Option<&str>,
    settings: &[String],
) -> Result<Vec<String>, String> {
    enum Change {
        Policy(PolicyKey, Setting),
        Mode(Mode),
        Profile(Profile),
    }
    if settings.is_empty() {
        return Err("nothing to set: give key=value, e.g. promiscuous=accept".into());
    }
    let mut changes = Vec::new();
    for s in settings {
        let (k, v) = s.split_once('=').ok_or_else(|| bad(s))?;
        let change = if k == "mode" {
            match v {
                "static" => Change::Mode(Mode::Static),
                "learning" => Change::Mode(Mode::Learning),
                _ => return Err(bad(s)),
            }
        } else if k == "profile" {
            Change::Profile(Profile::parse(v).ok_or_else(|| bad(s))?)
        } else {
            let key = PolicyKey::parse(k).ok_or_else(|| bad(s))?;
            Change::Policy(key, Setting::parse(v).ok_or_else(|| bad(s))?)
        };
        if matches!(change, Change::Mode(_)) && target.is_some() {
            return Err(format!(
                "`{s}`: the mode is the whole switch's; give it without a port group"
            ));
        }
        changes.push(change);
    }
    if let Some(t) = target {
        if !sw.groups().iter().any(|g| g.name == t) && sw.port_index(t).is_none() {
            // Let set_policy word the error with the names that exist.
            match changes.first() {
                Some(Change::Policy(k, v)) => {
                    return sw.set_policy(Some(t), *k, *v).map(|_| Vec::new())
                }
                Some(Change::Profile(p)) => return sw.set_profile(Some(t), *p).map(|_| Vec::new()),
                _ => {}
            }
        }
    }
    let mut out = Vec::new();
    for c in changes {
        match c {
            Change::Policy(k, v) => out.push(sw.set_policy(target, k, v)?),
            Change::Profile(p) => out.push(sw.set_profile(target, p)?),
            Change::Mode(m) => {
                sw.set_mode(m);
                out.push(format!("mode={}", m.as_str()));
            }
        }
    }
    Ok(out)
}

/// Answers a request. [`Request::Refresh`] is answered as [`Request::Stats`]: the re-reading
/// is the running switch's, before it calls this.
pub fn answer(sw: &mut Switch, req: Request) -> Response {
    match req {
        Request::Stats | Request::Refresh => Response::Stats(Snapshot::of(sw)),
        Request::Drops => Response::Drops {
            drops: sw.drop_log().map(|e| DropRecord::of(sw, e)).collect(),
        },
        Request::Set { target, settings } => match apply_set(sw, target.as_deref(), &settings) {
            Ok(changed) => Response::Done { changed },
            Err(message) => Response::Error { message },
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn requests_on_the_wire() {
        for (text, req) in [
            (r#"{"op":"stats"}"#, Request::Stats),
            (r#"{"op":"refresh"}"#, Request::Refresh),
            (r#"{"op":"drops"}"#, Request::Drops),
        ] {
            assert_eq!(serde_json::from_str::<Request>(text).unwrap(), req);
            assert_eq!(serde_json::to_string(&req).unwrap(), text);
        }
    }
}
