import BlogJSON
import BlogModel
@testable import Importers
import Testing

/// YAML merge keys (`<<: *anchor`), as Psych.safe_load(aliases: true) reads them; minimal-mistakes'
/// `_data/ui-text.yml` depends on them. Expected value printed by Ruby 3.1's Psych:
/// `{"en":{"x":1,"y":2},"us":{"y":2,"x":1,"z":3},"both":{"x":5,"w":8,"y":2}}`.
struct YAMLMergeKeyTests {
    @Test func mergeKeysAsPsych() throws {
        let yaml = "en: &A\n  x: 1\n  y: 2\nus:\n  y: 0\n  <<: *A\n  z: 3\nboth:\n  <<: [*A, {x: 9, w: 8}]\n  x: 5\n"
        let value = try #require(try YAMLLoader.load(yaml))
        let json = String(decoding: JSONWriter.bytes(BackupFormat.encode(value)), as: UTF8.self)
        let compact = json.filter { !$0.isWhitespace }
        #expect(compact == #"{"en":{"x":1,"y":2},"us":{"y":2,"x":1,"z":3},"both":{"x":5,"w":8,"y":2}}"#)
    }
}
