//! `--web.config.file`: the Prometheus exporter-toolkit's web configuration (YAML), read as
//! strictly as the toolkit reads it: an unknown key is an error naming its line.
//!
//! Supported: `tls_server_config` (`cert_file`, `key_file`, `client_auth_type`,
//! `client_ca_file`, `min_version`, `max_version`, `prefer_server_cipher_suites`),
//! `http_server_config` (`headers`, `http2`: HTTP/1.1 is served either way) and
//! `basic_auth_users` (bcrypt hashes). Keys the toolkit knows that cannot be honoured here
//! (`cipher_suites`, `curve_preferences`, `client_allowed_sans`, the inline `cert`, `key` and
//! `client_ca`, `rate_limit`) are refused with an error naming them. Relative file names are
//! taken from the configuration file's directory, as the toolkit does.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use saphyr::{LoadableYamlNode, MarkedYaml, Scalar, YamlData};

/// A configuration that cannot be used: where and why.
#[derive(Debug, thiserror::Error)]
pub enum ConfigError {
    /// The file cannot be read.
    #[error("{file}: {source}")]
    Read {
        /// The file.
        file: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// A key or value is wrong.
    #[error("{file}:{line}: {key}: {message}")]
    At {
        /// The file.
        file: PathBuf,
        /// Its line (1-based).
        line: usize,
        /// The key, with its parents (`tls_server_config.min_version`).
        key: String,
        /// What is wrong.
        message: String,
    },
}

/// How a TLS client must authenticate (Go's `tls.ClientAuthType`, as the toolkit names them).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClientAuth {
    /// No client certificate is asked for.
    NoClientCert,
    /// One is asked for, not required, not verified.
    RequestClientCert,
    /// One is required, not verified.
    RequireAnyClientCert,
    /// One is asked for and, when given, verified against `client_ca_file`.
    VerifyClientCertIfGiven,
    /// One is required and verified against `client_ca_file`.
    RequireAndVerifyClientCert,
}

/// A TLS version the toolkit names (`TLS10` … `TLS13`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum TlsVersion {
    /// TLS 1.0 (never spoken here: a minimum below 1.2 means 1.2).
    Tls10,
    /// TLS 1.1 (never spoken here).
    Tls11,
    /// TLS 1.2.
    Tls12,
    /// TLS 1.3.
    Tls13,
}

/// `tls_server_config`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TlsConfig {
    /// The certificate chain (PEM), re-read when it changes.
    pub cert_file: PathBuf,
    /// Its private key (PEM), re-read with the certificate.
    pub key_file: PathBuf,
    /// How clients authenticate.
    pub client_auth: ClientAuth,
    /// The CAs that sign client certificates (PEM).
    pub client_ca_file: Option<PathBuf>,
    /// The lowest version accepted (at least TLS 1.2 in fact).
    pub min_version: TlsVersion,
    /// The highest version accepted.
    pub max_version: TlsVersion,
    /// Whether the server's cipher suite order wins over the client's.
    pub prefer_server_cipher_suites: bool,
}

/// The whole web configuration.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct WebConfig {
    /// TLS, when configured.
    pub tls: Option<TlsConfig>,
    /// User name to bcrypt hash; empty: no authentication.
    pub basic_auth_users: BTreeMap<String, String>,
    /// Headers added to every answer (`http_server_config.headers`).
    pub headers: Vec<(String, String)>,
}

/// The headers `http_server_config.headers` may set (the toolkit's list).
const HEADERS: [&str; 6] = [
    "Content-Security-Policy",
    "X-Frame-Options",
    "X-Content-Type-Options",
    "X-XSS-Protection",
    "Strict-Transport-Security",
    "Cache-Control",
];

/// Reads and checks `file`.
pub fn load(file: &Path) -> Result<WebConfig, ConfigError> {
    let text = std::fs::read_to_string(file).map_err(|source| ConfigError::Read {
        file: file.to_path_buf(),
        source,
    })?;
    parse(&text, file)
}

struct Ctx<'f> {
    file: &'f Path,
}

impl Ctx<'_> {
    fn err(&self, node: &MarkedYaml<'_>, key: &str, message: impl Into<String>) -> ConfigError {
        ConfigError::At {
            file: self.file.to_path_buf(),
            line: node.span.start.line(),
            key: key.to_string(),
            message: message.into(),
        }
    }

    /// A mapping's entries as (key text, key node, value node); `None` for a null (empty) node.
    fn entries<'n, 'i>(
        &self,
        node: &'n MarkedYaml<'i>,
        key: &str,
    ) -> Result<Vec<(String, &'n MarkedYaml<'i>, &'n MarkedYaml<'i>)>, ConfigError> {
        match &node.data {
            YamlData::Mapping(m) => m
                .iter()
                .map(|(k, v)| match &k.data {
                    YamlData::Value(Scalar::String(s)) => Ok((s.to_string(), k, v)),
                    YamlData::Value(other) => Ok((scalar_text(other), k, v)),
                    _ => Err(self.err(k, key, "a key must be a plain name")),
                })
                .collect(),
            YamlData::Value(Scalar::Null) => Ok(Vec::new()),
            _ => Err(self.err(node, key, "expected a mapping")),
        }
    }

    fn string(&self, node: &MarkedYaml<'_>, key: &str) -> Result<String, ConfigError> {
        match &node.data {
            YamlData::Value(Scalar::String(s)) => Ok(s.to_string()),
            YamlData::Value(Scalar::Null) => Ok(String::new()),
            YamlData::Value(s @ (Scalar::Integer(_) | Scalar::FloatingPoint(_))) => {
                Ok(scalar_text(s))
            }
            _ => Err(self.err(node, key, "expected a string")),
        }
    }

    fn path(&self, node: &MarkedYaml<'_>, key: &str) -> Result<Option<PathBuf>, ConfigError> {
        let s = self.string(node, key)?;
        if s.is_empty() {
            return Ok(None);
        }
        let p = PathBuf::from(s);
        Ok(Some(if p.is_absolute() {
            p
        } else {
            self.file.parent().unwrap_or(Path::new(".")).join(p)
        }))
    }

    fn bool(&self, node: &MarkedYaml<'_>, key: &str) -> Result<bool, ConfigError> {
        match &node.data {
            YamlData::Value(Scalar::Boolean(b)) => Ok(*b),
            _ => Err(self.err(node, key, "expected true or false")),
        }
    }
}

fn scalar_text(s: &Scalar<'_>) -> String {
    match s {
        Scalar::Null => String::new(),
        Scalar::Boolean(b) => b.to_string(),
        Scalar::Integer(i) => i.to_string(),
        Scalar::FloatingPoint(f) => f.to_string(),
        Scalar::String(s) => s.to_string(),
    }
}

/// Parses the text of `file` (named in errors; relative file names are taken from its
/// directory).
pub fn parse(text: &str, file: &Path) -> Result<WebConfig, ConfigError> {
    let cx = Ctx { file };
    let docs = MarkedYaml::load_from_str(text).map_err(|e| ConfigError::At {
        file: file.to_path_buf(),
        line: e.marker().line(),
        key: "(syntax)".into(),
        message: e.info().to_string(),
    })?;
    let mut cfg = WebConfig::default();
    let Some(root) = docs.first() else {
        return Ok(cfg);
    };
    if docs.len() > 1 {
        return Err(cx.err(&docs[1], "(document)", "one YAML document only"));
    }
    for (key, k, v) in cx.entries(root, "(top level)")? {
        match key.as_str() {
            "tls_server_config" => cfg.tls = tls(&cx, v)?,
            "http_server_config" => {
                for (key, k, v) in cx.entries(v, "http_server_config")? {
                    let name = format!("http_server_config.{key}");
                    match key.as_str() {
                        // HTTP/2 is not served: HTTP/1.1 answers either way.
                        "http2" => {
                            cx.bool(v, &name)?;
                        }
                        "headers" => {
                            for (h, hk, hv) in cx.entries(v, &name)? {
                                let hname = format!("{name}.{h}");
                                let Some(canon) =
                                    HEADERS.iter().find(|c| c.eq_ignore_ascii_case(&h))
                                else {
                                    return Err(cx.err(
                                        hk,
                                        &hname,
                                        format!(
                                            "not a header that may be set (one of: {})",
                                            HEADERS.join(", ")
                                        ),
                                    ));
                                };
                                let value = cx.string(hv, &hname)?;
                                if value.chars().any(|c| c.is_control()) {
                                    return Err(cx.err(
                                        hv,
                                        &hname,
                                        "control characters in the value",
                                    ));
                                }
                                if !value.is_empty() {
                                    cfg.headers.push((canon.to_string(), value));
                                }
                            }
                        }
                        _ => {
                            return Err(cx.err(k, &name, "unknown key (expected http2 or headers)"))
                        }
                    }
                }
            }
            "basic_auth_users" => {
                for (user, uk, hash) in cx.entries(v, "basic_auth_users")? {
                    let name = format!("basic_auth_users.{user}");
                    if user.contains(':') {
                        return Err(cx.err(uk, &name, "a user name cannot hold ':'"));
                    }
                    let hash = cx.string(hash, &name)?;
                    if hash.parse::<bcrypt::HashParts>().is_err() {
                        return Err(cx.err(
                            uk,
                            &name,
                            "not a bcrypt hash (make one with: htpasswd -nBC 10 \"\" | tr -d ':\\n')",
                        ));
                    }
                    cfg.basic_auth_users.insert(user, hash);
                }
            }
            "rate_limit" => return Err(cx.err(k, &key, "not supported by promisc's exporter")),
            _ => return Err(cx.err(
                k,
                &key,
                "unknown key (expected tls_server_config, http_server_config or basic_auth_users)",
            )),
        }
    }
    Ok(cfg)
}

fn tls(cx: &Ctx<'_>, node: &MarkedYaml<'_>) -> Result<Option<TlsConfig>, ConfigError> {
    const SECTION: &str = "tls_server_config";
    let entries = cx.entries(node, SECTION)?;
    if entries.is_empty() {
        return Ok(None);
    }
    let (mut cert, mut key, mut ca) = (None, None, None);
    let mut client_auth = (ClientAuth::NoClientCert, None);
    let mut min = TlsVersion::Tls12;
    let mut max = TlsVersion::Tls13;
    let mut min_node = None;
    let mut prefer = true;
    for (name, k, v) in entries {
        let full = format!("{SECTION}.{name}");
        match name.as_str() {
            "cert_file" => cert = cx.path(v, &full)?,
            "key_file" => key = cx.path(v, &full)?,
            "client_ca_file" => ca = cx.path(v, &full)?,
            "client_auth_type" => {
                let s = cx.string(v, &full)?;
                client_auth.0 = match s.as_str() {
                    "" | "NoClientCert" => ClientAuth::NoClientCert,
                    "RequestClientCert" => ClientAuth::RequestClientCert,
                    "RequireAnyClientCert" => ClientAuth::RequireAnyClientCert,
                    "VerifyClientCertIfGiven" => ClientAuth::VerifyClientCertIfGiven,
                    "RequireAndVerifyClientCert" => ClientAuth::RequireAndVerifyClientCert,
                    _ => {
                        return Err(cx.err(
                            v,
                            &full,
                            format!("`{s}` is not one of NoClientCert, RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven, RequireAndVerifyClientCert"),
                        ))
                    }
                };
                client_auth.1 = Some(v);
            }
            "min_version" | "max_version" => {
                let s = cx.string(v, &full)?;
                let ver = match s.as_str() {
                    "TLS10" => TlsVersion::Tls10,
                    "TLS11" => TlsVersion::Tls11,
                    "TLS12" => TlsVersion::Tls12,
                    "TLS13" => TlsVersion::Tls13,
                    _ => {
                        return Err(cx.err(
                            v,
                            &full,
                            format!("`{s}` is not one of TLS10, TLS11, TLS12, TLS13"),
                        ))
                    }
                };
                if name == "min_version" {
                    min = ver;
                    min_node = Some(v);
                } else {
                    if ver < TlsVersion::Tls12 {
                        return Err(cx.err(
                            v,
                            &full,
                            "TLS 1.2 and 1.3 only are spoken here (rustls): the highest version cannot be below TLS12",
                        ));
                    }
                    max = ver;
                }
            }
            "prefer_server_cipher_suites" => prefer = cx.bool(v, &full)?,
            "cipher_suites" | "curve_preferences" | "client_allowed_sans" => {
                return Err(cx.err(
                    k,
                    &full,
                    "not supported by promisc's exporter (rustls's defaults apply: remove the key)",
                ))
            }
            "cert" | "key" | "client_ca" => {
                return Err(cx.err(
                    k,
                    &full,
                    format!("inline PEM is not supported: use {name}_file"),
                ))
            }
            _ => {
                return Err(cx.err(
                    k,
                    &full,
                    "unknown key (expected cert_file, key_file, client_auth_type, client_ca_file, min_version, max_version or prefer_server_cipher_suites)",
                ))
            }
        }
    }
    if min > max {
        return Err(cx.err(
            min_node.unwrap_or(node),
            &format!("{SECTION}.min_version"),
            "above max_version",
        ));
    }
    let Some(cert_file) = cert else {
        return Err(cx.err(node, &format!("{SECTION}.cert_file"), "missing"));
    };
    let Some(key_file) = key else {
        return Err(cx.err(node, &format!("{SECTION}.key_file"), "missing"));
    };
    let needs_ca = matches!(
        client_auth.0,
        ClientAuth::VerifyClientCertIfGiven | ClientAuth::RequireAndVerifyClientCert
    );
    if needs_ca && ca.is_none() {
        return Err(cx.err(
            client_auth.1.unwrap_or(node),
            &format!("{SECTION}.client_ca_file"),
            "missing: client certificates cannot be verified without it",
        ));
    }
    if ca.is_some() && client_auth.0 == ClientAuth::NoClientCert {
        return Err(cx.err(
            node,
            &format!("{SECTION}.client_auth_type"),
            "client_ca_file is set without a client auth policy (e.g. RequireAndVerifyClientCert)",
        ));
    }
    Ok(Some(TlsConfig {
        cert_file,
        key_file,
        client_auth: client_auth.0,
        client_ca_file: ca,
        min_version: min,
        max_version: max,
        prefer_server_cipher_suites: prefer,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HASH: &str = "$2b$10$0dFhEMcV5//4LMxYMs9nLuuQzlqlE3TeRMjwbGUUfkQ28/dKqBOZq";

    fn err(text: &str) -> String {
        parse(text, Path::new("/etc/promisc/web.yml"))
            .unwrap_err()
            .to_string()
    }

    #[test]
    fn a_full_configuration() {
        let text = format!(
            "# comment\ntls_server_config:\n  cert_file: server.crt\n  key_file: /k/server.key\n  client_auth_type: RequireAndVerifyClientCert\n  client_ca_file: ca.crt\n  min_version: TLS13\nhttp_server_config:\n  http2: false\n  headers:\n    X-Frame-Options: deny\nbasic_auth_users:\n  prometheus: {HASH}\n"
        );
        let c = parse(&text, Path::new("/etc/promisc/web.yml")).unwrap();
        let tls = c.tls.unwrap();
        assert_eq!(tls.cert_file, Path::new("/etc/promisc/server.crt"));
        assert_eq!(tls.key_file, Path::new("/k/server.key"));
        assert_eq!(tls.client_auth, ClientAuth::RequireAndVerifyClientCert);
        assert_eq!(
            tls.client_ca_file.unwrap(),
            Path::new("/etc/promisc/ca.crt")
        );
        assert_eq!(tls.min_version, TlsVersion::Tls13);
        assert_eq!(tls.max_version, TlsVersion::Tls13);
        assert_eq!(c.basic_auth_users["prometheus"], HASH);
        assert_eq!(c.headers, [("X-Frame-Options".into(), "deny".into())]);
    }

    #[test]
    fn empty_and_auth_only() {
        assert_eq!(parse("", Path::new("w.yml")).unwrap(), WebConfig::default());
        let c = parse(
            &format!("basic_auth_users:\n  u: '{HASH}'\n"),
            Path::new("w.yml"),
        )
        .unwrap();
        assert!(c.tls.is_none());
        assert_eq!(c.basic_auth_users.len(), 1);
    }

    #[test]
    fn errors_name_the_file_the_line_and_the_key() {
        assert_eq!(
            err("tls_server_config:\n  cert_file: a\n  key_file: b\n  bogus: 1\n"),
            "/etc/promisc/web.yml:4: tls_server_config.bogus: unknown key (expected cert_file, key_file, client_auth_type, client_ca_file, min_version, max_version or prefer_server_cipher_suites)"
        );
        assert!(err("\n\nnope: 1\n").starts_with("/etc/promisc/web.yml:3: nope: unknown key"));
        assert!(err("tls_server_config:\n  cert_file: a\n  key_file: b\n  cipher_suites: [TLS_AES_128_GCM_SHA256]\n")
            .starts_with("/etc/promisc/web.yml:4: tls_server_config.cipher_suites: not supported"));
        assert!(err(
            "tls_server_config:\n  cert_file: a\n  key_file: b\n  curve_preferences: [X25519]\n"
        )
        .contains(":4: tls_server_config.curve_preferences: not supported"));
        assert!(err("tls_server_config:\n  key_file: b\n")
            .contains("tls_server_config.cert_file: missing"));
        assert!(
            err("tls_server_config:\n  cert_file: a\n  key_file: b\n  max_version: TLS11\n")
                .contains(":4: tls_server_config.max_version: TLS 1.2 and 1.3 only")
        );
        assert!(
            err("tls_server_config:\n  cert_file: a\n  key_file: b\n  min_version: TLS14\n")
                .contains(":4: tls_server_config.min_version: `TLS14` is not one of")
        );
        assert!(err("tls_server_config:\n  cert_file: a\n  key_file: b\n  client_auth_type: RequireAndVerifyClientCert\n")
            .contains(":4: tls_server_config.client_ca_file: missing"));
        assert!(
            err("tls_server_config:\n  cert_file: a\n  key_file: b\n  client_ca_file: c\n")
                .contains("tls_server_config.client_auth_type: client_ca_file is set without")
        );
        assert!(err("basic_auth_users:\n  u: plaintext\n")
            .starts_with("/etc/promisc/web.yml:2: basic_auth_users.u: not a bcrypt hash"));
        assert!(
            err("http_server_config:\n  headers:\n    Server: x\n").starts_with(
                "/etc/promisc/web.yml:3: http_server_config.headers.Server: not a header"
            )
        );
        assert!(
            err("tls_server_config: [1]\n").contains(":1: tls_server_config: expected a mapping")
        );
        assert!(err("a: [\n").starts_with("/etc/promisc/web.yml:"));
        // Duplicate keys are refused by the YAML loader.
        assert!(err("basic_auth_users: {}\nbasic_auth_users: {}\n")
            .starts_with("/etc/promisc/web.yml:"));
    }
}
