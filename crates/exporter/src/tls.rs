//! TLS for the exporter (rustls, with the ring provider): the server configuration a
//! `tls_server_config` describes, and its certificate re-read when the files change.
//!
//! The certificate and key files are checked on every handshake (their modification time,
//! size and inode, one `stat` each) and read again when either changed, as the exporter-toolkit
//! re-reads them per handshake; a pair that does not load (a rotation half done, a key that is
//! not the certificate's) is reported on stderr once and the previous pair is kept. The client
//! CA file is read once, at start.

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use rustls::client::danger::HandshakeSignatureValid;
use rustls::crypto::{verify_tls12_signature, verify_tls13_signature, CryptoProvider};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, PrivateKeyDer, UnixTime};
use rustls::server::danger::{ClientCertVerified, ClientCertVerifier};
use rustls::server::{ClientHello, ResolvesServerCert, WebPkiClientVerifier};
use rustls::sign::CertifiedKey;
use rustls::{
    DigitallySignedStruct, DistinguishedName, RootCertStore, ServerConfig, SignatureScheme,
};

use crate::webconfig::{ClientAuth, TlsConfig, TlsVersion};

/// A TLS set-up that cannot start: which file and why.
#[derive(Debug, thiserror::Error)]
#[error("{}: {message}", file.display())]
pub struct TlsError {
    /// The file.
    pub file: PathBuf,
    /// What is wrong with it.
    pub message: String,
}

/// rustls with *ring*: no C toolchain, and a smaller binary than aws-lc-rs. rustls 0.23.48
/// deprecates it for its lack of post-quantum key exchange, which a metrics endpoint can do
/// without (X25519 and the NIST curves remain).
#[allow(deprecated)]
fn provider() -> Arc<CryptoProvider> {
    Arc::new(rustls::crypto::ring::default_provider())
}

/// The server configuration of `cfg`; fails when a file does not load.
pub fn server_config(cfg: &TlsConfig) -> Result<Arc<ServerConfig>, TlsError> {
    let provider = provider();
    let resolver = Arc::new(CertFiles::new(
        &cfg.cert_file,
        &cfg.key_file,
        provider.clone(),
    )?);
    let versions: Vec<&'static rustls::SupportedProtocolVersion> = [
        (TlsVersion::Tls12, &rustls::version::TLS12),
        (TlsVersion::Tls13, &rustls::version::TLS13),
    ]
    .into_iter()
    .filter(|(v, _)| *v >= cfg.min_version && *v <= cfg.max_version)
    .map(|(_, p)| p)
    .collect();
    let builder = ServerConfig::builder_with_provider(provider.clone())
        .with_protocol_versions(&versions)
        .map_err(|e| TlsError {
            file: cfg.cert_file.clone(),
            message: e.to_string(),
        })?;
    let verifier: Arc<dyn ClientCertVerifier> = match cfg.client_auth {
        ClientAuth::NoClientCert => WebPkiClientVerifier::no_client_auth(),
        ClientAuth::RequestClientCert | ClientAuth::RequireAnyClientCert => {
            Arc::new(AnyClientCert {
                mandatory: cfg.client_auth == ClientAuth::RequireAnyClientCert,
                provider: provider.clone(),
            })
        }
        ClientAuth::VerifyClientCertIfGiven | ClientAuth::RequireAndVerifyClientCert => {
            let file = cfg.client_ca_file.clone().unwrap_or_default();
            let mut roots = RootCertStore::empty();
            for c in certs(&file)? {
                roots.add(c).map_err(|e| TlsError {
                    file: file.clone(),
                    message: e.to_string(),
                })?;
            }
            let b = WebPkiClientVerifier::builder_with_provider(Arc::new(roots), provider.clone());
            let b = if cfg.client_auth == ClientAuth::VerifyClientCertIfGiven {
                b.allow_unauthenticated()
            } else {
                b
            };
            b.build().map_err(|e| TlsError {
                file,
                message: e.to_string(),
            })?
        }
    };
    let mut config = builder
        .with_client_cert_verifier(verifier)
        .with_cert_resolver(resolver);
    config.ignore_client_order = cfg.prefer_server_cipher_suites;
    config.alpn_protocols = vec![b"http/1.1".to_vec()];
    Ok(Arc::new(config))
}

fn certs(file: &Path) -> Result<Vec<CertificateDer<'static>>, TlsError> {
    let bad = |message: String| TlsError {
        file: file.to_path_buf(),
        message,
    };
    let certs = CertificateDer::pem_file_iter(file)
        .map_err(|e| bad(e.to_string()))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| bad(e.to_string()))?;
    if certs.is_empty() {
        return Err(bad("no PEM certificate in it".into()));
    }
    Ok(certs)
}

/// What identifies a file's version without reading it.
type Stamp = Option<(SystemTime, u64, u64)>;

fn stamp(p: &Path) -> Stamp {
    use std::os::unix::fs::MetadataExt;
    let m = std::fs::metadata(p).ok()?;
    Some((m.modified().ok()?, m.len(), m.ino()))
}

/// The certificate and key files, re-read when they change.
struct CertFiles {
    cert: PathBuf,
    key: PathBuf,
    provider: Arc<CryptoProvider>,
    /// The stamps of the pair in use (or of the last pair that failed), and the pair.
    current: Mutex<((Stamp, Stamp), Arc<CertifiedKey>)>,
}

impl fmt::Debug for CertFiles {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CertFiles")
            .field("cert", &self.cert)
            .field("key", &self.key)
            .finish()
    }
}

impl CertFiles {
    fn new(cert: &Path, key: &Path, provider: Arc<CryptoProvider>) -> Result<CertFiles, TlsError> {
        let stamps = (stamp(cert), stamp(key));
        let pair = load_pair(cert, key, &provider)?;
        Ok(CertFiles {
            cert: cert.to_path_buf(),
            key: key.to_path_buf(),
            provider,
            current: Mutex::new((stamps, Arc::new(pair))),
        })
    }
}

fn load_pair(cert: &Path, key: &Path, provider: &CryptoProvider) -> Result<CertifiedKey, TlsError> {
    let chain = certs(cert)?;
    let der = PrivateKeyDer::from_pem_file(key).map_err(|e| TlsError {
        file: key.to_path_buf(),
        message: e.to_string(),
    })?;
    CertifiedKey::from_der(chain, der, provider).map_err(|e| TlsError {
        file: key.to_path_buf(),
        message: format!("{e} (is it the key of {}?)", cert.display()),
    })
}

impl ResolvesServerCert for CertFiles {
    fn resolve(&self, _hello: ClientHello<'_>) -> Option<Arc<CertifiedKey>> {
        let stamps = (stamp(&self.cert), stamp(&self.key));
        let mut current = self.current.lock().ok()?;
        if current.0 != stamps {
            // Whatever the outcome, this version of the files is not tried again.
            current.0 = stamps;
            match load_pair(&self.cert, &self.key, &self.provider) {
                Ok(pair) => current.1 = Arc::new(pair),
                Err(e) => {
                    eprintln!("promisc: exporter: {e}; the previous certificate stays in use")
                }
            }
        }
        Some(current.1.clone())
    }
}

/// `RequestClientCert` and `RequireAnyClientCert`: a client certificate is asked for (and with
/// the second, required) and its signature of the handshake checked, but not its issuer.
struct AnyClientCert {
    mandatory: bool,
    provider: Arc<CryptoProvider>,
}

impl fmt::Debug for AnyClientCert {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("AnyClientCert")
            .field("mandatory", &self.mandatory)
            .finish()
    }
}

impl ClientCertVerifier for AnyClientCert {
    fn client_auth_mandatory(&self) -> bool {
        self.mandatory
    }

    fn root_hint_subjects(&self) -> &[DistinguishedName] {
        &[]
    }

    fn verify_client_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _now: UnixTime,
    ) -> Result<ClientCertVerified, rustls::Error> {
        Ok(ClientCertVerified::assertion())
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(
            message,
            cert,
            dss,
            &self.provider.signature_verification_algorithms,
        )
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.provider
            .signature_verification_algorithms
            .supported_schemes()
    }
}
