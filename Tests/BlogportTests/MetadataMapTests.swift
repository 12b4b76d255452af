@testable import BlogModel
import Testing

/// `MetadataMap` finds keys by looking through a small map and by a hash in a large one; both
/// must give what the hash gives: first place, last value, Jekyll's deep merge.
struct MetadataMapTests {
    /// The map as the hash-only construction made it.
    static func reference(_ pairs: [(String, MetadataValue)]) -> [MetadataMap.Entry] {
        var entries: [MetadataMap.Entry] = []
        var position: [String: Int] = [:]
        for (key, value) in pairs {
            if let i = position[key] { entries[i].value = value } else {
                position[key] = entries.count
                entries.append(MetadataMap.Entry(key: key, value: value))
            }
        }
        return entries
    }

    /// `deep_merge_hashes` as the hash-only merge did it.
    static func referenceMerge(_ base: [MetadataMap.Entry], _ other: [MetadataMap.Entry]) -> [MetadataMap.Entry] {
        var result = base
        var position: [String: Int] = [:]
        for (i, e) in result.enumerated() where position[e.key] == nil { position[e.key] = i }
        for entry in other {
            guard let i = position[entry.key] else {
                position[entry.key] = result.count
                result.append(entry)
                continue
            }
            if case .null = entry.value { continue }
            if case .map(let old) = result[i].value, case .map(let new) = entry.value {
                result[i].value = .map(MetadataMap(referenceMerge(old.entries, new.entries).map { ($0.key, $0.value) }))
            } else {
                result[i].value = entry.value
            }
        }
        return result
    }

    @Test func smallAndLargeMapsKeepFirstPlaceAndLastValue() {
        var state: UInt64 = 3
        func next() -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int(state >> 33)
        }
        var merged = 0
        for n in 0..<3_000 {
            let count = n % 40
            let keys = (0..<(1 + next() % 30)).map { "k\($0)" }
            func value(_ depth: Int) -> MetadataValue {
                switch next() % 4 {
                case 0: return .null
                case 1 where depth < 2: return .map(MetadataMap((0..<(next() % 5)).map { _ in (keys[next() % keys.count], value(depth + 1)) }))
                default: return .int(next() % 10)
                }
            }
            let pairs = (0..<count).map { _ in (keys[next() % keys.count], value(0)) }
            let map = MetadataMap(pairs)
            #expect(map.entries == Self.reference(pairs), "\(pairs)")
            let otherPairs = (0..<(next() % 25)).map { _ in (keys[next() % keys.count], value(0)) }
            let other = MetadataMap(otherPairs)
            let result = map.deepMerged(with: other)
            #expect(result.entries == Self.referenceMerge(map.entries, other.entries), "\(pairs) + \(otherPairs)")
            if map.count + other.count > MetadataMap.linearSearchLimit { merged += 1 }
        }
        #expect(merged > 500, "large maps merged: \(merged)")
    }
}
