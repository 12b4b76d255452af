import Foundation

/// A one-line progress display on standard error: stage, items done of total, rate, time left.
/// Shown only on a terminal, redrawn at most ten times a second, erased when done.
final class ProgressBar: @unchecked Sendable {
    private let lock = NSLock()
    private var lastDraw: UInt64 = 0
    private var stageStart: UInt64 = 0
    private var stage = ""
    private var drawn = false
    private let enabled: Bool

    /// A bar that draws only when `enabled` and standard error is a terminal.
    init(enabled: Bool) {
        self.enabled = enabled && isatty(STDERR_FILENO) == 1
    }

    /// Reports progress; callable from any thread.
    func update(_ stage: String, _ done: Int, _ total: Int) {
        guard enabled else { return }
        let now = DispatchTime.now().uptimeNanoseconds
        lock.lock()
        defer { lock.unlock() }
        if stage != self.stage {
            self.stage = stage
            stageStart = now
        }
        guard done == total || now - lastDraw > 100_000_000 else { return }
        lastDraw = now
        let elapsed = Double(now - stageStart) / 1e9
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let left = rate > 0 ? Double(total - done) / rate : 0
        let width = 24
        let filled = total > 0 ? min(width, width * done / total) : width
        let bar = String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled)
        let line = String(format: "\r\u{1B}[K%@ [%@] %d/%d  %.0f/s  %@ left", stage, bar, done, total, rate,
                          left >= 1 ? String(format: "%.0fs", left) : "<1s")
        FileHandle.standardError.write(Data(line.utf8))
        drawn = true
    }

    /// Erases the line.
    func finish() {
        lock.lock()
        defer { lock.unlock() }
        if drawn { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
        drawn = false
    }
}
