// swift-tools-version:6.1
import PackageDescription

let package = Package(
    name: "blogport",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "BlogModel", targets: ["BlogModel"]),
        .library(name: "Importers", targets: ["Importers"]),
        .library(name: "Exporters", targets: ["Exporters"]),
        .library(name: "BlogportKit", targets: ["BlogportKit"]),
        .executable(name: "blogport", targets: ["blogport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
    ],
    targets: [
        // The neutral document model: value types only, no I/O, no format knowledge.
        .target(name: "BlogModel", path: "Sources/BlogModel"),
        // An order-keeping JSON value with a deterministic writer and a strict reader.
        .target(name: "BlogJSON", dependencies: ["BlogModel"], path: "Sources/BlogJSON"),
        // A general Liquid template engine (Liquid 4 semantics as Jekyll 4 runs it); no Jekyll knowledge.
        .target(name: "Liquid", path: "Sources/Liquid"),
        // libxml2 (Debian's libxml2-dev), behind its own module so its headers never meet Foundation's.
        .systemLibrary(name: "CLibXML2", path: "Sources/CLibXML2", pkgConfig: "libxml-2.0", providers: [.apt(["libxml2-dev"])]),
        // Swift types over libxml2: HTML fragments to rewrite, XML and RELAX NG checks.
        .target(name: "XMLSupport", dependencies: ["CLibXML2"], path: "Sources/XMLSupport"),
        // A kramdown-compatible Markdown parser (GFM input, as Jekyll configures it) into the model.
        .target(name: "Kramdown", dependencies: ["BlogModel"], path: "Sources/Kramdown"),
        // Readers: a Jekyll site, a blogport backup.
        .target(
            name: "Importers",
            dependencies: ["BlogModel", "BlogJSON", "Liquid", "Kramdown", .product(name: "Yams", package: "Yams")],
            path: "importers"),
        // Writers: the JSON backup (more formats follow).
        .target(name: "Exporters", dependencies: ["BlogModel", "BlogJSON", "Kramdown", "XMLSupport", "Liquid"], path: "exporters"),
        // The batch pipeline and commands the CLI is a thin shell over.
        .target(name: "BlogportKit", dependencies: ["BlogModel", "BlogJSON", "Importers", "Exporters", "Kramdown"]),
        .executableTarget(
            name: "blogport",
            dependencies: ["BlogportKit", .product(name: "ArgumentParser", package: "swift-argument-parser")]),
        // Speed measurements (`swift run -c release blogport-bench`); see Benchmarks/README.md.
        .executableTarget(
            name: "blogport-bench", dependencies: ["Liquid", "Importers", "BlogModel", "BlogJSON"],
            path: "Benchmarks/blogport-bench"),
        // libFuzzer targets: build with Fuzz/run.sh (`-sanitize=fuzzer`); see Fuzz/README.md.
        .executableTarget(name: "fuzz-liquid", dependencies: ["Liquid"], path: "Fuzz/fuzz-liquid"),
        .executableTarget(name: "fuzz-kramdown", dependencies: ["Kramdown", "Exporters", "BlogModel"], path: "Fuzz/fuzz-kramdown"),
        .executableTarget(name: "fuzz-frontmatter", dependencies: ["Importers"], path: "Fuzz/fuzz-frontmatter"),
        .executableTarget(
            name: "fuzz-exporters", dependencies: ["Exporters", "Kramdown", "BlogModel", "XMLSupport"], path: "Fuzz/fuzz-exporters"),
        .testTarget(name: "LiquidTests", dependencies: ["Liquid", "Importers", "BlogModel", "BlogJSON"]),
        .testTarget(name: "KramdownTests", dependencies: ["Kramdown", "Exporters", "BlogModel"]),
        .testTarget(
            name: "BlogportTests",
            dependencies: ["BlogModel", "BlogJSON", "Importers", "Exporters", "BlogportKit", "XMLSupport", "Kramdown"],
            exclude: ["Fixtures"]),
    ]
)
