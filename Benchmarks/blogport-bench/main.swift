// blogport-bench: times blogport's engines on shared work and prints machine-readable lines
// that Benchmarks/*.sh set next to the Ruby reference's numbers.
//
//   blogport-bench liquid-golden GOLDEN_JSON SUBSET_TXT ROUNDS
//       parse + render every valid case of golden-liquid's Jekyll 4 subset, ROUNDS times
//   blogport-bench liquid-site SITE ROUNDS
//       the Liquid layer over every post and excerpt of a Jekyll site (read time subtracted)
import BlogJSON
import BlogModel
import Foundation
import Importers
import Liquid

func seconds(_ body: () throws -> Void) rethrows -> Double {
    let start = DispatchTime.now().uptimeNanoseconds
    try body()
    return Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9
}

func fail(_ message: String) -> Never {
    FileHandle.standardError.write(Data("blogport-bench: \(message)\n".utf8))
    exit(2)
}

func liquidValue(_ json: JSONValue) -> LiquidValue {
    switch json {
    case .null: return .nil
    case .bool(let b): return .bool(b)
    case .int(let i): return .int(i)
    case .double(let d): return .float(d)
    case .string(let s): return .string(s)
    case .array(let a): return .array(a.map(liquidValue))
    case .object(let m): return .hash(LiquidHash(m.map { ($0.0, liquidValue($0.1)) }))
    }
}

let args = CommandLine.arguments
guard args.count >= 2 else { fail("usage: blogport-bench liquid-golden GOLDEN SUBSET ROUNDS | liquid-site SITE ROUNDS") }

switch args[1] {
case "liquid-golden":
    guard args.count == 5, let rounds = Int(args[4]) else { fail("usage: blogport-bench liquid-golden GOLDEN SUBSET ROUNDS") }
    guard let data = FileManager.default.contents(atPath: args[2]), let json = try? JSONParser.parse(Array(data)),
          case .object(let top) = json, case .array(let tests)? = top.first(where: { $0.0 == "tests" })?.1,
          let subsetText = try? String(contentsOfFile: args[3], encoding: .utf8) else { fail("cannot read the golden-liquid suite") }
    let subset = Set(subsetText.split(separator: "\n").map(String.init))
    var cases: [(String, LiquidHash, LiquidParseMode)] = []
    for t in tests {
        guard case .object(let m) = t else { continue }
        func member(_ k: String) -> JSONValue? { m.first { $0.0 == k }?.1 }
        guard case .string(let name)? = member("name"), subset.contains(name), case .string(let template)? = member("template") else { continue }
        if case .bool(true)? = member("invalid") { continue }
        var data = LiquidHash()
        if case .hash(let h) = liquidValue(member("data") ?? .object([])) { data = h }
        var strict = false
        if case .array(let tags)? = member("tags") { strict = tags.contains { $0 == .string("strict") } }
        cases.append((template, data, strict ? .strict : .lax))
    }
    let environment = LiquidEnvironment()
    var bytes = 0
    let t = seconds {
        for _ in 0..<rounds {
            for (template, data, mode) in cases {
                guard let parsed = try? Template(parsing: template, environment: environment, mode: mode, policy: .inline),
                      let out = try? parsed.render(data, environment: environment, policy: .inline) else { continue }
                bytes += out.output.utf8.count
            }
        }
    }
    print("cases=\(cases.count) rounds=\(rounds) seconds=\(String(format: "%.4f", t)) bytes=\(bytes)")

case "liquid-site":
    guard args.count == 4, let rounds = Int(args[3]) else { fail("usage: blogport-bench liquid-site SITE ROUNDS") }
    let site = URL(fileURLWithPath: args[2])
    func read(liquid: Bool) -> (Double, Int) {
        var options = JekyllImporter.Options()
        options.now = 1_767_225_600
        options.parseMarkdown = false
        options.renderLiquid = liquid
        var best = Double.infinity, posts = 0
        for _ in 0..<rounds {
            let t = seconds {
                guard let result = try? JekyllImporter(options: options).read(site: site) else { fail("cannot read \(site.path)") }
                posts = result.blog.posts.count
            }
            best = min(best, t)
        }
        return (best, posts)
    }
    let (withLiquid, posts) = read(liquid: true)
    let (without, _) = read(liquid: false)
    print("posts=\(posts) rounds=\(rounds) read_seconds=\(String(format: "%.4f", without)) with_liquid_seconds=\(String(format: "%.4f", withLiquid)) liquid_seconds=\(String(format: "%.4f", max(0, withLiquid - without)))")

default:
    fail("unknown benchmark '\(args[1])'")
}
