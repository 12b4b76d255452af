import BlogModel
import Foundation

/// Jekyll's `URL` and `Drops::UrlDrop`: a permalink template filled for one post.
enum Permalink {
    /// Why a template cannot be filled.
    struct UnknownPlaceholder: Error {
        var name: String
    }

    /// The built-in styles (`permalink: pretty`) and the template each stands for.
    static func template(forStyle style: String) -> String {
        switch style {
        case "none": return "/:categories/:title:output_ext"
        case "date": return "/:categories/:year/:month/:day/:title:output_ext"
        case "ordinal": return "/:categories/:year/:y_day/:title:output_ext"
        case "pretty": return "/:categories/:year/:month/:day/:title/"
        case "weekdate": return "/:categories/:year/W:week/:short_day/:title:output_ext"
        default: return style
        }
    }

    /// Everything a post's URL placeholders can be filled from.
    struct Placeholders {
        var collection = "posts"
        /// `cleaned_relative_path`
        var path: String
        var outputExtension: String
        var basenameWithoutExtension: String
        /// `data["slug"]` as a string, if set.
        var slug: String?
        var categories: [String]
        /// The post date's wall-clock fields in the site's zone.
        var date: CivilDateTime

        func value(_ key: String) -> String? {
            switch key {
            case "collection": return collection
            case "path": return path
            case "output_ext": return outputExtension
            case "name": return Slugify.slugify(basenameWithoutExtension)
            case "title":
                return Slugify.slugify(slug ?? basenameWithoutExtension, mode: "pretty", cased: true)
            case "slug": return Slugify.slugify(slug ?? basenameWithoutExtension)
            case "categories":
                var seen = Set<String>()
                return categories.map { $0.lowercased() }.filter { seen.insert($0).inserted }.joined(separator: "/")
            case "slugified_categories":
                var seen = Set<String>()
                return categories.map { Slugify.slugify($0) }.filter { seen.insert($0).inserted }.joined(separator: "/")
            case "year": return pad(date.year, 4)
            case "month": return pad(date.month, 2)
            case "day": return pad(date.day, 2)
            case "hour": return pad(date.hour, 2)
            case "minute": return pad(date.minute, 2)
            case "second": return pad(date.second, 2)
            case "i_day": return String(date.day)
            case "i_month": return String(date.month)
            case "short_month": return String(monthNames[date.month - 1].prefix(3))
            case "long_month": return monthNames[date.month - 1]
            case "short_year": return pad(((date.year % 100) + 100) % 100, 2)
            case "w_year": return pad(isoWeek.year, 4)
            case "week": return pad(isoWeek.week, 2)
            case "w_day": return String(date.weekday == 0 ? 7 : date.weekday)
            case "short_day": return String(dayNames[date.weekday].prefix(3))
            case "long_day": return dayNames[date.weekday]
            case "y_day": return pad(date.dayOfYear, 3)
            default: return nil
            }
        }

        private var isoWeek: (year: Int, week: Int) {
            let weekday = date.weekday == 0 ? 7 : date.weekday
            let thursday = CivilDateTime.days(fromCivil: date.year, date.month, date.day) - weekday + 4
            let (y, _, _) = CivilDateTime.civil(fromDays: thursday)
            let week = (thursday - CivilDateTime.days(fromCivil: y, 1, 1)) / 7 + 1
            return (y, week)
        }

        private func pad(_ n: Int, _ width: Int) -> String {
            let s = String(abs(n))
            return (n < 0 ? "-" : "") + String(repeating: "0", count: max(0, width - s.count)) + s
        }
    }

    private static let monthNames = [
        "January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
        "November", "December",
    ]
    private static let dayNames = ["Sunday", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]

    /// `URL#generate_url_from_drop` then `sanitize_url`.
    static func url(template: String, placeholders: Placeholders) throws(UnknownPlaceholder) -> String {
        var out = ""
        let scalars = template.unicodeScalars
        var i = scalars.startIndex
        // Text between placeholders is copied a run at a time (sliced on scalars: no rounding
        // to Characters).
        var literal = i
        while i < scalars.endIndex {
            let c = scalars[i]
            guard c == ":" else {
                i = scalars.index(after: i)
                continue
            }
            let nameStart = scalars.index(after: i)
            var j = nameStart
            while j < scalars.endIndex, ("a"..."z").contains(scalars[j]) || scalars[j] == "_" { j = scalars.index(after: j) }
            if j == nameStart {
                i = nameStart
                continue
            }
            out += Substring(scalars[literal..<i])
            literal = j
            var name = String(Substring(scalars[nameStart..<j]))
            var value = placeholders.value(name)
            var rest = ""
            if value == nil, name.hasSuffix("_") {
                name.removeLast()
                value = placeholders.value(name)
                rest = "_"
            }
            guard let value else { throw UnknownPlaceholder(name: name) }
            out += escapePath(value) + rest
            i = j
        }
        out += Substring(scalars[literal...])
        return sanitize(out)
    }

    /// Why no file system can hold a file at `url`, or nil: a NUL byte, or a segment longer
    /// than a file name may be (255 bytes; 245 for the last one, which an exporter may give
    /// an extension such as `.html`).
    /// `jekyllStops` says whether Jekyll's own write fails there too.
    static func unwritableReason(_ url: String) -> (reason: String, jekyllStops: Bool)? {
        if url.utf8.contains(0) { return ("contains a NUL character, which no file name can hold", true) }
        let segments = url.utf8.split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        for (n, segment) in segments.enumerated() {
            let limit = n == segments.count - 1 ? 245 : 255
            if segment.count > limit {
                return segment.count > 255
                    ? ("has a part of \(segment.count) bytes, more than the 255 a file name holds", true)
                    : ("ends in a part of \(segment.count) bytes; a file name holds 255, and blogport keeps 10 for an extension such as .html", false)
            }
        }
        return nil
    }

    /// `URL#sanitize_url`.
    static func sanitize(_ s: String) -> String {
        var r = ("/" + s).replacingAll("..", with: "/").replacingAll("./", with: "")
        if r.isASCII {
            // Bytes are Characters: squeeze runs of `/` on bytes.
            var out: [UInt8] = []
            out.reserveCapacity(r.utf8.count)
            for b in r.utf8 where !(b == UInt8(ascii: "/") && out.last == UInt8(ascii: "/")) { out.append(b) }
            return String(decoding: out, as: UTF8.self)
        }
        var squeezed = ""
        var lastSlash = false
        for ch in r {
            if ch == "/" {
                if lastSlash { continue }
                lastSlash = true
            } else {
                lastSlash = false
            }
            squeezed.append(ch)
        }
        r = squeezed
        return r
    }

    private static let unreserved = Set("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~".utf8)
    private static let subDelims = Set("!$&'()*+,;=".utf8)

    /// `URL.escape_path`: `Addressable::URI.encode` of the value, then the first `#` escaped.
    static func escapePath(_ path: String) -> String {
        if path.isEmpty { return path }
        let plain = path.utf8.allSatisfy { b in
            (b >= 48 && b <= 57) || (b >= 65 && b <= 90) || (b >= 97 && b <= 122) || b == 46 || b == 47 || b == 45
        }
        if plain { return path }
        // Split as Addressable's URI regex does: scheme, authority, path, query, fragment.
        var rest = Substring(path)
        var result = ""
        if let colon = rest.firstIndex(of: ":"), !rest[..<colon].contains(where: { "/?#".contains($0) }), colon != rest.startIndex {
            result += encode(rest[..<colon], extra: Set("+-.".utf8), allowSubDelims: false, allowColonAt: false) + ":"
            rest = rest[rest.index(after: colon)...]
        }
        if rest.hasPrefix("//") {
            let afterSlashes = rest.index(rest.startIndex, offsetBy: 2)
            let end = rest[afterSlashes...].firstIndex(where: { "/?#".contains($0) }) ?? rest.endIndex
            result += "//" + encode(rest[afterSlashes..<end], extra: [], allowSubDelims: true, allowColonAt: true)
            rest = rest[end...]
        }
        let pathEnd = rest.firstIndex(where: { $0 == "?" || $0 == "#" }) ?? rest.endIndex
        result += encode(rest[..<pathEnd], extra: Set("/".utf8), allowSubDelims: true, allowColonAt: true)
        rest = rest[pathEnd...]
        if rest.hasPrefix("?") {
            let end = rest.firstIndex(of: "#") ?? rest.endIndex
            result += "?" + encode(rest[rest.index(after: rest.startIndex)..<end], extra: Set("/?".utf8), allowSubDelims: true, allowColonAt: true)
            rest = rest[end...]
        }
        if rest.hasPrefix("#") {
            result += "#" + encode(rest.dropFirst(), extra: Set("/?".utf8), allowSubDelims: true, allowColonAt: true)
        }
        if let hash = result.firstIndex(of: "#") {
            result.replaceSubrange(hash...hash, with: "%23")
        }
        return result
    }

    private static let hexDigits = Array("0123456789ABCDEF")

    private static func encode(_ s: Substring, extra: Set<UInt8>, allowSubDelims: Bool, allowColonAt: Bool) -> String {
        var out = ""
        for b in s.utf8 {
            let ok = unreserved.contains(b) || extra.contains(b) || (allowSubDelims && subDelims.contains(b))
                || (allowColonAt && (b == UInt8(ascii: ":") || b == UInt8(ascii: "@")))
            if ok {
                out.unicodeScalars.append(Unicode.Scalar(b))
            } else {
                out.append("%")
                out.append(hexDigits[Int(b >> 4)])
                out.append(hexDigits[Int(b & 15)])
            }
        }
        return out
    }
}

extension String {
    /// Every occurrence of `target` replaced, scanning left to right (Ruby's `gsub` with a string).
    func replacingAll(_ target: String, with replacement: String) -> String {
        guard !target.isEmpty, containsExactly(target) else { return self }
        var out = ""
        var rest = self[...]
        while let r = rest.exactRange(of: target) {
            out += rest[..<r.lowerBound]
            out += replacement
            rest = rest[r.upperBound...]
        }
        out += rest
        return out
    }
}
