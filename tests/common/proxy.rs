//! A fault-injecting TCP proxy on loopback, between optout and a test
//! server: it forwards bytes both ways and can be made **silent** — bytes
//! stop in both directions, nothing is closed, as when a laptop suspends
//! or a NAT forgets a connection — and restored, or made to **forget**
//! the connections it has (they stay open and silent forever, while new
//! ones work: a NAT after a resume). It can also drop every connection.
//!
//! Silence holds bytes back (the proxy stops reading): what was sent
//! arrives when the network returns, as TCP's retransmissions would
//! deliver it after a short outage.

use std::io::{ErrorKind, Read, Write};
use std::net::{Shutdown, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::thread;
use std::time::Duration;

#[derive(Default)]
struct Shared {
    silent: AtomicBool,
    /// Connections with a generation below this are forgotten.
    forgotten_below: AtomicU64,
    generation: AtomicU64,
    stop: AtomicBool,
    /// Both halves of every open connection, to drop them.
    open: Mutex<Vec<(u64, TcpStream, TcpStream)>>,
    accepted: AtomicU64,
}

pub struct Proxy {
    pub port: u16,
    shared: Arc<Shared>,
}

impl Proxy {
    /// Listen on a free loopback port and forward to `127.0.0.1:target`.
    pub fn start(target: u16) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        listener.set_nonblocking(true).unwrap();
        let shared = Arc::new(Shared::default());
        let s = shared.clone();
        thread::spawn(move || {
            while !s.stop.load(Ordering::SeqCst) {
                match listener.accept() {
                    Ok((client, _)) => {
                        client.set_nonblocking(false).unwrap();
                        let Ok(server) = TcpStream::connect(("127.0.0.1", target)) else {
                            continue;
                        };
                        s.accepted.fetch_add(1, Ordering::SeqCst);
                        let id = s.generation.fetch_add(1, Ordering::SeqCst);
                        s.open.lock().unwrap().push((
                            id,
                            client.try_clone().unwrap(),
                            server.try_clone().unwrap(),
                        ));
                        pump(
                            s.clone(),
                            id,
                            client.try_clone().unwrap(),
                            server.try_clone().unwrap(),
                        );
                        pump(s.clone(), id, server, client);
                    }
                    Err(e) if e.kind() == ErrorKind::WouldBlock => {
                        thread::sleep(Duration::from_millis(10));
                    }
                    Err(_) => thread::sleep(Duration::from_millis(10)),
                }
            }
        });
        Proxy { port, shared }
    }

    /// Stop forwarding, both ways, on every connection (old and new);
    /// close nothing.
    pub fn silence(&self) {
        self.shared.silent.store(true, Ordering::SeqCst);
    }

    /// Forward again.
    pub fn restore(&self) {
        self.shared.silent.store(false, Ordering::SeqCst);
    }

    /// The connections open now stay silent forever (never closed); new
    /// ones are forwarded.
    pub fn forget_connections(&self) {
        let g = self.shared.generation.load(Ordering::SeqCst);
        self.shared.forgotten_below.store(g, Ordering::SeqCst);
    }

    /// Close every open connection (both sides see FIN).
    pub fn drop_connections(&self) {
        for (_, a, b) in self.shared.open.lock().unwrap().drain(..) {
            let _ = a.shutdown(Shutdown::Both);
            let _ = b.shutdown(Shutdown::Both);
        }
    }

    /// How many connections were accepted so far.
    pub fn accepted(&self) -> u64 {
        self.shared.accepted.load(Ordering::SeqCst)
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::SeqCst);
        self.drop_connections();
    }
}

/// Copy `from` → `to` in a thread, pausing while silent or forgotten.
fn pump(s: Arc<Shared>, id: u64, mut from: TcpStream, mut to: TcpStream) {
    thread::spawn(move || {
        let mut buf = [0u8; 16 * 1024];
        loop {
            let held =
                s.silent.load(Ordering::SeqCst) || id < s.forgotten_below.load(Ordering::SeqCst);
            if s.stop.load(Ordering::SeqCst) {
                break;
            }
            if held {
                thread::sleep(Duration::from_millis(20));
                continue;
            }
            // Short read timeouts: silence must take effect at once, also
            // for a pump blocked in read.
            from.set_read_timeout(Some(Duration::from_millis(50))).ok();
            match from.read(&mut buf) {
                Ok(0) => break,
                Ok(n) => {
                    // Bytes read just as silence began are still delivered
                    // (they left before the network went quiet).
                    if to.write_all(&buf[..n]).is_err() {
                        break;
                    }
                }
                Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut) => {}
                Err(_) => break,
            }
        }
        let _ = to.shutdown(Shutdown::Write);
        let _ = from.shutdown(Shutdown::Read);
    });
}
