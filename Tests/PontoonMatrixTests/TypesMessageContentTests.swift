import Foundation
import PontoonMatrix
import Testing

@Suite struct MessageContentTests {
    private func message(_ text: String) throws -> MessageContent {
        try MessageContent(json: try TypesFixture.json(text))
    }

    @Test func textMessageFromSynapseDecodes() throws {
        let event = try TypesFixture.event(TypesFixture.textMessage)
        guard case .message(let content) = event.typedContent else {
            Issue.record("expected a message, got \(event.typedContent)")
            return
        }
        #expect(content.msgtype == .text)
        #expect(content.body == "hello **bridge**")
        #expect(content.htmlBody == "hello <strong>bridge</strong>")
        #expect(content.mentions?.userIDs == ["@dummy_ghost:localhost"])
        #expect(content.mentions?.room == false)
    }

    @Test func imageWithInfoAndThumbnailDecodes() throws {
        let content = try message("""
            {"msgtype":"m.image","body":"cat.png","url":"mxc://localhost/AbCdEf123",
             "info":{"mimetype":"image/png","size":31337,"w":640,"h":480,
                     "thumbnail_url":"mxc://localhost/thumb_1","thumbnail_info":{"mimetype":"image/jpeg","size":999,"w":64,"h":48},
                     "xyz.amorgan.blurhash":"LEHV6nWB2yk8"}}
            """)
        #expect(content.msgtype == .image)
        #expect(content.msgtype.isMedia)
        #expect(content.url == "mxc://localhost/AbCdEf123")
        #expect(content.info?.mimetype == "image/png")
        #expect(content.info?.size == 31337)
        #expect(content.info?.w == 640)
        #expect(content.info?.h == 480)
        #expect(content.info?.thumbnailURL == "mxc://localhost/thumb_1")
        #expect(content.info?.thumbnailInfo?.w == 64)
        #expect(content.info?.extra["xyz.amorgan.blurhash"] == "LEHV6nWB2yk8")
    }

    @Test func encryptedFileDecodes() throws {
        let content = try message("""
            {"msgtype":"m.file","body":"report.pdf","filename":"report.pdf",
             "file":{"url":"mxc://localhost/encrypted1","v":"v2","iv":"w+sE15fzSc0AAAAAAAAAAA",
                     "hashes":{"sha256":"fdSLu/YkRx3Wyh3KQabP3rd6+SFiKg5lsJZQHtkSAYA"},
                     "key":{"kty":"oct","key_ops":["encrypt","decrypt"],"alg":"A256CTR","k":"qcHVMSgYg-71CauWBezXI5qkaRb0LuIy-Wx5kIaHMIA","ext":true}},
             "info":{"mimetype":"application/pdf","size":1024,"thumbnail_file":{"url":"mxc://localhost/encthumb","v":"v2","iv":"AAAA",
                     "hashes":{"sha256":"x"},"key":{"kty":"oct","key_ops":["encrypt","decrypt"],"alg":"A256CTR","k":"abc","ext":true}}}}
            """)
        #expect(content.url == nil)
        #expect(content.filename == "report.pdf")
        #expect(content.file?.url == "mxc://localhost/encrypted1")
        #expect(content.file?.v == "v2")
        #expect(content.file?.hashes["sha256"] == "fdSLu/YkRx3Wyh3KQabP3rd6+SFiKg5lsJZQHtkSAYA")
        #expect(content.file?.key.keyOps == ["encrypt", "decrypt"])
        #expect(content.file?.key.alg == "A256CTR")
        #expect(content.file?.key.ext == true)
        #expect(content.info?.thumbnailFile?.url == "mxc://localhost/encthumb")
    }

    @Test func audioVideoAndLocationDecode() throws {
        let audio = try message(#"{"msgtype":"m.audio","body":"voice.ogg","url":"mxc://localhost/a1","info":{"duration":4200,"mimetype":"audio/ogg"},"org.matrix.msc3245.voice":{}}"#)
        #expect(audio.msgtype == .audio)
        #expect(audio.info?.duration == 4200)
        #expect(audio.extra["org.matrix.msc3245.voice"] == [:])
        let video = try message(#"{"msgtype":"m.video","body":"clip.mp4","url":"mxc://localhost/v1","info":{"duration":1000,"w":1920,"h":1080}}"#)
        #expect(video.msgtype == .video)
        let location = try message(#"{"msgtype":"m.location","body":"Big Ben","geo_uri":"geo:51.5008,0.1247"}"#)
        #expect(location.msgtype == .location)
        #expect(location.geoURI == "geo:51.5008,0.1247")
    }

    @Test func everyKnownMsgtypeMapsToItsCase() {
        let cases: [(String, MessageType)] = [
            ("m.text", .text), ("m.emote", .emote), ("m.notice", .notice), ("m.image", .image), ("m.file", .file),
            ("m.audio", .audio), ("m.video", .video), ("m.location", .location),
            ("m.key.verification.request", .keyVerificationRequest),
        ]
        for (raw, type) in cases {
            #expect(MessageType(rawValue: raw) == type)
            #expect(type.rawValue == raw)
        }
    }

    @Test func unknownMsgtypeIsKept() throws {
        let content = try message(#"{"msgtype":"org.example.poll","body":"Poll: lunch?"}"#)
        #expect(content.msgtype == .other("org.example.poll"))
        #expect(content.json["msgtype"] == "org.example.poll")
    }

    @Test func editDecodesWithNewContent() throws {
        let content = try message("""
            {"msgtype":"m.text","body":" * fixed","m.new_content":{"msgtype":"m.text","body":"fixed"},
             "m.relates_to":{"rel_type":"m.replace","event_id":"$orig"}}
            """)
        #expect(content.relatesTo?.kind == .replace("$orig"))
        #expect(content.newContent?.body == "fixed")
        #expect(content.newContent?.newContent == nil)
    }

    @Test func replyDecodes() throws {
        let content = try message(#"{"msgtype":"m.text","body":"> quoted\n\nanswer","m.relates_to":{"m.in_reply_to":{"event_id":"$parent"}}}"#)
        #expect(content.relatesTo?.kind == .reply("$parent"))
        #expect(content.relatesTo?.replyTarget == "$parent")
    }

    @Test func unknownMembersSurviveReencoding() throws {
        let text = """
            {"msgtype":"m.text","body":"hi","com.example.custom":{"x":[1,2]},"format":null,
             "m.relates_to":{"m.in_reply_to":{"event_id":"$p","com.example.inner":true},"com.example.rel":1},
             "m.mentions":{"user_ids":[],"com.example.m":"y"},
             "info":{"com.example.i":"z"}}
            """
        let original = try TypesFixture.json(text)
        #expect(try message(text).json == original)
    }

    @Test func reencodingRoundTripsThroughCodable() throws {
        let content = MessageContent.text("plain", html: "<i>plain</i>")
        let data = try JSONEncoder().encode(content)
        let decoded = try JSONDecoder().decode(MessageContent.self, from: data)
        #expect(decoded == content)
        #expect(decoded.format == "org.matrix.custom.html")
    }

    @Test func convenienceConstructorsSetMsgtype() {
        #expect(MessageContent.text("a").msgtype == .text)
        #expect(MessageContent.text("a").format == nil)
        #expect(MessageContent.notice("a").msgtype == .notice)
        #expect(MessageContent.emote("a", html: "<b>a</b>").formattedBody == "<b>a</b>")
        #expect(MessageContent.emote("a").json == ["msgtype": "m.emote", "body": "a"])
    }

    @Test func missingBodyFailsWithItsPath() {
        #expect(throws: ContentDecodingError(path: "body", reason: "missing (expected a string)")) {
            try message(#"{"msgtype":"m.text"}"#)
        }
    }

    @Test func wrongFieldTypeFailsWithItsPath() {
        #expect(throws: ContentDecodingError(path: "body", reason: "expected a string, found an integer")) {
            try message(#"{"msgtype":"m.text","body":5}"#)
        }
        #expect(throws: ContentDecodingError(path: "info.size", reason: "expected an integer, found a string")) {
            try message(#"{"msgtype":"m.image","body":"x","info":{"size":"big"}}"#)
        }
        #expect(throws: ContentDecodingError(path: "m.new_content.body", reason: "missing (expected a string)")) {
            try message(#"{"msgtype":"m.text","body":"x","m.new_content":{"msgtype":"m.text"}}"#)
        }
    }

    @Test func invalidMediaURLReadsAsNilAndIsKept() throws {
        let text = #"{"msgtype":"m.image","body":"x","url":"https://example.com/cat.png"}"#
        let content = try message(text)
        #expect(content.url == nil)
        #expect(content.json == (try TypesFixture.json(text)))
    }

    @Test func stickerHasNoMsgtypeAndReadsAsImage() throws {
        let event = try TypesFixture.event("""
            {"type":"m.sticker","room_id":"!r:localhost","sender":"@alice:localhost","event_id":"$s",
             "content":{"body":"thumbs up","url":"mxc://localhost/sticker1","info":{"w":128,"h":128,"mimetype":"image/png"}}}
            """)
        guard case .sticker(let content) = event.typedContent else {
            Issue.record("expected a sticker, got \(event.typedContent)")
            return
        }
        #expect(content.msgtype == .image)
        #expect(content.url == "mxc://localhost/sticker1")
        #expect(content.json == event.content)
    }
}
