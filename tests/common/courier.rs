//! A private Courier IMAP instance for one test: its own userdb,
//! authdaemonrc, maildirs and TLS certificate in a temp dir, on a free
//! loopback port (plain IMAP with STARTTLS).
//!
//! `courier-imap` conflicts with `dovecot-imapd` in Debian, so it is not
//! installed: `scripts/test` extracts the package into
//! [`server_packages`](super::servers::server_packages); couriertcpd and
//! authdaemond come from the installed courier-base and
//! courier-authdaemon. Courier's paths (`/etc/courier`, the authdaemon
//! socket in `/run/courier`) are compiled in, so the instance runs in its
//! own mount namespace (`unshare -m`, as root) with both directories
//! bind-mounted from the temp dir: the system's are never touched.
//! Courier has no SPECIAL-USE; its spam folder is `INBOX.Junk`, found by
//! its name (namespace `INBOX.`, delimiter `.`).

use super::cyrus::{greeting, listens};
use super::dovecot::{effective_uid, free_port, run, write_certificates};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct Courier {
    pub dir: tempfile::TempDir,
    pub imap_port: u16,
    server: Option<Child>,
    /// The mount namespace of the running instance (`/proc/PID/ns/mnt`):
    /// every process in it is ours.
    namespace: Option<PathBuf>,
}

fn binaries() -> (PathBuf, PathBuf) {
    let pkgs = super::servers::server_packages();
    let login = pkgs.join("usr/lib/courier/courier/imaplogin");
    let imapd = pkgs.join("usr/bin/imapd");
    assert!(
        login.exists() && imapd.exists() && Path::new("/usr/sbin/couriertcpd").exists(),
        "Courier IMAP is not available: run scripts/test (it installs courier-base, courier-authdaemon and courier-authlib-userdb and extracts courier-imap into {})",
        pkgs.display()
    );
    (login, imapd)
}

/// What the Debian init script reads from /etc/courier/imapd(-ssl), as
/// the environment of couriertcpd.
fn server_env(root: &str) -> Vec<(&'static str, String)> {
    vec![
        ("PATH", "/usr/bin:/bin:/usr/sbin:/sbin".into()),
        (
            "IMAP_CAPABILITY",
            "IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT THREAD=REFERENCES SORT QUOTA IDLE".into(),
        ),
        (
            "IMAP_CAPABILITY_TLS",
            "IMAP4rev1 UIDPLUS CHILDREN NAMESPACE THREAD=ORDEREDSUBJECT THREAD=REFERENCES SORT QUOTA IDLE AUTH=PLAIN".into(),
        ),
        // In IDLE, imapd looks at the folder every IMAP_IDLE_TIMEOUT
        // seconds and pushes what is new. Not its "enhanced" IDLE (change
        // notification through FAM/inotify): in three full CI runs in a
        // row a code appended to the empty spam folder right after IDLE
        // began was never pushed that way (optout's log: IDLE on
        // INBOX.Junk, nothing after), while it passed in every run alone.
        // Polling every 5 s is what any Courier without working change
        // notification does, and it is still IDLE that brings the mail
        // (optout itself polls only every hour in those tests).
        ("IMAP_ENHANCEDIDLE", "0".into()),
        ("IMAP_IDLE_TIMEOUT", "5".into()),
        ("IMAP_KEYWORDS", "1".into()),
        ("IMAP_ACL", "1".into()),
        ("IMAP_USELOCKS", "1".into()),
        ("IMAP_UMASK", "022".into()),
        ("IMAP_MAILBOX_SANITY_CHECK", "1".into()),
        ("IMAP_TRASHFOLDERNAME", "Trash".into()),
        ("IMAP_STARTTLS", "YES".into()),
        ("COURIERTLS", "/usr/bin/couriertls".into()),
        ("TLS_CERTFILE", format!("{root}/tls/courier.pem")),
        ("TLS_VERIFYPEER", "NONE".into()),
    ]
}

impl Courier {
    /// Start Courier with one user, `max` / `secret`, whose maildir has
    /// INBOX and `INBOX.Junk`.
    pub fn start() -> Courier {
        let (login, imapd) = binaries();
        assert_eq!(
            effective_uid(),
            0,
            "the Courier test server needs root (its own /etc/courier and /run/courier in a mount namespace); CI runs as root"
        );
        let dir = tempfile::Builder::new()
            .prefix("optout-courier")
            .tempdir()
            .unwrap();
        let mut c = Courier {
            dir,
            imap_port: free_port(),
            server: None,
            namespace: None,
        };
        let root = c.dir.path().display().to_string();
        write_certificates(&c.path("tls"));
        let pem = [
            std::fs::read(c.path("tls/key.pem")).unwrap(),
            std::fs::read(c.path("tls/cert.pem")).unwrap(),
        ]
        .concat();
        std::fs::write(c.path("tls/courier.pem"), pem).unwrap();
        for sub in ["etc", "run/authdaemon", "mail/max"] {
            std::fs::create_dir_all(c.path(sub)).unwrap();
        }
        std::fs::write(
            c.path("etc/authdaemonrc"),
            "authmodulelist=\"authuserdb\"\ndaemons=1\nauthdaemonvar=/run/courier/authdaemon\nDEBUG_LOGIN=0\nDEFAULTOPTIONS=\"\"\nLOGGEROPTS=\"\"\n",
        )
        .unwrap();
        let hash = Command::new("openssl")
            .args(["passwd", "-6", "secret"])
            .output()
            .unwrap();
        let hash = String::from_utf8(hash.stdout).unwrap();
        let maildir = c.path("mail/max/Maildir");
        // Mail runs as nobody; the temp dir must let it through.
        std::fs::write(
            c.path("etc/userdb"),
            format!(
                "max\tuid=65534|gid=65534|home={root}/mail/max|mail={}|systempw={}\n",
                maildir.display(),
                hash.trim()
            ),
        )
        .unwrap();
        run(Command::new("chmod").args(["600", &format!("{root}/etc/userdb")]));
        run(Command::new("maildirmake.courier").arg(&maildir));
        run(Command::new("maildirmake.courier")
            .args(["-f", "Junk"])
            .arg(&maildir));
        run(Command::new("chown").args(["-R", "65534:65534", &format!("{root}/mail")]));
        run(Command::new("chmod").args(["755", &root]));
        // The launcher, run inside the new mount namespace.
        let env: String = server_env(&root)
            .iter()
            .map(|(k, v)| format!("{k}='{v}' "))
            .collect();
        let script = format!(
            "set -e
mount --bind {root}/etc /etc/courier
mount --bind {root}/run /run/courier
makeuserdb
/usr/lib/courier/courier-authlib/authdaemond &
exec env -i {env} /usr/sbin/couriertcpd -address=127.0.0.1 -maxprocs=20 -maxperip=20 -nodnslookup -noidentlookup -stderr={root}/courier.log \"$1\" {login} {imapd} Maildir
",
            login = login.display(),
            imapd = imapd.display(),
        );
        std::fs::write(c.path("launch.sh"), script).unwrap();
        for attempt in 1.. {
            match c.try_launch() {
                Ok(()) => return c,
                Err(e) if attempt < 5 => {
                    eprintln!("courier: {e}; trying another port");
                    c.imap_port = free_port();
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

    /// The server log (couriertcpd's and the login's stderr).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.path("courier.log")).unwrap_or_default()
    }

    fn try_launch(&mut self) -> Result<(), String> {
        let child = {
            use std::os::unix::process::CommandExt;
            // Its own process group, as Cyrus's: no signal for it reaches
            // other tests' servers.
            Command::new("unshare")
                .process_group(0)
                .args(["-m", "--propagation", "private", "sh"])
                .arg(self.path("launch.sh"))
                .arg(self.imap_port.to_string())
                .stdin(Stdio::null())
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()
                .expect("start courier (unshare)")
        };
        let pid = child.id();
        self.server = Some(child);
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if greeting(self.imap_port).is_some() {
                self.namespace = std::fs::read_link(format!("/proc/{pid}/ns/mnt")).ok();
                if !listens(pid, self.imap_port) {
                    self.stop();
                    return Err(format!("another server has port {}", self.imap_port));
                }
                return Ok(());
            }
            if let Some(status) = self.server.as_mut().unwrap().try_wait().unwrap() {
                self.server = None;
                return Err(format!("courier exited ({status}):\n{}", self.log()));
            }
            if Instant::now() >= deadline {
                self.stop();
                return Err(format!(
                    "courier did not start within 15 s:\n{}",
                    self.log()
                ));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Stop couriertcpd, authdaemond and every imapd (clients in IDLE
    /// included): every process in the instance's mount namespace.
    pub fn stop(&mut self) {
        // Never our own namespace: that would be every process here.
        let own = std::fs::read_link("/proc/self/ns/mnt").ok();
        if let Some(ns) = self.namespace.take().filter(|ns| Some(ns) != own.as_ref()) {
            for _ in 0..50 {
                let pids = processes_in(&ns);
                if pids.is_empty() {
                    break;
                }
                for pid in pids {
                    let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
                }
                std::thread::sleep(Duration::from_millis(20));
            }
        }
        if let Some(mut child) = self.server.take() {
            let _ = child.kill();
            let _ = child.wait();
        }
    }

    /// Start again after [`stop`](Self::stop): same port, same mail.
    pub fn restart(&mut self) {
        self.stop();
        if let Err(e) = self.try_launch() {
            panic!("{e}");
        }
    }

    /// While stopped: deliver mail as an MDA would, into the maildir's
    /// `new/` (`INBOX.Junk` is the maildir folder `.Junk`).
    pub fn deliver_while_stopped(&mut self, mails: &[(&str, Vec<u8>)]) {
        assert!(self.server.is_none(), "stop the server first");
        for (i, (folder, mail)) in mails.iter().enumerate() {
            let sub = match folder.strip_prefix("INBOX") {
                Some("") => String::new(),
                Some(rest) => rest.to_owned(),
                None => panic!("not a Courier folder: {folder}"),
            };
            let dir = self.path(&format!("mail/max/Maildir/{sub}/new"));
            let file = dir.join(format!("{}.M{i}P1.test", super::servers::nanos()));
            // Maildir files end lines in LF; Courier adds the CR itself.
            let lf = String::from_utf8_lossy(mail).replace("\r\n", "\n");
            std::fs::write(&file, lf).unwrap();
            run(Command::new("chown").arg("65534:65534").arg(&file));
        }
    }
}

impl Drop for Courier {
    fn drop(&mut self) {
        self.stop();
    }
}

/// The processes in the mount namespace `ns` (as `/proc/PID/ns/mnt` reads).
fn processes_in(ns: &Path) -> Vec<u32> {
    let mut out = Vec::new();
    let Ok(procs) = std::fs::read_dir("/proc") else {
        return out;
    };
    for p in procs.flatten() {
        let Ok(pid) = p.file_name().to_string_lossy().parse::<u32>() else {
            continue;
        };
        if pid != std::process::id()
            && std::fs::read_link(p.path().join("ns/mnt")).is_ok_and(|n| n == ns)
        {
            out.push(pid);
        }
    }
    out
}
