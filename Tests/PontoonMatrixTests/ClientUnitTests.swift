import Foundation
@testable import PontoonMatrix
import Testing

@Suite("Homeserver client: percent-encoding")
struct ClientPercentEncodingTests {
    @Test func unreservedCharactersStayAsTheyAre() {
        #expect(PercentEncoding.encode("AZaz09-._~") == "AZaz09-._~")
    }

    @Test func matrixSigilsAndSeparatorsAreEncoded() {
        #expect(PercentEncoding.encode("!#$@:/+?&= %") == "%21%23%24%40%3A%2F%2B%3F%26%3D%20%25")
    }

    @Test func nonASCIIIsEncodedAsUTF8Bytes() {
        #expect(PercentEncoding.encode("é😀") == "%C3%A9%F0%9F%98%80")
    }

    @Test func dotOnlySegmentsCanNotBecomeParentDirectories() {
        #expect(PercentEncoding.encodeSegment("..") == "%2E%2E")
        #expect(PercentEncoding.encodeSegment(".") == "%2E")
        #expect(PercentEncoding.encodeSegment("a.b") == "a.b")
        #expect(PercentEncoding.encodeSegment("") == "")
    }
}

@Suite("Homeserver client: error bodies")
struct ClientMatrixErrorParsingTests {
    func parse(_ body: String, status: Int = 400, retryAfter: String? = nil) -> MatrixError {
        MatrixError(statusCode: status, responseBody: Array(body.utf8), retryAfterHeader: retryAfter, endpoint: "test")
    }

    @Test func matrixErrorBodyGivesErrcodeAndMessage() {
        let error = parse(#"{"errcode":"M_FORBIDDEN","error":"no"}"#, status: 403)
        #expect(error.errcode == "M_FORBIDDEN")
        #expect(error.message == "no")
        #expect(error.statusCode == 403)
    }

    @Test func bodyRetryAfterWinsOverTheHeader() {
        let error = parse(#"{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":1500}"#, status: 429, retryAfter: "9")
        #expect(error.retryAfterMs == 1500)
    }

    @Test func headerRetryAfterIsUsedInSeconds() {
        #expect(parse("", status: 429, retryAfter: " 2 ").retryAfterMs == 2000)
    }

    @Test func hostileRetryAfterValuesAreIgnored() {
        #expect(parse(#"{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":-5}"#, status: 429).retryAfterMs == nil)
        #expect(parse(#"{"errcode":"M_LIMIT_EXCEEDED","retry_after_ms":"soon"}"#, status: 429).retryAfterMs == nil)
        #expect(parse("", status: 429, retryAfter: "Wed, 21 Oct 2015 07:28:00 GMT").retryAfterMs == nil)
        #expect(parse("", status: 429, retryAfter: "99999999999999999999").retryAfterMs == nil)
    }

    @Test func nonMatrixBodiesAreMUnknown() {
        for body in ["", "<html>oops</html>", "[1,2]", #"{"errcode":7}"#, "\u{0}\u{1}", #"{"error":"no code"}"#] {
            #expect(parse(body).errcode == "M_UNKNOWN", "body: \(body)")
        }
    }

    @Test func descriptionNamesEndpointStatusAndErrcode() {
        #expect(parse(#"{"errcode":"M_FORBIDDEN","error":"no"}"#, status: 403).description
            == "homeserver answered test with HTTP 403 M_FORBIDDEN: no")
    }
}

@Suite("Homeserver client: Content-Disposition")
struct ClientContentDispositionTests {
    @Test func quotedFilenameWithEscapes() {
        #expect(ContentDisposition.filename(in: #"attachment; filename="a \"b\".txt""#) == #"a "b".txt"#)
    }

    @Test func tokenFilename() {
        #expect(ContentDisposition.filename(in: "inline; filename=cat.png") == "cat.png")
    }

    @Test func extendedUTF8FilenameWins() {
        #expect(ContentDisposition.filename(in: #"inline; filename="fallback.txt"; filename*=UTF-8''na%C3%AFve.txt"#) == "naïve.txt")
    }

    @Test func pathTraversalIsReducedToTheLastComponent() {
        #expect(ContentDisposition.filename(in: #"attachment; filename="../../etc/passwd""#) == "passwd")
        #expect(ContentDisposition.filename(in: #"attachment; filename=..\..\boot.ini"#) == "boot.ini")
        // Inside quotes a backslash escapes the next character, so a Windows path needs doubled ones.
        #expect(ContentDisposition.filename(in: #"attachment; filename="..\\..\\boot.ini""#) == "boot.ini")
        #expect(ContentDisposition.filename(in: #"attachment; filename="..""#) == nil)
    }

    @Test func controlCharactersAreRemoved() {
        #expect(ContentDisposition.filename(in: "attachment; filename=\"a\u{0}b\r\nc.txt\"") == "abc.txt")
    }

    @Test func malformedHeadersHaveNoFilename() {
        for header in ["", "attachment", "attachment; filename", "attachment; filename=\"", ";;;", "inline; name=x",
            "attachment; filename*=ISO-8859-1''abc", "attachment; filename*=UTF-8''%ZZ"]
        {
            #expect(ContentDisposition.filename(in: header) == nil, "header: \(header)")
        }
    }
}

@Suite("Homeserver client: retry policy")
struct ClientRetryPolicyTests {
    @Test func fullJitterStaysWithinTheExponentialCeiling() {
        let policy = RetryPolicy(initialDelay: .milliseconds(500), maxDelay: .seconds(30), jitter: .full)
        for attempt in 1...20 {
            let delay = policy.backoff(afterAttempt: attempt, previousDelay: .zero)
            let ceiling = min(Duration.seconds(30), .milliseconds(500) * (1 << min(attempt - 1, 30)))
            #expect(delay >= .zero && delay <= ceiling)
        }
    }

    @Test func decorrelatedJitterStaysBetweenInitialAndMaxDelay() {
        let policy = RetryPolicy(initialDelay: .milliseconds(500), maxDelay: .seconds(30), jitter: .decorrelated)
        var previous = Duration.milliseconds(500)
        for attempt in 1...50 {
            let delay = policy.backoff(afterAttempt: attempt, previousDelay: previous)
            #expect(delay >= .milliseconds(500) && delay <= .seconds(30))
            previous = delay
        }
    }

    @Test func homeserverRetryAfterIsCappedAtMaxDelay() {
        let policy = RetryPolicy(maxDelay: .seconds(30))
        #expect(policy.rateLimitDelay(retryAfterMs: 3_600_000) == .seconds(30))
        #expect(policy.rateLimitDelay(retryAfterMs: 1200) == .milliseconds(1200))
    }

    @Test func nonsensicalSettingsAreClamped() {
        let policy = RetryPolicy(maxAttempts: 0, initialDelay: .seconds(-1), maxDelay: .seconds(-5))
        #expect(policy.maxAttempts == 1)
        #expect(policy.initialDelay == .zero)
        #expect(policy.maxDelay == .zero)
    }
}

@Suite("Homeserver client: transaction IDs")
struct ClientTransactionIDTests {
    @Test func idsAreUniqueAcrossConcurrentTasks() async {
        let generator = TransactionIDGenerator()
        let ids = await withTaskGroup(of: [String].self) { group in
            for _ in 0..<8 {
                group.addTask { (0..<12_500).map { _ in generator.next() } }
            }
            var all: [String] = []
            for await batch in group { all += batch }
            return all
        }
        #expect(ids.count == 100_000)
        #expect(Set(ids).count == 100_000)
    }

    @Test func idsHaveTheProcessPrefix() {
        let generator = TransactionIDGenerator()
        #expect(generator.next().hasPrefix(generator.prefix + "."))
        #expect(generator.prefix.hasPrefix("pt."))
    }

    @Test func twoGeneratorsDoNotShareAPrefix() {
        #expect(TransactionIDGenerator().prefix != TransactionIDGenerator().prefix)
    }
}
