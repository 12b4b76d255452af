import BlogModel
import Foundation

/// Jekyll's `FrontmatterDefaults`: the `defaults:` sets of the configuration, applied to a
/// document by path and type, the more specific scope winning.
struct FrontMatterDefaults {
    struct Scope {
        var path: String?
        var type: String?
    }

    struct Set {
        var scope: Scope?
        var values: MetadataMap
    }

    let sets: [Set]
    let collectionsDir: String

    /// Reads the `defaults:` list; invalid entries are skipped with a warning, as Jekyll does.
    init(config: MetadataMap, warn: (String) -> Void) {
        collectionsDir = config["collections_dir"]?.stringValue ?? ""
        var sets: [Set] = []
        if case .list(let items)? = config["defaults"] {
            for item in items {
                guard case .map(let set) = item, case .map(let values)? = set["values"] else {
                    warn("an invalid front-matter default set was found (each needs a 'values' map): \(item.rubyInspect)")
                    continue
                }
                var scope: Scope?
                if case .map(let s)? = set["scope"] {
                    var type = s["type"].map(\.rubyString)
                    switch type {
                    case "page": type = "pages"
                    case "post": type = "posts"
                    case "draft": type = "drafts"
                    default: break
                    }
                    scope = Scope(path: s["path"]?.stringValue, type: type)
                    if s["path"] != nil, s["path"]?.stringValue == nil { scope?.path = nil }
                } else if set.contains("scope") {
                    scope = Scope(path: nil, type: nil)
                }
                sets.append(Set(scope: scope, values: values))
            }
        }
        self.sets = sets
    }

    private static func sanitize(_ path: String?) -> String {
        guard let path, !path.isEmpty else { return "" }
        if path.hasPrefix("/") { return String(path.dropFirst()) }
        return path
    }

    private func stripCollectionsDir(_ path: String) -> String {
        guard !collectionsDir.isEmpty, path.hasPrefix(collectionsDir + "/") else { return path }
        return String(path.dropFirst(collectionsDir.count + 1))
    }

    private func appliesPath(_ scopePath: String?, _ path: String) -> Bool {
        guard let scopePath, !scopePath.isEmpty else { return true }
        let sanitized = FrontMatterDefaults.sanitize(path)
        if scopePath.contains("*") {
            // Dir.glob(site/scope) lists existing paths; the document matches when one of them
            // is a prefix of its path. Existing prefixes of the path are its folders and itself.
            let components = sanitized.split(separator: "/", omittingEmptySubsequences: false)
            var prefix = ""
            for component in components {
                prefix = prefix.isEmpty ? String(component) : prefix + "/" + component
                let candidate = stripCollectionsDir(prefix)
                if fnmatch(scopePath, prefix, FNM_PATHNAME | FNM_PERIOD) == 0, sanitized.hasPrefix(candidate) {
                    return true
                }
            }
            return false
        }
        return sanitized.hasPrefix(stripCollectionsDir(scopePath))
    }

    private func applies(_ scope: Scope?, path: String, type: String) -> Bool {
        guard let scope else { return true }
        if let t = scope.type, t != type { return false }
        return appliesPath(scope.path, path)
    }

    private func hasPrecedence(_ old: Scope??, _ new: Scope?) -> Bool {
        guard case .some(let oldScope) = old else { return true }
        let newPath = FrontMatterDefaults.sanitize(new?.path)
        let oldPath = FrontMatterDefaults.sanitize(oldScope?.path)
        if newPath.count != oldPath.count { return newPath.count >= oldPath.count }
        if new?.type != nil { return true }
        return oldScope?.type == nil
    }

    /// `FrontmatterDefaults#all(path, type)`: every matching set merged, most specific last.
    func values(path: String, type: String) -> MetadataMap {
        var result = MetadataMap()
        var oldScope: Scope?? = .none
        for set in sets where applies(set.scope, path: path, type: type) {
            if hasPrecedence(oldScope, set.scope) {
                result = result.deepMerged(with: set.values)
                oldScope = .some(set.scope)
            } else {
                result = set.values.deepMerged(with: result)
            }
        }
        return result
    }
}
