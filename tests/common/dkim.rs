//! DKIM test keys and signing, with the same library optout verifies with
//! (mail-auth): a fresh RSA key per test (openssl), its public key as the
//! TXT record a provider would publish.

use base64::Engine;
use mail_auth::common::crypto::{RsaKey, Sha256};
use mail_auth::common::headers::HeaderWriter;
use mail_auth::dkim::DkimSigner;
use rustls_pki_types::{PrivateKeyDer, PrivatePkcs1KeyDer, PrivatePkcs8KeyDer};
use std::process::Command;

pub struct TestKey {
    pub domain: String,
    pub selector: String,
    /// The private key as openssl wrote it (DER).
    der: Vec<u8>,
    /// The TXT record: `v=DKIM1; k=rsa; p=…`.
    pub txt: String,
}

fn openssl(args: &[&str], dir: &std::path::Path) {
    let out = Command::new("openssl")
        .args(args)
        .current_dir(dir)
        .output()
        .expect("openssl is installed");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

impl TestKey {
    pub fn generate(domain: &str, selector: &str) -> TestKey {
        let dir = tempfile::tempdir().unwrap();
        openssl(
            &[
                "genpkey",
                "-algorithm",
                "RSA",
                "-pkeyopt",
                "rsa_keygen_bits:2048",
                "-outform",
                "DER",
                "-out",
                "key.der",
            ],
            dir.path(),
        );
        openssl(
            &[
                "pkey", "-inform", "DER", "-in", "key.der", "-pubout", "-outform", "DER", "-out",
                "pub.der",
            ],
            dir.path(),
        );
        let pkcs8 = std::fs::read(dir.path().join("key.der")).unwrap();
        let public = std::fs::read(dir.path().join("pub.der")).unwrap();
        TestKey {
            domain: domain.to_owned(),
            selector: selector.to_owned(),
            der: pkcs8,
            txt: format!(
                "v=DKIM1; k=rsa; p={}",
                base64::engine::general_purpose::STANDARD.encode(public)
            ),
        }
    }

    /// (`SELECTOR._domainkey.DOMAIN`, TXT value), for [`super::dnsmasq::Dnsmasq::start`].
    pub fn record(&self) -> (String, String) {
        (
            format!("{}._domainkey.{}", self.selector, self.domain),
            self.txt.clone(),
        )
    }

    /// The mail with a DKIM-Signature header on top, as the provider's
    /// outgoing server adds it (relaxed/relaxed, rsa-sha256).
    pub fn sign(&self, raw: &[u8]) -> Vec<u8> {
        // openssl writes PKCS#8 or, for DER, sometimes the PKCS#1 form.
        let key = RsaKey::<Sha256>::from_key_der(PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(
            self.der.clone(),
        )))
        .or_else(|_| {
            RsaKey::<Sha256>::from_key_der(PrivateKeyDer::Pkcs1(PrivatePkcs1KeyDer::from(
                self.der.clone(),
            )))
        })
        .unwrap();
        let sig = DkimSigner::from_key(key)
            .domain(&self.domain)
            .selector(&self.selector)
            .headers([
                "From",
                "To",
                "Subject",
                "Date",
                "Message-ID",
                "Content-Type",
            ])
            .sign(raw)
            .unwrap();
        let mut out = sig.to_header().into_bytes();
        out.extend_from_slice(raw);
        out
    }
}
