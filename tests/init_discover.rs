//! `optout init` for addresses no preset knows: settings from an ISPDB
//! served over HTTP (OPTOUT_ISPDB_URL) and from SRV records served by a
//! real dnsmasq (OPTOUT_DNS_SERVER), each probed against the real test
//! Dovecot before the file is written; a second init adds to the file.

mod common;

use common::dnsmasq::Dnsmasq;
use common::dovecot::Dovecot;
use common::http_files::HttpFiles;
use optout::config::{Config, Tls};
use std::path::Path;
use std::process::{Command, Output};

fn ispdb_entry(host: &str, port: u16) -> String {
    format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<clientConfig version="1.1">
  <emailProvider id="example-firma.de">
    <domain>example-firma.de</domain>
    <displayName>Example Firma Mail</displayName>
    <incomingServer type="imap">
      <hostname>{host}</hostname><port>{port}</port><socketType>SSL</socketType>
      <username>%EMAILLOCALPART%</username><authentication>password-cleartext</authentication>
    </incomingServer>
    <incomingServer type="imap">
      <hostname>{host}</hostname><port>143</port><socketType>plain</socketType>
      <username>%EMAILLOCALPART%</username>
    </incomingServer>
  </emailProvider>
</clientConfig>"#
    )
}

fn init(config: &Path, ispdb: &str, dns: &str, ca: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_optout"))
        .arg("--config")
        .arg(config)
        .arg("init")
        .args(args)
        .arg("--ca-file")
        .arg(ca)
        .env("OPTOUT_ISPDB_URL", ispdb)
        .env("OPTOUT_DNS_SERVER", dns)
        .env("XDG_DATA_HOME", config.parent().unwrap().join("data"))
        .env("LANG", "C")
        .env_remove("LC_ALL")
        .env_remove("RUST_LOG")
        .output()
        .unwrap()
}

fn text(o: &Output) -> String {
    format!(
        "{}{}",
        String::from_utf8_lossy(&o.stdout),
        String::from_utf8_lossy(&o.stderr)
    )
}

#[test]
fn settings_from_the_ispdb_then_from_srv_records_added_to_the_same_file() {
    let dovecot = Dovecot::start();
    let ispdb = HttpFiles::start(&[(
        "/v1.1/example-firma.de",
        ispdb_entry("localhost", dovecot.imaps_port),
    )]);
    // The ISPDB knows nothing of srv-only.test; its SRV records point at
    // Dovecot's STARTTLS port.
    let dns = Dnsmasq::start_with(
        &[],
        &format!(
            "srv-host=_imap._tcp.srv-only.test,localhost,{}\n",
            dovecot.imap_port
        ),
    );
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let base = ispdb.url("/v1.1/");

    let out = init(
        &config,
        &base,
        &dns.addr(),
        &dovecot.ca_file(),
        &[
            "--email",
            "Alice <alice@example-firma.de>",
            "--platform",
            "facebook",
        ],
    );
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(
        said.contains(&format!(
            "IMAP settings for alice@example-firma.de from Mozilla's ISPDB ({base}example-firma.de): localhost:{} (encrypted), user alice",
            dovecot.imaps_port
        )),
        "{said}"
    );
    assert!(
        said.contains(&format!(
            "localhost:{} answers (encrypted, certificate trusted)",
            dovecot.imaps_port
        )),
        "probed before writing: {said}"
    );
    assert!(ispdb
        .requests
        .lock()
        .unwrap()
        .contains(&"/v1.1/example-firma.de".to_owned()));
    let cfg = Config::load(&config).unwrap();
    let m = &cfg.mailboxes[0];
    assert_eq!(
        (m.host.as_str(), m.port, m.tls, m.user.as_str()),
        ("localhost", dovecot.imaps_port, Tls::Implicit, "alice")
    );
    assert_eq!(cfg.accounts[0].id, "facebook-alice");

    // The person comments the file; a second address is added to it.
    let mut edited = std::fs::read_to_string(&config).unwrap();
    edited.insert_str(0, "# Alice's objections, do not delete\n");
    std::fs::write(&config, &edited).unwrap();
    let out = init(
        &config,
        &base,
        &dns.addr(),
        &dovecot.ca_file(),
        &["--email", "alice@srv-only.test", "--platform", "facebook"],
    );
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(
        said.contains(&format!(
            "from the SRV records of srv-only.test (_imap._tcp.srv-only.test → localhost:{})",
            dovecot.imap_port
        )),
        "{said}"
    );
    assert!(
        said.contains(&format!(
            "skipped Mozilla's ISPDB ({base}srv-only.test): the server answered HTTP 404"
        )),
        "a skipped source says why: {said}"
    );
    assert!(
        said.contains(&format!(
            "localhost:{} answers (encrypted via STARTTLS",
            dovecot.imap_port
        )),
        "{said}"
    );
    let after = std::fs::read_to_string(&config).unwrap();
    assert!(
        after.starts_with("# Alice's objections, do not delete\n"),
        "{after}"
    );
    assert!(after
        .contains(&edited[edited.find("[[mailbox]]").unwrap()..edited.find("lookback").unwrap()]));
    let cfg = Config::load(&config).unwrap();
    assert_eq!(cfg.mailboxes.len(), 2);
    let m = &cfg.mailboxes[1];
    assert_eq!(
        (m.host.as_str(), m.port, m.tls),
        ("localhost", dovecot.imap_port, Tls::Starttls)
    );
    let ids: Vec<&str> = cfg.accounts.iter().map(|a| a.id.as_str()).collect();
    assert_eq!(ids, ["facebook-alice", "facebook-alice-srvonly"]);
}

/// A server that does not answer: init still writes the settings and
/// says why it could not check them, in the person's language (the
/// cause typed like a login's, not the probe's English).
#[test]
fn a_server_that_does_not_answer_is_explained_and_the_settings_are_written() {
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = closed.local_addr().unwrap().port();
    drop(closed);
    let ispdb = HttpFiles::start(&[("/v1.1/example-firma.de", ispdb_entry("127.0.0.1", port))]);
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    let out = Command::new(env!("CARGO_BIN_EXE_optout"))
        .arg("--config")
        .arg(&config)
        .args([
            "init",
            "--email",
            "alice@example-firma.de",
            "--platform",
            "facebook",
        ])
        .env("OPTOUT_ISPDB_URL", ispdb.url("/v1.1/"))
        .env("OPTOUT_DNS_SERVER", "off")
        .env("XDG_DATA_HOME", dir.path().join("data"))
        .env("LANG", "de_DE.UTF-8")
        .env_remove("LC_ALL")
        .env_remove("RUST_LOG")
        .output()
        .unwrap();
    let said = text(&out);
    assert_eq!(out.status.code(), Some(0), "{said}");
    assert!(
        said.contains(&format!(
            "127.0.0.1:{port} ließ sich nicht prüfen: Keine Verbindung zu 127.0.0.1:{port} (der Server weist sie ab)."
        )),
        "{said}"
    );
    assert!(
        said.contains("Die Einstellungen sind trotzdem eingetragen"),
        "{said}"
    );
    assert!(
        !said.contains("cannot connect"),
        "no English inside: {said}"
    );
    let cfg = Config::load(&config).unwrap();
    assert_eq!(cfg.mailboxes[0].port, port);
}
