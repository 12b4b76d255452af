import BlogModel
import Foundation
@testable import Importers
import Liquid
import Testing

/// A prepared site larger than its memory budget leaves its posts' bodies in their files and
/// reads each again when it is needed: the completed posts are the ones read whole, other posts'
/// content is there for Liquid, and a file edited between the two reads is reported, never mixed
/// in. A site within the budget keeps its bodies, with the same result.
struct BodyStoreTests {
    /// Options under which every body is left in its file.
    static func storingOptions() -> JekyllImporter.Options {
        var options = TestSupport.options()
        options.bodyMemoryBudget = 0
        return options
    }

    static let files = [
        "_config.yml": "title: Bodies\n",
        "_posts/2024-01-01-first.md": "---\ntitle: First\n---\nThe *first* body.\n\nSecond paragraph of the first.\n",
        "_posts/2024-01-02-second.md": "---\ntitle: Second\n---\nQuoting: {{ site.posts.last.content }}|{{ site.posts.last.excerpt }}\n",
        "_posts/2024-01-03-third.md": "---\ntitle: Third\n---\nPage: {{ page.content | size }} {{ page.excerpt | strip }}\n",
    ]

    static func text(_ value: LiquidValue) -> String? {
        if case .string(let s) = value { return s }
        return nil
    }

    static func bodySource(_ post: Post) -> String? {
        if case .rawBlock(_, let text)? = post.body.blocks.first { return text }
        return nil
    }

    @Test func outlineHoldsNoBodyAndCompletionReadsItBack() throws {
        let site = TestSupport.makeSite(text: Self.files)
        let prepared = try JekyllImporter(options: Self.storingOptions()).prepare(site: site)
        #expect(prepared.outline.posts.map(\.title) == ["Third", "Second", "First"])
        #expect(prepared.outline.posts.allSatisfy { Self.bodySource($0) == "" }, "the outline keeps no body text")
        #expect(prepared.outline.posts[2].source == "---\ntitle: First\n---\n")

        let completed = prepared.complete(0..<3)
        #expect(completed.liquidDiagnostics.isEmpty, "\(completed.liquidDiagnostics)")
        let first = completed.posts[2]
        #expect(first.source == Self.files["_posts/2024-01-01-first.md"])
        // The body as kramdown reads it: two paragraphs, the first with emphasis.
        guard case .paragraph(let inlines, _)? = first.body.blocks.first else { Issue.record("\(first.body)"); return }
        #expect(inlines.contains { if case .emphasis = $0 { return true } else { return false } })
        // Completing again gives the same posts.
        #expect(prepared.complete(0..<3).posts == completed.posts)

        // What Liquid sees of each post through site.posts (content, excerpt) is what it sees
        // when every body is held in memory.
        let withBodies = prepared.outline.posts.map { post in
            var p = post
            let body = String(Self.files[post.sourcePath]!.dropFirst(post.source.count))
            p.body = Document(blocks: [.rawBlock(format: RawFormat.kramdownLiquid, text: body)])
            return p
        }
        let reference = PostIndex(posts: withBodies, zone: RubyTime.Zone(identifier: "UTC")!, excerptSeparator: "\n\n")
        let stored = try #require(prepared.renderer?.posts)
        for i in 0..<3 {
            for key in ["content", "excerpt"] {
                let got = Self.text(stored.drops[i].value(forKey: key)), want = Self.text(reference.drops[i].value(forKey: key))
                #expect(got != nil && got == want, "post \(i) \(key)")
            }
        }
        #expect(Self.text(stored.drops[2].value(forKey: "content")) == "The *first* body.\n\nSecond paragraph of the first.\n")
    }

    @Test func completingAfterLettingGoMakesLiquidAgain() throws {
        let site = TestSupport.makeSite(text: Self.files)
        let prepared = try JekyllImporter(options: Self.storingOptions()).prepare(site: site)
        let before = prepared.complete(0..<3)
        prepared.finishCompleting()
        #expect(prepared.rendering.withLock { $0.renderer == nil }, "Liquid's view of the site is let go")
        let after = prepared.complete(0..<3)
        #expect(after.posts == before.posts)
        #expect(after.liquidDiagnostics == before.liquidDiagnostics)
    }

    @Test func aFileEditedDuringTheRunIsReported() throws {
        let site = TestSupport.makeSite(text: Self.files)
        var options = Self.storingOptions()
        options.parseMarkdown = false
        let prepared = try JekyllImporter(options: options).prepare(site: site)
        let path = site.appendingPathComponent("_posts/2024-01-01-first.md").path
        // Same size, other bytes: only the check of the bytes can tell.
        try Data("---\ntitle: First\n---\nThe *FIRST* body.\n\nSecond paragraph of the first.\n".utf8).write(to: URL(fileURLWithPath: path))
        let completed = prepared.complete(2..<3)
        #expect(completed.liquidDiagnostics.map(\.code) == ["changed-during-run"])
        #expect(completed.liquidDiagnostics.first?.location?.file == "_posts/2024-01-01-first.md")
        #expect(completed.liquidDiagnostics.first?.severity == .error)
        #expect(Self.bodySource(completed.posts[0]) == "", "the edited text is not mixed in")
        // A removed file is reported the same way; the other posts still complete.
        try FileManager.default.removeItem(atPath: path)
        let again = prepared.complete(0..<3)
        #expect(again.liquidDiagnostics.map(\.code).filter { $0 == "changed-during-run" }.count == 1)
        #expect(Self.bodySource(again.posts[0])?.hasPrefix("Page:") == true)
    }

    /// Within the budget every body stays in the outline; over it (even once some bodies were
    /// kept before the budget ran out) none does. Either way the completed posts, their
    /// diagnostics and what Liquid sees of every post are those of a run that stores them all.
    @Test(arguments: [1 << 20, 140, 60])
    func keptBodiesGiveWhatStoredBodiesGive(budget: Int) throws {
        let site = TestSupport.makeSite(text: Self.files)
        var options = TestSupport.options()
        options.bodyMemoryBudget = budget
        let kept = try JekyllImporter(options: options).prepare(site: site)
        let stored = try JekyllImporter(options: Self.storingOptions()).prepare(site: site)
        let total = Self.files.filter { $0.key.hasPrefix("_posts/") }.map { $0.value.utf8.count }.reduce(0, +)
        if budget >= total {
            #expect(kept.outline.posts.allSatisfy { Self.bodySource($0) != "" }, "every body kept")
            #expect(kept.outline.posts.indices.allSatisfy { !kept.bodies.holds($0) }, "no body left in its file")
        } else {
            #expect(kept.outline.posts.allSatisfy { Self.bodySource($0) == "" }, "over the budget no body is kept")
            #expect(kept.outline.posts.indices.allSatisfy { kept.bodies.holds($0) })
        }
        let a = kept.complete(0..<3), b = stored.complete(0..<3)
        #expect(a.posts == b.posts)
        #expect(a.liquidDiagnostics == b.liquidDiagnostics)
        #expect(a.markdownDiagnostics == b.markdownDiagnostics)
        let keptDrops = try #require(kept.renderer?.posts), storedDrops = try #require(stored.renderer?.posts)
        for i in 0..<3 {
            for key in ["content", "excerpt"] {
                #expect(Self.text(keptDrops.drops[i].value(forKey: key)) == Self.text(storedDrops.drops[i].value(forKey: key)), "post \(i) \(key)")
            }
        }
    }
}
