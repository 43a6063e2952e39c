/// The `info` of a media message or room avatar.
public struct MediaInfo: JSONObjectCodable {
    public var mimetype: String?
    /// Size in bytes.
    public var size: Int?
    /// Width in pixels.
    public var w: Int?
    /// Height in pixels.
    public var h: Int?
    /// Duration in milliseconds (audio, video).
    public var duration: Int?
    /// Unencrypted thumbnail.
    public var thumbnailURL: MXCURI?
    public var thumbnailInfo: ThumbnailInfo?
    /// Encrypted thumbnail.
    public var thumbnailFile: EncryptedFile?
    public var extra: [String: JSONValue] = [:]

    public init(
        mimetype: String? = nil, size: Int? = nil, w: Int? = nil, h: Int? = nil, duration: Int? = nil,
        thumbnailURL: MXCURI? = nil, thumbnailInfo: ThumbnailInfo? = nil, thumbnailFile: EncryptedFile? = nil
    ) {
        self.mimetype = mimetype
        self.size = size
        self.w = w
        self.h = h
        self.duration = duration
        self.thumbnailURL = thumbnailURL
        self.thumbnailInfo = thumbnailInfo
        self.thumbnailFile = thumbnailFile
    }

    public init(json: JSONValue) throws(ContentDecodingError) {
        var reader = try JSONObjectReader(json)
        mimetype = try reader.string("mimetype")
        size = try reader.int("size")
        w = try reader.int("w")
        h = try reader.int("h")
        duration = try reader.int("duration")
        thumbnailURL = reader.lenientIdentifier("thumbnail_url")
        thumbnailInfo = try reader.nested("thumbnail_info")
        thumbnailFile = try reader.nested("thumbnail_file")
        extra = reader.rest
    }

    public var json: JSONValue {
        var object = extra
        if let mimetype { object["mimetype"] = .string(mimetype) }
        if let size { object["size"] = .int(Int64(size)) }
        if let w { object["w"] = .int(Int64(w)) }
        if let h { object["h"] = .int(Int64(h)) }
        if let duration { object["duration"] = .int(Int64(duration)) }
        if let thumbnailURL { object["thumbnail_url"] = .string(thumbnailURL.rawValue) }
        if let thumbnailInfo { object["thumbnail_info"] = thumbnailInfo.json }
        if let thumbnailFile { object["thumbnail_file"] = thumbnailFile.json }
        return .object(object)
    }
}

/// The `thumbnail_info` inside ``MediaInfo``.
public struct ThumbnailInfo: JSONObjectCodable {
    public var mimetype: String?
    public var size: Int?
    public var w: Int?
    public var h: Int?
    public var extra: [String: JSONValue] = [:]

    public init(mimetype: String? = nil, size: Int? = nil, w: Int? = nil, h: Int? = nil) {
        self.mimetype = mimetype
        self.size = size
        self.w = w
        self.h = h
    }

    public init(json: JSONValue) throws(ContentDecodingError) {
        var reader = try JSONObjectReader(json)
        mimetype = try reader.string("mimetype")
        size = try reader.int("size")
        w = try reader.int("w")
        h = try reader.int("h")
        extra = reader.rest
    }

    public var json: JSONValue {
        var object = extra
        if let mimetype { object["mimetype"] = .string(mimetype) }
        if let size { object["size"] = .int(Int64(size)) }
        if let w { object["w"] = .int(Int64(w)) }
        if let h { object["h"] = .int(Int64(h)) }
        return .object(object)
    }
}
