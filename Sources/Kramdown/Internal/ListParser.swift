/// Lists and definition lists (`parser/kramdown/list.rb`).
extension Parser {
    /// The regexes `parse_first_list_line` returns for an item's indentation.
    struct ItemPatterns {
        let indentation: Int

        /// `content_re`: a line indented for this item, with some non-space text.
        func content(_ s: [UInt8], _ p: Int) -> Int? {
            func units(_ i: Int, _ n: Int) -> Int? {
                var j = i
                for _ in 0..<n {
                    if s.at(j) == 9 { j += 1 } else if s.has("    ", at: j) { j += 4 } else { return nil }
                }
                return j
            }
            func restOK(_ i: Int) -> Int? {
                let e = s.lineEnd(i)
                guard e < s.count else { return nil }
                var k = i
                while k < e { if !Chars.isSpace(s[k]) { return e + 1 }; k += 1 }
                return nil
            }
            // `^` matches at the scan position (StringScanner without fixed_anchor), as at every line start.
            if let a = units(p, indentation / 4) {
                var j = a
                var ok = true
                for _ in 0..<(indentation % 4) { if s.at(j) == 32 { j += 1 } else { ok = false; break } }
                if ok, let e = restOK(j) { return e }
            }
            if let a = units(p, indentation / 4 + 1), let e = restOK(a) { return e }
            return nil
        }

        /// `lazy_re`: any non-blank line that does not start an IAL or an HTML block tag.
        func lazy(_ s: [UInt8], _ p: Int) -> Int? {
            let q = s.skipSpaces(p, max: min(indentation, 3))
            if Pat.ialBlock(s, q) != nil || Pat.lazyEndHTMLStop(s, q) || Pat.lazyEndHTMLStart(s, q) { return nil }
            let e = s.lineEnd(p)
            guard e < s.count else { return nil }
            var k = p
            while k < e { if !Chars.isSpace(s[k]) { return e + 1 }; k += 1 }
            return nil
        }
    }

    /// `LIST_ITEM_IAL` = `^\s*(?:\{:(?!(?:ALD_ID_NAME)?:|\/)(ALD_ANY_CHARS+)\})\s*` at the start of `s`.
    static func listItemIAL(_ s: [UInt8]) -> (content: Range<Int>, end: Int)? {
        var i = 0
        while i < s.count && Chars.isSpace(s[i]) { i += 1 }
        guard s.has("{:", at: i) else { return nil }
        let c = i + 2
        if s.at(c) == UInt8(ascii: "/") || s.at(c) == UInt8(ascii: ":") { return nil }
        if Chars.isWord(s.at(c)) {
            var j = c + 1
            while j < s.count && (Chars.isWord(s[j]) || s[j] == UInt8(ascii: "-")) { j += 1 }
            if s.at(j) == UInt8(ascii: ":") { return nil }
        }
        guard let m = Pat.braceContent(s, c, tail: { $0 }) else { return nil }
        var e = m.end
        while e < s.count && Chars.isSpace(s[e]) { e += 1 }
        return (c..<m.close, e)
    }

    func parseFirstListLine(_ indentation0: Int, _ content0: [UInt8]) -> ([UInt8], Int, ItemPatterns) {
        var content = content0
        var indentation = indentation0
        // LIST_ITEM_IAL_CHECK = ^LIST_ITEM_IAL?\s*\n
        var isCheck = content.contains(10) && content.allSatisfy(Chars.isSpace)
        if !isCheck, let m = Parser.listItemIAL(content), m.end == content.count, content.last == 10 { isCheck = true }
        if isCheck {
            indentation = 4
        } else {
            while true {
                let sp = content.skipSpaces(0)
                guard content.at(sp) == 9 else { break }
                var t = sp
                while t < content.count && content[t] == 9 { t += 1 }
                let temp = sp + indentation
                let n = 4 - (temp % 4) + (t - sp - 1) * 4
                content = Array(content[0..<sp]) + [UInt8](repeating: 32, count: n) + Array(content[t...])
            }
            indentation += content.skipSpaces(0)
        }
        var a = 0
        while a < content.count && Chars.isSpace(content[a]) { a += 1 }
        content = Array(content[a...])
        return (content, indentation, ItemPatterns(indentation: indentation))
    }

    func parseList() -> Bool {
        let s = src.s
        let isUL = Pat.listStartUL(s, src.pos) != nil
        let list = newBlockEl(isUL ? .ul : .ol)
        var item: Element? = nil
        var pats: ItemPatterns? = nil
        var maxIndent = 3
        var eobFound = false
        var nestedListFound = false
        var lastIsBlank = false
        while !src.eos {
            let p = src.pos
            if lastIsBlank && Pat.hrStart(s, p) != nil { break }
            if let e = Pat.eobMarker(s, p) {
                src.pos = e
                eobFound = true
                break
            }
            let start = isUL ? Pat.listStartUL(s, p, maxIndent: maxIndent) : Pat.listStartOL(s, p, maxIndent: maxIndent)
            if let (markerEnd, end) = start {
                src.pos = end
                let marker = Array(s[p..<markerEnd])
                if list.firstListMarker == nil { list.firstListMarker = stripped(marker).string }
                let it = Element(.li)
                var (value, indentation, patterns) = parseFirstListLine(marker.count, Array(s[markerEnd..<end]))
                pats = patterns
                list.children.append(it)
                if let m = Parser.listItemIAL(value) {
                    var ial = it.ial ?? IAL()
                    parseAttributeList(Array(value[m.content]), &ial)
                    it.ial = ial
                    value = Array(value[m.end...])
                }
                maxIndent = indentation == 1 ? 0 : indentation == 2 ? 1 : indentation == 3 ? 2 : 3
                nestedListFound = Pat.listStart(value, 0)
                lastIsBlank = false
                it.itemValues = [value]
                item = it
            } else if let it = item, let pt = pats,
                      let e = pt.content(s, p) ?? (lastIsBlank ? nil : pt.lazy(s, p)) {
                src.pos = e
                var result = Array(s[p..<e])
                var t = 0
                while t < result.count && result[t] == 9 { t += 1 }
                if t > 0 { result = [UInt8](repeating: 32, count: 4 * t) + Array(result[t...]) }
                let indentationFound = result.skipSpaces(0, max: pt.indentation) == pt.indentation
                if indentationFound { result = Array(result[pt.indentation...]) }
                if !nestedListFound && indentationFound && Pat.listStart(result, 0) {
                    it.itemValues.append([])
                    nestedListFound = true
                } else if nestedListFound && !indentationFound && Pat.listStart(result, 0) {
                    result = [UInt8](repeating: 32, count: pt.indentation + 4) + result
                }
                it.itemValues[it.itemValues.count - 1].append(contentsOf: result)
                lastIsBlank = false
            } else if let it = item, let e = Pat.blankLine(s, p) {
                src.pos = e
                nestedListFound = true
                lastIsBlank = true
                it.itemValues[it.itemValues.count - 1].append(contentsOf: s[p..<e])
            } else {
                break
            }
        }
        tree.children.append(list)

        var last: Element? = nil
        for it in list.children {
            let temp = Element(.temp)
            let saved = (src, tree, blockIAL, spanStack, textType)
            for val in it.itemValues {
                src = Scanner(val)
                parseBlocks(temp, nil)
            }
            (src, tree, blockIAL, spanStack, textType) = saved
            it.children = temp.children
            it.itemValues = []
            var ch = it.children
            if ch.isEmpty { continue }
            if ch[0].type == .p && ch.count >= 2 && ch[1].type == .eob && ch[0].ial != nil { ch.remove(at: 1) }
            let isLast = it === list.children.last
            if ch[0].type == .p
                && (ch.count < 2 || ch[1].type != .blank || (isLast && ch.count == 2 && !eobFound))
                && (!isLast || list.children.count == 1
                    || list.children.dropLast().contains { c in c.children.first.map { $0.type != .p || $0.transparent } ?? true }) {
                if ch.count > 1 && ch[1].type != .blank, let f = ch[0].children.first { f.value.append(10) }
                ch[0].transparent = true
            }
            last = ch.last?.type == .blank ? ch.removeLast() : nil
            it.children = ch
        }
        if let last, !eobFound { tree.children.append(last) }

        if gfm { applyTaskList(list) }
        return true
    }

    func applyTaskList(_ list: Element) {
        var isTaskList = false
        let unchecked = Array(#"<input type="checkbox" class="task-list-item-checkbox" disabled="disabled" />"#.utf8)
        let checked = Array(#"<input type="checkbox" class="task-list-item-checkbox" disabled="disabled" checked="checked" />"#.utf8)
        for li in list.children {
            guard let first = li.children.first, first.type == .p, let d = first.children.first else { continue }
            var v = d.value
            var i = 0
            while i < v.count && Chars.isSpace(v[i]) { i += 1 }
            var changed = false
            if v.has("[ ]", at: i), i + 3 < v.count, Chars.isSpace(v[i + 3]) {
                var j = i + 3
                while j < v.count && Chars.isSpace(v[j]) { j += 1 }
                v = unchecked + Array(v[j...])
                changed = true
            } else if v.at(i) == UInt8(ascii: "["), v.at(i + 1) | 0x20 == UInt8(ascii: "x"), v.at(i + 2) == UInt8(ascii: "]"),
                      i + 3 < v.count, Chars.isSpace(v[i + 3]) {
                var j = i + 3
                while j < v.count && Chars.isSpace(v[j]) { j += 1 }
                v = checked + Array(v[j...])
                changed = true
            }
            d.value = v
            isTaskList = isTaskList || changed
            if isTaskList { li.attr["class"] = "task-list-item" }
        }
        if isTaskList { list.attr["class"] = "task-list" }
    }

    func parseDefinitionList() -> Bool {
        let children = tree.children
        guard let lastChild = children.last else { return false }
        if children.count == 1 && lastChild.type != .p { return false }
        if children.count >= 2 && lastChild.type != .p
            && (lastChild.type != .blank || lastChild.value != [10] || children[children.count - 2].type != .p) {
            return false
        }
        let s = src.s
        var firstAsPara = false
        let deflist = newBlockEl(.dl)
        var para = tree.children.removeLast()
        if para.type == .blank {
            para = tree.children.removeLast()
            firstAsPara = true
        }
        let raw = para.children.first?.value ?? []
        var terms = raw.split(separator: 10, omittingEmptySubsequences: false).map { Array($0) }
        while let l = terms.last, l.isEmpty { terms.removeLast() }
        for var term in terms {
            let el = Element(.dt)
            if let m = Parser.listItemIAL(term) {
                var ial = el.ial ?? IAL()
                parseAttributeList(Array(term[m.content]), &ial)
                el.ial = ial
                term = Array(term[m.end...])
            }
            el.rawText = term
            el.children.append(Element(.rawText, term))
            deflist.children.append(el)
        }
        deflist.ial = para.ial

        var item: Element? = nil
        var pats: ItemPatterns? = nil
        var maxIndent = 3
        var lastIsBlank = false
        while !src.eos {
            let p = src.pos
            if let (markerEnd, end) = Pat.defStart(s, p, maxIndent: maxIndent) {
                src.pos = end
                let it = Element(.dd)
                it.firstAsPara = firstAsPara
                var (value, indentation, patterns) = parseFirstListLine(markerEnd - p, Array(s[markerEnd..<end]))
                pats = patterns
                deflist.children.append(it)
                if let m = Parser.listItemIAL(value) {
                    var ial = it.ial ?? IAL()
                    parseAttributeList(Array(value[m.content]), &ial)
                    it.ial = ial
                    value = Array(value[m.end...])
                }
                it.itemValues = [value]
                maxIndent = indentation == 1 ? 0 : indentation == 2 ? 1 : indentation == 3 ? 2 : 3
                firstAsPara = false
                lastIsBlank = false
                item = it
            } else if Pat.eobMarker(s, p) != nil {
                break
            } else if let it = item, let pt = pats, let e = pt.content(s, p) ?? (lastIsBlank ? nil : pt.lazy(s, p)) {
                src.pos = e
                var result = Array(s[p..<e])
                var t = 0
                while t < result.count && result[t] == 9 { t += 1 }
                if t > 0 { result = [UInt8](repeating: 32, count: 4 * t) + Array(result[t...]) }
                if result.skipSpaces(0, max: pt.indentation) == pt.indentation { result = Array(result[pt.indentation...]) }
                it.itemValues[0].append(contentsOf: result)
                firstAsPara = false
                lastIsBlank = false
            } else if let it = item, let e = Pat.blankLine(s, p) {
                src.pos = e
                firstAsPara = true
                it.itemValues[0].append(contentsOf: s[p..<e])
                lastIsBlank = true
            } else {
                break
            }
        }

        var last: Element? = nil
        for it in deflist.children where it.type == .dd {
            parseBlocks(it, it.itemValues.first ?? [])
            it.itemValues = []
            if it.children.isEmpty { continue }
            last = it.children.last?.type == .blank ? it.children.removeLast() : nil
            if let f = it.children.first, f.type == .p, !it.firstAsPara {
                if it.children.count > 1, let t = f.children.first { t.value.append(10) }
                f.transparent = true
            }
            it.firstAsPara = false
        }

        if let l = tree.children.last, l.type == .dl {
            l.children.append(contentsOf: deflist.children)
        } else if tree.children.count >= 2, tree.children[tree.children.count - 1].type == .blank,
                  tree.children[tree.children.count - 2].type == .dl {
            tree.children.removeLast()
            tree.children[tree.children.count - 1].children.append(contentsOf: deflist.children)
        } else {
            tree.children.append(deflist)
        }
        if let last { tree.children.append(last) }
        return true
    }
}
