//! Secrets at rest: each secret is sealed with AES-256-GCM under a key kept in a file of its
//! own (`RDS_SECRET_KEY_FILE`), never in the database. The source and the secret's name are
//! bound in as associated data, so a sealed value moved to another row does not open.

use std::path::Path;

use aes_gcm::aead::{Aead, AeadCore, KeyInit, OsRng, Payload};
use aes_gcm::{Aes256Gcm, Key, Nonce};

/// Marks a sealed value; a stored value without it was written before secrets were sealed.
const PREFIX: &str = "aes256gcm:";
const NONCE_LEN: usize = 12;
/// GCM's authentication tag, after the ciphertext.
const TAG_LEN: usize = 16;

pub struct SecretBox {
    cipher: Aes256Gcm,
}

impl SecretBox {
    /// A fresh random key, as the key file holds it (64 hex digits and a newline).
    pub fn new_key_text() -> String {
        let key = Aes256Gcm::generate_key(OsRng);
        let mut text = hex(&key);
        text.push('\n');
        text
    }

    /// Writes a new key file readable by its owner only, and never over one: written beside
    /// it, flushed to disk, then linked into place (which fails if the name exists), and the
    /// folder flushed, so a crash never leaves secrets sealed under a key that is not on disk.
    /// A key another process linked there first is kept, and is no error.
    pub fn create_key_file(path: &Path) -> std::io::Result<()> {
        use std::io::Write;
        let mut draft = path.as_os_str().to_owned();
        draft.push(format!(".{}.new", crate::random_token()));
        let draft = std::path::PathBuf::from(draft);
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let written = options.open(&draft).and_then(|mut f| {
            f.write_all(Self::new_key_text().as_bytes())?;
            f.sync_all()
        });
        let linked = written.and_then(|()| std::fs::hard_link(&draft, path));
        let _ = std::fs::remove_file(&draft);
        match linked {
            Err(e) if e.kind() == std::io::ErrorKind::AlreadyExists => return Ok(()),
            other => other?,
        }
        let folder = path.parent().filter(|p| !p.as_os_str().is_empty()).unwrap_or(Path::new("."));
        std::fs::File::open(folder)?.sync_all()
    }

    /// Reads a key file. Its mode must keep others out: the key opens every secret.
    pub fn from_key_file(path: &Path) -> Result<SecretBox, String> {
        let shown = path.display();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(path).map_err(|e| format!("cannot read the secret key {shown}: {e}"))?.permissions().mode();
            if mode & 0o077 != 0 {
                return Err(format!("the secret key {shown} is readable by others (mode {:o}): chmod 600 it", mode & 0o777));
            }
        }
        let text = std::fs::read_to_string(path).map_err(|e| format!("cannot read the secret key {shown}: {e}"))?;
        SecretBox::from_key_text(text.trim()).ok_or_else(|| format!("the secret key {shown} is not 64 hexadecimal digits"))
    }

    fn from_key_text(text: &str) -> Option<SecretBox> {
        let bytes = unhex(text)?;
        (bytes.len() == 32).then(|| SecretBox { cipher: Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&bytes)) })
    }

    /// Seals `plain` for the row named by `context`.
    pub fn seal(&self, plain: &str, context: &str) -> String {
        let nonce = Aes256Gcm::generate_nonce(OsRng);
        let sealed = self
            .cipher
            .encrypt(&nonce, Payload { msg: plain.as_bytes(), aad: context.as_bytes() })
            .expect("AES-GCM seals any length the API accepts");
        format!("{PREFIX}{}{}", hex(&nonce), hex(&sealed))
    }

    /// Opens a value sealed for `context`; `None` when the key or the context is not the one
    /// it was sealed with, or the value was changed.
    pub fn open(&self, sealed: &str, context: &str) -> Option<String> {
        let bytes = unhex(sealed.strip_prefix(PREFIX)?)?;
        if bytes.len() < NONCE_LEN + TAG_LEN {
            return None;
        }
        let (nonce, body) = bytes.split_at(NONCE_LEN);
        let plain = self.cipher.decrypt(Nonce::from_slice(nonce), Payload { msg: body, aad: context.as_bytes() }).ok()?;
        String::from_utf8(plain).ok()
    }

    /// Whether a stored value is sealed (rather than left by a release that stored it plain).
    pub fn is_sealed(stored: &str) -> bool {
        stored.starts_with(PREFIX)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(text: &str) -> Option<Vec<u8>> {
    if !text.len().is_multiple_of(2) || !text.is_ascii() {
        return None;
    }
    (0..text.len()).step_by(2).map(|i| u8::from_str_radix(&text[i..i + 2], 16).ok()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn a_box() -> SecretBox {
        SecretBox::from_key_text(SecretBox::new_key_text().trim()).unwrap()
    }

    #[test]
    fn a_sealed_secret_opens_only_with_its_key_and_its_row() {
        let (key, other) = (a_box(), a_box());
        let sealed = key.seal("00SecretToken", "okta/apiToken");
        assert!(SecretBox::is_sealed(&sealed) && !sealed.contains("00SecretToken"));
        assert_eq!(key.open(&sealed, "okta/apiToken").as_deref(), Some("00SecretToken"));
        assert_eq!(other.open(&sealed, "okta/apiToken"), None, "another key");
        assert_eq!(key.open(&sealed, "splunk/apiToken"), None, "moved to another row");
        assert_ne!(key.seal("00SecretToken", "okta/apiToken"), sealed, "a fresh nonce each time");
        let mut tampered = sealed.clone().into_bytes();
        let last = tampered.len() - 1;
        tampered[last] = if tampered[last] == b'0' { b'1' } else { b'0' };
        assert_eq!(key.open(&String::from_utf8(tampered).unwrap(), "okta/apiToken"), None, "changed on disk");
        assert_eq!(key.open(&key.seal("", "c"), "c").as_deref(), Some(""), "an empty secret is a nonce and a tag");
        let odd = format!("{}0", &sealed[..sealed.len() - 1]);
        assert_eq!(key.open(&sealed[..sealed.len() - 1], "okta/apiToken"), None, "odd length");
        assert_eq!(key.open(&odd.replace('0', "é"), "okta/apiToken"), None, "not hexadecimal");
        for bad in ["00SecretToken", "aes256gcm:", "aes256gcm:zz", "aes256gcm:0011", "aes256gcm:abc"] {
            assert_eq!(key.open(bad, "okta/apiToken"), None, "{bad}");
        }
        assert!(!SecretBox::is_sealed("00SecretToken"));
    }

    #[test]
    fn key_files_are_private_never_overwritten_and_checked() {
        use std::os::unix::fs::PermissionsExt;
        let dir = std::env::temp_dir().join(format!("rds-key-{}", crate::random_token()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("secret.key");
        SecretBox::create_key_file(&path).unwrap();
        assert_eq!(std::fs::metadata(&path).unwrap().permissions().mode() & 0o777, 0o600);
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(text.trim().len(), 64);
        SecretBox::create_key_file(&path).unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text, "an existing key is never replaced");
        assert_eq!(std::fs::read_dir(&dir).unwrap().count(), 1, "no draft is left beside it");
        let nowhere = dir.join("missing-folder/secret.key");
        assert_eq!(SecretBox::create_key_file(&nowhere).unwrap_err().kind(), std::io::ErrorKind::NotFound);
        let sealed = SecretBox::from_key_file(&path).unwrap().seal("v", "c");
        assert_eq!(SecretBox::from_key_file(&path).unwrap().open(&sealed, "c").as_deref(), Some("v"));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
        assert!(SecretBox::from_key_file(&path).err().unwrap().contains("readable by others (mode 644)"));
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
        std::fs::write(&path, "not a key").unwrap();
        assert!(SecretBox::from_key_file(&path).err().unwrap().contains("not 64 hexadecimal digits"));
        std::fs::write(&path, "ab".repeat(31)).unwrap();
        assert!(SecretBox::from_key_file(&path).is_err(), "31 bytes are not an AES-256 key");
        assert!(SecretBox::from_key_file(&dir.join("missing")).err().unwrap().starts_with("cannot read the secret key"));
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
