//! `optout verify DIR`: re-check an evidence folder offline.

use crate::t;
use crate::text::Lang;
use crate::verify::folder::{check_folder, Check};
use anyhow::{bail, Result};
use std::path::Path;

pub fn run(dir: &Path, lang: Lang) -> Result<()> {
    let rt = tokio::runtime::Builder::new_current_thread().build()?;
    let checks = match rt.block_on(check_folder(dir)) {
        Ok(c) => c,
        Err(e) => bail!(
            "{}",
            t!(
                lang,
                "proof-verify-no-summary",
                dir = dir.display().to_string(),
                error = e.to_string()
            )
        ),
    };
    for c in &checks {
        let line = match c {
            Check::Holds { file, domain } => {
                t!(lang, "proof-verify-ok-dkim", file = file, domain = domain)
            }
            Check::HashOnly { file } => t!(lang, "proof-verify-ok-hash", file = file),
            Check::Missing { file } => t!(lang, "proof-verify-missing", file = file),
            Check::Altered { file } => t!(lang, "proof-verify-bad-hash", file = file),
            Check::NoKey { file, key } => t!(lang, "proof-verify-no-key", file = file, key = key),
            Check::BadSignature { file, key, detail } => {
                t!(
                    lang,
                    "proof-verify-bad-dkim",
                    file = file,
                    key = key,
                    detail = detail
                )
            }
        };
        println!("{line}");
    }
    let failed: Vec<&str> = checks
        .iter()
        .filter(|c| !c.holds())
        .map(Check::file)
        .collect();
    if !failed.is_empty() {
        bail!(
            "{}",
            t!(
                lang,
                "proof-verify-failed",
                n = failed.len(),
                files = failed.join(", ")
            )
        );
    }
    println!("{}", t!(lang, "proof-verify-all-ok", n = checks.len()));
    Ok(())
}
