import QuarryCore

/// The outcome of matching one document: the span layer, matches that lost an overlap (for
/// `quarry explain`), and errors (rules that hit a limit).
public struct PatternResult: Sendable {
    /// The spans kept after overlap resolution, sorted by start, then end.
    public var layer: SpanLayer
    /// Every match before overlap resolution, sorted by start.
    public var matches: [RawMatch]
    /// For each match in ``matches`` that was dropped, the index (in ``matches``) of the
    /// match it lost to.
    public var lostTo: [Int: Int]
    /// An error for each rule that hit PCRE2's match or heap limit in this document (its matches
    /// are dropped); empty normally.
    public var diagnostics: [Diagnostic]
}

extension PatternMatcher {
    /// Applies the set's overlap policy and builds the span layer.
    func resolve(_ matches: [RawMatch], diagnostics: [Diagnostic]) -> PatternResult {
        var matches = matches
        matches.sort { ($0.start, $0.end, $0.rule) < ($1.start, $1.end, $1.rule) }
        var keep = [Bool](repeating: set.overlap == .all, count: matches.count)
        var lostTo: [Int: Int] = [:]
        if set.overlap != .all && !matches.isEmpty {
            let priorities = set.rules.map(\.priority)
            let order = matches.indices.sorted { a, b in
                let x = matches[a], y = matches[b]
                switch set.overlap {
                case .longest:
                    let lx = x.end - x.start, ly = y.end - y.start
                    if lx != ly { return lx > ly }
                    if priorities[x.rule] != priorities[y.rule] { return priorities[x.rule] > priorities[y.rule] }
                    if x.rule != y.rule { return x.rule < y.rule }
                    return x.start < y.start
                case .first, .all:
                    if x.start != y.start { return x.start < y.start }
                    if priorities[x.rule] != priorities[y.rule] { return priorities[x.rule] > priorities[y.rule] }
                    if x.rule != y.rule { return x.rule < y.rule }
                    return x.end > y.end
                }
            }
            // Accepted matches are disjoint; keep them sorted by start to find a conflict.
            var accepted: [(start: Int, end: Int, index: Int)] = []
            for index in order {
                let m = matches[index]
                // The first accepted match that ends after m starts.
                var lo = 0, hi = accepted.count
                while lo < hi {
                    let mid = (lo + hi) / 2
                    if accepted[mid].end <= m.start { lo = mid + 1 } else { hi = mid }
                }
                if lo < accepted.count && accepted[lo].start < m.end {
                    lostTo[index] = accepted[lo].index
                    continue
                }
                accepted.insert((m.start, m.end, index), at: lo)
                keep[index] = true
            }
        }
        var layer = SpanLayer(labels: labels, rules: ruleIDs, attributeNames: attributeNames, constants: constants)
        layer.records.reserveCapacity(matches.count)
        // A rule's position in `rules` is its index in the set (every rule compiled).
        rules.withUnsafeBufferPointer { compiled in
            for (index, m) in matches.enumerated() where keep[index] {
                let rule = compiled.baseAddress! + m.rule
                let attributeStart = layer.attributes.count
                for capture in m.captures {
                    layer.attributes.append(SpanAttribute(name: capture.name, value: .text(start: UInt32(capture.start), end: UInt32(capture.end))))
                }
                if !rule.pointee.constants.isEmpty {
                    for (name, constant) in rule.pointee.constants {
                        layer.attributes.append(SpanAttribute(name: name, value: .constant(UInt32(constant))))
                    }
                }
                layer.records.append(SpanRecord(start: m.start, end: m.end, label: rule.pointee.label, rule: m.rule,
                                                attributeStart: attributeStart, attributeCount: layer.attributes.count - attributeStart))
            }
        }
        return PatternResult(layer: layer, matches: matches, lostTo: lostTo, diagnostics: diagnostics)
    }
}
