//! `user::groups_of` against the password and group databases.

use promisc_sys::user::{groups_of, lookup_user};

#[test]
fn root_belongs_to_group_0() {
    let root = lookup_user("root").unwrap().expect("a root account");
    let groups = groups_of(&root).unwrap();
    assert!(groups.contains(&0), "{groups:?}");
}

#[test]
fn the_primary_group_is_always_listed() {
    // Any account: its primary group is in the list even when no group names it.
    for name in ["root", "nobody", "daemon"] {
        if let Some(acct) = lookup_user(name).unwrap() {
            let groups = groups_of(&acct).unwrap();
            assert!(groups.contains(&acct.gid), "{name}: {groups:?}");
            assert!(!groups.is_empty());
        }
    }
}
