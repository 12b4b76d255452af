// libFuzzer target: any bytes as kramdown source, parsed with Jekyll's options and written as
// HTML. It must never crash or hang.
#if FUZZING
import BlogModel
import Exporters
import Kramdown

let options = KramdownOptions.jekyllDefaults

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    let document = Kramdown.parse(source, options: options).document
    _ = HTMLWriter.html(document, options: options)
    return 0
}

// SwiftPM links an executable's entry point as `fuzz_kramdown_main`; hand it to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("fuzz_kramdown_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzz)
}
#else
// Built without libFuzzer (a plain `swift build`) this is an empty program: run Fuzz/run.sh.
let builtWithoutFuzzer = true
#endif
