import PontoonMatrix

/// What a network that can't carry a file gets instead: its public link when `public_media` is on
/// (`photo.jpg (image, 120 KiB): https://…`), else what it was (`(image: photo.jpg)`). A caption
/// (a body beside a file name) comes first, on its own line.
enum MediaFallbackText {
    static func describe(_ content: MessageContent, kind: NetworkCapabilities.MediaKind, links: PublicMediaLinks?) -> String {
        let name = content.filename ?? content.body
        let caption = content.filename.flatMap { $0 != content.body && !content.body.isEmpty ? content.body + "\n" : nil } ?? ""
        // Encrypted files would be served as ciphertext: those are named only.
        guard let links, let url = content.url, content.file == nil else {
            return caption + "(\(kind.rawValue): \(name))"
        }
        let size = content.info?.size.map { ", " + byteCount($0) } ?? ""
        return caption + "\(name) (\(kind.rawValue)\(size)): \(links.link(for: url, fileName: name))"
    }

    /// `812 B`, `120 KiB`, `3.4 MiB`.
    static func byteCount(_ bytes: Int) -> String {
        if bytes < 1024 { return "\(bytes) B" }
        if bytes < 1024 * 1024 { return "\(bytes / 1024) KiB" }
        let tenths = bytes * 10 / (1024 * 1024)
        return "\(tenths / 10).\(tenths % 10) MiB"
    }
}
