import AsyncHTTPClient
import NIOCore
import NIOPosix

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// What a network-level failure means for a retry.
struct TransportFailure {
    /// Whether trying again can help (a refused connection can; an invalid URL can't).
    let isRetryable: Bool
    /// `false` when no connection was made, so the homeserver certainly did not see the request.
    let requestMayHaveBeenSent: Bool

    init(_ error: any Error) {
        if let error = error as? HTTPClientError {
            switch error {
            case .connectTimeout, .getConnectionFromPoolTimeout, .tlsHandshakeTimeout,
                .httpProxyHandshakeTimeout, .socksHandshakeTimeout:
                self.init(isRetryable: true, requestMayHaveBeenSent: false)
            case .invalidURL, .emptyHost, .emptyScheme, .missingSocketPath, .alreadyShutdown, .cancelled,
                .invalidRedirectConfiguration, .invalidHTTPVersionConfiguration, .invalidDNSOverridesConfiguration,
                .invalidLocalAddress, .invalidProxyConfiguration, .traceRequestWithBody,
                .identityCodingIncorrectlyPresent, .bodyLengthMismatch, .requestStreamCancelled,
                .redirectLimitReached, .redirectCycleDetected:
                self.init(isRetryable: false, requestMayHaveBeenSent: false)
            default:
                self.init(isRetryable: true, requestMayHaveBeenSent: true)
            }
        } else if error is NIOConnectionError {
            self.init(isRetryable: true, requestMayHaveBeenSent: false)
        } else if let error = error as? ChannelError, case .connectTimeout = error {
            self.init(isRetryable: true, requestMayHaveBeenSent: false)
        } else if let error = error as? IOError, Self.connectErrnos.contains(error.errnoCode) {
            self.init(isRetryable: true, requestMayHaveBeenSent: false)
        } else if error is CancellationError {
            self.init(isRetryable: false, requestMayHaveBeenSent: true)
        } else {
            self.init(isRetryable: true, requestMayHaveBeenSent: true)
        }
    }

    private init(isRetryable: Bool, requestMayHaveBeenSent: Bool) {
        self.isRetryable = isRetryable
        self.requestMayHaveBeenSent = requestMayHaveBeenSent
    }

    /// errno values that a failed `connect()` gives before any byte is sent.
    private static let connectErrnos: Set<Int32> = [ECONNREFUSED, ENETUNREACH, EHOSTUNREACH, ETIMEDOUT]
}
