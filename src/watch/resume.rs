//! Noticing a resume from suspend and a network change, so that every
//! connection is made again at once instead of after a dead connection's
//! timeouts and the back-off.
//!
//! - **Resume**: Linux's `CLOCK_MONOTONIC` (tokio's clock) stops while the
//!   machine sleeps, the wall clock does not. Every [`TICK`] the detector
//!   compares how far each moved; the wall clock ahead by more than
//!   [`JUMP`] means the machine slept (or the clock was set forward, which
//!   costs one reconnect). Every tokio timer is late by the time asleep,
//!   so the alert task is woken too: it re-plans its timed alerts from the
//!   wall clock (a `code_overdue` due during the sleep fires now).
//! - **Network change** (Linux): a `NETLINK_ROUTE` socket subscribed to
//!   address and IPv4 route events; a default route that comes or goes, or
//!   an address that goes, is a new network (DHCP renewals and IPv6 address
//!   refreshes, which only re-announce, are ignored). Events within
//!   [`SETTLE`] count once.

use std::sync::Arc;
use std::time::{Duration, Instant, SystemTime};
use tokio::sync::{watch, Notify};

/// How often the clocks are compared.
pub const TICK: Duration = Duration::from_secs(5);
/// A wall clock this far ahead of the monotonic one was a sleep.
pub const JUMP: Duration = Duration::from_secs(30);
/// Network events this close together are one change.
pub const SETTLE: Duration = Duration::from_secs(2);

/// The pure part: the two clocks at the last look.
#[derive(Debug, Clone, Copy)]
pub struct ClockJump {
    wall: SystemTime,
    mono: Instant,
}

impl ClockJump {
    pub fn new(wall: SystemTime, mono: Instant) -> ClockJump {
        ClockJump { wall, mono }
    }

    /// How long the machine slept since the last look, if the wall clock
    /// ran more than [`JUMP`] ahead of the monotonic one.
    pub fn check(&mut self, wall: SystemTime, mono: Instant) -> Option<Duration> {
        let walled = wall.duration_since(self.wall).unwrap_or_default();
        let ran = mono.saturating_duration_since(self.mono);
        *self = ClockJump { wall, mono };
        let slept = walled.saturating_sub(ran);
        (slept > JUMP).then_some(slept)
    }
}

/// Why the connections are being made again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cause {
    Resume(Duration),
    Network,
}

/// Start the detector; the receiver changes on every resume or network
/// change. `alerts`: the alert task's wake-up, which makes it re-plan its
/// timed alerts from the wall clock.
pub fn spawn_detector_with(alerts: Option<Arc<Notify>>) -> watch::Receiver<u64> {
    let (tx, rx) = watch::channel(0u64);
    let (cause_tx, mut causes) = tokio::sync::mpsc::unbounded_channel::<Cause>();
    {
        let cause_tx = cause_tx.clone();
        tokio::spawn(async move {
            let mut clocks = ClockJump::new(SystemTime::now(), Instant::now());
            let mut tick = tokio::time::interval(TICK);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            loop {
                tick.tick().await;
                if let Some(slept) = clocks.check(SystemTime::now(), Instant::now()) {
                    if cause_tx.send(Cause::Resume(slept)).is_err() {
                        return;
                    }
                }
            }
        });
    }
    #[cfg(target_os = "linux")]
    tokio::spawn(netlink::watch(cause_tx));
    tokio::spawn(async move {
        while let Some(cause) = causes.recv().await {
            match cause {
                Cause::Resume(slept) => tracing::info!(
                    "resumed after about {} asleep: reconnecting every mailbox",
                    humantime::format_duration(Duration::from_secs(slept.as_secs()))
                ),
                Cause::Network => {
                    tracing::info!("the network changed: reconnecting every mailbox")
                }
            }
            tx.send_modify(|n| *n += 1);
            // Hook point for the alert task's wake-up: processing again
            // re-plans every timed alert from the wall clock.
            if let Some(alerts) = &alerts {
                alerts.notify_one();
            }
        }
    });
    rx
}

/// The detector without an alert task to wake (`optout object`).
pub fn spawn_detector() -> watch::Receiver<u64> {
    spawn_detector_with(None)
}

#[cfg(target_os = "linux")]
mod netlink {
    use super::{Cause, SETTLE};
    use std::os::fd::{AsRawFd, FromRawFd, OwnedFd};
    use tokio::io::unix::AsyncFd;
    use tokio::sync::mpsc::UnboundedSender;

    // From <linux/rtnetlink.h>.
    const RTMGRP_IPV4_IFADDR: u32 = 0x10;
    const RTMGRP_IPV4_ROUTE: u32 = 0x40;
    const RTMGRP_IPV6_IFADDR: u32 = 0x100;
    const RTM_NEWROUTE: u16 = 24;
    const RTM_DELROUTE: u16 = 25;
    const RTM_DELADDR: u16 = 21;
    const RT_TABLE_MAIN: u8 = 254;
    const RT_SCOPE_UNIVERSE: u8 = 0;

    /// Does this netlink datagram announce a new network? A default route
    /// of the main table added or removed, or a global address removed.
    pub fn is_network_change(buf: &[u8]) -> bool {
        let mut rest = buf;
        while rest.len() >= 16 {
            let len = u32::from_ne_bytes(rest[0..4].try_into().unwrap()) as usize;
            let kind = u16::from_ne_bytes(rest[4..6].try_into().unwrap());
            if len < 16 || len > rest.len() {
                break;
            }
            let body = &rest[16..len];
            let change = match kind {
                // struct rtmsg: family, dst_len, src_len, tos, table, …
                RTM_NEWROUTE | RTM_DELROUTE => {
                    body.len() >= 5 && body[1] == 0 && body[4] == RT_TABLE_MAIN
                }
                // struct ifaddrmsg: family, prefixlen, flags, scope, index
                RTM_DELADDR => body.len() >= 4 && body[3] == RT_SCOPE_UNIVERSE,
                _ => false,
            };
            if change {
                return true;
            }
            rest = &rest[(len + 3) & !3..];
        }
        false
    }

    fn open() -> std::io::Result<OwnedFd> {
        // SAFETY: plain syscalls on a socket we own; sockaddr_nl is
        // zero-initialised and sized as the kernel expects.
        unsafe {
            let fd = libc::socket(
                libc::AF_NETLINK,
                libc::SOCK_RAW | libc::SOCK_NONBLOCK | libc::SOCK_CLOEXEC,
                libc::NETLINK_ROUTE,
            );
            if fd < 0 {
                return Err(std::io::Error::last_os_error());
            }
            let fd = OwnedFd::from_raw_fd(fd);
            let mut addr: libc::sockaddr_nl = std::mem::zeroed();
            addr.nl_family = libc::AF_NETLINK as u16;
            addr.nl_groups = RTMGRP_IPV4_IFADDR | RTMGRP_IPV6_IFADDR | RTMGRP_IPV4_ROUTE;
            let r = libc::bind(
                fd.as_raw_fd(),
                &addr as *const libc::sockaddr_nl as *const libc::sockaddr,
                std::mem::size_of::<libc::sockaddr_nl>() as u32,
            );
            if r < 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(fd)
        }
    }

    /// Read route events until the receiver is gone; a socket that cannot
    /// be opened (a sandbox) leaves only the resume detector.
    pub async fn watch(tx: UnboundedSender<Cause>) {
        // SAFETY: the fd is ours alone (just opened) and lives in the AsyncFd.
        let registered = open().and_then(|fd| unsafe { AsyncFd::register(fd) }.map_err(Into::into));
        let fd = match registered {
            Ok(fd) => fd,
            Err(e) => {
                tracing::debug!("no network change events (netlink): {e}");
                return;
            }
        };
        let mut buf = vec![0u8; 64 * 1024];
        let mut settle_until: Option<tokio::time::Instant> = None;
        loop {
            let readable = async {
                loop {
                    let mut guard = fd.readable().await?;
                    match guard.try_io(|fd| {
                        // SAFETY: reading into our own buffer.
                        let n = unsafe {
                            libc::recv(
                                fd.as_raw_fd(),
                                buf.as_mut_ptr() as *mut libc::c_void,
                                buf.len(),
                                0,
                            )
                        };
                        if n < 0 {
                            Err(std::io::Error::last_os_error())
                        } else {
                            Ok(n as usize)
                        }
                    }) {
                        Ok(r) => return r,
                        Err(_would_block) => continue,
                    }
                }
            };
            tokio::select! {
                r = readable => match r {
                    Ok(n) => {
                        if is_network_change(&buf[..n]) && settle_until.is_none() {
                            settle_until = Some(tokio::time::Instant::now() + SETTLE);
                        }
                    }
                    // ENOBUFS: events were lost; something changed.
                    Err(e) if e.raw_os_error() == Some(libc::ENOBUFS) => {
                        settle_until.get_or_insert(tokio::time::Instant::now() + SETTLE);
                    }
                    Err(e) => {
                        tracing::debug!("netlink: {e}");
                        return;
                    }
                },
                _ = async { tokio::time::sleep_until(settle_until.unwrap()).await }, if settle_until.is_some() => {
                    settle_until = None;
                    if tx.send(Cause::Network).is_err() {
                        return;
                    }
                }
            }
        }
    }

    #[cfg(test)]
    mod tests {
        use super::*;

        fn msg(kind: u16, body: &[u8]) -> Vec<u8> {
            let len = 16 + body.len();
            let mut m = Vec::new();
            m.extend((len as u32).to_ne_bytes());
            m.extend(kind.to_ne_bytes());
            m.extend([0u8; 10]);
            m.extend(body);
            while m.len() % 4 != 0 {
                m.push(0);
            }
            m
        }

        #[test]
        fn default_routes_and_lost_addresses_are_changes_renewals_are_not() {
            let default_route = msg(RTM_NEWROUTE, &[2, 0, 0, 0, RT_TABLE_MAIN, 0, 0, 0]);
            let subnet_route = msg(RTM_NEWROUTE, &[2, 24, 0, 0, RT_TABLE_MAIN, 0, 0, 0]);
            let local_table = msg(RTM_DELROUTE, &[2, 0, 0, 0, 255, 0, 0, 0]);
            let new_addr = msg(20, &[2, 24, 0, 0, 1, 0, 0, 0]);
            let lost_addr = msg(RTM_DELADDR, &[2, 24, 0, RT_SCOPE_UNIVERSE, 1, 0, 0, 0]);
            let lost_link_local = msg(RTM_DELADDR, &[10, 64, 0, 253, 1, 0, 0, 0]);
            assert!(is_network_change(&default_route));
            assert!(is_network_change(&msg(
                RTM_DELROUTE,
                &[2, 0, 0, 0, RT_TABLE_MAIN]
            )));
            assert!(is_network_change(&lost_addr));
            for quiet in [&subnet_route, &local_table, &new_addr, &lost_link_local] {
                assert!(!is_network_change(quiet));
            }
            // Several messages in one datagram: any change counts.
            let both = [subnet_route.clone(), default_route].concat();
            assert!(is_network_change(&both));
            assert!(!is_network_change(&[subnet_route, new_addr].concat()));
            assert!(!is_network_change(&[1, 2, 3]));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_wall_clock_ahead_of_the_monotonic_one_is_a_sleep() {
        let (w0, m0) = (
            SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000),
            Instant::now(),
        );
        let mut c = ClockJump::new(w0, m0);
        // Both moved 5 s: awake.
        let s = Duration::from_secs;
        assert_eq!(c.check(w0 + s(5), m0 + s(5)), None);
        // NTP nudging by a second or two, a late tick: awake.
        assert_eq!(c.check(w0 + s(12), m0 + s(10)), None);
        assert_eq!(c.check(w0 + s(40), m0 + s(38)), None);
        // An hour passed on the wall, 5 s on the monotonic clock: asleep.
        assert_eq!(c.check(w0 + s(3645), m0 + s(43)), Some(s(3600)));
        // And from there on, awake again.
        assert_eq!(c.check(w0 + s(3650), m0 + s(48)), None);
        // The wall clock set back: not a sleep.
        assert_eq!(c.check(w0 + s(10), m0 + s(53)), None);
    }
}
