import Dispatch

/// `map` on all cores, results in input order.
public enum ParallelMap {
    /// Applies `transform` to every element concurrently; the result keeps the input's order.
    public static func map<T: Sendable, U: Sendable>(_ input: [T], _ transform: @Sendable (T) -> U) -> [U] {
        guard input.count > 1 else { return input.map(transform) }
        let buffer = UnsafeMutableBufferPointer<U?>.allocate(capacity: input.count)
        buffer.initialize(repeating: nil)
        defer { buffer.deinitialize(); buffer.deallocate() }
        let box = Slots(buffer)
        DispatchQueue.concurrentPerform(iterations: input.count) { i in
            box.buffer[i] = transform(input[i])
        }
        return buffer.map { $0! }
    }
}

/// Lets concurrent iterations write each result into its own slot.
private final class Slots<U>: @unchecked Sendable {
    let buffer: UnsafeMutableBufferPointer<U?>
    init(_ buffer: UnsafeMutableBufferPointer<U?>) { self.buffer = buffer }
}
