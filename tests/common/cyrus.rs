//! A private Cyrus IMAP instance for one test: its own imapd.conf,
//! cyrus.conf, sasldb, spool and TLS certificate in a temp dir, on free
//! loopback ports (plain IMAP and IMAPS), with `idled` so IDLE pushes.
//!
//! `cyrus-imapd` conflicts with `dovecot-imapd` in Debian, so it is not
//! installed: `scripts/test` extracts the package into
//! [`server_packages`](super::servers::server_packages) and `master`
//! (from the installed `cyrus-common`) starts the extracted `imapd` by its
//! full path. Debian's layout: `INBOX.` namespace, `.` delimiter; the
//! `Junk` folder is created at first login with the `\Junk` attribute.

use super::dovecot::{free_port, run, whoami, write_certificates};
use std::io::{BufRead, BufReader, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Cyrus {
    pub dir: tempfile::TempDir,
    pub imap_port: u16,
    pub imaps_port: u16,
    master: Option<Child>,
}

const MASTER: &str = "/usr/lib/cyrus/bin/master";

fn imapd_dir() -> PathBuf {
    let dir = super::servers::server_packages().join("usr/lib/cyrus/bin");
    assert!(
        dir.join("imapd").exists() && Path::new(MASTER).exists(),
        "Cyrus is not available: run scripts/test (it installs cyrus-common and sasl2-bin and extracts cyrus-imapd into {})",
        super::servers::server_packages().display()
    );
    dir
}

impl Cyrus {
    /// Start Cyrus with one user, `max` / `secret`, whose INBOX gets the
    /// folders `INBOX.Junk` (special-use `\Junk`) and `INBOX.Spamverdacht`.
    pub fn start() -> Cyrus {
        let bin = imapd_dir();
        let dir = tempfile::Builder::new()
            .prefix("optout-cyrus")
            .tempdir()
            .unwrap();
        let mut c = Cyrus {
            dir,
            imap_port: free_port(),
            imaps_port: free_port(),
            master: None,
        };
        write_certificates(&c.path("tls"));
        for sub in ["conf/socket", "conf/proc", "conf/lock", "conf/db", "spool"] {
            std::fs::create_dir_all(c.path(sub)).unwrap();
        }
        let mut saslpasswd = Command::new("saslpasswd2")
            .args(["-p", "-c", "-f"])
            .arg(c.path("sasldb2"))
            .arg("max")
            .stdin(Stdio::piped())
            .spawn()
            .expect("saslpasswd2 (sasl2-bin)");
        saslpasswd
            .stdin
            .take()
            .unwrap()
            .write_all(b"secret")
            .unwrap();
        assert!(saslpasswd.wait().unwrap().success(), "saslpasswd2 failed");
        for attempt in 1.. {
            c.write_config(&bin);
            match c.try_launch() {
                Ok(()) => return c,
                Err(e) if attempt < 5 => {
                    eprintln!("cyrus: {e}; trying other ports");
                    c.imap_port = free_port();
                    c.imaps_port = free_port();
                }
                Err(e) => panic!("{e}"),
            }
        }
        unreachable!()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn ca_file(&self) -> PathBuf {
        self.path("tls/ca.pem")
    }

    fn write_config(&self, bin: &Path) {
        let root = self.dir.path().display().to_string();
        let is_root = super::dovecot::effective_uid() == 0;
        // As root, master becomes the `cyrus` user (from cyrus-common).
        let user = if is_root {
            "cyrus".to_owned()
        } else {
            whoami()
        };
        let imapd_conf = format!(
            "# Private test instance (optout tests).
configdirectory: {root}/conf
partition-default: {root}/spool
defaultpartition: default
proc_path: {root}/conf/proc
mboxname_lockpath: {root}/conf/lock
idlesocket: {root}/conf/socket/idle
lmtpsocket: {root}/conf/socket/lmtp
notifysocket: {root}/conf/socket/notify
cyrus_user: {user}
altnamespace: no
unixhierarchysep: no
sasl_pwcheck_method: auxprop
sasl_auxprop_plugin: sasldb
sasl_sasldb_path: {root}/sasldb2
sasl_mech_list: PLAIN LOGIN
allowplaintext: yes
autocreate_quota: 0
autocreate_inbox_folders: Junk|Spamverdacht
autocreate_subscribe_folders: Junk|Spamverdacht
xlist-junk: Junk
tls_server_cert: {root}/tls/cert.pem
tls_server_key: {root}/tls/key.pem
syslog_prefix: optout-cyrus
"
        );
        std::fs::write(self.path("imapd.conf"), imapd_conf).unwrap();
        // master does not pass its -C on to the programs it starts.
        let conf = format!("-C {root}/imapd.conf");
        let bin = bin.display();
        let cyrus_conf = format!(
            r#"START {{
  recover cmd="/usr/lib/cyrus/bin/ctl_cyrusdb {conf} -r"
}}
SERVICES {{
  imap cmd="{bin}/imapd {conf}" listen="127.0.0.1:{imap}" prefork=0
  imaps cmd="{bin}/imapd -s {conf}" listen="127.0.0.1:{imaps}" prefork=0
}}
DAEMON {{
  idled cmd="{bin}/idled {conf}"
}}
"#,
            imap = self.imap_port,
            imaps = self.imaps_port,
        );
        std::fs::write(self.path("cyrus.conf"), cyrus_conf).unwrap();
        if is_root {
            run(Command::new("chown").args(["-R", "cyrus", &root]));
        }
    }

    fn try_launch(&mut self) -> Result<(), String> {
        let child = {
            use std::os::unix::process::CommandExt;
            // Its own process group: master signals its whole group on
            // shutdown, which must not reach other tests' servers.
            Command::new(MASTER)
                .process_group(0)
                .arg("-C")
                .arg(self.path("imapd.conf"))
                .arg("-M")
                .arg(self.path("cyrus.conf"))
                .arg("-p")
                .arg(self.path("master.pid"))
                .arg("-D")
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start cyrus master")
        };
        let pid = child.id();
        self.master = Some(child);
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if greeting(self.imap_port).is_some() {
                // master keeps running when it cannot bind a port: the
                // greeting may have come from another test's server.
                if listens(pid, self.imap_port) && listens(pid, self.imaps_port) {
                    return Ok(());
                }
                self.stop();
                return Err(format!(
                    "another server has port {} or {}",
                    self.imap_port, self.imaps_port
                ));
            }
            if let Some(status) = self.master.as_mut().unwrap().try_wait().unwrap() {
                self.master = None;
                return Err(format!("cyrus master exited ({status})"));
            }
            if Instant::now() >= deadline {
                self.stop();
                return Err("cyrus did not start within 15 s".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stop master and every process it started (clients in IDLE
    /// included), so connected clients see the connection drop.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.master.take() {
            let _ = Command::new("kill").arg(child.id().to_string()).status();
            let deadline = Instant::now() + Duration::from_secs(5);
            while child.try_wait().unwrap().is_none() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        // Every program master starts names our imapd.conf (-C).
        kill_matching(&self.dir.path().display().to_string());
    }

    /// Start again after [`stop`](Self::stop): same ports, same mail.
    pub fn restart(&mut self) {
        self.stop();
        if let Err(e) = self.try_launch() {
            panic!("{e}");
        }
    }

    /// While stopped: deliver `mail` into `folder` as an MTA would have
    /// meanwhile. Cyrus keeps its index in its own files, so the mail goes
    /// in over IMAP, through a brief start on another port that the
    /// watcher does not know.
    pub fn deliver_while_stopped(&mut self, mails: &[(&str, Vec<u8>)]) {
        assert!(self.master.is_none(), "stop the server first");
        let port = self.imap_port;
        self.imap_port = free_port();
        self.write_config(&imapd_dir());
        self.try_launch().unwrap();
        let mut c = super::imap_client::Client::connect(self.imap_port, "max", "secret");
        for (folder, mail) in mails {
            c.append(folder, mail);
        }
        c.logout();
        self.stop();
        self.imap_port = port;
        self.write_config(&imapd_dir());
    }
}

impl Drop for Cyrus {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The IMAP greeting of whatever listens on `port`, if anything does.
pub fn greeting(port: u16) -> Option<String> {
    let s = TcpStream::connect(("127.0.0.1", port)).ok()?;
    let _ = s.set_read_timeout(Some(Duration::from_secs(5)));
    let mut line = String::new();
    BufReader::new(s).read_line(&mut line).ok()?;
    line.starts_with("* OK").then_some(line)
}

/// SIGKILL every process (but this one) whose command line contains `needle`.
pub fn kill_matching(needle: &str) {
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return;
    };
    for p in procs.flatten() {
        let Ok(pid) = p.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        let Ok(cmd) = std::fs::read(p.path().join("cmdline")) else {
            continue;
        };
        if pid != std::process::id() && String::from_utf8_lossy(&cmd).contains(needle) {
            let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
        }
    }
}

/// Whether process `pid` holds the socket listening on 127.0.0.1:`port`
/// (a free port probed earlier may have been taken by another test's
/// server or connection meanwhile).
pub fn listens(pid: u32, port: u16) -> bool {
    let Ok(tcp) = std::fs::read_to_string("/proc/net/tcp") else {
        return false;
    };
    let local = format!("0100007F:{port:04X}");
    let inodes: Vec<String> = tcp
        .lines()
        .skip(1)
        .filter_map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            // State 0A: LISTEN.
            (f.get(1) == Some(&local.as_str()) && f.get(3) == Some(&"0A"))
                .then(|| format!("socket:[{}]", f.get(9).unwrap_or(&"")))
        })
        .collect();
    let Ok(fds) = std::fs::read_dir(format!("/proc/{pid}/fd")) else {
        return false;
    };
    fds.flatten().any(|fd| {
        std::fs::read_link(fd.path())
            .is_ok_and(|l| inodes.iter().any(|i| l.to_string_lossy() == *i))
    })
}
