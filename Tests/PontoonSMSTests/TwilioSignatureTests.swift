@testable import PontoonSMS
import Testing

/// Vectors from twilio-python's `tests/unit/test_request_validator.py` (recomputed with openssl).
@Suite("Twilio request signatures")
struct TwilioSignatureTests {
    static let token = "12345"
    static let url = "https://mycompany.com/myapp.php?foo=1&bar=2"
    static let params = FormParameters([
        ("CallSid", "CA1234567890ABCDE"), ("Digits", "1234"), ("From", "+14158675309"), ("To", "+18005551212"),
        ("Caller", "+14158675309"),
    ])
    static let expected = "RSOYDt4T1cUTdK1PDd93/VVr8B8="

    @Test func computesTheDocumentedSignature() {
        #expect(TwilioSignature.compute(url: Self.url, parameters: Self.params, authToken: Self.token) == Self.expected)
        #expect(TwilioSignature.isValid(Self.expected, url: Self.url, parameters: Self.params, authToken: Self.token))
    }

    @Test func parameterOrderInTheBodyDoesNotMatter() {
        let reversed = FormParameters(Self.params.pairs.reversed())
        #expect(TwilioSignature.isValid(Self.expected, url: Self.url, parameters: reversed, authToken: Self.token))
    }

    @Test func duplicateNamesAreSortedByValue() {
        let params = FormParameters([("Sid", "CA123"), ("SidAccount", "AC123"), ("Digits", "5678"), ("Digits", "1234")])
        #expect(TwilioSignature.compute(url: Self.url, parameters: params, authToken: Self.token) == "IK+Dwps556ElfBT0I3Rgjkr1wJU=")
        #expect(TwilioSignature.isValid("IK+Dwps556ElfBT0I3Rgjkr1wJU=", url: Self.url, parameters: params, authToken: Self.token))
    }

    @Test func anHTTPSPortIsRemoved() {
        let url = Self.url.replacingOccurrences(of: ".com", with: ".com:1234")
        #expect(TwilioSignature.isValid(Self.expected, url: url, parameters: Self.params, authToken: Self.token))
    }

    @Test func anHTTPURLWithItsPortValidatesAsGiven() {
        let url = Self.url.replacingOccurrences(of: ".com", with: ".com:1234").replacingOccurrences(of: "https", with: "http")
        #expect(TwilioSignature.isValid("Zmvh+3yNM1Phv2jhDCwEM3q5ebU=", url: url, parameters: Self.params, authToken: Self.token))
    }

    @Test func theDefaultHTTPSPortIsAdded() {
        #expect(TwilioSignature.isValid("kvajT1Ptam85bY51eRf/AJRuM3w=", url: Self.url, parameters: Self.params, authToken: Self.token))
    }

    @Test func theDefaultHTTPPortIsAdded() {
        let url = Self.url.replacingOccurrences(of: "https", with: "http")
        #expect(TwilioSignature.isValid("0ZXoZLH/DfblKGATFgpif+LLRf4=", url: url, parameters: Self.params, authToken: Self.token))
    }

    @Test func theDefaultPortSignatureDoesNotValidateAnotherPort() {
        let url = Self.url.replacingOccurrences(of: ".com", with: ".com:8443")
        #expect(!TwilioSignature.isValid("kvajT1Ptam85bY51eRf/AJRuM3w=", url: url, parameters: Self.params, authToken: Self.token))
    }

    @Test func aJSONBodyIsCheckedThroughBodySHA256() {
        let body = Array(#"{"property": "value", "boolean": true}"#.utf8)
        let hash = "0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
        #expect(TwilioSignature.bodySHA256(body) == hash)
        let url = Self.url + "&bodySHA256=" + hash
        #expect(TwilioSignature.isValid("a9nBmqA0ju/hNViExpshrM61xv4=", url: url, jsonBody: body, authToken: Self.token))
    }

    @Test func aJSONBodyThatDoesNotMatchItsHashIsRefused() {
        let body = Array(#"{"property": "value", "boolean": false}"#.utf8)
        let url = Self.url + "&bodySHA256=0a1ff7634d9ab3b95db5c9a2dfe9416e41502b283a80c7cf19632632f96e6620"
        #expect(!TwilioSignature.isValid("a9nBmqA0ju/hNViExpshrM61xv4=", url: url, jsonBody: body, authToken: Self.token))
    }

    @Test func aJSONBodyWithoutBodySHA256IsRefused() {
        let body = Array(#"{"property": "value", "boolean": true}"#.utf8)
        #expect(!TwilioSignature.isValid("a9nBmqA0ju/hNViExpshrM61xv4=", url: Self.url, jsonBody: body, authToken: Self.token))
    }

    @Test func aChangedParameterIsRefused() {
        var params = FormParameters(Self.params.pairs.map { $0.name == "Digits" ? ($0.name, "9999") : $0 })
        #expect(!TwilioSignature.isValid(Self.expected, url: Self.url, parameters: params, authToken: Self.token))
        params = FormParameters(Self.params.pairs.map { $0.name == "From" ? ("from", $0.value) : $0 })
        #expect(!TwilioSignature.isValid(Self.expected, url: Self.url, parameters: params, authToken: Self.token))
    }

    @Test func anAddedParameterIsRefused() {
        var params = Self.params
        params.append("Body", "")
        #expect(!TwilioSignature.isValid(Self.expected, url: Self.url, parameters: params, authToken: Self.token))
    }

    @Test func aRemovedParameterIsRefused() {
        let params = FormParameters(Array(Self.params.pairs.dropLast()))
        #expect(!TwilioSignature.isValid(Self.expected, url: Self.url, parameters: params, authToken: Self.token))
    }

    @Test func aChangedURLIsRefused() {
        for url in ["https://mycompany.com/myapp.php?foo=1&bar=3", "https://mycompany.com/myapp.php?foo=1", "https://evil.com/myapp.php?foo=1&bar=2",
                    "https://mycompany.com/other.php?foo=1&bar=2", "http://mycompany.com/myapp.php?foo=1&bar=2"] {
            #expect(!TwilioSignature.isValid(Self.expected, url: url, parameters: Self.params, authToken: Self.token), "\(url)")
        }
    }

    @Test func aWrongTokenIsRefused() {
        #expect(!TwilioSignature.isValid(Self.expected, url: Self.url, parameters: Self.params, authToken: "54321"))
        #expect(!TwilioSignature.isValid(Self.expected, url: Self.url, parameters: Self.params, authToken: ""))
    }

    @Test func missingEmptyOrMalformedHeadersAreRefused() {
        let bad: [String?] = [nil, "", "RSOYDt4T1cUTdK1PDd93/VVr8B8", "RSOYDt4T1cUTdK1PDd93", "RSOYDt4T1cUTdK1PDd93/VVr8B8=AAAA",
                              "not base64 at all!", "====", "RSOYDt4T1cUTdK1PDd93/VVr8B9=", " RSOYDt4T1cUTdK1PDd93/VVr8B8="]
        for signature in bad {
            #expect(!TwilioSignature.isValid(signature, url: Self.url, parameters: Self.params, authToken: Self.token), "\(String(describing: signature))")
        }
    }

    @Test func urlVariantsKeepUserinfoAndIPv6Hosts() {
        #expect(WebhookURLVariants.candidates(for: "https://u:p@example.org:8443/a?b=1") == ["https://u:p@example.org:8443/a?b=1", "https://u:p@example.org/a?b=1"])
        #expect(WebhookURLVariants.candidates(for: "http://[::1]/hook") == ["http://[::1]/hook", "http://[::1]:80/hook"])
        #expect(WebhookURLVariants.candidates(for: "http://[::1]:9000/hook") == ["http://[::1]:9000/hook", "http://[::1]/hook"])
        #expect(WebhookURLVariants.candidates(for: "not a url") == ["not a url"])
    }
}
