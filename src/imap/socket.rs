//! The TCP options that make a dead connection fail fast instead of
//! hanging: after a suspend, a Wi-Fi change or a NAT that forgot the
//! connection, bytes simply stop — no FIN, no RST — and without these a
//! read waits forever and a write for the kernel's ~15 minutes of
//! retransmissions.
//!
//! - keepalive probes after [`KEEPALIVE_IDLE`] of silence, every
//!   [`KEEPALIVE_INTERVAL`], [`KEEPALIVE_PROBES`] of them: a connection whose
//!   peer is gone fails ~30 s into the silence, also while it sits in IDLE
//!   (where optout itself sends nothing);
//! - `TCP_USER_TIMEOUT` (Linux): data we sent that is not acknowledged
//!   within [`USER_TIMEOUT`] ends the connection (e.g. DONE into a dead
//!   path), instead of the kernel retrying for minutes.
//!
//! A server that is alive answers keepalive probes in its kernel, so they
//! cost nothing there and never end a healthy connection.

use std::io;
use std::time::Duration;
use tokio::net::TcpStream;

pub const KEEPALIVE_IDLE: Duration = Duration::from_secs(15);
pub const KEEPALIVE_INTERVAL: Duration = Duration::from_secs(5);
pub const KEEPALIVE_PROBES: u32 = 3;
pub const USER_TIMEOUT: Duration = Duration::from_secs(30);

/// Set keepalive (and, on Linux, `TCP_USER_TIMEOUT`) on a connected socket.
pub fn harden(tcp: &TcpStream) -> io::Result<()> {
    let sock = socket2::SockRef::from(tcp);
    let keepalive = socket2::TcpKeepalive::new().with_time(KEEPALIVE_IDLE);
    #[cfg(any(target_os = "linux", target_os = "android", target_os = "macos"))]
    let keepalive = keepalive
        .with_interval(KEEPALIVE_INTERVAL)
        .with_retries(KEEPALIVE_PROBES);
    sock.set_tcp_keepalive(&keepalive)?;
    #[cfg(any(target_os = "linux", target_os = "android"))]
    sock.set_tcp_user_timeout(Some(USER_TIMEOUT))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn the_options_are_set_on_the_socket() {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let tcp = TcpStream::connect(addr).await.unwrap();
        harden(&tcp).unwrap();
        let sock = socket2::SockRef::from(&tcp);
        assert!(sock.keepalive().unwrap());
        assert_eq!(sock.tcp_keepalive_time().unwrap(), KEEPALIVE_IDLE);
        #[cfg(target_os = "linux")]
        {
            assert_eq!(sock.tcp_keepalive_interval().unwrap(), KEEPALIVE_INTERVAL);
            assert_eq!(sock.tcp_keepalive_retries().unwrap(), KEEPALIVE_PROBES);
            assert_eq!(sock.tcp_user_timeout().unwrap(), Some(USER_TIMEOUT));
        }
    }
}
