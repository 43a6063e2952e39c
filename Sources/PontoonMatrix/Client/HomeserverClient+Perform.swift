import AsyncHTTPClient
import Logging
import NIOCore
import NIOHTTP1

/// A successful (2xx) answer.
struct HomeserverResponse: Sendable {
    var statusCode: Int
    var headers: HTTPHeaders
    var body: ByteBuffer

    func decode<T: Decodable>(_ type: T.Type, endpoint: String) throws -> T {
        try MatrixJSON.decode(type, from: body.readableBytesView, endpoint: endpoint)
    }
}

extension HomeserverClient {
    /// Sends `request`, retrying as its ``RequestRetryClass`` and the ``retryPolicy`` allow.
    /// Throws ``MatrixError`` for an error status, ``HomeserverClientError`` otherwise.
    func perform(_ request: HomeserverRequest) async throws -> HomeserverResponse {
        var previousDelay = retryPolicy.initialDelay
        var attempt = 1
        while true {
            let failure: any Error
            let delay: Duration?
            do {
                return try await performOnce(request, attempt: attempt)
            } catch let error as MatrixError {
                failure = error
                delay = retryDelay(after: error, request.retryClass, attempt: attempt, previousDelay: previousDelay)
            } catch let error as AttemptTransportError {
                failure = error.clientError
                delay = retryDelay(after: error.failure, request.retryClass, attempt: attempt,
                    previousDelay: previousDelay)
            }
            guard attempt < retryPolicy.maxAttempts, let delay else { throw failure }
            logger.info(
                "retrying homeserver request",
                metadata: [
                    "endpoint": "\(request.endpoint)", "attempt": "\(attempt)",
                    "delay_ms": "\(delay.inNanoseconds / 1_000_000)", "error": "\(failure)",
                ])
            try await Task.sleep(for: delay)
            previousDelay = delay
            attempt += 1
        }
    }

    private func retryDelay(
        after error: MatrixError, _ retryClass: RequestRetryClass, attempt: Int, previousDelay: Duration
    ) -> Duration? {
        guard retryClass != .singleAttempt else { return nil }
        if error.statusCode == 429 {
            if let retryAfter = error.retryAfterMs { return retryPolicy.rateLimitDelay(retryAfterMs: retryAfter) }
            return retryPolicy.backoff(afterAttempt: attempt, previousDelay: previousDelay)
        }
        guard retryClass == .idempotent, [500, 502, 503, 504].contains(error.statusCode) else { return nil }
        return retryPolicy.backoff(afterAttempt: attempt, previousDelay: previousDelay)
    }

    private func retryDelay(
        after failure: TransportFailure, _ retryClass: RequestRetryClass, attempt: Int, previousDelay: Duration
    ) -> Duration? {
        guard failure.isRetryable, !Task.isCancelled else { return nil }
        switch retryClass {
        case .singleAttempt: return nil
        case .notIdempotent where failure.requestMayHaveBeenSent: return nil
        case .idempotent, .notIdempotent: return retryPolicy.backoff(afterAttempt: attempt, previousDelay: previousDelay)
        }
    }

    /// One HTTP exchange: metrics and a debug log line for it, the body collected.
    private func performOnce(_ request: HomeserverRequest, attempt: Int) async throws -> HomeserverResponse {
        let httpRequest = makeHTTPRequest(request)
        let timeout = request.timeout ?? requestTimeout
        let clock = ContinuousClock()
        let start = clock.now
        var statusCode: Int?
        defer {
            let duration = clock.now - start
            let outcome = statusCode.map(HomeserverMetrics.Outcome.init(statusCode:)) ?? .transport
            HomeserverMetrics.record(endpoint: request.endpoint, outcome: outcome, duration: duration)
            logger.debug(
                "homeserver request",
                metadata: [
                    "method": "\(request.method.rawValue)", "endpoint": "\(request.endpoint)",
                    "status": "\(statusCode.map(String.init) ?? "none")", "attempt": "\(attempt)",
                    "duration_ms": "\(duration.inNanoseconds / 1_000_000)",
                ])
        }
        let response: HTTPClientResponse
        let body: ByteBuffer
        do {
            response = try await httpClient.execute(
                httpRequest, timeout: .nanoseconds(timeout.inNanoseconds), logger: nil)
            statusCode = Int(response.status.code)
            let isSuccess = (200..<300).contains(response.status.code)
            // Error bodies are small JSON objects; a huge one is a proxy page and only its size matters.
            body = try await collect(response.body, upTo: isSuccess ? request.maxResponseBytes : 64 * 1024,
                failIfLarger: isSuccess, endpoint: request.endpoint)
            guard isSuccess else {
                throw MatrixError(
                    statusCode: Int(response.status.code), responseBody: Array(body.readableBytesView),
                    retryAfterHeader: response.headers.first(name: "Retry-After"), endpoint: request.endpoint)
            }
        } catch let error as MatrixError {
            throw error
        } catch let error as HomeserverClientError {
            throw error
        } catch {
            if error is CancellationError || Task.isCancelled { throw CancellationError() }
            throw AttemptTransportError(endpoint: request.endpoint, underlying: error)
        }
        return HomeserverResponse(statusCode: Int(response.status.code), headers: response.headers, body: body)
    }

    private func collect(
        _ body: HTTPClientResponse.Body, upTo limit: Int, failIfLarger: Bool, endpoint: String
    ) async throws -> ByteBuffer {
        do {
            return try await body.collect(upTo: limit)
        } catch is NIOTooManyBytesError {
            if failIfLarger { throw HomeserverClientError.tooLarge(endpoint: endpoint, size: nil, limit: limit) }
            return ByteBuffer()
        }
    }

    private func makeHTTPRequest(_ request: HomeserverRequest) -> HTTPClientRequest {
        var httpRequest = HTTPClientRequest(url: baseURL + request.pathAndQuery)
        httpRequest.method = request.method
        httpRequest.headers.add(name: "Authorization", value: "Bearer \(asToken)")
        httpRequest.headers.add(name: "User-Agent", value: "Pontoon")
        switch request.body {
        case .empty:
            if request.method == .POST || request.method == .PUT {
                // Synapse parses POST/PUT bodies as JSON and rejects an empty one.
                httpRequest.headers.add(name: "Content-Type", value: "application/json")
                httpRequest.body = .bytes(ByteBuffer(string: "{}"))
            }
        case .json(let bytes):
            httpRequest.headers.add(name: "Content-Type", value: "application/json")
            httpRequest.body = .bytes(ByteBuffer(bytes: bytes))
        case .bytes(let buffer, let contentType):
            httpRequest.headers.add(name: "Content-Type", value: contentType)
            httpRequest.body = .bytes(buffer)
        case .stream(let stream, let contentType):
            httpRequest.headers.add(name: "Content-Type", value: contentType)
            httpRequest.body = stream
        }
        return httpRequest
    }
}

/// A network failure of one attempt, before it is decided whether to retry.
private struct AttemptTransportError: Error {
    let endpoint: String
    let underlying: any Error

    var failure: TransportFailure { TransportFailure(underlying) }

    var clientError: HomeserverClientError {
        .transport(endpoint: endpoint, requestSent: failure.requestMayHaveBeenSent, underlying: underlying)
    }
}
