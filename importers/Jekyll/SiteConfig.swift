import BlogModel
import Foundation

/// The configuration Jekyll builds from `_config.yml` (or `--config` files) and its defaults.
struct SiteConfig {
    /// The merged configuration, user keys in their order after Jekyll's defaults.
    var map: MetadataMap
    /// The permalink template of the `posts` collection.
    var postsPermalink: String
    /// Extensions (with the dot, lowercased) the Markdown converter takes.
    var markdownExtensions: Swift.Set<String>
    var excerptSeparator: String
    var exclude: [String]
    var include: [String]
    var collectionsDir: String
    var showDrafts: Bool
    var future: Bool
    var unpublished: Bool
    var limitPosts: Int
    /// Where each configuration key came from, for messages.
    var files: [String]

    static let defaults: MetadataMap = MetadataMap([
        ("source", .string(".")), ("destination", .string("./_site")), ("collections_dir", .string("")),
        ("cache_dir", .string(".jekyll-cache")), ("plugins_dir", .string("_plugins")),
        ("layouts_dir", .string("_layouts")), ("data_dir", .string("_data")), ("includes_dir", .string("_includes")),
        ("collections", .map(MetadataMap())), ("safe", .bool(false)), ("include", .list([.string(".htaccess")])),
        ("exclude", .list([])), ("keep_files", .list([.string(".git"), .string(".svn")])),
        ("encoding", .string("utf-8")), ("markdown_ext", .string("markdown,mkdown,mkdn,mkd,md")),
        ("strict_front_matter", .bool(false)), ("show_drafts", .null), ("limit_posts", .int(0)),
        ("future", .bool(false)), ("unpublished", .bool(false)), ("whitelist", .list([])), ("plugins", .list([])),
        ("markdown", .string("kramdown")), ("highlighter", .string("rouge")), ("lsi", .bool(false)),
        ("excerpt_separator", .string("\n\n")), ("incremental", .bool(false)), ("detach", .bool(false)),
        ("port", .string("4000")), ("host", .string("127.0.0.1")), ("baseurl", .null),
        ("show_dir_listing", .bool(false)), ("permalink", .string("date")), ("paginate_path", .string("/page:num")),
        ("timezone", .null), ("quiet", .bool(false)), ("verbose", .bool(false)), ("defaults", .list([])),
        ("liquid", .map(MetadataMap([
            ("error_mode", .string("warn")), ("strict_filters", .bool(false)), ("strict_variables", .bool(false)),
        ]))),
        ("kramdown", .map(MetadataMap([
            ("auto_ids", .bool(true)), ("toc_levels", .list((1...6).map { .int($0) })),
            ("entity_output", .string("as_char")), ("smart_quotes", .string("lsquo,rsquo,ldquo,rdquo")),
            ("input", .string("GFM")), ("hard_wrap", .bool(false)), ("guess_lang", .bool(true)),
            ("footnote_nr", .int(1)), ("show_warnings", .bool(false)),
        ]))),
    ])

    static let defaultExcludes = [
        ".sass-cache", ".jekyll-cache", "gemfiles", "Gemfile", "Gemfile.lock", "node_modules",
        "vendor/bundle/", "vendor/cache/", "vendor/gems/", "vendor/ruby/",
    ]

    /// Loads the configuration of the site at `root`: `configFiles` if given (paths as the
    /// user wrote them), else `_config.yml` / `_config.yaml` in the site. Overrides (`--drafts`
    /// and friends) are applied on top, as Jekyll applies its command-line flags.
    static func load(
        root: URL, configFiles: [String], overrides: MetadataMap, displayPrefix: String
    ) throws(ImportError) -> (SiteConfig, [Diagnostic]) {
        var diagnostics: [Diagnostic] = []
        var files: [(display: String, url: URL)] = []
        if configFiles.isEmpty {
            for name in ["_config.yml", "_config.yaml"] {
                let url = root.appendingPathComponent(name)
                if FileManager.default.fileExists(atPath: url.path) {
                    files.append((displayPrefix + name, url))
                    break
                }
            }
            if files.isEmpty, FileManager.default.fileExists(atPath: root.appendingPathComponent("_config.toml").path) {
                throw ImportError(
                    file: displayPrefix + "_config.toml", reason: .invalidConfig("TOML configuration is not supported"),
                    hint: "convert it to _config.yml")
            }
        } else {
            for name in configFiles where !name.isEmpty {
                let url = URL(fileURLWithPath: name, relativeTo: URL(fileURLWithPath: FileManager.default.currentDirectoryPath))
                guard FileManager.default.fileExists(atPath: url.path) else {
                    throw ImportError(file: name, reason: .missingConfig, hint: "check the --config path")
                }
                files.append((name, url))
            }
        }
        var user = MetadataMap()
        for file in files {
            guard let data = FileManager.default.contents(atPath: file.url.path) else {
                throw ImportError(file: file.display, reason: .unreadable("cannot read the file"))
            }
            guard var text = String(validating: data, as: UTF8.self) else {
                throw ImportError(file: file.display, reason: .invalidConfig("the file is not valid UTF-8"), hint: "save it as UTF-8")
            }
            if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
            let value: MetadataValue?
            do {
                value = try YAMLLoader.load(text)
            } catch {
                let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
                let line = error.line.flatMap { $0 >= 1 && $0 <= lines.count ? String(lines[$0 - 1]) : nil }
                throw ImportError(
                    file: file.display, location: error.line.map { SourceLocation(file: file.display, line: $0, column: error.column) },
                    reason: .invalidConfig("YAML syntax error: \(error.message)"), sourceLine: line,
                    hint: "fix the YAML (Jekyll refuses this file too)")
            }
            switch value {
            case .map(let m)?: user = user.deepMerged(with: m)
            case nil: break
            case .some(let other):
                throw ImportError(
                    file: file.display,
                    reason: .invalidConfig("the configuration must be a mapping of keys to values, but it is \(other.rubyInspect.prefix(60))"),
                    hint: "write it as `key: value` lines")
            }
        }
        for key in ["include", "exclude"] {
            if let v = user[key], v.listValue == nil {
                throw ImportError(
                    file: files.first?.display ?? "_config.yml",
                    reason: .invalidConfig("'\(key)' should be set as an array, but was: \(v.rubyInspect)"),
                    hint: "write it as a YAML list, e.g. `\(key): [node_modules]`")
            }
        }
        if let plugins = user["plugins"], plugins.listValue == nil, !plugins.isNull {
            throw ImportError(
                file: files.first?.display ?? "_config.yml",
                reason: .invalidConfig("'plugins' should be set as an array of gem names, but was: \(plugins.rubyInspect)"),
                hint: "write it as a YAML list")
        }
        var map = defaults.deepMerged(with: user).deepMerged(with: overrides)
        var exclude = (map["exclude"]?.listValue ?? []).map(\.rubyString)
        for e in defaultExcludes where !exclude.contains(e) { exclude.append(e) }
        map["exclude"] = .list(exclude.map { .string($0) })

        // add_default_collections: posts always exists, with the site permalink style.
        var collections = map["collections"]?.mapValue ?? MetadataMap()
        if case .list(let names)? = map["collections"] {
            collections = MetadataMap(names.map { ($0.rubyString, .map(MetadataMap())) })
        }
        var posts = collections["posts"]?.mapValue ?? MetadataMap()
        posts["output"] = .bool(true)
        let style = map["permalink"].map { $0.isNull ? "" : $0.rubyString } ?? ""
        if posts["permalink"] == nil || posts["permalink"]?.isNull == true, !style.isEmpty {
            posts["permalink"] = .string(Permalink.template(forStyle: style))
        }
        collections["posts"] = .map(posts)
        map["collections"] = .map(collections)
        let postsPermalink = posts["permalink"].map(\.rubyString) ?? Permalink.template(forStyle: "date")

        let markdownExtensions = Swift.Set(
            (map["markdown_ext"]?.rubyString ?? "").split(separator: ",").map {
                "." + $0.trimmingCharacters(in: .whitespaces).lowercased()
            })
        func truthy(_ key: String) -> Bool {
            switch map[key] {
            case nil, .null?, .bool(false)?: return false
            default: return true
            }
        }
        let limit: Int
        if case .int(let n)? = map["limit_posts"] { limit = n } else { limit = 0 }
        if limit < 0 {
            diagnostics.append(Diagnostic(.warning, code: "invalid-config", message: "limit_posts must be a non-negative number; ignored",
                                          location: SourceLocation(file: files.first?.display ?? "_config.yml")))
        }
        let config = SiteConfig(
            map: map, postsPermalink: postsPermalink, markdownExtensions: markdownExtensions,
            excerptSeparator: map["excerpt_separator"].map(\.rubyString) ?? "\n\n",
            exclude: exclude, include: (map["include"]?.listValue ?? []).map(\.rubyString),
            collectionsDir: map["collections_dir"]?.rubyString ?? "",
            showDrafts: truthy("show_drafts"), future: truthy("future"), unpublished: truthy("unpublished"),
            limitPosts: max(0, limit), files: files.map(\.display))
        return (config, diagnostics)
    }
}
