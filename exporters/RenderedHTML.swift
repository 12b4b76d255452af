import BlogModel
import Foundation
import Kramdown

/// Post bodies and excerpts written as HTML by kramdown's writer, made once per post however
/// many exporters of one run ask for them (the backup and the Standalone HTML pages both do):
/// a batch's worth at a time, forgotten with `forget()` once every exporter has the batch.
public final class RenderedHTML: Sendable {
    /// The options every exporter of the run writes with; an exporter with other options
    /// writes its own HTML.
    public let options: KramdownOptions
    // An NSLock, not Synchronization's Mutex: importing Synchronization into this module (which
    // sees libxml2 through XMLSupport) makes clean debug builds fail on clashing ICU headers.
    private let lock = NSLock()
    /// Guarded by `lock`.
    nonisolated(unsafe) private var slots: [Key: Slot] = [:]

    private struct Key: Hashable {
        let index: Int
        let excerpt: Bool
    }

    /// One post's HTML, made by the first exporter that asks while the others wait for it.
    private final class Slot: @unchecked Sendable {
        let lock = NSLock()
        var html: String?
        init(html: String? = nil) { self.html = html }
    }

    /// A store for HTML written with `options`.
    public init(options: KramdownOptions) {
        self.options = options
    }

    /// The HTML of `post` (its body, or its excerpt), the post at `index` of the outline.
    public func html(of post: Post, index: Int, excerpt: Bool = false) -> String {
        let key = Key(index: index, excerpt: excerpt)
        lock.lock()
        let slot: Slot
        if let existing = slots[key] {
            slot = existing
        } else {
            slot = Slot()
            slots[key] = slot
        }
        lock.unlock()
        slot.lock.lock()
        defer { slot.lock.unlock() }
        if let html = slot.html { return html }
        let made = HTMLWriter.html(excerpt ? post.excerpt : post.body, options: options)
        slot.html = made
        return made
    }

    /// Makes the HTML of a batch of posts (bodies and excerpts) on all cores before any
    /// exporter asks for it, `posts[i]` being the outline's post at `offset + i`: exporters
    /// asking for a post's HTML at once would otherwise wait for each other, one thread idle.
    public func prepare(_ posts: [Post], at offset: Int) {
        let options = self.options
        let made = ParallelMap.map(Array(posts.indices)) { i in
            (HTMLWriter.html(posts[i].body, options: options), HTMLWriter.html(posts[i].excerpt, options: options))
        }
        lock.lock()
        for (i, (body, excerpt)) in made.enumerated() {
            slots[Key(index: offset + i, excerpt: false)] = Slot(html: body)
            slots[Key(index: offset + i, excerpt: true)] = Slot(html: excerpt)
        }
        lock.unlock()
    }

    /// Forgets the HTML of the posts before index `end` (call once a batch is exported; a
    /// batch prepared after it is kept).
    public func forget(below end: Int) {
        lock.lock()
        slots = slots.filter { $0.key.index >= end }
        lock.unlock()
    }
}

extension ExportContext {
    /// The HTML of `post` (at `index` of the outline) written with `options`: shared with the
    /// run's other exporters when they write with the same options, else made here.
    func html(of post: Post, index: Int, excerpt: Bool = false, options: KramdownOptions) -> String {
        if let shared = renderedHTML, shared.options == options { return shared.html(of: post, index: index, excerpt: excerpt) }
        return HTMLWriter.html(excerpt ? post.excerpt : post.body, options: options)
    }
}
