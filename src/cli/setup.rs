//! `optout init` and `optout check`.

use super::UsageError;
use crate::config::{Config, SecretSource, Trust};
use crate::imap;
use crate::init;
use anyhow::{Context, Result};
use std::io::Write;
use std::path::Path;

pub fn init(path: &Path, email: &str, platforms: &[String]) -> Result<()> {
    if !email.contains('@') {
        return Err(UsageError(format!("--email {email:?} is not a mail address")).into());
    }
    if path.exists() {
        return Err(UsageError(format!(
            "{} exists already; optout never overwrites it. Edit it, or pass --config NEW_PATH",
            path.display()
        ))
        .into());
    }
    let text = init::config_text(email, platforms);
    // Check what we write before writing it.
    Config::parse(&text, path)?;
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).with_context(|| format!("cannot create {}", dir.display()))?;
    }
    let mut opts = std::fs::OpenOptions::new();
    opts.write(true).create_new(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut opts, 0o600);
    let mut file = opts
        .open(path)
        .with_context(|| format!("cannot create {}", path.display()))?;
    file.write_all(text.as_bytes())?;
    let preset = init::preset_for(email);
    println!("Wrote {}", path.display());
    match preset {
        Some(p) => println!("{}: {}", p.label, p.login_hint),
        None => println!("Unknown provider: set host and port in the file."),
    }
    println!("Next: store the password as the file says, then run `optout check`.");
    Ok(())
}

pub fn check(cfg: &Config) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    println!("config: {} (ok)", cfg.path.display());
    println!("store:  {}", cfg.store_path().display());
    let mut failed = Vec::new();
    for m in &cfg.mailboxes {
        let how = match &m.secret {
            SecretSource::Password(_) => "password in the config file",
            SecretSource::PasswordCmd(_) => "password_cmd",
            SecretSource::PasswordEnv(_) => "password_env",
            SecretSource::OAuth2TokenCmd(_) => "oauth2_token_cmd (XOAUTH2)",
        };
        println!(
            "mailbox {}: {}@{}:{} tls={:?}, login via {how}",
            m.name, m.user, m.host, m.port, m.tls
        );
        match m.credential() {
            Ok(_) => println!("  credential: ok"),
            Err(e) => {
                println!("  credential: FAILED: {e}");
                failed.push(m.name.clone());
                continue;
            }
        }
        match runtime.block_on(imap::survey(m)) {
            Ok((folders, caps)) => {
                println!("  login: ok");
                println!("  capabilities: {}", caps.relevant().join(" "));
                if !caps.has("IDLE") {
                    println!(
                        "  no IDLE: every folder is polled every {}",
                        humantime::format_duration(m.poll_interval)
                    );
                }
                let plan = imap::plan(folders, m.connections, caps.has("IDLE"));
                if !plan.idle.iter().chain(&plan.polled).any(|f| f.is_spam) {
                    println!("  warning: no spam folder found; name it with folders = [\"INBOX\", \"…\"]");
                }
                let spam = |f: &imap::WatchedFolder| if f.is_spam { " (spam)" } else { "" };
                for f in &plan.idle {
                    println!("  folder {}{}: IDLE (push)", f.name, spam(f));
                }
                for f in &plan.polled {
                    println!(
                        "  folder {}{}: polled every {} (connection budget {})",
                        f.name,
                        spam(f),
                        humantime::format_duration(m.poll_interval),
                        m.connections
                    );
                }
            }
            Err(e) => {
                println!("  login: FAILED: {}", e.message);
                failed.push(m.name.clone());
            }
        }
        if m.trust == Trust::SenderDomain {
            println!("  warning: trust = \"sender-domain\": any mail with a provider's From address counts, even a forged one; use it only if your server adds no Authentication-Results header");
        }
    }
    for a in &cfg.accounts {
        println!(
            "account {}: {} via mailbox {}{}",
            a.id,
            a.platform,
            a.mailbox,
            a.address
                .as_deref()
                .map(|x| format!(" (to {x})"))
                .unwrap_or_default()
        );
    }
    for w in &cfg.warnings {
        println!("warning: {w}");
    }
    if !failed.is_empty() {
        anyhow::bail!("mailbox failed: {}", failed.join(", "));
    }
    Ok(())
}
