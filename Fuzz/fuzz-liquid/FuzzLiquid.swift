// libFuzzer target: any bytes as a Liquid template, parsed in every mode and rendered with
// Jekyll-like variables. It must never crash, hang or exceed the render limits' memory.
#if FUZZING
import Liquid

let environment = LiquidEnvironment(limits: LiquidLimits(maxOutputBytes: 1 << 20, maxIterations: 100_000, maxDepth: 50))
let globals = LiquidHash([
    ("page", .hash(LiquidHash([("title", .string("T")), ("tags", .array([.string("a"), .string("b")])), ("n", .int(3))]))),
    ("site", .hash(LiquidHash([("posts", .array([.hash(LiquidHash([("title", .string("p"))]))])), ("x", .float(1.5))]))),
])

@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let source = String(decoding: UnsafeBufferPointer(start: data, count: size), as: UTF8.self)
    for mode in [LiquidParseMode.lax, .strict, .warn] {
        for policy in [Template.ErrorPolicy.keepMarkup, .inline, .raise] {
            guard let template = try? Template(parsing: source, environment: environment, mode: mode, policy: policy) else { continue }
            _ = try? template.render(globals, environment: environment, policy: policy)
        }
    }
    return 0
}

// SwiftPM links an executable's entry point as `fuzz_liquid_main`; hand it to libFuzzer's driver.
@_silgen_name("LLVMFuzzerRunDriver")
func LLVMFuzzerRunDriver(
    _ argc: UnsafeMutablePointer<CInt>, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?>,
    _ callback: @convention(c) (UnsafePointer<UInt8>, Int) -> CInt) -> CInt

@_cdecl("fuzz_liquid_main")
public func fuzzerMain(_ argc: CInt, _ argv: UnsafeMutablePointer<UnsafeMutablePointer<CChar>?>?) -> CInt {
    var count = argc
    var arguments = argv
    return LLVMFuzzerRunDriver(&count, &arguments, fuzz)
}
#else
// Built without libFuzzer (a plain `swift build`) this is an empty program: run Fuzz/run.sh.
let builtWithoutFuzzer = true
#endif
