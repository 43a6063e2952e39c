@testable import PontoonSMS
import Testing

@Suite("Twilio webhooks")
struct TwilioWebhookTests {
    /// An incoming MMS as Twilio posts it (parameter order and spelling from a real webhook).
    static let inboundMMS = "ToCountry=US&MediaContentType0=image%2Fjpeg&MediaContentType1=video%2Fmp4&ToState=CA"
        + "&SmsMessageSid=MM0123456789abcdef0123456789abcdef&NumMedia=2&ToCity=&FromZip=94105&SmsSid=MM0123456789abcdef0123456789abcdef"
        + "&FromState=CA&SmsStatus=received&FromCity=SAN+FRANCISCO&Body=look+at+this+%F0%9F%98%80&FromCountry=US&To=%2B15005550006"
        + "&ToZip=&NumSegments=1&MessageSid=MM0123456789abcdef0123456789abcdef&AccountSid=AC0123456789abcdef0123456789abcdef"
        + "&From=%2B14155550100&MediaUrl0=https%3A%2F%2Fapi.twilio.com%2F2010-04-01%2FAccounts%2FAC1%2FMessages%2FMM1%2FMedia%2FME1"
        + "&MediaUrl1=https%3A%2F%2Fapi.twilio.com%2F2010-04-01%2FAccounts%2FAC1%2FMessages%2FMM1%2FMedia%2FME2&ApiVersion=2010-04-01"

    @Test func anInboundMMSParsesWithBothMedia() throws {
        let text = try TwilioWebhook.incoming(FormParameters(parsing: Self.inboundMMS))
        #expect(text.messageID == "MM0123456789abcdef0123456789abcdef")
        #expect(text.from == "+14155550100")
        #expect(text.to == "+15005550006")
        #expect(text.body == "look at this 😀")
        #expect(text.media == [
            IncomingMedia(url: "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME1", contentType: "image/jpeg"),
            IncomingMedia(url: "https://api.twilio.com/2010-04-01/Accounts/AC1/Messages/MM1/Media/ME2", contentType: "video/mp4"),
        ])
    }

    @Test func theSameFormParsesToTheSameID() throws {
        let first = try TwilioWebhook.incoming(FormParameters(parsing: Self.inboundMMS))
        let replay = try TwilioWebhook.incoming(FormParameters(parsing: Self.inboundMMS))
        #expect(first == replay)
    }

    @Test func olderSIDNamesStandInForMessageSid() throws {
        #expect(try TwilioWebhook.incoming(form(("SmsMessageSid", "SM1"), ("From", "+1"), ("To", "+2"))).messageID == "SM1")
        #expect(try TwilioWebhook.incoming(form(("SmsSid", "SM2"), ("From", "+1"), ("To", "+2"))).messageID == "SM2")
    }

    @Test func aMissingMessageSidIsRefused() {
        #expect(throws: TwilioWebhookError.missingParameter("MessageSid")) {
            try TwilioWebhook.incoming(form(("From", "+1"), ("To", "+2"), ("Body", "hi")))
        }
        #expect(throws: TwilioWebhookError.missingParameter("MessageSid")) {
            try TwilioWebhook.incoming(form(("MessageSid", ""), ("From", "+1"), ("To", "+2")))
        }
    }

    @Test func aMissingSenderOrRecipientIsRefused() {
        #expect(throws: TwilioWebhookError.missingParameter("From")) { try TwilioWebhook.incoming(form(("MessageSid", "SM1"), ("To", "+2"))) }
        #expect(throws: TwilioWebhookError.missingParameter("To")) { try TwilioWebhook.incoming(form(("MessageSid", "SM1"), ("From", "+1"))) }
    }

    @Test func mediaBeyondNumMediaAreIgnored() throws {
        let text = try TwilioWebhook.incoming(form(
            ("MessageSid", "MM1"), ("From", "+1"), ("To", "+2"), ("NumMedia", "1"),
            ("MediaUrl0", "https://a/0"), ("MediaUrl1", "https://a/1"), ("MediaContentType1", "image/png")))
        #expect(text.media == [IncomingMedia(url: "https://a/0", contentType: nil)])
    }

    @Test func garbageNegativeOrHugeNumMediaIsHandled() throws {
        var pairs: [(name: String, value: String)] = [("MessageSid", "MM1"), ("From", "+1"), ("To", "+2")]
        for index in 0..<12 { pairs.append(("MediaUrl\(index)", "https://a/\(index)")) }
        for (numMedia, expected) in [("abc", 0), ("-3", 0), ("", 0), ("99999999999999999999999", 0), ("1000000", 10), ("12", 10), ("3", 3)] {
            let text = try TwilioWebhook.incoming(FormParameters(pairs + [("NumMedia", numMedia)]))
            #expect(text.media.count == expected, "NumMedia=\(numMedia)")
        }
    }

    @Test func aLongBodyIsKeptWhole() throws {
        let body = String(repeating: "é", count: 10_000)
        let text = try TwilioWebhook.incoming(form(("MessageSid", "SM1"), ("From", "+1"), ("To", "+2"), ("Body", body)))
        #expect(text.body == body)
    }

    @Test func garbageNumbersArePassedThroughAsWritten() throws {
        let text = try TwilioWebhook.incoming(form(("MessageSid", "SM1"), ("From", "<script>'; DROP"), ("To", "VERIFY")))
        #expect(text.from == "<script>'; DROP")
        #expect(text.to == "VERIFY")
    }

    @Test func unknownParametersAreIgnored() throws {
        let text = try TwilioWebhook.incoming(form(
            ("MessageSid", "SM1"), ("From", "+1"), ("To", "+2"), ("Body", "hi"), ("SomethingNew", "x"), ("MediaUrl99", "https://a")))
        #expect(text == IncomingText(messageID: "SM1", from: "+1", to: "+2", body: "hi"))
    }

    @Test func statusCallbacksMapToDeliveryStates() throws {
        #expect(try TwilioWebhook.statusCallback(status("sent")) == DeliveryReport(messageID: "SM1", recipient: "+2", state: .sent))
        #expect(try TwilioWebhook.statusCallback(status("delivered")).state == .delivered)
        #expect(try TwilioWebhook.statusCallback(status("read")).state == .delivered)
        #expect(try TwilioWebhook.statusCallback(status("queued")).state == .queued)
        #expect(try TwilioWebhook.statusCallback(status("undelivered", errorCode: "30003")).state
            == .failed(reason: "The recipient's phone is unreachable (switched off or out of coverage)"))
        #expect(try TwilioWebhook.statusCallback(status("failed", errorCode: "21610")).state
            == .failed(reason: "The recipient replied STOP and has unsubscribed from this number"))
        #expect(try TwilioWebhook.statusCallback(status("failed", errorCode: "12345")).state == .failed(reason: "Twilio error 12345"))
        #expect(try TwilioWebhook.statusCallback(status("failed")).state == .failed(reason: "Twilio could not deliver the text"))
    }

    @Test func inboundAndUnknownStatusesAreNotDeliveryReports() {
        #expect(throws: TwilioWebhookError.inboundStatus("received")) { try TwilioWebhook.statusCallback(status("received")) }
        #expect(throws: TwilioWebhookError.unknownStatus("teleported")) { try TwilioWebhook.statusCallback(status("teleported")) }
        #expect(throws: TwilioWebhookError.missingParameter("MessageStatus")) {
            try TwilioWebhook.statusCallback(form(("MessageSid", "SM1")))
        }
        #expect(throws: TwilioWebhookError.missingParameter("MessageSid")) {
            try TwilioWebhook.statusCallback(form(("MessageStatus", "sent")))
        }
    }

    @Test func validateAcceptsOnlyTheSignedForm() {
        let url = "https://bridge.example.org/_sms/twilio/key/incoming"
        let parsed = FormParameters(parsing: Self.inboundMMS)
        let signature = TwilioSignature.compute(url: url, parameters: parsed, authToken: "token")
        #expect(TwilioWebhook.validate(url: url, form: parsed, signature: signature, authToken: "token"))
        #expect(!TwilioWebhook.validate(url: url, form: parsed, signature: nil, authToken: "token"))
        #expect(!TwilioWebhook.validate(url: url + "?x=1", form: parsed, signature: signature, authToken: "token"))
        var tampered = parsed
        tampered.append("MediaUrl2", "https://evil.example/x")
        #expect(!TwilioWebhook.validate(url: url, form: tampered, signature: signature, authToken: "token"))
    }

    @Test func theAnswersAreWhatTwilioExpects() {
        #expect(TwilioWebhook.emptyTwiML == #"<?xml version="1.0" encoding="UTF-8"?><Response></Response>"#)
        #expect(TwilioWebhook.twimlContentType == "text/xml")
        #expect(TwilioWebhook.statusCallbackResponseStatus == 200)
    }

    private func form(_ pairs: (String, String)...) -> FormParameters {
        FormParameters(pairs.map { (name: $0.0, value: $0.1) })
    }

    private func status(_ status: String, errorCode: String? = nil) -> FormParameters {
        var form = form(("SmsSid", "SM1"), ("SmsStatus", status), ("MessageStatus", status), ("To", "+2"), ("MessageSid", "SM1"),
                        ("AccountSid", "AC1"), ("From", "+1"), ("ApiVersion", "2010-04-01"))
        if let errorCode { form.append("ErrorCode", errorCode) }
        return form
    }
}
