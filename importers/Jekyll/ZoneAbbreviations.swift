import Foundation

/// A zone's abbreviations over time (`CET`, `CEST`), read from the system's TZif file, which
/// is where Ruby's `%Z` gets them too (Foundation on Linux only offers `GMT+1`).
struct ZoneAbbreviations: Sendable {
    private let transitions: [Int64]
    private let typeOfTransition: [UInt8]
    private let names: [String]
    private let isDST: [Bool]

    /// Reads `/usr/share/zoneinfo/<identifier>`; nil when it is missing or not TZif.
    init?(identifier: String) {
        guard !identifier.contains(".."), !identifier.hasPrefix("/") else { return nil }
        var data: Data?
        for base in ["/usr/share/zoneinfo/", "/usr/lib/zoneinfo/"] {
            if let d = FileManager.default.contents(atPath: base + identifier) { data = d; break }
        }
        guard let bytes = data.map(Array.init), bytes.count >= 44, bytes[0] == 0x54, bytes[1] == 0x5A, bytes[2] == 0x69, bytes[3] == 0x66 else { return nil }
        func be32(_ at: Int) -> Int { Int(Int32(bitPattern: UInt32(bytes[at]) << 24 | UInt32(bytes[at + 1]) << 16 | UInt32(bytes[at + 2]) << 8 | UInt32(bytes[at + 3]))) }
        func be64(_ at: Int) -> Int64 { (0..<8).reduce(Int64(0)) { $0 << 8 | Int64(bytes[at + $1]) } }
        func counts(_ at: Int) -> (isut: Int, isstd: Int, leap: Int, time: Int, type: Int, char: Int) {
            (be32(at + 20), be32(at + 24), be32(at + 28), be32(at + 32), be32(at + 36), be32(at + 40))
        }
        var header = 0
        var c = counts(0)
        var timeSize = 4
        if bytes[4] >= 0x32 {
            // Skip the 32-bit block to the 64-bit one.
            let v1 = 44 + c.time * 4 + c.time + c.type * 6 + c.char + c.leap * 8 + c.isstd + c.isut
            guard bytes.count >= v1 + 44 else { return nil }
            header = v1
            c = counts(header)
            timeSize = 8
        }
        var p = header + 44
        guard bytes.count >= p + c.time * timeSize + c.time + c.type * 6 + c.char else { return nil }
        var transitions: [Int64] = []
        for i in 0..<c.time { transitions.append(timeSize == 8 ? be64(p + i * 8) : Int64(be32(p + i * 4))) }
        p += c.time * timeSize
        let typeOfTransition = Array(bytes[p..<(p + c.time)])
        p += c.time
        var abbrIndex: [Int] = [], dst: [Bool] = []
        for i in 0..<c.type {
            dst.append(bytes[p + i * 6 + 4] != 0)
            abbrIndex.append(Int(bytes[p + i * 6 + 5]))
        }
        p += c.type * 6
        let chars = Array(bytes[p..<(p + c.char)])
        names = abbrIndex.map { start in
            guard start < chars.count else { return "" }
            let end = chars[start...].firstIndex(of: 0) ?? chars.count
            return String(decoding: chars[start..<end], as: UTF8.self)
        }
        self.transitions = transitions
        self.typeOfTransition = typeOfTransition
        self.isDST = dst
    }

    /// The abbreviation in force at an instant.
    func abbreviation(at seconds: Int64) -> String? {
        guard !names.isEmpty else { return nil }
        // Last transition at or before `seconds`.
        var lo = 0, hi = transitions.count
        while lo < hi {
            let mid = (lo + hi) / 2
            if transitions[mid] <= seconds { lo = mid + 1 } else { hi = mid }
        }
        if lo == 0 {
            let firstStandard = isDST.firstIndex(of: false) ?? 0
            return names[firstStandard]
        }
        let type = Int(typeOfTransition[lo - 1])
        return type < names.count ? names[type] : nil
    }
}
