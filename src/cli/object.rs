//! `optout object ACCOUNT [--no-browser] [--lang de|en] [--timeout DUR]`:
//! the live flow at the provider's form (see `crate::object`). Exit 0 with
//! the code, 1 when none came within `--timeout`, 130 on Ctrl-C.

use super::{known_account, open_pipeline};
use crate::object::{self, Options, Outcome};
use crate::t;
use crate::text::Lang;
use anyhow::{anyhow, Result};
use std::path::Path;
use std::sync::Arc;
use std::time::Duration;

pub fn run(
    config_path: &Path,
    account: &str,
    no_browser: bool,
    lang: Option<&str>,
    timeout: Duration,
) -> Result<()> {
    let (pipeline, store) = open_pipeline(config_path)?;
    let account = known_account(&pipeline.config, account)?.clone();
    let lang = match lang {
        Some("de") => Lang::De,
        Some(_) => Lang::En,
        None => pipeline.config.alerts.lang(),
    };
    let opts = Options {
        lang,
        open_browser: !no_browser,
        timeout,
    };
    let pipeline = Arc::new(pipeline);
    // One thread, as `watch`: the work is waiting on sockets.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()?;
    let outcome = runtime.block_on(object::run(pipeline, store, &account, &opts))?;
    drop(runtime);
    match outcome {
        Outcome::Code(_) => Ok(()),
        Outcome::TimedOut => Err(anyhow!(t!(
            lang,
            "object-timed-out",
            timeout = humantime::format_duration(timeout).to_string(),
            account = account.id.as_str()
        ))),
        Outcome::Interrupted => {
            println!(
                "{}",
                t!(lang, "object-interrupted", account = account.id.as_str())
            );
            std::process::exit(130);
        }
    }
}
