//! The config change after a sign-in: the mailbox's credential keys are
//! replaced by the one that names the keyring (`password_keyring = true`
//! or `oauth2 = true`). Everything else, comments included, stays.

use std::path::Path;

/// Every key that says where a mailbox's secret comes from.
pub const SOURCE_KEYS: [&str; 6] = [
    "password",
    "password_cmd",
    "password_env",
    "oauth2_token_cmd",
    "password_keyring",
    "oauth2",
];

/// Set `key = true` in the `[[mailbox]]` named `mailbox` and remove the
/// other source keys (pure).
pub fn with_source(text: &str, mailbox: &str, key: &str) -> Result<String, String> {
    let mut doc: toml_edit::DocumentMut = text
        .parse()
        .map_err(|e: toml_edit::TomlError| e.to_string())?;
    let table = doc
        .get_mut("mailbox")
        .and_then(|i| i.as_array_of_tables_mut())
        .and_then(|list| {
            list.iter_mut()
                .find(|t| t.get("name").and_then(|v| v.as_str()) == Some(mailbox))
        })
        .ok_or_else(|| format!("no [[mailbox]] named \"{mailbox}\""))?;
    if let Some(v) = table.get_mut(key).and_then(|i| i.as_value_mut()) {
        // Already there: only its value changes, its comments stay.
        let decor = v.decor().clone();
        *v = toml_edit::Value::from(true);
        *v.decor_mut() = decor;
        for k in SOURCE_KEYS.iter().filter(|k| **k != key) {
            table.remove(k);
        }
        return Ok(doc.to_string());
    }
    // The new key takes the comment lines of the one it replaces, except
    // the recipes for the old way (secret-tool, oama).
    let mut decor = None;
    for k in SOURCE_KEYS {
        if let Some((old, _)) = table.remove_entry(k) {
            if decor.is_none() {
                decor = old
                    .leaf_decor()
                    .prefix()
                    .and_then(|p| p.as_str())
                    .map(str::to_owned);
            }
        }
    }
    table.insert(key, toml_edit::value(true));
    if let (Some(prefix), Some(mut k)) = (decor, table.key_mut(key)) {
        let keep: Vec<&str> = prefix
            .lines()
            .filter(|l| !l.contains("secret-tool") && !l.contains("oama"))
            .collect();
        let mut prefix = keep.join("\n");
        if !prefix.is_empty() {
            prefix.push('\n');
        }
        k.leaf_decor_mut().set_prefix(prefix);
    }
    Ok(doc.to_string())
}

/// [`with_source`] on the file, replaced atomically, its mode kept.
pub fn set_source(path: &Path, mailbox: &str, key: &str) -> std::io::Result<()> {
    let text = std::fs::read_to_string(path)?;
    let new = with_source(&text, mailbox, key)
        .map_err(|e| std::io::Error::new(std::io::ErrorKind::InvalidData, e))?;
    crate::init::write_keeping_mode(path, &new)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_source_is_replaced_and_comments_stay() {
        let text = "# mine\n[[mailbox]]\nname = \"a\"\nhost = \"h\"  # my host\nuser = \"u\"\npassword_env = \"PW\"\n\n[[mailbox]]\nname = \"b\"\nhost = \"h\"\nuser = \"u\"\npassword_cmd = \"x\"\n";
        let out = with_source(text, "b", "password_keyring").unwrap();
        assert!(out.starts_with("# mine\n"), "{out}");
        assert!(out.contains("host = \"h\"  # my host"), "{out}");
        assert!(out.contains("password_env = \"PW\""), "{out}");
        assert!(!out.contains("password_cmd"), "{out}");
        assert!(out.contains("password_keyring = true"), "{out}");
        // Already set: stays where it is, with its comment.
        let set = "[[mailbox]]\nname = \"b\"\n# mine\noauth2 = true # yes\npassword = \"x\"\n";
        assert_eq!(
            with_source(set, "b", "oauth2").unwrap(),
            "[[mailbox]]\nname = \"b\"\n# mine\noauth2 = true # yes\n"
        );
        let again = with_source(&out, "b", "oauth2").unwrap();
        assert!(
            again.contains("oauth2 = true") && !again.contains("password_keyring"),
            "{again}"
        );
        assert!(with_source(text, "c", "oauth2").is_err());
    }
}
