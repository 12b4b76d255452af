import Foundation

extension String {
    /// `trimmingCharacters(in: set)` for `.whitespaces` or `.whitespacesAndNewlines`, without
    /// Foundation's cost when there is nothing to trim: a string whose first and last bytes are
    /// printable ASCII (`!`…`~`) starts and ends with a scalar neither set holds, so it is
    /// returned as it is.
    func trimmedFast(_ set: CharacterSet) -> String {
        let bytes = utf8
        if let first = bytes.first, let last = bytes.last, (0x21...0x7E).contains(first), (0x21...0x7E).contains(last) {
            return self
        }
        return trimmingCharacters(in: set)
    }
}
