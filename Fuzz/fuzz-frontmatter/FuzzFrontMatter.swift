// libFuzzer target: any bytes as a post file (front matter, YAML, dates, body) read by the
// Jekyll importer from a one-post site. It must never crash or hang; bad input is a diagnostic.
#if FUZZING
import Foundation
import Importers

/// A one-post site in a temporary folder, made on first use.
let site: (root: URL, post: URL) = {
    let root = FileManager.default.temporaryDirectory.appendingPathComponent("blogport-fuzz-\(getpid())")
    let post = root.appendingPathComponent("_posts/2024-01-01-fuzz.md")
    try? FileManager.default.createDirectory(at: post.deletingLastPathComponent(), withIntermediateDirectories: true)
    try? Data("title: fuzz\n".utf8).write(to: root.appendingPathComponent("_config.yml"))
    return (root, post)
}()

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    try? Data(bytes: data, count: size).write(to: site.post)
    var options = JekyllImporter.Options()
    options.now = 1_767_225_600
    options.future = true
    _ = try? JekyllImporter(options: options).read(site: site.root)
    return 0
}

// SwiftPM links an executable's entry point as `fuzz_frontmatter_main`; hand it to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("fuzz_frontmatter_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzz)
}
#else
// Built without libFuzzer (a plain `swift build`) this is an empty program: run Fuzz/run.sh.
let builtWithoutFuzzer = true
#endif
