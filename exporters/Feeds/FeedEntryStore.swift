import BlogModel
import Foundation

/// Feed entries shared by the feed exporters of one run: Atom, RSS and JSON Feed describe a
/// post the same way, so each entry is made once, by whichever feed gets to it first, and
/// reused by the others (each still reports the entry's warnings as its own).
public final class FeedEntryStore: Sendable {
    // An NSLock, not Synchronization's Mutex (see `RenderedHTML`).
    private let lock = NSLock()
    /// Guarded by `lock`.
    nonisolated(unsafe) private var slots: [String: Slot] = [:]

    /// One post's entry: made by the thread that claimed the slot while others wait for it.
    private final class Slot: @unchecked Sendable {
        let lock = NSLock()
        var made: (entry: FeedEntry, diagnostics: [Diagnostic])?
    }

    /// An empty store.
    public init() {}

    /// The entry for the post at `sourcePath`: made now with `make` unless another feed made
    /// it (or is making it: then this waits).
    func entry(for sourcePath: String, make: () -> (entry: FeedEntry, diagnostics: [Diagnostic])) -> (entry: FeedEntry, diagnostics: [Diagnostic]) {
        let slot = self.slot(sourcePath)
        slot.lock.lock()
        defer { slot.lock.unlock() }
        if let made = slot.made { return made }
        let made = make()
        slot.made = made
        return made
    }

    /// Makes the entry for the post at `sourcePath` unless another feed has made it or is
    /// making it (then this returns at once: the feeds share out the work).
    func prepare(_ sourcePath: String, make: () -> (entry: FeedEntry, diagnostics: [Diagnostic])) {
        let slot = self.slot(sourcePath)
        guard slot.lock.try() else { return }
        defer { slot.lock.unlock() }
        if slot.made == nil { slot.made = make() }
    }

    private func slot(_ sourcePath: String) -> Slot {
        lock.lock()
        defer { lock.unlock() }
        if let existing = slots[sourcePath] { return existing }
        let slot = Slot()
        slots[sourcePath] = slot
        return slot
    }
}
