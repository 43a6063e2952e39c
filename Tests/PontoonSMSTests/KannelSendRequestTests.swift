@testable import PontoonSMS
import Testing

@Suite("Kannel sendsms requests")
struct KannelSendRequestTests {
    @Test func choosesGSMOnlyForTheGSMAlphabet() {
        #expect(KannelCoding.choose(for: "Hello {world} €5 @ home, Ça va? ß") == .gsm)
        #expect(KannelCoding.choose(for: "Привет") == .ucs2)
        #expect(KannelCoding.choose(for: "ok 😀") == .ucs2)
        #expect(KannelCoding.choose(for: "naïve") == .ucs2, "ï is not in the GSM alphabet")
    }

    @Test func countsPartsLikeAHandset() {
        #expect(KannelCoding.gsm.parts(of: String(repeating: "a", count: 160)) == 1)
        #expect(KannelCoding.gsm.parts(of: String(repeating: "a", count: 161)) == 2)
        #expect(KannelCoding.gsm.parts(of: String(repeating: "€", count: 80)) == 1, "an extension character takes two septets")
        #expect(KannelCoding.ucs2.parts(of: String(repeating: "Ж", count: 70)) == 1)
        #expect(KannelCoding.ucs2.parts(of: String(repeating: "😀", count: 35)) == 1, "a surrogate pair takes two units")
        #expect(KannelCoding.ucs2.parts(of: String(repeating: "Ж", count: 135)) == 3)
    }

    @Test func splitsALongTextIntoWholeRequestsAtSpaces() {
        let text = String(repeating: "word ", count: 2000)
        let pieces = KannelTextChunks.split(text, coding: .gsm, maxParts: 10)
        #expect(pieces.joined() == text)
        #expect(pieces.allSatisfy { KannelCoding.gsm.parts(of: $0) <= 10 })
        #expect(pieces.dropLast().allSatisfy { $0.hasSuffix(" ") })
    }

    @Test func neverSplitsACharacter() {
        let text = String(repeating: "👩‍👩‍👧", count: 400)
        let pieces = KannelTextChunks.split(text, coding: .ucs2, maxParts: 2)
        #expect(pieces.joined() == text)
        #expect(pieces.count > 1)
        #expect(pieces.allSatisfy { KannelCoding.ucs2.parts(of: $0) <= 2 })
    }

    @Test func aShortTextIsOnePiece() {
        #expect(KannelTextChunks.split("hi", coding: .gsm, maxParts: 1) == ["hi"])
    }

    @Test func theURLCarriesUTF8AndTheCoding() {
        let request = KannelSendRequest(from: "+15559998888", to: "+15550001111", text: "Привет 😀", coding: .ucs2,
                                        dlrMask: .standard, dlrURL: KannelWebhook.dlrURL(statusURL: "http://b/s?ref=r"))
        let url = request.url(base: "http://127.0.0.1:13013", username: "u", password: "p&w")
        let query = FormParameters(parsing: String(url.split(separator: "?", maxSplits: 1)[1]))
        #expect(url.hasPrefix("http://127.0.0.1:13013/cgi-bin/sendsms?"))
        #expect(query["password"] == "p&w")
        #expect(query["text"] == "Привет 😀")
        #expect(query["charset"] == "UTF-8")
        #expect(query["coding"] == "2")
        #expect(query["dlr-mask"] == "27")
        #expect(query["dlr-url"] == "http://b/s?ref=r&type=%d&reply=%A")
    }

    @Test func noReportsWithoutAStatusURL() {
        let request = KannelSendRequest(from: "1", to: "2", text: "x", coding: .gsm, dlrMask: .standard, dlrURL: nil)
        #expect(!request.url(base: "http://k", username: "u", password: "p").contains("dlr"))
    }

    @Test(arguments: ["", "+", "abc", "+1555\u{0}1234", "+1 555 1234", "1555&to=2", String(repeating: "1", count: 21)])
    func refusesHostileRecipients(to: String) {
        #expect(throws: SMSProviderError.self) { try KannelSendRequest.validRecipient(to) }
    }

    @Test func takesNumbersAndSenderNames() throws {
        #expect(try KannelSendRequest.validRecipient("+15550001111") == "+15550001111")
        #expect(try KannelSendRequest.validSender("Pontoon 1") == "Pontoon 1")
        #expect(throws: SMSProviderError.self) { try KannelSendRequest.validSender("TooLongSenderName") }
        #expect(throws: SMSProviderError.self) { try KannelSendRequest.validSender("Bad\u{0}") }
    }

    @Test func cleansControlCharactersButKeepsLineBreaks() {
        #expect(KannelSendRequest.cleanBody("a\u{0}b\u{7}c\nd\te\u{85}f") == "abc\nd\tef")
    }

    // MARK: - Answers

    @Test func acceptsKannelsSuccessAnswers() {
        #expect(KannelSendsmsAnswer.error(status: 202, body: "0: Accepted for delivery", secrets: []) == nil)
        #expect(KannelSendsmsAnswer.error(status: 202, body: "3: Queued for later delivery", secrets: []) == nil)
    }

    @Test func aRefusedLoginIsNotTransient() throws {
        let error = try #require(KannelSendsmsAnswer.error(status: 403, body: "Authorization failed for sendsms", secrets: ["pw"]))
        #expect(!error.isTransient)
        #expect(error.userMessage == "Kannel refused the sendsms user name or password (Authorization failed for sendsms).")
    }

    @Test(arguments: [
        (400, "Missing receiver number, rejected", false),
        (400, "Number(s) has/have been denied by white- and/or black-lists.", false),
        (403, "Not routable. Do not try again.", false),
        (404, "", false),
        (503, "Temporal failure, try again later.", true),
        (500, "boom", true),
        (429, "slow down", true),
    ])
    func mapsRefusals(status: Int, body: String, transient: Bool) throws {
        let error = try #require(KannelSendsmsAnswer.error(status: status, body: body, secrets: []))
        #expect(error.isTransient == transient)
    }

    @Test func neverQuotesThePassword() throws {
        let error = try #require(KannelSendsmsAnswer.error(status: 400, body: "bad request password=s3cret\n\u{0}", secrets: ["s3cret"]))
        #expect(!error.userMessage.contains("s3cret"))
        #expect(!error.userMessage.contains("\u{0}"))
    }
}
