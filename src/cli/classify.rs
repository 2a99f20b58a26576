//! `optout classify FILE.eml…`: what optout makes of a mail, and why. The
//! tool to run when a mail was missed. Works without a config (built-in
//! rules); with one, its `[rules] dir` is used too.

use crate::classify::Classifier;
use crate::config::{Trust, TrustPolicy};
use crate::model::Observation;
use anyhow::{bail, Context, Result};
use serde_json::json;
use std::path::{Path, PathBuf};

/// `--trust` on the command line (the config's per-mailbox setting has no
/// mailbox here).
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TrustArg {
    AuthenticationResults,
    SenderDomain,
}

impl From<TrustArg> for Trust {
    fn from(t: TrustArg) -> Trust {
        match t {
            TrustArg::AuthenticationResults => Trust::AuthenticationResults,
            TrustArg::SenderDomain => Trust::SenderDomain,
        }
    }
}

pub fn run(
    config_path: &Path,
    files: &[PathBuf],
    json_out: bool,
    trust: TrustArg,
    authserv_id: Option<&str>,
) -> Result<()> {
    let trust = Trust::from(trust);
    let authserv_id = match authserv_id {
        None => None,
        Some(_) if trust == Trust::SenderDomain => {
            return Err(super::UsageError(
                "--authserv-id has no effect with --trust sender-domain".into(),
            )
            .into())
        }
        Some(id) => Some(
            crate::config::authserv_id(id)
                .map_err(|e| super::UsageError(format!("--authserv-id: {e}")))?,
        ),
    };
    let policy = TrustPolicy {
        trust,
        authserv_id: authserv_id.as_deref(),
    };
    // A config is optional here; a broken one is still an error.
    let classifier = if config_path.exists() {
        super::load_config_and_rules(config_path)?.1
    } else {
        Classifier::builtin()
    };
    let mut failed = Vec::new();
    let mut out = Vec::new();
    for f in files {
        match classify_file(&classifier, f, policy) {
            Ok((obs, cut)) => {
                if json_out {
                    let mut j = to_json(f, obs.as_ref());
                    j["text_cut"] = json!(cut);
                    out.push(j);
                } else {
                    print_human(f, obs.as_ref());
                    if cut {
                        // Say so: a decision further down was not seen.
                        let lang = crate::text::Lang::from_env();
                        println!(
                            "  {}\n",
                            crate::t!(lang, "review-classify-cut", bytes = crate::mail::MAX_TEXT)
                        );
                    }
                }
            }
            Err(e) => {
                eprintln!("optout: {}: {e}", f.display());
                failed.push(f.display().to_string());
            }
        }
    }
    if json_out {
        println!("{}", serde_json::to_string_pretty(&out)?);
    }
    match failed.as_slice() {
        [] => Ok(()),
        [one] => bail!(crate::t!(
            crate::text::Lang::from_env(),
            "classify-failed-one",
            file = one
        )),
        many => bail!(crate::t!(
            crate::text::Lang::from_env(),
            "classify-failed-many",
            n = many.len(),
            files = many.join(", ")
        )),
    }
}

fn classify_file(
    c: &Classifier,
    path: &Path,
    trust: TrustPolicy<'_>,
) -> Result<(Option<Observation>, bool)> {
    let raw = std::fs::read(path).with_context(|| {
        crate::t!(
            crate::text::Lang::from_env(),
            "errors-cannot-read",
            path = path.display()
        )
    })?;
    let parsed = crate::mail::parse(&raw)?;
    let cut = parsed.text_cut;
    let obs = c.classify(&parsed, trust).map(|mut o| {
        // As the pipeline records it: an untrusted observation is a warning.
        if !o.trusted {
            o.kind = crate::model::ObservationKind::Suspicious;
        }
        o
    });
    Ok((obs, cut))
}

fn to_json(path: &Path, obs: Option<&Observation>) -> serde_json::Value {
    json!({
        "file": path.display().to_string(),
        "kind": obs.map(|o| o.kind.as_str()),
        "platform": obs.map(|o| o.platform.as_str()),
        "code": obs.and_then(|o| o.code.as_deref()),
        "trusted": obs.is_some_and(|o| o.trusted),
        "reason": obs.map_or("no provider rule matched this sender and text", |o| o.reason.as_str()),
    })
}

fn print_human(path: &Path, obs: Option<&Observation>) {
    use crate::model::ObservationKind as K;
    use crate::t;
    let lang = crate::text::Lang::from_env();
    println!("{}", path.display());
    match obs {
        None => println!("  {}", t!(lang, "classify-nothing")),
        Some(o) => {
            let what = match o.kind {
                K::Code => t!(lang, "classify-kind-code"),
                K::Receipt => t!(lang, "classify-kind-receipt"),
                K::Accepted => t!(lang, "classify-kind-accepted"),
                K::Rejected => t!(lang, "classify-kind-rejected"),
                K::Unrecognised => t!(lang, "classify-kind-unrecognised"),
                K::Suspicious => t!(lang, "classify-kind-suspicious"),
            };
            println!("  {what}");
            println!(
                "  {}",
                t!(lang, "classify-platform", platform = &o.platform)
            );
            if let Some(code) = &o.code {
                println!("  {}", t!(lang, "classify-code", code = code));
            }
            println!(
                "  {}",
                if o.trusted {
                    t!(lang, "classify-trusted-yes")
                } else {
                    t!(lang, "classify-trusted-no")
                }
            );
            // The classifier's reason names what matched: shown as recorded.
            println!("  {}", t!(lang, "classify-why", reason = &o.reason));
        }
    }
    println!();
}
