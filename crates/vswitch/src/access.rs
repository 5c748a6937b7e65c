//! VMware Workstation's rule: a guest may go promiscuous only when the user running the VM can
//! read and write the vmnet device (`/dev/vmnetN`). The check is a pure function of the file's
//! owner, group and mode and of the user's ids, as the kernel's permission check does it for a
//! process that is not privileged.

/// The parts of a file's `stat` that decide access.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileMode {
    /// Owner uid.
    pub uid: u32,
    /// Group gid.
    pub gid: u32,
    /// Permission bits (`st_mode & 0o7777`).
    pub mode: u32,
}

/// A user as the check sees it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct User {
    /// User id.
    pub uid: u32,
    /// Every group the user is in, the primary one included.
    pub groups: Vec<u32>,
}

/// Whether `user` may open the file for reading and writing. The owner class applies to the
/// owner, else the group class to a member of the file's group, else the others class; only the
/// first matching class counts, as in the kernel. Root (uid 0) may always (the VM user is
/// normally not root).
pub fn can_read_write(file: FileMode, user: &User) -> bool {
    if user.uid == 0 {
        return true;
    }
    let bits = if user.uid == file.uid {
        file.mode >> 6
    } else if user.groups.contains(&file.gid) {
        file.mode >> 3
    } else {
        file.mode
    };
    bits & 0o6 == 0o6
}

#[cfg(test)]
mod tests {
    use super::*;

    fn alice() -> User {
        User {
            uid: 1000,
            groups: vec![1000, 27],
        }
    }

    #[test]
    fn classes_as_the_kernel_applies_them() {
        let f = |uid, gid, mode| can_read_write(FileMode { uid, gid, mode }, &alice());
        assert!(!f(0, 0, 0o600), "root's 0600 device: refused");
        assert!(f(0, 0, 0o666), "chmod a+rw");
        assert!(f(0, 27, 0o660), "a group with rw the user is in");
        assert!(!f(0, 28, 0o660), "a group the user is not in");
        assert!(!f(0, 0, 0o644), "read only for others");
        assert!(f(1000, 0, 0o600), "the user owns it");
        assert!(
            !f(1000, 27, 0o066),
            "owner class wins even when it grants less"
        );
        assert!(can_read_write(
            FileMode {
                uid: 0,
                gid: 0,
                mode: 0
            },
            &User {
                uid: 0,
                groups: vec![0]
            }
        ));
    }
}
