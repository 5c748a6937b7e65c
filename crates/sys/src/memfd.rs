//! Handing a large payload to a datagram socket as a sealed memory file: the journal's native
//! protocol takes an entry too large for one datagram this way (an empty datagram whose
//! `SCM_RIGHTS` control message carries a `memfd` holding the entry, sealed so the sender can
//! no longer change it).

use std::ffi::CStr;
use std::fs::File;
use std::io::{self, Write};
use std::os::fd::{AsRawFd, BorrowedFd, FromRawFd};

/// `memfd_create(2)`, `fcntl(F_ADD_SEALS)` and `sendmsg(2)` with `SCM_RIGHTS`: writes
/// `payload` into a new memory file named `name`, seals it against any change, and sends an
/// empty datagram carrying its descriptor on the connected socket `sock`. The file is closed
/// here; the receiver holds its own descriptor.
pub fn send_sealed(sock: BorrowedFd<'_>, name: &CStr, payload: &[u8]) -> io::Result<()> {
    // SAFETY: name is a NUL-terminated string that outlives the call; the flags are valid.
    let fd =
        unsafe { libc::memfd_create(name.as_ptr(), libc::MFD_CLOEXEC | libc::MFD_ALLOW_SEALING) };
    if fd < 0 {
        return Err(io::Error::last_os_error());
    }
    // SAFETY: fd is the descriptor memfd_create just returned, owned by nothing else.
    let mut file = unsafe { File::from_raw_fd(fd) };
    file.write_all(payload)?;
    let seals = libc::F_SEAL_SHRINK | libc::F_SEAL_GROW | libc::F_SEAL_WRITE | libc::F_SEAL_SEAL;
    // SAFETY: F_ADD_SEALS takes an int argument; fd is open.
    if unsafe { libc::fcntl(file.as_raw_fd(), libc::F_ADD_SEALS, seals) } < 0 {
        return Err(io::Error::last_os_error());
    }
    // Room for one cmsghdr carrying an int, 8-byte aligned.
    let mut control = [0u64; 4];
    // SAFETY: msghdr is plain data; zeroed is valid (no name, no data).
    let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
    msg.msg_control = control.as_mut_ptr().cast();
    // SAFETY: CMSG_SPACE only computes a length.
    let space = unsafe { libc::CMSG_SPACE(std::mem::size_of::<libc::c_int>() as u32) } as usize;
    debug_assert!(space <= std::mem::size_of_val(&control));
    msg.msg_controllen = space as _;
    // SAFETY: msg's control buffer is live and holds at least one header.
    let cmsg = unsafe { libc::CMSG_FIRSTHDR(&msg) };
    if cmsg.is_null() {
        return Err(io::Error::from(io::ErrorKind::InvalidInput));
    }
    // SAFETY: CMSG_LEN only computes a length.
    let len = unsafe { libc::CMSG_LEN(std::mem::size_of::<libc::c_int>() as u32) };
    // SAFETY: cmsg points at the first header inside the live, 8-byte aligned control buffer.
    let header = unsafe { &mut *cmsg };
    header.cmsg_len = len as _;
    header.cmsg_level = libc::SOL_SOCKET;
    header.cmsg_type = libc::SCM_RIGHTS;
    // SAFETY: cmsg is a header inside the control buffer with room for an int after it.
    let data = unsafe { libc::CMSG_DATA(cmsg) };
    // SAFETY: data points at those 4 bytes inside the control buffer; they may be unaligned.
    unsafe { std::ptr::write_unaligned(data.cast::<libc::c_int>(), file.as_raw_fd()) };
    loop {
        // SAFETY: msg points at the live control buffer with its length and no data.
        let n = unsafe { libc::sendmsg(sock.as_raw_fd(), &msg, libc::MSG_NOSIGNAL) };
        if n >= 0 {
            return Ok(());
        }
        let e = io::Error::last_os_error();
        if e.kind() != io::ErrorKind::Interrupted {
            return Err(e);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::{Read, Seek, SeekFrom};
    use std::os::fd::AsFd;
    use std::os::unix::net::UnixDatagram;

    /// The receiver gets an empty datagram and a sealed file holding the payload.
    #[test]
    fn the_payload_arrives_as_a_sealed_file() {
        let (a, b) = UnixDatagram::pair().unwrap();
        let payload = vec![b'x'; 300_000];
        send_sealed(a.as_fd(), c"promisc-test", &payload).unwrap();
        let mut buf = [0u8; 16];
        let mut control = [0u64; 4];
        let mut iov = libc::iovec {
            iov_base: buf.as_mut_ptr().cast(),
            iov_len: buf.len(),
        };
        // SAFETY: plain data.
        let mut msg: libc::msghdr = unsafe { std::mem::zeroed() };
        msg.msg_iov = &mut iov;
        msg.msg_iovlen = 1;
        msg.msg_control = control.as_mut_ptr().cast();
        msg.msg_controllen = std::mem::size_of_val(&control) as _;
        // SAFETY: msg points at live buffers with their lengths.
        let n = unsafe { libc::recvmsg(b.as_raw_fd(), &mut msg, 0) };
        assert_eq!(n, 0, "an empty datagram");
        // SAFETY: msg was just filled.
        let cmsg = unsafe { libc::CMSG_FIRSTHDR(&msg) };
        assert!(!cmsg.is_null());
        // SAFETY: a header inside the control buffer.
        let data = unsafe { libc::CMSG_DATA(cmsg) };
        // SAFETY: the kernel wrote one descriptor there.
        let fd = unsafe { std::ptr::read_unaligned(data.cast::<libc::c_int>()) };
        // SAFETY: the descriptor is ours now.
        let mut f = unsafe { File::from_raw_fd(fd) };
        // The descriptor shares the sender's file offset (at the end): read from the start.
        f.seek(SeekFrom::Start(0)).unwrap();
        let mut got = Vec::new();
        f.read_to_end(&mut got).unwrap();
        assert_eq!(got.len(), payload.len());
        assert!(got == payload, "the payload, byte for byte");
        // SAFETY: F_GET_SEALS takes no argument.
        let seals = unsafe { libc::fcntl(fd, libc::F_GET_SEALS) };
        assert_ne!(seals & libc::F_SEAL_WRITE, 0, "sealed: {seals:#x}");
    }
}
