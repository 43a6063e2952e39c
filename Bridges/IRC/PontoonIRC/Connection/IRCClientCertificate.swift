import Crypto
import Foundation
import SwiftASN1
import X509

/// A TLS client certificate for one login (CertFP). IRC services (`NickServ CERT ADD`) remember
/// its fingerprint, and SASL EXTERNAL then logs the connection in with no password stored anywhere.
public struct IRCClientCertificate: Sendable, Hashable {
    public let certificatePEM: String
    public let privateKeyPEM: String
    /// SHA-256 over the DER certificate in lowercase hex: the form InspIRCd, UnrealIRCd, Atheme and
    /// Anope show and accept.
    public let fingerprint: String

    /// A certificate and key given as PEM; refuses anything that does not parse as such.
    public init(certificatePEM: String, privateKeyPEM: String) throws {
        let document: PEMDocument
        do {
            document = try PEMDocument(pemString: certificatePEM)
            _ = try Certificate(derEncoded: document.derBytes)
        } catch {
            throw CertificateError.unreadable("the client certificate is not a PEM certificate (\(error))")
        }
        guard (try? PEMDocument(pemString: privateKeyPEM)) != nil else {
            throw CertificateError.unreadable("the client key is not a PEM private key")
        }
        self.certificatePEM = certificatePEM
        self.privateKeyPEM = privateKeyPEM
        fingerprint = SHA256.hash(data: document.derBytes).map { String(format: "%02x", $0) }.joined()
    }

    /// A new P-256 key with a self-signed certificate naming `commonName`. Services only compare the
    /// fingerprint, so it is valid for twenty years: expiry would only lock the user out.
    public static func generate(commonName: String, now: Date = Date()) throws -> IRCClientCertificate {
        let key = P256.Signing.PrivateKey()
        let name = try DistinguishedName { CommonName(commonName) }
        let certificate = try Certificate(
            version: .v3,
            serialNumber: Certificate.SerialNumber(),
            publicKey: Certificate.PublicKey(key.publicKey),
            notValidBefore: now.addingTimeInterval(-3600),
            notValidAfter: now.addingTimeInterval(20 * 365 * 86400),
            issuer: name,
            subject: name,
            signatureAlgorithm: .ecdsaWithSHA256,
            extensions: try Certificate.Extensions {
                Critical(BasicConstraints.notCertificateAuthority)
                try ExtendedKeyUsage([.clientAuth])
            },
            issuerPrivateKey: Certificate.PrivateKey(key))
        return try IRCClientCertificate(certificatePEM: try certificate.serializeAsPEM().pemString,
                                        privateKeyPEM: key.pemRepresentation)
    }

    public enum CertificateError: Error, CustomStringConvertible {
        case unreadable(String)
        public var description: String {
            switch self {
            case .unreadable(let reason): reason
            }
        }
    }
}
