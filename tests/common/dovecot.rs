//! A private Dovecot instance for one test: its own config, passwd-file,
//! maildirs, logs and TLS certificates in a temp dir, listening on free
//! loopback ports (plain IMAP and IMAPS). Never touches the system config.

use std::io::{BufRead, BufReader};
use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

pub struct User {
    pub name: String,
    pub password: String,
}

pub struct Dovecot {
    pub dir: tempfile::TempDir,
    pub imap_port: u16,
    pub imaps_port: u16,
    pub users: Vec<User>,
    master: Option<Child>,
    /// Extra lines for dovecot.conf (e.g. `imap_idle_notify_interval`).
    extra_conf: String,
}

pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

pub fn run(cmd: &mut Command) {
    let out = cmd.output().unwrap_or_else(|e| panic!("{cmd:?}: {e}"));
    assert!(
        out.status.success(),
        "{cmd:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn dovecot_binary() -> PathBuf {
    for p in ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"] {
        if Path::new(p).exists() {
            return p.into();
        }
    }
    panic!("dovecot is not installed: run scripts/test (it installs dovecot-imapd), or apt-get install dovecot-imapd");
}

impl Dovecot {
    /// Start Dovecot with one user, `max` / `secret`, whose mailbox has
    /// INBOX, a special-use `Junk` folder and a plain `Spamverdacht` folder.
    pub fn start() -> Dovecot {
        Self::start_with(&["Junk", "Spamverdacht"])
    }

    /// Start with these extra folders; a folder named `Junk` gets the
    /// `\Junk` special-use attribute, every other is a plain folder.
    pub fn start_with(folders: &[&str]) -> Dovecot {
        Self::start_configured(folders, "")
    }

    /// Like [`start_with`](Self::start_with), with `extra` appended to
    /// dovecot.conf.
    pub fn start_configured(folders: &[&str], extra: &str) -> Dovecot {
        Self::start_inner(folders, extra, None)
    }

    /// [`start`](Self::start), and XOAUTH2 / OAUTHBEARER checked by
    /// Dovecot's `oauth2` passdb against this token introspection
    /// endpoint (RFC 7662, POST; the answer's `username` must be the
    /// login name, `active` true). Passwords keep working.
    pub fn start_oauth2(introspection_url: &str) -> Dovecot {
        Self::start_oauth2_as(introspection_url, "username")
    }

    /// [`start_oauth2`](Self::start_oauth2), the login name in the
    /// introspection answer's `username_attribute` (e.g. `sub`). Client
    /// credentials for the introspection go into the URL
    /// (`http://id:secret@host/…`: Dovecot sends them as Basic auth).
    pub fn start_oauth2_as(introspection_url: &str, username_attribute: &str) -> Dovecot {
        Self::start_inner(
            &["Junk", "Spamverdacht"],
            "",
            Some((introspection_url, username_attribute)),
        )
    }

    fn start_inner(folders: &[&str], extra: &str, oauth2: Option<(&str, &str)>) -> Dovecot {
        let dir = tempfile::Builder::new()
            .prefix("optout-dovecot")
            .tempdir()
            .unwrap();
        let d = Dovecot {
            dir,
            imap_port: free_port(),
            imaps_port: free_port(),
            users: vec![User {
                name: "max".into(),
                password: "secret".into(),
            }],
            master: None,
            extra_conf: extra.to_owned(),
        };
        d.write_certificates();
        let mut d = d;
        // A free port can be taken by another process between our probe and
        // Dovecot's bind (tests run in parallel): then try other ports.
        for attempt in 1.. {
            d.write_config(folders);
            if let Some((url, username_attribute)) = oauth2 {
                d.add_oauth2(url, username_attribute);
            }
            match d.try_launch() {
                Ok(()) => return d,
                Err(e) if attempt < 5 && e.contains("Address already in use") => {
                    d.imap_port = free_port();
                    d.imaps_port = free_port();
                }
                Err(e) => panic!("{e}"),
            }
        }
        unreachable!()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    /// The CA certificate (PEM) that signed the server's certificate.
    pub fn ca_file(&self) -> PathBuf {
        self.path("tls/ca.pem")
    }

    fn write_certificates(&self) {
        write_certificates(&self.path("tls"));
    }

    fn write_config(&self, folders: &[&str]) {
        let root = self.dir.path().display().to_string();
        for sub in ["run", "state", "mail"] {
            std::fs::create_dir_all(self.path(sub)).unwrap();
        }
        // As root, mail processes run as nobody, chrooted into DIR/mail so
        // the 0700 temp dir above does not matter. Otherwise as ourselves.
        let is_root = effective_uid() == 0;
        let (uid, gid) = if is_root {
            (65534, 65534)
        } else {
            (effective_uid(), effective_gid())
        };
        let mut passwd = String::new();
        for u in &self.users {
            let home = self.path(&format!("mail/{}", u.name));
            std::fs::create_dir_all(&home).unwrap();
            if is_root {
                run(Command::new("chown").args([
                    "-R",
                    &format!("{uid}:{gid}"),
                    home.to_str().unwrap(),
                ]));
            }
            let home_field = if is_root {
                format!("{root}/mail/./{}", u.name)
            } else {
                home.display().to_string()
            };
            passwd.push_str(&format!(
                "{}:{{PLAIN}}{}:{uid}:{gid}::{home_field}::\n",
                u.name, u.password
            ));
        }
        std::fs::write(self.path("passwd"), passwd).unwrap();
        let me = whoami();
        let (login_user, internal_user) = if is_root {
            ("dovenull", "dovecot")
        } else {
            (me.as_str(), me.as_str())
        };
        let mut mailboxes = String::new();
        for f in folders {
            let special = if *f == "Junk" {
                "\n    special_use = \\Junk"
            } else {
                ""
            };
            mailboxes.push_str(&format!(
                "  mailbox \"{f}\" {{\n    auto = subscribe{special}\n  }}\n"
            ));
        }
        let conf = format!(
            r#"# Private test instance (optout tests).
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
info_log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = yes
ssl_cert = <{root}/tls/cert.pem
ssl_key = <{root}/tls/key.pem
disable_plaintext_auth = no
auth_mechanisms = plain login
default_login_user = {login_user}
default_internal_user = {internal_user}
first_valid_uid = 0
first_valid_gid = 0
valid_chroot_dirs = {root}/mail
mail_location = maildir:~/Maildir
mail_fsync = never
shutdown_clients = yes
verbose_proctitle = yes
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%n {root}/passwd
}}
userdb {{
  driver = passwd-file
  args = username_format=%n {root}/passwd
}}
service auth {{
  user = root
}}
service auth-worker {{
  user = root
}}
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {imap}
  }}
  inet_listener imaps {{
    address = 127.0.0.1
    port = {imaps}
    ssl = yes
  }}
}}
service stats {{
  unix_listener stats-reader {{
    mode = 0600
  }}
  unix_listener stats-writer {{
    mode = 0666
  }}
}}
namespace inbox {{
  inbox = yes
  separator = /
{mailboxes}}}
{extra}
"#,
            extra = self.extra_conf,
            imap = self.imap_port,
            imaps = self.imaps_port,
        );
        std::fs::write(self.path("dovecot.conf"), conf).unwrap();
    }

    /// The `oauth2` passdb after the passwd-file one, for the OAuth2
    /// mechanisms only.
    fn add_oauth2(&self, introspection_url: &str, username_attribute: &str) {
        let root = self.dir.path().display().to_string();
        std::fs::write(
            self.path("dovecot-oauth2.conf.ext"),
            format!(
                "introspection_mode = post\nintrospection_url = {introspection_url}\nusername_attribute = {username_attribute}\nactive_attribute = active\nactive_value = true\n"
            ),
        )
        .unwrap();
        let conf = std::fs::read_to_string(self.path("dovecot.conf"))
            .unwrap()
            .replace(
                "auth_mechanisms = plain login\n",
                "auth_mechanisms = plain login xoauth2 oauthbearer\n",
            )
            .replace(
                "userdb {\n",
                &format!(
                    "passdb {{\n  driver = oauth2\n  mechanisms = xoauth2 oauthbearer\n  args = {root}/dovecot-oauth2.conf.ext\n}}\nuserdb {{\n"
                ),
            );
        std::fs::write(self.path("dovecot.conf"), conf).unwrap();
    }

    fn launch(&mut self) {
        if let Err(e) = self.try_launch() {
            panic!("{e}");
        }
    }

    fn try_launch(&mut self) -> Result<(), String> {
        let child = Command::new(dovecot_binary())
            .args(["-F", "-c"])
            .arg(self.path("dovecot.conf"))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start dovecot");
        self.master = Some(child);
        let deadline = Instant::now() + Duration::from_secs(15);
        loop {
            if let Ok(s) = TcpStream::connect(("127.0.0.1", self.imap_port)) {
                let mut line = String::new();
                if BufReader::new(s).read_line(&mut line).is_ok() && line.starts_with("* OK") {
                    return Ok(());
                }
            }
            if let Some(status) = self.master.as_mut().unwrap().try_wait().unwrap() {
                let err = format!(
                    "dovecot exited ({status}): {}\n{}",
                    self.stderr_text(),
                    self.log()
                );
                self.master = None;
                return Err(err);
            }
            if Instant::now() >= deadline {
                return Err(format!("dovecot did not start:\n{}", self.log()));
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    fn stderr_text(&mut self) -> String {
        use std::io::Read;
        let mut s = String::new();
        if let Some(e) = self.master.as_mut().and_then(|c| c.stderr.as_mut()) {
            let _ = e.read_to_string(&mut s);
        }
        s
    }

    /// The server log (for assertions and failure messages).
    pub fn log(&self) -> String {
        std::fs::read_to_string(self.path("dovecot.log")).unwrap_or_default()
    }

    /// The bytes the server sent in each session logged after byte `from`
    /// of the log, oldest first (Dovecot logs `Logged out … out=N`).
    pub fn sessions_out(&self, from: usize) -> Vec<u64> {
        self.log()[from..]
            .lines()
            .filter(|l| l.contains("Logged out"))
            .filter_map(|l| {
                l.split("out=")
                    .nth(1)?
                    .split([' ', ','])
                    .next()?
                    .parse()
                    .ok()
            })
            .collect()
    }

    /// Stop the server and every IMAP process it started (clients in IDLE
    /// included), so connected clients see the connection drop.
    pub fn stop(&mut self) {
        if let Some(mut child) = self.master.take() {
            let _ = Command::new("kill").arg(child.id().to_string()).status();
            let deadline = Instant::now() + Duration::from_secs(10);
            while child.try_wait().unwrap().is_none() && Instant::now() < deadline {
                std::thread::sleep(Duration::from_millis(20));
            }
            let _ = child.kill();
            let _ = child.wait();
        }
        // Dovecot may leave imap processes of idling clients behind: end
        // every process whose title names this instance's base dir.
        let me = self.dir.path().display().to_string();
        if let Ok(procs) = std::fs::read_dir("/proc") {
            for p in procs.flatten() {
                let Ok(pid) = p.file_name().to_string_lossy().parse::<u32>() else {
                    continue;
                };
                let Ok(cmd) = std::fs::read(p.path().join("cmdline")) else {
                    continue;
                };
                let cmd = String::from_utf8_lossy(&cmd);
                if pid != std::process::id() && (cmd.contains(&me) || self.is_our_imap(&cmd, pid)) {
                    let _ = Command::new("kill").args(["-9", &pid.to_string()]).status();
                }
            }
        }
    }

    fn is_our_imap(&self, cmd: &str, pid: u32) -> bool {
        // imap processes show "dovecot/imap [max 127.0.0.1 ...]"; match
        // them by their chroot, which is our mail dir.
        cmd.starts_with("dovecot/imap")
            && std::fs::read_link(format!("/proc/{pid}/root"))
                .is_ok_and(|r| r.starts_with(self.dir.path()))
    }

    /// Start again after [`stop`](Self::stop), same ports, same mail.
    pub fn restart(&mut self) {
        self.stop();
        self.launch();
    }

    pub fn user(&self) -> &User {
        &self.users[0]
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        self.stop();
    }
}

/// A test CA and a certificate for localhost/127.0.0.1 signed by it, in
/// `tls`: ca.pem, cert.pem, key.pem.
pub fn write_certificates(tls: &Path) {
    let tls = tls.to_path_buf();
    std::fs::create_dir_all(&tls).unwrap();
    let ec = [
        "-newkey",
        "ec",
        "-pkeyopt",
        "ec_paramgen_curve:prime256v1",
        "-nodes",
    ];
    run(Command::new("openssl")
        .current_dir(&tls)
        .args([
            "req",
            "-x509",
            "-days",
            "2",
            "-subj",
            "/CN=optout test CA",
            "-keyout",
            "ca.key",
            "-out",
            "ca.pem",
        ])
        .args(ec));
    run(Command::new("openssl")
        .current_dir(&tls)
        .args([
            "req",
            "-subj",
            "/CN=localhost",
            "-keyout",
            "key.pem",
            "-out",
            "leaf.csr",
        ])
        .args(ec));
    std::fs::write(
            tls.join("leaf.ext"),
            "subjectAltName=DNS:localhost,IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n",
        )
        .unwrap();
    run(Command::new("openssl").current_dir(&tls).args([
        "x509",
        "-req",
        "-in",
        "leaf.csr",
        "-CA",
        "ca.pem",
        "-CAkey",
        "ca.key",
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        "leaf.ext",
        "-out",
        "cert.pem",
    ]));
}

pub fn whoami() -> String {
    std::env::var("USER")
        .ok()
        .filter(|u| !u.is_empty())
        .unwrap_or_else(|| {
            String::from_utf8(Command::new("id").arg("-un").output().unwrap().stdout)
                .unwrap()
                .trim()
                .to_owned()
        })
}

fn id_number(flag: &str) -> u32 {
    String::from_utf8(Command::new("id").arg(flag).output().unwrap().stdout)
        .unwrap()
        .trim()
        .parse()
        .unwrap()
}

pub fn effective_uid() -> u32 {
    id_number("-u")
}

pub fn effective_gid() -> u32 {
    id_number("-g")
}
