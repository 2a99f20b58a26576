//! A real DNS server for one test: `dnsmasq` (Debian `dnsmasq-base`) on a
//! free loopback port, with its own config in a temp dir, serving TXT
//! records (test DKIM keys) and logging every query it gets.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Dnsmasq {
    pub dir: tempfile::TempDir,
    pub port: u16,
    child: Option<Child>,
}

fn binary() -> PathBuf {
    for p in ["/usr/sbin/dnsmasq", "/usr/local/sbin/dnsmasq"] {
        if Path::new(p).exists() {
            return p.into();
        }
    }
    panic!("dnsmasq is not installed: run scripts/test (it installs dnsmasq-base), or apt-get install dnsmasq-base");
}

/// `name,"part1","part2"`: DNS character strings hold at most 255 bytes.
fn txt_line(name: &str, value: &str) -> String {
    let parts: Vec<String> = value
        .as_bytes()
        .chunks(255)
        .map(|c| format!("\"{}\"", String::from_utf8_lossy(c)))
        .collect();
    format!("txt-record={name},{}\n", parts.join(","))
}

impl Dnsmasq {
    /// Serve `records` (name, TXT value); nothing else (no upstream, no
    /// /etc/hosts): every other name is refused or unknown.
    pub fn start(records: &[(String, String)]) -> Dnsmasq {
        let dir = tempfile::tempdir().unwrap();
        let port = TcpListener::bind("127.0.0.1:0")
            .unwrap()
            .local_addr()
            .unwrap()
            .port();
        let conf = dir.path().join("dnsmasq.conf");
        let mut text = String::new();
        for (name, value) in records {
            text.push_str(&txt_line(name, value));
        }
        std::fs::write(&conf, text).unwrap();
        let user =
            String::from_utf8(Command::new("id").arg("-un").output().unwrap().stdout).unwrap();
        let child = Command::new(binary())
            .arg("-k")
            .arg(format!("--port={port}"))
            .args([
                "--listen-address=127.0.0.1",
                "--bind-interfaces",
                "--no-resolv",
                "--no-hosts",
                "--pid-file=",
            ])
            .arg(format!("--user={}", user.trim()))
            .arg("--log-queries")
            .arg(format!(
                "--log-facility={}",
                dir.path().join("queries.log").display()
            ))
            .arg(format!("--conf-file={}", conf.display()))
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let mut d = Dnsmasq {
            dir,
            port,
            child: Some(child),
        };
        let deadline = Instant::now() + Duration::from_secs(10);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Some(status) = d.child.as_mut().unwrap().try_wait().unwrap() {
                let mut err = String::new();
                use std::io::Read;
                d.child
                    .as_mut()
                    .unwrap()
                    .stderr
                    .take()
                    .unwrap()
                    .read_to_string(&mut err)
                    .unwrap();
                panic!("dnsmasq exited ({status}): {err}");
            }
            assert!(
                Instant::now() < deadline,
                "dnsmasq did not start on port {port}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        d
    }

    /// `127.0.0.1:PORT`, for `OPTOUT_DNS_SERVER`.
    pub fn addr(&self) -> String {
        format!("127.0.0.1:{}", self.port)
    }

    /// The TXT queries it answered so far (names asked for).
    pub fn txt_queries(&self) -> Vec<String> {
        std::fs::read_to_string(self.dir.path().join("queries.log"))
            .unwrap_or_default()
            .lines()
            .filter_map(|l| {
                l.split_once("query[TXT] ")?
                    .1
                    .split_whitespace()
                    .next()
                    .map(str::to_owned)
            })
            .collect()
    }

    pub fn stop(&mut self) {
        if let Some(mut c) = self.child.take() {
            let _ = c.kill();
            let _ = c.wait();
        }
    }
}

impl Drop for Dnsmasq {
    fn drop(&mut self) {
        self.stop();
    }
}
