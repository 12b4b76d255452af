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

    /// The bytes of an object whose members are `members` followed by `arrayKey`: an array of
    /// `count` items made one at a time by `item` (each is written, then dropped), byte for byte
    /// what `bytes(.object(members + [(arrayKey, .array(items))]))` gives, without holding the
    /// whole tree (a backup of 50,000 posts).
    public static func bytes(
        object members: [(String, JSONValue)], thenArray arrayKey: String, count: Int, item: (Int) -> JSONValue
    ) -> [UInt8] {
        var out = StreamedObject.head(object: members, thenArray: arrayKey)
        for i in 0..<count { out += StreamedObject.element(item(i), index: i) }
        out += StreamedObject.tail(count: count)
        return out
    }

    /// The same object in pieces, to write one piece at a time: `head`, then `element` for each
    /// item in order, then `tail`; joined, they are the bytes `bytes(object:thenArray:…)` gives.
    public enum StreamedObject {
        /// Everything up to the array's first item.
        public static func head(object members: [(String, JSONValue)], thenArray arrayKey: String) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(4096)
            out.append(123)
            for (n, (key, value)) in members.enumerated() {
                if n > 0 { out.append(44) }
                newline(2, &out)
                writeString(key, into: &out)
                out.append(contentsOf: [58, 32])
                write(value, indent: 2, into: &out)
            }
            if !members.isEmpty { out.append(44) }
            newline(2, &out)
            writeString(arrayKey, into: &out)
            out.append(contentsOf: [58, 32])
            return out
        }

        /// Item `index` of the array (with the bracket or comma before it).
        public static func element(_ value: JSONValue, index: Int) -> [UInt8] {
            var out: [UInt8] = []
            out.reserveCapacity(8192)
            out.append(index == 0 ? 91 : 44)
            newline(4, &out)
            write(value, indent: 4, into: &out)
            return out
        }

        /// The end, after `count` items.
        public static func tail(count: Int) -> [UInt8] {
            var out: [UInt8] = []
            if count == 0 {
                out.append(contentsOf: [91, 93])
            } else {
                newline(2, &out)
                out.append(93)
            }
            newline(0, &out)
            out.append(125)
            out.append(10)
            return out
        }
    }

    /// `value` pretty-printed, as a string.
    public static func string(_ value: JSONValue) -> String {
        String(decoding: bytes(value), as: UTF8.self)
    }

    private static func newline(_ indent: Int, _ out: inout [UInt8]) {
        out.append(10)
        for _ in 0..<indent { out.append(32) }
    }

    private static func write(_ value: JSONValue, indent: Int, into out: inout [UInt8]) {
        switch value {
        case .null: out.append(contentsOf: Array("null".utf8))
        case .bool(let b): out.append(contentsOf: Array((b ? "true" : "false").utf8))
        case .int(let i): out.append(contentsOf: Array(String(i).utf8))
        case .double(let d): out.append(contentsOf: Array(numberText(d).utf8))
        case .string(let s): writeString(s, into: &out)
        case .array(let items):
            if items.isEmpty {
                out.append(contentsOf: [91, 93])
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
                out.append(contentsOf: [123, 125])
                return
            }
            out.append(123)
            for (n, (key, item)) in members.enumerated() {
                if n > 0 { out.append(44) }
                newline(indent + 2, &out)
                writeString(key, into: &out)
                out.append(contentsOf: [58, 32])
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

    private static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(34)
        var s = s
        s.withUTF8 { u in
            // Runs of bytes that need no escape are copied whole.
            var start = 0
            for i in 0..<u.count {
                let byte = u[i]
                if byte >= 32, byte != 34, byte != 92, byte != 127 { continue }
                if start < i { out.append(contentsOf: UnsafeBufferPointer(rebasing: u[start..<i])) }
                start = i + 1
                switch byte {
                case 34: out.append(contentsOf: [92, 34])
                case 92: out.append(contentsOf: [92, 92])
                case 10: out.append(contentsOf: [92, 110])
                case 13: out.append(contentsOf: [92, 114])
                case 9: out.append(contentsOf: [92, 116])
                case 8: out.append(contentsOf: [92, 98])
                case 12: out.append(contentsOf: [92, 102])
                default: out.append(contentsOf: [92, 117, 48, 48, hex[Int(byte >> 4)], hex[Int(byte & 15)]])
                }
            }
            if start < u.count { out.append(contentsOf: UnsafeBufferPointer(rebasing: u[start..<u.count])) }
        }
        out.append(34)
    }
}
