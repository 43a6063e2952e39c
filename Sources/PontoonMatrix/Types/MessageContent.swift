/// Content of `m.room.message` (and of `m.sticker`, which is the same shape without `msgtype`).
public struct MessageContent: EventContent {
    public static var eventType: String { "m.room.message" }

    public var msgtype: MessageType
    /// Plain-text body; for edits the fallback (`* new text`), for media usually the file name.
    public var body: String
    /// Format of ``formattedBody``, `org.matrix.custom.html`.
    public var format: String?
    /// `formatted_body`.
    public var formattedBody: String?
    /// Unencrypted media.
    public var url: MXCURI?
    /// Encrypted media.
    public var file: EncryptedFile?
    public var info: MediaInfo?
    /// `geo_uri` of an `m.location`.
    public var geoURI: String?
    /// The file name when ``body`` is a caption.
    public var filename: String?
    /// `m.relates_to`.
    public var relatesTo: Relation?
    /// `m.mentions`.
    public var mentions: Mentions?
    public var extra: [String: JSONValue] = [:]

    // `m.new_content` is itself a MessageContent; a struct cannot hold itself, an array can.
    private var newContentStorage: [MessageContent] = []
    // A sticker has no msgtype; it reads as `.image` and is written back without one.
    private var omitsMessageType = false

    /// `m.new_content`: the replacement content of an edit.
    public var newContent: MessageContent? {
        get { newContentStorage.first }
        set { newContentStorage = newValue.map { [$0] } ?? [] }
    }

    public init(
        msgtype: MessageType, body: String, format: String? = nil, formattedBody: String? = nil,
        url: MXCURI? = nil, file: EncryptedFile? = nil, info: MediaInfo? = nil, filename: String? = nil,
        relatesTo: Relation? = nil, newContent: MessageContent? = nil, mentions: Mentions? = nil
    ) {
        self.msgtype = msgtype
        self.body = body
        self.format = format
        self.formattedBody = formattedBody
        self.url = url
        self.file = file
        self.info = info
        self.filename = filename
        self.relatesTo = relatesTo
        self.mentions = mentions
        self.newContent = newContent
    }

    /// The `format` value for HTML bodies.
    public static let htmlFormat = "org.matrix.custom.html"

    /// An `m.text` message, optionally with an HTML body.
    public static func text(_ body: String, html: String? = nil) -> MessageContent {
        MessageContent(msgtype: .text, body: body, format: html == nil ? nil : htmlFormat, formattedBody: html)
    }

    /// An `m.notice` (what bots send), optionally with an HTML body.
    public static func notice(_ body: String, html: String? = nil) -> MessageContent {
        MessageContent(msgtype: .notice, body: body, format: html == nil ? nil : htmlFormat, formattedBody: html)
    }

    /// An `m.emote` (`/me`), optionally with an HTML body.
    public static func emote(_ body: String, html: String? = nil) -> MessageContent {
        MessageContent(msgtype: .emote, body: body, format: html == nil ? nil : htmlFormat, formattedBody: html)
    }

    /// The HTML body when ``format`` says it is HTML.
    public var htmlBody: String? { format == Self.htmlFormat ? formattedBody : nil }

    public init(json: JSONValue) throws(ContentDecodingError) {
        try self.init(json: json, requiresMessageType: true)
    }

    /// Reads `m.sticker` content, which has no `msgtype`.
    public init(stickerJSON json: JSONValue) throws(ContentDecodingError) {
        try self.init(json: json, requiresMessageType: false)
    }

    private init(json: JSONValue, requiresMessageType: Bool) throws(ContentDecodingError) {
        var reader = try JSONObjectReader(json)
        if !requiresMessageType, reader.rest["msgtype"] == nil {
            msgtype = .image
            omitsMessageType = true
        } else {
            msgtype = MessageType(rawValue: try reader.required("msgtype", "a string") { $0.stringValue })
        }
        body = try reader.requiredString("body")
        format = try reader.string("format")
        formattedBody = try reader.string("formatted_body")
        url = reader.lenientIdentifier("url")
        file = try reader.nested("file")
        info = try reader.nested("info")
        geoURI = try reader.string("geo_uri")
        filename = try reader.string("filename")
        relatesTo = try reader.nested("m.relates_to")
        mentions = try reader.nested("m.mentions")
        if let replacement = reader.take("m.new_content") {
            do {
                newContentStorage = [try MessageContent(json: replacement)]
            } catch {
                throw error.nested(under: "m.new_content")
            }
        }
        extra = reader.rest
    }

    public var json: JSONValue {
        var object = extra
        if !omitsMessageType { object["msgtype"] = .string(msgtype.rawValue) }
        object["body"] = .string(body)
        if let format { object["format"] = .string(format) }
        if let formattedBody { object["formatted_body"] = .string(formattedBody) }
        if let url { object["url"] = .string(url.rawValue) }
        if let file { object["file"] = file.json }
        if let info { object["info"] = info.json }
        if let geoURI { object["geo_uri"] = .string(geoURI) }
        if let filename { object["filename"] = .string(filename) }
        if let relatesTo { object["m.relates_to"] = relatesTo.json }
        if let mentions { object["m.mentions"] = mentions.json }
        if let newContent { object["m.new_content"] = newContent.json }
        return .object(object)
    }
}
