/// Writes JSON deterministically: members in the order given, two-space indentation, `\n` line
/// ends, non-ASCII written as UTF-8, and a final newline.
public enum JSONWriter {
    /// The UTF-8 bytes of `value`, pretty-printed.
    public static func bytes(_ value: JSONValue) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(4096)
        write(value, indent: 0, into: &out)
        out.append(10)
        return out
    }

    /// `value` pretty-printed, as a string.
    public static func string(_ value: JSONValue) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    static func newline(_ indent: Int, _ out: inout [UInt8]) {
        out.append(10)
        if indent <= spaces.count {
            spaces.withUnsafeBufferPointer { out.append(contentsOf: UnsafeBufferPointer(rebasing: $0[..<indent])) }
        } else {
            out.append(contentsOf: repeatElement(32, count: indent))
        }
    }

    /// Indentation copied from here (a loop or a repeated element costs more per line).
    private static let spaces = [UInt8](repeating: 32, count: 64)

    fileprivate static func write(_ value: JSONValue, indent: Int, into out: inout [UInt8]) {
        switch value {
        case .null: out += "null".utf8
        case .bool(let b): out += (b ? "true" : "false").utf8
        case .int(let i): out += String(i).utf8
        case .double(let d): out += numberText(d).utf8
        case .string(let s): writeString(s, into: &out)
        case .array(let items):
            if items.isEmpty {
                out.append(91); out.append(93)
                return
            }
            out.append(91)
            for (n, item) in items.enumerated() {
                if n > 0 { out.append(44) }
                newline(indent + 2, &out)
                write(item, indent: indent + 2, into: &out)
            }
            newline(indent, &out)
            out.append(93)
        case .object(let members):
            if members.isEmpty {
                out.append(123); out.append(125)
                return
            }
            out.append(123)
            for (n, (key, item)) in members.enumerated() {
                if n > 0 { out.append(44) }
                newline(indent + 2, &out)
                writeString(key, into: &out)
                out.append(58); out.append(32)
                write(item, indent: indent + 2, into: &out)
            }
            newline(indent, &out)
            out.append(125)
        }
    }

    /// A finite double in the shortest form that reads back the same, always with a `.` or an
    /// exponent so that it reads back as a double. Non-finite values have no JSON form: callers
    /// must not pass them (they are written as `null`).
    static func numberText(_ d: Double) -> String {
        guard d.isFinite else { return "null" }
        var s = "\(d)"
        if !s.contains(".") && !s.contains("e") { s += ".0" }
        return s
    }

    private static let hex: [UInt8] = Array("0123456789abcdef".utf8)

    fileprivate static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(34)
        var s = s
        s.withUTF8 { u in
            // Runs of bytes that need no escape are copied whole; they are found eight bytes
            // at a time (`needsEscape`), then byte by byte in the word that holds an escape.
            var start = 0
            var i = 0
            while i < u.count {
                if i + 8 <= u.count, !needsEscape(UnsafeRawPointer(u.baseAddress! + i).loadUnaligned(as: UInt64.self)) {
                    i += 8
                    continue
                }
                let wordEnd = min(i + 8, u.count)
                while i < wordEnd {
                    let byte = u[i]
                    i += 1
                    if byte >= 32, byte != 34, byte != 92, byte != 127 { continue }
                    escape(byte, at: i - 1)
                }
            }
            if start < u.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: u[start..<u.count])) }

            func escape(_ byte: UInt8, at i: Int) {
                if start < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: u[start..<i])) }
                start = i + 1
                // Byte by byte: an array literal here was an allocation per escape.
                out.append(92)
                switch byte {
                case 34: out.append(34)
                case 92: out.append(92)
                case 10: out.append(110)
                case 13: out.append(114)
                case 9: out.append(116)
                case 8: out.append(98)
                case 12: out.append(102)
                default:
                    out.append(117); out.append(48); out.append(48)
                    out.append(hex[Int(byte >> 4)]); out.append(hex[Int(byte & 15)])
                }
            }
        }
        out.append(34)
    }

    /// Whether any of the eight bytes in `word` needs an escape: below 0x20, `"`, `\\` or DEL.
    /// (The classic tests: a byte below n sets its high bit in `(w - n·ones) & ~w`, a zero byte
    /// in `(w - ones) & ~w`; each is exact about whether any byte qualifies.)
    @inline(__always)
    static func needsEscape(_ word: UInt64) -> Bool {
        let ones: UInt64 = 0x0101_0101_0101_0101, highs: UInt64 = 0x8080_8080_8080_8080
        func hasZero(_ x: UInt64) -> UInt64 { (x &- ones) & ~x & highs }
        let below = (word &- ones &* 0x20) & ~word & highs
        return (below | hasZero(word ^ (ones &* 0x22)) | hasZero(word ^ (ones &* 0x5C)) | hasZero(word ^ (ones &* 0x7F))) != 0
    }
}

/// Where an encoder puts JSON, value by value: written out as bytes (`JSONByteSink`) or built as
/// a tree (`JSONTreeSink`). One encoder then serves both: the tree for tests and small
/// documents, the bytes for a backup of thousands of posts (no tree made and dropped per post).
/// In an object, `key` comes before each member's value.
protocol JSONSink {
    mutating func openObject()
    mutating func closeObject()
    mutating func openArray()
    mutating func closeArray()
    mutating func key(_ key: String)
    mutating func string(_ value: String)
    mutating func int(_ value: Int)
    mutating func double(_ value: Double)
    mutating func bool(_ value: Bool)
    mutating func null()
    /// A whole value at once.
    mutating func value(_ value: JSONValue)
}

/// Writes what it is given as `JSONWriter` writes the same tree: byte for byte.
struct JSONByteSink: JSONSink {
    /// The bytes so far.
    var bytes: [UInt8]
    /// The indentation of the members or items of the innermost open container (or of the
    /// value to come, at the top).
    private var indent: Int
    /// Items written so far in each open container, innermost last; and whether it is an array.
    private var open: [(count: Int, isArray: Bool)] = []

    /// Starts after `bytes`, with the first value at `indent`.
    init(after bytes: [UInt8], indent: Int) {
        self.bytes = bytes
        self.indent = indent
    }

    /// Before a value: in an array, the comma and new line that put it on its own line.
    private mutating func beforeValue() {
        guard let last = open.last, last.isArray else { return }
        if last.count > 0 { bytes.append(44) }
        open[open.count - 1].count += 1
        JSONWriter.newline(indent, &bytes)
    }

    mutating func openObject() { beforeValue(); bytes.append(123); open.append((0, false)); indent += 2 }
    mutating func openArray() { beforeValue(); bytes.append(91); open.append((0, true)); indent += 2 }
    mutating func closeObject() { close(125) }
    mutating func closeArray() { close(93) }

    private mutating func close(_ bracket: UInt8) {
        indent -= 2
        if open.removeLast().count > 0 { JSONWriter.newline(indent, &bytes) }
        bytes.append(bracket)
    }

    mutating func key(_ key: String) {
        let comma = open[open.count - 1].count > 0
        open[open.count - 1].count += 1
        var key = key
        // A short key with nothing to escape (every key the backup names, most metadata keys):
        // comma, new line, indentation, quoted key and `: ` made on the stack, appended at once.
        let appended = key.withUTF8 { k -> Bool in
            guard k.count <= 64, indent <= 64, !k.contains(where: { $0 < 32 || $0 == 34 || $0 == 92 || $0 == 127 }) else { return false }
            let total = (comma ? 1 : 0) + 1 + indent + 1 + k.count + 3
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: total) { buffer in
                var p = buffer.baseAddress!
                if comma { p.initialize(to: 44); p += 1 }
                p.initialize(to: 10)
                (p + 1).initialize(repeating: 32, count: indent)
                p += 1 + indent
                p.initialize(to: 34)
                if k.count > 0 { (p + 1).initialize(from: k.baseAddress!, count: k.count) }
                p += 1 + k.count
                p.initialize(to: 34); (p + 1).initialize(to: 58); (p + 2).initialize(to: 32)
                bytes.append(contentsOf: UnsafeBufferPointer(rebasing: buffer[0..<total]))
            }
            return true
        }
        guard !appended else { return }
        if comma { bytes.append(44) }
        JSONWriter.newline(indent, &bytes)
        JSONWriter.writeString(key, into: &bytes)
        bytes.append(58)
        bytes.append(32)
    }

    mutating func string(_ value: String) { beforeValue(); JSONWriter.writeString(value, into: &bytes) }
    mutating func int(_ value: Int) { beforeValue(); bytes += String(value).utf8 }
    mutating func double(_ value: Double) { beforeValue(); bytes += JSONWriter.numberText(value).utf8 }
    mutating func bool(_ value: Bool) { beforeValue(); bytes += (value ? "true" : "false").utf8 }
    mutating func null() { beforeValue(); bytes += "null".utf8 }
    mutating func value(_ value: JSONValue) { beforeValue(); JSONWriter.write(value, indent: indent, into: &bytes) }
}

/// Builds the tree of what it is given.
struct JSONTreeSink: JSONSink {
    private enum Frame {
        case object([(String, JSONValue)], key: String?)
        case array([JSONValue])
    }
    private var frames: [Frame] = []
    /// The finished value (once every container is closed).
    private(set) var result: JSONValue = .null

    init() {}

    private mutating func add(_ value: JSONValue) {
        guard let top = frames.popLast() else {
            result = value
            return
        }
        switch top {
        case .object(var members, let key):
            members.append((key ?? "", value))
            frames.append(.object(members, key: nil))
        case .array(var items):
            items.append(value)
            frames.append(.array(items))
        }
    }

    mutating func openObject() { frames.append(.object([], key: nil)) }
    mutating func openArray() { frames.append(.array([])) }

    mutating func closeObject() {
        guard case .object(let members, _)? = frames.popLast() else { preconditionFailure("closeObject without openObject") }
        add(.object(members))
    }

    mutating func closeArray() {
        guard case .array(let items)? = frames.popLast() else { preconditionFailure("closeArray without openArray") }
        add(.array(items))
    }

    mutating func key(_ key: String) {
        guard case .object(let members, _)? = frames.popLast() else { preconditionFailure("key outside an object") }
        frames.append(.object(members, key: key))
    }

    mutating func string(_ value: String) { add(.string(value)) }
    mutating func int(_ value: Int) { add(.int(value)) }
    mutating func double(_ value: Double) { add(.double(value)) }
    mutating func bool(_ value: Bool) { add(.bool(value)) }
    mutating func null() { add(.null) }
    mutating func value(_ value: JSONValue) { add(value) }
}
