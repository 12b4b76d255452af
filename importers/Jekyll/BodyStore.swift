import Foundation

/// Where the bodies of a prepared site's posts wait while only the outline is held: in their
/// files. A post's body is read again when the post is completed (or when a template asks for
/// another post's content), and it is used only if it is byte for byte what was read the first
/// time; so a large site is never held in memory whole, and a file edited during a run is
/// reported rather than half-converted.
final class BodyStore: Sendable {
    /// How to find one post's body in its file again.
    struct Entry: Sendable {
        /// The file, relative to the site.
        let path: String
        /// The file's size when first read; the body is its last `bodyBytes` bytes.
        let fileBytes: Int
        let bodyBytes: Int
        /// FNV-1a (64 bits) of the body's bytes.
        let hash: UInt64
    }

    /// Why a body could not be read again.
    enum Failure: Error, Sendable {
        case unreadable
        case changed
    }

    /// The site folder's path, with a `/` after it.
    private let rootPrefix: String
    /// By outline position; nil where the outline keeps the body itself.
    private let entries: [Entry?]

    init(root: URL, entries: [Entry?]) {
        rootPrefix = root.path.hasSuffix("/") ? root.path : root.path + "/"
        self.entries = entries
    }

    /// Whether post `position`'s body is in its file rather than in the outline.
    func holds(_ position: Int) -> Bool { position >= 0 && position < entries.count && entries[position] != nil }

    /// Post `position`'s body, read from its file; nil when the outline keeps it.
    func body(at position: Int) -> Result<String, Failure>? {
        guard holds(position), let entry = entries[position] else { return nil }
        guard let data = FileManager.default.contents(atPath: rootPrefix + entry.path) else {
            return .failure(.unreadable)
        }
        guard data.count == entry.fileBytes else { return .failure(.changed) }
        return data.withUnsafeBytes { raw -> Result<String, Failure> in
            let body = UnsafeRawBufferPointer(rebasing: raw[(entry.fileBytes - entry.bodyBytes)...])
            guard BodyStore.hash(body) == entry.hash else { return .failure(.changed) }
            return .success(String(decoding: body, as: UTF8.self))
        }
    }

    /// FNV-1a, 64 bits: cheap, and enough to notice an edited file (not an adversary's collision).
    static func hash<C: Sequence>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes {
            h ^= UInt64(b)
            h = h &* 0x0000_0100_0000_01b3
        }
        return h
    }
}
