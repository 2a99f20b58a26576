//! Folder names on the wire are modified UTF-7 (RFC 3501 5.1.3): ASCII as
//! is, `&-` for `&`, anything else as `&` + base64 (`,` for `/`) of UTF-16
//! + `-`. "Skräppost" is `Skr&AOQ-ppost`.

use base64::engine::general_purpose::{GeneralPurpose, GeneralPurposeConfig};
use base64::engine::DecodePaddingMode;
use base64::Engine;

const MUTF7: GeneralPurpose = GeneralPurpose::new(
    &base64::alphabet::IMAP_MUTF7,
    GeneralPurposeConfig::new()
        .with_encode_padding(false)
        .with_decode_padding_mode(DecodePaddingMode::RequireNone)
        .with_decode_allow_trailing_bits(true),
);

/// The folder name as a person reads it; a malformed name is kept as it
/// came (it still works on the wire, and shows what the server sent).
pub fn decode(wire: &str) -> String {
    try_decode(wire).unwrap_or_else(|| wire.to_owned())
}

fn try_decode(wire: &str) -> Option<String> {
    let mut out = String::with_capacity(wire.len());
    let mut rest = wire;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let end = after.find('-')?;
        let chunk = &after[..end];
        if chunk.is_empty() {
            out.push('&');
        } else {
            let bytes = MUTF7.decode(chunk).ok()?;
            if bytes.len() % 2 != 0 {
                return None;
            }
            let units: Vec<u16> = bytes
                .chunks_exact(2)
                .map(|p| u16::from_be_bytes([p[0], p[1]]))
                .collect();
            out.push_str(&String::from_utf16(&units).ok()?);
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::decode;

    #[test]
    fn decodes_the_spam_folder_names_of_europe() {
        assert_eq!(decode("Skr&AOQ-ppost"), "Skräppost");
        assert_eq!(decode("Courrier ind&AOk-sirable"), "Courrier indésirable");
        assert_eq!(
            decode("&BB0ENQQ2BDUEOwQwBEIENQQ7BEwEPQQwBE8- &BD8EPgRHBEIEMA-"),
            "Нежелательная почта"
        );
        assert_eq!(decode("Wiadomo&AVs-ci-&AVs-mieci"), "Wiadomości-śmieci");
        assert_eq!(decode("Nevy&AX4A4Q-dan&AOE- po&AWE-ta"), "Nevyžádaná pošta");
        assert_eq!(decode("Tom &- Jerry"), "Tom & Jerry");
        assert_eq!(decode("INBOX"), "INBOX");
    }

    #[test]
    fn malformed_names_are_kept_as_they_came() {
        assert_eq!(decode("Broken &AOQ"), "Broken &AOQ");
        assert_eq!(decode("Odd &A-"), "Odd &A-");
    }
}
