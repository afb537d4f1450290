import Foundation

/// A small, strict HTML parser for the tests of the HTML view: it reads what Quarry writes
/// and what Chromium's `--dump-dom` serializes, and throws on markup that is not properly
/// nested (an end tag that does not close the innermost open element, an element left open,
/// an unknown entity). It is not a browser's parser: it does not repair anything, which is
/// the point.
final class HTMLNode {
    /// The element's lower-case tag name; empty for a text node, `#document` for the root.
    let name: String
    /// The element's attributes, values decoded.
    var attributes: [String: String] = [:]
    /// Child nodes in order.
    var children: [HTMLNode] = []
    /// A text node's decoded text.
    var text = ""

    init(name: String) { self.name = name }

    var isText: Bool { name.isEmpty }
    /// The element's classes.
    var classes: Set<String> { Set((attributes["class"] ?? "").split(separator: " ").map(String.init)) }

    /// Every element below this node, in document order.
    var descendants: [HTMLNode] {
        var out: [HTMLNode] = []
        func walk(_ node: HTMLNode) {
            for child in node.children where !child.isText {
                out.append(child)
                walk(child)
            }
        }
        walk(self)
        return out
    }

    /// The elements below this node that match `predicate`, in document order.
    func all(_ predicate: (HTMLNode) -> Bool) -> [HTMLNode] { descendants.filter(predicate) }

    /// The concatenated text below this node, leaving out elements with any class in
    /// `skipping` (an entity's label, a quote's speaker tag).
    func textContent(skipping: Set<String> = []) -> String {
        var out = ""
        func walk(_ node: HTMLNode) {
            for child in node.children {
                if child.isText { out += child.text } else if child.classes.isDisjoint(with: skipping) { walk(child) }
            }
        }
        walk(self)
        return out
    }
}

enum HTMLParseError: Error, CustomStringConvertible {
    case mismatchedEndTag(expected: String?, found: String, offset: Int)
    case unclosed([String])
    case unterminated(String, offset: Int)
    case unknownEntity(String, offset: Int)
    case malformedTag(offset: Int)

    var description: String {
        switch self {
        case let .mismatchedEndTag(expected, found, offset): "</\(found)> at character \(offset) while <\(expected ?? "nothing")> is open"
        case let .unclosed(names): "elements left open: \(names)"
        case let .unterminated(what, offset): "unterminated \(what) at character \(offset)"
        case let .unknownEntity(name, offset): "unknown entity &\(name); at character \(offset)"
        case let .malformedTag(offset): "malformed tag at character \(offset)"
        }
    }
}

enum HTMLParser {
    /// Elements that have no end tag.
    static let voidElements: Set<String> = ["area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"]
    /// Elements whose content is raw text up to their end tag.
    static let rawTextElements: Set<String> = ["script", "style"]

    /// Parses `html` into a tree; throws unless every element is closed in order.
    static func parse(_ html: String) throws -> HTMLNode {
        let chars = Array(html.unicodeScalars)
        let root = HTMLNode(name: "#document")
        var stack = [root]
        var i = 0
        var textStart = 0

        func flushText(upTo end: Int) throws {
            guard textStart < end else { return }
            let node = HTMLNode(name: "")
            node.text = try decode(chars[textStart..<end], offset: textStart)
            stack.last!.children.append(node)
        }
        func find(_ needle: String, from start: Int) -> Int? {
            let n = Array(needle.unicodeScalars)
            var k = start
            while k + n.count <= chars.count {
                if chars[k] == n[0] && Array(chars[k..<k + n.count]) == n { return k }
                k += 1
            }
            return nil
        }

        while i < chars.count {
            guard chars[i] == "<" else { i += 1; continue }
            if i + 3 < chars.count && chars[i + 1] == "!" && chars[i + 2] == "-" && chars[i + 3] == "-" {
                try flushText(upTo: i)
                guard let end = find("-->", from: i + 4) else { throw HTMLParseError.unterminated("comment", offset: i) }
                i = end + 3
                textStart = i
                continue
            }
            if i + 1 < chars.count && chars[i + 1] == "!" {
                try flushText(upTo: i)
                guard let end = find(">", from: i) else { throw HTMLParseError.unterminated("doctype", offset: i) }
                i = end + 1
                textStart = i
                continue
            }
            if i + 1 < chars.count && chars[i + 1] == "/" {
                try flushText(upTo: i)
                guard let end = find(">", from: i) else { throw HTMLParseError.unterminated("end tag", offset: i) }
                let name = String(String.UnicodeScalarView(chars[(i + 2)..<end])).trimmingCharacters(in: .whitespaces).lowercased()
                guard stack.count > 1, stack.last!.name == name else {
                    throw HTMLParseError.mismatchedEndTag(expected: stack.count > 1 ? stack.last!.name : nil, found: name, offset: i)
                }
                stack.removeLast()
                i = end + 1
                textStart = i
                continue
            }
            guard i + 1 < chars.count, chars[i + 1].properties.isAlphabetic else { i += 1; continue }  // a bare "<" in text
            try flushText(upTo: i)
            // Start tag: name, then attributes until ">" (quoted values may contain ">").
            var k = i + 1
            while k < chars.count && (chars[k].properties.isAlphabetic || ("0"..."9").contains(chars[k]) || chars[k] == "-") { k += 1 }
            let node = HTMLNode(name: String(String.UnicodeScalarView(chars[(i + 1)..<k])).lowercased())
            var selfClosing = false
            while true {
                while k < chars.count && chars[k].properties.isWhitespace { k += 1 }
                guard k < chars.count else { throw HTMLParseError.unterminated("start tag <\(node.name)>", offset: i) }
                if chars[k] == ">" { k += 1; break }
                if chars[k] == "/" && k + 1 < chars.count && chars[k + 1] == ">" { selfClosing = true; k += 2; break }
                let nameStart = k
                while k < chars.count && !chars[k].properties.isWhitespace && !["=", ">", "/"].contains(chars[k]) { k += 1 }
                guard k > nameStart else { throw HTMLParseError.malformedTag(offset: k) }  // a stray "/" or "="
                let attribute = String(String.UnicodeScalarView(chars[nameStart..<k])).lowercased()
                var value = ""
                if k < chars.count && chars[k] == "=" {
                    k += 1
                    if k < chars.count && (chars[k] == "\"" || chars[k] == "'") {
                        let quote = chars[k]
                        let valueStart = k + 1
                        k = valueStart
                        while k < chars.count && chars[k] != quote { k += 1 }
                        guard k < chars.count else { throw HTMLParseError.unterminated("attribute \(attribute)", offset: valueStart) }
                        value = try decode(chars[valueStart..<k], offset: valueStart)
                        k += 1
                    } else {
                        let valueStart = k
                        while k < chars.count && !chars[k].properties.isWhitespace && chars[k] != ">" { k += 1 }
                        value = try decode(chars[valueStart..<k], offset: valueStart)
                    }
                }
                node.attributes[attribute] = value
            }
            stack.last!.children.append(node)
            i = k
            textStart = i
            if selfClosing || voidElements.contains(node.name) { continue }
            if rawTextElements.contains(node.name) {
                guard let end = find("</\(node.name)>", from: i) else { throw HTMLParseError.unterminated("<\(node.name)>", offset: i) }
                let text = HTMLNode(name: "")
                text.text = String(String.UnicodeScalarView(chars[i..<end]))
                node.children.append(text)
                i = end + node.name.count + 3
                textStart = i
                continue
            }
            stack.append(node)
        }
        try flushText(upTo: chars.count)
        guard stack.count == 1 else { throw HTMLParseError.unclosed(stack.dropFirst().map(\.name)) }
        return root
    }

    /// Decodes character references; an unknown named reference throws.
    private static func decode(_ chars: ArraySlice<Unicode.Scalar>, offset: Int) throws -> String {
        var out = String.UnicodeScalarView()
        var i = chars.startIndex
        while i < chars.endIndex {
            guard chars[i] == "&" else { out.append(chars[i]); i += 1; continue }
            guard let semicolon = chars[i...].prefix(12).firstIndex(of: ";") else {
                throw HTMLParseError.unknownEntity(String(String.UnicodeScalarView(chars[i...].prefix(8))), offset: offset + i - chars.startIndex)
            }
            let name = String(String.UnicodeScalarView(chars[(i + 1)..<semicolon]))
            let named: [String: Unicode.Scalar] = ["amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}"]
            if let scalar = named[name] {
                out.append(scalar)
            } else if name.hasPrefix("#x") || name.hasPrefix("#X"), let v = UInt32(name.dropFirst(2), radix: 16), let s = Unicode.Scalar(v) {
                out.append(s)
            } else if name.hasPrefix("#"), let v = UInt32(name.dropFirst()), let s = Unicode.Scalar(v) {
                out.append(s)
            } else {
                throw HTMLParseError.unknownEntity(name, offset: offset + i - chars.startIndex)
            }
            i = semicolon + 1
        }
        return String(out)
    }
}
