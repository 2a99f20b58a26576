//! The command line: one file per command, this file parses and dispatches.

mod classify;
pub mod database;
mod evidence;
pub mod help;
mod history;
mod letter;
mod object;
mod review;
mod service;
mod setup;
mod status;
mod verify;
mod watch;
mod wizard;

use crate::classify::rules::{LoadError, RulesError};
use crate::classify::Classifier;
use crate::config::{Config, ConfigError};
use crate::pipeline::Pipeline;
use crate::store::Store;
use crate::text::Lang;
use anyhow::Result;
use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Debug, Parser)]
#[command(
    name = "optout",
    version,
    about = "Track your GDPR objections to AI training (Meta: Facebook, Instagram, Threads) by watching your mailboxes",
    long_about = "optout watches your mailboxes over IMAP — INBOX and the spam folder — for the mails \
Meta sends while you object to AI training (GDPR Art. 21): the one-time code, the receipt, the \
decision. It keeps the state of every objection in a local SQLite database, tells you on the \
desktop when a code arrives or an answer is overdue, and keeps the acceptance mail as proof.\n\n\
Start with `optout init --email you@example.org --platform facebook`, then `optout check`.",
    after_help = "Exit codes: 0 ok, 2 usage or config error, 1 anything else."
)]
pub struct Cli {
    /// The config file [default: ~/.config/optout/config.toml]
    #[arg(long, global = true, env = "OPTOUT_CONFIG", value_name = "PATH")]
    pub config: Option<PathBuf>,

    /// More log output (-v: debug, -vv: trace); RUST_LOG overrides
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Watch the mailboxes (INBOX and spam) and alert; runs until stopped
    Watch {
        /// Sync every folder once, process, deliver alerts, exit (for cron)
        #[arg(long)]
        once: bool,
    },
    /// Where each objection stands, and what to do next
    Status {
        /// Only this account
        account: Option<String>,
        /// Print JSON (an array, one object per account)
        #[arg(long)]
        json: bool,
    },
    /// The event history: every mail recognised and every manual command
    Log {
        /// Only this account
        account: Option<String>,
        /// Print JSON (an array of events, oldest first)
        #[arg(long)]
        json: bool,
    },
    /// Say "I just asked for a code": starts the code timer
    ExpectCode {
        /// The account (its `id` in the config)
        account: String,
        /// Reopen an objection the provider already accepted
        #[arg(long)]
        force: bool,
    },
    /// Correct an account's state by hand
    Mark {
        account: String,
        /// not_started, awaiting_code, code_received, submitted, accepted or rejected
        state: String,
    },
    /// Mails from the provider that optout did not understand: say what
    /// each one is (asks on a terminal)
    Review {
        /// The account whose mails to review (all, if not named)
        account: Option<String>,
        /// The mail to answer (its number in the list)
        #[arg(long = "mail", value_name = "SEQ", requires = "answer")]
        mail: Option<i64>,
        /// What the mail is
        #[arg(long = "as", value_name = "KIND", requires = "mail")]
        answer: Option<review::ReviewAs>,
    },
    /// Export the proof mails of an account: .eml files, the DKIM keys,
    /// summary.json and report.html (printable)
    Evidence {
        account: String,
        /// The folder to write to (created if missing)
        #[arg(long, value_name = "DIR")]
        out: PathBuf,
    },
    /// Re-check an evidence folder offline: every checksum, every DKIM
    /// signature against the archived key (exit 1 naming what fails)
    Verify {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
    /// Write a config for your address (never overwrites an existing file)
    Init {
        /// The address Meta writes to, e.g. max@gmx.de
        #[arg(long)]
        email: Option<String>,
        /// A platform you object on (repeatable): facebook, instagram, threads
        #[arg(long = "platform", value_name = "PLATFORM", default_values_t = ["facebook".to_string()])]
        platforms: Vec<String>,
        /// A CA certificate (PEM) your self-hosted server's certificate is signed with
        #[arg(long, value_name = "FILE")]
        ca_file: Option<PathBuf>,
        /// Print the example config (config.example.toml, every setting explained) and exit
        #[arg(long, conflicts_with_all = ["email", "ca_file"])]
        example: bool,
    },
    /// Sign in to a mailbox: a password (tried, then kept in the OS keyring)
    /// or OAuth2 (Gmail, Outlook)
    Login {
        /// The mailbox's name (the `name` of its [[mailbox]])
        mailbox: String,
        /// Read the password from stdin (one line) instead of asking
        #[arg(long)]
        password_stdin: bool,
        /// Sign in with a password (an app password), even where OAuth2 is the default
        #[arg(long, conflicts_with = "oauth2")]
        password: bool,
        /// Sign in with OAuth2, even where a password is the default
        #[arg(long, conflicts_with = "password_stdin")]
        oauth2: bool,
        /// Only print the sign-in address, do not open the browser
        #[arg(long)]
        no_browser: bool,
        /// OAuth2 with a code to enter on another device (for a computer
        /// without a browser), where the provider offers it
        #[arg(long, conflicts_with = "password_stdin")]
        device: bool,
    },
    /// Validate the config and the provider rules, log in to every mailbox,
    /// and show what optout will watch and how
    Check {
        /// Print JSON (one object: config, warnings, rules, mailboxes, accounts)
        #[arg(long)]
        json: bool,
    },
    /// What optout makes of mails (.eml files), and why; works without a config
    Classify {
        #[arg(required = true, value_name = "FILE.eml")]
        files: Vec<PathBuf>,
        /// Print JSON (an array, one object per file)
        #[arg(long)]
        json: bool,
        /// Which mails may change a state
        #[arg(long, value_enum, default_value = "authentication-results")]
        trust: classify::TrustArg,
        /// Only Authentication-Results headers from this server id (or a
        /// subdomain of it) count, as with a mailbox's `authserv_id`
        #[arg(long, value_name = "ID")]
        authserv_id: Option<String>,
    },
    /// Print a reminder to the provider or a complaint to the authority
    Letter {
        account: String,
        /// reminder: to the provider (Art. 12(3) GDPR); complaint: to the
        /// data protection authority (Art. 77 GDPR)
        #[arg(long, value_enum)]
        kind: letter::LetterKind,
        /// The letter's language [default: [alerts] language, else the locale]
        #[arg(long, value_parser = ["de", "en"])]
        lang: Option<String>,
    },
    /// The live flow at the provider's objection form: opens it, shows the
    /// address and a justification, waits for the code and prints it
    Object {
        account: String,
        /// Only print the form's address, do not open the browser
        #[arg(long)]
        no_browser: bool,
        /// The language [default: [alerts] language, else the locale]
        #[arg(long, value_parser = ["de", "en"])]
        lang: Option<String>,
        /// Give up (exit 1) after this long without a code
        #[arg(long, value_name = "DUR", default_value = "30m", value_parser = humantime::parse_duration)]
        timeout: std::time::Duration,
    },
    /// Run `optout watch` as a user service (systemd on Linux, launchd on macOS)
    Service {
        #[command(subcommand)]
        action: ServiceAction,
    },
    /// Print a shell completion script (bash, zsh or fish)
    Completions {
        /// The shell
        #[arg(value_enum)]
        shell: clap_complete::Shell,
    },
    /// Print the manual page (roff)
    Man {
        /// Write one page per command into this folder instead
        #[arg(long, value_name = "DIR")]
        out: Option<PathBuf>,
    },
}

#[derive(Debug, Subcommand)]
pub enum ServiceAction {
    /// Write the service file (never overwrites a changed one without --force)
    Install {
        /// Replace a service file that differs
        #[arg(long)]
        force: bool,
    },
    /// Remove the service file
    Uninstall,
}

/// A mistake in how optout was called: exit code 2.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

/// Parse the arguments, run the command, map errors to exit codes.
pub fn main() -> ExitCode {
    let cli = parse(std::env::args_os(), Lang::from_env());
    if matches!(cli.command, Command::Watch { once: false }) {
        watch::hold_stop_signals();
    }
    // `object` draws a status line: only warnings unless -v.
    init_logging(cli.verbose, matches!(cli.command, Command::Object { .. }));
    // `object` runs the alert sinks too (a hook may close its stdin).
    if !matches!(cli.command, Command::Watch { .. } | Command::Object { .. }) {
        exit_quietly_on_closed_stdout();
    }
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("optout: {}", explain_error(&e, Lang::from_env()));
            exit_code(&e)
        }
    }
}

/// The one place an error becomes an exit code: 2 for how optout was
/// called or configured, 1 for everything else.
pub fn exit_code(e: &anyhow::Error) -> ExitCode {
    ExitCode::from(if is_usage_error(e) { 2 } else { 1 })
}

/// The error as the person reads it: a mailbox error as its cause and
/// remedy sentences in `lang`, anything else as its chain on one line.
pub fn explain_error(e: &anyhow::Error, lang: Lang) -> String {
    if let Some(imap) = e
        .chain()
        .find_map(|c| c.downcast_ref::<crate::imap::ImapError>())
    {
        return imap.explained(lang);
    }
    if let Some(db) = e
        .chain()
        .find_map(|c| c.downcast_ref::<database::DatabaseError>())
    {
        return db.explained(lang);
    }
    if let Some(a) = e
        .chain()
        .find_map(|c| c.downcast_ref::<crate::store::AccountElsewhere>())
    {
        return format!(
            "{} {}",
            crate::t!(
                lang,
                "errors-account-elsewhere",
                id = a.id.as_str(),
                known = a.known_address.as_str(),
                mailbox = a.known_mailbox.as_str(),
                address = a.address.as_str()
            ),
            crate::t!(
                lang,
                "errors-account-elsewhere-remedy",
                address = a.address.as_str()
            )
        );
    }
    if let Some(r) = e
        .chain()
        .find_map(|c| c.downcast_ref::<crate::lock::AlreadyRunning>())
    {
        return crate::t!(
            lang,
            "errors-already-running",
            db = &r.db,
            lock = &r.lock,
            pid = &r.pid
        );
    }
    one_line(e)
}

/// The arguments, parsed with `--help` in `lang`; `optout` alone prints
/// the help (with its first steps) instead of an error.
pub fn parse<I, T>(args: I, lang: Lang) -> Cli
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args: Vec<std::ffi::OsString> = args.into_iter().map(Into::into).collect();
    let mut cmd = help::localized(Cli::command().arg_required_else_help(true), lang);
    // clap's own "else help" counts OPTOUT_CONFIG as an argument given.
    if args.len() <= 1 {
        let _ = cmd.print_help();
        std::process::exit(2);
    }
    let matches = cmd.get_matches_from(args);
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.exit())
}

/// The command tree with its help in `lang` (for completions, the man
/// page and the catalogue test).
pub fn command(lang: Lang) -> clap::Command {
    help::localized(Cli::command(), lang)
}

/// Exit code 2: how optout was called, its config, or the provider rules
/// the config names (those name their file, line and key too).
fn is_usage_error(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.is::<ConfigError>()
            || c.is::<UsageError>()
            || c.is::<RulesError>()
            || c.is::<LoadError>()
            || c.is::<crate::store::AccountElsewhere>()
    })
}

/// The error and its causes on one line (config errors may span two: the
/// second tells how to fix it).
pub fn one_line(e: &anyhow::Error) -> String {
    e.chain()
        .map(|c| c.to_string())
        .collect::<Vec<_>>()
        .join(": ")
}

/// `optout log --json | head`: end quietly when the reader goes away, as
/// command-line tools do, instead of panicking in `println!`. Not for
/// `watch`: there a hook that exits without reading its stdin must not
/// take the daemon down with it.
fn exit_quietly_on_closed_stdout() {
    #[cfg(unix)]
    // SAFETY: called before any thread is started; restores the default
    // disposition of one signal.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

fn init_logging(verbose: u8, quiet: bool) {
    let default = match verbose {
        0 if quiet => "optout=warn",
        0 => "optout=info",
        1 => "optout=debug",
        _ => "optout=trace",
    };
    let mut filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new(default));
    // Whatever RUST_LOG asks for: D-Bus tracing at debug/trace prints the
    // messages, and a notification carries the code.
    for cap in ["zbus=info", "zbus_names=info", "notify_rust=info"] {
        filter = filter.add_directive(cap.parse().expect("valid directive"));
    }
    let _ = tracing_subscriber::fmt()
        .with_env_filter(filter)
        // `object`: a log line clears its status line first.
        .with_writer(move || -> Box<dyn std::io::Write> {
            if quiet {
                Box::new(crate::object::screen::log_writer())
            } else {
                Box::new(std::io::stderr())
            }
        })
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .with_target(false)
        .try_init();
}

pub fn run(cli: Cli) -> Result<()> {
    let config_path = cli.config.clone().unwrap_or_else(Config::default_path);
    match cli.command {
        Command::Init { example: true, .. } => {
            print!("{}", setup::EXAMPLE_CONFIG);
            Ok(())
        }
        Command::Init {
            email,
            platforms,
            ca_file,
            ..
        } => setup::init(
            &config_path,
            email.as_deref(),
            &platforms,
            ca_file.as_deref(),
        ),
        Command::Login {
            mailbox,
            password_stdin,
            password,
            oauth2,
            no_browser,
            device,
        } => {
            let cfg = load_config(&config_path)?;
            let method = if password || password_stdin {
                Some(crate::login::Method::Password)
            } else if oauth2 || device {
                Some(crate::login::Method::OAuth2)
            } else {
                None
            };
            let opts = crate::login::Options {
                method,
                password_stdin,
                no_browser,
                device,
            };
            crate::login::run(&cfg, &mailbox, &opts)
        }
        Command::Check { json } => {
            let (cfg, rules) = load_config_and_rules(&config_path)?;
            cfg.check_watches_something()?;
            setup::check(&cfg, &rules, json)
        }
        Command::Watch { once } => {
            let (cfg, rules) = load_config_and_rules(&config_path)?;
            cfg.check_watches_something()?;
            watch::run(Pipeline::new(cfg, rules), once)
        }
        Command::Status { account, json } => {
            let (cfg, store) = open(&config_path)?;
            status::run(&cfg, &store, account.as_deref(), json)
        }
        Command::Log { account, json } => {
            let (cfg, store) = open(&config_path)?;
            history::log(&cfg, &store, account.as_deref(), json)
        }
        Command::ExpectCode { account, force } => {
            let (pipeline, store) = open_pipeline(&config_path)?;
            history::expect_code(&pipeline, store, &account, force)
        }
        Command::Mark { account, state } => {
            let (pipeline, store) = open_pipeline(&config_path)?;
            history::mark(&pipeline, store, &account, &state)
        }
        Command::Classify {
            files,
            json,
            trust,
            authserv_id,
        } => classify::run(&config_path, &files, json, trust, authserv_id.as_deref()),
        Command::Letter {
            account,
            kind,
            lang,
        } => {
            let (cfg, store) = open(&config_path)?;
            letter::run(&cfg, &store, &account, kind, lang.as_deref())
        }
        Command::Object {
            account,
            no_browser,
            lang,
            timeout,
        } => object::run(&config_path, &account, no_browser, lang.as_deref(), timeout),
        Command::Service { action } => match action {
            ServiceAction::Install { force } => service::install(&config_path, force),
            ServiceAction::Uninstall => service::uninstall(),
        },
        Command::Completions { shell } => {
            let mut cmd = command(Lang::from_env());
            clap_complete::generate(shell, &mut cmd, "optout", &mut std::io::stdout());
            Ok(())
        }
        Command::Man { out } => help::man(command(Lang::from_env()), out.as_deref()),
        Command::Review {
            account,
            mail,
            answer,
        } => {
            let (pipeline, store) = open_pipeline(&config_path)?;
            review::run(&pipeline, store, account.as_deref(), mail, answer)
        }
        Command::Evidence { account, out } => {
            let (cfg, store) = open(&config_path)?;
            evidence::run(&cfg, &store, &account, &out)
        }
        // Needs no config: the folder may come from someone else.
        Command::Verify { dir } => verify::run(&dir, crate::text::Lang::from_env()),
    }
}

/// Load the config and print its warnings. The provider rules it names
/// are loaded too: a broken rules file, or an account on a platform no
/// rules know, is a config error for every command.
pub fn load_config(path: &std::path::Path) -> Result<Config> {
    Ok(load_config_and_rules(path)?.0)
}

/// The config, checked against the provider rules, and those rules.
pub fn load_config_and_rules(path: &std::path::Path) -> Result<(Config, Classifier)> {
    let cfg = Config::load(path)?;
    let rules = Classifier::load(cfg.rules.dir.as_deref()).map_err(|e| match e {
        // The folder itself: the config's `[rules] dir` line is wrong.
        LoadError::Dir { .. } => anyhow::Error::from(cfg.rules_dir_error(e.to_string())),
        LoadError::Rules(e) => e.into(),
    })?;
    cfg.check_platforms(&rules.platforms())?;
    for w in &cfg.warnings {
        tracing::warn!("{w}");
    }
    Ok((cfg, rules))
}

/// Load the config and open the store, with every configured account in it.
pub fn open(path: &std::path::Path) -> Result<(Config, Store)> {
    let (pipeline, store) = open_pipeline(path)?;
    Ok((pipeline.config, store))
}

/// `open`, keeping the rules the config was checked against.
pub fn open_pipeline(path: &std::path::Path) -> Result<(Pipeline, Store)> {
    let (cfg, rules) = load_config_and_rules(path)?;
    let mut store = database::open_store(&cfg.store_path())?;
    store.sync_accounts(&cfg.accounts, chrono::Utc::now())?;
    Ok((Pipeline::new(cfg, rules), store))
}

/// The configured account with this id, or a usage error naming the known ones.
pub fn known_account<'a>(
    cfg: &'a Config,
    id: &str,
) -> Result<&'a crate::config::Account, UsageError> {
    cfg.accounts.iter().find(|a| a.id == id).ok_or_else(|| {
        let lang = cfg.alerts.lang();
        let known: Vec<_> = cfg.accounts.iter().map(|a| a.id.as_str()).collect();
        UsageError(if known.is_empty() {
            crate::t!(
                lang,
                "errors-no-accounts",
                id = id,
                path = cfg.path.display()
            )
        } else {
            crate::t!(
                lang,
                "errors-unknown-account",
                id = id,
                known = known.join(", ")
            )
        })
    })
}
