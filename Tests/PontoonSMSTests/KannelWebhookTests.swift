@testable import PontoonSMS
import Testing

@Suite("Kannel webhooks")
struct KannelWebhookTests {
    /// What Kannel 1.4.5 sent for an MO through ``KannelWebhook/getURLQuery`` (with mo-recode).
    static let kannelMO = "from=%2B15550001111&to=%2B15559998888&text=%D0%9F%D1%80%D0%B8%F0%9F%98%80&id=5934be5e-75ae-4edd-890c-d93072cb30cc&time=1796236738&coding=0&charset=UTF-8"

    private func incoming(_ query: String) throws -> IncomingText {
        try KannelWebhook.incoming(FormParameters(parsing: query))
    }

    private func report(_ query: String) throws -> DeliveryReport {
        try KannelWebhook.deliveryReport(FormParameters(parsing: query))
    }

    private func message(_ body: () throws -> Any) -> String {
        do {
            _ = try body()
            return "no error"
        } catch {
            return "\(error)"
        }
    }

    // MARK: - Incoming

    @Test func readsWhatKannelSends() throws {
        let text = try incoming(Self.kannelMO)
        #expect(text == IncomingText(messageID: "5934be5e-75ae-4edd-890c-d93072cb30cc", from: "+15550001111", to: "+15559998888",
                                     body: "При😀", timestamp: 1_796_236_738_000))
    }

    @Test func ignoresUnknownParameters() throws {
        #expect(try incoming(Self.kannelMO + "&smsc=FAKE&x=%zz").body == "При😀")
    }

    @Test func readsRawUCS2WhenItSurvivedTheQuery() throws {
        // Without mo-recode smsbox passes UTF-16BE bytes: "\0h\0i" is still valid UTF-8.
        let text = try incoming("from=1&to=2&id=x&text=%00h%00i&coding=2&charset=UTF-16BE")
        #expect(text.body == "hi")
    }

    @Test func namesMoRecodeWhenRawUCS2IsLost() {
        let error = message { try incoming("from=1&to=2&id=x&text=%04%1F%D8%3D%DE%00&coding=2&charset=UTF-16BE") }
        #expect(error.contains("mo-recode = true"))
    }

    @Test func anEmptyTextIsAText() throws {
        #expect(try incoming("from=1&to=2&id=x&text=").body == "")
        #expect(try incoming("from=1&to=2&id=x").body == "")
    }

    @Test(arguments: [
        ("to=2&id=x&text=hi", "missing from: the URL needs from=%p"),
        ("from=&to=2&id=x&text=hi", "missing from"),
        ("from=1&id=x&text=hi", "missing to: the URL needs to=%P"),
        ("from=1&to=2&text=hi", "missing id: the URL needs id=%I"),
    ])
    func refusesMissingFields(query: String, expected: String) {
        #expect(message { try incoming(query) }.contains(expected))
    }

    @Test func takesATenKilobyteText() throws {
        let long = String(repeating: "a", count: 10_000)
        #expect(try incoming("from=1&to=2&id=x&text=" + long).body == long)
    }

    @Test func refusesATextBeyondTheLimit() {
        let huge = String(repeating: "a", count: KannelWebhook.maxTextBytes + 1)
        #expect(message { try incoming("from=1&to=2&id=x&text=" + huge) }.contains("at most"))
    }

    @Test func dropsNULAndControlCharactersButKeepsLineBreaks() throws {
        #expect(try incoming("from=1&to=2&id=x&text=a%00b%07c%0Ad%09e").body == "abc\nd\te")
    }

    @Test func refusesControlCharactersAndBrokenUTF8InNumbers() {
        #expect(message { try incoming("from=%2B1%00555&to=2&id=x") }.contains("from \"+1\\0555\" has control characters"))
        #expect(message { try incoming("from=%C3%28&to=2&id=x") }.contains("not UTF-8"))
        #expect(message { try incoming("from=1&to=2&id=" + String(repeating: "i", count: 500)) }.contains("at most 128"))
    }

    @Test(arguments: ["abc", "-5", "1.5", "99999999999999999999999", "253402300800", "%T"])
    func refusesGarbageTimes(time: String) {
        #expect(message { try incoming("from=1&to=2&id=x&time=" + time) }.contains("is not Unix seconds"))
    }

    @Test func refusesAnUnknownCoding() {
        #expect(message { try incoming("from=1&to=2&id=x&coding=7") }.contains("not a Kannel coding"))
    }

    // MARK: - Delivery reports

    @Test(arguments: [
        ("1", DeliveryState.delivered), ("4", .queued), ("8", .sent),
    ])
    func readsReportTypes(type: String, state: DeliveryState) throws {
        #expect(try report("ref=out.1&to=%2B15550001111&type=\(type)&reply=ACK%2F")
            == DeliveryReport(messageID: "out.1", recipient: "+15550001111", state: state))
    }

    @Test func aFailureWithoutReplyStillSaysWhat() throws {
        #expect(try report("ref=r&type=2").state == .failed(reason: "The carrier could not deliver the text."))
        #expect(try report("ref=r&type=16&reply=").state == .failed(reason: "The SMS center refused the text."))
    }

    @Test func readsAnSMSCRefusal() throws {
        let state = try report("ref=r&type=16&reply=NACK%2F0x0000000b%2FInvalid+Dest+Addr").state
        #expect(state == .failed(reason: "The SMS center refused the text: Invalid Dest Addr (error 0x0000000b)."))
    }

    @Test func readsAnSMPPReceipt() throws {
        let reply = "id%3A123+sub%3A001+dlvrd%3A000+submit+date%3A2601011200+done+date%3A2601021200+stat%3AEXPIRED+err%3A027+text%3Ahello"
        let state = try report("ref=r&type=2&reply=" + reply).state
        #expect(state == .failed(reason: "The carrier could not deliver the text: it expired before reaching the phone (EXPIRED, error 027)."))
    }

    @Test func quotesAnOddReplyShortly() throws {
        let state = try report("ref=r&type=2&reply=" + String(repeating: "x", count: 1000) + "%00").state
        guard case .failed(let reason) = state else { Issue.record("not failed: \(state)"); return }
        #expect(reason.count < 250)
        #expect(!reason.contains("\0"))
    }

    @Test(arguments: ["3", "0", "32", "-1", "31", "99999999999999999999999", "%d", "delivered", ""])
    func refusesUnknownTypes(type: String) {
        #expect(message { try report("ref=r&type=" + type) }.contains("type"))
    }

    @Test func refusesAReportWithoutReference() {
        #expect(message { try report("type=1") }.contains("missing ref"))
    }

    @Test func anEmptyRecipientIsNone() throws {
        #expect(try report("ref=r&to=&type=1").recipient == nil)
    }

    // MARK: - URLs and setup

    @Test func getURLEscapesTheBridgesOwnPercents() {
        #expect(KannelWebhook.getURL(incomingURL: "https://sms.example.org/_pontoon/sms/kannel/k%C3%A9y/incoming")
            == "https://sms.example.org/_pontoon/sms/kannel/k%%C3%%A9y/incoming?" + KannelWebhook.getURLQuery)
    }

    @Test func dlrURLKeepsTheBridgesQuery() {
        #expect(KannelWebhook.dlrURL(statusURL: "https://b/status?ref=out.1&to=%2B1555")
            == "https://b/status?ref=out.1&to=%%2B1555&type=%d&reply=%A")
        #expect(KannelWebhook.dlrURL(statusURL: "https://b/status") == "https://b/status?type=%d&reply=%A")
    }

    @Test func theServiceSnippetNeverTextsBack() {
        let snippet = KannelSetup.smsServiceSnippet(incomingURL: "https://sms.example.org/in", receiverPrefix: "+1555999 8888\"")
        #expect(snippet.contains("group = sms-service\nkeyword = default\ncatch-all = true\n"))
        #expect(snippet.contains("get-url = \"https://sms.example.org/in?from=%p&to=%P&text=%a&id=%I&time=%T&coding=%c&charset=%C\""))
        #expect(snippet.contains("max-messages = 0"))
        #expect(snippet.contains("allowed-receiver-prefix = \"+15559998888\""))
        #expect(snippet.contains("mo-recode = true"))
    }
}
