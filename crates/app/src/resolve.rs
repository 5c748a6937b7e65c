//! Interface names to links.

use promisc_facts::link::{name_is, LinkFacts};

/// How many interface names an error lists at most.
const LISTED: usize = 8;

/// A name that is no interface here (nor, when `subcommands` is not empty, a subcommand). Its
/// message names the closest subcommand, and the interfaces that exist: the closest few first
/// when there are many.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{}", self.message())]
pub struct UnknownInterface {
    /// The name asked for.
    pub name: String,
    /// The namespace it was looked for in.
    pub netns: String,
    /// The interfaces that exist there, sorted.
    pub existing: Vec<String>,
    /// The subcommands the name might have meant (empty when it came after one).
    pub subcommands: Vec<String>,
}

impl UnknownInterface {
    /// The error for `name` among `existing` interfaces of `netns`.
    pub fn new(name: &str, netns: &str, existing: &[&str]) -> Self {
        let mut existing: Vec<String> = existing.iter().map(|s| s.to_string()).collect();
        existing.sort_unstable();
        existing.dedup();
        UnknownInterface {
            name: name.to_string(),
            netns: netns.to_string(),
            existing,
            subcommands: Vec::new(),
        }
    }

    /// The same, for a name that may also have been meant as one of `subcommands`.
    pub fn or_subcommand(mut self, subcommands: &[&str]) -> Self {
        self.subcommands = subcommands.iter().map(|s| s.to_string()).collect();
        self
    }

    /// What kind of failure this is: always no such interface.
    pub fn kind(&self) -> promisc_sys::ErrorKind {
        promisc_sys::ErrorKind::NoInterface
    }

    fn message(&self) -> String {
        let name = &self.name;
        let netns = &self.netns;
        let mut msg = if self.subcommands.is_empty() {
            format!("no interface named '{name}' in network namespace {netns}")
        } else {
            format!("no interface or subcommand named '{name}' in network namespace {netns}")
        };
        if self.subcommands.iter().any(|s| s == name) {
            // `promisc eth0 hold`: after an interface, a subcommand's name is one more.
            msg.push_str(&format!(
                " (`{name}` is a subcommand: it comes first, `promisc {name} ...`, and only \
                 -n NETNS before it)"
            ));
        } else if let Some(sub) = self
            .subcommands
            .iter()
            .filter(|s| strsim::damerau_levenshtein(name, s) <= 2)
            .min_by_key(|s| strsim::damerau_levenshtein(name, s))
        {
            msg.push_str(&format!(" (did you mean `promisc {sub}`?)"));
        }
        if self.existing.len() <= LISTED {
            msg.push_str(&format!("; interfaces here: {}", self.existing.join(", ")));
        } else {
            let mut near: Vec<&str> = self.existing.iter().map(String::as_str).collect();
            near.sort_by_key(|e| (strsim::damerau_levenshtein(name, e), *e));
            near.truncate(LISTED);
            msg.push_str(&format!(
                "; the closest of the {} interfaces here: {} (promisc status lists them all)",
                self.existing.len(),
                near.join(", ")
            ));
        }
        msg
    }
}

/// Finds interfaces by name (as shown, or as the kernel has it: [`name_is`]) among `links` of namespace `netns`, or says which exist.
pub fn resolve<'a>(
    names: &[String],
    links: &'a [LinkFacts],
    netns: &str,
) -> Result<Vec<&'a LinkFacts>, UnknownInterface> {
    names
        .iter()
        .map(|n| {
            links.iter().find(|l| name_is(&l.name, n)).ok_or_else(|| {
                let existing: Vec<&str> = links.iter().map(|l| l.name.as_str()).collect();
                UnknownInterface::new(n, netns, &existing)
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mistyped_subcommand_is_suggested() {
        let m = UnknownInterface::new("stauts", "default", &["lo", "eth0"])
            .or_subcommand(&["status", "hold"])
            .to_string();
        assert!(
            m.starts_with("no interface or subcommand named 'stauts'"),
            "{m}"
        );
        assert!(m.contains("did you mean `promisc status`?"), "{m}");
        assert!(m.ends_with("interfaces here: eth0, lo"), "{m}");
        let m = UnknownInterface::new("eth9", "default", &["eth0", "lo"])
            .or_subcommand(&["status", "hold"])
            .to_string();
        assert!(!m.contains("did you mean"), "{m}");
        let m = UnknownInterface::new("hold", "default", &["eth0", "lo"])
            .or_subcommand(&["status", "hold"])
            .to_string();
        assert!(
            m.contains("`hold` is a subcommand: it comes first, `promisc hold ...`"),
            "{m}"
        );
    }

    #[test]
    fn many_interfaces_list_the_closest_few_and_the_count() {
        let names: Vec<String> = (0..2000).map(|i| format!("veth{i}")).collect();
        let existing: Vec<&str> = names.iter().map(String::as_str).collect();
        let m = UnknownInterface::new("veth12x", "lab", &existing).to_string();
        assert!(
            m.contains("the closest of the 2000 interfaces here:"),
            "{m}"
        );
        assert!(m.contains("veth12,"), "{m}");
        assert_eq!(m.matches("veth").count(), 1 + LISTED, "{m}");
    }
}
